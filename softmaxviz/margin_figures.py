"""Figure builders of the margin lab: pure ``(scene, results, *, options) -> go.Figure``; each
builder's ``parts`` gives the plain dicts the page sends (``figures.builder``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from softmaxviz.core import ZERO_NORM
from softmaxviz.figures import (
    Parts,
    borders_trace,
    builder,
    chart_layout,
    handle_labels,
    handles_trace,
    label_px,
    place_labels,
    plane_layout,
    png_data_uri,
    scatter,
    weight_arrows,
    wrap_legend,
)
from softmaxviz.kinds import KINDS, Kind
from softmaxviz.labels import PLOT_PX
from softmaxviz.margins import pair_border, pair_classes, target_logit, target_scale
from softmaxviz.palette import BAND_COLOR, CLASS_COLORS, GUIDE_COLOR, KIND_COLORS, hex_to_rgb
from softmaxviz.results import MarginResults
from softmaxviz.state import Scene
from softmaxviz.strings import class_names, fmt, fmt_factor, short_kind_name, t

GRAD_COLOR = "#444444"
RADIAL_COLOR = "#CC79A7"
TANGENTIAL_COLOR = "#E69F00"
# The longest gradient arrow is drawn this fraction of the view's half-width.
GRAD_ARROW_SHARE = 0.35
CANVAS_LEGEND_WRAP = 46  # characters per line of the canvas legend (11 px text on a 330 px phone canvas)
# Plotly's mode bar (its toolbar, shown on hover) sits in the top ~30 px of a figure: the small
# figures keep that much top margin and start their legend at the plot area's top, below it.
MODEBAR_PX = 40
# A curve equal to an earlier kind's is drawn dashed with these markers every MARK_EVERY points.
SAME_CURVE_DASH = "dash"
MARK_EVERY = 15


REGION_TINT = 0.45  # a region's colour: this share of its class's colour over white


def _tinted(color: str) -> str:
    """The light colour a region of class ``color`` is painted in (as ``margin_region_image``)."""
    r, g, b = np.round(255 * (1 - REGION_TINT) + np.array(hex_to_rgb(color), dtype=float) * REGION_TINT)
    return f"#{int(r):02x}{int(g):02x}{int(b):02x}"


def margin_region_image(classes: np.ndarray, colors: tuple[str, ...] = CLASS_COLORS) -> np.ndarray:
    """``(R, R, 3)`` uint8 from margin winners: class colour (light), grey for the band (-1)."""
    palette = np.array([hex_to_rgb(c) for c in colors] + [hex_to_rgb(BAND_COLOR)], dtype=float)
    rgb = 255 * (1 - REGION_TINT) + palette * REGION_TINT
    rgb[-1] = palette[-1]
    img = rgb[np.where(classes < 0, len(colors), classes)]
    return np.flipud(np.round(img).astype(np.uint8))


def _arrows(starts: np.ndarray, vectors: np.ndarray) -> tuple[list, list, list]:
    """x, y and marker sizes for many arrows as one trace (None separates them)."""
    xs, ys, sizes = [], [], []
    for (sx, sy), (dx, dy) in zip(starts, vectors, strict=True):
        if dx == 0 and dy == 0:
            continue
        xs += [sx, sx + dx, None]
        ys += [sy, sy + dy, None]
        sizes += [0, 11, 0]
    return xs, ys, sizes


RING_PX = 7  # the circle of directions' line width


def _ring_curves(radius: float, view: float, px: float = PLOT_PX) -> list[np.ndarray]:
    """The circle of directions as the label placer's curves: its two edges and its middle, so a
    name keeps off the whole width of the line (w2's sat under an arc of its own colour)."""
    phi = np.linspace(0.0, 2 * np.pi, 97)[:, None]
    half = RING_PX / 2 * 2 * view / px
    rim = np.hstack([np.cos(phi), np.sin(phi)])
    return [max(radius + d, 0.0) * rim for d in (-half, 0.0, half)]


def _ring(classes: np.ndarray, radius: float, name: str) -> list[dict]:
    """The circle of directions at ``radius``, one trace per winner (and one for the band).

    The traces share one legend entry, ``name``, shown on the first.
    """
    n = len(classes)
    # Runs of equal winners become one arc each: a handful of paths instead of n segments.
    starts = np.flatnonzero(np.r_[True, classes[1:] != classes[:-1]])
    ends = np.r_[starts[1:], n]
    traces = []
    for k, color in [*enumerate(CLASS_COLORS), (-1, BAND_COLOR)]:
        xs: list = []
        ys: list = []
        for a, b in zip(starts, ends, strict=True):
            if classes[a] != k:
                continue
            phi = np.linspace(a, b, max(2, (b - a) // 4 + 2)) * (2 * np.pi / n)
            xs += [*np.round(radius * np.cos(phi), 4), None]
            ys += [*np.round(radius * np.sin(phi), 4), None]
        if xs:
            traces.append(
                scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=color, width=RING_PX),
                    name=name,
                    legendgroup="ring",
                    showlegend=not traces,
                    meta={"role": "ring", "class": k},
                )
            )
    return traces


def no_margin_legend(kind: Kind, lang: str, present: bool = False) -> str:
    """The legend of the dashed borders: the kind with its margins off and where classes tie
    (``present``: the short one, :func:`_key`)."""
    if present:
        return t("legend.no_margin_border.short", lang)
    what = [
        short_kind_name(kind.name, lang),
        *(f"{name} = {value:g}" for name, value in kind.no_margin.items()),
    ]
    return t("legend.no_margin_border", lang, what=", ".join(what), tie=kind.tie)


def _key(key: str, present: bool) -> str:
    """A legend's string key, or in present mode its short one: there its 18 px entries, wrapped
    below the plane, left the margin lab's plane 200 px wide on a 1024x768 projector."""
    return f"{key}.short" if present else key


@builder
def margin_canvas_figure(
    scene: Scene, margin: MarginResults, *, lang: str = "en", present: bool = False, legend: bool = True
) -> Parts:
    """The margin lab's canvas: margin regions and band, the kind's borders without margin, the
    circle of directions, the gradient step of every vector, and the draggable weights and sample.

    The sample is drawn in its label's colour; gradient arrows are ``-dL/dw_j`` at each
    tip and ``-dL/dx`` at x, all scaled by one factor so the longest is a third of the view.
    Every mark that is not a handle has a legend entry (below the plane). ``present``: the
    names are placed for present mode's text. ``legend=False``: none, for a canvas too short to
    hold it below a readable plane (the tour's in present mode: it left the plane 120 px).
    """
    W, x, v = scene.W, scene.xv, scene.view
    kind = KINDS[scene.loss]
    traces: list[dict] = []
    if scene.compare_softmax and margin.no_margin_borders:
        traces.append(
            borders_trace(
                margin.no_margin_borders,
                name=no_margin_legend(kind, lang, present),
                dash="dash",
                width=1.5,
                role="no-margin-borders",
            )
        )
    # At the origin the circle is drawn at radius 1: the legend must not call that ‖x‖.
    at_origin = margin.analysis.sample_norm <= ZERO_NORM
    ring_name = (
        t(_key("legend.ring_origin", present), lang)
        if at_origin
        else t(_key("legend.ring", present), lang, radius=f"{margin.ring_radius:.3g}")
    )
    traces += _ring(margin.ring, margin.ring_radius, ring_name)
    if kind.no_margin and np.any(margin.regions < 0):
        # The band is part of the background image: a legend-only swatch explains it. (softmax and
        # NormFace have no band: their only -1 cells are exact ties.)
        traces.append(
            scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(symbol="square", size=12, color=BAND_COLOR),
                name=t("legend.band", lang),
                meta={"role": "band-key"},
            )
        )
    # The gradients' keys depend on the kind alone, not on where the vectors are: a key that came
    # and went mid-drag (x leaving the origin) would resize the plot under the pointer.
    grad = dict(x=[], y=[], sizes=[], scale=None)
    radial = dict(x=[], y=[], sizes=[])
    tangential = dict(x=[], y=[], sizes=[])
    if margin.grad_W is not None:
        steps = np.column_stack([-margin.grad_W, -margin.grad_x]).T  # (K + 1, 2)
        longest = float(np.max(np.linalg.norm(steps, axis=1)))
        scale = GRAD_ARROW_SHARE * v / longest if longest > 0 else 0.0
        grad.update(zip(("x", "y", "sizes"), _arrows(np.vstack([W.T, x]), steps * scale), strict=True))
        grad["scale"] = scale
        for part, vec in ((radial, -margin.grad_x_radial), (tangential, -margin.grad_x_tangential)):
            part.update(zip(("x", "y", "sizes"), _arrows(x[None, :], vec[None, :] * scale), strict=True))
    keys = [(grad, GRAD_COLOR, "solid", "legend.grad", "gradients")]
    if not kind.normalizes_x:  # a kind that sees x only through its direction has no radial part
        keys.append((radial, RADIAL_COLOR, "dot", "legend.grad_radial", "grad-radial"))
    keys.append((tangential, TANGENTIAL_COLOR, "dot", "legend.grad_tangential", "grad-tangential"))
    for arrows, color, dash, name, role in keys:
        meta = {"role": role, **({"scale": arrows["scale"]} if "scale" in arrows else {})}
        traces.append(
            scatter(
                x=arrows["x"] or [None],
                y=arrows["y"] or [None],
                mode="lines+markers",
                line=dict(color=color, width=2, dash=dash),
                marker=dict(
                    symbol="arrow",
                    angleref="previous",
                    size=arrows["sizes"] or [0],
                    color=color,
                    line=dict(width=0),
                ),
                name=t(_key(name, present), lang),
                meta=meta,
            )
        )
    # A phone's canvas is about 330 px wide: long entries wrap instead of running off its edge.
    for trace in traces:
        if trace.get("name") and len(trace["name"]) > CANVAS_LEGEND_WRAP:
            trace["name"] = wrap_legend(trace["name"], CANVAS_LEGEND_WRAP)
    image = png_data_uri(margin_region_image(margin.regions))
    layout = plane_layout(v, lang, image)
    # The names keep off the thick circle and the gradient arrows, as off the vectors' arrows.
    segments = [
        ((xs[i], ys[i]), (xs[i + 1], ys[i + 1]))
        for xs, ys in ((part["x"], part["y"]) for part in (grad, radial, tangential))
        for i in range(0, len(xs), 3)
    ]
    px = label_px(present)
    ring = _ring_curves(margin.ring_radius, v, px)
    spots = place_labels(handle_labels(W, x, lang), W, x, layout, v, segments, ring, px=px)
    positions = [spot.position for spot in spots]
    # Weights and the sample are named by their handles' labels: they need no legend entry.
    handles = [
        *weight_arrows(W, lang),
        handles_trace(W, x, lang, CLASS_COLORS[scene.label], view=v, positions=positions),
    ]
    traces += [{**trace, "showlegend": False} for trace in handles]
    # Below the plane, so no legend entry hides a handle.
    layout.update(
        showlegend=legend,
        legend=dict(orientation="h", x=0.0, xanchor="left", y=-0.15, yanchor="top", font=dict(size=11)),
    )
    return Parts(traces, layout)


