"""Figure builders of the training lab: pure ``(scene, run, *, lang) -> go.Figure``, no Streamlit;
each builder's ``parts`` gives the plain dicts the page sends (``figures.builder``)."""

from __future__ import annotations

import numpy as np

from softmaxviz.core import column_dots, decision_regions, softmax
from softmaxviz.figures import (
    HALO,
    Parts,
    builder,
    chart_layout,
    clip_handles,
    plane_layout,
    png_data_uri,
    region_image,
    scatter,
)
from softmaxviz.kinds import KINDS
from softmaxviz.lab import LAB_VIEW, LinearRun, charted, kind_params
from softmaxviz.margin_figures import margin_region_image
from softmaxviz.margins import margin_regions
from softmaxviz.palette import MANY_CLASS_COLORS, MANY_CLASS_SYMBOLS
from softmaxviz.state import Scene
from softmaxviz.strings import t
from softmaxviz.training import FeatureFit

LAB_RESOLUTION = 120


def _colors(k: int) -> tuple[str, ...]:
    return MANY_CLASS_COLORS[:k]


def own_probabilities(run: LinearRun) -> np.ndarray:
    """Each point's probability of its own class under the plain logits (no margin), shape (N,)."""
    W, X = run.W, run.X
    if KINDS[run.kind].normalizes_w:
        # The angular kinds' prediction is the cosine; their scale s sets how sure it is.
        scale = kind_params(run.kind).get("s", 1.0)
        norms = np.linalg.norm(W, axis=0) * np.linalg.norm(X, axis=0)[:, None]
        Z = scale * column_dots(W, X) / np.where(norms.T > 0, norms.T, 1.0)
    else:
        Z = column_dots(W, X) + run.b[:, None]
    return softmax(Z)[run.y, np.arange(run.y.size)]


@builder
def linear_figure(scene: Scene, run: LinearRun, *, lang: str = "en") -> Parts:
    """The training lab's canvas: regions (with the margin band for margin kinds), the points
    (size: the probability of their own class) and the draggable weights ``w1..wK``."""
    k = run.W.shape[1]
    colors = _colors(k)
    extent = (-LAB_VIEW, LAB_VIEW, -LAB_VIEW, LAB_VIEW)
    if not KINDS[run.kind].angular:
        image = region_image(decision_regions(run.W, run.b, extent, LAB_RESOLUTION), colors)
    else:
        try:
            classes, _, _ = margin_regions(run.W, run.kind, extent, LAB_RESOLUTION, **kind_params(run.kind))
        except ValueError:
            # A weight dragged onto the origin has no angle: nothing wins by a margin (the page
            # says why, lab_readouts.zero_weight); it replaced the canvas with a traceback.
            classes = np.full((LAB_RESOLUTION, LAB_RESOLUTION), -1)
        image = margin_region_image(classes, colors)
    p_own = own_probabilities(run)
    traces = []
    for c in range(k):
        mine = run.y == c
        traces.append(
            scatter(
                x=run.X[0, mine],
                y=run.X[1, mine],
                mode="markers",
                marker=dict(
                    color=colors[c],
                    symbol=MANY_CLASS_SYMBOLS[c],
                    size=np.round(5 + 9 * p_own[mine], 1),
                    line=dict(color="#ffffff", width=0.8),
                ),
                name=t("class.name", lang, k=c + 1),
                meta={"role": "points", "class": c},
            )
        )
    names = [f"w{c + 1}" for c in range(k)]
    for c in range(k):
        traces.append(
            scatter(
                x=[0.0, run.W[0, c]],
                y=[0.0, run.W[1, c]],
                mode="lines+markers",
                line=dict(color=colors[c], width=3),
                marker=dict(
                    symbol="arrow", angleref="previous", size=[0, 14], color=colors[c], line=dict(width=0)
                ),
                name=t("handle.w", lang, k=c + 1),
                meta={"role": "arrow", "handle": names[c]},
            )
        )
    traces.append(
        scatter(
            x=run.W[0].tolist(),
            y=run.W[1].tolist(),
            mode="markers+text",
            text=[t("handle.w", lang, k=c + 1) for c in range(k)],
            textposition="top right",
            textfont=dict(size=14, color=list(colors), shadow=HALO),
            marker=dict(size=15, color=list(colors), line=dict(color="#ffffff", width=2)),
            name=t("lab.weights", lang),
            cliponaxis=clip_handles(run.W[0], run.W[1], LAB_VIEW),
            meta={"role": "handles", "names": names},
        )
    )
    return Parts(traces, plane_layout(LAB_VIEW, lang, png_data_uri(image)))


# The 3D charts' eye, farther than Plotly's default (1.25 on each axis): there the cube's lowest
# tick labels fell past the scene's bottom edge, and in a square chart (chart.js draws a 3D chart
# no taller than wide) at 1.45 its side ticks and the z title were cut.
SCENE_EYE = dict(x=1.6, y=1.6, z=1.6)


