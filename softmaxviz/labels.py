"""Label placement for the 2D canvases: candidate positions, pick the free one.

Pure NumPy, no Plotly. A figure builder lists its labels (text, font size, where it may go) and
what they must not cover (arrows as segments, handles as points, fixed boxes such as the axis
names); :func:`place` picks, label by label in the order given, the candidate whose text box
overlaps the least.

Text boxes are estimated in pixels of a nominal plot ``PLOT_PX`` wide for the view
``[-view, view]``: the smallest plot the app draws (a phone's canvas is about 310 px). A wider
plot spreads the same data further apart while its text keeps its size, so what is free here
stays free there. Present mode's text is 1.6× larger; where a canvas's plot stays small in
present mode, its labels are placed on a nominal plot 1.6× narrower (:func:`plot_px`), where text
of the normal size takes as much of the plot (see ``figures.label_px``).
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
TOUCH_COST = 1000.0  # a touch with a placed label: more than anything but hiding the label costs
# A centred label whose point is outside the plot is not drawn at all (Plotly clips text at its
# point): worse than any touch, which leaves both labels partly readable.
HIDDEN_COST = 10 * TOUCH_COST
# A curve (arc, border) is sampled this often: an arrow of ~100 px has its 48 samples ~2 px apart,
# so a label crossing either covers about as many samples.
CURVE_STEP_PX = 2.0

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


def _to_px(p, view: float, px: float = PLOT_PX) -> np.ndarray:
    return (np.asarray(p, dtype=float) + view) / (2 * view) * px


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Shared areas of every box in ``boxes`` (n, 4) with every one in ``others`` (m, 4): (n, m)."""
    a, b = boxes[:, None, :], others[None, :, :]
    w = np.minimum(a[..., 1], b[..., 1]) - np.maximum(a[..., 0], b[..., 0])
    h = np.minimum(a[..., 3], b[..., 3]) - np.maximum(a[..., 2], b[..., 2])
    return np.clip(w, 0.0, None) * np.clip(h, 0.0, None)


# AROUND's directions as an array, in AROUND's order.
_DIRECTIONS = np.array(list(AROUND.values()), dtype=float)


def _candidates(
    label: Label, view: float, px: float = PLOT_PX
) -> tuple[list[str], list[tuple[float, float]], np.ndarray]:
    """Every place ``label`` may go: text positions, centres (data coordinates) and boxes in
    pixels, an ``(n, 4)`` array (one row per place)."""
    w, h = text_size(label.text, label.size)
    if label.marker_px > 0:
        cx, cy = _to_px(label.at, view, px)
        gap = label.marker_px / 2
        dx, dy = _DIRECTIONS[:, 0], _DIRECTIONS[:, 1]
        # Plotly puts the text's near edge just past the marker's edge, centred across.
        x0 = np.where(dx > 0, cx + gap, np.where(dx < 0, cx - gap - w, cx - w / 2))
        y0 = np.where(dy > 0, cy + gap, np.where(dy < 0, cy - gap - h, cy - h / 2))
        boxes = np.column_stack([x0, x0 + w, y0, y0 + h])
        return list(AROUND), [label.at] * len(AROUND), boxes
    centers = list(label.candidates or (label.at,))
    c = _to_px(centers, view, px)
    boxes = np.column_stack([c[:, 0] - w / 2, c[:, 0] + w / 2, c[:, 1] - h / 2, c[:, 1] + h / 2])
    return ["middle center"] * len(centers), centers, boxes


def candidate_boxes(
    label: Label, view: float, px: float = PLOT_PX
) -> list[tuple[str, tuple[float, float], tuple]]:
    """Every place ``label`` may go: (text position, centre in data coordinates, box in pixels)."""
    positions, centers, boxes = _candidates(label, view, px)
    return [(p, c, tuple(b)) for p, c, b in zip(positions, centers, boxes, strict=True)]


