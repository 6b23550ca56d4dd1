"""Named one-click scenes for the classroom: each makes one point of the seed's argument.

Titles and explanations live in the string table (``scenario.<key>.title`` / ``.text``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from softmaxviz.state import Scene


@dataclass(frozen=True)
class Scenario:
    key: str
    page: str  # the pages/ file it opens
    scene: Scene


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
