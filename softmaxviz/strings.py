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


# 中文. LaTeX formulas are the same in every language.
_ZH: dict[str, str] = {
    "app.title": "softmaxviz",
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
    "canvas.loading": "正在加载画布…",
    "table.title": "各类别",
    "col.class": "类别",
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
    "controls.title": "向量",
    "controls.coords": "坐标（输入精确值）",
    "controls.bias": "偏置",
    "controls.temperature": "温度 T",
    "controls.temperature_help": "p_i = e^(z_i/T) / Σ_j e^(z_j/T)：T 小则更尖锐，T 大则更平缓。",
    "controls.normalize_w": "归一化权重（‖w_i‖ = 1）",
    "controls.normalize_x": "归一化样本（‖x‖ = 1）",
    "controls.layers": "图层",
    "layer.regions": "决策区域",
    "layer.borders": "区域边界",
    "layer.arcs": "夹角弧线",
    "layer.projection": "x 的投影",
    "controls.selected": "把 x 投影到",
    "controls.view": "视野半宽",
    "controls.fit": "适应视野",
    "controls.reset": "重置",
    "controls.share": "分享：本页网址包含整个场景。",
    "axis.x": "x₁",
    "axis.y": "x₂",
    "legend.sample": "x",
    "legend.border": "边界",
    "legend.projection": "投影",
    "handle.w": "w{k}",
    "class.name": "类别 {k}",
    "proj.label": "‖x‖cos θ{k} = {v}",
    "msg.bad_link": "无法读取此链接，已显示默认场景。问题：{problems}",
    "msg.zero_x": "x 是零向量：每个 logit 都等于其偏置，概率为 softmax(b)，夹角 θ_i 无定义（显示为 —）。",
    "msg.zero_w": "{names} 位于原点：其 logit 只是偏置，与 x 的夹角无定义（—）。",
    "msg.equal_w": "{a} 与 {b} 相同（偏置也相同）：二者处处打平，它们之间没有边界，平局归较小的序号。",
    "msg.outside": "{names} 在视野之外：请点“适应视野”或增大半宽。",
    "msg.bad_input": "该值未被接受：{error}。保留原值。",
    "msg.saturated": "logit 相差超过约 700/T，概率舍入为恰好 0 和 1；计算本身仍然精确（先减去最大 logit）。",
    "margin.nav": "间隔实验室",
    "margin.title": "间隔实验室",
    "margin.caption": "人脸识别中的间隔 softmax 损失家族，画在同一平面上。拖动权重和带标签的样本：彩色区域是该类样本*带间隔*也能获胜的地方，灰色是中间的模糊带。",
    "home.margin_blurb": "NormFace、L-Softmax、SphereFace、CosFace / AM-Softmax、ArcFace 与组合间隔：它们的区域、目标 logit、损失与梯度。",
    "margin.loss": "损失",
    "margin.label": "样本的标签 y",
    "margin.params": "参数",
    "margin.compare": "显示普通 softmax 边界",
    "margin.loss_value": "损失 L",
    "margin.table": "各类别",
    "col.raw": "无间隔 logit",
    "col.margin": "带间隔 logit",
    "col.grad_w": "‖∂L/∂w‖",
    "margin.grad_x": "x 上的梯度",
    "margin.grad_x_text": "−∂L/∂x = 径向 {radial}（改变 ‖x‖）+ 切向 {tangential}（旋转 x）。{why}",
    "margin.why_softmax": "普通 softmax 可以靠增大 ‖x‖ 来降低损失。",
    "margin.why_normalized": "这个损失只看夹角：径向分量为零，只能旋转 x。",
    "margin.why_mixed": "这个损失也看 ‖x‖，所以一部分步长会改变长度。",
    "margin.error": "这个损失需要夹角：{error}。请把向量拖离原点。",
    "margin.curves": "目标 logit 随 θ_y 的变化",
    "margin.curves_y": "目标 logit / 尺度",
    "margin.angle_space": "夹角空间：二分类边界",
    "margin.loss_vs_s": "损失随尺度 s 的变化",
    "margin.loss_vs_s_note": "s 很大时损失饱和：样本一进入其区域就接近 0，在区域外则非常大。",
    "margin.no_scale": "这个损失没有尺度 s。",
    "margin.paper": "论文",
    "margin.sample_point": "此样本",
    "margin.band": "模糊带",
    "legend.grad": "−∂L（一步 SGD）",
    "legend.grad_radial": "径向",
    "legend.grad_tangential": "切向",
    "legend.softmax_border": "softmax 边界",
    "legend.ring": "‖x‖ 处的各方向",
    "axis.theta_deg": "θ（度）",
    "axis.theta_y": "θ_y（度）",
    "axis.theta_j": "与最强其他类的夹角 θ（度）",
    "axis.s": "尺度 s",
    "axis.loss": "损失（对数刻度）",
    "param.s": "s（尺度）",
    "param.m": "m（间隔）",
    "param.lam": "λ（退火）",
    "param.m1": "m1（乘到 θ 上）",
    "param.m2": "m2（加到 θ 上）",
    "param.m3": "m3（从 cos 中减去）",
    "param.easy_margin": "easy margin（仅在 cos θ_y > 0 处加间隔）",
    "kind.softmax.name": "Softmax",
    "kind.softmax.paper": "基线（无间隔）",
    "kind.softmax.intuition": "logit 是点积，所以样本只需增大 ‖x‖ 就能降低损失。",
    "kind.normface.name": "NormFace（缩放余弦 softmax）",
    "kind.normface.paper": "arXiv:1704.06369",
    "kind.normface.intuition": "归一化权重和特征后只剩夹角；尺度 s 决定概率能有多尖锐。",
    "kind.lsoftmax.name": "L-Softmax（大间隔 softmax）",
    "kind.lsoftmax.paper": "arXiv:1612.02295",
    "kind.lsoftmax.intuition": "目标夹角乘以 m：该类需在夹角上近 m 倍才能获胜。",
    "kind.sphereface.name": "SphereFace（A-Softmax）",
    "kind.sphereface.paper": "arXiv:1704.08063",
    "kind.sphereface.intuition": "权重归一化的 L-Softmax：乘性角度间隔，只由夹角决定。",
    "kind.cosface.name": "CosFace（大间隔余弦损失）",
    "kind.cosface.paper": "arXiv:1801.09414",
    "kind.cosface.intuition": "从目标余弦中减去 m：余弦空间中宽度恒定的间隔。",
    "kind.amsoftmax.name": "AM-Softmax（加性间隔 softmax）",
    "kind.amsoftmax.paper": "arXiv:1801.05599",
    "kind.amsoftmax.intuition": "与 CosFace 相同的加性余弦间隔，独立提出（论文默认 s = 30）。",
    "kind.arcface.name": "ArcFace（加性角度间隔）",
    "kind.arcface.paper": "arXiv:1801.07698",
    "kind.arcface.intuition": "给目标夹角加上 m：角度上宽度恒定的间隔（球面上的测地距离）。当 θ_y + m > π 时，参考实现改用 cos θ_y − m sin m，使 logit 继续下降。",
    "kind.combined.name": "组合间隔",
    "kind.combined.paper": "arXiv:1801.07698（insightface）",
    "kind.combined.intuition": "一个公式涵盖三种间隔：m1 如 SphereFace，m2 如 ArcFace，m3 如 CosFace。",
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
    "matrix.add": "添加",
    "matrix.remove": "删除",
    "matrix.broadcast": "广播后的 b（K×N）",
    "matrix.softmax": "softmax(Z)，逐列",
    "matrix.matrices": "各矩阵",
    "matrix.pair": "所选的一对，两种写法",
    "scenarios.nav": "场景",
    "scenarios.title": "场景",
    "scenarios.caption": "一键打开一个说明一个要点的场景；每个场景都可以继续编辑。",
    "home.scenarios_blurb": "课堂用的一键场景集，每个都附有简短说明。",
    "scenarios.open": "打开",
    "scenario.equal_norms.title": "模长相等：夹角决定胜负",
    "scenario.equal_norms.text": "三个权重长度都是 2，所以 z_i = 2‖x‖cos θ_i：与 x 夹角最小的类获胜，边界平分夹角。",
    "scenario.longer_wins.title": "更长的权重即使夹角更大也能获胜",
    "scenario.longer_wins.text": "x 与 w2 相差 25°，与 w1 相差 45°；但 w1 长一倍，所以 ‖w1‖‖x‖cos 45° = 3.75 胜过 2.25。",
    "scenario.bias_shift.title": "偏置把边界移离原点",
    "scenario.bias_shift.text": "b1 = 2 让类别 1 处处加分：它与类别 2 的边界从 x₁ = 0 移到 x₁ = −0.5。",
    "scenario.on_boundary.title": "恰好在边界上的样本：五五开",
    "scenario.on_boundary.text": "x = (1, 1) 与 w1 = (2, 0) 和 w2 = (0, 2) 的点积相同：z1 = z2，所以 p1 = p2。",
    "scenario.sharpen.title": "放大 x 或降低 T：概率更尖锐",
    "scenario.sharpen.text": "softmax(z/T) 取决于 logit 差除以 T。把 x 向外拖或再降低 T，获胜类的 p 趋近 1。",
    "scenario.zero_sample.title": "零样本",
    "scenario.zero_sample.text": "x = 0 时每个 logit 都等于其偏置，所以 p = softmax(b)，夹角无定义。",
    "scenario.margin_softmax.title": "同一场景：softmax…",
    "scenario.margin_softmax.text": "普通 softmax：样本位于类别 1 的区域内，p1 = 0.82，损失很小。",
    "scenario.margin_cosface.title": "…CosFace…",
    "scenario.margin_cosface.text": "同样的几何加上加性余弦间隔：样本现在落在模糊带中。",
    "scenario.margin_arcface.title": "…以及 ArcFace",
    "scenario.margin_arcface.text": "加性角度间隔为 0.5 弧度时，类别 1 必须比 w2 再近 28.6°：损失很大。",
    "share.export": "导出场景（JSON）",
    "share.import": "导入场景（JSON）",
    "share.imported": "场景已导入。",
    "share.bad_import": "无法导入此文件，场景保持不变。问题：{problems}",
    "share.copy": "复制链接",
    "share.copied": "链接已复制",
    "undefined": "—",
}
STRINGS["zh"] = {**{k: v for k, v in STRINGS["en"].items() if k.endswith(".formula")}, **_ZH}
LANGUAGES = {"en": "English", "zh": "中文"}