def place(
    labels: list[Label],
    *,
    view: float,
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = (),
    points: list[tuple[float, float]] = (),
    fixed: list[tuple[float, float, float, float]] = (),
    curves: list[np.ndarray] = (),
    px: float = PLOT_PX,
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
    curves
        Thinner lines a label should not cross either (angle arcs, region borders): polylines,
        each ``(n, 2)`` in data coordinates, weighed like an arrow per pixel covered.
    px
        The nominal plot's width in pixels (see :func:`plot_px`).

    Returns
    -------
    list of Placed
        One per label, in the same order. The cost of a candidate is, in this order of weight:
        whether it is drawn at all (a centred label at a point outside the plot is not), how
        many boxes already placed it touches (and the area it shares with them), how far it
        leaves the plot, how much of an arrow or handle it covers, and how far down its candidate
        list it is. A label's ``fallback`` places join its candidates only when each of those
        touches a placed box.
    """
    t = np.linspace(0.0, 1.0, 48)[:, None]
    seg_px = np.concatenate(
        [np.zeros((0, 2))]
        + [_to_px(a, view, px) * (1 - t) + _to_px(b, view, px) * t for a, b in segments]
        + [_along(_to_px(curve, view, px), -px, 2 * px) for curve in curves]
    )
    marks = _to_px(list(points), view, px).reshape(-1, 2)
    mark_boxes = np.column_stack(
        [marks[:, 0], marks[:, 0], marks[:, 1], marks[:, 1]]
    ) + MARK_PX / 2 * np.array([-1, 1, -1, 1])
    # What every label must keep clear of but never changes: the handles' boxes, then the plot.
    still = np.vstack([mark_boxes, [[0.0, px, 0.0, px]]])
    taken = np.array(list(fixed), dtype=float).reshape(-1, 4)

    def still_costs(boxes: np.ndarray, centred: np.ndarray) -> np.ndarray:
        """What a place costs whatever labels are placed (covered arrows and handles, leaving
        the plot, hiding), for every label's places at once: one label at a time, these few
        dozen array operations on 8 boxes each cost more in NumPy's calls than in their work."""
        area = (boxes[:, 1] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 2])
        shared = _overlaps(boxes, still)
        on_marks, on_plot = shared[:, :-1], shared[:, -1]
        b = boxes[:, :, None]
        sx, sy = seg_px[None, :, 0], seg_px[None, :, 1]
        inside = (sx >= b[:, 0]) & (sx <= b[:, 1]) & (sy >= b[:, 2]) & (sy <= b[:, 3])
        # Below a touch, however much a place covers: along a border and an arc, a box covered
        # 100 samples and a touching place won.
        cover = 10.0 * inside.sum(axis=1) + 10.0 * (on_marks > 0).sum(axis=1)
        cost = np.minimum(cover, TOUCH_COST / 2)
        cx, cy = (boxes[:, 0] + boxes[:, 1]) / 2, (boxes[:, 2] + boxes[:, 3]) / 2
        cost += HIDDEN_COST * (centred & ((cx < 0) | (cx > px) | (cy < 0) | (cy > px)))
        # Out of the plot, text is cut (Plotly clips it there): worse than covering any arrow.
        out = (area - on_plot) / area
        return cost + np.where(out > 1e-9, TOUCH_COST / 2, 0.0) + 100.0 * out

    def touch_costs(boxes: np.ndarray) -> np.ndarray:
        # Two labels must never touch: any overlap outweighs covering an arrow or a handle.
        area = (boxes[:, 1] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 2])
        on_labels = _overlaps(boxes, taken)
        return TOUCH_COST * (on_labels > TOUCH_PX2).sum(axis=1) + 100.0 * on_labels.sum(axis=1) / area

    every = [_candidates(label, view, px) for label in labels]
    sizes = [len(boxes) for _, _, boxes in every]
    centred = np.repeat([label.marker_px <= 0 for label in labels], sizes)
    boxes_all = np.vstack([boxes for _, _, boxes in every]) if labels else np.zeros((0, 4))
    still_all = np.split(still_costs(boxes_all, centred), np.cumsum(sizes)[:-1])
    placed: list[Placed] = []
    for label, (positions, centers, boxes), cost in zip(labels, every, still_all, strict=True):
        cost = cost + touch_costs(boxes) + 0.01 * np.arange(len(boxes))
        if label.fallback and cost.min() >= TOUCH_COST:
            more = _candidates(replace(label, candidates=label.fallback), view, px)
            rank = 0.01 * (len(boxes) + np.arange(len(more[2])))
            centred_more = np.full(len(more[2]), label.marker_px <= 0)
            cost = np.concatenate([cost, still_costs(more[2], centred_more) + touch_costs(more[2]) + rank])
            positions, centers, boxes = positions + more[0], centers + more[1], np.vstack([boxes, more[2]])
        best = int(np.argmin(cost))
        placed.append(Placed(positions[best], centers[best], tuple(float(v) for v in boxes[best])))
        taken = np.vstack([taken, placed[-1].box])
    return placed


