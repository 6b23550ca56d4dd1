"""Figure builders: pure ``(scene, results, *, options) -> go.Figure``, no Streamlit.

Deterministic (same input, same JSON), so tests check ``fig.data`` and
``fig.layout`` and the browser receives only what changed. The drag canvases' builders are
made with :func:`builder`: ``explorer_figure.parts(...)`` gives the same figure as plain dicts
(:class:`Parts`), which a canvas sends as JSON without building the ``go.Figure``.
"""

from __future__ import annotations

import base64
import json
import struct
import textwrap
import zlib
from collections.abc import Callable
from functools import wraps
from typing import NamedTuple, ParamSpec

import numpy as np
import pandas  # noqa: F401 - see below
import plotly.graph_objects as go
from _plotly_utils.utils import plotlyjsShortTypes, to_typed_array_spec
from plotly.utils import PlotlyJSONEncoder

from softmaxviz.core import Border, Regions, angle_slack, logit_slack, normalize_columns
from softmaxviz.labels import (
    CHAR_EM,
    PLOT_PX,
    Label,
    Placed,
    fixed_box,
    place,
    plot_px,
    px_to_data,
    text_size,
)
from softmaxviz.memo import by_value
from softmaxviz.palette import (
    BORDER_COLOR,
    CLASS_COLORS,
    CLASS_SYMBOLS,
    GUIDE_COLOR,
    SAMPLE_COLOR,
    hex_to_rgb,
)
from softmaxviz.results import Explorer3DResults, ExplorerResults
from softmaxviz.state import HANDLES, Scene, sample_key
from softmaxviz.strings import angle_labels, sample_name, t

# pandas is imported here, under this module's import lock, because plotly imports it lazily
# inside a call: sessions starting at once on a cold server then saw a half-initialised
# pandas ("partially initialized module 'pandas' has no attribute 'Series'", bench/load_gen.py).

# Region shading is quantised: a handful of levels reads as well as a gradient
# and keeps the PNG (and so every rerun's payload) a few kilobytes.
SHADE_LEVELS = 8
# Label fonts (px) and the handle marker's size: the label placement measures boxes with them.
HANDLE_FONT, ARC_FONT, PROJ_FONT, HANDLE_PX = 15, 12, 13, 16
# A white outline around a handle's name: it reads over a region, an arc or points of its own
# colour (the training lab's w3 vanished among its class's green diamonds).
HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff"
BATCH_FONT = 14  # the matrix view's names: up to 3 weights and 12 samples share the plane
MIN_ALPHA, MAX_ALPHA = 0.12, 0.6


def png_data_uri(rgb: np.ndarray) -> str:
    """Encode an ``(H, W, 3)`` uint8 image (row 0 at the top) as a PNG data URI.

    Memoised by content: while x is dragged the regions stay the same, and encoding them
    again (~3 ms) was a fifth of a drag update's server time."""
    return _png_data_uri(np.ascontiguousarray(rgb, dtype=np.uint8))


@by_value(maxsize=16)
def _png_data_uri(rgb: np.ndarray) -> str:
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[r].tobytes() for r in range(h))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def region_image(regions: Regions, colors=CLASS_COLORS) -> np.ndarray:
    """``(R, R, 3)`` uint8: class colour over white, stronger where the winner is surer."""
    k = len(colors)
    rgb = np.array([hex_to_rgb(c) for c in colors], dtype=float)
    # Certainty from 0 (a k-way tie) to 1 (p = 1), quantised.
    certainty = np.clip((regions.probabilities - 1 / k) / (1 - 1 / k), 0, 1)
    certainty = np.round(certainty * (SHADE_LEVELS - 1)) / (SHADE_LEVELS - 1)
    alpha = (MIN_ALPHA + (MAX_ALPHA - MIN_ALPHA) * certainty)[..., None]
    img = 255 * (1 - alpha) + rgb[regions.classes] * alpha
    return np.flipud(np.round(img).astype(np.uint8))  # image rows go top-down


def region_data_uri(regions: Regions, colors=CLASS_COLORS) -> str:
    """``png_data_uri(region_image(regions, colors))``, memoised by the regions' content: while x
    is dragged the regions stay, and their picture (~0.4 ms) need not be drawn again."""
    return _region_png(regions.classes, regions.probabilities, tuple(colors))


@by_value(maxsize=16)
def _region_png(classes: np.ndarray, probabilities: np.ndarray, colors: tuple[str, ...]) -> str:
    return png_data_uri(region_image(Regions(np.empty(0), np.empty(0), classes, probabilities), colors))


def scatter(**props) -> dict:
    return {"type": "scatter", **props}