def _small_layout(x_title: str, y_title: str, **extra) -> dict:
    return chart_layout(
        x_title,
        y_title,
        axes=dict(fixedrange=True),
        margin=dict(l=60, r=10, t=MODEBAR_PX, b=50),
        height=440 + MODEBAR_PX,
        # Below the plot, in rows as wide as the chart: right of it, on a phone, the legend took
        # two thirds of the width and left the curves 60 px. Away from the mode bar, too. At the
        # chart's bottom edge (container): Plotly then reserves its height and pushes the x axis's
        # ticks and title above it. A paper-placed legend (y below 0, a share of the plot's height)
        # was pushed apart from the axis by nothing, and with present mode's larger axis text it
        # was drawn over the title in some draws and not others.
        legend=dict(
            orientation="h", x=0, y=0, xanchor="left", yanchor="bottom", yref="container", font=dict(size=12)
        ),
        **extra,
    )


def _params_of(scene: Scene, kind: str) -> dict:
    """The scene's parameters for its own kind, the page defaults of the registry for any other."""
    return scene.params if kind == scene.loss else dict(KINDS[kind].page_defaults)


def _same_as_earlier(curves: dict[str, np.ndarray]) -> dict[str, str]:
    """``{kind: earlier kind}`` for every curve equal to one drawn before it (NaN equals NaN)."""
    same: dict[str, str] = {}
    seen: list[str] = []
    for kind, curve in curves.items():
        match = next((k for k in seen if np.allclose(curves[k], curve, atol=1e-9, equal_nan=True)), None)
        if match is not None:
            same[kind] = same.get(match, match)
        seen.append(kind)
    return same


