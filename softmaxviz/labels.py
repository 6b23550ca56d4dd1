"""Label placement for the 2D canvases: candidate positions, pick the free one.

Pure NumPy, no Plotly. A figure builder lists its labels (text, font size, where it may go) and
what they must not cover (arrows as segments, handles as points, fixed boxes such as the axis
names); :func:`place` picks, label by label in the order given, the candidate whose text box
overlaps the least.

Text boxes are estimated in pixels of a nominal plot ``PLOT_PX`` wide for the view
``[-view, view]``: the smallest plot the app draws (a phone's canvas is about 310 px; present
mode's text is 1.6× larger on a plot about 510 px wide, the same ratio). A wider plot spreads the
same data further apart while its text keeps its size, so what is free here stays free there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

PLOT_PX = 300.0
CHAR_EM = 0.62  # a sans-serif character's width per font size (digits and Greek letters alike)
LINE_EM = 1.3
PAD_PX = 2.0
MARK_PX = 24.0  # a handle as an obstacle: its marker at present mode's size
# Boxes sharing at most this many square pixels do not touch: their padding (PAD_PX) overlaps,
# their text does not. Counting such a brush as a touch ranked it with a label half covered.
TOUCH_PX2 = 1.0
TOUCH_COST = 1000.0  # a touch with a placed label: more than anything else a place can cost

# Plotly's text positions around a marker, as the direction the box lies in: (dx, dy), y up.
AROUND = {
    "top right": (1, 1),
    "middle right": (1, 0),
    "bottom right": (1, -1),
    "top center": (0, 1),
    "bottom center": (0, -1),
    "top left": (-1, 1),
    "middle left": (-1, 0),
    "bottom left": (-1, -1),
}


@dataclass(frozen=True)
class Label:
    """A label to place.

    ``at`` is the point (data coordinates) it belongs to. With ``marker_px`` > 0 it is the name
    of a marker there and may take any Plotly text position around it (``AROUND``); otherwise it
    is centred on one of ``candidates`` (data coordinates, best first; default: ``at``).
    ``fallback`` places (further from ``at``) are tried only when every candidate touches a
    label already placed: a label keeps near its point unless it cannot be read there.
    """

    text: str
    size: float
    at: tuple[float, float]
    marker_px: float = 0.0
    candidates: tuple[tuple[float, float], ...] = ()
    fallback: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Placed:
    """Where a label went: its text position (around a marker) or its centre (data coordinates),
    and its estimated box ``(x0, x1, y0, y1)`` in nominal pixels, y up."""

    position: str
    center: tuple[float, float]
    box: tuple[float, float, float, float]


def text_size(text: str, size: float) -> tuple[float, float]:
    """Estimated (width, height) in pixels of one line of ``text`` at font ``size``."""
    return CHAR_EM * size * len(text) + 2 * PAD_PX, LINE_EM * size + 2 * PAD_PX


def _to_px(p, view: float) -> np.ndarray:
    return (np.asarray(p, dtype=float) + view) / (2 * view) * PLOT_PX


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Shared areas of every box in ``boxes`` (n, 4) with every one in ``others`` (m, 4): (n, m)."""
    a, b = boxes[:, None, :], others[None, :, :]
    w = np.minimum(a[..., 1], b[..., 1]) - np.maximum(a[..., 0], b[..., 0])
    h = np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 2], b[..., 2])
    return np.clip(w, 0.0, None) * np.clip(h, 0.0, None)


def candidate_boxes(label: Label, view: float) -> list[tuple[str, tuple[float, float], tuple]]:
    """Every place ``label`` may go: (text position, centre in data coordinates, box in pixels)."""
    w, h = text_size(label.text, label.size)
    out = []
    if label.marker_px > 0:
        cx, cy = _to_px(label.at, view)
        gap = label.marker_px / 2
        for position, (dx, dy) in AROUND.items():
            # Plotly puts the text's near edge just past the marker's edge, centred across.
            x0 = cx + gap if dx > 0 else cx - gap - w if dx < 0 else cx - w / 2
            y0 = cy + gap if dy > 0 else cy - gap - h if dy < 0 else cy - h / 2
            out.append((position, label.at, (x0, x0 + w, y0, y0 + h)))
    else:
        for c in label.candidates or (label.at,):
            cx, cy = _to_px(c, view)
            out.append(("middle center", c, (cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)))
    return out


