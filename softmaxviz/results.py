"""What a page computes from a scene: pure, so tests need no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from softmaxviz.core import (
    ZERO_NORM,
    Analysis,
    Border,
    Regions,
    analyze,
    decision_regions,
    normalize_columns,
    region_borders,
)
from softmaxviz.state import Scene

REGION_RESOLUTION = 160
# exp underflows to exactly 0 in float64 a little beyond this logit gap.
SATURATION_GAP = 700.0


@dataclass(frozen=True)
class Note:
    """A message for the user: a string-table key and its format arguments."""

    key: str
    args: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ExplorerResults:
    W: np.ndarray  # (2, K) effective weights (normalised if the scene says so)
    x: np.ndarray  # (2,) effective sample
    analysis: Analysis
    regions: Regions
    borders: list[Border]
    notes: tuple[Note, ...]


def effective(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """The weights (2, K) and sample (2,) the classifier uses, after the normalise toggles."""
    W = normalize_columns(scene.W) if scene.normalize_w else scene.W
    x = normalize_columns(scene.xv) if scene.normalize_x else scene.xv
    return W, x


def explorer_results(scene: Scene, resolution: int = REGION_RESOLUTION) -> ExplorerResults:
    """Analysis of the sample, the regions on a ``resolution``-square grid, the borders
    and the notes the page should show."""
    W, x = effective(scene)
    a = analyze(W, x, scene.b, scene.temperature)
    regions = decision_regions(
        W, scene.b, scene.extent, resolution, temperature=scene.temperature, normalize_x=scene.normalize_x
    )
    borders = region_borders(W, scene.b, scene.extent)
    return ExplorerResults(W, x, a, regions, borders, tuple(notes_for(scene, a)))


def notes_for(scene: Scene, a: Analysis) -> list[Note]:
    """Edge cases worth a calm sentence: zero vectors, equal weights, off-view handles."""
    notes: list[Note] = []
    if a.sample_norm <= ZERO_NORM:
        notes.append(Note("msg.zero_x"))
    zero = [f"w{k + 1}" for k in range(len(a.norms)) if a.norms[k] <= ZERO_NORM]
    if zero:
        notes.append(Note("msg.zero_w", (("names", ", ".join(zero)),)))
    W, b = scene.W, scene.b
    for i in range(W.shape[1]):
        for j in range(i + 1, W.shape[1]):
            if np.array_equal(W[:, i], W[:, j]) and b[i] == b[j]:
                notes.append(Note("msg.equal_w", (("a", f"w{i + 1}"), ("b", f"w{j + 1}"))))
    pts = scene.points()
    outside = [n for n, p in pts.items() if max(abs(p[0]), abs(p[1])) > scene.view]
    if outside:
        notes.append(Note("msg.outside", (("names", ", ".join(outside)),)))
    z = a.logits
    if (np.max(z) - np.min(z)) / scene.temperature > SATURATION_GAP:
        notes.append(Note("msg.saturated"))
    return notes


def fit_view(scene: Scene) -> float:
    """A round view half-width that shows every handle with a margin."""
    m = max(float(np.max(np.abs(scene.W))), float(np.max(np.abs(scene.xv))), 0.4) * 1.15
    exp = np.floor(np.log10(m))
    for mult in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if mult * 10**exp >= m:
            return float(mult * 10**exp)
    return float(10 ** (exp + 1))  # pragma: no cover - the ladder always reaches 10


def drag_step(view: float) -> float:
    """Dragged coordinates snap to this: about a pixel's worth, a power of ten."""
    return float(10 ** np.floor(np.log10(view / 100)))