def _arc(center_angle_from: float, center_angle_to: float, radius: float, n: int = 24):
    """Points of the short arc between two directions (radians), at ``radius``."""
    delta = (center_angle_to - center_angle_from + np.pi) % (2 * np.pi) - np.pi
    a = center_angle_from + np.linspace(0, delta, n)
    return radius * np.cos(a), radius * np.sin(a), center_angle_from + delta / 2


def as_figure(traces: list[dict], layout: dict) -> go.Figure:
    """Wrap plain trace and layout dicts in a ``go.Figure`` without per-property validation.

    Validation costs ~20 ms per rerun, which a drag pays several times a
    second; ``tests/test_figures.py`` validates every builder's output instead.
    """
    return go.Figure(data=traces, layout=layout, _validate=False)


class Parts(NamedTuple):
    """A figure as its builder made it: the plain trace and layout dicts, before ``go.Figure``.

    A drag canvas sends its figure as JSON with every drag update. From the parts that is 0.1 ms
    for the explorer's figure; through ``go.Figure`` and its ``to_json`` 1.1 ms, which builds an
    object per trace and deep-copies it all.
    """

    data: list[dict]
    layout: dict

    def figure(self) -> go.Figure:
        return as_figure(self.data, self.layout)

    def to_json(self) -> str:
        """The JSON ``self.figure().to_json()`` gives, its keys in the builder's order
        (``tests/test_figures.py`` checks it): arrays as Plotly's typed arrays, NaN as null."""
        return json.dumps({"data": self.data, "layout": self.layout}, cls=_Encoder, separators=(",", ":"))


class _Encoder(PlotlyJSONEncoder):
    """Plotly's JSON encoder, with NumPy arrays as typed arrays (base64), which ``go.Figure``
    makes of them before it encodes; only arrays meet ``default``, so nothing else is walked."""

    def default(self, obj):
        if isinstance(obj, np.ndarray):
            typed = typed_array(obj) if obj.dtype.kind in "uif" else to_typed_array_spec(obj)
            if isinstance(typed, dict):
                return typed
        return super().default(obj)


def typed_array(v: np.ndarray) -> dict | np.ndarray:
    """Plotly's ``to_typed_array_spec`` of a numeric array, the same spec, without its trip through
    narwhals (for a data frame it might be), which took 0.2 ms an array: 2.7 ms of the 3 ms it
    took to write the training lab's canvas per frame of Play. Big integers go as the smallest
    type that holds them, as plotly.js reads no 64-bit ones; the array itself where none does."""
    v = np.ascontiguousarray(v)
    if v.size == 0:
        return v
    if v.dtype in (np.int64, np.uint64):
        smaller = (np.int8, np.int16, np.int32) if v.dtype == np.int64 else (np.uint8, np.uint16, np.uint32)
        lo, hi = v.min(), v.max()
        fits = [small for small in smaller if np.iinfo(small).min <= lo and hi <= np.iinfo(small).max]
        if not fits:
            return v
        v = v.astype(fits[0])
    short = plotlyjsShortTypes.get(str(v.dtype))
    if short is None:
        return v
    spec = {"dtype": short, "bdata": base64.b64encode(v).decode("ascii")}
    if v.ndim > 1:
        spec["shape"] = str(v.shape)[1:-1]
    return spec


P = ParamSpec("P")


def builder(parts: Callable[P, Parts]) -> Callable[P, go.Figure]:
    """Make a figure builder (returning ``go.Figure``) of a function returning :class:`Parts`.

    The function stays reachable as the builder's ``parts``, for what needs only the JSON: a
    drag canvas takes ``explorer_figure.parts(scene, r)`` as well as ``explorer_figure(scene, r)``.
    """

    @wraps(parts)
    def build(*args: P.args, **kwargs: P.kwargs) -> go.Figure:
        return parts(*args, **kwargs).figure()

    build.parts = parts
    return build


