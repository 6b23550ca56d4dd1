"""The 3D view: a components-v2 element that draws an orthographic SVG projection of
the scene, rotates with the mouse, and lets the user drag the tips in the plane facing
the viewer (Plotly's 3D scene cannot drag points). ``view_data`` is the pure part."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import numpy as np
import streamlit as st

from softmaxviz.assets import MODULES, loader_js
from softmaxviz.canvas import MARKS, REDRAW_GAP_MS
from softmaxviz.core import angle_slack
from softmaxviz.figures import PROJECTOR_SCALE
from softmaxviz.palette import CLASS_COLORS, SAMPLE_COLOR, hex_to_rgb
from softmaxviz.state import HANDLES, sample_key
from softmaxviz.strings import angle_labels, sample_name, t

_HTML = "<div class='svz-view3d' data-testid='view3d'></div>"
_CSS = (
    ".svz-view3d { width: 100%; position: relative; } .svz-view3d svg { display: block; position: relative; }"
    " .svz-view3d:focus-visible { outline: 3px solid #1f4fd1; outline-offset: 2px; }"
    " .svz-view3d canvas { position: absolute; left: 0; top: 0; pointer-events: none; }"
)
_component = st.components.v2.component(
    "softmaxviz.view3d", html=_HTML, css=_CSS, js=loader_js(MODULES.view3d), isolate_styles=False
)


def shade(classes: np.ndarray, probabilities: np.ndarray, k: int) -> list[str]:
    """Class colour over white, stronger where the winner is surer, as ``#rrggbb``."""
    rgb = np.array([hex_to_rgb(c) for c in CLASS_COLORS], dtype=float)
    certainty = np.clip((probabilities - 1 / k) / (1 - 1 / k), 0, 1)[:, None]
    alpha = 0.25 + 0.75 * certainty
    img = np.round(255 * (1 - alpha) + rgb[classes] * alpha).astype(int)
    # One int per colour: formatting Python ints is ~10x faster than unpacking array rows.
    packed = (img[:, 0] << 16) | (img[:, 1] << 8) | img[:, 2]
    return [f"#{v:06x}" for v in packed.tolist()]


def view_data(scene, r, *, lang: str = "en") -> dict:
    """Everything the 3D view draws, as JSON-ready values (``r`` is ``Explorer3DResults``)."""
    k = r.W.shape[1]
    names = list(HANDLES)
    colors = dict(zip(names, [*CLASS_COLORS[:k], SAMPLE_COLOR], strict=True))
    labels = {n: (t("legend.sample", lang) if n == "x" else t("handle.w", lang, k=n[1])) for n in names}
    return {
        "points": scene.points3(),
        "camera": list(scene.camera),
        "extent": r.extent,
        "colors": colors,
        "labels": labels,
        "sphere": {
            "pts": np.round(r.sphere.points.T, 4).tolist(),
            "colors": shade(r.sphere.classes, r.sphere.probabilities, k),
        },
        "polygons": [{"v": np.round(p.vertices, 4).tolist(), "color": "#555555"} for p in r.polygons],
        "arcs": [
            {"pts": np.round(a, 4).T.tolist(), "color": CLASS_COLORS[i], "label": label}
            for i, (a, label) in enumerate(
                zip(r.arcs, angle_labels(r.analysis.angles, angle_slack(r.W, r.x), lang), strict=True)
            )
            if a is not None
        ],
    }


def view3d(
    data: dict | None,
    *,
    key: str,
    seq: int,
    camseq: int,
    ack: int = 0,
    step: float = 0.01,
    height: int = 560,
    on_points: Callable[[], None] | None = None,
    on_camera: Callable[[], None] | None = None,
    projector: bool = False,
    release: int = 0,
    busy: bool = False,
    mode: str = "free",
    label: str = "",
) -> None:
    """Mount the 3D view. ``seq``/``camseq``: bump when Python moves the points / the camera;
    ``release`` and ``busy``: see ``canvas.drag_canvas``. ``mode``: how a dragged tip moves, as on
    the canvases: ``"free"`` in the plane facing the viewer, ``"rotate"`` there and back onto its
    sphere about the origin (‖w‖ stays), ``"scale"`` along its own ray (θ stays); Shift and Alt
    force rotate and scale, as on the canvases (the view dragged freely whatever the sidebar said).
    ``label``: the view's accessible name; the view is a Tab stop and the arrow keys turn it.

    ``data`` (what :func:`view_data` or :func:`batch_view_data` gives) travels as one JSON string,
    ``view``, as the canvas's figure does: Streamlit's component call serialises its data for the
    delta and again for the element's identity, and checks each top-level value for a dataframe.
    With it and :func:`shade`'s packed ints, the view's part of a drag update on the 3D page
    (``view_data`` and this call) fell from 5.0 to 2.5 ms. ``data`` is ``None`` in a reply with
    the numbers only (``ui.callbacks.draws``): the view keeps what it draws."""
    payload = {
        "view": None if data is None else json.dumps(data, separators=(",", ":")),
        "seq": int(seq),
        "camseq": int(camseq),
        "ack": int(ack),
        "step": float(step),
        "mode": mode,
    }
    payload["scale"] = PROJECTOR_SCALE if projector else 1.0
    payload["height"] = int(height)
    payload["key"] = key
    payload["rev"] = hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:10]
    payload["release"] = int(release)  # not in rev: what the view draws is the same
    payload["label"] = label
    payload["busy"] = bool(busy)
    payload["marks"] = MARKS
    payload["redraw_gap_ms"] = REDRAW_GAP_MS  # how often a drag update asks for the view
    _component(
        key=key,
        data=payload,
        height="content",  # the view sets its own height, at most ``height`` (view3d.js: draw)
        on_points_change=on_points or (lambda: None),
        on_camera_change=on_camera or (lambda: None),
    )


def batch_view_data(scene, r, *, lang: str = "en") -> dict:
    """The matrix view in 3D: the weights and every sample ``s_n`` (coloured by its predicted
    class) and the selected sample's angle arcs; ``r`` is ``MatrixResults``."""
    from softmaxviz.space import great_arc

    k = r.W.shape[1]
    points = scene.batch_points()
    names = list(points)
    colors = {f"w{i + 1}": CLASS_COLORS[i] for i in range(k)}
    colors.update({sample_key(n): CLASS_COLORS[p] for n, p in enumerate(r.batch.predicted)})
    labels = {f"w{i + 1}": t("handle.w", lang, k=i + 1) for i in range(k)}
    labels.update({sample_key(n): sample_name(n) for n in range(r.X.shape[1])})
    sel = scene.selected_sample
    x = r.X[:, sel]
    arcs = []
    texts = angle_labels(r.batch.angles[:, sel], angle_slack(r.W, x), lang)
    for i in range(k):
        theta = r.batch.angles[i, sel]
        if np.isfinite(theta):
            arc = great_arc(x, r.W[:, i], 0.35 * min(r.batch.norms[i], r.batch.sample_norms[sel]))
            arcs.append(
                {
                    "pts": np.round(arc, 4).T.tolist(),
                    "color": CLASS_COLORS[i],
                    "label": texts[i],
                }
            )
    return {
        "points": {n: points[n] for n in names},
        "camera": list(scene.camera),
        "extent": r.extent,
        "colors": colors,
        "labels": labels,
        "arcs": arcs,
    }
