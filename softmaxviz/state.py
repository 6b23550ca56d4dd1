"""The scene: one frozen dataclass that every page reads, the URL writes and tests build.

Its defaults are the canonical demo: three weights of different lengths and
directions where the longest weight, w1, wins although x is closer in angle to
w2 (45 degrees against 25): softmax is a contest of norms *and* angles.

``to_query()`` writes plain strings; ``from_query()`` never raises: anything it
cannot read gives the default scene and a message saying why.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from softmaxviz.kinds import KINDS
from softmaxviz.strings import LANGUAGES, Invalid, Problem, plain_number, problem_of

K = 3
D = 2
# Larger magnitudes are refused: the UI could not show them and nobody needs them.
MAX_ABS = 1e6
T_MIN, T_MAX = 0.05, 20.0
VIEW_MIN, VIEW_MAX = 0.5, 2e6
MAX_QUERY_VALUE = 1200  # a batch of 12 samples in 3D, at full precision
# Streamlit's own query parameters, which a shared link may carry.
FOREIGN_KEYS = frozenset({"embed", "embed_options"})
# The address bar's mark (see address_query): this URL holds the whole scene, as differences.
MARK_KEY, MARK_VALUE = "v", "2"

HANDLES = ("w1", "w2", "w3", "x")


def sample_key(n: int) -> str:
    """The handle key of the matrix view's sample ``n`` (0-based): ``s1`` for the first."""
    return f"s{n + 1}"


def sample_of(key: str) -> int | None:
    """The sample (0-based) a handle key names (``s2`` -> 1), or None: a weight, x or no key."""
    return int(key[1:]) - 1 if key[:1] == "s" and key[1:].isdecimal() and int(key[1:]) >= 1 else None


LAYERS = ("regions", "borders", "arcs", "projection", "x_arrow")


N_MIN, N_MAX = 2, 12
# The training lab's choices (softmaxviz.training holds the data sets and the training itself).
TRAIN_DATA = ("blobs", "rings", "spirals", "clicked")
TRAIN_BATCHES = (0, 8, 16, 32, 64)  # 0: full batch
POINTS_MAX = 120
# The longest clicked point in a link: two floats at full precision (repr: up to 24 characters,
# "-1.2345678901234567e-100"), a class and the separators. 120 short clicks wrote 1402 characters,
# over MAX_QUERY_VALUE, and the link came back as the default scene.
POINT_CHARS = 2 * 24 + 4  # the floats, ",", ",", the class (1 to 6) and ";"
DRAG_MODES = ("free", "rotate", "scale")
# The margin lab's comparison chart: the target logit against θ_y, angle space, the loss against s.
MARGIN_CHARTS = ("curves", "angle_space", "loss_vs_s")
# The guided tour's steps (scenarios.TOUR has them; a test checks the count).
TOUR_STEPS = 5
NAME_MAX = 24
TRAIN_CLASSES = (2, 3, 4, 5, 6)
FEATURE_CLASSES = (3, 10)
LR_MIN, LR_MAX = 0.001, 5.0
STEPS_MAX = 100
DECAY_MAX = 1.0


def generate_samples(first, seed: int, n: int) -> tuple[tuple[float, ...], ...]:
    """``first`` and ``n - 1`` points drawn around the origin with ``seed`` (2 decimals), as tuples."""
    rng = np.random.default_rng(seed)
    rest = np.round(rng.normal(0.0, 2.0, size=(n - 1, len(first))), 2)
    return (tuple(float(v) for v in first), *(tuple(float(v) for v in p) for p in rest))


@dataclass(frozen=True)
class ParamSpec:
    """A margin-loss parameter as the UI offers it: range, slider step, readable default."""

    low: float
    high: float
    step: float
    default: float


# The margin lab's parameters per loss kind, derived from the registry (softmaxviz.kinds): range,
# step and the page's default (s = 8 rather than the papers' 64, which saturates every probability;
# the API in softmaxviz.margins keeps the papers' defaults). Flags are stored as 0.0 / 1.0.
LOSS_PARAMS: dict[str, dict[str, ParamSpec]] = {
    kind.name: {p.name: ParamSpec(p.low, p.high, p.step, float(p.page)) for p in kind.params}
    for kind in KINDS.values()
}
BOOL_PARAMS = frozenset(p.name for kind in KINDS.values() for p in kind.params if p.is_bool)


def default_params(loss: str) -> tuple[tuple[str, float], ...]:
    """The readable page defaults of ``loss`` as sorted ``(name, value)`` pairs."""
    return tuple(sorted((k, spec.default) for k, spec in LOSS_PARAMS[loss].items()))


