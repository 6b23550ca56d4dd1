"""Every user-facing string, by key and language. Pages and figures call ``t``.

English only for now; a second language is a second dict with the same keys
(``tests/test_strings.py`` checks that every language has every key).
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "app.title": "softmaxviz",
        "home.nav": "Home",
        "home.tagline": (
            "A linear classifier scores class *i* with "
            "$z_i = w_i^\\top x + b_i = \\lVert w_i\\rVert\\,\\lVert x\\rVert\\cos\\theta_i + b_i$, "
            "and softmax turns the scores into probabilities: drag the vectors and watch "
            "norms and angles compete."
        ),
        "home.pages": "Pages",
        "home.explorer_blurb": (
            "Drag the three class weights and the sample; logits, angles, probabilities "
            "and decision regions follow live."
        ),
        "explorer.nav": "2D explorer",
        "explorer.title": "2D explorer",
        "explorer.caption": (
            "Drag the tips of w1, w2, w3 or the sample x. Colour shows the predicted class, "
            "shading its probability; lines are the real borders between winning classes."
        ),
        "canvas.loading": "Loading the canvas…",
        "table.title": "Per class",
        "col.class": "class",
        "col.w": "w",
        "col.norm": "‖w‖",
        "col.theta": "θ (°)",
        "col.cos": "cos θ",
        "col.dot": "‖w‖‖x‖cos θ",
        "col.b": "b",
        "col.z": "z",
        "col.p": "p",
        "col.pred": "predicted",
        "pred.mark": "✔",
        "formula.title": "The formula with the live numbers",
        "controls.title": "Vectors",
        "controls.coords": "Coordinates (type exact values)",
        "controls.bias": "Biases",
        "controls.temperature": "Temperature T",
        "controls.temperature_help": "p_i = e^(z_i/T) / Σ_j e^(z_j/T): small T sharpens, large T flattens.",
        "controls.normalize_w": "Normalise the weights (‖w_i‖ = 1)",
        "controls.normalize_x": "Normalise the sample (‖x‖ = 1)",
        "controls.layers": "Layers",
        "layer.regions": "Decision regions",
        "layer.borders": "Region borders",
        "layer.arcs": "Angle arcs",
        "layer.projection": "Projection of x",
        "controls.selected": "Project x onto",
        "controls.view": "View half-width",
        "controls.fit": "Fit view",
        "controls.reset": "Reset",
        "controls.share": "Share: this page's URL holds the whole scene.",
        "axis.x": "x₁",
        "axis.y": "x₂",
        "legend.sample": "x",
        "legend.border": "borders",
        "legend.projection": "projection",
        "handle.w": "w{k}",
        "class.name": "class {k}",
        "proj.label": "‖x‖cos θ{k} = {v}",
        "msg.bad_link": "This link could not be read, so the default scene is shown. Problems: {problems}",
        "msg.zero_x": (
            "x is the zero vector: every logit equals its bias, so the probabilities are "
            "softmax(b), and the angles θ_i are undefined (shown as —)."
        ),
        "msg.zero_w": (
            "{names} at the origin: its logit is just its bias and its angle to x is undefined (—)."
        ),
        "msg.equal_w": (
            "{a} and {b} are equal (with equal biases): they tie everywhere, so there is no "
            "border between them and the tie goes to the lower index."
        ),
        "msg.outside": "{names} lies outside the view: use “Fit view” or a larger half-width.",
        "msg.bad_input": "That value was not accepted: {error}. The previous value is kept.",
        "msg.saturated": (
            "The logits differ by more than about 700/T, so the probabilities round to exactly "
            "0 and 1; the computation stays exact (it subtracts the largest logit first)."
        ),
        "margin.nav": "Margin lab",
        "margin.title": "Margin lab",
        "margin.caption": (
            "The face-recognition family of margin softmax losses on the same plane. Drag the "
            "weights and the labelled sample: coloured regions are where a sample of that class "
            "wins *with* the margin, grey is the ambiguous band in between."
        ),
        "home.margin_blurb": (
            "NormFace, L-Softmax, SphereFace, CosFace / AM-Softmax, ArcFace and the combined "
            "margin: their regions, target logits, losses and gradients."
        ),
        "margin.loss": "Loss",
        "margin.label": "Label y of the sample",
        "margin.params": "Parameters",
        "margin.compare": "Show plain softmax borders",
        "margin.loss_value": "Loss L",
        "margin.table": "Per class",
        "col.raw": "logit without margin",
        "col.margin": "logit with margin",
        "col.grad_w": "‖∂L/∂w‖",
        "margin.grad_x": "Gradient on x",
        "margin.grad_x_text": (
            "−∂L/∂x = radial {radial} (changes ‖x‖) + tangential {tangential} (rotates x). {why}"
        ),
        "margin.why_softmax": "Plain softmax can lower the loss by growing ‖x‖.",
        "margin.why_normalized": "This loss only sees angles: its radial part is zero, it can only rotate x.",
        "margin.why_mixed": "This loss sees ‖x‖ too, so part of the step changes the length.",
        "margin.error": "This loss needs angles: {error}. Drag the vector away from the origin.",
        "margin.curves": "Target logit against θ_y",
        "margin.curves_y": "target logit / scale",
        "margin.angle_space": "Angle space: binary borders",
        "margin.loss_vs_s": "Loss against the scale s",
        "margin.loss_vs_s_note": "With a large s the loss saturates: near 0 once the sample is inside its region, huge outside.",
        "margin.no_scale": "This loss has no scale s.",
        "margin.paper": "Paper",
        "margin.sample_point": "this sample",
        "margin.band": "band",
        "legend.grad": "−∂L (one SGD step)",
        "legend.grad_radial": "radial",
        "legend.grad_tangential": "tangential",
        "legend.softmax_border": "softmax borders",
        "legend.ring": "directions at ‖x‖",
        "axis.theta_deg": "θ (degrees)",
        "axis.theta_y": "θ_y (degrees)",
        "axis.theta_j": "θ to the strongest other class (degrees)",
        "axis.s": "scale s",
        "axis.loss": "loss (log scale)",
        "param.s": "s (scale)",
        "param.m": "m (margin)",
        "param.lam": "λ (annealing)",
        "param.m1": "m1 (multiplies θ)",
        "param.m2": "m2 (adds to θ)",
        "param.m3": "m3 (subtracts from cos)",
        "param.easy_margin": "easy margin (margin only where cos θ_y > 0)",
        "kind.softmax.name": "Softmax",
        "kind.softmax.paper": "the baseline (no margin)",
        "kind.softmax.formula": r"L = -\log \frac{e^{w_y^\top x + b_y}}{\sum_j e^{w_j^\top x + b_j}}",
        "kind.softmax.intuition": "Logits are dot products, so a sample can lower its loss just by growing ‖x‖.",
        "kind.normface.name": "NormFace (scaled cosine softmax)",
        "kind.normface.paper": "arXiv:1704.06369",
        "kind.normface.formula": r"L = -\log \frac{e^{s\cos\theta_y}}{\sum_j e^{s\cos\theta_j}}",
        "kind.normface.intuition": (
            "Normalising weights and features leaves only angles; the scale s sets how peaked the "
            "probabilities can get."
        ),
        "kind.lsoftmax.name": "L-Softmax (large-margin softmax)",
        "kind.lsoftmax.paper": "arXiv:1612.02295",
        "kind.lsoftmax.formula": (
            r"L = -\log \frac{e^{\lVert w_y\rVert\lVert x\rVert\psi(\theta_y)}}"
            r"{e^{\lVert w_y\rVert\lVert x\rVert\psi(\theta_y)} + \sum_{j\ne y} e^{\lVert w_j\rVert\lVert x\rVert\cos\theta_j}},"
            r"\quad \psi(\theta) = (-1)^k\cos(m\theta) - 2k"
        ),
        "kind.lsoftmax.intuition": "The target angle is multiplied by m: its class must be m times closer in angle to win.",
        "kind.sphereface.name": "SphereFace (A-Softmax)",
        "kind.sphereface.paper": "arXiv:1704.08063",
        "kind.sphereface.formula": (
            r"L = -\log \frac{e^{\lVert x\rVert\psi(\theta_y)}}"
            r"{e^{\lVert x\rVert\psi(\theta_y)} + \sum_{j\ne y} e^{\lVert x\rVert\cos\theta_j}}"
        ),
        "kind.sphereface.intuition": "L-Softmax with unit weights: a multiplicative angular margin, decided by angles alone.",
        "kind.cosface.name": "CosFace (large margin cosine loss)",
        "kind.cosface.paper": "arXiv:1801.09414",
        "kind.cosface.formula": (
            r"L = -\log \frac{e^{s(\cos\theta_y - m)}}{e^{s(\cos\theta_y - m)} + \sum_{j\ne y} e^{s\cos\theta_j}}"
        ),
        "kind.cosface.intuition": "Subtract m from the target cosine: a margin of constant width in cosine.",
        "kind.amsoftmax.name": "AM-Softmax (additive margin softmax)",
        "kind.amsoftmax.paper": "arXiv:1801.05599",
        "kind.amsoftmax.formula": (
            r"L = -\log \frac{e^{s(\cos\theta_y - m)}}{e^{s(\cos\theta_y - m)} + \sum_{j\ne y} e^{s\cos\theta_j}}"
        ),
        "kind.amsoftmax.intuition": "The same additive cosine margin as CosFace, found independently (paper default s = 30).",
        "kind.arcface.name": "ArcFace (additive angular margin)",
        "kind.arcface.paper": "arXiv:1801.07698",
        "kind.arcface.formula": (
            r"L = -\log \frac{e^{s\cos(\theta_y + m)}}{e^{s\cos(\theta_y + m)} + \sum_{j\ne y} e^{s\cos\theta_j}}"
        ),
        "kind.arcface.intuition": (
            "Add m to the target angle: a margin of constant width in angle (geodesic distance on the "
            "sphere). Past θ_y + m > π the reference code uses cos θ_y − m sin m so the logit keeps falling."
        ),
        "kind.combined.name": "Combined margin",
        "kind.combined.paper": "arXiv:1801.07698 (insightface)",
        "kind.combined.formula": (
            r"L = -\log \frac{e^{s(\cos(m_1\theta_y + m_2) - m_3)}}"
            r"{e^{s(\cos(m_1\theta_y + m_2) - m_3)} + \sum_{j\ne y} e^{s\cos\theta_j}}"
        ),
        "kind.combined.intuition": (
            "One formula for all three margins: m1 as in SphereFace, m2 as in ArcFace, m3 as in CosFace."
        ),
        "explorer3d.nav": "3D explorer",
        "explorer3d.title": "3D explorer",
        "explorer3d.caption": (
            "Drag the background to rotate; drag a tip to move it in the plane facing you. The sphere "
            "of radius ‖x‖ is painted by the predicted class (stronger = surer); grey polygons are the "
            "real borders (w_i − w_j)ᵀx + (b_i − b_j) = 0."
        ),
        "home.explorer3d_blurb": "The same classifier in space: the regions become wedges and the sphere of directions is painted by class.",
        "explorer3d.projections": "Projections (drag here too)",
        "explorer3d.vectors": "Vectors: exact coordinates and spherical controls",
        "controls.azimuth": "azimuth (°)",
        "controls.elevation": "elevation (°)",
        "controls.length": "length",
        "controls.sphere_radius": "Sphere radius",
        "controls.sphere_radius_help": "0 follows ‖x‖.",
        "axis.z": "x₃",
        "matrix.nav": "Matrix view",
        "matrix.title": "Matrix view: Z = WᵀX + b",
        "matrix.caption": (
            "A batch of samples as the columns of X. Click empty space on the canvas to add a sample, "
            "drag samples and weights, pick a column (sample) and a row (class) to follow through "
            "the matrices."
        ),
        "home.matrix_blurb": "The fully-connected layer in matrix form for a batch of samples, live: WᵀX, the broadcast bias, Z and softmax column by column.",
        "matrix.dim": "Dimension D",
        "matrix.sample": "Sample (column)",
        "matrix.class": "Class (row)",
        "matrix.add": "Add",
        "matrix.remove": "Remove",
        "matrix.broadcast": "b broadcast (K×N)",
        "matrix.softmax": "softmax(Z), by column",
        "matrix.matrices": "The matrices",
        "matrix.pair": "The selected pair, both ways",
        "scenarios.nav": "Scenarios",
        "scenarios.title": "Scenarios",
        "scenarios.caption": "One click opens a scene that makes one point; every scene stays editable.",
        "home.scenarios_blurb": "A gallery of one-click scenes for the classroom, each with a short explanation.",
        "scenarios.open": "Open",
        "scenario.equal_norms.title": "Equal norms: the angle decides",
        "scenario.equal_norms.text": "All three weights have length 2, so z_i = 2‖x‖cos θ_i: the class closest in angle to x wins, and the borders bisect the angles.",
        "scenario.longer_wins.title": "A longer weight wins despite a larger angle",
        "scenario.longer_wins.text": "x is 25° from w2 but 45° from w1; w1 is twice as long, so ‖w1‖‖x‖cos 45° = 3.75 beats 2.25.",
        "scenario.bias_shift.title": "The bias moves a border off the origin",
        "scenario.bias_shift.text": "b1 = 2 adds to class 1's score everywhere: the border with class 2 moves from x₁ = 0 to x₁ = −0.5.",
        "scenario.on_boundary.title": "A sample exactly on a border: 50/50",
        "scenario.on_boundary.text": "x = (1, 1) has the same dot product with w1 = (2, 0) and w2 = (0, 2): z1 = z2, so p1 = p2.",
        "scenario.sharpen.title": "Scale x or lower T: sharper probabilities",
        "scenario.sharpen.text": "softmax(z/T) depends on the logit gaps divided by T. Drag x outward or lower T further, and the winner's p goes to 1.",
        "scenario.zero_sample.title": "The zero sample",
        "scenario.zero_sample.text": "x = 0 makes every logit equal to its bias, so p = softmax(b), and no angle is defined.",
        "scenario.margin_softmax.title": "One scene under softmax…",
        "scenario.margin_softmax.text": "Plain softmax: the sample sits in class 1's region with p1 = 0.82, and the loss is small.",
        "scenario.margin_cosface.title": "…under CosFace…",
        "scenario.margin_cosface.text": "The same geometry with an additive cosine margin: the sample now sits in the ambiguous band.",
        "scenario.margin_arcface.title": "…and under ArcFace",
        "scenario.margin_arcface.text": "With an additive angular margin of 0.5 rad, class 1 must beat w2 by 28.6° more: the loss is large.",
        "share.export": "Export scene (JSON)",
        "share.import": "Import scene (JSON)",
        "share.imported": "Scene imported.",
        "share.bad_import": "This file could not be imported, so the scene is unchanged. Problems: {problems}",
        "share.copy": "Copy link",
        "share.copied": "Link copied",
        "undefined": "—",
    }
}

DEFAULT_LANGUAGE = "en"


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fmt: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``fmt``; English if missing there."""
    table = STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE])
    text = table.get(key, STRINGS[DEFAULT_LANGUAGE][key])
    return text.format(**fmt) if fmt else text