@builder
def explorer_figure(
    scene: Scene, explorer: ExplorerResults, *, lang: str = "en", present: bool = False
) -> Parts:
    """The 2D explorer's canvas.

    Parameters
    ----------
    scene
        Handles are drawn where the user put them (``scene.W``, ``scene.x``).
    explorer
        ``explorer_results(scene)``: the analysis, regions and borders of the effective
        (possibly normalised) vectors ``explorer.W`` (2, K) and ``explorer.x`` (2,);
        ``explorer.regions = None`` skips the image.
    present
        Labels placed for present mode's larger text on a plot that stays small (the tour's,
        beside its text: :func:`label_px`). The explorer's own plot grows with the text.

    Returns
    -------
    go.Figure
        Traces: borders (``explorer.borders`` as they are: the lines of the plane, or rays from
        the origin when x is normalised), arcs, projection, unit-length guides, one arrow per
        class (``meta.role == "arrow"``), then the handles (``meta.role ==
        "handles"``, names w1, w2, w3, x) on top.
    """
    analysis, regions, borders = explorer.analysis, explorer.regions, explorer.borders
    W, x = scene.W, scene.xv
    We, xe = explorer.W, explorer.x
    v = scene.view
    px = label_px(present)
    k_classes = W.shape[1]
    traces: list[dict] = []
    layers = scene.layers

    # What the labels must not cross besides arrows and handles: the borders drawn, the arcs.
    curves: list[np.ndarray] = []
    if "borders" in layers and borders:
        traces.append(borders_trace(borders, name=t("legend.border", lang)))
        curves += border_curves(borders)

    # Labels (the handles' names, angles, the projection) are placed at the end, clear of each other.
    arc_labels: list[tuple[int, Label]] = []
    if "arcs" in layers:
        x_angle = float(np.arctan2(xe[1], xe[0]))
        texts = angle_labels(analysis.angles[:k_classes], angle_slack(We, xe), lang)
        for k in range(k_classes):
            if np.isnan(analysis.angles[k]):
                continue
            w_angle = float(np.arctan2(We[1, k], We[0, k]))
            radius = v * (0.12 + 0.05 * k)
            ax, ay, mid = _arc(x_angle, w_angle, radius)
            curves.append(np.column_stack([ax, ay]))
            label = texts[k]
            # Outward from the arc's middle, then turned off it: the first free one wins.
            rings = [radius + px_to_data(d, v, px) for d in (12, 24, 38, 54, 72, 92)]
            turns = (0.0, 0.25, -0.25, 0.5, -0.5)
            spots = [(r * np.cos(mid + a), r * np.sin(mid + a)) for r in rings for a in turns]
            # Where every one of those touches a label (a crowded scene): further out or turned
            # further, past the arc's ends if need be.
            far = [(r, a) for r in (*rings, radius + px_to_data(116, v, px)) for a in (0.8, -0.8)]
            far += [(radius + px_to_data(116, v, px), a) for a in turns]
            fallback = tuple((r * np.cos(mid + a), r * np.sin(mid + a)) for r, a in far)
            arc_labels.append(
                (len(traces), Label(label, ARC_FONT, spots[0], candidates=tuple(spots), fallback=fallback))
            )
            traces.append(
                scatter(
                    # Lists, not np.append's object arrays: orjson (plotly's JSON engine where it
                    # is installed) refuses an object array, so every to_json serialised the figure
                    # twice, and orjson < 3.9.6 leaked each refused array (the soak's memory growth).
                    x=[*ax.tolist(), None, float(spots[0][0])],
                    y=[*ay.tolist(), None, float(spots[0][1])],
                    mode="lines+text",
                    text=[""] * len(ax) + ["", label],
                    textposition="middle center",
                    # Outlined in white, as the names: in its class's colour on its own region it
                    # stood at 1.8:1 against the shading (a QA pass).
                    textfont=dict(color=CLASS_COLORS[k], size=ARC_FONT, shadow=HALO),
                    line=dict(color=CLASS_COLORS[k], width=1.5),
                    name=label,
                    meta={"role": "arc", "class": k},
                )
            )

    sel = scene.selected
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    proj_label = None
    wn = float(np.linalg.norm(We[:, sel]))
    if "projection" in layers and wn > 0 and np.linalg.norm(xe) > 0:
        u = We[:, sel] / wn
        s = float(xe @ u)
        # Within its rounding of zero it reads 0 (x on w1's border read "‖x‖cos θ1 = -1.46e-17").
        s = 0.0 if abs(s) <= logit_slack(u[:, None], xe)[0] else s
        foot = s * u
        traces.append(
            scatter(
                x=[xe[0], foot[0], None, 0.0, foot[0]],
                y=[xe[1], foot[1], None, 0.0, foot[1]],
                mode="lines",
                line=dict(color=GUIDE_COLOR, width=1.5, dash="dot"),
                name=t("legend.projection", lang),
                meta={"role": "projection-guide"},
            )
        )
        traces.append(
            scatter(
                x=[0.0, foot[0]],
                y=[0.0, foot[1]],
                mode="lines",
                line=dict(color=CLASS_COLORS[sel], width=7),
                opacity=0.45,
                name=t("legend.projection", lang),
                meta={"role": "projection", "class": sel},
            )
        )
        text = t("proj.label", lang, k=sel + 1, v=f"{s:.3g}")
        # Beside the bar, on either side, from its foot towards the origin; then further out, one
        # label height at a time (near w_k the angles and names crowd its side of the bar).
        width, height = text_size(text, PROJ_FONT)
        side = np.array([-u[1], u[0]]) * px_to_data(height / 2 + 6, v, px)
        spots = [
            tuple(foot * f + side * m * sign)
            for m in (1, 2, 3, 4)
            for f in (1.0, 0.7, 0.45, 0.2)
            for sign in (-1, 1)
        ]
        # Then past either end of the bar, where it is short and the arrows meet at the origin
        # (x at right angles to w_k: "‖x‖cos θ = 0" lay across x's arrow or w3's).
        along = u * px_to_data(width / 2 + 6, v, px)
        spots += [
            tuple(end + along * way + side * m * sign)
            for m in (1, 2, 3)
            for end, way in ((foot, np.sign(s) or 1.0), (np.zeros(2), -(np.sign(s) or 1.0)))
            for sign in (-1, 1)
        ]
        proj_label = Label(text, PROJ_FONT, spots[0], candidates=tuple(spots))
        segments += [((0.0, 0.0), tuple(map(float, foot))), (tuple(map(float, xe)), tuple(map(float, foot)))]

    if scene.normalize_w or scene.normalize_x:
        a = np.linspace(0, 2 * np.pi, 97)
        traces.append(
            scatter(
                x=np.cos(a),
                y=np.sin(a),
                mode="lines",
                line=dict(color=GUIDE_COLOR, width=1, dash="dash"),
                name="‖·‖ = 1",
                meta={"role": "unit-circle"},
            )
        )
        ux, uy, colors = [], [], []
        if scene.normalize_w:
            Wu = normalize_columns(W)
            ux += list(Wu[0])
            uy += list(Wu[1])
            colors += list(CLASS_COLORS[:k_classes])
        if scene.normalize_x:
            xu = normalize_columns(x)
            ux.append(float(xu[0]))
            uy.append(float(xu[1]))
            colors.append(SAMPLE_COLOR)
        traces.append(
            scatter(
                x=ux,
                y=uy,
                mode="markers",
                marker=dict(symbol="diamond", size=10, color=colors),
                name="unit vectors",
                meta={"role": "unit-vectors"},
            )
        )

    traces += weight_arrows(W, lang)
    if "x_arrow" in layers:
        traces.append(sample_arrow(x, lang))
    names = handle_labels(W, x, lang)
    image = region_data_uri(regions) if regions is not None and "regions" in layers else None
    layout = plane_layout(v, lang, image)
    # The projection's label has fewer places (beside its bar) than an angle's: it goes first.
    extra = ([proj_label] if proj_label else []) + [lab for _, lab in arc_labels]
    spots = place_labels(names + extra, W, x, layout, v, segments, curves, px=px)
    proj_spot = spots[len(names)] if proj_label else None
    for (i, _), spot in zip(arc_labels, spots[len(names) + bool(proj_label) :], strict=True):
        traces[i]["x"][-1], traces[i]["y"][-1] = spot.center
    if proj_label:
        traces.append(
            scatter(
                x=[proj_spot.center[0]],
                y=[proj_spot.center[1]],
                mode="text",
                text=[proj_label.text],
                textposition="middle center",
                textfont=dict(size=PROJ_FONT, color="#333333", shadow=HALO),
                name=t("legend.projection", lang),
                meta={"role": "projection-label"},
            )
        )
    traces.append(handles_trace(W, x, lang, view=v, positions=[p.position for p in spots[: len(names)]]))
    return Parts(traces, layout)


