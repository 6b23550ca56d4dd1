"""What a page computes from a scene: pure, so tests need no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from softmaxviz.core import (
    ZERO_NORM,
    Analysis,
    BatchAnalysis,
    Border,
    Regions,
    analyze,
    analyze_batch,
    decision_regions,
    normalize_columns,
    region_borders,
    safe_norms,
    softmax,
    unit_weights,
    wedge_borders,
)
from softmaxviz.kinds import KINDS
from softmaxviz.margins import margin_regions
from softmaxviz.memo import by_value
from softmaxviz.state import Scene, sample_of
from softmaxviz.strings import plain_number, sample_name

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
    borders: list[Border]  # rays from the origin (wedge_borders) when x is normalised
    notes: tuple[Note, ...]


def effective(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """The weights (2, K) and sample (2,) the classifier uses, after the normalise toggles."""
    W = unit_weights(scene.W) if scene.normalize_w else scene.W
    x = normalize_columns(scene.xv) if scene.normalize_x else scene.xv
    return W, x


def explorer_results(scene: Scene, resolution: int = REGION_RESOLUTION) -> ExplorerResults:
    """Analysis of the sample, the regions on a ``resolution``-square grid, the borders
    and the notes the page should show."""
    W, x = effective(scene)
    a = analyze(W, x, scene.b, scene.temperature)
    regions = plane_regions(
        W, scene.b, scene.extent, resolution, temperature=scene.temperature, normalize_x=scene.normalize_x
    )
    # With x normalised the classifier sees only x's direction: its regions are wedges and their
    # borders rays from the origin, not the lines (w_i - w_j)^T x + b_i - b_j = 0 of the raw plane
    # (those agree with the wedges only when the biases are equal).
    if scene.normalize_x:
        borders = wedge_borders(W, scene.b, scene.extent)
    else:
        borders = region_borders(W, scene.b, scene.extent)
    return ExplorerResults(W, x, a, regions, borders, tuple(notes_for(scene, a, W)))


# While x is dragged, W and b stay: every drag update computed the same grid again (~0.5 ms for
# the explorer's regions, ~4-6 ms for the margin lab's).
plane_regions = by_value()(decision_regions)
plane_margin_regions = by_value()(margin_regions)


def notes_for(scene: Scene, a: Analysis, W: np.ndarray) -> list[Note]:
    """Edge cases worth a calm sentence: zero vectors, equal weights (of ``W``, the weights the
    classifier uses), off-view handles."""
    notes = vector_notes(a, W, scene.b, scene.temperature, normalized=scene.normalize_w)
    return notes + outside_notes(scene.points(), scene.view)


def outside_notes(points: dict[str, list[float]], view: float) -> list[Note]:
    """The handles of ``points`` (name to 2D point) outside the square view ``[-view, view]``,
    as one note; the matrix view's samples ``s_n`` by their drawn names (x⁽ⁿ⁾)."""
    names = [
        name if (n := sample_of(name)) is None else sample_name(n)
        for name, p in points.items()
        if max(abs(p[0]), abs(p[1])) > view
    ]
    if not names:
        return []
    return [Note("msg.outside" if len(names) == 1 else "msg.outside_many", (("names", tuple(names)),))]


def zero_weights(a: Analysis) -> list[str]:
    """The names of the weights at the origin (``w1``...): they have no angle."""
    return [f"w{k + 1}" for k, n in enumerate(a.norms) if n <= ZERO_NORM]