@builder
def linear_figure_3d(scene: Scene, run: LinearRun, *, lang: str = "en") -> Parts:
    """The training lab in 3D: the points (size: probability of their own class) and the
    weights as arrows from the origin, in a Plotly scene the user can turn."""
    k = run.W.shape[1]
    colors = _colors(k)
    p_own = own_probabilities(run)
    traces = [
        dict(
            type="scatter3d",
            mode="markers",
            x=run.X[0, run.y == c],
            y=run.X[1, run.y == c],
            z=run.X[2, run.y == c],
            marker=dict(color=colors[c], size=np.round(2 + 5 * p_own[run.y == c], 1), opacity=0.85),
            name=t("class.name", lang, k=c + 1),
            meta={"role": "points", "class": c},
        )
        for c in range(k)
    ]
    reach = 1.15 * max(float(np.abs(run.X).max()), float(np.abs(run.W).max()), 1.0)
    for c in range(k):
        traces.append(
            dict(
                type="scatter3d",
                mode="lines+text",
                x=[0.0, run.W[0, c]],
                y=[0.0, run.W[1, c]],
                z=[0.0, run.W[2, c]],
                text=["", t("handle.w", lang, k=c + 1)],
                line=dict(color=colors[c], width=7),
                textfont=dict(color=colors[c], size=14),
                name=t("handle.w", lang, k=c + 1),
                showlegend=False,
                meta={"role": "arrow", "handle": f"w{c + 1}"},
            )
        )
    axis = dict(range=[-reach, reach], gridcolor="#dddddd", zerolinecolor="#999999")
    layout = dict(
        height=560,
        margin=dict(l=0, r=0, t=10, b=0),
        paper_bgcolor="rgba(0,0,0,0)",
        scene=dict(xaxis=axis, yaxis=axis, zaxis=axis, aspectmode="cube", camera=dict(eye=dict(SCENE_EYE))),
        legend=dict(orientation="h", y=0.0, font=dict(size=11)),
        font=dict(family="sans-serif", size=12, color="#222222"),
    )
    return Parts(traces, layout)


# Room past the last step on the loss chart's x axis, as a fraction of the steps shown.
STEP_ROOM = 0.08
# Room either side of a lone record's axis, in steps: its marker whole, off the y axis.
ONE_RECORD_ROOM = 0.4


def _small_layout(steps: np.ndarray, x_title: str, y_title: str, **extra) -> dict:
    # Plotly.js's own defaults drew a black zero line over the y axis at step 0.
    layout = chart_layout(
        x_title,
        y_title,
        yaxis=dict(zeroline=False, rangemode="tozero"),
        margin=dict(l=55, r=10, t=30, b=45),
        height=260,
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, font=dict(size=11)),
        **extra,
    )
    # Off its tick labels: Plotly's own standoff put "‖w_k‖" on "0.5" in present mode. (Not the
    # margin lab's charts: at 390 px their y title then met the chart's left edge.)
    layout["yaxis"]["title"]["standoff"] = 10
    if steps.size and steps[-1] - steps[0] < 5:  # whole steps: one step was ticked 0, 0.5, 1, 1.5, 2
        layout["xaxis"]["dtick"] = 1
    if steps.size == 1:
        # One record (the start): Plotly centred it on an axis from step -1 to 1. The steps to come
        # lie to its right, the last tick off the corner (on a phone "5" touched the right axis's "0%").
        first = float(steps[0])
        layout["xaxis"]["range"] = [first - ONE_RECORD_ROOM, first + 5.0 + ONE_RECORD_ROOM]
    return layout


def _steps(run: LinearRun) -> np.ndarray:
    return np.arange(run.step - run.losses.size + 1, run.step + 1)


def _mode(steps: np.ndarray) -> str:
    """Lines, or a marker while there is one step: a line of one point is not drawn, and after
    one step of one the charts stayed blank beside "Step 1 · loss 0.9".
    """
    return "lines" if steps.size != 1 else "markers"


