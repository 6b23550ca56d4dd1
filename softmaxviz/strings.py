"""Every user-facing string, by key and language. Pages and figures call ``t``.

English only for now; a second language is a second dict with the same keys
(``tests/test_strings.py`` checks that every language has every key).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "app.title": "softmaxviz",
        "app.page_title": "{page} · softmaxviz",
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
        "table.title": "Per class",
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
        "controls.coords": "Coordinates (type exact values)",
        "controls.coordinate": "{name}, {nth} coordinate",
        "controls.of_vector": "{name}, {what}",
        "controls.nth1": "first",
        "controls.nth2": "second",
        "controls.nth3": "third",
        "controls.bias": "Biases",
        "controls.temperature": "Temperature T",
        "controls.temperature_help": "$p_i = e^{z_i/T} / \\sum_j e^{z_j/T}$: small $T$ sharpens, large $T$ flattens.",
        "controls.normalize_w": "Normalise the weights (‖w_i‖ = 1)",
        "controls.normalize_x": "Normalise the sample (‖x‖ = 1)",
        "controls.layers": "Layers",
        "layer.regions": "Decision regions",
        "layer.borders": "Region borders",
        "layer.arcs": "Angle arcs",
        "layer.projection": "Projection of x",
        "layer.x_arrow": "x as an arrow",
        "controls.selected": "Project x onto",
        "controls.view": "View half-width",
        "controls.fit": "Fit view",
        "controls.reset": "Reset",
        "controls.share": "Share: this page's URL holds the whole scene.",
        "controls.share_lab": "Share: this page's URL and the exported file hold the setup (data set, classes, loss, rate); the weights and their training stay in this tab.",
        "axis.x": "x₁",
        "axis.y": "x₂",
        "legend.sample": "x",
        "legend.border": "borders",
        "legend.projection": "projection",
        "handle.w": "w{k}",
        "class.name": "class {k}",
        # The page's language for the browser and a screen reader (<html lang>, BCP 47).
        "html.lang": "en",
        "proj.label": "‖x‖cos θ{k} = {v}",
        "msg.bad_link": "This link could not be read, so the default scene is shown. Problems: {problems}",
        "msg.bad_link_prefs": (
            "Some of this link's display settings could not be read, so those take their defaults; "
            "its scene and its other settings are shown. Problems: {problems}"
        ),
        "msg.bad_link_toast": "This link could not be read: the default scene is shown. The page says why.",
        "msg.bad_link_prefs_toast": "Some of this link's display settings could not be read: those take their defaults. The page says why.",
        "msg.link_ignored": "This link also holds {keys}, which this app does not use; the rest of the link is shown.",
        "msg.link_ignored_too": "This link also holds {keys}, which this app does not use.",
        "msg.link_repeated": "This link gives {keys} more than once; only the last value of each is read.",
        "msg.link_mark": (
            "This link's format is {got}, which this app does not know (it writes {ours}): the link was read"
            " as this app reads its own, so check that the scene is the one you expected."
        ),
        "msg.sphere_unit": (
            "x is at the origin, so there is no sphere of radius ‖x‖: the sphere drawn has radius 1, painted by"
            " the class x would get at each of its points. Set “Sphere radius” in the sidebar for another."
        ),
        "msg.zero_x": (
            "x is the zero vector: every logit equals its bias, so the probabilities are "
            "softmax(b), and the angles θ_i are undefined (shown as —)."
        ),
        "msg.zero_w": (
            "{names} is at the origin: its logit is just its bias and its angle to x is undefined (—)."
        ),
        "msg.zero_ws": (
            "{names} are at the origin: each one's logit is just its bias and its angle to x is "
            "undefined (—)."
        ),
        "msg.equal_w": (
            "{a} and {b} are equal (with equal biases): they tie everywhere, so there is no "
            "border between them; where they win, the table ticks both and the colour is {a}'s."
        ),
        "msg.equal_w_dir": (
            "{a} and {b} point the same way, and the weights are normalised (with equal biases): "
            "they tie everywhere, so there is no border between them; where they win, the table "
            "ticks both and the colour is {a}'s."
        ),
        "msg.equal_ws_dir": (
            "{names} point the same way, and the weights are normalised (with equal biases): they "
            "tie everywhere, so there are no borders between them; where they win, the table ticks "
            "them all and the colour is {first}'s."
        ),
        "msg.equal_ws": (
            "{names} are equal (with equal biases): they tie everywhere, so there are no "
            "borders between them; where they win, the table ticks them all and the colour is {first}'s."
        ),
        "msg.outside": "{names} lies outside the view: use “Fit view” or a larger half-width.",
        "msg.outside_many": "{names} lie outside the view: use “Fit view” or a larger half-width.",
        "msg.bad_input": "That value was not accepted: {error}. The previous value is kept.",
        "msg.point_not_added": "The point was not added: {error}.",
        "msg.sample_not_added": "No sample was added: {error}.",
        "msg.sample_not_removed": "The sample was not removed: {error}.",
        "msg.saturated": (
            "{names} is below 10⁻³⁰⁰ (its logit is more than 700·T below the largest), so it shows "
            "as 0. Nothing overflows (the largest logit is subtracted first), but below about "
            "10⁻³²³ a float holds only 0."
        ),
        "msg.saturated_many": (
            "{names} are below 10⁻³⁰⁰ (their logits are more than 700·T below the largest), so they "
            "show as 0. Nothing overflows (the largest logit is subtracted first), but below about "
            "10⁻³²³ a float holds only 0."
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
        "margin.compare": "Show the borders without margin",
        "margin.loss_value": "Loss L",
        "col.raw": "logit without margin",
        "col.margin": "logit with margin",
        "col.grad_w": "‖∂L/∂w‖",
        "margin.grad_x": "Gradient on x",
        "margin.grad_x_text": (
            "−∂L/∂x = radial {radial} (along x: + grows ‖x‖, − shrinks it) + tangential {tangential} ({turn}). {why}"
        ),
        "margin.why_angles": "This loss sees x only through its direction: the radial part is zero, a step can only rotate x.",
        "margin.why_grow": "This loss sees ‖x‖ and the radial part is positive: a gradient step lowers the loss by growing ‖x‖.",
        "margin.why_shrink": "This loss sees ‖x‖ and the radial part is negative: a gradient step lowers the loss by shrinking ‖x‖.",
        "margin.why_still": "This loss sees ‖x‖, but here the radial part is 0.000 to three decimals: to first order the length of x hardly changes the loss.",
        "margin.turn_ccw": "+ turns x counter-clockwise",
        "margin.turn_cw": "− turns x clockwise",
        "margin.turn_none": "no turn, to three decimals",
        "margin.grad_x_origin": "x is at the origin, so it has no direction to split −∂L/∂x along: its length is {length}, and a step moves x straight off the origin.",
        "history.undo": "Undo",
        "drag.mode": "Dragging moves a tip",
        "drag.free": "freely",
        "drag.rotate": "rotate only (‖w‖ stays)",
        "drag.scale": "scale only (θ stays)",
        "drag.snap": "Snap (grid, 15°, whole norms)",
        "canvas.legend": "Drag: {mode}",
        "canvas.snapping": "snapping",
        "canvas.keys": "Shift: rotate only · Alt: scale only · arrow keys: nudge",
        "canvas.name": "{page}: drag canvas",
        "canvas.name_plane": "Projection on the {plane} plane ({a} across, {b} up): drag canvas",
        "canvas.handle": "{name} at ({x}, {y})",
        "view3d.name": "3D view: the arrow keys or a drag on the background turn it; drag a tip to move it",
        "canvas.handle_role": "draggable point",
        "canvas.failed": "The plot could not be drawn ({error}). Reload the page to try again.",
        # Plotly.js's own words on a live chart's toolbar and in its notices (see PLOTLY_WORDS).
        "plotly.png": "Download plot as a PNG",
        "plotly.zoom": "Zoom",
        "plotly.pan": "Pan",
        "plotly.zoom_in": "Zoom in",
        "plotly.zoom_out": "Zoom out",
        "plotly.autoscale": "Autoscale",
        "plotly.reset_axes": "Reset axes",
        "plotly.orbit": "Orbital rotation",
        "plotly.turntable": "Turntable rotation",
        "plotly.camera_default": "Reset camera to default",
        "plotly.camera_saved": "Reset camera to last save",
        "plotly.hover_closest": "Toggle show closest data on hover",
        "plotly.zoom_back": "Double-click to zoom back out",
        "plotly.isolate": "Double-click on legend to isolate one trace",
        "plotly.preparing": "Preparing image - this may take a few seconds",
        "plotly.downloaded": "Image download succeeded",
        "plotly.download_failed": "Sorry, there was a problem downloading your image!",
        # What a screen reader says once a release or a nudge is answered (the canvas's live region).
        "said.p": "Probabilities: {cells}",
        "said.cell": "{name} {p}",
        "said.batch": "Predicted: {items}",
        "said.sample": "sample {n}: {names}, p {p}",
        "said.sep": "; ",
        "history.redo": "Redo",
        "history.undo_elsewhere": "Undo reverted a change made on {page}, not on this page.",
        "history.redo_elsewhere": "Redo repeated a change made on {page}, not on this page.",
        # Back or Forward: which of the two, the browser does not say (either may undo a step).
        "history.browser_undo_elsewhere": "The browser's Back or Forward reverted a change made on {page}, not on this page.",
        "history.browser_redo_elsewhere": "The browser's Back or Forward repeated a change made on {page}, not on this page.",
        "lab.nav": "Training lab",
        "home.lab_blurb": "Watch softmax and every margin loss learn: a linear classifier on toy data, and the papers' learned-feature figure on real digits, side by side.",
        "lab.title": "Training lab",
        "lab.caption": "Gradient descent, live. Press Play (or Step) and watch the weights, the regions and the curves; drag a weight at any time and training continues from there. A point grows with the probability the model gives its own class.",
        "lab.tab_linear": "A linear classifier learns",
        "lab.tab_features": "Learned features (the papers' figure)",
        "lab.data": "Data set",
        "data.blobs": "Gaussian blobs",
        "data.rings": "Concentric rings",
        "data.spirals": "Spirals",
        "data.clicked": "Points you click",
        "lab.batch": "Mini-batch size",
        "lab.full_batch": "full batch",
        "lab.pick": "Class of the next click",
        "lab.remove_point": "Remove the last point",
        "lab.one_step": "1 step",
        "lab.n_steps": "{n} steps",
        "lab.typed_point": "new point",
        "lab.add_point": "Add the point",
        "lab.add_typed": "Or type a point's coordinates (the class above)",
        "lab.clear_points": "Clear the points",
        "lab.click_hint": "Click on the canvas to add a point of the chosen class ({n} so far); training needs at least one.",
        "lab.classes": "Classes",
        "lab.clicked_2d": "Points you click live on this 2D canvas: the dimension setting is for the generated data sets.",
        "lab.points_dropped": "Gone with the classes above {k}: {n} clicked point(s). Undo brings them back.",
        "lab.seed": "Seed (data and starting weights)",
        "lab.train_loss": "Loss",
        "lab.lr": "Learning rate",
        "lab.steps": "Steps per frame",
        "lab.decay": "Weight decay (L2)",
        "lab.step_button": "Step",
        "lab.step_help": "One Step is one frame of Play: {n} gradient steps (“{setting}” in the sidebar).",
        "lab.step_help_features": "One Step is one frame of Play: {n} epochs over the training digits.",
        "lab.play": "Play",
        "lab.pause": "Pause",
        "lab.reset": "Reset training",
        "lab.weights": "class weights",
        "lab.loss": "loss",
        "lab.accuracy": "accuracy",
        "lab.step": "step",
        "lab.norm": "‖w_k‖",
        "lab.angle": "angle (°)",  # the chart's heading says to what: a longer title was cut in present mode
        "lab.status": "Step {step} · loss {loss} · accuracy {accuracy}",
        "lab.norms_title": "Norms ‖w_k‖",
        "lab.no_mean": ": no points",
        "lab.angles_title": "Angle between w_k and its class mean",
        "lab.lesson_grow": "Mean ‖w_k‖ went from {first} to {last} over the last {steps}: this loss sees ‖w_k‖, so on data it separates it lowers the loss further by lengthening the weights, without bound.",
        "lab.lesson_angles": "This loss sees only the direction of w_k: its gradient is perpendicular to w_k, so the norms barely move (mean ‖w_k‖ {first} → {last} over the last {steps}) while the angles do the work.",
        "lab.lesson_angles_grow": "This loss sees only the direction of w_k: its gradient is perpendicular to w_k, so a step can only lengthen w_k, by a second-order amount (‖w − lr·g‖² = ‖w‖² + lr²‖g‖²): mean ‖w_k‖ {first} → {last} over the last {steps}, most while the gradients are large. The angles do the work; longer weights change no logit.",
        "lab.lesson_decay": "Mean ‖w_k‖ went from {first} to {last} over the last {steps}: this loss sees ‖w_k‖ and lengthens the weights where that lowers the loss, while weight decay multiplies them by 1 − lr·wd = {factor} at every step.{flips}",
        "lab.lesson_wrong_side": "Mean ‖w_k‖ went from {first} to {last} over the last {steps}: this loss sees ‖w_k‖, and lengthens the weights without bound only where every point is on its side of the borders; here {wrong}.",
        "lab.lesson_shorter": "Mean ‖w_k‖ went from {first} to {last} over the last {steps}: this loss sees ‖w_k‖, and although every point is on its side, here the gradient shortened the weights: in these directions, shorter weights gave a lower loss.",
        "lab.lesson_decay_still": "Mean ‖w_k‖ stayed at {first} over the last {steps}, to the digits shown: this loss sees ‖w_k‖ and lengthens the weights where that lowers the loss, while weight decay multiplies them by 1 − lr·wd = {factor} at every step.{flips}",
        "lab.lesson_still_wrong_side": "Mean ‖w_k‖ stayed at {first} over the last {steps}, to the digits shown: this loss sees ‖w_k‖, and lengthens the weights without bound only where every point is on its side of the borders; here {wrong}.",
        "lab.lesson_still": "Mean ‖w_k‖ stayed at {first} over the last {steps}, to the digits shown: this loss sees ‖w_k‖, and every point is on its side, but the steps changed the norms by less than the last digit shown.",
        "lab.lesson_angles_decay": "This loss sees only the direction of w_k: its gradient is perpendicular to w_k, while weight decay multiplies w_k by 1 − lr·wd = {factor} at every step: mean ‖w_k‖ {first} → {last} over the last {steps}. The angles do the work; the norms change no logit.{flips}",
        "lab.lesson_start": "Press Step or Play: the norms and angles below follow every step.",
        "lab.lesson_no_points": "No points to train on yet: the norms and angles below follow every step once there are.",
        "lab.export": "Open these weights in the explorer",
        "lab.dim": "Dimension",
        "lab.export_only3": "The explorer has three weights: choose 3 classes to open these weights there.",
        "lab.error": "Training stopped: {error}",
        "lab.outside": "{names} lies outside the canvas, which shows −{view} to {view} on each axis: its arrow runs off the edge. “Reset training” brings back the starting weights.",
        "lab.point_outside": "{n} of the {total} points lies outside the canvas, which shows −{view} to {view} on each axis: it takes part in training but is not drawn. “{clear}” takes every point away.",
        "lab.points_outside": "{n} of the {total} points lie outside the canvas, which shows −{view} to {view} on each axis: they take part in training but are not drawn. “{clear}” takes every point away.",
        "lab.outside_many": "{names} lie outside the canvas, which shows −{view} to {view} on each axis: their arrows run off the edge. “Reset training” brings back the starting weights.",
        "lab.wrong_one": "1 of {n} points is not",
        "lab.wrong_many": "{wrong} of {n} points are not",
        "lab.diverged": "Training stopped at step {step}: step {next} would have {outcome} {why}",
        "lab.diverged_past": "taken a weight to {size}, past ±{bound}, the largest coordinate this app holds.",
        "lab.diverged_overflow": "taken a weight or the loss past any number the computer can hold (an overflow).",
        "lab.decay_zero": " At 1 − lr·wd = 0 each step first sets every weight to zero: what is left of it is the gradient's step alone.{outcome} Keep lr·wd below 1 for a decay that shrinks them.",
        "lab.decay_flips": " The factor is negative: each step flips the sign of every weight and multiplies its size by {size} before the gradient's step.{outcome} Keep lr·wd below 1 for a decay that shrinks them.",
        "lab.outcome_settled": " Here training has settled: the loss ({loss}) and every ‖w_k‖ read the same at each of the last three steps.",
        "lab.outcome_cycle": " Here the loss swings back and forth: it reads {a} and {b} at alternate steps.",
        "lab.outcome_alternate": " Here the loss rises and falls at alternate steps ({values}).",
        "lab.diverged_decay": "Weight decay multiplies the weights by 1 − lr·wd = 1 − {lr} × {wd} = {factor} at every step, below −1: each step makes them larger in size, not smaller. Choose a lower learning rate or weight decay, with lr·wd below 2.",
        "lab.diverged_rate": "At lr = {lr} the steps of lr × the gradient take the weights too far: choose a lower learning rate.",
        "lab.feature_classes": "Digit classes",
        "lab.feature_dim": "Feature dimension",
        "lab.left": "Left: loss",
        "lab.right": "Right: loss",
        "lab.warmup": "Margin warm-up",
        "lab.warmup_why": "A margin on a {dim}D feature from a cold start fights the network before the classes have found their directions, and training can stall. With the warm-up the margin grows from 0 to its value over the first {epochs} epochs (SphereFace anneals for the same reason).",
        "lab.features_caption": "An MLP (64 → 64 → 32 → {dim}) maps scikit-learn's 8×8 digits to a {dim}D feature, followed by the loss head; both sides start from the same seed and see the same data. Points are held-out digits, lines the class weight directions.",
        "lab.epoch": "Epoch {epoch}",
        "lab.col_loss": "loss",
        "lab.col_accuracy": "held-out accuracy",
        "lab.col_intra": "Intra (°)",
        "lab.col_inter": "Inter (°)",
        "lab.col_norm": "mean ‖f‖",
        "lab.intra_inter": "Intra: the mean angle between a held-out feature and its class weight. Inter: the mean over classes of the smallest angle to another class weight (as in the ArcFace paper's table).",
        "lab.no_epoch": "No epoch yet: press Step or Play.",
        "margin.error": "This loss needs angles: {error}. Drag the vector away from the origin.",
        "margin.zero_vector": (
            "{kind} needs angles, and {vector} is the zero vector: its angle is undefined. "
            "Drag {vector} away from the origin."
        ),
        "margin.chart": "Comparison chart",
        "margin.curves": "Target logit against θ_y",
        "margin.curves_y": "target logit ÷ its scale S ({scales})",
        "margin.angle_space": "Angle space: binary borders",
        "margin.loss_vs_s": "Loss against the scale s",
        "margin.loss_vs_s_note": "With a large s the loss saturates: near 0 once the sample is inside its region, huge outside.",
        "margin.s_now": "the scene's s = {s}",
        "margin.s_now_loss": "the scene's s = {s}: L = {loss}",
        "margin.loss_underflow": "From s = {s} on, the loss is below {tiny}, the smallest normal float64: the curve stops there.",
        "margin.no_scale": "This loss has no scale s.",
        "margin.paper": "Paper",
        "margin.no_paper": "none: plain softmax is the baseline without a margin",
        "margin.same_curve": "{name} (same curve as {other})",
        "margin.sample_point": "this sample: {z} ÷ {scale} = {z} ÷ {S}",
        "margin.sample_point_bias": "this sample: its target logit without the bias, {z}, ÷ {scale} = {z} ÷ {S}",
        "margin.unused_settings": "Set in the explorer and not used here: {settings}. Each loss on this page normalises and scales the weights and x as its formula says, and no further.",
        "margin.sample_angles": "this sample: θ_y = {ty}°, θ_j = {tj}°",
        "margin.angle_title": "{y} (y) against {j} (j), the strongest other class, only; every border at {values}, where a kind's logits keep them",
        "margin.angle_x_origin": "‖x‖ = 1 (x is at the origin)",
        "margin.angle_wins": "{winner} beats {loser} by its margin",
        "margin.angle_wins_plain": "{winner} beats {loser}",
        "legend.grad": "−∂L/∂w_j and −∂L/∂x: one SGD step, all scaled alike",
        "legend.grad_radial": "radial part of −∂L/∂x (changes ‖x‖)",
        "legend.grad_tangential": "tangential part of −∂L/∂x (rotates x)",
        "legend.no_margin_border": "borders without margin ({what}): {tie}",
        "legend.ring": "circle ‖x‖ = {radius}: the class that wins with its margin in each direction",
        "legend.ring_origin": "circle r = 1 (x = 0): the class that wins with its margin in each direction",
        "legend.band": "grey: no class wins by its margin",
        # Present mode's (a projector): its 18 px entries, wrapped below the plane, left the
        # margin lab's plane 200 px wide at 1024x768.
        "legend.grad.short": "−∂L/∂w_j, −∂L/∂x: one SGD step",
        "legend.grad_radial.short": "radial part of −∂L/∂x",
        "legend.grad_tangential.short": "tangential part of −∂L/∂x",
        "legend.no_margin_border.short": "borders without margin",
        "legend.ring.short": "circle ‖x‖ = {radius}: the winner by margin",
        "legend.ring_origin.short": "circle r = 1: the winner by margin",
        "unit.radian": "radians",
        "unit.cosine": "cosine units",
        "unit.multiplier": "multiplier of θ",
        "axis.theta_y": "θ_y (degrees)",
        "axis.theta_j": "θ_j (degrees)",  # the legend's title says which class j is: a longer title was cut in present mode
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
        "kind.softmax.intuition": (
            "Logits are dot products plus biases, so ‖x‖ scales every dot product: where x's own class "
            "has the largest w·x, growing ‖x‖ lowers the loss; elsewhere it may raise it (the gradient "
            "on x below says which)."
        ),
        "kind.normface.name": "NormFace (scaled cosine softmax)",
        "kind.normface.intuition": (
            "Normalising weights and features leaves only angles; the scale s sets how peaked the "
            "probabilities can get."
        ),
        "kind.lsoftmax.name": "L-Softmax (large-margin softmax)",
        "kind.lsoftmax.intuition": (
            "The target angle is multiplied by m = {m:g} inside ψ, and ‖w‖‖x‖ stays in every logit: with "
            "weights of equal length a class wins only where m·θ_y < θ_j for every other class j; a longer "
            "weight can make up part of the margin."
        ),
        "kind.lsoftmax.intuition_lam": (
            "The target angle is multiplied by m = {m:g} inside ψ, and ‖w‖‖x‖ stays in every logit. "
            "λ = {lam:g} blends in the plain cosine, (λ cos θ_y + ψ(θ_y)) / (1 + λ): the margin is "
            "narrower than m alone gives (training lowers λ towards 0)."
        ),
        "kind.no_margin": "At {values}, {kind} has no margin: the target class's logit follows the same formula as every other class's, so classes tie where {tie}, as without one.",
        "kind.sphereface.name": "SphereFace (A-Softmax)",
        "kind.sphereface.intuition": (
            "L-Softmax with unit weights: a multiplicative angular margin, decided by angles alone (the "
            "paper's m is 4). Here m = {m:g}: a class wins only where x is {m:g} times closer in angle to it "
            "than to any other (m·θ_y < θ_j)."
        ),
        "kind.sphereface.intuition_lam": (
            "L-Softmax with unit weights: a multiplicative angular margin, decided by angles alone (the "
            "paper's m is 4). Here λ = {lam:g} blends in the plain cosine, (λ cos θ_y + ψ(θ_y)) / (1 + λ), "
            "as the paper's training does at first: the margin is narrower than m = {m:g} alone gives "
            "(m·θ_y < θ_j holds at λ = 0)."
        ),
        "kind.cosface.name": "CosFace (large margin cosine loss)",
        "kind.cosface.intuition": "Subtract m from the target cosine: a margin of constant width in cosine.",
        "kind.amsoftmax.name": "AM-Softmax (additive margin softmax)",
        "kind.amsoftmax.intuition": "The same additive cosine margin as CosFace, found independently (paper default s = 30).",
        "kind.arcface.name": "ArcFace (additive angular margin)",
        "kind.arcface.intuition": (
            "Add m to the target angle: a margin of constant width in angle (geodesic distance on the "
            "sphere). Past θ_y + m > π, the older insightface and pytorch-metric-learning code (and this "
            "page) use cos θ_y − m sin m, so the logit keeps falling; the current insightface code applies "
            "cos(θ_y + m) everywhere."
        ),
        "kind.arcface.intuition_easy": (
            "Add m to the target angle: a margin of constant width in angle (geodesic distance on the "
            "sphere). Easy margin: only where cos θ_y > 0 (θ_y < 90°); past 90° the target logit is "
            "s·cos θ_y, without a margin."
        ),
        "kind.combined.name": "Combined margin",
        "kind.combined.intuition": (
            "One formula for all three margins, s(cos(m1·θ_y + m2) − m3): m1 as in SphereFace, m2 as in "
            "ArcFace, m3 as in CosFace. The ArcFace paper's insightface code (mxnet) computes any "
            "combination; its current PyTorch code only the ArcFace case (m1 = 1, m3 = 0) or the CosFace "
            "case (m3 > 0, ignoring m1 and m2). Past m1·θ_y + m2 > π the cosine rises again, so the "
            "target logit is not monotonic there."
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
        "matrix.exact": "Exact values of the highlighted pair: {x} and {w}",
        "matrix.add": "Add",
        "matrix.remove": "Remove",
        "matrix.broadcast": "b broadcast (K×N)",
        "matrix.softmax": "softmax(Z), by column",
        "matrix.softmax_t": "softmax(Z/T), T = {T}, by column",
        "matrix.rows_class": "class",
        "matrix.rows_dim": "dimension",
        "matrix.pair": "The selected pair, both ways",
        "matrix.pair_zero": "{vector} is the zero vector: it has no direction, so θ is undefined (—), and the product is 0 either way.",
        "scenarios.nav": "Scenarios",
        "scenarios.title": "Scenarios",
        "scenarios.caption": "One click opens a scene that makes one point; every scene stays editable.",
        "home.scenarios_blurb": "A gallery of one-click scenes for the classroom, each with a short explanation.",
        "scenarios.open": "Open",
        "scenario.equal_norms.title": "Equal norms: the angle decides",
        "scenario.equal_norms.text": "All three weights have length {n1:.3g}, so z_i = {n1:.3g}‖x‖cos θ_i: the class closest in angle to x wins (here class {top}, {t_top:.0f}° from x), and the borders bisect the angles.",
        "scenario.longer_wins.title": "A longer weight wins despite a larger angle",
        "scenario.longer_wins.text": "x is {t2:.0f}° from w2 but {t1:.0f}° from w1; w1 is {ratio12:.1f} times as long, so ‖w1‖‖x‖cos {t1:.0f}° = {d1:.2f} beats {d2:.2f}.",
        "scenario.bias_shift.title": "The bias moves a border off the origin",
        "scenario.bias_shift.text": "b1 = {b1:g} adds to class 1's score everywhere: the border with class 2 moves from x₁ = 0 to x₁ = {border12:g}.",
        "scenario.on_boundary.title": "A sample exactly on a border: a tie",
        "scenario.on_boundary.text": "x = {x} has the same dot product with w1 = {w1} and w2 = {w2}: z1 = z2 = {z1:.2f}, so p1 = p2 = {p1:.4f}; class 3's far lower logit ({z3:.2f}) takes the remaining {p3:.4f}.",
        "scenario.sharpen.title": "Scale x or lower T: sharper probabilities",
        "scenario.sharpen.text": "softmax(z/T) depends on the logit gaps divided by T. Here T = {T:g} makes class {top}'s p {p_top:.2f}, against {p_top_T1:.2f} at T = 1. Drag x outward or lower T further, and it goes to 1.",
        "scenario.zero_sample.title": "The zero sample",
        "scenario.zero_sample.text": "x = 0 makes every logit equal to its bias, so p = softmax(b) = softmax{b} = {p:.2f}, and no angle is defined.",
        "scenario.margin_softmax.title": "One scene under softmax…",
        "scenario.margin_softmax.text": "All three weights have length {n1:.3g}, and x is {t1:.1f}° from w1 but {t2:.1f}° from w2, so class 1 wins: p1 = {p1:.2f}, loss {loss:.2f}. The angle-only NormFace (s = {nf_s:g}) agrees: p1 = {nf_p1:.2f}. The next two scenes keep this geometry and add only a margin.",
        "scenario.margin_cosface.title": "…under CosFace…",
        "scenario.margin_cosface.text": "CosFace (s = {s:g}, m = {m:g}): class 1 must lead in cosine by m, but cos θ1 − cos θ2 = {c1:.3f} − {c2:.3f} = {lead12:.3f}. Its logit s(cos θ1 − m) = {mz1:.2f} falls below class 2's s cos θ2 = {mz2:.2f}: x lies in the grey band, p1 = {mp1:.2f}, loss {loss:.2f}.",
        "scenario.margin_arcface.title": "…and under ArcFace",
        "scenario.margin_arcface.text": "ArcFace (s = {s:g}, m = {m:g} rad = {m_deg:.1f}°): class 1 must be {m_deg:.1f}° closer to x than class 2, but it is {closer12:.1f}° closer. Its logit s cos(θ1 + m) = {s:g} cos {ty_m:.1f}° = {mz1:.2f} falls below {mz2:.2f}: x lies in the grey band, p1 = {mp1:.2f}, loss {loss:.2f}.",
        "share.export": "Export scene (JSON)",
        "share.import": "Import scene (JSON)",
        "upload.button": "Upload",
        "upload.limit": "{mb} MB at most",
        "share.imported": "Scene imported from {file}.",
        "share.bad_import": "{file} could not be imported, so the scene is unchanged. Problems: {problems}",
        "share.projector": "Present mode",
        "controls.language": "Language · 语言",
        "msg.static_failed": "Could not prepare Plotly.js in static/ for the drag canvas: {error}",
        "share.copy": "Copy link",
        "share.copied": "Link copied",
        "share.qr": "Show QR code",
        "share.names": "Name the classes",
        "share.qr_caption": "Scan to open this exact scene",
        "share.qr_alt": "QR code of the link below",
        "share.qr_too_long": "This link is {n} characters long, more than a QR code can hold: share the link below instead (Copy link), or export the scene.",
        "share.qr_network": "{host} opens only on this computer, so this code uses its network address {ip}: phones on the same network (Wi-Fi) can open it.",
        "share.qr_local": "{host} opens only on this computer, so a phone cannot open this code. Start the app with `--server.address 0.0.0.0` and open it at the computer's network address, or deploy it (see README).",
        "tour.nav": "Guided tour",
        "tour.title": "Guided tour",
        "tour.caption": "The argument in five steps, each with a live figure you can drag. Next and Back move through it.",
        "home.tour_blurb": "From the linear layer to the dot product, norms and angles, softmax and the margin losses, one step at a time.",
        "tour.next": "Next",
        "tour.back": "Back",
        "tour.restart": "Reset step",
        "tour.progress": "Step {i} of {n}",
        "tour.open": "Open this scene in its page",
        "tour.linear.title": "1. A linear layer scores every class",
        "tour.linear.text": "For a sample $x$, a linear layer computes one score per class, $z = W^\\top x + b$: $W$ holds one weight vector $w_i$ per class as its columns. The predicted class is the largest score; the coloured regions show which class wins where, and the lines are the borders where two classes tie.",
        "tour.dot.title": "2. Each score is a dot product",
        "tour.dot.text": "$z_i = w_i^\\top x + b_i = \\sum_d w_{{di}} x_d + b_i$. Geometrically, $w_i^\\top x$ is $\\lVert w_i\\rVert$ times the signed length of $x$'s projection onto $w_i$'s direction: the thick segment. Drag x along w2 and watch z2 grow.",
        "tour.norms.title": "3. Norms and angles compete",
        "tour.norms.text": "$w_i^\\top x = \\lVert w_i\\rVert\\,\\lVert x\\rVert\\cos\\theta_i$. A class wins by being close in angle (large $\\cos\\theta_i$) or by having a long weight. The sentence under the table says which, for the scene shown.",
        "tour.here.closest": "Here w{k} is the closest to x in angle ({tk}°), and it wins.",
        "tour.here.longer": "Here x is {tc}° from w{c} but {tk}° from w{k}, and w{k} still wins: it is longer (‖w{k}‖ = {nk}, ‖w{c}‖ = {nc}).",
        "tour.here.shorter": "Here x is {tc}° from w{c} but {tk}° from w{k}, and w{k} still wins: both point away from x, and the shorter loses less (‖w{k}‖ = {nk}, ‖w{c}‖ = {nc}).",
        "tour.here.bias": "Here x is {tc}° from w{c} but {tk}° from w{k}, and w{k} still wins by its bias (b{k} = {bk}, b{c} = {bc}).",
        "tour.here.tie": "Here {names} tie for the largest score, z = {z}.",
        "list.sep": ", ",
        "list.and": " and ",
        "tour.here.origin": "Here w{k} is at the origin, so it has no angle to x: its score is its bias alone (b{k} = {bk}), and that is the largest.",
        "tour.here.zero": "Here x is the zero vector: it has no angle to any weight, and each score is its bias.",
        "tour.softmax.title": "4. Softmax turns scores into probabilities",
        "tour.softmax.text": "$p_i = e^{{z_i/T}} / \\sum_j e^{{z_j/T}}$. Only the differences between scores matter. A lower temperature $T$ (here {T}), or a longer $x$, makes the winner's probability approach 1; the shading of the regions shows p.",
        "tour.margins.title": "5. Margins: winning is not enough",
        "tour.margins.text": "Face-recognition losses normalise the vectors so that only angles count, then demand that the right class wins by a margin, e.g. ArcFace's $\\cos(\\theta_y + m)$. Grey is the band where no class wins by its margin; the loss pushes samples out of it.",
        "problem.at": "{where}: {text}",
        "problem.raw": "{got}",
        "problem.sep": "; ",
        "problem.number": "{what} must be a number, got {got}",
        "problem.finite": "{what} must be finite, got {got}",
        "problem.between": "{what} must be between {lo} and {hi}, got {got}",
        "problem.at_least": "{what} must be at least {lo}, got {got}",
        "problem.point": "a point must be {dim} numbers, got {got}",
        "problem.count": "there must be {n} {what}, got {got}",
        "problem.boolean": "{what} must be on or off (0 or 1)",
        "problem.range": "{what} must be {lo} to {hi}, got {got}",
        "problem.one_of": "{what} must be one of {options}, got {got}",
        "problem.unknown": "unknown {what} {got} (one of {options})",
        "problem.layers": "unknown layers {got} (the layers: {options})",
        "problem.no_param": "{kind} has no parameter {got} (its parameters: {known})",
        "problem.takes_params": "{kind} takes the parameters {known}",
        "problem.camera": "the camera is two angles (azimuth, elevation)",
        "problem.batch": "a batch has {lo} to {hi} samples, got {got}",
        "problem.class_name": "a class name has at most {n} characters, no '|' and no outer spaces",
        "problem.length_max": "pointing this way, the length can be at most {most}, got {got}",
        "problem.points_max": "at most {n} clicked points, got {got}",
        "problem.samples_max": "at most {n} samples, got {got}",
        "problem.batch_full": "the batch already has {n} samples, the most it holds (remove one first)",
        "problem.clicked": "a clicked point is (x, y, class)",
        "problem.clicked_class": "a clicked point's class must be a whole number, got {got}",
        "problem.two_losses": "two losses are trained side by side",
        "problem.numbers": "expected {n} comma-separated numbers, got {got}",
        "problem.array": "expected an array of {n} numbers, got {got}",
        "problem.arrays": "expected arrays of {n} numbers each, got {got}",
        "problem.not_number": "expected a number, got {got}",
        "problem.bool": "expected 0 or 1, got {got}",
        "problem.whole": "expected a whole number, got {got}",
        "problem.whole_of": "{what} must be a whole number, got {got}",
        "problem.pairs": "expected name:value pairs, got {got}",
        "problem.repeated": "a parameter is given more than once: {got}",
        "problem.too_long": "value too long",
        "problem.unreadable": "the link could not be read",
        "problem.too_large": "the file is too large to be a scene",
        "problem.not_json": "not JSON (line {line}, column {col})",
        "problem.not_text": "not text (UTF-8)",
        "problem.too_deep": "nested too deeply to be a scene",
        "problem.not_object": "expected a JSON object of scene fields, as Export writes",
        "problem.no_fields": "the file holds no scene fields (Export writes them all)",
        "problem.json_value": "expected text, a number or an array of numbers",
        "problem.json_repeated": "given more than once, with different values",
        "problem.unknown_field": "unknown field {got}",
        "problem.json_pref": "a setting of the page, not of the scene: set it on the page",
        "problem.name_bar": "a class name cannot hold “|”, which separates the names in a link",
        "problem.zero_sample": "sample {n} is the zero vector: its angle to the weights is undefined ({kind})",
        "problem.zero_weight": "w{k} is the zero vector: its angle is undefined ({kind} needs it)",
        "what.coordinate": "a coordinate",
        "what.bias": "a bias",
        "what.temperature": "the temperature",
        "what.view": "the view half-width",
        "what.param": "the parameter {name}",
        "what.sphere_radius": "the sphere radius",
        "what.az": "the azimuth",
        "what.el": "the elevation",
        "what.length": "the length",
        "what.camera_azimuth": "the camera azimuth",
        "what.camera_elevation": "the camera elevation",
        "what.learning_rate": "the learning rate",
        "what.weight_decay": "the weight decay",
        "what.data_set": "the data set",
        "what.classes": "the number of classes",
        "what.training_loss": "the training loss",
        "what.batch_size": "the mini-batch size",
        "what.training_dim": "the training dimension",
        "what.class_to_add": "the class to add",
        "what.digit_classes": "the number of digit classes",
        "what.feature_dim": "the feature dimension",
        "what.feature_loss": "a feature loss",
        "what.weights": "weights",
        "what.biases": "biases",
        "what.weights3": "3D weights",
        "what.class_names": "class names",
        "what.normalize": "normalising",
        "what.compare_softmax": "the comparison with softmax",
        "what.warmup": "the warm-up",
        "what.projector": "present mode",
        "what.snap": "snapping",
        "what.seed": "the seed",
        "what.training_seed": "the training seed",
        "what.projected_on": "the class x is projected onto",
        "what.label": "the true class y",
        "what.sample": "the selected sample",
        "what.class": "the selected class",
        "what.steps": "steps per frame",
        "what.dim": "the dimension",
        "what.margin_chart": "the comparison chart",
        "what.tour_step": "the tour step",
        "what.loss": "loss",
        "what.language": "language",
        "what.drag_mode": "drag mode",
        "what.clicked_class": "a clicked point's class",
        "undefined": "—",
    }
}

DEFAULT_LANGUAGE = "en"


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fmt: object) -> str:
    """The string ``key`` in ``lang``, formatted with ``fmt``; English if missing there."""
    table = STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE])
    text = table.get(key, STRINGS[DEFAULT_LANGUAGE][key])
    return text.format(**fmt) if fmt else text


# Plotly.js's English for each of its words a live chart may show (its toolbar's buttons, in 2D
# and 3D, and its notices), with the string key that says it in the page's language.
PLOTLY_WORDS = {
    "Download plot as a PNG": "plotly.png",
    "Zoom": "plotly.zoom",
    "Pan": "plotly.pan",
    "Zoom in": "plotly.zoom_in",
    "Zoom out": "plotly.zoom_out",
    "Autoscale": "plotly.autoscale",
    "Reset axes": "plotly.reset_axes",
    "Orbital rotation": "plotly.orbit",
    "Turntable rotation": "plotly.turntable",
    "Reset camera to default": "plotly.camera_default",
    "Reset camera to last save": "plotly.camera_saved",
    "Toggle show closest data on hover": "plotly.hover_closest",
    "Double-click to zoom back out": "plotly.zoom_back",
    "Double-click on legend to isolate one trace": "plotly.isolate",
    "Preparing image - this may take a few seconds": "plotly.preparing",
    "Image download succeeded": "plotly.downloaded",
    "Sorry, there was a problem downloading your image!": "plotly.download_failed",
}


def plotly_locale(lang: str) -> dict:
    """Plotly.js's ``locale`` and ``locales`` config for ``lang``: its toolbar's words in the page's
    language (they were English in 中文). Nothing for English, whose words are Plotly.js's own: a
    chart's config travels with every frame of Play."""
    if lang == DEFAULT_LANGUAGE:
        return {}
    words = {english: t(key, lang) for english, key in PLOTLY_WORDS.items()}
    return {"locale": lang, "locales": {lang: {"dictionary": words}}}