def sample_arrow(x: np.ndarray, lang: str, color: str = SAMPLE_COLOR) -> dict:
    """x as an arrow from the origin (angles are measured to it); the canvas moves it with x."""
    return scatter(
        x=[0.0, x[0]],
        y=[0.0, x[1]],
        mode="lines+markers",
        line=dict(color=color, width=2, dash="dot"),
        marker=dict(symbol="arrow", angleref="previous", size=[0, 12], color=color, line=dict(width=0)),
        name=t("legend.sample", lang),
        meta={"role": "arrow", "handle": "x"},
    )


def _tips(W: np.ndarray, x: np.ndarray) -> list[tuple[float, float]]:
    """The handles' points, w1..wK then x."""
    return [(float(a), float(b)) for a, b in zip([*W[0], x[0]], [*W[1], x[1]], strict=True)]


def handle_labels(W: np.ndarray, x: np.ndarray, lang: str) -> list[Label]:
    """The handles' names as labels to place around their markers (w1..wK, then x)."""
    names = [t("handle.w", lang, k=i + 1) for i in range(W.shape[1])] + [t("legend.sample", lang)]
    return [Label(n, HANDLE_FONT, p, marker_px=HANDLE_PX) for n, p in zip(names, _tips(W, x), strict=True)]


def place_labels(
    labels: list[Label],
    W: np.ndarray,
    x: np.ndarray,
    layout: dict,
    view: float,
    segments: list,
    curves: list[np.ndarray] = (),
    *,
    px: float = PLOT_PX,
) -> list[Placed]:
    """Place ``labels`` clear of the axis names, the arrows (w_k and x, plus ``segments``), the
    ``curves`` (arcs, borders), the handles and each other (see :mod:`softmaxviz.labels`; ``px``:
    :func:`label_px`)."""
    tips = _tips(W, x)
    arrows = [((0.0, 0.0), tip) for tip in tips] + list(segments)
    fixed = axis_name_boxes(layout, view, px)
    return place(labels, view=view, segments=arrows, points=tips, fixed=fixed, curves=curves, px=px)