@builder
def loss_figure(scene: Scene, run: LinearRun, *, lang: str = "en") -> Parts:
    """Mean loss and accuracy against the step."""
    run = charted(run)
    steps = _steps(run)
    traces = [
        scatter(
            x=steps,
            y=run.losses,
            mode=_mode(steps),
            line=dict(color="#222222", width=2),
            name=t("lab.loss", lang),
        ),
        scatter(
            x=steps,
            y=run.accuracy,
            mode=_mode(steps),
            yaxis="y2",
            line=dict(color="#0072B2", width=2, dash="dot"),
            name=t("lab.accuracy", lang),
        ),
    ]
    layout = _small_layout(
        steps,
        t("lab.step", lang),
        t("lab.loss", lang),
        # Fixed ticks in percent, as the status line says it: auto ticks on an overlaying axis
        # followed the loss axis's grid (0, 0.255, 0.51, ... 1.02).
        yaxis2=dict(
            title=dict(text=t("lab.accuracy", lang), standoff=10),
            overlaying="y",
            side="right",
            range=[0, 1.02],
            tickmode="array",
            tickvals=[0, 0.25, 0.5, 0.75, 1],
            tickformat=".0%",
            showgrid=False,
            automargin=True,
            # Off the axis line: on a phone "0%" touched the x axis's last tick label.
            ticklabelstandoff=6,
        ),
    )
    if steps.size > 1:
        # The last step's tick off the right axis's corner: on a phone in present mode its label
        # ("15") lay on that axis's "0%".
        layout["xaxis"]["range"] = [float(steps[0]), float(steps[-1] + STEP_ROOM * (steps[-1] - steps[0]))]
    return Parts(traces, layout)


@builder
def norms_figure(scene: Scene, run: LinearRun, *, lang: str = "en") -> Parts:
    """``||w_k||`` per class against the step: softmax grows them, the angular kinds do not need to."""
    run = charted(run)
    steps, colors = _steps(run), _colors(run.W.shape[1])
    traces = [
        scatter(
            x=steps,
            y=run.norms[:, c],
            mode=_mode(steps),
            line=dict(color=colors[c], width=2),
            name=f"‖w{c + 1}‖",
        )
        for c in range(run.W.shape[1])
    ]
    return Parts(traces, _small_layout(steps, t("lab.step", lang), t("lab.norm", lang)))


@builder
def angles_figure(scene: Scene, run: LinearRun, *, lang: str = "en") -> Parts:
    """The angle between each ``w_k`` and its class mean (degrees) against the step."""
    run = charted(run)
    steps, colors = _steps(run), _colors(run.W.shape[1])
    # A class without points has no mean: its entry says so (it listed a curve never drawn).
    counts = np.bincount(np.asarray(run.y, dtype=int), minlength=run.W.shape[1])
    traces = [
        scatter(
            x=steps,
            y=np.degrees(run.mean_angles[:, c]),
            mode=_mode(steps),
            line=dict(color=colors[c], width=2),
            name=f"∠(w{c + 1}, x̄{c + 1})" + (t("lab.no_mean", lang) if counts[c] == 0 else ""),
        )
        for c in range(run.W.shape[1])
    ]
    return Parts(traces, _small_layout(steps, t("lab.step", lang), t("lab.angle", lang)))


@builder
def feature_figure(
    scene: Scene, fit: FeatureFit, images: np.ndarray, labels: np.ndarray, *, lang: str = "en"
) -> Parts:
    """Held-out features of one loss (2D plane or 3D space) with its class weight directions.

    ``images`` and ``labels`` are the whole digit set; the fit's held-out rows are drawn.
    """
    held = fit.held_out_index
    F = fit.embed(images[held])
    y = labels[held]
    k = fit.W.shape[1]
    colors = _colors(k)
    reach = float(np.percentile(np.linalg.norm(F, axis=0), 95)) or 1.0
    directions = fit.W / np.maximum(np.linalg.norm(fit.W, axis=0), 1e-12) * reach
    three = F.shape[0] == 3
    kind = "scatter3d" if three else "scattergl"
    traces = []
    for c in range(k):
        mine = y == c
        coords = dict(x=F[0, mine], y=F[1, mine], **({"z": F[2, mine]} if three else {}))
        traces.append(
            dict(
                type=kind,
                mode="markers",
                marker=dict(color=colors[c], size=3 if three else 5, opacity=0.75),
                name=str(c),
                meta={"role": "features", "class": c},
                **coords,
            )
        )
    for c in range(k):
        line = dict(x=[0, directions[0, c]], y=[0, directions[1, c]])
        if three:
            line["z"] = [0, directions[2, c]]
        traces.append(
            dict(
                type="scatter3d" if three else "scatter",
                mode="lines",
                line=dict(color=colors[c], width=4),
                name=t("handle.w", lang, k=c + 1),
                showlegend=False,
                meta={"role": "weight", "class": c},
                **line,
            )
        )
    layout = dict(
        height=440,
        margin=dict(l=10, r=10, t=10, b=70),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="#ffffff",
        legend=dict(orientation="h", y=-0.1, yanchor="top", font=dict(size=11)),
        font=dict(family="sans-serif", size=12, color="#222222"),
    )
    if three:
        layout["scene"] = dict(aspectmode="cube", camera=dict(eye=dict(SCENE_EYE)))
    else:
        # automargin: with margin l=10, the ticks' minus signs were cut off (-2 read 2).
        axis = dict(gridcolor="#eeeeee", zerolinecolor="#bbbbbb", automargin=True)
        layout["xaxis"] = axis
        layout["yaxis"] = dict(axis, scaleanchor="x", scaleratio=1)
    return Parts(traces, layout)