def _along(line: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Points every ``CURVE_STEP_PX`` or closer along the parts of the polyline ``line`` (pixels,
    ``(n, 2)``) within the square ``[lo, hi]²``: each segment is clipped to it (Liang-Barsky), and
    each run of segments that goes on unclipped is sampled as one polyline.

    Only a label's box near the plot can cover a curve: sampled whole, the margin lab's circle at
    ‖x‖ = 10^6 was 10^8 points, and its link took the server's memory until the kernel killed it.
    """
    if ((line >= lo) & (line <= hi)).all():  # the usual case: one piece, nothing to clip
        return _sample(line)
    a, d = line[:-1], np.diff(line, axis=0)
    t0, t1 = np.zeros(len(d)), np.ones(len(d))
    for k in (0, 1):
        with np.errstate(divide="ignore", invalid="ignore"):
            ends = np.stack([(lo - a[:, k]) / d[:, k], (hi - a[:, k]) / d[:, k]])
        across = d[:, k] != 0
        within = (lo <= a[:, k]) & (a[:, k] <= hi)  # a segment along this axis: all or nothing
        t0 = np.maximum(t0, np.where(across, ends.min(axis=0), np.where(within, 0.0, np.inf)))
        t1 = np.minimum(t1, np.where(across, ends.max(axis=0), np.where(within, 1.0, -np.inf)))
    kept = np.flatnonzero(t0 <= t1)
    goes_on = (np.diff(kept) == 1) & (t1[kept[:-1]] == 1.0) & (t0[kept[1:]] == 0.0)
    pieces = []
    for run in np.split(kept, np.flatnonzero(~goes_on) + 1):
        if not run.size:
            continue
        pieces.append(
            _sample(np.vstack([a[run[0]] + d[run[0]] * t0[run[0]], a[run] + d[run] * t1[run, None]]))
        )
    return np.concatenate(pieces) if pieces else np.zeros((0, 2))


def _sample(line: np.ndarray) -> np.ndarray:
    """Points every ``CURVE_STEP_PX`` or closer along the polyline ``line``, evenly."""
    length = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(line, axis=0).T))])
    at = np.linspace(0.0, length[-1], max(2, int(length[-1] / CURVE_STEP_PX) + 1))
    return np.column_stack([np.interp(at, length, line[:, 0]), np.interp(at, length, line[:, 1])])


def box_area(box) -> float:
    return (box[1] - box[0]) * (box[3] - box[2])


def fixed_box(
    text: str,
    size: float,
    at: tuple[float, float],
    view: float,
    *,
    anchor: tuple[str, str],
    px: float = PLOT_PX,
):
    """The box of a fixed label (an axis name) at ``at`` with Plotly's ``(xanchor, yanchor)``."""
    w, h = text_size(text, size)
    x, y = _to_px(at, view, px)
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[anchor[0]]
    y0 = {"bottom": y, "middle": y - h / 2, "top": y - h}[anchor[1]]
    return (x0, x0 + w, y0, y0 + h)


def px_to_data(dx_px: float, view: float, px: float = PLOT_PX) -> float:
    """A length in nominal pixels, in data units."""
    return dx_px / px * 2 * view


def plot_px(scale: float = 1.0) -> float:
    """The nominal plot's width for text ``scale`` times its size (present mode's): the same text
    on a plot that many times narrower, since what matters is the text's size against the plot."""
    return PLOT_PX / scale