def _kind_traces(
    scene: Scene,
    curves: dict[str, np.ndarray],
    x: np.ndarray,
    role: str,
    widths: tuple[float, float],
    lang: str,
) -> list[dict]:
    """One line per kind, the scene's kind bold. A curve equal to an earlier kind's (softmax and
    NormFace have the same target curve, CosFace and AM-Softmax too at equal m) is dashed with
    markers on top of it, and its legend name says which curve it repeats."""
    same = _same_as_earlier(curves)
    traces = []
    for kind, curve in curves.items():
        bold = kind == scene.loss
        line = dict(
            width=widths[0] if bold else widths[1], dash=None if bold else "dot", color=KIND_COLORS[kind]
        )
        props: dict = dict(mode="lines", name=short_kind_name(kind, lang))
        if kind in same:
            line["dash"] = SAME_CURVE_DASH
            sizes = [9 if i % MARK_EVERY == MARK_EVERY // 2 else 0 for i in range(len(x))]
            props = dict(
                mode="lines+markers",
                marker=dict(symbol="circle-open", size=sizes, color=KIND_COLORS[kind], line=dict(width=2)),
                name=t(
                    "margin.same_curve",
                    lang,
                    name=short_kind_name(kind, lang),
                    other=short_kind_name(same[kind], lang),
                ),
            )
        traces.append(
            scatter(
                x=x,
                y=np.round(curve, 5 if role == "curve" else 2),
                line=line,
                meta={"role": role, "kind": kind, **({"same_as": same[kind]} if kind in same else {})},
                **props,
            )
        )
    return traces


def scale_of(kind: str, params: dict, w_norm: float = 1.0, x_norm: float = 1.0) -> tuple[str, float]:
    """The scale ``S`` of ``kind``'s target logit ``z_y = S F(θ_y)`` (``margins.target_scale``),
    named and valued: ``s``, and the lengths the kind keeps ("‖w_y‖‖x‖", "‖x‖")."""
    k = KINDS[kind]
    name = ("s" if "s" in k.defaults else "") + ("" if k.normalizes_w else "‖w_y‖")
    name += "" if k.normalizes_x else "‖x‖"
    return name or "1", float(target_scale(k, params, w_norm, x_norm))


@builder
def target_curves_figure(scene: Scene, margin: MarginResults, *, lang: str = "en") -> Parts:
    """Target logit against θ_y for every kind, divided by its scale S (:func:`scale_of`) so
    the curves compare, the scene's kind drawn bold and its sample marked at its own target logit
    divided by its own S: softmax's marker at 0.707 beside a table's 3.750 said nothing of the
    ‖w_y‖‖x‖ = 5.303 between them."""
    theta = np.linspace(0.0, np.pi, 181)
    curves = {}
    for kind in KINDS:
        params = _params_of(scene, kind)
        curves[kind] = target_logit(theta, kind, **params) / params.get("s", 1.0)
    traces = _kind_traces(scene, curves, np.degrees(theta).round(2), "curve", (3.5, 1.5), lang)
    theta_y = margin.analysis.angles[margin.label]
    if np.isfinite(theta_y):
        params = _params_of(scene, scene.loss)
        norms = dict(
            w_norm=float(margin.analysis.norms[margin.label]), x_norm=float(margin.analysis.sample_norm)
        )
        z = float(target_logit(np.array([theta_y]), scene.loss, **norms, **params)[0])
        scale_name, scale = scale_of(scene.loss, params, **norms)
        key = "margin.sample_point_bias" if KINDS[scene.loss].has_bias else "margin.sample_point"
        name = t(key, lang, z=fmt(z, lang), S=fmt(scale, lang), scale=scale_name)
        traces.append(
            scatter(
                x=[float(np.degrees(theta_y))],
                y=[z / scale],
                mode="markers",
                marker=dict(size=12, color=CLASS_COLORS[margin.label], line=dict(color="#000", width=1)),
                name=wrap_legend(name + " = " + fmt(z / scale, lang), CANVAS_LEGEND_WRAP),
                meta={"role": "sample"},
            )
        )
    scales = ", ".join(dict.fromkeys(scale_of(kind, {})[0] for kind in KINDS))
    return Parts(traces, _small_layout(t("axis.theta_y", lang), t("margin.curves_y", lang, scales=scales)))


# The angle plane's background: one cell per degree of θ_y and of θ_j.
ANGLE_CELLS = 180
ANGLE_HEIGHT = 720
TITLE_WRAP = 60  # characters per line of the legend's title (a phone's chart is ~330 px wide)


def _rival(margin: MarginResults) -> int:
    """The strongest class other than the label: the largest of the others' logits (the plain
    ones, bias included, where the margin logits are undefined)."""
    z = margin.margin_logits if margin.margin_logits is not None else margin.analysis.logits
    return max((k for k in range(len(z)) if k != margin.label), key=lambda k: z[k])


def _swatch(color: str, name: str, role: str) -> dict:
    """A legend-only square for a colour of the background image."""
    return scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker=dict(symbol="square", size=12, color=color, line=dict(color="#999999", width=1)),
        name=name,
        meta={"role": role},
    )