@dataclass(frozen=True)
class Scene:
    """Everything the explorer shows, as plain immutable values.

    Attributes
    ----------
    weights : tuple of K (x, y) pairs
        The columns ``w_k`` of ``W`` (2, K).
    x : (x, y)
        The sample.
    biases : tuple of K floats
    temperature : float
        Softmax temperature ``T`` in ``[0.05, 20]``.
    normalize_w, normalize_x : bool
        Use ``w_k / ||w_k||`` and/or ``x / ||x||`` (the NormFace view).
    layers : frozenset of str
        Which overlays are drawn (see ``LAYERS``).
    selected : int
        The class whose projection of x is drawn, 0-based.
    view : float
        Half-width of the square view around the origin.
    seed : int
        Seed for anything random a page generates, so a link reproduces it.
    loss : str
        The margin lab's loss kind (a key of ``LOSS_PARAMS``).
    label : int
        The sample's class y, 0-based.
    margin_params : tuple of (name, value)
        The loss's parameters, sorted by name; exactly the names ``LOSS_PARAMS[loss]`` lists.
    compare_softmax : bool
        Draw plain softmax borders beside the margin regions.
    margin_chart : str
        The margin lab's comparison chart, one of ``MARGIN_CHARTS``.
    tour_step : int
        The guided tour's step, 0-based (the link says it from 1).
    weights3, x3 : the 3D explorer's weights (K triples) and sample.
    sphere_radius : float
        Radius of the painted sphere; 0 follows ``‖x3‖``.
    camera : (azimuth, elevation)
        The 3D view's direction, radians.
    dim : int
        The matrix view's dimension D, 2 or 3.
    samples, samples3 : the matrix view's batch X (columns), N from 2 to 12, in 2D and 3D.
    sel_sample, sel_sample3 : the highlighted column n of the matrix view's batch in 2D and in 3D,
        0-based. Each dimension keeps its own, as it keeps its own batch: one for both was cut
        to the shorter batch on a switch of D, and switching back lost the user's column.
    sel_class : the highlighted row k of the matrix view, 0-based.
    class_names : K names the user gave the classes (e.g. cat, dog, bird); "" is "class k".
    train_data, train_classes, train_seed : the training lab's data set (``TRAIN_DATA``), its
        number of classes and the seed of its points and starting weights.
    train_loss, train_lr, train_steps, train_decay, train_batch : the loss kind it trains with,
        the learning rate, gradient steps per frame, the L2 weight decay and the mini-batch size
        (0: full batch).
    train_dim : the training lab's dimension, 2 (drag the weights on the plane) or 3.
    train_points, train_pick : the points the user clicked onto the canvas, ``(x, y, class)``
        (the data set ``"clicked"``), and the class the next click adds.
    feature_classes, feature_dim, feature_losses, warmup : the learned-features tab: 3 or 10
        digit classes, a 2D or 3D embedding, the two loss kinds trained side by side, and whether
        the margin ramps up from 0 over the first epochs.

    The UI language and projector mode are not part of the scene: see :class:`Prefs`.
    """

    weights: tuple[tuple[float, float], ...] = ((2.5, 0.0), (0.4, 1.1), (-1.4, -1.2))
    x: tuple[float, float] = (1.5, 1.5)
    biases: tuple[float, ...] = (0.0, 0.0, 0.0)
    temperature: float = 1.0
    normalize_w: bool = False
    normalize_x: bool = False
    layers: frozenset[str] = frozenset(LAYERS)
    selected: int = 0
    view: float = 4.0
    seed: int = 0
    loss: str = "arcface"
    label: int = 0
    margin_params: tuple[tuple[str, float], ...] = default_params("arcface")
    compare_softmax: bool = True
    margin_chart: str = "curves"
    tour_step: int = 0
    weights3: tuple[tuple[float, float, float], ...] = ((2.5, 0.0, 0.5), (0.4, 1.1, 0.3), (-1.4, -1.2, 0.6))
    x3: tuple[float, float, float] = (1.5, 1.5, 1.0)
    sphere_radius: float = 0.0
    camera: tuple[float, float] = (-1.2, 0.45)
    dim: int = 2
    samples: tuple[tuple[float, ...], ...] = generate_samples((1.5, 1.5), 0, 4)
    samples3: tuple[tuple[float, ...], ...] = generate_samples((1.5, 1.5, 1.0), 0, 4)
    sel_sample: int = 0
    sel_sample3: int = 0
    sel_class: int = 0
    class_names: tuple[str, ...] = ("", "", "")
    train_data: str = "blobs"
    train_classes: int = 3
    train_seed: int = 0
    train_loss: str = "softmax"
    train_lr: float = 0.5
    train_steps: int = 5
    train_decay: float = 0.0
    train_batch: int = 0
    train_dim: int = 2
    train_points: tuple[tuple[float, float, int], ...] = ()
    train_pick: int = 0
    feature_classes: int = 3
    feature_dim: int = 2
    feature_losses: tuple[str, str] = ("softmax", "arcface")
    warmup: bool = True

    def __post_init__(self) -> None:
        validate(self)

    # Arrays in the core's shapes.
    @property
    def W(self) -> np.ndarray:
        """``(D, K)``: class weights as columns."""
        return np.array(self.weights, dtype=float).T

    @property
    def b(self) -> np.ndarray:
        return np.array(self.biases, dtype=float)

    @property
    def xv(self) -> np.ndarray:
        return np.array(self.x, dtype=float)

    @property
    def extent(self) -> tuple[float, float, float, float]:
        return (-self.view, self.view, -self.view, self.view)

    def points(self) -> dict[str, list[float]]:
        """The draggable handles: ``{"w1": [x, y], ..., "x": [x, y]}``."""
        pts = {f"w{k + 1}": list(w) for k, w in enumerate(self.weights)}
        pts["x"] = list(self.x)
        return pts

    def with_points(self, points: Mapping[str, Any]) -> Scene:
        """A copy with the handles in ``points`` moved; unknown names are ignored.

        Raises ValueError when a value is not a finite pair within ``MAX_ABS``.
        """
        weights = list(self.weights)
        x = self.x
        for name, value in points.items():
            pair = _pair(value)
            if name == "x":
                x = pair
            elif name in HANDLES:
                weights[int(name[1]) - 1] = pair
        return replace(self, weights=tuple(weights), x=x)

    @property
    def W3(self) -> np.ndarray:
        """``(3, K)``: the 3D explorer's class weights as columns."""
        return np.array(self.weights3, dtype=float).T

    @property
    def xv3(self) -> np.ndarray:
        return np.array(self.x3, dtype=float)

    def points3(self) -> dict[str, list[float]]:
        """The 3D handles: ``{"w1": [x, y, z], ..., "x": [x, y, z]}``."""
        pts = {f"w{k + 1}": list(w) for k, w in enumerate(self.weights3)}
        pts["x"] = list(self.x3)
        return pts

    def with_points3(self, points: Mapping[str, Any]) -> Scene:
        """A copy with 3D handles moved; unknown names are ignored. ValueError if a value is bad."""
        weights = list(self.weights3)
        x = self.x3
        for name, value in points.items():
            triple = _point(value, 3)
            if name == "x":
                x = triple
            elif name in HANDLES:
                weights[int(name[1]) - 1] = triple
        return replace(self, weights3=tuple(weights), x3=x)

    @property
    def batch(self) -> tuple[tuple[float, ...], ...]:
        """The matrix view's samples in its current dimension."""
        return self.samples if self.dim == 2 else self.samples3

    @property
    def sample_field(self) -> str:
        """The field of the current dimension's highlighted column: ``sel_sample`` or ``sel_sample3``."""
        return "sel_sample" if self.dim == 2 else "sel_sample3"

    @property
    def selected_sample(self) -> int:
        """The highlighted column n of :attr:`batch`, 0-based."""
        return getattr(self, self.sample_field)

    @property
    def X(self) -> np.ndarray:
        """``(D, N)``: the batch as columns."""
        return np.array(self.batch, dtype=float).T

    @property
    def W_dim(self) -> np.ndarray:
        """``(D, K)``: the weights in the matrix view's dimension."""
        return self.W if self.dim == 2 else self.W3

    def batch_points(self) -> dict[str, list[float]]:
        """The matrix view's handles: the weights and ``s1..sN``."""
        weights = self.weights if self.dim == 2 else self.weights3
        pts = {f"w{k + 1}": list(w) for k, w in enumerate(weights)}
        pts.update({sample_key(n): list(p) for n, p in enumerate(self.batch)})
        return pts

    def with_batch(self, samples) -> Scene:
        """A copy whose batch (in the current dimension) is ``samples``; the selection stays valid."""
        pts = tuple(_point(p, self.dim) for p in samples)
        field = "samples" if self.dim == 2 else "samples3"
        return replace(self, **{field: pts, self.sample_field: min(self.selected_sample, len(pts) - 1)})

    def with_batch_points(self, points: Mapping[str, Any]) -> Scene:
        """Move weights ``w1..wK`` and samples ``s1..sN`` of the matrix view; others are ignored."""
        batch = list(self.batch)
        weights = {n: v for n, v in points.items() if n in HANDLES and n != "x"}
        for name, value in points.items():
            n = sample_of(name)
            if n is not None and n < len(batch):
                batch[n] = _point(value, self.dim)
        moved = self.with_points(weights) if self.dim == 2 else self.with_points3(weights)
        return moved.with_batch(batch)

    @property
    def params(self) -> dict[str, float | bool]:
        """``margin_params`` as keyword arguments for ``softmaxviz.margins``."""
        return {k: (bool(v) if k in BOOL_PARAMS else v) for k, v in self.margin_params}

    def with_loss(self, loss: str) -> Scene:
        """A copy using ``loss`` with its readable default parameters."""
        return replace(self, loss=loss, margin_params=default_params(loss))

    def to_query(self) -> dict[str, str]:
        """All fields as ``{key: string}``, for the URL."""
        return {f.key: f.encode(f.get(self)) for f in FIELDS}


