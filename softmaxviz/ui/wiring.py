"""Component wiring: the drag canvas, the 3D view, charts and the copy-link button, tied to the session.

Each helper passes what every page would otherwise repeat: the push sequence, the
drag ack, the drag step, projector mode and the undo keys. :func:`live` owns the
"a drag reruns only this fragment, the release reruns the page" pattern.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial, wraps
from typing import TypeVar
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

from softmaxviz.assets import MODULES, loader_js
from softmaxviz.canvas import drag_canvas
from softmaxviz.figures import Parts, for_projector
from softmaxviz.results import drag_step
from softmaxviz.strings import plotly_locale, t, template
from softmaxviz.ui import callbacks, session
from softmaxviz.view3d import view3d

T = TypeVar("T")
PRESENT_HEIGHT = 640
# A release's fragment run waits this long before the page's full run starts. Streamlit's frontend
# renders a new run's start together with the deltas it has not drawn yet, so without the pause
# the release's numbers waited for the whole page's render: on the explorer p95 108 -> 43 ms
# (median 33 -> 23 ms); 15 ms gave p95 56 ms. What follows on release arrives that much later.
SETTLE_S = 0.03
# A live run that has waited this much longer than its own CPU time, beside other sessions' live
# runs, is contended (see contended).
BUSY_WAIT_S = 0.005


class _ThisRun(threading.local):
    """When the live run going on in this thread started (wall clock, the thread's CPU clock), and
    how many live runs of any session were going on then (each script run has a thread of its own)."""

    start: tuple[float, float] | None = None
    others: int = 0


class _Going:
    """The live runs going on in this process, every session's: ``with going as others:`` counts
    one for the block, ``others`` the ones going on as it starts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.runs = 0

    def __enter__(self) -> int:
        with self.lock:
            self.runs += 1
            return self.runs - 1

    def __exit__(self, *exc) -> None:
        with self.lock:
            self.runs -= 1


_run = _ThisRun()
_going = _Going()


@contextmanager
def live_run() -> Iterator[None]:
    """Count a live run (in this thread) for :func:`contended`, as :func:`live` does each one."""
    with _going as others:
        _run.others, _run.start = others, (time.perf_counter(), time.thread_time())
        try:
            yield
        finally:
            _run.start = None


def contended() -> bool:
    """Whether the live run going on has so far waited for the CPU more than ``BUSY_WAIT_S`` while
    other sessions' live runs went on: the process is busy with them. Its drag replies say so, and
    the browser then keeps one update in flight instead of three (canvas.js): runs that queue up
    behind a busy server are CPU spent for nothing, since Streamlit drops a fragment run's reply
    when the next run starts before the reply was sent. A run alone in the process is never
    contended, however long it waited (another program on the machine, not this server's load).
    Measured on the explorer (drag updates, loopback): a run waits 0.8 ms (p90 0.9) with one
    session dragging, 9.7 ms (p90 18) with five."""
    if _run.start is None:
        return False
    wall, cpu = _run.start
    alone = _run.others == 0 and _going.runs <= 1
    return not alone and (time.perf_counter() - wall) - (time.thread_time() - cpu) > BUSY_WAIT_S


def live(body: Callable[[], T] | None = None, *, run_every: float | None = None):
    """Decorate a page's live part: a drag reruns only it, and the release reruns the page,
    so what follows on release (typed inputs, other views) catches up. In a full run it
    returns what ``body`` returns (its results, so the page computes them once).

    ``run_every`` (seconds) also reruns it on a timer, as the training lab does while it plays:
    the page stays responsive, no loop blocks it. Use as ``@live`` or ``@live(run_every=0.3)``.
    """

    def wrap(body: Callable[[], T]) -> Callable[[], T]:
        @st.fragment(run_every=run_every)
        @wraps(body)
        def run() -> T:
            with live_run():
                result = body()
            released = session.released()
            if released or session.in_fragment_run():
                session.run_ended()  # a fragment's own run ends here, and so does one run again
            if released:
                time.sleep(SETTLE_S)
                st.rerun()
            return result

        return run

    return wrap if body is None else wrap(body)


def canvas(
    figure: Callable[[], go.Figure | Parts],
    points: Mapping[str, list[float]],
    *,
    key: str,
    title: str,
    plane: str | None = None,
    move: callbacks.Move = callbacks.move_points,
    view: float | None = None,
    slot: str = session.SCENE,
    **options,
) -> None:
    """A drag canvas editing the scene in ``slot`` with ``move``, named for screen readers by its
    page's ``title`` (a string key) or, on a projection, its ``plane`` ("xz"): ``figure`` builds its figure,
    called only in a run that sends pictures (``callbacks.draws``); ``view`` (the half-width
    shown) sets the drag step; the preferences set projector mode, the drag mode, snapping and
    the language; ``options`` (height, on_click, said) pass through."""
    if callbacks.apply_resent(key, move, slot):
        st.rerun()  # the page drew the scene before this release: draw it again with it
    half_width = st.session_state[slot].view if view is None else view
    prefs = session.prefs()
    if prefs.projector:
        # Present mode: as tall as a 1024x768 screen allows under the header, so a legend below
        # the plane (the margin lab's) does not shrink the plane.
        options.setdefault("height", PRESENT_HEIGHT)
    drag_canvas(
        figure() if callbacks.draws() else None,
        points,
        key=key,
        seq=session.seq(),
        ack=callbacks.ack(key),
        step=drag_step(half_width),
        projector=prefs.projector,
        mode=prefs.drag_mode,
        snap=prefs.snap,
        lang=prefs.lang,
        name=canvas_name(title, plane, prefs.lang),
        on_change=callbacks.drag(key, move, slot),
        on_history=partial(callbacks.on_history, key),
        release=session.releases(),
        busy=contended(),
        **options,
    )


def canvas_name(title: str, plane: str | None, lang: str) -> str:
    """A canvas's accessible name: "2D explorer: drag canvas", or "Projection on the xz plane (x
    across, z up): drag canvas", since its handles' names alone do not say which plane they are on."""
    if plane is None:
        return t("canvas.name", lang, page=t(title, lang))
    return t("canvas.name_plane", lang, plane=plane, a=plane[0], b=plane[1])


def view_3d(
    data: Callable[[], dict], *, key: str, extent: float, move: callbacks.Move = callbacks.move_points3
) -> None:
    """The 3D view: ``data`` builds what it draws, called only in a run that sends pictures
    (``callbacks.draws``); push sequence (points and camera), ack, drag step, projector mode; the
    camera is kept on rotation."""
    if callbacks.apply_resent(key, move):
        st.rerun()
    view3d(
        data() if callbacks.draws() else None,
        key=key,
        seq=session.seq(),
        camseq=session.camera_seq(),
        ack=callbacks.ack(key),
        step=drag_step(extent),
        projector=session.prefs().projector,
        release=session.releases(),
        busy=contended(),
        mode=session.prefs().drag_mode,
        label=t("view3d.name", session.prefs().lang),
        on_points=callbacks.drag(key, move),
        on_camera=partial(callbacks.on_camera, key),
    )


_live_chart = st.components.v2.component(
    "softmaxviz.live_chart",
    html="<div data-testid='live-chart'></div>",
    js=loader_js(MODULES.chart),
    isolate_styles=False,
)


def live_chart(figure: Parts, *, key: str) -> None:
    """A Plotly chart, its toolbar without the logo: one element named by ``key`` alone, whose
    chart Plotly.react updates in place (chart.js); scaled up in projector mode.

    ``st.plotly_chart`` names its element by the figure too, so each new figure was a new element
    and a new Plotly chart: each frame of the training lab's Play (0.2-1.8 s of the main thread
    per frame in 3D, in software WebGL, and a new WebGL context), each release on the margin lab.
    Streamlit's chart theme (a template with placeholder colours its frontend fills in) does not
    apply: the figure sets its own style.

    ``figure`` is a builder's plain parts (``loss_figure.parts(...)``): through ``go.Figure`` and
    ``to_dict`` each of the lab's charts took 3.6-4.6 ms a frame of Play, of its parts 0.3."""
    if session.prefs().projector:
        spec = for_projector(figure.figure()).to_dict()
        spec["layout"].pop("template", None)  # go.Figure adds Plotly's default
        figure = Parts(spec["data"], spec["layout"])
    # No "Share chart..." button: Plotly.js 4 shows one by default, which uploads the chart to
    # Plotly's cloud (st.plotly_chart's config turned it off).
    config = {
        "displaylogo": False,
        "showSendToCloud": False,
        # Nothing here reads a selection: box and lasso select only dimmed the curves they missed.
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        "failed": template("canvas.failed", session.prefs().lang),
        **plotly_locale(session.prefs().lang),
    }
    data = {"figure": figure.to_json(), "config": config}
    _live_chart(key=key, data=data)


# The last button pressed, for page.js's focus keeper, from this element's first render on: the
# module loads up to ~0.5 s later on a first visit, and a button that disabled itself meanwhile
# dropped the focus to the page's body.
PRESSED_JS = """if (!window.__svzPressing) {
  window.__svzPressing = true;
  document.addEventListener("click", (event) => {
    const holder = event.target.closest?.("button")?.closest("[class*='st-key-']");
    const key = holder && [...holder.classList].find((c) => c.startsWith("st-key-"));
    window.__svzPressed = key ? { key, at: performance.now() } : null;
  }, true);
}
"""
# The page's own script (softmaxviz/page.js): a release never answered comes back through this
# element, and a button that disables itself hands the keyboard's focus on.
_resend = st.components.v2.component(
    "softmaxviz.resend",
    html="<span data-testid='resend-channel'></span>",
    css=".st-key-svz_resend{display:none}",
    js=PRESSED_JS + loader_js(MODULES.page),
    isolate_styles=False,
)


def resend_channel(lang: str) -> None:
    """Draw the resend channel (once per run, outside fragments: app.py) and keep a release that
    came through it for its canvas (``callbacks.apply_resent``). Its script also keeps the
    keyboard's focus on the page when a button disables itself, and sets the page's language on
    ``<html lang>`` (中文 pages said "en": a screen reader read them with an English voice)."""
    data = {"lang": t("html.lang", lang)}
    result = _resend(key="svz_resend", data=data, on_resend_change=lambda: None)
    callbacks.on_resent(result.get("resend") if result else None)


_COPY_HTML = "<button class='svz-copy' data-testid='copy-link' type='button'></button>"
_COPY_JS = """
export default function ({ data, parentElement }) {
  const button = parentElement.querySelector("[data-testid='copy-link']");
  button.textContent = data.label;
  button.onclick = async () => {
    // This page with only what differs from the defaults: short enough for a chat message.
    const link = window.location.origin + window.location.pathname + (data.query ? "?" + data.query : "");
    try {
      await navigator.clipboard.writeText(link);
      button.textContent = data.done;
    } catch (err) {
      window.prompt(data.label, link);
    }
  };
}
"""
_COPY_CSS = (
    ".svz-copy{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.25rem .75rem;"
    "background:transparent;cursor:pointer;font:inherit}"
)
_copy_link = st.components.v2.component(
    "softmaxviz.copy_link", html=_COPY_HTML, js=_COPY_JS, css=_COPY_CSS, isolate_styles=False
)


def copy_link(label: str, done: str) -> None:
    """A button that copies the link to this page and scene (only what differs from the defaults)."""
    data = {"label": label, "done": done, "query": urlencode(session.share_query())}
    _copy_link(key="copy_link", data=data)