def template(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The string ``key`` in ``lang`` as written: a template the browser fills in (its ``{name}``
    fields), or text with braces of its own (LaTeX). Every other string goes through :func:`t`
    with all its fields (a test reads each call)."""
    return t(key, lang)


def fmt(v: float | None, lang: str, digits: int = 3) -> str:
    """Fixed decimals for everyday sizes, scientific for huge ones, — for undefined; no sign on a
    value that reads as zero."""
    if v is None or not math.isfinite(v):
        return t("undefined", lang)
    if abs(v) >= 1e5:
        return f"{v:.{digits + 1}e}"
    # A negative that rounds to zero reads 0.000, as the scenario cards write it: "−0.000" of a
    # 3D weight's -1e-17 claimed a sign the shown digits do not carry.
    text = f"{v:.{digits}f}"
    return text.lstrip("-") if text.strip("-0.") == "" else text


def fmt_prose(v: float | None, lang: str, digits: int = 3) -> str:
    """:func:`fmt` for a number inside a sentence: a negative gets the minus sign (−) the sentence's
    own numbers are written with ("1 − 5 × 1 = -4.000, below −1" mixed the two), as the scenario
    cards' are. Tables keep the hyphen the inputs take."""
    return fmt(v, lang, digits).replace("-", "\N{MINUS SIGN}")


def fmt_factor(v: float, lang: str, sig: int = 3, digits: int = 3) -> str:
    """:func:`fmt` (``digits`` decimals) with at least ``sig`` significant digits, for a factor of
    a product written out: with cos θ1 = 5e-7, "1.0000e+06 · 1.000 · 0.000 = 0.500" was false as
    written."""
    if v is None or not math.isfinite(v) or v == 0 or abs(v) >= 0.1:
        return fmt(v, lang, digits)
    if abs(v) < 1e-3:
        return f"{v:.{sig - 1}e}"
    return fmt(v, lang, max(digits, sig - 1 - math.floor(math.log10(abs(v)))))


def fmt_apart(
    values, lang: str, digits: int = 3, *, slack=None, significant: bool = True, pairs=None
) -> list[str]:
    """Each of ``values`` by :func:`fmt_factor` (``digits`` decimals, as many significant digits),
    and those that differ but would read the same with as many more digits as tell them apart
    (17 significant do any two): z1 = 1000003.75 and z2 = 1000002.25 both read 1.0000e+06 beside
    p = 0.8176 and 0.1824, and a tick on class 1 only. Everyday sizes keep fixed decimals: a near
    tie at z = 1 read "1.000000000000e+00 | 1.000000000001e+00", wider than the table's column.
    The others keep ``digits``: "-1.000000000000" of a third class told nothing.

    ``slack`` (one per value, e.g. :func:`softmaxviz.core.logit_slack`): two values within the sum
    of their slacks may be equal and may read the same, as the core ties them; 2.75 and
    2.7500000000000004 tie in the table. Without it, only equal values may.

    ``significant=False``: fixed decimals only, :func:`fmt` (probabilities: 1e-20 reads 0.0000).
    ``pairs(i, j)``: which pairs must read apart (default every pair); the others may read alike.
    """
    form = fmt_factor if significant else (lambda v, lang, _sig, d: fmt(v, lang, d))
    slack = [0.0] * len(values) if slack is None else [float(s) for s in slack]
    # A value within its rounding of zero may be zero, and reads 0.000: x on w1's border gave
    # z1 = -1.39e-17, said in digits beside ‖w‖‖x‖cos θ = 0.000.
    values = [0.0 if abs(float(v)) <= s else float(v) for v, s in zip(values, slack, strict=True)]

    def differ(i: int, j: int) -> bool:
        return (pairs is None or pairs(i, j)) and abs(values[i] - values[j]) > slack[i] + slack[j]

    def apart(shown: list[str]) -> bool:
        return all(not differ(i, j) or shown[i] != shown[j] for i in range(len(values)) for j in range(i))

    base = [form(v, lang, digits, digits) for v in values]
    alike = {i for i in range(len(values)) for j in range(len(values)) if differ(i, j) and base[i] == base[j]}
    shown = base
    for d in range(digits + 1, 21):
        if apart(shown):
            break
        shown = [form(v, lang, d, d) if i in alike else base[i] for i, v in enumerate(values)]
    return shown


def angle_labels(angles: Sequence[float], slack: Sequence[float], lang: str) -> list[str]:
    """The label "θk = …°" for each of ``angles`` (radians; "" where one is undefined), in degrees with one
    decimal, or with as many as tell apart two that differ by more than their ``slack`` (radians,
    :func:`softmaxviz.core.angle_slack`), as the class table reads them (:func:`fmt_apart`): in a
    near tie a canvas's arcs read θ1 = 45.0° and θ2 = 45.0° beside the table's 45.003 | 44.997."""
    degrees = [math.degrees(float(a)) for a in angles]
    shown = fmt_apart(degrees, lang, 1, slack=[math.degrees(float(s)) for s in slack])
    return [
        "" if math.isnan(d) else f"θ{k + 1} = {text}°"
        for k, (d, text) in enumerate(zip(degrees, shown, strict=True))
    ]


class Problem(str):
    """What is wrong with something the user gave (a link, a file, a typed value), as a sentence
    of the string table.

    It is the English sentence as a ``str`` (for logs, tests and ``str(exc)``); :func:`tell` says
    it in the page's language. ``key`` names ``problem.<key>``; a ``what`` argument names
    ``what.<what>`` and a ``kind`` a loss kind, both said in the same language; ``got`` (the
    user's own value as they wrote it), ``options`` and ``known`` are link words.
    ``where``: the link keys or file fields it is about ("w1: ...").
    """

    key: str
    fmt: dict
    where: tuple[str, ...]

    def __new__(cls, key: str, *, where: tuple[str, ...] = (), **fmt: object) -> Problem:
        self = super().__new__(cls, _say(key, fmt, tuple(where), DEFAULT_LANGUAGE, str))
        self.key, self.fmt, self.where = key, fmt, tuple(where)
        return self

    def __reduce__(self):
        return _problem, (self.key, self.where, self.fmt)

    def at(self, *where: str) -> Problem:
        """The same problem, about link keys or file fields ``where``."""
        return Problem(self.key, where=where, **self.fmt)

    def text(self, lang: str, quote: Callable[[object], str] = str) -> str:
        """The sentence in ``lang``, the user's own words (``got``, ``where``) through ``quote``."""
        return _say(self.key, self.fmt, self.where, lang, quote)


def _problem(key: str, where: tuple[str, ...], fmt: dict) -> Problem:
    return Problem(key, where=where, **fmt)


# Arguments in the link's or the user's own words: shown letter for letter on a page.
_QUOTED = frozenset({"got", "options", "known"})


def _say(key: str, fmt: dict, where: tuple[str, ...], lang: str, quote: Callable[[object], str]) -> str:
    args = {name: quote(value) if name in _QUOTED else value for name, value in fmt.items()}
    if "kind" in args:
        args["kind"] = short_kind_name(str(fmt["kind"]), lang)
    if "what" in args:
        args["what"] = t(f"what.{fmt['what']}", lang, **{k: v for k, v in args.items() if k != "what"})
    text = t(f"problem.{key}", lang, **args)
    return t("problem.at", lang, where=", ".join(map(quote, where)), text=text) if where else text


class Invalid(ValueError):
    """A ValueError whose message is a :class:`Problem`: ``Invalid("finite", what="bias", got="nan")``."""

    def __init__(self, key: str, **fmt: object) -> None:
        super().__init__(Problem(key, **fmt))


def problem_of(exc: BaseException) -> str:
    """``exc``'s message: its :class:`Problem` where it has one, else its English text."""
    message = exc.args[0] if exc.args else None
    return message if isinstance(message, Problem) else str(exc)


def plain_number(v: float, *, exact: bool = False) -> str:
    """``v`` with up to six significant digits and no exponent: "1000000", "0.1", "1087320" (a
    message said "between -1e+06 and 1e+06, got 1.08732e+06").

    ``exact``: every digit the float needs to read back as itself, for a value the user gave
    ("got 1000001": rounded, it said "got 1000000" of a value it refused as past 1000000).
    """
    if not math.isfinite(v) or (v != 0 and not 1e-6 <= abs(v) < 1e15):
        return repr(float(v)) if exact else f"{v:g}"
    text = format(Decimal(repr(float(v))), "f") if exact else f"{float(f'{v:.6g}'):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def tell_all(problems: list[str], lang: str) -> str:
    """Every problem in ``lang``, one after another (see :func:`tell`)."""
    return t("problem.sep", lang).join(tell(problem, lang) for problem in problems)


def tell(problem: str, lang: str) -> str:
    """``problem`` in ``lang`` for a page: a :class:`Problem` translated, with the user's own
    words shown letter for letter; any other message (English only) letter for letter whole."""
    return problem.text(lang, verbatim) if isinstance(problem, Problem) else verbatim(problem)


def short_kind_name(kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A loss kind's name without its explanation in brackets: "CosFace", not "CosFace (large
    margin cosine loss)". For narrow places: a sidebar's select box cut the long one mid-word."""
    return re.split(r" \(|（", t(f"kind.{kind}.name", lang))[0]


def names_list(names, lang: str) -> str:
    """Names as a sentence lists them: "w1", "w1 and w2", "w1, w2 and w3" (中文 "w1、w2 与 w3")."""
    names = [str(name) for name in names]
    if len(names) < 2:
        return "".join(names)
    return t("list.sep", lang).join(names[:-1]) + t("list.and", lang) + names[-1]


def literal(text: object) -> str:
    """``text`` for a widget's label or option, which Streamlit renders as Markdown, shown letter
    for letter: not as a link, bold, a formula, a colour or an icon (a link's class names
    ``**bold** :red[r]`` and ``:material/home:`` restyled the label buttons).

    Markdown's punctuation is escaped with a backslash; ``&`` and ``:`` become character
    references, since Streamlit reads colours and icons past a backslash.
    """
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!$~|<>])", r"\\\1", str(text))
    return escaped.replace("&", "&#38;").replace(":", "&#58;")