def border_curves(borders: list[Border]) -> list[np.ndarray]:
    """The borders as polylines for :func:`place_labels`: a label must not sit on one either."""
    return [np.array([seg.start, seg.end], dtype=float) for seg in borders]


def axis_name_boxes(
    layout: dict, view: float, px: float = PLOT_PX
) -> list[tuple[float, float, float, float]]:
    """The boxes of ``layout``'s annotations (the axis names), for :func:`softmaxviz.labels.place`."""
    return [
        fixed_box(
            a["text"], a["font"]["size"], (a["x"], a["y"]), view, anchor=(a["xanchor"], a["yanchor"]), px=px
        )
        for a in layout["annotations"]
    ]


def borders_trace(
    borders: list[Border],
    *,
    name: str = "",
    dash: str | None = None,
    width: float = 2.0,
    role: str = "borders",
) -> dict:
    """All border segments as one line trace (None between segments)."""
    bx: list[float | None] = []
    by: list[float | None] = []
    for seg in borders:
        bx += [seg.start[0], seg.end[0], None]
        by += [seg.start[1], seg.end[1], None]
    line = dict(color=BORDER_COLOR, width=width, dash=dash)
    return scatter(x=bx, y=by, mode="lines", line=line, name=name, meta={"role": role})


def weight_arrows(W: np.ndarray, lang: str) -> list[dict]:
    """One arrow trace per class weight (``meta.role == "arrow"``): the canvas moves them while dragging."""
    return [
        scatter(
            x=[0.0, W[0, k]],
            y=[0.0, W[1, k]],
            mode="lines+markers",
            line=dict(color=CLASS_COLORS[k], width=3),
            marker=dict(
                symbol="arrow", angleref="previous", size=[0, 15], color=CLASS_COLORS[k], line=dict(width=0)
            ),
            name=t("handle.w", lang, k=k + 1),
            meta={"role": "arrow", "handle": HANDLES[k]},
        )
        for k in range(W.shape[1])
    ]


def clip_handles(xs, ys, view: float) -> bool:
    """Plotly's ``cliponaxis`` for handles at ``xs``, ``ys``: off while every one is in the view
    ``[-view, view]^2``, so one on its edge is drawn whole with its name (clipped, it showed half
    a marker and "w" of "w1"); on where one lies beyond the view, which must not be drawn over
    the axes and the legend."""
    return not bool(np.all(np.abs(np.asarray([*xs, *ys], dtype=float)) <= view))


def handles_trace(
    W: np.ndarray,
    x: np.ndarray,
    lang: str,
    sample_color: str = SAMPLE_COLOR,
    *,
    view: float,
    positions: list[str] | None = None,
    px: float = PLOT_PX,
) -> dict:
    """The draggable handles w1..wK and x, drawn last so they are on top; ``positions`` are their
    names' text positions (default: placed by :func:`place_labels` in the view ``view``, clear
    of the arrows, the axis names and each other; ``px``: :func:`label_px`)."""
    k = W.shape[1]
    colors = [*CLASS_COLORS[:k], sample_color]
    if positions is None:
        spots = place_labels(handle_labels(W, x, lang), W, x, plane_layout(view, lang), view, [], px=px)
        positions = [spot.position for spot in spots]
    return scatter(
        x=[*W[0], x[0]],
        y=[*W[1], x[1]],
        mode="markers+text",
        text=[t("handle.w", lang, k=i + 1) for i in range(k)] + [t("legend.sample", lang)],
        textposition=positions,
        textfont=dict(size=HANDLE_FONT, color=colors, shadow=HALO),
        marker=dict(
            size=[HANDLE_PX] * k + [15],
            symbol=[f"{CLASS_SYMBOLS[i]}-open" for i in range(k)] + ["circle"],
            color=colors,
            line=dict(width=2.5, color=[*CLASS_COLORS[:k], "#ffffff"]),
        ),
        name="handles",
        cliponaxis=clip_handles([*W[0], x[0]], [*W[1], x[1]], view),
        meta={"role": "handles", "names": list(HANDLES)},
    )