def _finite(v: Any, what: str, lo: float = -MAX_ABS, hi: float = MAX_ABS, **names: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)):
        raise Invalid("number", what=what, got=repr(v), **names)
    v = float(v)
    if not math.isfinite(v):
        raise Invalid("finite", what=what, got=str(v), **names)
    if not lo <= v <= hi:
        raise Invalid(
            "between",
            what=what,
            lo=plain_number(lo),
            hi=plain_number(hi),
            got=plain_number(v, exact=True),
            **names,
        )
    return v


def _point(value: Any, dim: int) -> tuple[float, ...]:
    if not isinstance(value, (list, tuple)) or len(value) != dim:
        raise Invalid("point", dim=dim, got=repr(value))
    return tuple(_finite(v, "coordinate") for v in value)


def _pair(value: Any) -> tuple[float, float]:
    return _point(value, D)  # type: ignore[return-value]


def validate(s: Scene) -> None:
    """Raise ValueError (with a readable message) if ``s`` is not a valid scene."""
    if len(s.weights) != K:
        raise Invalid("count", n=K, what="weights", got=len(s.weights))
    for w in s.weights:
        _pair(w)
    _pair(s.x)
    if len(s.biases) != K:
        raise Invalid("count", n=K, what="biases", got=len(s.biases))
    for v in s.biases:
        _finite(v, "bias")
    _finite(s.temperature, "temperature", T_MIN, T_MAX)
    _finite(s.view, "view", VIEW_MIN, VIEW_MAX)
    for flag in (s.normalize_w, s.normalize_x):
        _boolean(flag, "normalize")
    if not isinstance(s.layers, frozenset) or not s.layers <= set(LAYERS):
        raise Invalid("layers", got=", ".join(sorted(map(str, s.layers))), options=", ".join(LAYERS))
    # Classes and samples are counted from 1, as the link and the page count them.
    _index(s.selected, K, "projected_on")
    _whole(s.seed, 0, 2**32 - 1, "seed")
    if s.loss not in LOSS_PARAMS:
        raise Invalid("unknown", what="loss", got=repr(s.loss), options=", ".join(LOSS_PARAMS))
    _index(s.label, K, "label")
    specs = LOSS_PARAMS[s.loss]
    names = [k for k, _ in s.margin_params]
    unknown = sorted(set(names) - set(specs))
    known = ", ".join(sorted(specs)) or "-"
    if unknown:
        raise Invalid("no_param", kind=s.loss, got=", ".join(unknown), known=known)
    if sorted(names) != sorted(specs) or names != sorted(names):
        raise Invalid("takes_params", kind=s.loss, known=known)
    for k, v in s.margin_params:
        _finite(v, "param", specs[k].low, specs[k].high, name=k)
        if k in BOOL_PARAMS and v not in (0, 1):  # easy_margin:0.5 was kept, and drawn as on
            raise Invalid("boolean", what="param", name=k)
    _boolean(s.compare_softmax, "compare_softmax")
    if len(s.weights3) != K:
        raise Invalid("count", n=K, what="weights3", got=len(s.weights3))
    for w in s.weights3:
        _point(w, 3)
    _point(s.x3, 3)
    _finite(s.sphere_radius, "sphere_radius", 0.0, MAX_ABS)
    if not isinstance(s.camera, tuple) or len(s.camera) != 2:
        raise Invalid("camera")
    _finite(s.camera[0], "camera_azimuth", -math.pi, math.pi)
    _finite(s.camera[1], "camera_elevation", -math.pi / 2, math.pi / 2)
    _one_of(s.dim, (2, 3), "dim")
    _one_of(s.margin_chart, MARGIN_CHARTS, "margin_chart")
    _index(s.tour_step, TOUR_STEPS, "tour_step")
    for batch, dim in ((s.samples, 2), (s.samples3, 3)):
        if not N_MIN <= len(batch) <= N_MAX:
            raise Invalid("batch", lo=N_MIN, hi=N_MAX, got=len(batch))
        for p in batch:
            _point(p, dim)
    _index(s.sel_sample, len(s.samples), "sample")
    _index(s.sel_sample3, len(s.samples3), "sample")
    _index(s.sel_class, K, "class")
    if not isinstance(s.class_names, tuple) or len(s.class_names) != K:
        raise Invalid("count", n=K, what="class_names", got=len(s.class_names))
    for name in s.class_names:
        if not isinstance(name, str) or len(name) > NAME_MAX or "|" in name or name != name.strip():
            raise Invalid("class_name", n=NAME_MAX)
    _one_of(s.train_data, TRAIN_DATA, "data_set")
    _one_of(s.train_classes, TRAIN_CLASSES, "classes")
    _whole(s.train_seed, 0, 2**32 - 1, "training_seed")
    _one_of(s.train_loss, tuple(LOSS_PARAMS), "training_loss")
    _finite(s.train_lr, "learning_rate", LR_MIN, LR_MAX)
    _whole(s.train_steps, 1, STEPS_MAX, "steps")
    _finite(s.train_decay, "weight_decay", 0.0, DECAY_MAX)
    _one_of(s.train_batch, TRAIN_BATCHES, "batch_size")
    _one_of(s.train_dim, (2, 3), "training_dim")
    if len(s.train_points) > POINTS_MAX:
        raise Invalid("points_max", n=POINTS_MAX, got=str(len(s.train_points)))
    for point in s.train_points:
        if not isinstance(point, tuple) or len(point) != 3:
            raise Invalid("clicked")
        _pair(point[:2])
        _index(point[2], s.train_classes, "clicked_class")
    _index(s.train_pick, s.train_classes, "class_to_add")
    _one_of(s.feature_classes, FEATURE_CLASSES, "digit_classes")
    _one_of(s.feature_dim, (2, 3), "feature_dim")
    if not isinstance(s.feature_losses, tuple) or len(s.feature_losses) != 2:
        raise Invalid("two_losses")
    for loss in s.feature_losses:
        _one_of(loss, tuple(LOSS_PARAMS), "feature_loss")
    _boolean(s.warmup, "warmup")