def vector_notes(
    a: Analysis, W: np.ndarray, b: np.ndarray, temperature: float, *, normalized: bool = False
) -> list[Note]:
    """Notes any dimension shares: a zero sample or weight, equal weights, saturated softmax. ``W``
    is what the classifier uses: ``normalized``, weights that point the same way are equal there
    (w1 = (1, 0) and w2 = (3, 0) tied everywhere and no note said why)."""
    notes: list[Note] = []
    if a.sample_norm <= ZERO_NORM:
        notes.append(Note("msg.zero_x"))
    zero = zero_weights(a)
    if zero:
        # One sentence for one vector, another for several: "w1, w2, w3 ... its logit" misread.
        notes.append(Note("msg.zero_w" if len(zero) == 1 else "msg.zero_ws", (("names", tuple(zero)),)))
    # Equal classes in groups (equality is transitive): three equal vectors are one note, not three.
    seen: set[int] = set()
    for i in range(W.shape[1]):
        group = [j for j in range(i, W.shape[1]) if np.array_equal(W[:, i], W[:, j]) and b[i] == b[j]]
        if i in seen or len(group) < 2:
            continue
        seen.update(group)
        names = [f"w{j + 1}" for j in group]
        way = "_dir" if normalized else ""
        if len(names) == 2:
            notes.append(Note(f"msg.equal_w{way}", (("a", names[0]), ("b", names[1]))))
        else:
            notes.append(Note(f"msg.equal_ws{way}", (("names", tuple(names)), ("first", names[0]))))
    # Probabilities below e^-700 show as 0 (and past ~745 they are 0 in floating point). Named by
    # class: "the probabilities round to 0 and 1" was false beside p = (0, 0.9945, 0.0055).
    z = a.logits
    tiny = tuple(f"p{k + 1}" for k in range(len(z)) if (np.max(z) - z[k]) / temperature > SATURATION_GAP)
    if tiny:
        notes.append(Note("msg.saturated" if len(tiny) == 1 else "msg.saturated_many", (("names", tiny),)))
    return notes


def fit_view(scene: Scene, *, batch: bool = False) -> float:
    """A round view half-width that shows every handle with a margin: the explorer's (the weights
    and x), or with ``batch`` the matrix view's 2D ones (the weights and every sample)."""
    points = scene.batch_points() if batch else scene.points()
    m = max(float(np.max(np.abs(list(points.values())))), 0.4) * 1.15
    exp = np.floor(np.log10(m))
    for mult in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if mult * 10**exp >= m:
            return float(mult * 10**exp)
    return float(10 ** (exp + 1))  # pragma: no cover - the ladder always reaches 10


def drag_step(view: float) -> float:
    """Dragged coordinates snap to this: about a pixel's worth, a power of ten."""
    return float(10 ** np.floor(np.log10(view / 100)))


# --- margin lab ---------------------------------------------------------------

MARGIN_RESOLUTION = 140
RING_DIRECTIONS = 360


@dataclass(frozen=True)
class MarginResults:
    """What the margin lab shows for one labelled sample.

    ``error`` is set (and the per-sample fields are None) when the loss needs an
    angle that does not exist, e.g. for a zero vector; regions are always there.
    """

    kind: str
    params: dict
    label: int
    analysis: Analysis
    raw_logits: np.ndarray | None
    margin_logits: np.ndarray | None
    probabilities: np.ndarray | None
    loss: float | None
    grad_W: np.ndarray | None  # (2, K)
    grad_x: np.ndarray | None  # (2,)
    grad_x_radial: np.ndarray | None
    grad_x_tangential: np.ndarray | None
    regions: np.ndarray  # (R, R) class winning by its margin, -1 in the band
    ring: np.ndarray  # (RING_DIRECTIONS,) the same along the circle of radius ring_radius
    ring_radius: float
    no_margin_borders: list[Border]  # the same kind with its margins off (no_margin_borders())
    error: str | None