def place(
    labels: list[Label],
    *,
    view: float,
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = (),
    points: list[tuple[float, float]] = (),
    fixed: list[tuple[float, float, float, float]] = (),
) -> list[Placed]:
    """Place ``labels`` in order, each where its box overlaps the least.

    Parameters
    ----------
    labels
        What to place, most important first (a later label gives way to an earlier one).
    view
        Half-width of the square view in data units.
    segments
        Lines a label should not cover (arrows), data coordinates.
    points
        Markers a label should not cover (handles), data coordinates; each counts as a ``MARK_PX`` box.
    fixed
        Boxes already taken, in nominal pixels ``(x0, x1, y0, y1)`` (see :func:`fixed_box`).

    Returns
    -------
    list of Placed
        One per label, in the same order. The cost of a candidate is, in this order of weight:
        how many boxes already placed it touches (and the area it shares with them), how far it
        leaves the plot, how much of an arrow or handle it covers, and how far down its candidate
        list it is. A label's ``fallback`` places join its candidates only when each of those
        touches a placed box.
    """
    t = np.linspace(0.0, 1.0, 48)[:, None]
    seg_px = np.concatenate(
        [np.zeros((0, 2))] + [_to_px(a, view) * (1 - t) + _to_px(b, view) * t for a, b in segments]
    )
    marks = np.array([_to_px(p, view) for p in points]).reshape(-1, 2)
    mark_boxes = np.column_stack(
        [marks[:, 0], marks[:, 0], marks[:, 1], marks[:, 1]]
    ) + MARK_PX / 2 * np.array([-1, 1, -1, 1])
    plot = np.array([[0.0, PLOT_PX, 0.0, PLOT_PX]])
    taken = np.array(list(fixed), dtype=float).reshape(-1, 4)
    placed: list[Placed] = []

    def costs(options: list, first: int = 0) -> np.ndarray:
        boxes = np.array([box for _, _, box in options], dtype=float)
        area = (boxes[:, 1] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 2])
        shared = _overlaps(boxes, taken)
        # Two labels must never touch: any overlap outweighs covering an arrow or a handle.
        cost = TOUCH_COST * (shared > TOUCH_PX2).sum(axis=1) + 100.0 * shared.sum(axis=1) / area
        inside = (
            (seg_px[None, :, 0] >= boxes[:, None, 0])
            & (seg_px[None, :, 0] <= boxes[:, None, 1])
            & (seg_px[None, :, 1] >= boxes[:, None, 2])
            & (seg_px[None, :, 1] <= boxes[:, None, 3])
        )
        cost += 10.0 * inside.sum(axis=1) + 10.0 * (_overlaps(boxes, mark_boxes) > 0).sum(axis=1)
        return (
            cost
            + 100.0 * (area - _overlaps(boxes, plot)[:, 0]) / area
            + 0.01 * (first + np.arange(len(options)))
        )

    for label in labels:
        options = candidate_boxes(label, view)
        cost = costs(options)
        if label.fallback and cost.min() >= TOUCH_COST:
            more = candidate_boxes(replace(label, candidates=label.fallback), view)
            cost = np.concatenate([cost, costs(more, first=len(options))])
            options = options + more
        position, center, box = options[int(np.argmin(cost))]
        placed.append(Placed(position, center, tuple(float(v) for v in box)))
        taken = np.vstack([taken, placed[-1].box])
    return placed


def box_area(box) -> float:
    return (box[1] - box[0]) * (box[3] - box[2])


def fixed_box(text: str, size: float, at: tuple[float, float], view: float, *, anchor: tuple[str, str]):
    """The box of a fixed label (an axis name) at ``at`` with Plotly's ``(xanchor, yanchor)``."""
    w, h = text_size(text, size)
    x, y = _to_px(at, view)
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[anchor[0]]
    y0 = {"bottom": y, "middle": y - h / 2, "top": y - h}[anchor[1]]
    return (x0, x0 + w, y0, y0 + h)


def px_to_data(dx_px: float, view: float) -> float:
    """A length in nominal pixels, in data units."""
    return dx_px / PLOT_PX * 2 * view
