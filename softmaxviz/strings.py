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
        "undefined": "—",
    }
}

DEFAULT_LANGUAGE = "en"


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fmt: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``fmt``; English if missing there."""
    table = STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE])
    text = table.get(key, STRINGS[DEFAULT_LANGUAGE][key])
    return text.format(**fmt) if fmt else text