def split_radial(g: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``g`` = radial part (along x) + tangential part (perpendicular to x); zeros if x = 0."""
    n = float(safe_norms(x))
    if n <= ZERO_NORM:
        return np.zeros_like(g), np.zeros_like(g)
    u = x / n
    along = float(g @ u)
    # Rounding leaves ~1e-16 of radial part in losses that only see angles: that is zero.
    if abs(along) <= 1e-12 * max(float(np.linalg.norm(g)), 1e-300):
        along = 0.0
    radial = along * u
    return radial, g - radial


def ring_classes(
    W: np.ndarray, kind: str, radius: float, params: dict, n: int = RING_DIRECTIONS
) -> np.ndarray:
    """Margin winner for ``n`` directions at ``radius`` (the circle of directions); ``params``
    are the kind's (with ``b`` for softmax)."""
    from softmaxviz.margins import margin_classes_at

    phi = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    return margin_classes_at(W, radius * np.stack([np.cos(phi), np.sin(phi)]), kind, **params)


def no_margin_borders(scene: Scene) -> list[Border]:
    """The borders of the scene's kind with its margins switched off (``Kind.no_margin``).

    Without a margin every logit is ``S_j cos(theta_j)``, ``S_j = s (||w_j|| unless normalised)
    (||x|| unless normalised)``. The factors ``s`` and ``||x||`` are the same for every class, so
    class ``i`` ties class ``j`` where ``u_i^T x = u_j^T x`` with ``u_j = w_j / ||w_j||`` for the
    kinds that normalise w (NormFace, SphereFace, CosFace, AM-Softmax, ArcFace, combined: the
    bisectors ``theta_i = theta_j``) and ``u_j = w_j`` for L-Softmax; softmax adds its biases. These
    are the lines the margin band is centred on, not plain softmax's borders with the raw norms.
    """
    kind = KINDS[scene.loss]
    W = unit_weights(scene.W) if kind.normalizes_w else scene.W
    b = scene.b if kind.has_bias else np.zeros(W.shape[1])
    return region_borders(W, b, scene.extent)


def margin_notes(scene: Scene) -> tuple[Note, ...]:
    """What the scene holds from the explorer that the margin lab does not use: its temperature and
    its normalisations. Each margin loss normalises and scales W and x as its formula says and no
    further, so with T = 2 the explorer read p = 0.6984 and the margin lab's
    softmax 0.8518 for one scene, without a word."""
    unused = []
    if scene.temperature != 1.0:
        unused.append(f"T = {plain_number(scene.temperature)}")
    if scene.normalize_w:
        unused.append("‖w_i‖ = 1")
    if scene.normalize_x:
        unused.append("‖x‖ = 1")
    return (Note("margin.unused_settings", (("settings", tuple(unused)),)),) if unused else ()


def margin_results(scene: Scene, resolution: int = MARGIN_RESOLUTION) -> MarginResults:
    """The margin lab's numbers for ``scene`` (its weights, x, label, loss and parameters)."""
    from softmaxviz import margins

    W, x, y, kind = scene.W, scene.xv, scene.label, scene.loss
    params = scene.params
    spec = KINDS[kind]
    extra = {"b": scene.b} if spec.has_bias else {}
    a = analyze(W, x, scene.b if spec.has_bias else None)
    radius = a.sample_norm if a.sample_norm > ZERO_NORM else 1.0
    try:
        regions, _, _ = plane_margin_regions(W, kind, scene.extent, resolution, **extra, **params)
        ring = ring_classes(W, kind, radius, {**extra, **params})
    except ValueError:
        # A zero weight has no direction: nothing wins by a margin (the error below says why).
        regions = np.full((resolution, resolution), -1)
        ring = np.full(RING_DIRECTIONS, -1)
    borders = no_margin_borders(scene)
    try:
        zm = margins.margin_logits(W, x, y, kind, **extra, **params)
        loss = margins.margin_loss(W, x, y, kind, **extra, **params)
        gW, gx = margins.margin_gradients(W, x, y, kind, **extra, **params)
        raw = np.array(
            [
                float(
                    margins.other_logit(a.angles[j], kind, w_norm=a.norms[j], x_norm=a.sample_norm, **params)
                )
                if spec.angular and not (j != y and a.norms[j] <= ZERO_NORM)
                else float(a.logits[j])  # softmax's, and L-Softmax's for another class's zero w_j: 0
                for j in range(W.shape[1])
            ]
        )
    except ValueError as exc:
        return MarginResults(
            kind,
            params,
            y,
            a,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            regions,
            ring,
            radius,
            borders,
            str(exc),
        )
    radial, tangential = split_radial(gx, x)
    return MarginResults(
        kind,
        params,
        y,
        a,
        raw,
        zm,
        softmax(zm),
        float(loss),
        gW,
        gx,
        radial,
        tangential,
        regions,
        ring,
        radius,
        borders,
        None,
    )


def loss_against_scale(scene: Scene, scales: np.ndarray) -> np.ndarray | None:
    """The loss at the current geometry for each scale ``s`` (None if the loss has no s or fails).

    Every loss with an ``s`` is ``s`` times its unit-scale logits ``z``, so one call at ``s = 1``
    gives the whole curve, ``L(s) = log sum_j e^{s z_j} - s z_y``. Computed that way it cancels: a
    confident sample's loss of 1e-18 next to ``s z_y`` of 40 reads exactly 0. Each point is
    instead the margin loss's own cross-entropy of ``s z``, ``log1p`` of the other classes' terms
    with the largest taken out first, which keeps its relative precision.

    Parameters
    ----------
    scene : Scene
    scales : array_like, shape (S,)

    Returns
    -------
    ndarray, shape (S,), or None
    """
    from softmaxviz import margins

    if "s" not in scene.params:
        return None
    try:
        z = margins.margin_logits(scene.W, scene.xv, scene.label, scene.loss, **{**scene.params, "s": 1.0})
    except ValueError:
        return None
    # s z is bit for bit what margin_logits gives at scale s: its scale factor is s * 1 * 1.
    return np.array([margins.cross_entropy(s * z, scene.label) for s in np.asarray(scales, dtype=float)])


# --- 3D explorer --------------------------------------------------------------

SPHERE_POINTS = 700


@dataclass(frozen=True)
class Explorer3DResults:
    W: np.ndarray  # (3, K) effective weights
    x: np.ndarray  # (3,) effective sample
    analysis: Analysis
    sphere: object  # softmaxviz.space.SphereRegions
    polygons: list
    arcs: list  # per class: (3, n) great arc from x to w_k, or None where undefined
    extent: float
    notes: tuple[Note, ...]


def explorer3d_results(scene: Scene, n: int = SPHERE_POINTS) -> Explorer3DResults:
    """The 3D explorer's numbers: analysis, the painted sphere, border polygons, angle arcs."""
    from softmaxviz.space import border_polygons, great_arc, sphere_regions

    W = unit_weights(scene.W3) if scene.normalize_w else scene.W3
    x = normalize_columns(scene.xv3) if scene.normalize_x else scene.xv3
    a = analyze(W, x, scene.b, scene.temperature)
    # Radius 0 follows ||x||; at x = 0 there is no such sphere, and the unit one is drawn (a note says so).
    unit = not scene.sphere_radius and a.sample_norm <= ZERO_NORM
    radius = scene.sphere_radius or (1.0 if unit else a.sample_norm)
    # With x normalised the classifier sees only the direction p / radius of a point p on the
    # sphere: W^T (p / radius) + b = (W / radius)^T p + b. Painting and borders use that, so on
    # the sphere they show what x would get there, whatever the radius.
    W_sphere = W / radius if scene.normalize_x else W
    sphere = sphere_regions(W_sphere, scene.b, radius, n, temperature=scene.temperature)
    extent = max(float(np.max(np.abs(np.column_stack([scene.W3, scene.xv3])))), radius, 1.0) * 1.15
    # Borders near the sphere read best; out to the cube's corners they would hide the view.
    polygons = border_polygons(W_sphere, scene.b, radius)
    arcs = []
    for k in range(W.shape[1]):
        if np.isnan(a.angles[k]):
            arcs.append(None)
            continue
        r_arc = 0.3 * min(a.norms[k], a.sample_norm) if scene.normalize_w is False else 0.3
        arcs.append(great_arc(x, W[:, k], max(r_arc, 0.05 * extent)))
    notes = vector_notes(a, W, scene.b, scene.temperature, normalized=scene.normalize_w)
    notes += [Note("msg.sphere_unit")] if unit else []
    return Explorer3DResults(W, x, a, sphere, polygons, arcs, extent, tuple(notes))


# --- matrix view --------------------------------------------------------------


@dataclass(frozen=True)
class MatrixResults:
    W: np.ndarray  # (D, K)
    X: np.ndarray  # (D, N)
    b: np.ndarray  # (K,)
    batch: BatchAnalysis
    regions: Regions | None  # D = 2 only
    borders: list[Border]
    extent: float
    notes: tuple[Note, ...] = ()  # D = 2: the handles outside the view


def matrix_results(scene: Scene, resolution: int = REGION_RESOLUTION) -> MatrixResults:
    """``Z = W^T X + b`` and softmax down each column for the scene's batch; regions in 2D."""
    W, X = scene.W_dim, scene.X
    batch = analyze_batch(W, X, scene.b, scene.temperature)
    if scene.dim == 2:
        regions = plane_regions(W, scene.b, scene.extent, resolution, temperature=scene.temperature)
        borders = region_borders(W, scene.b, scene.extent)
        extent = scene.view
        notes = tuple(outside_notes(scene.batch_points(), scene.view))
    else:
        # The 3D view fits every handle: nothing lies outside it.
        regions, borders, notes = None, [], ()
        extent = max(float(np.max(np.abs(np.column_stack([W, X])))), 1.0) * 1.15
    return MatrixResults(W, X, scene.b, batch, regions, borders, extent, notes)
