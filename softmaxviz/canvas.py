"""The drag canvas: a Streamlit components-v2 element that draws a Plotly figure
and lets the user drag named points in it. Reusable by any page.

How a drag moves a handle (``mode``; a legend on the canvas names the one in use):

- ``"free"``: the handle follows the pointer, rounded to the drag step (with ``snap``, to the
  grid: the finer of the two axes' tick spacings, as Plotly drew them).
- ``"rotate"``: the norm stays. The tip is the point of its circle about the origin at the
  pointer's angle, computed in data coordinates and not rounded (rounding each coordinate to the
  step would move it off the circle by up to half a step), so the released point keeps ‖w‖ to
  rounding error. With ``snap`` the angle is a multiple of 15°.
- ``"scale"``: the direction stays. The tip is t·(cos θ, sin θ) with the direction θ it had when
  the constraint began and t the pointer's projection on that ray, rounded to the step (with
  ``snap``, a whole number), never below one step (one, with ``snap``): it stays on its ray.

A handle at the origin has no circle or ray, and moves freely. Past the edge of the view a free
handle stops on the edge, a rotating one at the end of the visible arc nearest the pointer's
angle, a scaling one where its ray leaves the view.

Modifier keys override the mode while dragging: **Shift** = rotate only, **Alt** (Option on a
Mac) = scale only (Shift wins if both are held). Pressing or releasing one mid-drag restarts the
constraint from where the handle is.

Keyboard: every handle is a focusable element over its tip (Tab order = the order of
``points``: w1, w2, w3, x), named with its coordinates ("w1 at (2.50, 0.00)"). Arrow keys nudge
the focused handle, Shift×10: in free mode by the step (with ``snap``, to the next grid line); in
rotate mode → and ↑ turn it counter-clockwise by 1° (with ``snap``, to the next multiple of 15°),
← and ↓ clockwise; in scale mode → and ↑ lengthen it by the step (with ``snap``, to the next
whole norm), ← and ↓ shorten it. Here Shift means ×10, not rotate, and Alt+arrow is left to the
browser (Back / Forward): a nudge always uses ``mode``. Each nudge is sent as a drag release
(``final``), so it is one undo step. Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac) on the canvas send undo / redo.

Plotly.js is served by Streamlit's static file serving from ``static/``, copied
there from the installed ``plotly`` package at start-up (never from a CDN, never
inside the component's ``data``, which is re-sent on every rerun).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

import plotly.graph_objects as go
import streamlit as st

from softmaxviz.assets import MODULES, loader_js
from softmaxviz.figures import Parts, for_projector
from softmaxviz.state import DRAG_MODES
from softmaxviz.strings import t, template

# The marks a drag leaves on the page, for the CSS that reads them (ui/layout.py) and the views
# that set them (canvas.js, view3d.js: sent with their data): an attribute on <html> from a drag's
# start until Python answers its release; one from then until the page's full run has redrawn the
# containers whose Streamlit key starts with SETTLED (and ends in the session's release count);
# and the window event by which the 3D view hands its answered releases to canvas.js's settling.
DRAGGING_ATTR = "data-svz-dragging"
SETTLING_ATTR = "data-svz-settling"
SETTLED = "svz_settled_"
MARKS = {"dragging": DRAGGING_ATTR, "settling": SETTLING_ATTR, "settled": SETTLED, "released": "svz-released"}

# While a view is dragged, Python's replies are drawn at most once per this many ms (or twice the
# last redraw's time, if longer), and a drag update asks for the pictures only that often.
REDRAW_GAP_MS = 50

_HTML = "<div class='svz-canvas' data-testid='drag-canvas'></div>"
_component = st.components.v2.component(
    # Its CSS is canvas.css, linked once by the loader: inline, it travelled with every delta.
    "softmaxviz.drag_canvas",
    html=_HTML,
    js=loader_js(MODULES.canvas, style=MODULES.canvas_css),
    isolate_styles=False,
)


def canvas_labels(lang: str, name: str | None = None) -> dict:
    """The canvas's words in ``lang``: its accessible ``name``, the legend line of each drag mode,
    the modifier keys, the accessible name and role of a handle (``{name}``, ``{x}``, ``{y}`` are
    filled in the browser, as the handle moves), and what it says when it cannot draw
    (``{error}``: e.g. Plotly.js did not load)."""
    return {
        "name": name,
        "modes": {mode: t("canvas.legend", lang, mode=t(f"drag.{mode}", lang)) for mode in DRAG_MODES},
        "snap": t("canvas.snapping", lang),
        "keys": t("canvas.keys", lang),
        "handle": template("canvas.handle", lang),
        "role": t("canvas.handle_role", lang),
        "failed": template("canvas.failed", lang),
    }


def drag_canvas(
    figure: go.Figure | Parts | None,
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
    mode: str = "free",
    snap: bool = False,
    lang: str = "en",
    name: str | None = None,
    redraw_gap_ms: int = REDRAW_GAP_MS,
    release: int = 0,
    busy: bool = False,
    said: str | None = None,
    announce: str | None = None,
) -> dict | None:
    """Draw ``figure`` and let the user drag ``points``.

    Parameters
    ----------
    figure
        A ``go.Figure``, or a builder's :class:`~softmaxviz.figures.Parts` (the same JSON, ~1 ms
        sooner: ``explorer_figure.parts(...)``). Its handle trace carries
        ``meta={"role": "handles", "names": [...]}`` and each arrow trace
        ``meta={"role": "arrow", "handle": name}``. ``None`` in a reply with the numbers only
        (``ui.callbacks.draws``): the canvas keeps the picture it has.
    points
        ``{name: [x, y]}`` in data coordinates.
    key
        Streamlit key; the last drag is ``st.session_state[key]["points"]``.
    seq
        Bump it whenever Python itself moves the points (Reset, typed values):
        the browser adopts ``points`` only when ``seq`` changes.
    ack
        The ``id`` of the last drag update Python has applied; the browser keeps
        at most three intermediate updates in flight and sends the next after an ack.
    step
        Dragged coordinates are rounded to multiples of ``step`` (free mode), a scaled norm too;
        an arrow key moves a handle by it.
    on_change
        Called (as a Streamlit callback) when a drag update arrives.
    on_history
        If given, Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac) while the canvas has focus send
        ``{"action": "undo" | "redo", "id": n}`` as ``st.session_state[key]["history"]`` and call it.
    on_click
        If given, a click on empty plot area sends ``{"point": [x, y], "id": n}`` as
        ``st.session_state[key]["click"]`` and calls it.
    mode
        ``"free"``, ``"rotate"`` or ``"scale"``: how a drag (without modifier keys) and an arrow
        key move a handle (see the module docstring).
    snap
        Snap to grid lines (free), 15° (rotate) or whole norms (scale).
    lang
        The language of the legend and of the handles' accessible names.
    name
        The canvas's accessible name (a group of its handles), in ``lang``.
    redraw_gap_ms
        While this canvas is dragged, Python's replies are drawn at most once per this interval,
        or twice the last redraw's time if longer; a newer reply replaces one still waiting.
        Between redraws the browser's main thread is free for the pointer and for the readouts
        beside the canvas (a table shows every reply). A drag update asks for the figures that
        often too; Python answers the others with the numbers only (``ui.callbacks.draws``). 0
        draws every reply: for a canvas that is itself the page's live readout (the training
        lab's).
    release
        How many releases the session has seen (``session.releases()``). Once this canvas's
        release is answered, the page's ``layout.settled`` containers stay dimmed until they
        show this count (the page's full run after the release redraws them).
    busy
        This run waited for the CPU (``ui.wiring.contended``): the browser then keeps one drag
        update in flight instead of three, until replies are no longer busy (see canvas.js).
    said
        What the page's numbers are now, in ``lang`` (e.g. ``readouts.said_p``): a screen reader
        says it when it changes, once a release or an arrow key's nudge is answered (a live
        region; not each reply of a drag, nor the first draw).
    announce
        What a button beside the canvas changed (the tour's step, the training lab's Step and
        Pause): said when it changes, wherever the focus is (on the button), not on the first
        draw. ``said`` is said only with the focus in the canvas.

    Returns
    -------
    dict or None
        ``{"points": {name: [x, y]}, "id": int, "final": bool, "draw": bool}`` (only the dragged
        handle) for the run a drag triggered, else None.
    """
    if mode not in DRAG_MODES:
        raise ValueError(f"unknown drag mode {mode!r}; one of {', '.join(DRAG_MODES)}")
    if projector and figure is not None:
        figure = for_projector(figure.figure() if isinstance(figure, Parts) else figure)
    fig_json = None if figure is None else figure.to_json()
    data = {
        "figure": fig_json,
        "points": {k: [float(v[0]), float(v[1])] for k, v in points.items()},
        "seq": int(seq),
        "ack": int(ack),
        "step": float(step),
        "height": int(height),
        "rev": None if fig_json is None else hashlib.sha1(fig_json.encode()).hexdigest()[:10],
        "clickable": on_click is not None,
        "save_label": save_label,
        "projector": bool(projector),
        "mode": mode,
        "snap": bool(snap),
        "labels": canvas_labels(lang, name),
        "key": key,
        "redraw_gap_ms": int(redraw_gap_ms),
        "release": int(release),
        "marks": MARKS,
        "busy": bool(busy),
        "said": said,
        "announce": announce,
    }
    callbacks = {"on_points_change": on_change or (lambda: None)}
    if on_click is not None:
        callbacks["on_click_change"] = on_click
    if on_history is not None:
        callbacks["on_history_change"] = on_history
    # The element sets its own height, at most ``height`` (canvas.js: fit).
    result = _component(key=key, data=data, height="content", **callbacks)
    return result.get("points") if result else None