def chart_layout(
    x_title: str, y_title: str, *, axes: dict | None = None, yaxis: dict | None = None, **rest
) -> dict:
    """The style the labs' charts share (not the canvases'): white plot, light grid, 12 px sans
    serif; ``axes`` adds to both axes, ``yaxis`` to the y axis, ``rest`` to the layout.

    Every style is set here: the charts are drawn without a template (``wiring.live_chart``). The
    margins grow to fit the ticks and titles (automargin), as the template's did: a fixed one cut
    the ticks' minus signs (-2 read 2) and, in present mode's larger font, the titles.
    """
    axis = dict(gridcolor="#eeeeee", automargin=True, **(axes or {}))
    return dict(
        xaxis=dict(title=dict(text=x_title), zeroline=False, **axis),
        yaxis=dict(title=dict(text=y_title), **axis, **(yaxis or {})),
        plot_bgcolor="#ffffff",
        paper_bgcolor="rgba(0,0,0,0)",
        font=dict(family="sans-serif", size=12, color="#222222"),
        **rest,
    )


def plane_layout(
    view: float, lang: str, image: str | None = None, titles: tuple[str, str] | None = None
) -> dict:
    """Square, equal-aspect, fixed view of ``[-view, view]^2``; ``image`` (a data URI) lies below."""
    images = []
    if image is not None:
        images.append(
            dict(
                source=image,
                xref="x",
                yref="y",
                x=-view,
                y=view,
                sizex=2 * view,
                sizey=2 * view,
                sizing="stretch",
                layer="below",
            )
        )
    names = titles if titles else (t("axis.x", lang), t("axis.y", lang))
    axis = dict(
        range=[-view, view],
        zeroline=True,
        zerolinecolor="#bbbbbb",
        gridcolor="#eeeeee",
        fixedrange=True,
        constrain="domain",
        showline=False,
        ticks="outside",
        # What the canvas kept of plotly.py's default template (see ``template`` below).
        zerolinewidth=2,
        automargin=True,
    )
    return dict(
        # No template: plotly.py's default one is 7 KB of the 17 KB a drag update sends, and
        # Plotly.js applies it to every trace on every redraw; this layout sets what it needs.
        template={},
        images=images,
        xaxis=axis,
        yaxis=dict(axis, scaleanchor="x", scaleratio=1),
        # Axis names at the positive ends of the axes through the origin: a title at the middle
        # of the y axis would sit beside the 0 tick and read as "x₂ 0".
        annotations=[
            dict(
                x=view,
                y=0,
                xref="x",
                yref="y",
                text=names[0],
                showarrow=False,
                xanchor="right",
                yanchor="top",
                yshift=-3,
                font=dict(size=14),
            ),
            dict(
                x=0,
                y=view,
                xref="x",
                yref="y",
                text=names[1],
                showarrow=False,
                xanchor="left",
                yanchor="top",
                xshift=5,
                font=dict(size=14),
            ),
        ],
        showlegend=False,
        hovermode=False,
        dragmode=False,
        margin=dict(l=40, r=10, t=16, b=40),
        plot_bgcolor="#ffffff",
        paper_bgcolor="rgba(0,0,0,0)",
        font=dict(family="sans-serif", size=13, color="#222222"),
    )


AXIS_KEYS = ("axis.x", "axis.y", "axis.z")


@builder
def projection_figure(
    scene: Scene, space: Explorer3DResults, *, axes: tuple[int, int], lang: str = "en", present: bool = False
) -> Parts:
    """The 3D scene seen along the third axis: the weights and x projected on ``axes``,
    draggable like the 2D explorer (the handles carry the two projected coordinates);
    ``space.extent`` is the half-width shown; ``present``: names placed for present mode."""
    extent = space.extent
    W = scene.W3[list(axes), :]
    x = scene.xv3[list(axes)]
    titles = (t(AXIS_KEYS[axes[0]], lang), t(AXIS_KEYS[axes[1]], lang))
    layout = plane_layout(extent, lang, titles=titles)
    layout["margin"] = dict(l=40, r=10, t=10, b=40)
    return Parts(
        [*weight_arrows(W, lang), handles_trace(W, x, lang, view=extent, px=label_px(present))], layout
    )