@dataclass(frozen=True)
class PairGeometry:
    """What the two classes' logits keep of the scene besides the angles: the weights' lengths,
    ``‖x‖`` (1 where x is at the origin: it has no angle, and no length to draw with) and the
    biases (softmax's; the other kinds have none)."""

    w_norms: tuple[float, float]
    x_norm: float
    biases: tuple[float, float]
    x_at_origin: bool

    def of(self, kind: str) -> dict:
        """Keyword arguments of ``margins.pair_border`` / ``pair_classes`` for ``kind``."""
        biases = self.biases if KINDS[kind].has_bias else (0.0, 0.0)
        return dict(w_norms=self.w_norms, x_norm=self.x_norm, biases=biases)

    def swapped(self) -> PairGeometry:
        return PairGeometry(self.w_norms[::-1], self.x_norm, self.biases[::-1], self.x_at_origin)


def pair_geometry(scene: Scene, margin: MarginResults, y: int, j: int) -> PairGeometry:
    """Class y's and class j's lengths and biases, and ``‖x‖``, as this scene has them."""
    a = margin.analysis
    at_origin = a.sample_norm <= ZERO_NORM
    return PairGeometry(
        (float(a.norms[y]), float(a.norms[j])),
        1.0 if at_origin else float(a.sample_norm),
        (float(scene.b[y]), float(scene.b[j])),
        at_origin,
    )


