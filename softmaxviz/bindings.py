"""The widget binding table: which widget shows which field of the scene (or the preferences).

One :class:`Binding` per widget key, generated from the scene's fields the way
``state.FIELDS`` drives the URL. Both directions come from it:

* ``binding.show(state)``: the value the widget shows for ``state``;
* ``binding.apply(state, value)``: ``state`` with *only this binding's field* set from
  ``value`` (ValueError if the value is not valid).

A widget is only ever a view: the Streamlit glue sets every widget from the state
before drawing it and, when the user changes one, applies that one widget's value.
A widget the user did not touch can therefore never write into the scene, and a
value equal to what the widget shows changes nothing, so scene -> widgets -> scene
is the identity.

Keys are generated from the field name: ``weights.0.1`` is w1's second coordinate,
``biases.2`` is b3, ``margin_params.arcface.m`` is ArcFace's m, ``weights3.1.az`` is
w2's azimuth in the 3D explorer (degrees in the UI, radians inside).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from softmaxviz.space import cartesian, spherical
from softmaxviz.state import (
    BOOL_PARAMS,
    DECAY_MAX,
    DRAG_MODES,
    FEATURE_CLASSES,
    LAYERS,
    LOSS_PARAMS,
    LR_MAX,
    LR_MIN,
    MARGIN_CHARTS,
    MAX_ABS,
    NAME_MAX,
    STEPS_MAX,
    T_MAX,
    T_MIN,
    TRAIN_BATCHES,
    TRAIN_CLASSES,
    TRAIN_DATA,
    VIEW_MAX,
    VIEW_MIN,
    K,
    Prefs,
    Scene,
)
from softmaxviz.strings import LANGUAGES, Invalid, plain_number

# Widget kinds, each drawn by one Streamlit element (softmaxviz.ui.controls).
NUMBER, SLIDER, TOGGLE, CHOICE, SELECT, PILLS, TEXT = (
    "number",
    "slider",
    "toggle",
    "choice",
    "select",
    "pills",
    "text",
)


@dataclass(frozen=True)
class Binding:
    """One widget: its key, the field it shows, how it looks and both directions.

    Attributes
    ----------
    key : str
        The widget key, generated from ``field``.
    field : str
        The field of :class:`~softmaxviz.state.Scene` (or :class:`~softmaxviz.state.Prefs`) it shows.
    widget : str
        ``NUMBER``, ``SLIDER``, ``TOGGLE``, ``CHOICE`` (segmented), ``SELECT`` or ``PILLS``.
    show : callable ``state -> value``
    apply : callable ``(state, value) -> state``
        Sets this binding's field only; raises ValueError for an invalid value.
    low, high, step : float or None
        A number's range and step.
    options : callable ``state -> tuple``
        A choice's options (they may depend on the state, e.g. the batch size).
    direction, turn : str, callable ``(state, value, hint=) -> (azimuth, elevation)``, or None
        Spherical inputs only: the key of the vector whose direction the glue remembers for them
        (``show`` and ``apply`` take it as ``hint=``), and that direction once the user set ``value``.
    """

    key: str
    field: str
    widget: str
    show: Callable[[Any], Any]
    apply: Callable[[Any, Any], Any]
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: Callable[[Any], tuple] = lambda state: ()
    direction: str | None = None
    turn: Callable[..., tuple[float, float]] | None = None

    def update(self, state, value, **hint):
        """``state`` after the user set this widget to ``value``.

        ``None`` (a deselected choice) and the value already shown leave ``state`` as it
        is, so a widget can only change the scene to something it displays. ``hint``: a
        spherical input's direction shown before (see :func:`aim`).
        """
        if value is None or _same(value, self.show(state, **hint)):
            return state
        return self.apply(state, value, **hint)


def _same(a, b) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{what} must be a number, got {value!r}")
    return float(value)


def _set_item(items: tuple, index: int, value) -> tuple:
    return (*items[:index], value, *items[index + 1 :])


def _scalar(field: str, widget: str = NUMBER, **range_) -> Binding:
    def apply(state, value):
        if widget == TOGGLE:
            return replace(state, **{field: bool(value)})
        return replace(state, **{field: _number(value, field)})

    return Binding(field, field, widget, lambda state: getattr(state, field), apply, **range_)


def _item(field: str, index: int) -> Binding:
    """Number ``index`` of a flat tuple field (a bias)."""

    def apply(state, value):
        return replace(state, **{field: _set_item(getattr(state, field), index, _number(value, field))})

    return Binding(
        f"{field}.{index}",
        field,
        NUMBER,
        lambda state: getattr(state, field)[index],
        apply,
        -MAX_ABS,
        MAX_ABS,
        0.1,
    )


def coordinate_key(field: str, point: int | None, axis: int | str) -> str:
    """The key of a coordinate (or spherical part) binding, as the table generates it."""
    return f"{field}.{axis}" if point is None else f"{field}.{point}.{axis}"


def _coordinate(field: str, point: int | None, axis: int) -> Binding:
    """Coordinate ``axis`` of a point field (``x``) or of point ``point`` of a tuple of points."""

    def get(state):
        value = getattr(state, field)
        return value[axis] if point is None else value[point][axis]

    def apply(state, value):
        value = _number(value, "a coordinate")
        current = getattr(state, field)
        if point is None:
            return replace(state, **{field: _set_item(current, axis, value)})
        moved = _set_item(current[point], axis, value)
        return replace(state, **{field: _set_item(current, point, moved)})

    return Binding(coordinate_key(field, point, axis), field, NUMBER, get, apply, -MAX_ABS, MAX_ABS, 0.1)


def picked_key(field: str, index: str, axis: int) -> str:
    """The key of a :func:`_picked` binding: ``samples3.sel_sample3.0``."""
    return f"{field}.{index}.{axis}"


def _picked(field: str, index: str, axis: int) -> Binding:
    """Coordinate ``axis`` of the point of ``field`` that the index field ``index`` picks: the
    matrix view's highlighted sample (column) or class weight (row). In 3D the view's handles have
    no keyboard access; these inputs are how a keyboard user moves them."""

    def get(state):
        return getattr(state, field)[getattr(state, index)][axis]

    def apply(state, value):
        return _coordinate(field, getattr(state, index), axis).apply(state, value)

    return Binding(picked_key(field, index, axis), field, NUMBER, get, apply, -MAX_ABS, MAX_ABS, 0.1)


SPHERICAL = ("az", "el", "len")
# A length goes up to the longest vector a scene holds (every coordinate within MAX_ABS), rounded
# up: the input shows any valid scene's length, though a typed one may put a coordinate past it.
_SPHERICAL_RANGE = {
    "az": (-180.0, 180.0, 5.0),
    "el": (-90.0, 90.0, 5.0),
    "len": (0.0, float(math.ceil(math.sqrt(3) * MAX_ABS)), 0.1),
}


# Below this a vector's coordinates may be subnormal, with fewer digits: a typed length of 1e-320
# turned w1 from azimuth 120° to 119.9977°, and length 3 then pointed there. Its direction is then
# the one shown before (the hint), as the zero vector's.
TINY_LENGTH = 1e-290


def aim(vector, hint: tuple[float, float] | None = None) -> tuple[float, float]:
    """The direction (azimuth, elevation; radians) the spherical inputs show for ``vector``.

    Its own where defined; where not, ``hint``'s part (the direction shown before). The zero
    vector has no direction and a vector on the x3 axis no azimuth: without a hint, length 0 and
    then 2 made w1 (2, 0, 0) whatever it pointed at, and a typed azimuth at elevation 90° went back
    to 0, so the next elevation lost it too.
    """
    az, el, length = spherical(vector)
    if hint is None:
        return az, el
    if length < TINY_LENGTH:  # 0, or so short its coordinates have lost digits
        return hint
    return (az if np.hypot(vector[0], vector[1]) > 0.0 else hint[0]), el


def _spherical(field: str, point: int | None, part: str) -> Binding:
    """Azimuth / elevation (degrees) or length of a 3D point: sets the point, keeping the other two.

    ``hint`` (keyword) is the direction shown before, for a vector without one of its own (see
    :func:`aim`); ``turn`` gives the direction the inputs show once the user set this one.
    """
    i = SPHERICAL.index(part)

    def vector(state):
        value = getattr(state, field)
        return np.array(value if point is None else value[point], dtype=float)

    def coords(state, hint):
        v = vector(state)
        return [*aim(v, hint), float(np.linalg.norm(v))]

    def get(state, hint=None):
        value = coords(state, hint)[i]
        return round(value, 6) if part == "len" else round(math.degrees(value), 4)

    def turn(state, value=None, hint=None):
        direction = coords(state, hint)[:2]
        if value is not None and part != "len":
            direction[i] = math.radians(_number(value, part))
        return tuple(direction)

    def apply(state, value, hint=None):
        # The inputs have no bounds of their own (see ``controls.bound``): the range is checked here.
        value = _number(value, part)
        c = coords(state, hint)
        got = plain_number(value, exact=True)
        if part == "len":
            # Say it of the length typed, not of the coordinate it would put past the limit.
            most = MAX_ABS / np.max(np.abs(cartesian(c[0], c[1], 1.0)))
            digits = 10.0 ** (5 - math.floor(math.log10(most)))  # six, rounded down: it is a most
            shown = plain_number(math.floor(most * digits) / digits)
            if value > most:
                raise Invalid("length_max", most=shown, got=got)
            if value < 0:
                raise Invalid("at_least", what="length", lo="0", got=got)
        elif not low <= value <= high:
            raise Invalid("between", what=part, lo=plain_number(low), hi=plain_number(high), got=got)
        c[i] = value if part == "len" else math.radians(value)
        # Nine decimals past the length's first digit (float noise off), not nine decimals: a typed
        # length of 1e-9 made x (7e-10, 7e-10, 4e-10) into (1e-9, 1e-9, 0), and 2 then pointed elsewhere.
        digits = 9 - min(math.floor(math.log10(c[2])), 0) if c[2] > 0 else 9
        p = cartesian(*c)
        # Below ~1e-290 the noise is as small as the length, and 10^digits would overflow: a typed
        # length of 2.2e-308 came out NaN and was refused as not a number.
        p = tuple(float(v) for v in (np.round(p, digits) if digits <= 300 else p))
        if point is None:
            return replace(state, **{field: p})
        return replace(state, **{field: _set_item(getattr(state, field), point, p)})

    low, high, step = _SPHERICAL_RANGE[part]
    key, vector_key = coordinate_key(field, point, part), (field if point is None else f"{field}.{point}")
    return Binding(key, field, NUMBER, get, apply, low, high, step, direction=vector_key, turn=turn)


def _index_choice(field: str, count: Callable[[Any], int]) -> Binding:
    """A 0-based index, shown as a choice among ``count(state)`` options."""

    def apply(state, value):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count(state):
            raise ValueError(f"{field} must be 0..{count(state) - 1}, got {value!r}")
        return replace(state, **{field: value})

    return Binding(
        field,
        field,
        CHOICE,
        lambda state: getattr(state, field),
        apply,
        options=lambda state: tuple(range(count(state))),
    )


def _choice(field: str, options: tuple, widget: str = CHOICE, index: int | None = None) -> Binding:
    """One of fixed ``options`` (a segmented control or a select box); ``index``: one item of a
    tuple field (the two losses trained side by side)."""

    def get(state):
        value = getattr(state, field)
        return value if index is None else value[index]

    def apply(state, value):
        if isinstance(value, bool) or value not in options:
            raise ValueError(f"{field} must be one of {', '.join(map(str, options))}, got {value!r}")
        if index is None:
            return replace(state, **{field: value})
        return replace(state, **{field: _set_item(getattr(state, field), index, value)})

    key = field if index is None else f"{field}.{index}"
    return Binding(key, field, widget, get, apply, options=lambda state: options)


def _integer(field: str, what: str, low: int, high: int, widget: str = NUMBER) -> Binding:
    """A whole number in ``[low, high]`` (a seed, steps per frame); ``what``: its name in messages
    (``what.<what>``, as the scene's own check names it)."""

    def apply(state, value):
        number = _number(value, field)
        if not number.is_integer():
            raise Invalid("whole_of", what=what, got=plain_number(number, exact=True))
        # Past 2^53 a float no longer holds the digits typed: int() would invent them in the
        # scene's refusal ("got 12345678901234567168" of 12345678901234567890).
        return replace(state, **{field: int(number) if abs(number) <= 2**53 else number})

    return Binding(field, field, widget, lambda state: getattr(state, field), apply, low, high, 1)


def _train_classes() -> Binding:
    """The training lab's K: fewer classes also drop the clicked points of the classes gone."""

    def apply(state, value):
        if isinstance(value, bool) or value not in TRAIN_CLASSES:
            raise ValueError(f"classes must be one of {TRAIN_CLASSES}, got {value!r}")
        points = tuple(p for p in state.train_points if p[2] < value)
        return replace(
            state, train_classes=value, train_pick=min(state.train_pick, value - 1), train_points=points
        )

    return Binding(
        "train_classes",
        "train_classes",
        CHOICE,
        lambda state: state.train_classes,
        apply,
        options=lambda s: TRAIN_CLASSES,
    )


def _class_name(k: int) -> Binding:
    """Class k's name (stripped; empty is "class k")."""

    def apply(state, value):
        if not isinstance(value, str):
            raise ValueError(f"a class name is text, got {value!r}")
        return replace(state, class_names=_set_item(state.class_names, k, value.strip()))

    return Binding(
        f"class_names.{k}", "class_names", TEXT, lambda state: state.class_names[k], apply, 0, NAME_MAX
    )


def _layers() -> Binding:
    def apply(state, value):
        names = frozenset(value)
        if not names <= set(LAYERS):
            raise ValueError(f"unknown layers {sorted(names - set(LAYERS))}")
        return replace(state, layers=names)

    return Binding(
        "layers",
        "layers",
        PILLS,
        lambda state: [n for n in LAYERS if n in state.layers],
        apply,
        options=lambda state: LAYERS,
    )


def _loss() -> Binding:
    def apply(state, value):
        if value not in LOSS_PARAMS:
            raise ValueError(f"unknown loss {value!r}")
        return state.with_loss(value)

    return Binding(
        "loss", "loss", SELECT, lambda state: state.loss, apply, options=lambda state: tuple(LOSS_PARAMS)
    )


def _margin_param(kind: str, name: str) -> Binding:
    """One parameter of one loss kind. Its widget is drawn only while the scene uses ``kind``;
    a stale value for another kind changes nothing."""
    spec = LOSS_PARAMS[kind][name]
    is_bool = name in BOOL_PARAMS

    def get(state):
        value = dict(state.margin_params).get(name, spec.default) if state.loss == kind else spec.default
        return bool(value) if is_bool else value

    def apply(state, value):
        if state.loss != kind:
            return state
        value = float(bool(value)) if is_bool else _number(value, name)
        params = tuple((k, value if k == name else v) for k, v in state.margin_params)
        return replace(state, margin_params=params)

    widget = TOGGLE if is_bool else SLIDER
    return Binding(
        f"margin_params.{kind}.{name}", "margin_params", widget, get, apply, spec.low, spec.high, spec.step
    )


def _dim() -> Binding:
    def apply(state, value):
        if value not in (2, 3):
            raise ValueError(f"dim must be 2 or 3, got {value!r}")
        return replace(state, dim=value)  # each dimension keeps its own batch and column

    return Binding("dim", "dim", CHOICE, lambda state: state.dim, apply, options=lambda state: (2, 3))


def _points(field: str, dim: int) -> list[Binding]:
    out = []
    for k in range(K):
        out += [_coordinate(field, k, axis) for axis in range(dim)]
    return out


# Per dimension, the matrix view's picked points: (field, the index field that picks one).
PICKED = {
    2: (("samples", "sel_sample"), ("weights", "sel_class")),
    3: (("samples3", "sel_sample3"), ("weights3", "sel_class")),
}

BINDINGS: dict[str, Binding] = {
    b.key: b
    for b in (
        *_points("weights", 2),
        *(_coordinate("x", None, axis) for axis in range(2)),
        *(_item("biases", k) for k in range(K)),
        _scalar("temperature", low=T_MIN, high=T_MAX, step=0.1),
        _scalar("normalize_w", TOGGLE),
        _scalar("normalize_x", TOGGLE),
        _layers(),
        _index_choice("selected", lambda state: K),
        _scalar("view", low=VIEW_MIN, high=VIEW_MAX, step=0.5),
        _loss(),
        _index_choice("label", lambda state: K),
        *(_margin_param(kind, name) for kind, params in LOSS_PARAMS.items() for name in params),
        _scalar("compare_softmax", TOGGLE),
        *_points("weights3", 3),
        *(_coordinate("x3", None, axis) for axis in range(3)),
        *(_spherical("weights3", k, part) for k in range(K) for part in SPHERICAL),
        *(_spherical("x3", None, part) for part in SPHERICAL),
        _scalar("sphere_radius", low=0.0, high=MAX_ABS, step=0.25),
        _dim(),
        _index_choice("sel_sample", lambda state: len(state.samples)),
        _index_choice("sel_sample3", lambda state: len(state.samples3)),
        _index_choice("sel_class", lambda state: K),
        *(_picked(field, index, axis) for field, index in PICKED[2] for axis in range(2)),
        *(_picked(field, index, axis) for field, index in PICKED[3] for axis in range(3)),
        *(_class_name(k) for k in range(K)),
        _choice("margin_chart", MARGIN_CHARTS),
        _choice("train_data", TRAIN_DATA, SELECT),
        _train_classes(),
        _index_choice("train_pick", lambda state: state.train_classes),
        _choice("train_batch", TRAIN_BATCHES),
        _choice("train_dim", (2, 3)),
        _integer("train_seed", "training_seed", 0, 2**32 - 1),
        _choice("train_loss", tuple(LOSS_PARAMS), SELECT),
        _scalar("train_lr", low=LR_MIN, high=LR_MAX, step=0.05),
        _integer("train_steps", "steps", 1, STEPS_MAX, SLIDER),
        _scalar("train_decay", low=0.0, high=DECAY_MAX, step=0.001),
        _choice("feature_classes", FEATURE_CLASSES),
        _choice("feature_dim", (2, 3)),
        *(_choice("feature_losses", tuple(LOSS_PARAMS), SELECT, index) for index in range(2)),
        _scalar("warmup", TOGGLE),
    )
}
"""Every scene widget, by key."""


def _lang() -> Binding:
    def apply(prefs, value):
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        return replace(prefs, lang=value)

    return Binding(
        "lang", "lang", CHOICE, lambda prefs: prefs.lang, apply, options=lambda prefs: tuple(LANGUAGES)
    )


PREF_BINDINGS: dict[str, Binding] = {
    b.key: b
    for b in (
        _lang(),
        _scalar("projector", TOGGLE),
        _choice("drag_mode", DRAG_MODES),
        _scalar("snap", TOGGLE),
    )
}
"""Every preference widget, by key (they act on :class:`~softmaxviz.state.Prefs`)."""


def widget_values(state: Scene | Prefs) -> dict[str, Any]:
    """Every widget key of ``state``'s table and the value it shows."""
    table = PREF_BINDINGS if isinstance(state, Prefs) else BINDINGS
    return {key: b.show(state) for key, b in table.items()}