@builder
def batch_figure(scene: Scene, r, *, lang: str = "en") -> Parts:
    """The matrix view's 2D canvas: regions and borders, the weights, every sample ``s_n``
    (coloured by its predicted class, the selected one larger), and the selected sample's
    dot products as its projections onto each weight direction. ``r`` is ``MatrixResults``."""
    W, X, v = r.W, r.X, scene.view
    traces: list[dict] = []
    if r.borders:
        traces.append(borders_trace(r.borders, name=t("legend.border", lang)))
    n = scene.selected_sample
    x = X[:, n]
    guides: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for k in range(W.shape[1]):
        wn = float(np.linalg.norm(W[:, k]))
        if wn == 0:
            continue
        u = W[:, k] / wn
        foot = float(x @ u) * u
        guides += [
            ((0.0, 0.0), (float(foot[0]), float(foot[1]))),
            ((float(x[0]), float(x[1])), (float(foot[0]), float(foot[1]))),
        ]
        traces.append(
            scatter(
                x=[0.0, foot[0], None, x[0], foot[0]],
                y=[0.0, foot[1], None, x[1], foot[1]],
                mode="lines",
                line=dict(color=CLASS_COLORS[k], width=5 if k == scene.sel_class else 2.5, dash="dot"),
                opacity=0.8,
                meta={"role": "dot-product", "class": k},
            )
        )
    traces += weight_arrows(W, lang)
    k_classes, n_samples = W.shape[1], X.shape[1]
    pred = r.batch.predicted
    colors = [*CLASS_COLORS[:k_classes], *(CLASS_COLORS[p] for p in pred)]
    names = [t("handle.w", lang, k=k + 1) for k in range(k_classes)] + [
        sample_name(i) for i in range(n_samples)
    ]
    sizes = [16] * k_classes + [18 if i == n else 12 for i in range(n_samples)]
    image = region_data_uri(r.regions) if r.regions is not None else None
    layout = plane_layout(v, lang, image)
    curves = border_curves(r.borders) if r.borders else []
    positions = batch_label_positions(names, sizes, W, X, n, layout, v, guides, curves)
    traces.append(
        scatter(
            x=[*W[0], *X[0]],
            y=[*W[1], *X[1]],
            mode="markers+text",
            text=names,
            textposition=positions,
            textfont=dict(size=BATCH_FONT, color=colors, shadow=HALO),  # on their regions' shading
            marker=dict(
                size=sizes,
                symbol=[f"{CLASS_SYMBOLS[i]}-open" for i in range(k_classes)]
                + [CLASS_SYMBOLS[p] for p in pred],
                color=colors,
                line=dict(
                    width=[2.5] * k_classes + [3 if i == n else 1.5 for i in range(n_samples)],
                    color=[*CLASS_COLORS[:k_classes], *(["#111111"] * n_samples)],
                ),
            ),
            cliponaxis=clip_handles([*W[0], *X[0]], [*W[1], *X[1]], v),
            meta={
                "role": "handles",
                "names": [*HANDLES[:k_classes], *(sample_key(i) for i in range(n_samples))],
            },
        )
    )
    return Parts(traces, layout)


def batch_label_positions(
    names: list[str],
    sizes: list[float],
    W: np.ndarray,
    X: np.ndarray,
    selected: int,
    layout: dict,
    view: float,
    guides: list,
    curves: list[np.ndarray] = (),
) -> list[str]:
    """Text positions of the matrix view's names (w1..wK, then the samples), placed clear of the
    weight arrows, the selected sample's dot-product guides, the ``curves`` (borders), every
    marker, the axis names and each other; the weights' names first, then the selected sample's,
    then the others'."""
    k_classes = W.shape[1]
    points = [(float(a), float(b)) for a, b in zip([*W[0], *X[0]], [*W[1], *X[1]], strict=True)]
    order = [*range(k_classes), k_classes + selected]
    order += [i for i in range(k_classes, len(points)) if i != k_classes + selected]
    labels = [Label(names[i], BATCH_FONT, points[i], marker_px=sizes[i]) for i in order]
    arrows = [((0.0, 0.0), tip) for tip in points[:k_classes]] + list(guides)
    fixed = axis_name_boxes(layout, view)
    spots = place(labels, view=view, segments=arrows, points=points, fixed=fixed, curves=curves)
    positions = [""] * len(points)
    for i, spot in zip(order, spots, strict=True):
        positions[i] = spot.position
    return positions


PROJECTOR_SCALE = 1.6
PRESENT_MIN_FONT = 18  # px: the smallest text present mode draws
LEGEND_WRAP = 40  # characters per legend line in present mode


def label_px(present: bool) -> float:
    """The nominal plot width the labels are placed in (:func:`softmaxviz.labels.plot_px`):
    present mode's text is ``PROJECTOR_SCALE`` times larger (:func:`for_projector`).

    For the canvases whose plot stays small in present mode: the margin lab's (its legend below
    takes the height: 286 px on a 1024x768 projector), the 3D page's projections (247 px) and the
    tour's (beside the step's text, above its table: about 285 px).
    The explorer's and the matrix view's plots grow with the text (485 px there, 1.6 times the
    nominal 300), so their labels keep the normal frame; placed in the narrower one, crowded
    names pushed the angles onto the handles.
    """
    return plot_px(PROJECTOR_SCALE if present else 1.0)


