"""The drag canvas: a Streamlit components-v2 element that draws a Plotly figure
and lets the user drag named points in it. Reusable by any page.

Plotly.js is served by Streamlit's static file serving from ``static/``, copied
there from the installed ``plotly`` package at start-up (never from a CDN, never
inside the component's ``data``, which is re-sent on every rerun).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import plotly
import plotly.graph_objects as go
import streamlit as st

APP_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = APP_DIR / "static"
PLOTLY_JS = "plotly.min.js"

_HTML = "<div class='svz-canvas' data-testid='drag-canvas'></div>"
_CSS = """
.svz-canvas { position: relative; width: 100%; touch-action: none; user-select: none; }
.svz-save { position: absolute; top: 4px; right: 4px; z-index: 2; font: inherit; font-size: 12px;
  padding: 1px 8px; border: 1px solid rgba(49,51,63,.25); border-radius: 6px;
  background: rgba(255,255,255,.85); cursor: pointer; }
.svz-overlay { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none;
  display: none; overflow: visible; }
"""
_JS = (Path(__file__).with_name("canvas.js")).read_text(encoding="utf-8")

_component = st.components.v2.component(
    "softmaxviz.drag_canvas", html=_HTML, css=_CSS, js=_JS, isolate_styles=False
)


def ensure_static_plotly(static_dir: Path = STATIC_DIR) -> Path:
    """Copy ``plotly.min.js`` from the installed plotly package into ``static/`` if stale."""
    src = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    dst = static_dir / PLOTLY_JS
    if dst.exists() and dst.stat().st_size == src.stat().st_size:
        return dst
    static_dir.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(f".{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)  # atomic: a concurrent reader never sees half a file
    return dst


def drag_canvas(
    figure: go.Figure,
    points: Mapping[str, list[float]],
    *,
    key: str,
    seq: int,
    ack: int = 0,
    step: float = 0.01,
    height: int = 560,
    on_change: Callable[[], None] | None = None,
    on_click: Callable[[], None] | None = None,
    on_history: Callable[[], None] | None = None,
    save_label: str = "PNG",
    projector: bool = False,
) -> dict | None:
    """Draw ``figure`` and let the user drag ``points``.

    Parameters
    ----------
    figure
        Its handle trace carries ``meta={"role": "handles", "names": [...]}``
        and each arrow trace ``meta={"role": "arrow", "handle": name}``.
    points
        ``{name: [x, y]}`` in data coordinates.
    key
        Streamlit key; the last drag is ``st.session_state[key]["points"]``.
    seq
        Bump it whenever Python itself moves the points (Reset, typed values):
        the browser adopts ``points`` only when ``seq`` changes.
    ack
        The ``id`` of the last drag update Python has applied; the browser keeps
        one intermediate update in flight and sends the next after this ack.
    step
        Dragged coordinates are rounded to multiples of ``step``.
    on_change
        Called (as a Streamlit callback) when a drag update arrives.
    on_history
        If given, Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac) while the canvas has focus send
        ``{"action": "undo" | "redo", "id": n}`` as ``st.session_state[key]["history"]`` and call it.
    on_click
        If given, a click on empty plot area sends ``{"point": [x, y], "id": n}`` as
        ``st.session_state[key]["click"]`` and calls it.

    Returns
    -------
    dict or None
        ``{"points": {name: [x, y]}, "id": int, "final": bool}`` (only the dragged
        handle) for the run a drag triggered, else None.
    """
    if projector:
        from softmaxviz.figures import for_projector

        figure = for_projector(figure)
    fig_json = figure.to_json()
    data = {
        "figure": fig_json,
        "points": {k: [float(v[0]), float(v[1])] for k, v in points.items()},
        "seq": int(seq),
        "ack": int(ack),
        "step": float(step),
        "height": int(height),
        "rev": hashlib.sha1(fig_json.encode()).hexdigest()[:10],
        "clickable": on_click is not None,
        "save_label": save_label,
    }
    callbacks = {"on_points_change": on_change or (lambda: None)}
    if on_click is not None:
        callbacks["on_click_change"] = on_click
    if on_history is not None:
        callbacks["on_history_change"] = on_history
    result = _component(key=key, data=data, height=height, **callbacks)
    return result.get("points") if result else None
