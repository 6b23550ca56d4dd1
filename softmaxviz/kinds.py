"""The loss kinds of the margin lab: one registry that every other module reads.

Each kind keeps the cross-entropy ``L = -log softmax(z)_y`` and changes only the logits (see
:mod:`softmaxviz.margins` for the formulas and their singular points). An entry of :data:`KINDS`
holds everything about a kind that is not prose:

- its parameters (:class:`Param`): the paper's default, the page's default, the page's range and
  slider step, the unit of the value, whether it is a flag, the constraint
  :mod:`softmaxviz.margins` checks, and the value that switches the margin off;
- whether the logits see ``w_j`` and ``x`` only through their directions (``normalizes_w``,
  ``normalizes_x``), so "does the logit see ‖x‖?" is ``not normalizes_x``;
- the loss in LaTeX and the paper's arXiv id.

Names, intuitions and the words for the units are prose: they live in :mod:`softmaxviz.strings`,
in every language, under ``kind.<name>.name``, ``kind.<name>.intuition`` and ``unit.<unit>``.

Page defaults differ from the papers' where the papers' value would saturate the picture: the
papers' ``s`` of 16 to 64 makes every probability 0 or 1 on a plane of vectors a few units long,
so the page starts every ``s`` at 8. Every margin starts at the paper's value.

It imports only the standard library (no NumPy, Streamlit or Plotly), so any module can read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["KINDS", "RULES", "UNITS", "Kind", "Param"]

# The unit of a parameter's value; None for a pure number (a scale, a weight, a flag).
#   radian      an angle added to theta (ArcFace's m, the combined m2)
#   cosine      subtracted from cos(theta), in units of the cosine (CosFace's m, the combined m3)
#   multiplier  multiplies theta (L-Softmax's and SphereFace's m, the combined m1)
UNITS = ("radian", "cosine", "multiplier")

# The constraints softmaxviz.margins checks a value against.
RULES = ("> 0", ">= 0", ">= 1", "in [0, π]", "bool")


@dataclass(frozen=True)
class Param:
    """One parameter of a loss kind.

    Attributes
    ----------
    name : str
        The keyword :mod:`softmaxviz.margins` takes (``s``, ``m``, ``lam``, ...).
    paper : float or bool
        The paper's (or reference code's) default; the API's default.
    page : float or bool
        Where the margin lab's slider (or toggle) starts.
    low, high, step : float
        The slider's range and step (0, 1 and 1 for a flag).
    unit : str or None
        One of :data:`UNITS`, or None for a pure number.
    rule : str
        One of :data:`RULES`: the constraint any value must meet (``"bool"`` for a flag).
    no_margin : float or None
        The value that switches the margin off (0 for an additive margin, 1 for a
        multiplicative one); None where the parameter is not a margin (a scale, an annealing
        weight, a flag). Every margin at this value makes the target logit the plain one.
    """

    name: str
    paper: float | bool
    page: float | bool
    low: float
    high: float
    step: float
    unit: str | None
    rule: str
    no_margin: float | None = None

    @property
    def is_bool(self) -> bool:
        """Whether the parameter is a flag (a toggle on the page, True/False in the API)."""
        return self.rule == "bool"


@dataclass(frozen=True)
class Kind:
    """One margin loss: its parameters, which vectors it normalises, its formula and paper.

    Attributes
    ----------
    name : str
        The key in :data:`KINDS` and in the URL (``loss=``).
    params : tuple of Param
        The scalar parameters, in the order the page lists them.
    normalizes_w, normalizes_x : bool
        Whether the logits see ``w_j`` (resp. ``x``) only through its direction. A logit is
        ``S_j F_j(theta_j)`` with the scale ``S_j = s * ||w_j|| * ||x||``, each norm dropped where
        that vector is normalised (and ``s = 1`` where the kind has no ``s``).
    latex : str
        The loss ``L`` for one sample of class ``y``, in LaTeX.
    paper : str or None
        The arXiv id of the paper that introduced the kind; None for plain softmax.
    has_bias : bool
        Whether the logits take a bias vector ``b`` of shape (K,) (softmax only; the API's
        default None means zeros, the page uses the scene's biases).
    angular : bool
        Whether the logits need the angles ``theta_j`` (every kind but softmax, whose logits are
        ``w_j^T x + b_j``): a zero ``x`` or ``w_j`` has none, so :mod:`softmaxviz.margins` refuses
        it and the pages say which vector it is.
    defaults : Mapping[str, object]
        Derived, read-only: every keyword :mod:`softmaxviz.margins` takes, with the paper's default
        (``b = None`` where ``has_bias``).
    rules : Mapping[str, str]
        Derived, read-only: each keyword's constraint (``"vector (K,)"`` for ``b``).
    page_defaults : Mapping[str, object]
        Derived, read-only: the page's starting values (flags as bool).
    no_margin : Mapping[str, float]
        Derived, read-only: the margins switched off (empty for softmax and NormFace). The kind
        with these values is its own plain version: NormFace for the kinds that normalise both
        vectors, ``||x|| cos(theta_j)`` for SphereFace, ``w_j^T x`` for L-Softmax.
    """

    name: str
    params: tuple[Param, ...]
    normalizes_w: bool
    normalizes_x: bool
    latex: str
    paper: str | None
    has_bias: bool = False
    angular: bool = True
    defaults: Mapping[str, object] = field(init=False, repr=False, compare=False)
    rules: Mapping[str, str] = field(init=False, repr=False, compare=False)
    page_defaults: Mapping[str, object] = field(init=False, repr=False, compare=False)
    no_margin: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        bias, bias_rule = ({"b": None}, {"b": "vector (K,)"}) if self.has_bias else ({}, {})
        derived = {
            "defaults": {**bias, **{p.name: p.paper for p in self.params}},
            "rules": {**bias_rule, **{p.name: p.rule for p in self.params}},
            "page_defaults": {p.name: p.page for p in self.params},
            "no_margin": {p.name: p.no_margin for p in self.params if p.no_margin is not None},
        }
        # Read-only views: a page that edits a default must not change it for everyone else.
        for name, value in derived.items():
            object.__setattr__(self, name, MappingProxyType(value))

    @property
    def sees_x_norm(self) -> bool:
        """Whether the logits depend on ``||x||`` (so a step along ``x`` can change the loss)."""
        return not self.normalizes_x

    @property
    def tie(self) -> str:
        """Where two classes tie without a margin, in the notation of the kind's logits."""
        if self.has_bias:
            return "w_iᵀx + b_i = w_jᵀx + b_j"
        return "θ_i = θ_j" if self.normalizes_w else "w_iᵀx = w_jᵀx"

    def margin_off(self, params: Mapping[str, object]) -> bool:
        """Whether ``params`` switch every margin of the kind off (SphereFace at m = 1): then it
        is its own plain version. False for a kind with no margin to switch (softmax, NormFace)."""
        return bool(self.no_margin) and all(params.get(n) == v for n, v in self.no_margin.items())

    @property
    def paper_url(self) -> str | None:
        """The paper's arXiv abstract page, or None."""
        return f"https://arxiv.org/abs/{self.paper}" if self.paper else None

    def param(self, name: str) -> Param:
        """The parameter called ``name``; KeyError if the kind has none."""
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(f"{self.name} has no parameter {name!r}")


# The parameters several kinds share. The page's s is 8, not the papers' 16 to 64: see the module
# docstring. easy_margin is ArcFace's switch to the margin only where cos(theta_y) > 0.
def _s(paper: float) -> Param:
    return Param("s", paper, 8.0, 0.5, 64.0, 0.5, None, "> 0")


def _psi_params(m: float) -> tuple[Param, ...]:
    # m multiplies theta_y inside psi; lam anneals towards the plain logit (irrelevant at m = 1).
    return (
        Param("m", m, m, 1.0, 6.0, 0.05, "multiplier", ">= 1", no_margin=1.0),
        Param("lam", 0.0, 0.0, 0.0, 20.0, 0.5, None, ">= 0"),
    )


def _cos_margin() -> Param:
    return Param("m", 0.35, 0.35, 0.0, 1.0, 0.01, "cosine", ">= 0", no_margin=0.0)


def _loss(target: str, other: str, where: str = "") -> str:
    """``L = -log(e^target / (e^target + sum_{j != y} e^other))`` in LaTeX, then ``where``."""
    loss = rf"L = -\log \frac{{e^{{{target}}}}}{{e^{{{target}}} + \sum_{{j\ne y}} e^{{{other}}}}}"
    return loss + (rf",\quad {where}" if where else "")


_PSI = r"\psi(\theta) = (-1)^k\cos(m\theta) - 2k,\ k = \lfloor m\theta/\pi \rfloor"
_SCALED_COS = r"s\cos\theta_j"

KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        kind.name: kind
        for kind in (
            Kind(
                "softmax",
                (),
                normalizes_w=False,
                normalizes_x=False,
                latex=r"L = -\log \frac{e^{w_y^\top x + b_y}}{\sum_j e^{w_j^\top x + b_j}}",
                paper=None,
                has_bias=True,
                angular=False,
            ),
            Kind(
                "normface",
                (_s(16.0),),
                normalizes_w=True,
                normalizes_x=True,
                latex=r"L = -\log \frac{e^{s\cos\theta_y}}{\sum_j e^{s\cos\theta_j}}",
                paper="1704.06369",
            ),
            Kind(
                "lsoftmax",
                _psi_params(2.0),
                normalizes_w=False,
                normalizes_x=False,
                latex=_loss(
                    r"\lVert w_y\rVert\lVert x\rVert\psi(\theta_y)",
                    r"\lVert w_j\rVert\lVert x\rVert\cos\theta_j",
                    _PSI,
                ),
                paper="1612.02295",
            ),
            Kind(
                "sphereface",
                _psi_params(4.0),
                normalizes_w=True,
                normalizes_x=False,
                latex=_loss(r"\lVert x\rVert\psi(\theta_y)", r"\lVert x\rVert\cos\theta_j", _PSI),
                paper="1704.08063",
            ),
            Kind(
                "cosface",
                (_s(64.0), _cos_margin()),
                normalizes_w=True,
                normalizes_x=True,
                latex=_loss(r"s(\cos\theta_y - m)", _SCALED_COS),
                paper="1801.09414",
            ),
            Kind(
                "amsoftmax",
                (_s(30.0), _cos_margin()),
                normalizes_w=True,
                normalizes_x=True,
                latex=_loss(r"s(\cos\theta_y - m)", _SCALED_COS),
                paper="1801.05599",
            ),
            Kind(
                "arcface",
                (
                    _s(64.0),
                    Param("m", 0.5, 0.5, 0.0, 1.5, 0.01, "radian", "in [0, π]", no_margin=0.0),
                    Param("easy_margin", False, False, 0.0, 1.0, 1.0, None, "bool"),
                ),
                normalizes_w=True,
                normalizes_x=True,
                latex=_loss(r"s\cos(\theta_y + m)", _SCALED_COS),
                paper="1801.07698",
            ),
            Kind(
                "combined",
                (
                    _s(64.0),
                    Param("m1", 1.0, 1.0, 0.5, 4.0, 0.05, "multiplier", "> 0", no_margin=1.0),
                    Param("m2", 0.3, 0.3, 0.0, 1.5, 0.01, "radian", ">= 0", no_margin=0.0),
                    Param("m3", 0.2, 0.2, 0.0, 1.0, 0.01, "cosine", ">= 0", no_margin=0.0),
                ),
                normalizes_w=True,
                normalizes_x=True,
                latex=_loss(r"s(\cos(m_1\theta_y + m_2) - m_3)", _SCALED_COS),
                paper="1801.07698",
            ),
        )
    }
)