def wrap_legend(name: str, width: int) -> str:
    """``name`` in lines of at most ``width`` characters (Plotly cuts a legend entry off at the
    figure's edge instead of wrapping it)."""
    return "<br>".join(textwrap.wrap(name.replace("<br>", " "), width))


def _em(text: str) -> float:
    """``text``'s width in em: a CJK character is 1 em, any other about ``CHAR_EM``."""
    return sum(1.0 if ord(c) > 0x2E80 else CHAR_EM for c in text)


def _wrap_em(text: str, width: float) -> str:
    """``text`` in lines at most ``width`` em wide, broken at spaces, or anywhere in CJK text."""
    lines = [""]
    for word in text.replace(" ", " \0").split("\0"):
        for part in [word] if all(ord(c) <= 0x2E80 for c in word) else list(word):
            if lines[-1] and _em(lines[-1] + part) > width:
                lines.append("")
            lines[-1] += part
    return "<br>".join(line.strip() for line in lines)


PLOTLY_FONT = 13  # px: Streamlit's charts and Plotly's default text size where a figure sets none


def _axes(layout) -> list:
    """Every 2D axis of ``layout`` (xaxis, yaxis2, ...) and every 3D scene's axes."""
    names = {"xaxis", "yaxis", *layout.to_plotly_json()}
    axes = [layout[name] for name in sorted(names) if name.startswith(("xaxis", "yaxis"))]
    for name in names:
        if name.startswith("scene"):
            axes += [layout[name].xaxis, layout[name].yaxis, layout[name].zaxis]
    return axes


def for_projector(fig: go.Figure, scale: float = PROJECTOR_SCALE) -> go.Figure:
    """A copy with larger text (``scale`` times, and never under ``PRESENT_MIN_FONT`` px), thicker
    lines and bigger markers, for a room behind a projector."""

    def grow(size: float) -> float:
        return max(size * scale, PRESENT_MIN_FONT)

    fig = go.Figure(fig)
    base = fig.layout.font.size or PLOTLY_FONT
    fig.update_layout(font_size=grow(base))
    # Tick labels and axis titles too: Streamlit's chart theme gives them sizes of their own (12
    # and 14 px), which the layout's font does not reach: a chart's ticks stayed 13.5 px.
    for axis in _axes(fig.layout):
        axis.tickfont.size = grow(axis.tickfont.size or base)
        axis.title.font.size = grow(axis.title.font.size or base)
    # A y axis's title longer than its plot is tall, in lines: the margin lab's "target logit ÷ its
    # scale S (‖w_y‖‖x‖, s, ‖x‖)" ran off the chart's top.
    if fig.layout.height is not None:
        tall = fig.layout.height - (fig.layout.margin.t or 0) - (fig.layout.margin.b or 0)
        for name in fig.layout:
            axis = fig.layout[name] if name.startswith("yaxis") else None
            text = axis.title.text if axis is not None else None
            if text and _em(text) * axis.title.font.size > tall:
                axis.title.text = _wrap_em(text, tall / axis.title.font.size)
    if fig.layout.legend.font.size is not None:
        fig.layout.legend.font.size = grow(fig.layout.legend.font.size)
    if fig.layout.legend.title.font.size is not None:
        fig.layout.legend.title.font.size = grow(fig.layout.legend.title.font.size)
    # A legend below the plot moves down with the tick labels and the axis title above it, which
    # grew as much: at its old place the title was drawn over the legend's first row.
    if fig.layout.legend.y is not None and fig.layout.legend.y < 0:
        fig.layout.legend.y = fig.layout.legend.y * scale
    for note in fig.layout.annotations:
        if note.font.size is not None:
            note.font.size = grow(note.font.size)
    for tr in fig.data:
        if getattr(tr, "line", None) is not None and tr.line.width is not None:
            tr.line.width = tr.line.width * scale
        marker = getattr(tr, "marker", None)
        if marker is not None and marker.size is not None:
            size = marker.size
            marker.size = [s * scale for s in size] if isinstance(size, (list, tuple)) else size * scale
        textfont = getattr(tr, "textfont", None)
        if textfont is not None and textfont.size is not None:
            textfont.size = grow(textfont.size)
        # A legend entry wider than the canvas is cut off: at this size, wrap the long ones.
        if tr.name and len(tr.name) > LEGEND_WRAP and tr.showlegend is not False:
            tr.name = wrap_legend(tr.name, LEGEND_WRAP)
    return fig