def _angle_title(scene: Scene, geometry: PairGeometry, y: int, j: int, lang: str) -> str:
    """What the chart is for: the two classes, and the lengths and biases its borders are drawn at."""
    names = class_names(scene.class_names, lang)
    values = [
        f"‖w_y‖ = {geometry.w_norms[0]:.3g}",
        f"‖w_j‖ = {geometry.w_norms[1]:.3g}",
        t("margin.angle_x_origin", lang) if geometry.x_at_origin else f"‖x‖ = {geometry.x_norm:.3g}",
    ]
    if geometry.biases[0] != geometry.biases[1]:
        values.append(f"b_y − b_j = {geometry.biases[0] - geometry.biases[1]:.3g}")
    return t("margin.angle_title", lang, y=names[y], j=names[j], values=", ".join(values))


@builder
def angle_space_figure(scene: Scene, margin: MarginResults, *, lang: str = "en") -> Parts:
    """Binary borders in the (θ_y, θ_j) plane, j the strongest other class: every kind's
    class-y border thin, the scene's kind with both borders, and the sample.

    Every border is drawn for this scene's lengths and biases (:func:`pair_geometry`), where a
    kind's logits keep them: softmax's border moves with ``‖w_y‖``, ``‖w_j‖``, ``‖x‖`` and
    ``b_y − b_j``, L-Softmax's with ``‖w_y‖ / ‖w_j‖``; SphereFace's ``‖x‖`` scales both logits
    alike. Drawn for unit lengths instead, the sample of a softmax scene with ``‖w1‖ = 2.5``,
    ``‖w2‖ = 1.17`` lay on class 2's side while its logits (3.75 against 2.25) made class 1 win.
    So the sample's side is the table's: class y's region iff its margin logit is the largest.
    The title says which two classes, and the values the borders are drawn at.

    The background is :func:`softmaxviz.margins.pair_classes` on a grid of ``ANGLE_CELLS``² cell
    centres: where class y wins with its margin, where j does, and the band where neither does.
    It is the region itself, not a polygon between the two borders: a border that stops existing
    (class y cannot win at any θ_j of that θ_y) leaves the band open to the plot's edge, where a
    straight line joining the borders' ends had cut it off. Only y and j are compared: a third
    class can still outdo j somewhere on the plane (the canvas shows all of them)."""
    t1 = np.linspace(0.0, np.pi, 181)
    deg = np.degrees(t1).round(2)
    y, j = margin.label, _rival(margin)
    geometry = pair_geometry(scene, margin, y, j)
    params = _params_of(scene, scene.loss)
    centres = (np.arange(ANGLE_CELLS) + 0.5) * np.pi / ANGLE_CELLS
    # Rows are θ_j, columns θ_y: class y is the pair's first class (0), j the second (1).
    classes = pair_classes(
        centres[None, :], centres[:, None], scene.loss, **geometry.of(scene.loss), **params
    )
    image = png_data_uri(margin_region_image(classes, (CLASS_COLORS[y], CLASS_COLORS[j])))
    kind = KINDS[scene.loss]
    names = class_names(scene.class_names, lang)
    has_margin = bool(kind.no_margin) and not kind.margin_off(params)
    wins = "margin.angle_wins" if has_margin else "margin.angle_wins_plain"
    traces = [
        _swatch(_tinted(CLASS_COLORS[winner]), t(wins, lang, winner=names[winner], loser=names[loser]), role)
        for winner, loser, code, role in ((y, j, 0, "wins-y"), (j, y, 1, "wins-j"))
        if np.any(classes == code)
    ]
    # softmax and NormFace (or a kind with its margins at their no-margin values) have no band:
    # their only grey cells are exact ties on the diagonal, under the border drawn over them.
    if has_margin and np.any(classes < 0):
        traces.append(_swatch(BAND_COLOR, t("legend.band", lang), "band-key"))
    borders = {
        other: np.degrees(pair_border(t1, other, **geometry.of(other), **_params_of(scene, other)))
        for other in KINDS
    }
    traces += _kind_traces(scene, borders, deg, "border", (3.0, 1.2), lang)
    # Class j's border: θ_y as a function of θ_j, the same function with the two classes swapped.
    own_j = pair_border(t1, scene.loss, **geometry.swapped().of(scene.loss), **params)
    traces.append(
        scatter(
            x=np.degrees(own_j).round(2),
            y=deg,
            mode="lines",
            line=dict(width=3, color=KIND_COLORS[scene.loss]),
            showlegend=False,
            meta={"role": "border-other", "kind": scene.loss},
        )
    )
    a = margin.analysis
    sample = np.degrees([a.angles[y], a.angles[j]])
    if margin.margin_logits is not None and np.all(np.isfinite(sample)):
        traces.append(
            scatter(
                x=[float(sample[0])],
                y=[float(sample[1])],
                mode="markers",
                marker=dict(size=12, color=CLASS_COLORS[y], line=dict(color="#000", width=1)),
                # Its angles: the curves chart's "z ÷ s" entry was named here without its numbers.
                name=t("margin.sample_angles", lang, ty=fmt(sample[0], lang, 1), tj=fmt(sample[1], lang, 1)),
                meta={"role": "sample", "other": j},
            )
        )
    layout = _small_layout(t("axis.theta_y", lang), t("axis.theta_j", lang))
    # The legend's title, above its entries: in the top margin a title ran under the mode bar and
    # into the plot (Streamlit's theme places figure titles), and it did not grow with present mode.
    layout["legend"].update(
        title=dict(
            text=wrap_legend(_angle_title(scene, geometry, y, j, lang), TITLE_WRAP),
            side="top",
            font=dict(size=12),
        ),
    )
    # Taller than the other charts: its legend (a title and up to 13 entries) is below the square
    # plot, and in present mode it took so much of 480 px that the plot was 140 px tall, shorter
    # than its y axis's title.
    layout["height"] = ANGLE_HEIGHT
    layout["xaxis"].update(range=[0, 180], constrain="domain")
    layout["yaxis"].update(range=[0, 180], constrain="domain", scaleanchor="x", scaleratio=1)
    layout["images"] = [
        dict(
            source=image,
            xref="x",
            yref="y",
            x=0,
            y=180,
            sizex=180,
            sizey=180,
            sizing="stretch",
            layer="below",
        )
    ]
    return Parts(traces, layout)


