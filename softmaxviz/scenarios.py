"""Named one-click scenes for the classroom: each makes one point of the seed's argument.

Titles and explanations live in the string table (``scenario.<key>.title`` / ``.text``). An
explanation is a template: every number it quotes is one of :func:`facts`, computed from the
card's own scene, so changing a scene changes what its card says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from softmaxviz.core import analyze, softmax
from softmaxviz.kinds import KINDS
from softmaxviz.margins import margin_logits, margin_loss
from softmaxviz.state import RESET_FIELDS, Scene


class Number(float):
    """A fact for a template, which picks its precision (``{t1:.1f}``); negatives get the minus
    sign (−) the pages write, not a hyphen."""

    def __format__(self, spec: str) -> str:
        text = super().__format__(spec)
        if text.lstrip().startswith("-") and not re.search(r"[1-9]", text):
            # A small negative that rounds to zero reads 0.000, not −0.000.
            text = text.replace("-", "", 1)
        return text.replace("-", "\N{MINUS SIGN}")


class Vector(tuple):
    """A vector fact: ``{x}`` reads ``(1, 1)`` (a no-break space: a narrow card split "(2, / 0)"); a
    spec applies to each entry (``{p:.2f}``)."""

    def __format__(self, spec: str) -> str:
        return "(" + ",\u00a0".join(format(Number(v), spec or "g") for v in self) + ")"


def facts(scene: Scene) -> dict[str, object]:
    """The numbers a scenario's card may quote, computed from its scene.

    Per class ``k = 1..K``: ``w{k}`` (a :class:`Vector`), ``n{k}`` = ``||w_k||``, ``b{k}``,
    ``t{k}`` = ``theta_k`` in degrees, ``c{k}`` = ``cos(theta_k)``, ``d{k}`` = ``w_k^T x``,
    ``z{k}`` and ``p{k}`` (softmax at the scene's T); the same with ``_top`` for the winning class,
    whose number is ``top``. ``x``, ``b``, ``p`` (vectors), ``T``, ``y`` (the label's number) and
    ``p_top_T1`` (the winner's p at T = 1). Per ordered pair ``i != j``: ``ratio{i}{j}`` =
    ``n_i / n_j``, ``closer{i}{j}`` = ``t_j - t_i``, ``lead{i}{j}`` = ``c_i - c_j`` and
    ``border{i}{j}``: where the border ``z_i = z_j`` crosses the line through the origin along
    ``w_i - w_j``, ``(b_j - b_i) / ||w_i - w_j||``.

    Under the scene's loss for its label, where the loss can be computed: its parameters
    (``s``, ``m``, ...), ``m_deg`` (``m`` read as radians, in degrees), ``mz{k}`` and ``mp{k}``
    (its logits and their softmax), ``loss``, and ``ty_m`` = ``theta_y + m`` in degrees (ArcFace's
    angle). Where x and every w_k are nonzero: NormFace at its page's ``s``, ``nf_s`` and
    ``nf_p{k}``.

    Returns
    -------
    dict of str to Number, Vector or int
        For ``str.format``: a template that names a fact the scene lacks raises KeyError.
    """
    a = analyze(scene.W, scene.xv, scene.b, scene.temperature)
    numbers = {
        "n": a.norms,
        "b": scene.b,
        "t": np.degrees(a.angles),
        "c": a.cosines,
        "d": a.dot_terms,
        "z": a.logits,
        "p": a.probabilities,
    }
    per_class = {
        "w": [Vector(w) for w in scene.weights],
        **{k: list(map(Number, v)) for k, v in numbers.items()},
    }
    out: dict[str, object] = {
        "x": Vector(scene.x),
        "b": Vector(scene.b),
        "p": Vector(a.probabilities),
        "T": Number(scene.temperature),
        "top": a.predicted + 1,
        "y": scene.label + 1,
        "p_top_T1": Number(analyze(scene.W, scene.xv, scene.b).probabilities[a.predicted]),
    }
    for name, values in per_class.items():
        out.update(
            {f"{name}{k + 1}": v for k, v in enumerate(values)}, **{f"{name}_top": values[a.predicted]}
        )
    W, b = scene.W, scene.b
    K = W.shape[1]
    for i in range(K):
        for j in range(K):
            if i != j:
                ij = f"{i + 1}{j + 1}"
                gap = float(np.linalg.norm(W[:, i] - W[:, j]))
                out[f"ratio{ij}"] = Number(a.norms[i] / a.norms[j] if a.norms[j] else np.nan)
                out[f"closer{ij}"] = Number(np.degrees(a.angles[j] - a.angles[i]))
                out[f"lead{ij}"] = Number(a.cosines[i] - a.cosines[j])
                out[f"border{ij}"] = Number((b[j] - b[i]) / gap if gap else np.nan)
    kind = KINDS[scene.loss]
    params = {**scene.params, **({"b": b} if kind.has_bias else {})}
    try:
        z = margin_logits(W, scene.xv, scene.label, scene.loss, **params)
        loss = margin_loss(W, scene.xv, scene.label, scene.loss, **params)
    except ValueError:  # an angular kind with a zero vector: no loss to quote
        pass
    else:
        out.update({name: Number(v) for name, v in scene.params.items() if not isinstance(v, bool)})
        out["loss"] = Number(loss)
        for k, (zk, pk) in enumerate(zip(z, softmax(z), strict=True)):
            out[f"mz{k + 1}"], out[f"mp{k + 1}"] = Number(zk), Number(pk)
        if "m" in scene.params:
            out["m_deg"] = Number(np.degrees(scene.params["m"]))
            out["ty_m"] = Number(np.degrees(a.angles[scene.label] + scene.params["m"]))
    nf_s = KINDS["normface"].page_defaults["s"]
    try:
        nf = softmax(margin_logits(W, scene.xv, scene.label, "normface", s=nf_s))
    except ValueError:
        pass
    else:
        out["nf_s"] = Number(nf_s)
        out.update({f"nf_p{k + 1}": Number(v) for k, v in enumerate(nf)})
    return out


@dataclass(frozen=True)
class Scenario:
    key: str
    page: str  # the pages/ file it opens
    scene: Scene


# What a scenario or a tour step sets when it opens: the 2D scene of the explorer and the margin
# lab. The rest stays the user's: the matrix view's batches, the 3D scene, the training lab, the
# tour's step, the class names, the seed and the camera (a scenario reset them all to defaults).
SCENE_FIELDS = tuple(dict.fromkeys(RESET_FIELDS["explorer"] + RESET_FIELDS["margin_lab"]))


def opened(shown: Scene, user: Scene) -> Scene:
    """``user``'s scene with what ``shown`` (a scenario's or a tour step's scene) sets put in."""
    return replace(user, **{name: getattr(shown, name) for name in SCENE_FIELDS})


_BASE = Scene()
# w1, w2 on the axes and w3 far away: x = (1, 1) ties w1 and w2 exactly.
_TIE = replace(_BASE, weights=((2.0, 0.0), (0.0, 2.0), (-3.0, -3.0)), x=(1.0, 1.0))
# The margin trio: only the margin may change the outcome. Three weights of length 2, so softmax
# and NormFace rank classes by angle alike; x is 15.4° from w1 and 37.7° from w2, so class 1 wins
# without a margin. It is 22.3° closer to w1, less than ArcFace's m = 0.5 rad = 28.6°, and leads in
# cosine by 0.173, less than CosFace's m = 0.35: with either margin it falls in the band.
_MARGIN = replace(_BASE, weights=((2.0, 0.0), (1.2, 1.6), (-1.6, -1.2)), x=(2.9, 0.8), label=0)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "equal_norms",
        "pages/explorer.py",
        replace(_BASE, weights=((2.0, 0.0), (-1.0, 1.732), (-1.0, -1.732)), x=(1.2, 1.0)),
    ),
    Scenario("longer_wins", "pages/explorer.py", _BASE),
    Scenario(
        "bias_shift",
        "pages/explorer.py",
        replace(_BASE, weights=((2.0, 0.0), (-2.0, 0.0), (0.0, 2.0)), x=(0.5, 0.5), biases=(2.0, 0.0, 0.0)),
    ),
    Scenario("on_boundary", "pages/explorer.py", _TIE),
    Scenario("sharpen", "pages/explorer.py", replace(_BASE, x=(0.6, 0.6), temperature=0.25)),
    Scenario("zero_sample", "pages/explorer.py", replace(_BASE, x=(0.0, 0.0), biases=(0.5, 0.0, -0.5))),
    Scenario("margin_softmax", "pages/margin_lab.py", _MARGIN.with_loss("softmax")),
    Scenario("margin_cosface", "pages/margin_lab.py", _MARGIN.with_loss("cosface")),
    Scenario("margin_arcface", "pages/margin_lab.py", _MARGIN.with_loss("arcface")),
)
BY_KEY = {s.key: s for s in SCENARIOS}


# The guided tour: the seed's argument step by step, each step with its own scene.
TOUR: tuple[Scenario, ...] = (
    Scenario("linear", "pages/explorer.py", replace(_BASE, layers=frozenset({"regions", "borders"}))),
    Scenario(
        "dot", "pages/explorer.py", replace(_BASE, layers=frozenset({"regions", "projection"}), selected=1)
    ),
    Scenario("norms", "pages/explorer.py", replace(_BASE, layers=frozenset({"regions", "borders", "arcs"}))),
    Scenario("softmax", "pages/explorer.py", replace(_BASE, temperature=0.5)),
    Scenario("margins", "pages/margin_lab.py", _BASE.with_loss("arcface")),
)