def verbatim(text: object) -> str:
    """``text`` as a Markdown code span, so it is shown letter for letter.

    For what a link, a file or an input put into a message: ``[answers](https://...)`` there
    must not become a link in the app's own words, nor ``$...$`` a formula. Escaping is not
    enough: GitHub Markdown links a bare address in any text, escaped or not, but never in code.
    """
    text = " ".join(str(text).splitlines())
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# 中文. Formulas and papers are not prose: they come from softmaxviz.kinds.
_ZH: dict[str, str] = {
    "app.title": "softmaxviz",
    "app.page_title": "{page} · softmaxviz",
    "home.nav": "首页",
    "home.tagline": (
        "线性分类器给第 *i* 类的打分是 "
        "$z_i = w_i^\\top x + b_i = \\lVert w_i\\rVert\\,\\lVert x\\rVert\\cos\\theta_i + b_i$，"
        "softmax 再把分数变成概率：拖动向量，看模长与夹角如何较量。"
    ),
    "home.pages": "页面",
    "home.explorer_blurb": "拖动三个类别权重和样本，logit、夹角、概率与决策区域实时跟随。",
    "explorer.nav": "二维探索",
    "explorer.title": "二维探索",
    "explorer.caption": "拖动 w1、w2、w3 的箭头尖端或样本 x。颜色表示预测类别，深浅表示其概率；线条是获胜类别之间真正的分界。",
    "table.title": "各类别",
    "col.w": "w",
    "col.norm": "‖w‖",
    "col.theta": "θ (°)",
    "col.cos": "cos θ",
    "col.dot": "‖w‖‖x‖cos θ",
    "col.b": "b",
    "col.z": "z",
    "col.p": "p",
    "col.pred": "预测",
    "pred.mark": "✔",
    "formula.title": "代入实时数值的公式",
    "controls.coords": "坐标（输入精确值）",
    "controls.coordinate": "{name} 的第{nth}个坐标",
    "controls.of_vector": "{name} 的{what}",
    "controls.nth1": "一",
    "controls.nth2": "二",
    "controls.nth3": "三",
    "controls.bias": "偏置",
    "controls.temperature": "温度 T",
    "controls.temperature_help": "$p_i = e^{z_i/T} / \\sum_j e^{z_j/T}$：$T$ 小则更尖锐，$T$ 大则更平缓。",
    "controls.normalize_w": "归一化权重（‖w_i‖ = 1）",
    "controls.normalize_x": "归一化样本（‖x‖ = 1）",
    "controls.layers": "图层",
    "layer.regions": "决策区域",
    "layer.borders": "区域边界",
    "layer.arcs": "夹角弧线",
    "layer.projection": "x 的投影",
    "layer.x_arrow": "x 画成箭头",
    "controls.selected": "把 x 投影到",
    "controls.view": "视野半宽",
    "controls.fit": "适应视野",
    "controls.reset": "重置",
    "controls.share": "分享：本页网址包含整个场景。",
    "controls.share_lab": "分享：本页网址和导出的文件包含设置（数据集、类别数、损失、学习率）；权重及其训练只保存在本标签页中。",
    "axis.x": "x₁",
    "axis.y": "x₂",
    "legend.sample": "x",
    "legend.border": "边界",
    "legend.projection": "投影",
    "handle.w": "w{k}",
    "class.name": "类别 {k}",
    "html.lang": "zh-CN",
    "proj.label": "‖x‖cos θ{k} = {v}",
    "msg.bad_link": "无法读取此链接，已显示默认场景。问题：{problems}",
    "msg.bad_link_prefs": "无法读取此链接的部分显示设置，这些设置已使用默认值；其场景和其他设置照常显示。问题：{problems}",
    "msg.bad_link_toast": "无法读取此链接，已显示默认场景。原因见页面。",
    "msg.bad_link_prefs_toast": "无法读取此链接的部分显示设置：这些设置已使用默认值。原因见页面。",
    "msg.link_ignored": "此链接还包含本应用不使用的 {keys}；链接的其余内容照常显示。",
    "msg.link_ignored_too": "此链接还包含本应用不使用的 {keys}。",
    "msg.link_repeated": "此链接多次给出 {keys}；每个只读取最后一个值。",
    "msg.link_mark": "此链接的格式为 {got}，本应用不认识（本应用写的是 {ours}）：链接已按本应用自己的格式读取，请核对场景是否如您所期望。",
    "msg.sphere_unit": "x 位于原点，没有半径为 ‖x‖ 的球：这里画的是半径为 1 的球，按 x 在其上各点所得的类别着色。要换半径，请在侧栏设置“球半径”。",
    "msg.zero_x": "x 是零向量：每个 logit 都等于其偏置，概率为 softmax(b)，夹角 θ_i 无定义（显示为 —）。",
    "msg.zero_w": "{names} 位于原点：其 logit 只是偏置，与 x 的夹角无定义（—）。",
    "msg.zero_ws": "{names} 都位于原点：各自的 logit 只是偏置，与 x 的夹角无定义（—）。",
    "msg.equal_w": "{a} 与 {b} 相同（偏置也相同）：二者处处打平，它们之间没有边界；在它们获胜之处，表格同时勾选二者，颜色取 {a} 的。",
    "msg.equal_w_dir": "{a} 与 {b} 方向相同，且权重已归一化（偏置也相同）：二者处处打平，它们之间没有边界；在它们获胜之处，表格同时勾选二者，颜色取 {a} 的。",
    "msg.equal_ws_dir": "{names} 方向全都相同，且权重已归一化（偏置也相同）：它们处处打平，彼此之间没有边界；在它们获胜之处，表格全部勾选，颜色取 {first} 的。",
    "msg.equal_ws": "{names} 全都相同（偏置也相同）：它们处处打平，彼此之间没有边界；在它们获胜之处，表格全部勾选，颜色取 {first} 的。",
    "msg.outside": "{names} 在视野之外：请点“适应视野”或增大半宽。",
    "msg.outside_many": "{names} 在视野之外：请点“适应视野”或增大半宽。",
    "msg.bad_input": "该值未被接受：{error}。保留原值。",
    "msg.point_not_added": "未添加该点：{error}。",
    "msg.sample_not_added": "未添加样本：{error}。",
    "msg.sample_not_removed": "未移除样本：{error}。",
    "msg.saturated": "{names} 小于 10⁻³⁰⁰（其 logit 比最大的低 700·T 以上），因此显示为 0。不会溢出（先减去最大 logit），但低于约 10⁻³²³ 时浮点数只能存为 0。",
    "msg.saturated_many": "{names} 都小于 10⁻³⁰⁰（各自的 logit 比最大的低 700·T 以上），因此显示为 0。不会溢出（先减去最大 logit），但低于约 10⁻³²³ 时浮点数只能存为 0。",
    "margin.nav": "间隔实验室",
    "margin.title": "间隔实验室",
    "margin.caption": "人脸识别中的间隔 softmax 损失家族，画在同一平面上。拖动权重和带标签的样本：彩色区域是该类样本*带间隔*也能获胜的地方，灰色是中间的模糊带。",
    "home.margin_blurb": "NormFace、L-Softmax、SphereFace、CosFace / AM-Softmax、ArcFace 与组合间隔：它们的区域、目标 logit、损失与梯度。",
    "margin.loss": "损失",
    "margin.label": "样本的标签 y",
    "margin.params": "参数",
    "margin.compare": "显示无间隔时的边界",
    "margin.loss_value": "损失 L",
    "col.raw": "无间隔 logit",
    "col.margin": "带间隔 logit",
    "col.grad_w": "‖∂L/∂w‖",
    "margin.grad_x": "x 上的梯度",
    "margin.grad_x_text": "−∂L/∂x = 径向 {radial}（沿 x：+ 增大 ‖x‖，− 减小 ‖x‖）+ 切向 {tangential}（{turn}）。{why}",
    "margin.why_angles": "这个损失只通过方向看 x：径向分量为零，一步只能旋转 x。",
    "margin.why_grow": "这个损失看得到 ‖x‖，且径向分量为正：梯度步靠增大 ‖x‖ 来降低损失。",
    "margin.why_shrink": "这个损失看得到 ‖x‖，且径向分量为负：梯度步靠减小 ‖x‖ 来降低损失。",
    "margin.why_still": "这个损失看得到 ‖x‖，但此处径向分量保留三位小数为 0.000：在一阶近似下 x 的长度几乎不影响损失。",
    "margin.turn_ccw": "+ 使 x 逆时针旋转",
    "margin.turn_cw": "− 使 x 顺时针旋转",
    "margin.turn_none": "保留三位小数时不旋转",
    "margin.grad_x_origin": "x 位于原点，没有方向可以沿之分解 −∂L/∂x：其长度为 {length}，一步会把 x 直接移离原点。",
    "history.undo": "撤销",
    "drag.mode": "拖动方式",
    "drag.free": "自由",
    "drag.rotate": "仅旋转（‖w‖ 不变）",
    "drag.scale": "仅缩放（θ 不变）",
    "drag.snap": "吸附（网格、15°、整数范数）",
    "canvas.legend": "拖动：{mode}",
    "canvas.snapping": "吸附",
    "canvas.keys": "Shift：仅旋转 · Alt：仅缩放 · 方向键：微调",
    "canvas.name": "{page}：拖动画布",
    "canvas.name_plane": "{plane} 平面上的投影（横轴 {a}，纵轴 {b}）：拖动画布",
    "canvas.handle": "{name} 位于 ({x}, {y})",
    "view3d.name": "三维视图：方向键或拖动背景可旋转；拖动箭头尖端可移动它",
    "canvas.handle_role": "可拖动的点",
    "canvas.failed": "无法绘制图形（{error}）。请刷新页面重试。",
    "plotly.png": "下载图表为 PNG 图片",
    "plotly.zoom": "缩放",
    "plotly.pan": "平移",
    "plotly.zoom_in": "放大",
    "plotly.zoom_out": "缩小",
    "plotly.autoscale": "自动缩放",
    "plotly.reset_axes": "重置坐标轴",
    "plotly.orbit": "轨道旋转",
    "plotly.turntable": "转台旋转",
    "plotly.camera_default": "视角恢复默认",
    "plotly.camera_saved": "视角恢复到上次保存",
    "plotly.hover_closest": "切换：悬停时显示最近的数据",
    "plotly.zoom_back": "双击恢复原来的缩放",
    "plotly.isolate": "双击图例可只显示这一条",
    "plotly.preparing": "正在生成图片，可能需要几秒钟",
    "plotly.downloaded": "图片已下载",
    "plotly.download_failed": "抱歉，下载图片时出了问题！",
    "said.p": "概率：{cells}",
    "said.cell": "{name} {p}",
    "said.batch": "预测：{items}",
    "said.sample": "样本 {n}：{names}，p {p}",
    "said.sep": "；",
    "history.redo": "重做",
    "history.undo_elsewhere": "撤销的是在“{page}”中做的更改，不是本页的。",
    "history.redo_elsewhere": "重做的是在“{page}”中做的更改，不是本页的。",
    "history.browser_undo_elsewhere": "浏览器的后退或前进撤销了在“{page}”中做的更改，不是本页的。",
    "history.browser_redo_elsewhere": "浏览器的后退或前进重做了在“{page}”中做的更改，不是本页的。",
    "lab.nav": "训练实验室",
    "home.lab_blurb": "观看 softmax 与各种间隔损失如何学习：玩具数据上的线性分类器，以及真实手写数字上论文中的特征图，左右对比。",
    "lab.title": "训练实验室",
    "lab.caption": "实时梯度下降。按“播放”（或“单步”），观察权重、区域与曲线；随时拖动一个权重，训练会从那里继续。点越大，模型给其所属类别的概率越高。",
    "lab.tab_linear": "线性分类器的学习",
    "lab.tab_features": "学到的特征（论文中的图）",
    "lab.data": "数据集",
    "data.blobs": "高斯团",
    "data.rings": "同心圆环",
    "data.spirals": "螺旋",
    "data.clicked": "你点击的点",
    "lab.batch": "小批量大小",
    "lab.full_batch": "全批量",
    "lab.pick": "下一次点击的类别",
    "lab.remove_point": "删除最后一个点",
    "lab.one_step": "1 步",
    "lab.n_steps": "{n} 步",
    "lab.typed_point": "新点",
    "lab.add_point": "添加该点",
    "lab.add_typed": "或输入一个点的坐标（类别同上）",
    "lab.clear_points": "清除所有点",
    "lab.click_hint": "在画布上点击以添加所选类别的点（目前 {n} 个）；训练至少需要一个点。",
    "lab.classes": "类别数",
    "lab.clicked_2d": "点击的点位于这个二维画布上：维度设置只用于生成的数据集。",
    "lab.points_dropped": "随 {k} 以上的类别一并删除：{n} 个点击的点。撤销可恢复。",
    "lab.seed": "随机种子（数据与初始权重）",
    "lab.train_loss": "损失",
    "lab.lr": "学习率",
    "lab.steps": "每帧步数",
    "lab.decay": "权重衰减（L2）",
    "lab.step_button": "单步",
    "lab.step_help": "单步即播放的一帧：{n} 次梯度步（侧边栏的“{setting}”）。",
    "lab.step_help_features": "单步即播放的一帧：在训练数字上训练 {n} 个 epoch。",
    "lab.play": "播放",
    "lab.pause": "暂停",
    "lab.reset": "重置训练",
    "lab.weights": "类别权重",
    "lab.loss": "损失",
    "lab.accuracy": "准确率",
    "lab.step": "步",
    "lab.norm": "‖w_k‖",
    "lab.angle": "夹角（°）",
    "lab.status": "第 {step} 步 · 损失 {loss} · 准确率 {accuracy}",
    "lab.norms_title": "范数 ‖w_k‖",
    "lab.no_mean": "：没有点",
    "lab.angles_title": "w_k 与其类均值的夹角",
    "lab.lesson_grow": "最近 {steps}中平均 ‖w_k‖ 从 {first} 变为 {last}：这个损失看得到 ‖w_k‖，所以在可分的数据上它靠加长权重继续降低损失，没有上限。",
    "lab.lesson_angles": "这个损失只看 w_k 的方向：其梯度垂直于 w_k，所以范数几乎不变（最近 {steps}平均 ‖w_k‖ {first} → {last}），由夹角完成学习。",
    "lab.lesson_angles_grow": "这个损失只看 w_k 的方向：其梯度垂直于 w_k，所以一步只会让 w_k 变长，且只是二阶的量（‖w − lr·g‖² = ‖w‖² + lr²‖g‖²）：最近 {steps}平均 ‖w_k‖ {first} → {last}，梯度大时增长最多。学习靠夹角完成；更长的权重不改变任何 logit。",
    "lab.lesson_decay": "最近 {steps}中平均 ‖w_k‖ 从 {first} 变为 {last}：这个损失看得到 ‖w_k‖，在能降低损失的地方加长权重，而权重衰减每一步把权重乘以 1 − lr·wd = {factor}。{flips}",
    "lab.lesson_wrong_side": "最近 {steps}中平均 ‖w_k‖ 从 {first} 变为 {last}：这个损失看得到 ‖w_k‖，只有在每个点都在边界正确的一侧时才会无限加长权重；这里{wrong}。",
    "lab.lesson_shorter": "最近 {steps}中平均 ‖w_k‖ 从 {first} 变为 {last}：这个损失看得到 ‖w_k‖；虽然每个点都在自己的一侧，这里梯度却缩短了权重：在这些方向上，更短的权重损失更低。",
    "lab.lesson_decay_still": "最近 {steps}中平均 ‖w_k‖ 保持在 {first}（按所显示的位数）：这个损失看得到 ‖w_k‖，在能降低损失的地方加长权重，而权重衰减每一步把权重乘以 1 − lr·wd = {factor}。{flips}",
    "lab.lesson_still_wrong_side": "最近 {steps}中平均 ‖w_k‖ 保持在 {first}（按所显示的位数）：这个损失看得到 ‖w_k‖，只有在每个点都在边界正确的一侧时才会无限加长权重；这里{wrong}。",
    "lab.lesson_still": "最近 {steps}中平均 ‖w_k‖ 保持在 {first}（按所显示的位数）：这个损失看得到 ‖w_k‖，每个点都在自己的一侧，但这些步对范数的改变小于所显示的最后一位。",
    "lab.lesson_angles_decay": "这个损失只看 w_k 的方向：其梯度垂直于 w_k，而权重衰减每一步把 w_k 乘以 1 − lr·wd = {factor}：最近 {steps}平均 ‖w_k‖ {first} → {last}。由夹角完成学习；范数不改变任何 logit。{flips}",
    "lab.lesson_start": "按“单步”或“播放”：下面的范数与夹角随每一步更新。",
    "lab.lesson_no_points": "还没有可训练的点：有了点之后，下面的范数与夹角随每一步更新。",
    "lab.export": "在探索器中打开这些权重",
    "lab.dim": "维度",
    "lab.export_only3": "探索器有三个权重：选择 3 个类别才能在那里打开这些权重。",
    "lab.error": "训练已停止：{error}",
    "lab.outside": "{names} 在画布之外（画布每个轴显示 −{view} 到 {view}）：箭头超出了边缘。“重置训练”会恢复初始权重。",
    "lab.point_outside": "{total} 个点中有 {n} 个在画布之外（画布每个轴显示 −{view} 到 {view}）：它参与训练，但不会画出。“{clear}”会移除所有点。",
    "lab.points_outside": "{total} 个点中有 {n} 个在画布之外（画布每个轴显示 −{view} 到 {view}）：它们参与训练，但不会画出。“{clear}”会移除所有点。",
    "lab.outside_many": "{names} 在画布之外（画布每个轴显示 −{view} 到 {view}）：箭头超出了边缘。“重置训练”会恢复初始权重。",
    "lab.wrong_one": " {n} 个点中有 1 个不在",
    "lab.wrong_many": " {n} 个点中有 {wrong} 个不在",
    "lab.diverged": "训练停在第 {step} 步：第 {next} 步会{outcome}{why}",
    "lab.diverged_past": "把一个权重变为 {size}，超出本应用能容纳的坐标范围 ±{bound}。",
    "lab.diverged_overflow": "让权重或损失超出计算机能表示的任何数（溢出）。",
    "lab.decay_zero": "1 − lr·wd = 0 时，每一步先把所有权重置为零：剩下的只有梯度的一步。{outcome}让 lr·wd 小于 1，衰减才会缩小权重。",
    "lab.decay_flips": "该因子为负：每一步在梯度更新之前把每个权重的符号翻转，并把其大小乘以 {size}。{outcome}让 lr·wd 小于 1，衰减才会缩小权重。",
    "lab.outcome_settled": "在这里训练已稳定下来：最近三步的损失（{loss}）和每个 ‖w_k‖ 都相同。",
    "lab.outcome_cycle": "在这里损失来回摆动：隔步交替为 {a} 和 {b}。",
    "lab.outcome_alternate": "在这里损失隔步升降（{values}）。",
    "lab.diverged_decay": "权重衰减每一步把权重乘以 1 − lr·wd = 1 − {lr} × {wd} = {factor}，小于 −1：每一步都让权重的大小变大而不是变小。请降低学习率或权重衰减，使 lr·wd 小于 2。",
    "lab.diverged_rate": "在 lr = {lr} 时，lr × 梯度的步子把权重带得太远：请降低学习率。",
    "lab.feature_classes": "数字类别",
    "lab.feature_dim": "特征维度",
    "lab.left": "左：损失",
    "lab.right": "右：损失",
    "lab.warmup": "间隔预热",
    "lab.warmup_why": "在 {dim} 维特征上从冷启动直接加间隔，会在各类找到方向之前就与网络对抗，训练可能停滞。预热时间隔在前 {epochs} 个轮次内从 0 增长到设定值（SphereFace 的退火也是这个原因）。",
    "lab.features_caption": "一个 MLP（64 → 64 → 32 → {dim}）把 scikit-learn 的 8×8 手写数字映射为 {dim} 维特征，再接损失头；左右两侧使用同一随机种子和同样的数据。点是留出的数字，线是类别权重的方向。",
    "lab.epoch": "第 {epoch} 轮",
    "lab.col_loss": "损失",
    "lab.col_accuracy": "留出准确率",
    "lab.col_intra": "Intra（°）",
    "lab.col_inter": "Inter（°）",
    "lab.col_norm": "平均 ‖f‖",
    "lab.intra_inter": "Intra：留出特征与其类别权重的平均夹角。Inter：各类别到其他类别权重的最小夹角的平均（与 ArcFace 论文的表格相同）。",
    "lab.no_epoch": "还没有训练轮次：请按“单步”或“播放”。",
    "margin.error": "这个损失需要夹角：{error}。请把向量拖离原点。",
    "margin.zero_vector": "{kind} 需要夹角，而 {vector} 是零向量：其夹角无定义。请把 {vector} 拖离原点。",
    "margin.chart": "对比图",
    "margin.curves": "目标 logit 随 θ_y 的变化",
    "margin.curves_y": "目标 logit ÷ 其尺度 S（{scales}）",
    "margin.angle_space": "夹角空间：二分类边界",
    "margin.loss_vs_s": "损失随尺度 s 的变化",
    "margin.loss_vs_s_note": "s 很大时损失饱和：样本一进入其区域就接近 0，在区域外则非常大。",
    "margin.s_now": "当前的 s = {s}",
    "margin.s_now_loss": "当前的 s = {s}：L = {loss}",
    "margin.loss_underflow": "从 s = {s} 起，损失小于 float64 的最小正规数 {tiny}：曲线在此截止。",
    "margin.no_scale": "这个损失没有尺度 s。",
    "margin.paper": "论文",
    "margin.no_paper": "无：普通 softmax 是没有间隔的基线",
    "margin.same_curve": "{name}（与 {other} 曲线相同）",
    "margin.sample_point": "此样本：{z} ÷ {scale} = {z} ÷ {S}",
    "margin.sample_point_bias": "此样本：不含偏置的目标 logit {z} ÷ {scale} = {z} ÷ {S}",
    "margin.unused_settings": "在探索器中设置、本页不使用的：{settings}。本页的每个损失只按其公式对权重与 x 归一化和缩放。",
    "margin.sample_angles": "此样本：θ_y = {ty}°，θ_j = {tj}°",
    "margin.angle_title": "只比较 {y}（y）与最强的其他类 {j}（j）；每条边界都取 {values}（各损失的 logit 用到哪些就取哪些）",
    "margin.angle_x_origin": "‖x‖ = 1（x 在原点）",
    "margin.angle_wins": "{winner} 带间隔胜过 {loser}",
    "margin.angle_wins_plain": "{winner} 胜过 {loser}",
    "legend.grad": "−∂L/∂w_j 与 −∂L/∂x：一步 SGD，按同一比例缩放",
    "legend.grad_radial": "−∂L/∂x 的径向分量（改变 ‖x‖）",
    "legend.grad_tangential": "−∂L/∂x 的切向分量（旋转 x）",
    "legend.no_margin_border": "无间隔时的边界（{what}）：{tie}",
    "legend.ring": "圆 ‖x‖ = {radius}：每个方向上带间隔获胜的类别",
    "legend.ring_origin": "圆 r = 1（x = 0）：每个方向上带间隔获胜的类别",
    "legend.band": "灰色：没有类别能带间隔获胜",
    "legend.grad.short": "−∂L/∂w_j、−∂L/∂x：一步 SGD",
    "legend.grad_radial.short": "−∂L/∂x 的径向分量",
    "legend.grad_tangential.short": "−∂L/∂x 的切向分量",
    "legend.no_margin_border.short": "无间隔时的边界",
    "legend.ring.short": "圆 ‖x‖ = {radius}：带间隔获胜的类别",
    "legend.ring_origin.short": "圆 r = 1：带间隔获胜的类别",
    "unit.radian": "弧度",
    "unit.cosine": "余弦单位",
    "unit.multiplier": "θ 的倍数",
    "axis.theta_y": "θ_y（度）",
    "axis.theta_j": "θ_j（度）",
    "axis.s": "尺度 s",
    "axis.loss": "损失（对数刻度）",
    "param.s": "s（尺度）",
    "param.m": "m（间隔）",
    "param.lam": "λ（退火）",
    "param.m1": "m1（乘到 θ 上）",
    "param.m2": "m2（加到 θ 上）",
    "param.m3": "m3（从 cos 中减去）",
    "param.easy_margin": "宽松间隔（仅在 cos θ_y > 0 处加间隔；即参考代码的 easy_margin）",
    "kind.softmax.name": "Softmax",
    "kind.softmax.intuition": "logit 是点积加偏置，‖x‖ 按比例缩放每个点积：在 x 自身类别的 w·x 最大之处，增大 ‖x‖ 会降低损失；在别处则可能升高损失（下方 x 上的梯度说明是哪种）。",
    "kind.normface.name": "NormFace（缩放余弦 softmax）",
    "kind.normface.intuition": "归一化权重和特征后只剩夹角；尺度 s 决定概率能有多尖锐。",
    "kind.lsoftmax.name": "L-Softmax（大间隔 softmax）",
    "kind.lsoftmax.intuition": "目标夹角在 ψ 中乘以 m = {m:g}，而每个 logit 都保留 ‖w‖‖x‖：权重等长时，只有对其他每个类 j 都有 m·θ_y < θ_j 之处，该类才获胜；更长的权重可以弥补部分间隔。",
    "kind.lsoftmax.intuition_lam": "目标夹角在 ψ 中乘以 m = {m:g}，而每个 logit 都保留 ‖w‖‖x‖。λ = {lam:g} 混入普通余弦，(λ cos θ_y + ψ(θ_y)) / (1 + λ)：间隔比单独的 m 更窄（训练中 λ 逐渐降向 0）。",
    "kind.no_margin": "在 {values} 时，{kind} 没有间隔：目标类的 logit 与其他各类使用同一个公式，因此类别在 {tie} 处打平，与无间隔时相同。",
    "kind.sphereface.name": "SphereFace（A-Softmax）",
    "kind.sphereface.intuition": "权重归一化的 L-Softmax：乘性角度间隔，只由夹角决定（论文的 m 是 4）。这里 m = {m:g}：只有当 x 与其他任何类的夹角都是与某类夹角的 {m:g} 倍以上时，该类才获胜（m·θ_y < θ_j）。",
    "kind.sphereface.intuition_lam": "权重归一化的 L-Softmax：乘性角度间隔，只由夹角决定（论文的 m 是 4）。这里 λ = {lam:g} 混入普通余弦，(λ cos θ_y + ψ(θ_y)) / (1 + λ)，就像论文训练初期那样：间隔比单独的 m = {m:g} 更窄（λ = 0 时才有 m·θ_y < θ_j）。",
    "kind.cosface.name": "CosFace（大间隔余弦损失）",
    "kind.cosface.intuition": "从目标余弦中减去 m：余弦空间中宽度恒定的间隔。",
    "kind.amsoftmax.name": "AM-Softmax（加性间隔 softmax）",
    "kind.amsoftmax.intuition": "与 CosFace 相同的加性余弦间隔，独立提出（论文默认 s = 30）。",
    "kind.arcface.name": "ArcFace（加性角度间隔）",
    "kind.arcface.intuition": "给目标夹角加上 m：角度上宽度恒定的间隔（球面上的测地距离）。当 θ_y + m > π 时，较早的 insightface 与 pytorch-metric-learning 代码（以及本页）改用 cos θ_y − m sin m，使 logit 继续下降；当前的 insightface 代码处处使用 cos(θ_y + m)。",
    "kind.arcface.intuition_easy": "给目标夹角加上 m：角度上宽度恒定的间隔（球面上的测地距离）。easy margin：只在 cos θ_y > 0（θ_y < 90°）处加间隔；超过 90° 时目标 logit 是 s·cos θ_y，没有间隔。",
    "kind.combined.name": "组合间隔",
    "kind.combined.intuition": "一个公式涵盖三种间隔，s(cos(m1·θ_y + m2) − m3)：m1 如 SphereFace，m2 如 ArcFace，m3 如 CosFace。ArcFace 论文的 insightface 代码（mxnet）可计算任意组合；其当前的 PyTorch 代码只支持 ArcFace 情形（m1 = 1，m3 = 0）或 CosFace 情形（m3 > 0，忽略 m1 与 m2）。当 m1·θ_y + m2 > π 时余弦会重新上升，因此目标 logit 在那里不单调。",
    "explorer3d.nav": "三维探索",
    "explorer3d.title": "三维探索",
    "explorer3d.caption": "拖动背景旋转视角；拖动箭头尖端在正对你的平面内移动。半径为 ‖x‖ 的球面按预测类别着色（越深越确定）；灰色多边形是真正的边界 (w_i − w_j)ᵀx + (b_i − b_j) = 0。",
    "home.explorer3d_blurb": "同一个分类器放到空间中：区域变成楔形，方向球面按类别着色。",
    "explorer3d.projections": "投影（这里也能拖动）",
    "explorer3d.vectors": "向量：精确坐标与球坐标控制",
    "controls.azimuth": "方位角（°）",
    "controls.elevation": "仰角（°）",
    "controls.length": "长度",
    "controls.sphere_radius": "球半径",
    "controls.sphere_radius_help": "0 表示跟随 ‖x‖。",
    "axis.z": "x₃",
    "matrix.nav": "矩阵视图",
    "matrix.title": "矩阵视图：Z = WᵀX + b",
    "matrix.caption": "一批样本作为 X 的列。点击画布空白处添加样本，拖动样本和权重，选一列（样本）和一行（类别）在各矩阵中追踪。",
    "home.matrix_blurb": "一批样本的全连接层矩阵形式，实时计算：WᵀX、广播的偏置、Z 以及逐列 softmax。",
    "matrix.dim": "维度 D",
    "matrix.sample": "样本（列）",
    "matrix.class": "类别（行）",
    "matrix.exact": "高亮的一对的精确值：{x} 与 {w}",
    "matrix.add": "添加",
    "matrix.remove": "删除",
    "matrix.broadcast": "广播后的 b（K×N）",
    "matrix.softmax": "softmax(Z)，逐列",
    "matrix.softmax_t": "softmax(Z/T)，T = {T}，逐列",
    "matrix.rows_class": "类别",
    "matrix.rows_dim": "维度",
    "matrix.pair": "所选的一对，两种写法",
    "matrix.pair_zero": "{vector} 是零向量：它没有方向，所以 θ 无定义（—），两种写法的乘积都是 0。",
    "scenarios.nav": "场景",
    "scenarios.title": "场景",
    "scenarios.caption": "一键打开一个说明一个要点的场景；每个场景都可以继续编辑。",
    "home.scenarios_blurb": "课堂用的一键场景集，每个都附有简短说明。",
    "scenarios.open": "打开",
    "scenario.equal_norms.title": "模长相等：夹角决定胜负",
    "scenario.equal_norms.text": "三个权重长度都是 {n1:.3g}，所以 z_i = {n1:.3g}‖x‖cos θ_i：与 x 夹角最小的类获胜（这里是类别 {top}，与 x 相差 {t_top:.0f}°），边界平分夹角。",
    "scenario.longer_wins.title": "更长的权重即使夹角更大也能获胜",
    "scenario.longer_wins.text": "x 与 w2 相差 {t2:.0f}°，与 w1 相差 {t1:.0f}°；但 w1 的长度是 w2 的 {ratio12:.1f} 倍，所以 ‖w1‖‖x‖cos {t1:.0f}° = {d1:.2f} 胜过 {d2:.2f}。",
    "scenario.bias_shift.title": "偏置把边界移离原点",
    "scenario.bias_shift.text": "b1 = {b1:g} 让类别 1 处处加分：它与类别 2 的边界从 x₁ = 0 移到 x₁ = {border12:g}。",
    "scenario.on_boundary.title": "恰好在边界上的样本：平局",
    "scenario.on_boundary.text": "x = {x} 与 w1 = {w1} 和 w2 = {w2} 的点积相同：z1 = z2 = {z1:.2f}，所以 p1 = p2 = {p1:.4f}；类别 3 的 logit 低得多（{z3:.2f}），只占剩下的 {p3:.4f}。",
    "scenario.sharpen.title": "放大 x 或降低 T：概率更尖锐",
    "scenario.sharpen.text": "softmax(z/T) 取决于 logit 差除以 T。这里 T = {T:g}，类别 {top} 的 p 为 {p_top:.2f}，而 T = 1 时为 {p_top_T1:.2f}。把 x 向外拖或再降低 T，它趋近 1。",
    "scenario.zero_sample.title": "零样本",
    "scenario.zero_sample.text": "x = 0 时每个 logit 都等于其偏置，所以 p = softmax(b) = softmax{b} = {p:.2f}，夹角无定义。",
    "scenario.margin_softmax.title": "同一场景：softmax…",
    "scenario.margin_softmax.text": "三个权重长度都是 {n1:.3g}，x 与 w1 相差 {t1:.1f}°，与 w2 相差 {t2:.1f}°，所以类别 1 获胜：p1 = {p1:.2f}，损失 {loss:.2f}。只看夹角的 NormFace（s = {nf_s:g}）结论相同：p1 = {nf_p1:.2f}。后两个场景保持这一几何，只加上间隔。",
    "scenario.margin_cosface.title": "…CosFace…",
    "scenario.margin_cosface.text": "CosFace（s = {s:g}，m = {m:g}）：类别 1 需要在余弦上领先 m，但 cos θ1 − cos θ2 = {c1:.3f} − {c2:.3f} = {lead12:.3f}。它的 logit s(cos θ1 − m) = {mz1:.2f} 低于类别 2 的 s cos θ2 = {mz2:.2f}：x 落在灰色模糊带中，p1 = {mp1:.2f}，损失 {loss:.2f}。",
    "scenario.margin_arcface.title": "…以及 ArcFace",
    "scenario.margin_arcface.text": "ArcFace（s = {s:g}，m = {m:g} 弧度 = {m_deg:.1f}°）：类别 1 需要比类别 2 离 x 近 {m_deg:.1f}°，实际只近 {closer12:.1f}°。它的 logit s cos(θ1 + m) = {s:g} cos {ty_m:.1f}° = {mz1:.2f} 低于 {mz2:.2f}：x 落在灰色模糊带中，p1 = {mp1:.2f}，损失 {loss:.2f}。",
    "share.export": "导出场景（JSON）",
    "share.import": "导入场景（JSON）",
    "upload.button": "上传",
    "upload.limit": "文件不超过 {mb} MB",
    "share.imported": "已从 {file} 导入场景。",
    "share.bad_import": "无法导入 {file}，场景保持不变。问题：{problems}",
    "share.projector": "演示模式",
    "controls.language": "Language · 语言",
    "msg.static_failed": "无法在 static/ 中为拖动画布准备 Plotly.js：{error}",
    "share.copy": "复制链接",
    "share.copied": "链接已复制",
    "share.qr": "显示二维码",
    "share.names": "为类别命名",
    "share.qr_caption": "扫码打开这个场景",
    "share.qr_alt": "下方链接的二维码",
    "share.qr_too_long": "这个链接有 {n} 个字符，超出了二维码的容量：请改为分享下面的链接（复制链接），或导出场景。",
    "share.qr_network": "{host} 只能在这台电脑上打开，所以这个二维码使用它的网络地址 {ip}：同一网络（Wi-Fi）中的手机可以打开。",
    "share.qr_local": "{host} 只能在这台电脑上打开，手机无法打开这个二维码。请用 `--server.address 0.0.0.0` 启动应用并用电脑的网络地址打开，或部署它（见 README）。",
    "tour.nav": "导览",
    "tour.title": "导览",
    "tour.caption": "用五步讲完整个论证，每一步都配有可拖动的实时图。用“下一步”和“上一步”前后翻看。",
    "home.tour_blurb": "从线性层到点积、模长与夹角、softmax 和间隔损失，一步一步来。",
    "tour.next": "下一步",
    "tour.back": "上一步",
    "tour.restart": "重置本步",
    "tour.progress": "第 {i} 步，共 {n} 步",
    "tour.open": "在对应页面中打开此场景",
    "tour.linear.title": "1. 线性层给每个类别打分",
    "tour.linear.text": "对样本 $x$，线性层为每个类别计算一个分数 $z = W^\\top x + b$：$W$ 的每一列是一个类别的权重向量 $w_i$。预测类别是分数最大的那个；彩色区域显示各处哪个类别获胜，线条是两类打平的边界。",
    "tour.dot.title": "2. 每个分数都是一个点积",
    "tour.dot.text": "$z_i = w_i^\\top x + b_i = \\sum_d w_{{di}} x_d + b_i$。从几何上看，$w_i^\\top x$ 等于 $\\lVert w_i\\rVert$ 乘以 $x$ 在 $w_i$ 方向上投影的带符号长度，即图中的粗线段。沿着 w2 拖动 x，看 z2 变大。",
    "tour.norms.title": "3. 模长与夹角的较量",
    "tour.norms.text": "$w_i^\\top x = \\lVert w_i\\rVert\\,\\lVert x\\rVert\\cos\\theta_i$。一个类别获胜，要么靠夹角小（$\\cos\\theta_i$ 大），要么靠权重长。表格下的句子说明当前场景属于哪一种。",
    "tour.here.closest": "这里 w{k} 与 x 的夹角最小（{tk}°），它获胜。",
    "tour.here.longer": "这里 x 与 w{c} 相差 {tc}°，与 w{k} 相差 {tk}°，但 w{k} 仍然获胜：它更长（‖w{k}‖ = {nk}，‖w{c}‖ = {nc}）。",
    "tour.here.shorter": "这里 x 与 w{c} 相差 {tc}°，与 w{k} 相差 {tk}°，但 w{k} 仍然获胜：两者都背离 x，较短的损失较小（‖w{k}‖ = {nk}，‖w{c}‖ = {nc}）。",
    "tour.here.bias": "这里 x 与 w{c} 相差 {tc}°，与 w{k} 相差 {tk}°，但 w{k} 凭偏置仍然获胜（b{k} = {bk}，b{c} = {bc}）。",
    "tour.here.tie": "这里 {names} 并列最大分数，z = {z}。",
    "list.sep": "、",
    "list.and": " 与 ",
    "tour.here.origin": "这里 w{k} 位于原点，与 x 没有夹角：它的分数就是偏置（b{k} = {bk}），而且是最大的。",
    "tour.here.zero": "这里 x 是零向量：它与任何权重都没有夹角，每个分数都等于其偏置。",
    "tour.softmax.title": "4. softmax 把分数变成概率",
    "tour.softmax.text": "$p_i = e^{{z_i/T}} / \\sum_j e^{{z_j/T}}$。只有分数之间的差才重要。更低的温度 $T$（这里是 {T}）或更长的 $x$ 会让获胜类的概率趋近 1；区域的深浅显示 p。",
    "tour.margins.title": "5. 间隔：光赢还不够",
    "tour.margins.text": "人脸识别中的损失先归一化向量，只让夹角起作用，再要求正确类别赢出一个间隔，例如 ArcFace 的 $\\cos(\\theta_y + m)$。灰色是没有类别能带间隔获胜的模糊带；损失会把样本推出这条带。",
    "problem.at": "{where}：{text}",
    "problem.raw": "{got}",
    "problem.sep": "；",
    "problem.number": "{what}必须是数字，收到的是 {got}",
    "problem.finite": "{what}必须是有限数，收到的是 {got}",
    "problem.between": "{what}必须在 {lo} 到 {hi} 之间，收到的是 {got}",
    "problem.at_least": "{what}至少为 {lo}，收到的是 {got}",
    "problem.point": "一个点必须是 {dim} 个数，收到的是 {got}",
    "problem.count": "{what}必须有 {n} 个，收到的是 {got} 个",
    "problem.boolean": "{what}必须是开或关（0 或 1）",
    "problem.range": "{what}必须在 {lo} 到 {hi} 之间，收到的是 {got}",
    "problem.one_of": "{what}必须是 {options} 之一，收到的是 {got}",
    "problem.unknown": "未知的{what} {got}（可选：{options}）",
    "problem.layers": "未知的图层 {got}（图层有：{options}）",
    "problem.no_param": "{kind} 没有参数 {got}（它的参数：{known}）",
    "problem.takes_params": "{kind} 的参数是 {known}",
    "problem.camera": "相机由两个角度（方位角、仰角）给出",
    "problem.batch": "一批有 {lo} 到 {hi} 个样本，收到的是 {got} 个",
    "problem.class_name": "类别名最多 {n} 个字符，不含「|」，首尾不留空格",
    "problem.length_max": "沿这个方向，长度最多为 {most}，收到的是 {got}",
    "problem.points_max": "最多 {n} 个点击的点，收到的是 {got} 个",
    "problem.samples_max": "最多 {n} 个样本，收到的是 {got} 个",
    "problem.batch_full": "这批样本已有 {n} 个，已达上限（请先移除一个）",
    "problem.clicked": "一个点击的点是 (x, y, 类别)",
    "problem.clicked_class": "点击的点的类别必须是整数，收到的是 {got}",
    "problem.two_losses": "并排训练的是两个损失",
    "problem.numbers": "应为 {n} 个以逗号分隔的数，收到的是 {got}",
    "problem.array": "应为一个含 {n} 个数的数组，收到的是 {got}",
    "problem.arrays": "应为若干数组，每个含 {n} 个数，收到的是 {got}",
    "problem.not_number": "应为一个数，收到的是 {got}",
    "problem.bool": "应为 0 或 1，收到的是 {got}",
    "problem.whole": "应为整数，收到的是 {got}",
    "problem.whole_of": "{what}必须是整数，收到的是 {got}",
    "problem.pairs": "应为 名称:数值 的形式，收到的是 {got}",
    "problem.repeated": "有参数给出了不止一次：{got}",
    "problem.too_long": "值太长",
    "problem.unreadable": "无法读取此链接",
    "problem.too_large": "文件太大，不可能是场景",
    "problem.not_json": "不是 JSON（第 {line} 行第 {col} 列）",
    "problem.not_text": "不是文本（UTF-8）",
    "problem.too_deep": "嵌套层级太深，不可能是场景",
    "problem.not_object": "应为由场景字段组成的 JSON 对象，如导出所写",
    "problem.no_fields": "文件中没有任何场景字段（导出会写出全部字段）",
    "problem.json_value": "应为文本、数或数的数组",
    "problem.json_repeated": "多次给出，且取值不同",
    "problem.unknown_field": "未知字段 {got}",
    "problem.json_pref": "这是页面的设置，不属于场景：请在页面上设置",
    "problem.name_bar": "类别名称不能包含“|”，链接中用它分隔名称",
    "problem.zero_sample": "样本 {n} 是零向量：它与权重的夹角没有定义（{kind}）",
    "problem.zero_weight": "w{k} 是零向量：它的夹角没有定义（{kind} 需要它）",
    "what.coordinate": "坐标",
    "what.bias": "偏置",
    "what.temperature": "温度",
    "what.view": "视野半宽",
    "what.param": "参数 {name} ",
    "what.sphere_radius": "球半径",
    "what.az": "方位角",
    "what.el": "仰角",
    "what.length": "长度",
    "what.camera_azimuth": "相机方位角",
    "what.camera_elevation": "相机仰角",
    "what.learning_rate": "学习率",
    "what.weight_decay": "权重衰减",
    "what.data_set": "数据集",
    "what.classes": "类别数",
    "what.training_loss": "训练损失",
    "what.batch_size": "小批量大小",
    "what.training_dim": "训练维度",
    "what.class_to_add": "要添加的类别",
    "what.digit_classes": "数字类别数",
    "what.feature_dim": "特征维度",
    "what.feature_loss": "特征损失",
    "what.weights": "权重",
    "what.biases": "偏置",
    "what.weights3": "三维权重",
    "what.class_names": "类别名",
    "what.normalize": "归一化",
    "what.compare_softmax": "与 softmax 的比较",
    "what.warmup": "预热",
    "what.projector": "演示模式",
    "what.snap": "吸附",
    "what.seed": "随机种子",
    "what.training_seed": "训练随机种子",
    "what.projected_on": "x 投影到的类别",
    "what.label": "真实类别 y",
    "what.sample": "所选样本",
    "what.class": "所选类别",
    "what.steps": "每帧步数",
    "what.dim": "维度",
    "what.margin_chart": "对比图",
    "what.tour_step": "导览步骤",
    "what.loss": "损失",
    "what.language": "语言",
    "what.drag_mode": "拖动方式",
    "what.clicked_class": "点击的点的类别",
    "undefined": "—",
}
STRINGS["zh"] = _ZH
LANGUAGES = {"en": "English", "zh": "中文"}

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def class_names(given: Sequence[str], lang: str) -> list[str]:
    """The classes' names: the user's (cat, dog, bird; a scene's ``class_names``) or "class k"; a
    name that two classes share says its number ("cat (1)", "cat (2)"). Streamlit tells a choice's
    options by their labels: with two "cat" buttons, class 1 could not be picked, and the wrong one
    showed as chosen."""
    names = [name or t("class.name", lang, k=k + 1) for k, name in enumerate(given)]
    return [f"{name} ({k + 1})" if names.count(name) > 1 else name for k, name in enumerate(names)]


def sample_name(n: int) -> str:
    """Sample n (0-based) as x⁽ⁿ⁺¹⁾: a superscript, since x₁ is the first axis."""
    return f"x⁽{str(n + 1).translate(_SUPERSCRIPT)}⁾"