# Below the smallest normal float64 a loss keeps few digits (subnormals), and at 0 it has
# underflowed: neither is the loss, so neither is drawn.
SMALLEST_LOSS = float(np.finfo(float).tiny)
NOTE_WRAP = 36  # characters per line of a note inside a chart


@builder
def loss_scale_figure(scene: Scene, scales: np.ndarray, losses: np.ndarray, *, lang: str = "en") -> Parts:
    """The loss at the current geometry against s (log scale), the current s marked.

    Each loss is drawn as computed (``margins.cross_entropy`` keeps its relative precision down
    to ~1e-308). A loss below ``SMALLEST_LOSS`` has underflowed in float64 and a log axis cannot
    show 0: the curve is cut there, and a note under the plot says from which s, instead of a
    flat line at some floor that the loss never had.
    """
    s_now = scene.params["s"]
    losses = np.asarray(losses, dtype=float)
    lost = losses < SMALLEST_LOSS  # underflowed (NaN and inf compare False: they are not drawn anyway)
    shown_y = [None if cut or not np.isfinite(v) else float(v) for v, cut in zip(losses, lost, strict=True)]
    drawn = losses[~lost & np.isfinite(losses)]
    traces = [
        scatter(
            x=np.round(scales, 3),
            y=shown_y,
            mode="lines",
            line=dict(color=CLASS_COLORS[scene.label], width=2.5),
            name=t("margin.loss_value", lang),
            meta={"role": "loss-curve"},
        )
    ]
    # The scene's own s, named in the legend with its loss where the curve has it (``scales``
    # holds s): a dashed line without a name told nothing.
    at = np.flatnonzero(np.asarray(scales, dtype=float) == s_now)
    now = float(losses[at[0]]) if at.size and not lost[at[0]] and np.isfinite(losses[at[0]]) else None
    s_text = fmt(s_now, lang)
    name = (
        t("margin.s_now", lang, s=s_text)
        if now is None
        else t("margin.s_now_loss", lang, s=s_text, loss=fmt_factor(now, lang, 4, 4))
    )
    if drawn.size:
        traces.append(
            scatter(
                x=[s_now, s_now],
                y=[float(np.min(drawn)), float(np.max(drawn))],
                mode="lines",
                line=dict(color=GUIDE_COLOR, dash="dash"),
                name=name,
                legendgroup="now",
                meta={"role": "current-s"},
            )
        )
    if now is not None:
        traces.append(
            scatter(
                x=[s_now],
                y=[now],
                mode="markers",
                marker=dict(size=10, color=CLASS_COLORS[scene.label], line=dict(color="#000", width=1)),
                name=name,
                legendgroup="now",
                showlegend=False,
                meta={"role": "current-loss"},
            )
        )
    layout = _small_layout(t("axis.s", lang), t("axis.loss", lang))
    layout["yaxis"].update(type="log")
    if drawn.size:
        ticks = log_ticks(float(np.min(drawn)), float(np.max(drawn)))
        layout["yaxis"].update(tickmode="array", tickvals=ticks, ticktext=[f"{v:g}" for v in ticks])
    if np.any(lost):
        first = float(np.asarray(scales, dtype=float)[np.argmax(lost)])
        layout["annotations"] = [
            # Inside the plot's top right, where a falling curve has left: the top margin is the
            # mode bar's, and a phone's chart is too narrow for the sentence on one line.
            dict(
                text=wrap_legend(
                    t("margin.loss_underflow", lang, s=f"{first:g}", tiny=f"{SMALLEST_LOSS:.1e}"), NOTE_WRAP
                ),
                xref="paper",
                yref="paper",
                x=1,
                y=1,
                xanchor="right",
                yanchor="top",
                showarrow=False,
                align="left",
                bgcolor="rgba(255,255,255,0.85)",
                font=dict(size=12, color="#222222"),
                name="underflow",
            )
        ]
    return Parts(traces, layout)


def log_ticks(lo: float, hi: float) -> list[float]:
    """Tick values for a log axis over ``[lo, hi]`` (``0 < lo <= hi``): 1, 2 and 5 times each
    power of ten while the range spans at most 2.5 decades, else at most 7 powers of ten. With
    powers of ten only, a curve from 0.5 to 40 was labelled 1 and 10 and nothing above."""
    first, last = int(np.floor(np.log10(lo))), int(np.ceil(np.log10(hi)))
    if np.log10(hi / lo) > 2.5:
        powers = [10.0**e for e in range(first, last + 1) if lo <= 10.0**e <= hi]
        return powers[:: -(-len(powers) // 7)]  # at most 7 labels, every k-th power
    # A narrow range falls back to every digit, then to its own ends: never an unlabelled axis.
    for steps in ((1, 2, 5), tuple(range(1, 10))):
        inside = [m * 10.0**e for e in range(first, last + 1) for m in steps if lo <= m * 10.0**e <= hi]
        if len(inside) >= 2:
            return inside
    return sorted({float(f"{lo:.2g}"), float(f"{hi:.2g}")})