def _one_of(value: Any, options: tuple, what: str) -> None:
    if isinstance(value, bool) or value not in options:
        raise Invalid("one_of", what=what, options=", ".join(map(str, options)), got=repr(value))


def _boolean(value: Any, what: str) -> None:
    if not isinstance(value, bool):
        raise Invalid("boolean", what=what)


def _whole(value: Any, lo: int, hi: int, what: str, shift: int = 0) -> None:
    """An int in [lo, hi]; ``shift``: said counted from 1 (an index 0 is "1")."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        got = value + shift if isinstance(value, int) and not isinstance(value, bool) else repr(value)
        raise Invalid("range", what=what, lo=lo + shift, hi=hi + shift, got=got)


def _index(value: Any, n: int, what: str) -> None:
    """A 0-based index of ``n`` things, said 1 to n."""
    _whole(value, 0, n - 1, what, shift=1)


# --- the field table: how each field travels through the URL -----------------


class _Written(float):
    """A JSON number with the text the file wrote, where Python would write it otherwise: said as
    written ("got 1e999", "got 1e300", as a link's is), not as "inf" or "1e+300"."""

    text: str

    def __new__(cls, text: str) -> _Written:
        self = super().__new__(cls, text)
        self.text = text
        return self


def _num(v: float) -> str:
    # repr gives the shortest string that reads back to the same float; + 0.0 makes -0.0 a plain 0.0
    # (a link said "x_3d=-0.0,0.0,2.345", and a zero differed from the default's).
    return v.text if isinstance(v, _Written) else repr(float(v) + 0.0)


def _parse_num(s: str) -> float:
    try:
        return float(s.strip())
    except ValueError:
        raise Invalid("not_number", got=repr(s.strip()[:30])) from None


def _parse_nums(s: str, n: int) -> tuple[float, ...]:
    parts = s.split(",")
    if len(parts) != n:
        raise Invalid("numbers", n=n, got=repr(s[:30]))
    return tuple(_parse_num(p) for p in parts)


def _parse_bool(s: str) -> bool:
    if s not in ("0", "1"):
        raise Invalid("bool", got=repr(s[:30]))
    return s == "1"


def _parse_int(s: str) -> int:
    # A minus sign too: "-3" is a whole number, refused by its range ("must be 0 to ..."); it was
    # called "not a whole number".
    # isdecimal, not isdigit: "²" is a digit that int() refuses, which said so in Python's English.
    # A zero fraction too: a file's 2.0 (JSON writes what Python reads as a float) is 2.
    whole, _, fraction = s.strip().partition(".")
    if not whole.removeprefix("-").isdecimal() or fraction.strip("0"):
        raise Invalid("whole", got=repr(s[:30]))
    return int(whole)


def _parse_layers(s: str) -> frozenset[str]:
    names = frozenset(p for p in s.split(",") if p)
    unknown = names - set(LAYERS)
    if unknown:
        raise Invalid("layers", got=", ".join(sorted(unknown)), options=", ".join(LAYERS))
    return names


def _encode_points(points) -> str:
    return ";".join(",".join(map(_num, p)) for p in points)


def _parse_points(s: str, dim: int) -> tuple[tuple[float, ...], ...]:
    parts = s.split(";")
    if len(parts) > N_MAX:
        raise Invalid("samples_max", n=N_MAX, got=str(len(parts)))
    return tuple(_parse_nums(p, dim) for p in parts)


def _parse_clicked(s: str) -> tuple[tuple[float, float, int], ...]:
    parts = [p for p in s.split(";") if p]
    if len(parts) > POINTS_MAX:
        raise Invalid("points_max", n=POINTS_MAX, got=str(len(parts)))
    points = []
    for part in parts:
        x, y, c = _parse_nums(part, 3)
        if not c.is_integer():
            raise Invalid("clicked_class", got=f"{c:g}")
        points.append((x, y, int(c) - 1))
    return tuple(points)


def _parse_params(s: str) -> tuple[tuple[str, float], ...]:
    pairs = []
    for item in filter(None, s.split(",")):
        name, sep, value = item.partition(":")
        if not sep or not name.strip().isidentifier():
            raise Invalid("pairs", got=repr(item[:20]))
        try:
            number = _parse_num(value)
        except Invalid:  # "mp: expected a number, got 'abc'" named no parameter
            raise Invalid("number", what="param", name=name.strip(), got=repr(value.strip()[:30])) from None
        pairs.append((name.strip(), number))
    names = [k for k, _ in pairs]
    if len(set(names)) != len(names):  # named, with every value given: "m:0.5,m:0.6" said neither
        twice = [k for k in dict.fromkeys(names) if names.count(k) > 1]
        raise Invalid("repeated", got=", ".join(f"{k}:{_num(v)}" for k, v in pairs if k in twice))
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class Field:
    """One URL key: the dataclass field it fills (``index``: one item of a tuple field)."""

    name: str
    key: str
    encode: Callable[[Any], str]
    decode: Callable[[str], Any]
    index: int | None = None
    # The longest value a valid scene writes (longer is refused unread).
    max_len: int = MAX_QUERY_VALUE
    # A list of points (a batch): a file writes it as an array of arrays.
    points: bool = False

    def get(self, scene: Scene) -> Any:
        value = getattr(scene, self.name)
        return value if self.index is None else value[self.index]


def _weight_field(k: int) -> Field:
    # Each weight is its own key so a link reads like "w1=2.5,0&w2=...".
    return Field("weights", f"w{k + 1}", lambda w: ",".join(map(_num, w)), lambda s: _parse_nums(s, D), k)


FIELDS: tuple[Field, ...] = (
    *(_weight_field(k) for k in range(K)),
    Field("x", "x", lambda v: ",".join(map(_num, v)), lambda s: _parse_nums(s, D)),
    Field("biases", "b", lambda v: ",".join(map(_num, v)), lambda s: _parse_nums(s, K)),
    Field("temperature", "T", _num, _parse_num),
    Field("normalize_w", "nw", lambda v: str(int(v)), _parse_bool),
    Field("normalize_x", "nx", lambda v: str(int(v)), _parse_bool),
    Field("layers", "layers", lambda v: ",".join(n for n in LAYERS if n in v), _parse_layers),
    Field("selected", "sel", lambda v: str(v + 1), lambda s: _parse_int(s) - 1),
    Field("view", "view", _num, _parse_num),
    Field("seed", "seed", str, _parse_int),
    Field("loss", "loss", str, str.strip),
    Field("label", "y", lambda v: str(v + 1), lambda s: _parse_int(s) - 1),
    Field(
        "margin_params", "mp", lambda v: ",".join(f"{k}:{_num(x)}" for k, x in v), lambda s: _parse_params(s)
    ),
    Field("compare_softmax", "cmp", lambda v: str(int(v)), _parse_bool),
    Field("margin_chart", "chart", str, str.strip),
    Field("tour_step", "tour", lambda v: str(v + 1), lambda s: _parse_int(s) - 1),
    *(
        Field("weights3", f"w{k + 1}_3d", lambda w: ",".join(map(_num, w)), lambda s: _parse_nums(s, 3), k)
        for k in range(K)
    ),
    Field("x3", "x_3d", lambda v: ",".join(map(_num, v)), lambda s: _parse_nums(s, 3)),
    Field("sphere_radius", "R", _num, _parse_num),
    Field("camera", "cam", lambda v: ",".join(map(_num, v)), lambda s: _parse_nums(s, 2)),
    Field("dim", "d", str, _parse_int),
    Field("samples", "X", lambda v: _encode_points(v), lambda s: _parse_points(s, 2), points=True),
    Field("samples3", "X3", lambda v: _encode_points(v), lambda s: _parse_points(s, 3), points=True),
    Field("sel_sample", "sn", lambda v: str(v + 1), lambda s: _parse_int(s) - 1),
    Field("sel_sample3", "sn3", lambda v: str(v + 1), lambda s: _parse_int(s) - 1),
    Field("sel_class", "sc", lambda v: str(v + 1), lambda s: _parse_int(s) - 1),
    Field("class_names", "names", "|".join, lambda s: tuple(p.strip() for p in s.split("|"))),
    Field("train_data", "data", str, str.strip),
    Field("train_classes", "k", str, _parse_int),
    Field("train_seed", "tseed", str, _parse_int),
    Field("train_loss", "tloss", str, str.strip),
    Field("train_lr", "lr", _num, _parse_num),
    Field("train_steps", "steps", str, _parse_int),
    Field("train_decay", "wd", _num, _parse_num),
    Field("train_batch", "batch", str, _parse_int),
    Field("train_dim", "td", str, _parse_int),
    Field(
        "train_points",
        "pts",
        lambda v: ";".join(f"{_num(x)},{_num(y)},{c + 1}" for x, y, c in v),
        lambda s: _parse_clicked(s),
        max_len=POINTS_MAX * POINT_CHARS,
        points=True,
    ),
    Field("train_pick", "pick", lambda v: str(v + 1), lambda s: _parse_int(s) - 1),
    Field("feature_classes", "fk", str, _parse_int),
    Field("feature_dim", "fd", str, _parse_int),
    Field("feature_losses", "flosses", ",".join, lambda s: tuple(p.strip() for p in s.split(","))),
    Field("warmup", "warmup", lambda v: str(int(v)), _parse_bool),
)
_BY_KEY = {f.key: f for f in FIELDS}
_KEYS = set(_BY_KEY)


@dataclass(frozen=True)
class Prefs:
    """How the app speaks, not what it shows: the session's (and the link's) preferences.

    They are not part of the :class:`Scene`, so loading a scenario, a tour step or an
    undo step never changes them.

    Attributes
    ----------
    lang : str
        The UI language, a key of ``softmaxviz.strings.LANGUAGES``.
    projector : bool
        Larger text, lines and markers for a classroom projector.
    drag_mode : str
        How a drag moves a handle: ``"free"``, ``"rotate"`` (the norm stays: the tip moves on
        its circle) or ``"scale"`` (the direction stays: the tip moves along its ray).
    snap : bool
        Snap dragged handles: to the grid in free mode, to 15° in rotate mode, to whole norms
        in scale mode.
    """

    lang: str = "en"
    projector: bool = False
    drag_mode: str = "free"
    snap: bool = False

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise Invalid("unknown", what="language", got=repr(self.lang), options=", ".join(LANGUAGES))
        _boolean(self.projector, "projector")
        if self.drag_mode not in DRAG_MODES:
            modes = ", ".join(DRAG_MODES)
            raise Invalid("unknown", what="drag_mode", got=repr(self.drag_mode), options=modes)
        _boolean(self.snap, "snap")

    def to_query(self) -> dict[str, str]:
        return {f.key: f.encode(f.get(self)) for f in PREF_FIELDS}


PREF_FIELDS: tuple[Field, ...] = (
    Field("lang", "lang", str, str.strip),
    Field("projector", "proj", lambda v: str(int(v)), _parse_bool),
    Field("drag_mode", "drag", str, str.strip),
    Field("snap", "snap", lambda v: str(int(v)), _parse_bool),
)
PREF_KEYS = {f.key for f in PREF_FIELDS}


def _read(cls, table: tuple[Field, ...], query: Mapping[str, Any]):
    """``cls`` built from the keys of ``table`` in ``query``: ``(instance, problems)``, never raises.

    Other keys are skipped (another table's, Streamlit's own, or ones nobody knows: see
    :func:`unknown_keys`); an unreadable value or an invalid combination gives ``cls()`` and
    the problems.
    """
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    indexed: dict[str, list] = {}
    by_key = {f.key: f for f in table}
    written: dict[str, str] = {}
    unread: set[str] = set()  # fields whose value could not be read
    try:
        items = list(query.items())
    except Exception:  # any broken mapping means "nothing to read"
        return cls(), [Problem("unreadable")]
    for key, raw in items:
        key = str(key)
        if isinstance(raw, (list, tuple)):
            raw = raw[-1] if raw else ""
        raw = str(raw)
        field = by_key.get(key)
        if field is None:
            continue
        written[key] = raw
        if len(raw) > field.max_len:
            problems.append(Problem("too_long", where=(key,)))
            unread.add(field.name)
            continue
        try:
            value = field.decode(raw)
        except (ValueError, TypeError, OverflowError) as exc:
            problems.append(_quoted_from_link(_problem(exc).at(key), [raw]))
            unread.add(field.name)
            continue
        if field.index is not None:
            indexed.setdefault(field.name, list(getattr(cls, field.name)))[field.index] = value
        else:
            values[field.name] = value
    loss = values.get("loss", getattr(cls, "loss", None))
    if ("loss" in values or "margin_params" in values) and loss in LOSS_PARAMS:
        # A parameter the link leaves out keeps its default, as a missing key does.
        given = dict(values.get("margin_params", ()))
        values["margin_params"] = tuple(sorted({**dict(default_params(loss)), **given}.items()))
    read_as: dict[str, str] = {}  # a field a key's value went to instead of the key's own
    if "sel_sample" in values and "sel_sample3" not in values and values.get("dim") == 3:
        # A link from before sn3 gave the shown dimension's column as sn (short_query adds sn3
        # to a 3D link that gives sn, so a new link is never read so).
        values["sel_sample3"] = values.pop("sel_sample")
        read_as["sel_sample"] = "sel_sample3"
    fields_read = {**{name: tuple(v) for name, v in indexed.items()}, **values}
    if not problems:
        try:
            return cls(**fields_read), []
        except (ValueError, TypeError) as exc:
            combined = _problem(exc)
    else:
        combined = None
    # Say what is wrong with each value on its own (a loss with its parameters), so a link
    # or a file hears every problem, not only the first.
    grouped = set().union(*_TOGETHER)
    groups = [{name} for name in fields_read if name not in grouped]
    # A group with a value that could not be read is not judged by the rest: with X unreadable,
    # sn = 9 was told "must be 1 to 4", the default batch's size, not the file's.
    groups += [
        together & fields_read.keys()
        for together in _TOGETHER
        if together & fields_read.keys() and not together & unread
    ]
    # Each problem names the keys it is about ("w1: a coordinate must be finite, got nan").
    given = [str(key) for key, _ in items if str(key) in by_key]

    def field_of(key: str) -> str:  # "sn" of a 3D link from before sn3: sel_sample3
        return read_as.get(by_key[key].name, by_key[key].name)

    alone = []
    for group in groups:
        try:
            cls(**{name: fields_read[name] for name in group})
        except (ValueError, TypeError) as exc:
            keys = [key for key in dict.fromkeys(given) if field_of(key) in group]
            alone.append(_quoted_from_link(_problem(exc).at(*keys), [written[key] for key in keys]))
    if combined is not None and not alone:
        # Only the combination is wrong: name the keys without which it would be right ("X, sn:
        # the selected sample must be 1 to 2, got 3"; it named no key).
        involved = [key for key in dict.fromkeys(given) if _valid_without(cls, fields_read, field_of(key))]
        alone.append(combined.at(*involved))
    return cls(), list(dict.fromkeys(problems + alone))


def _valid_without(cls, fields: dict, name: str) -> bool:
    """Would ``fields`` make a valid ``cls`` with field ``name`` at its default?"""
    try:
        cls(**{n: v for n, v in fields.items() if n != name})
    except (ValueError, TypeError):
        return False
    return True


# The problems whose ``got`` is the value itself (not a count of values, nor a repr of the text).
_VALUE_PROBLEMS = frozenset({"finite", "between", "range", "clicked_class"})


def _quoted_from_link(problem: Problem, raws: list[str]) -> Problem:
    """``problem`` quoting its value as the link wrote it: "got 1e9", not "got 1000000000" (the
    value it was read as), so the reader finds it in the link. Unchanged where no part of ``raws``
    reads as that value."""
    if problem.key not in _VALUE_PROBLEMS:
        return problem
    try:
        value = float(str(problem.fmt.get("got")))
    except ValueError:
        return problem
    for part in (p.strip() for raw in raws for p in re.split(r"[,;:|]", raw)):
        try:
            same = float(part) == value or (math.isnan(value) and math.isnan(float(part)))
        except ValueError:
            continue
        if same:  # cut as a link's other quotes are: 400 digits were quoted whole
            got = part if len(part) <= 30 else part[:29] + "…"
            return Problem(problem.key, where=problem.where, **{**problem.fmt, "got": got})
    return problem


def _problem(exc: BaseException) -> Problem:
    """``exc``'s :class:`Problem`; a message the core did not word (an int too large, say) as is."""
    message = problem_of(exc)
    return message if isinstance(message, Problem) else Problem("raw", got=message)


# Fields that are only valid together: a loss kind and its parameters; a batch and its selected
# sample (X=1,1;2,2;3,3&sn=5 was said "sn: … 1 to 4", of the default batch, not the link's).
_TOGETHER = (
    frozenset({"loss", "margin_params"}),
    frozenset({"samples", "sel_sample"}),
    frozenset({"samples3", "sel_sample3"}),
)


# What each page's Reset puts back: the fields the page shows (url path -> fields). The rest stays
# the user's: Reset on the matrix view set the margin lab's loss, the tour's step, the explorer's x
# and the class names back too. KEPT_BY_RESET lists the fields no page's Reset touches.
RESET_FIELDS: dict[str, tuple[str, ...]] = {
    "explorer": (
        "weights",
        "x",
        "biases",
        "temperature",
        "normalize_w",
        "normalize_x",
        "layers",
        "selected",
        "view",
    ),
    "explorer_3d": (
        "weights3",
        "x3",
        "biases",
        "temperature",
        "normalize_w",
        "normalize_x",
        "sphere_radius",
        "camera",
    ),
    "margin_lab": (
        "weights",
        "x",
        "biases",
        "view",
        "loss",
        "label",
        "margin_params",
        "compare_softmax",
        "margin_chart",
    ),
    "matrix_view": (
        "weights",
        "weights3",
        "biases",
        "temperature",
        "view",
        "camera",
        "dim",
        "samples",
        "samples3",
        "sel_sample",
        "sel_sample3",
        "sel_class",
        "seed",  # where Add puts the next sample
    ),
}
# The names label every page; the tour's step and the training lab have their own resets.
KEPT_BY_RESET = (
    "class_names",
    "tour_step",
    *(f.name for f in fields(Scene) if f.name.startswith(("train_", "feature_")) or f.name == "warmup"),
)


def reset_scene(scene: Scene, page: str) -> Scene:
    """``scene`` with the fields page ``page`` (a url path) shows at their defaults
    (:data:`RESET_FIELDS`); a page not listed there puts back the whole default scene."""
    names = RESET_FIELDS.get(page)
    if names is None:
        return Scene()
    default = Scene()
    try:
        return replace(scene, **{name: getattr(default, name) for name in names})
    except ValueError:  # a kept field that only held with a reset one: Reset must still work
        return default


def short_query(scene: Scene, prefs: Prefs | None = None) -> dict[str, str]:
    """Only what differs from the defaults (the default scene's is empty): what the address bar
    holds (:func:`address_query`) and, without present mode, the link to share (:func:`share_query`).

    :func:`from_query` fills every missing key with its default, so it reads it back exactly.
    """
    full = {**scene.to_query(), **(prefs or Prefs()).to_query()}
    short = {key: value for key, value in full.items() if _DEFAULT_QUERY[key] != value}
    if "sn" in short and scene.dim == 3:
        # from_query reads a 3D link's lone sn as the 3D column, as links before sn3 meant it.
        short["sn3"] = full["sn3"]
    return short


def share_query(scene: Scene, prefs: Prefs | None = None) -> dict[str, str]:
    """The link to share (Copy link, the QR code): :func:`short_query` without present mode. That
    is the presenting screen's: a class scanning the projected QR code got it on every phone, its
    text too large for their plots. Language, drag mode and snapping go with the scene."""
    return short_query(scene, replace(prefs or Prefs(), projector=False))


def address_query(scene: Scene, prefs: Prefs | None = None) -> dict[str, str]:
    """What the address bar holds: :func:`short_query` plus the mark ``v=2``.

    The mark tells a URL that holds a whole scene (the default one is just ``?v=2``) from one
    Streamlit emptied when the sidebar opened another page (nothing: keep the scene). Missing
    keys of a marked URL are defaults, preferences included.
    """
    return {**short_query(scene, prefs), MARK_KEY: MARK_VALUE}


def is_marked(query: Mapping[str, Any]) -> bool:
    """Does ``query`` hold a whole scene as written by :func:`address_query`?"""
    value = query.get(MARK_KEY)
    return (value[-1] if isinstance(value, list) and value else value) == MARK_VALUE


def odd_mark(query: Mapping[str, Any]) -> str | None:
    """The mark ``v`` of ``query`` if it is not this app's (``v=99``: a later version's link, or
    a hand-edited one), at most 40 characters; None if it is this app's or absent. The rest of the
    link is read as this version writes it, and the app says so. Never raises."""
    try:
        value = query.get(MARK_KEY)
    except Exception:
        return None
    value = value[-1] if isinstance(value, list | tuple) and value else value
    return None if value is None or str(value) == MARK_VALUE else str(value)[:40]


def from_query(query: Mapping[str, Any]) -> tuple[Scene, list[str]]:
    """Read a scene from URL query parameters; never raises.

    Parameters
    ----------
    query : mapping of str to str (or list of str: the last one counts)

    Returns
    -------
    (Scene, problems)
        Missing keys keep their defaults. If any value is unreadable or out of
        range, the scene is the default one and ``problems`` says what was wrong
        (one short sentence each): half a scene could pass for the one shared. The
        preference keys (``lang``, ``proj``) are left to :func:`prefs_from_query`,
        and keys nobody reads are skipped (:func:`unknown_keys` names them).
    """
    return _read(Scene, FIELDS, query)


def prefs_from_query(query: Mapping[str, Any]) -> tuple[Prefs, list[str]]:
    """Read the preferences from URL query parameters; never raises (see :func:`from_query`).

    Each stands alone, unlike a scene's values: one that cannot be read takes its default and the
    others are kept (``lang=zh&proj=2`` opened in English)."""
    prefs, problems = _read(Prefs, PREF_FIELDS, query)
    if problems:
        for f in PREF_FIELDS:
            one, wrong = _read(Prefs, (f,), query)
            if not wrong:
                prefs = replace(prefs, **{f.name: getattr(one, f.name)})
    return prefs, problems


def unknown_keys(query: Mapping[str, Any]) -> list[str]:
    """The keys of ``query`` that neither the scene, the preferences nor Streamlit reads.

    A link keeps what it says with them: a messenger or a course page may add its own tag
    (``?fbclid=...``, ``utm_source``), and that must not cost a class the teacher's scene.
    The app names them, so a misspelt key is not silently lost either; an empty key (``?&=x``)
    has no name to say ("This link also holds , which ..."). Never raises.
    """
    try:
        keys = [str(key) for key in query]
    except Exception:  # a broken mapping has nothing to name; from_query says it is unreadable
        return []
    names = (key[:40] for key in keys if key not in _LINK_KEYS)
    return list(dict.fromkeys(name for name in names if name.strip()))


def repeated_keys(query: Mapping[str, Any]) -> list[str]:
    """The keys the app reads that ``query`` (key to a list of values) gives more than once, with
    different values: the last one counts (as for :func:`from_query`), and the app says so, or
    ``?x=abc&x=2,2`` would drop the unreadable one without a word. Never raises."""
    try:
        items = [(str(key), values) for key, values in query.items()]
    except Exception:  # a broken mapping: from_query says it is unreadable
        return []
    many = [key for key, values in items if isinstance(values, list | tuple) and len({*map(str, values)}) > 1]
    return [key for key in dict.fromkeys(many) if key in _LINK_KEYS]


def holds_scene(query: Mapping[str, Any]) -> bool:
    """Does ``query`` say anything about the scene (not only preferences or foreign tags)?"""
    try:
        return any(str(key) in _KEYS or str(key) == MARK_KEY for key in query)
    except Exception:
        return False


_DEFAULT_QUERY = {**Scene().to_query(), **Prefs().to_query()}
_LINK_KEYS = _KEYS | PREF_KEYS | FOREIGN_KEYS | {MARK_KEY}


def scene_to_json(scene: Scene) -> str:
    """The scene as a JSON object of its URL fields (what "Export" writes)."""
    return json.dumps(scene.to_query(), indent=2, sort_keys=True)


def _as_text(value: Any, points: bool = True) -> str | None:
    """A hand-written JSON value as the URL's text: numbers, booleans, lists of numbers, lists of
    such lists where ``points`` (a batch) and lists of texts as Export would write them; None for
    anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return _num(value) if isinstance(value, float) else str(value)
    if isinstance(value, list) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return ",".join(_num(v) for v in value)
    if points and isinstance(value, list) and all(isinstance(v, list) for v in value):
        rows = [_as_text(v, points=False) for v in value]
        return None if None in rows else ";".join(rows)
    if value and isinstance(value, list) and all(isinstance(v, str) and "|" not in v for v in value):
        return "|".join(value)  # the class names, as a list: ["cat", "dog", "bird"]
    return None


def _binary(data: str | bytes) -> bool:
    """Bytes that are no UTF-8 text (an image, a PDF)."""
    if isinstance(data, str):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def scene_from_json(text: str | bytes) -> tuple[Scene | None, list[str]]:
    """Read an exported (or hand-written) scene; never raises. ``(None, problems)`` if it is not one.

    Values are the URL's texts, as Export writes them, or plain JSON numbers, booleans and
    arrays of numbers (``"x": [1.5, 2]``, ``"X": [[1, 2], [3, 4]]``). Every problem is reported.
    """
    if len(text) > 100_000:
        # An image is large too: said "too large to be a scene", as if a smaller one might be.
        return None, [Problem("not_text" if _binary(text) else "too_large")]
    try:
        # A number of more than 4300 digits is past Python's int parser (a ValueError, said as "not
        # text"): read as a float, it is the infinity it stands for, and said as written.
        data = json.loads(
            text,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_float,  # NaN, Infinity: said as written too
            object_pairs_hook=_json_object,
        )
    except json.JSONDecodeError as exc:
        return None, [Problem("not_json", line=exc.lineno, col=exc.colno)]
    except (ValueError, UnicodeDecodeError):  # bytes that are no UTF-8 text (an image named .json)
        return None, [Problem("not_text")]
    except RecursionError:  # 1000 nested brackets in 2 KB: the decoder gives up, and so do we
        return None, [Problem("too_deep")]
    if not isinstance(data, dict):
        return None, [Problem("not_object")]
    if not data:  # "{}" was read as the default scene: everything the user had set, gone
        return None, [Problem("no_fields")]
    # A field written twice with different values: like a link's, said (the last one was used).
    texts, problems = {}, [Problem("json_repeated", where=(str(key)[:40],)) for key in data.repeated]
    for key, value in data.items():
        field = _BY_KEY.get(key)
        try:
            # One point written as a batch ("x": [[1, 2], [3]]) is not read as a batch's text: it
            # was told "expected a number", or "arrays of 2 numbers each" where x is one array.
            as_text = _as_text(value, points=field is None or field.points)
        except RecursionError:  # nested lists the decoder still took, too deep to read back
            as_text = None
        if as_text is None and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            # ["a", "b|c", "d"]: the names are text; "|" is what a link separates them with.
            problems.append(Problem("name_bar", where=(str(key)[:40],)))
        elif as_text is None:
            problems.append(_refused(str(key), value))
        else:
            texts[key] = as_text
    # A file holds a scene: a link's other keys (the preferences, a messenger's tag) were
    # dropped without a word, and "Scene imported" said beside a language it did not set.
    problems += [Problem("json_pref", where=(str(key)[:40],)) for key in texts if key in PREF_KEYS]
    scene_keys = _KEYS | PREF_KEYS | {MARK_KEY}
    problems += [Problem("unknown_field", got=repr(str(key)[:40])) for key in texts if key not in scene_keys]
    scene, more = from_query(texts)
    problems += [_as_written(problem, data) for problem in more]
    return (None, problems) if problems else (scene, [])


class _Fields(dict):
    """A JSON object's fields (the last value of each, as ``json.loads`` keeps), and the fields
    written more than once with different values."""

    repeated: tuple[str, ...] = ()


def _json_object(pairs: list[tuple[str, Any]]) -> _Fields:
    fields, first = _Fields(pairs), {}
    for key, value in pairs:
        first.setdefault(key, value)
    fields.repeated = tuple(dict.fromkeys(key for key, value in pairs if not _same(value, first[key])))
    return fields


def _same(a: Any, b: Any) -> bool:
    """Two JSON values as written alike: NaN is not equal to itself, and one "T": NaN was said as
    given twice with different values."""
    if isinstance(a, _Written) and isinstance(b, _Written) and not (math.isfinite(a) and math.isfinite(b)):
        return a.text == b.text
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(u, v) for u, v in zip(a, b, strict=True))
    return a is b or a == b


def _json_float(text: str) -> float:
    value = float(text)
    return value if math.isfinite(value) and repr(value) == text else _Written(text)


def _json_int(text: str) -> int | float:
    return int(text) if len(text) <= 300 else _json_float(text)


def _dumps(value: Any) -> str:
    """A JSON value as the file wrote its numbers: json.dumps said [1e300] as [1e+300]."""
    if isinstance(value, list):
        return "[" + ", ".join(_dumps(v) for v in value) + "]"
    return value.text if isinstance(value, _Written) else json.dumps(value, ensure_ascii=False)


# Problems whose "got" is the field's own text (not a count or a name).
_SAYS_THE_VALUE = frozenset({"numbers", "not_number", "whole", "bool"})


def _written(value: Any) -> str:
    written = _dumps(value)
    return written if len(written) <= 40 else written[:39] + "…"


def _refused(key: str, value: Any) -> Problem:
    """A field's JSON value that no text stands for, said as the field needs it: one point written
    as an array of arrays is told the array it should be."""
    field = _BY_KEY.get(key)
    default = field.get(Scene()) if field is not None and not field.points else None
    if isinstance(value, list) and isinstance(default, tuple) and all(isinstance(v, float) for v in default):
        return Problem("array", where=(key[:40],), n=len(default), got=_written(value))
    return Problem("json_value", where=(key[:40],))


def _as_written(problem: Problem, data: dict) -> Problem:
    """``problem`` of a file's field said of the value the file wrote, not of the link text it was
    read as: ``"w1": [1]`` gave "expected 2 comma-separated numbers, got '1.0'", ``"T": [1e300,
    3]`` "expected a number, got '1e300,3.0'", and ``"x": 1e300`` was told of commas."""
    value = data.get(problem.where[0]) if len(problem.where) == 1 else None
    if problem.key not in _SAYS_THE_VALUE or value is None or isinstance(value, str):
        return problem  # a link's text, written as a link's: said as one
    written = _written(value)
    if problem.key != "numbers":
        return Problem(problem.key, where=problem.where, **{**problem.fmt, "got": written})
    # A batch's problem is said of its points, whatever the file wrote ("X": 5 was told "an array
    # of 2 numbers").
    field = _BY_KEY.get(problem.where[0])
    points = field is not None and field.points
    return Problem("arrays" if points else "array", where=problem.where, n=problem.fmt["n"], got=written)


def spare_sample(scene: Scene, seed: int, draws: int = 16) -> tuple[float, ...]:
    """A new sample for the matrix view's batch (its current dimension), drawn with ``seed``: of
    ``draws`` points around the origin (2 decimals) inside the view, the one farthest from the
    batch's samples and the weights' tips. A single draw landed on x⁽²⁾, or on w2's handle."""
    rng = np.random.default_rng(seed)
    points = np.round(rng.normal(0.0, 1.6, size=(draws, scene.dim)), 2)
    inside = points[np.abs(points).max(axis=1) <= 0.85 * scene.view]
    points = inside if len(inside) else points
    weights = scene.weights if scene.dim == 2 else scene.weights3
    taken = np.array([*scene.batch, *weights], dtype=float)
    gap = np.linalg.norm(points[:, None, :] - taken[None, :, :], axis=2).min(axis=1)
    return tuple(float(v) for v in points[int(np.argmax(gap))])
