"""Many sessions on one app process, without browsers: a load generator that speaks Streamlit's
websocket protocol, as a browser tab does.

Protocol (Streamlit 1.67, ``streamlit.proto``; checked against what Chromium sends):
- ``GET /<page>``, then ``GET /_stcore/health`` (the browser's ping before it connects), which
  sets the ``_streamlit_xsrf`` cookie; the websocket at ``/_stcore/stream`` is opened with that
  cookie and ``Sec-WebSocket-Protocol: streamlit, <cookie value>``.
- The first ``BackMsg.rerun_script`` names the page (``page_name``); later ones carry its
  ``page_script_hash`` (from ``Navigation``, or ``NewSession`` in a one-page app), the URL's
  query string (``PageInfo``) and the hashes of
  the cached messages the server may send as ``ref_hash`` (kept for ``max_cached_message_age``
  script runs, as the frontend does).
- Every rerun sends the whole widget state, as the browser holds it: each widget's value as the
  server last drew it (number inputs, toggles, segmented controls, selects, sliders, the file
  uploader), with the user's own change applied; a full run drops the widgets it did not draw.
- A drag update is the canvas's trigger value, ``$$STREAMLIT_INTERNAL_KEY_<canvas id>__events`` =
  ``[{"event": "points", "value": {"points": {...}, "id": n, "final": bool, "draw": bool}}]``,
  plus the canvas's ``fragment_id``; ``draw`` asks for the figure with the reply, as canvas.js
  does at most once per the canvas's ``redraw_gap_ms`` (and with every release; flight.js's
  ``asksToDraw``): Python answers the others with the numbers only. Like canvas.js, a session
  keeps at most three intermediate updates in flight, one after a reply marked ``busy``
  (flight.js's window: it grows back by one after 8 new replies in a row not busy); the next goes
  out a frame (16 ms) after the last at the earliest, once an ack has made room (or 1 s passed);
  the release (``final``) goes out without waiting. A drag is 10 updates, the tenth its release;
  then the next drag starts.

Measured per session: latency of each update (sent -> the canvas element carrying its ack, the
run's last element), releases (sent -> the full run they start has finished), updates a later one
superseded, errors (exceptions, closed sockets, unanswered updates), and "crossed state": any
element showing a scene this session never made (each session drags x along its own horizontal
line, so the 2D explorer's canvas points and class table identify it). Measured on the server
(/proc): CPU per answered update, split into the main thread (the event loop: sending messages,
websocket framing and compression) and the other threads (the script runs); memory (RSS) per
connected session.

Run from the repo root: ``python bench/load_gen.py [--sessions 5 10 20 40] [--seconds 60]
[--split-sessions 5] [--split-seconds 20] [--cold 40] [--snapshot]``. First, --cold sessions
open /explorer at once on a fresh app process (time to the first page, errors). Then for each N
a fresh app process, one warm-up session, and N sessions dragging on /explorer at a browser's
rate. Then, at --split-sessions, server CPU per drag update (fragment runs only, no release), per
full rerun of the explorer (a typed coordinate) and per rerun of the framework floor
(bench/framework_floor_app.py: one number input, one st.markdown), each on a fresh process.
Prints numbers only, never asserts. Takes about 6 minutes with the defaults: 4 x 60 s + 3 x 20 s
of load, plus starting servers and connecting sessions (342 s measured). ``--every 2``: one update
every 2 s per session instead of a browser's rate; ``--url URL [--pid PID ...]``: only the
N-session drags, against a server already running (e.g. deploy/scale_out.py's nginx).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path

import numpy as np
from streamlit.components.v2.bidi_component.constants import EVENT_DELIM
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Common_pb2 import FileUploaderState
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin, Subprotocol

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (
    Server,
    Stats,
    add_common_arguments,
    app_dir,
    app_server,
    cpu_seconds,
    describe,
    floor_server,
    rss_mb,
    thread_cpu_seconds,
)

from softmaxviz import analyze
from softmaxviz.state import Scene

XSRF_COOKIE = "_streamlit_xsrf"
FULL = ForwardMsg.FINISHED_SUCCESSFULLY
FRAGMENT = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY


FLIGHT_JS = Path(__file__).resolve().parent.parent / "softmaxviz" / "flight.js"


def flight_constants(source: Path = FLIGHT_JS) -> dict[str, float]:
    """The browser's window of drag updates in flight, read from softmaxviz/flight.js (which the
    canvas and the 3D view import), so this generator sends as they do: ``export const X = n;``."""
    return {k: float(v) for k, v in re.findall(r"^export const (\w+) = ([\d.]+);", source.read_text(), re.M)}


_FLIGHT = flight_constants()
SEND_EVERY_S = _FLIGHT["SEND_EVERY_MS"] / 1000  # one a frame; the acks pace it
IN_FLIGHT = int(_FLIGHT["MAX_IN_FLIGHT"])
GROW_AFTER = int(_FLIGHT["GROW_AFTER"])
ACK_TIMEOUT_S = _FLIGHT["ACK_TIMEOUT_MS"] / 1000
DRAG_UPDATES = 10  # per drag, the last one the release
ANSWER_TIMEOUT_S = 30.0  # an update unanswered this long is an error
OPEN_TIMEOUT_S = 120.0
CANVAS = "explorer_canvas"
HANDLE = "x"
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
UPSTREAM_HEADER = "X-Upstream"


# --- what a browser holds for each widget ----------------------------------------------------------


def widget_state(element: Element) -> WidgetState | None:
    """The value a browser shows for a value widget, as the WidgetState it sends; None for elements
    without a value (buttons send only their clicks; components only their triggers here)."""
    kind = element.WhichOneof("type")
    if kind == "number_input":
        w = element.number_input
        if not (w.set_value or w.HasField("default")):
            return None
        value = w.value if w.set_value else w.default
        if w.data_type == NumberInput.INT:
            return WidgetState(id=w.id, int_value=int(value))
        return WidgetState(id=w.id, double_value=value)
    if kind == "checkbox":
        w = element.checkbox
        return WidgetState(id=w.id, bool_value=w.value if w.set_value else w.default)
    if kind == "button_group":
        w = element.button_group
        values = list(w.raw_values) if w.set_value else [w.options[i].content for i in w.default]
        state = WidgetState(id=w.id)
        state.string_array_value.data.extend(values)
        return state
    if kind == "selectbox":
        w = element.selectbox
        if w.set_value:
            return WidgetState(id=w.id, string_value=w.raw_value)
        return WidgetState(id=w.id, string_value=w.options[w.default]) if w.HasField("default") else None
    if kind == "slider":
        w = element.slider
        state = WidgetState(id=w.id)
        state.double_array_value.data.extend(w.value if w.set_value else w.default)
        return state
    if kind == "file_uploader":
        return WidgetState(id=element.file_uploader.id, file_uploader_state_value=FileUploaderState())
    return None


def user_key(element_id: str) -> str:
    """``$$ID-<hash>-<key>`` -> ``key``."""
    return element_id.split("-", 2)[2] if element_id.startswith("$$ID-") else element_id


@dataclass
class Canvas:
    id: str
    fragment_id: str
    data: dict


@dataclass
class Update:
    id: int
    sent: float
    final: bool
    answered: float | None = None
    superseded: bool = False
    full_run_done: float | None = None  # a release: its full run finished


@dataclass
class Session:
    """One browser tab's conversation with the server."""

    base_url: str
    page: str
    index: int
    ws: ClientConnection | None = None
    widgets: dict[str, WidgetState] = field(default_factory=dict)
    drawn_this_run: set[str] = field(default_factory=set)
    cache: dict[str, tuple[ForwardMsg, int]] = field(default_factory=dict)
    max_cache_age: int = 2
    runs_finished: int = 0
    full_runs: int = 0
    query_string: str = ""
    page_script_hash: str = ""
    canvases: dict[str, Canvas] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crossed: list[str] = field(default_factory=list)
    # (element kind, element) -> a description of a scene this session never made, or None
    check: Callable[[str, Element], str | None] | None = None
    opened_s: float | None = None  # connect -> first full run finished
    # Every cookie the server (or a proxy in front of it) set, sent back as a browser does.
    cookies: dict[str, str] = field(default_factory=dict)
    # The X-Upstream header of each response (the page, the health ping, the websocket's 101), when
    # a proxy names the process that served it (deploy/nginx.conf.template does).
    served_by: list[str] = field(default_factory=list)
    closing: bool = False
    # flight.js's window of updates in flight, the new replies in a row not busy, the last ack seen
    window: int = IN_FLIGHT
    clean: int = 0
    last_ack: int = 0
    received: int = 0  # bytes of the websocket frames the server sent
    draw_asked_at: float = -math.inf  # flight.js's asksToDraw: when an update last asked for the figure
    _waiters: list[tuple[Callable[[], bool], asyncio.Future]] = field(default_factory=list)
    _reader: asyncio.Task | None = None

    # --- connection -------------------------------------------------------------------------------

    async def open(self) -> None:
        t0 = time.perf_counter()
        await asyncio.to_thread(self._get_cookies)
        ws_url = self.base_url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await connect(
            ws_url,
            subprotocols=[Subprotocol("streamlit"), Subprotocol(self.cookies[XSRF_COOKIE])],
            additional_headers={"Cookie": cookie_header(self.cookies)},
            origin=Origin(self.base_url),
            max_size=None,
            proxy=None,
            open_timeout=OPEN_TIMEOUT_S,
        )
        if upstream := self.ws.response.headers.get(UPSTREAM_HEADER):
            self.served_by.append(upstream)
        self._reader = asyncio.create_task(self._read())
        first = ClientState(page_name=self.page, context_info=self._context())
        await self.ws.send(BackMsg(rerun_script=first).SerializeToString())
        if await self.wait_until(lambda: self.full_runs > 0, OPEN_TIMEOUT_S):
            self.opened_s = time.perf_counter() - t0
        else:
            self.errors.append("the first page never finished")

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await self._reader

    def _context(self) -> ContextInfo:
        return ContextInfo(
            timezone="UTC",
            timezone_offset=0,
            locale="en-US",
            url=f"{self.base_url}/{self.page}",
            is_embedded=False,
            color_scheme="light",
        )

    async def rerun(self, *, trigger: WidgetState | None = None, fragment_id: str = "") -> None:
        """Send a rerun with every widget's state (and ``trigger``), as the browser does."""
        state = ClientState(
            query_string=self.query_string,
            page_script_hash=self.page_script_hash,
            fragment_id=fragment_id,
            context_info=self._context(),
        )
        state.widget_states.widgets.extend(self.widgets.values())
        if trigger is not None:
            state.widget_states.widgets.append(trigger)
        state.cached_message_hashes.extend(self.cache)
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())

    async def wait_until(self, ready: Callable[[], bool], timeout: float) -> bool:
        if ready():
            return True
        future = asyncio.get_running_loop().create_future()
        waiter = (ready, future)
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._waiters.remove(waiter)

    # --- what the server sends ---------------------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                self.received += len(frame)
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                self._handle(msg, time.perf_counter())
                for ready, future in self._waiters:
                    if not future.done() and ready():
                        future.set_result(True)
        except ConnectionClosed as exc:
            if not self.closing:
                self.errors.append(f"websocket closed: {exc}")

    def _handle(self, msg: ForwardMsg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                self.errors.append(f"a reference to a message never received: {msg.ref_hash}")
                return
            self.cache[msg.ref_hash] = (cached[0], self.runs_finished)
            full = ForwardMsg()
            full.CopyFrom(cached[0])
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, cached[0].WhichOneof("type")
        elif msg.metadata.cacheable:
            self.cache[msg.hash] = (msg, self.runs_finished)
        if kind == "new_session":
            # A one-page app's page is its main script; st.navigation names the page it ran.
            self.page_script_hash = self.page_script_hash or msg.new_session.page_script_hash
            self.max_cache_age = msg.new_session.config.max_cached_message_age or self.max_cache_age
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id, now)
        elif kind == "script_finished":
            self._finished(msg.script_finished, now)

    def _element(self, element: Element, fragment_id: str, now: float) -> None:
        kind = element.WhichOneof("type")
        state = widget_state(element)
        if state is not None:
            self.widgets[state.id] = state
            self.drawn_this_run.add(state.id)
        if kind == "exception":
            self.errors.append(f"exception: {element.exception.message}")
        elif kind == "bidi_component" and element.bidi_component.json:
            component = element.bidi_component
            data = json.loads(component.json)
            self.canvases[user_key(component.id)] = Canvas(component.id, fragment_id, data)
            if isinstance(data, dict):
                self._adapt(int(data.get("ack", 0)), bool(data.get("busy")))
                self._acked(int(data.get("ack", 0)), now)
        if self.check is not None and (problem := self.check(kind, element)):
            self.crossed.append(problem)

    def _adapt(self, ack: int, busy: bool) -> None:
        """flight.js's adapt(): the window of updates in flight after a reply."""
        if ack <= self.last_ack:
            return
        self.last_ack = ack
        if busy:
            self.window, self.clean = 1, 0
        else:
            self.clean += 1
            if self.clean >= GROW_AFTER:
                self.window, self.clean = min(IN_FLIGHT, self.window + 1), 0

    def _asks_to_draw(self, final: bool, canvas: Canvas) -> bool:
        """flight.js's asksToDraw(): the figure with a release, else at most once per redraw gap."""
        now, gap = time.perf_counter(), canvas.data.get("redraw_gap_ms", 0) / 1000
        if not final and gap > 0 and now - self.draw_asked_at < gap:
            return False
        self.draw_asked_at = now
        return True

    def _acked(self, ack: int, now: float) -> None:
        for update in self.updates:
            if update.answered is None and not update.superseded and update.id <= ack:
                if update.id == ack:
                    update.answered = now
                else:
                    update.superseded = True

    def _finished(self, status: int, now: float) -> None:
        self.runs_finished += 1
        # The frontend forgets cached messages unused for max_cached_message_age runs.
        self.cache = {h: v for h, v in self.cache.items() if self.runs_finished - v[1] <= self.max_cache_age}
        if status == FULL:
            self.full_runs += 1
            # A full run drew every widget the page has now: the others are gone.
            self.widgets = {i: s for i, s in self.widgets.items() if i in self.drawn_this_run}
            for update in self.updates:
                if update.final and update.answered is not None and update.full_run_done is None:
                    update.full_run_done = now
        self.drawn_this_run = set()

    # --- what a user does --------------------------------------------------------------------------

    def acked(self) -> int:
        canvas = self.canvases.get(CANVAS)
        return int(canvas.data.get("ack", 0)) if canvas else 0

    async def send_drag(self, point: list[float], final: bool, draw: bool | None = None) -> Update:
        """Send a drag update of x to ``point``; ``draw`` (whether it asks for the figure) as
        canvas.js decides it unless given."""
        canvas = self.canvases[CANVAS]
        update = Update(id=(self.updates[-1].id if self.updates else self.acked()) + 1, sent=0.0, final=final)
        draw = self._asks_to_draw(final, canvas) if draw is None else draw
        value = {"points": {HANDLE: point}, "id": update.id, "final": final, "draw": draw}
        trigger = WidgetState(
            id=f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{canvas.id}{EVENT_DELIM}events",
            json_trigger_value=json.dumps([{"event": "points", "value": value}], separators=(",", ":")),
        )
        update.sent = time.perf_counter()
        self.updates.append(update)
        await self.rerun(trigger=trigger, fragment_id=canvas.fragment_id)
        return update

    async def type_value(self, key_part: str, value: float) -> Update:
        """Type ``value`` into the number input whose key contains ``key_part`` (a full rerun)."""
        widget_id = next(i for i in self.widgets if i.split("-", 2)[-1].startswith(key_part))
        self.widgets[widget_id] = WidgetState(id=widget_id, double_value=value)
        update = Update(id=len(self.updates) + 1, sent=time.perf_counter(), final=False)
        self.updates.append(update)
        await self.rerun()
        return update

    def _get_cookies(self) -> None:
        """What a browser does before opening the websocket: GET the page, then ping
        ``/_stcore/health``, each with the cookies set so far; keep every cookie they set
        (Streamlit 1.67 sets the XSRF cookie on the health ping; a sticky proxy sets its own)."""
        for url in (f"{self.base_url}/{self.page}", f"{self.base_url}/_stcore/health"):
            request = urllib.request.Request(url)
            if self.cookies:
                request.add_header("Cookie", cookie_header(self.cookies))
            with DIRECT.open(request, timeout=OPEN_TIMEOUT_S) as response:
                response.read()
                if upstream := response.headers.get(UPSTREAM_HEADER):
                    self.served_by.append(upstream)
                jar = SimpleCookie()
                for header in response.headers.get_all("Set-Cookie") or []:
                    jar.load(header)
                self.cookies.update({name: morsel.value for name, morsel in jar.items()})


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def streamlit_metrics(base_url: str) -> dict[str, float]:
    """Streamlit's ``/_stcore/metrics`` (OpenMetrics text) as {series: value}: e.g.
    ``active_sessions`` and ``session_events_total{type="connect"}``; {} if unreadable."""
    try:
        with DIRECT.open(f"{base_url}/_stcore/metrics", timeout=10) as response:
            text = response.read().decode()
    except OSError:
        return {}
    out = {}
    for row in text.splitlines():
        if row and not row.startswith("#"):
            name, _, value = row.rpartition(" ")
            try:
                out[name] = float(value)
            except ValueError:
                continue
    return out


# --- each session's own scene ----------------------------------------------------------------------


def lane(index: int) -> float:
    """Session ``index`` drags x along y = lane(index) (40 lanes): no two sessions share a point."""
    return round(-1.95 + 0.1 * (index % 40), 2)


def drag_point(index: int, step: int) -> list[float]:
    return [round(2.0 * float(np.cos(0.4 * step)), 2), lane(index)]


def typed_values(index: int) -> tuple[float, float]:
    """The two values session ``index`` types alternately into x's first coordinate."""
    return round(-1.95 + 0.1 * (index % 40), 2), round(-1.9 + 0.1 * (index % 40), 2)


def p_row(point: list[float]) -> tuple[str, ...]:
    scene = Scene().with_points({HANDLE: point})
    return tuple(f"{p:.4f}" for p in analyze(scene.W, scene.xv, scene.b, scene.temperature).probabilities)


P_ROW = re.compile(r'<tr data-row="p">.*?</tr>', re.S)
CELL = re.compile(r"<td>(.*?)</td>", re.S)


def table_p_row(html: str) -> tuple[str, ...] | None:
    row = P_ROW.search(html)
    return tuple(CELL.findall(row.group(0))) if row else None


class ExplorerScene:
    """What session ``index`` may see on the 2D explorer: x where it started or where this
    session put it; the class table's p row of one of those points."""

    def __init__(self, index: int):
        self.index = index
        self.points: set[tuple[float, float]] = set()
        self.rows: set[tuple[str, ...]] = set()
        self.checked = 0
        self.made(Scene().points()[HANDLE])

    def made(self, point: list[float]) -> None:
        self.points.add((round(point[0], 6), round(point[1], 6)))
        self.rows.add(p_row(point))

    def problem(self, kind: str, element: Element) -> str | None:
        if kind == "bidi_component" and user_key(element.bidi_component.id) == CANVAS:
            self.checked += 1
            x = json.loads(element.bidi_component.json)["points"][HANDLE]
            if (round(x[0], 6), round(x[1], 6)) not in self.points:
                return f"session {self.index}: the canvas shows x = {x}"
        elif kind == "html" and (row := table_p_row(element.html.body)) is not None:
            self.checked += 1
            if row not in self.rows:
                return f"session {self.index}: the class table shows p = {row}"
        return None


class FloorScene:
    """What session ``index`` may see on the framework floor: 0 or a value it typed."""

    def __init__(self, index: int):
        self.index = index
        self.values = {0.0}
        self.checked = 0

    def made(self, value: float) -> None:
        self.values.add(value)

    def problem(self, kind: str, element: Element) -> str | None:
        if kind == "markdown" and element.markdown.body.startswith("n = "):
            self.checked += 1
            if float(element.markdown.body[4:]) not in self.values:
                return f"session {self.index}: the floor shows {element.markdown.body}"
        return None


# --- what each session does ------------------------------------------------------------------------


def acked_at_least(session: Session, update_id: int) -> bool:
    return session.acked() >= update_id


def answered(update: Update) -> bool:
    return update.answered is not None


def full_runs_above(session: Session, runs: int) -> bool:
    return session.full_runs > runs


async def drag(
    session: Session,
    scene: ExplorerScene,
    deadline: float,
    updates_per_drag: int,
    every_s: float = SEND_EVERY_S,
) -> None:
    """Drag x at a browser's rate until ``deadline``: drags of ``updates_per_drag`` updates, the
    last the release (0: one endless drag, no release). ``every_s``: the least time between two
    updates (a browser's frame; longer for a slower user, e.g. 2 s). Like canvas.js, at most
    ``session.window`` intermediate updates are unanswered at a time."""
    if CANVAS not in session.canvases:
        session.errors.append(f"the page drew no {CANVAS}")
        return
    step = 0
    last: Update | None = None
    sent: list[Update] = []
    while time.perf_counter() < deadline:
        final = updates_per_drag > 0 and (step + 1) % updates_per_drag == 0
        if last is not None:
            if not final and len(sent) >= session.window:
                # A window of updates unanswered: wait for the oldest one's ack (or the browser's timeout)
                left = ACK_TIMEOUT_S - (time.perf_counter() - last.sent)
                oldest = sent[-session.window].id
                await session.wait_until(partial(acked_at_least, session, oldest), max(left, 0.0))
            await asyncio.sleep(max(0.0, last.sent + every_s - time.perf_counter()))
        if time.perf_counter() >= deadline:
            break
        point = drag_point(scene.index, step)
        scene.made(point)
        last = await session.send_drag(point, final)
        sent = [] if final else [*sent[-IN_FLIGHT:], last]
        step += 1
        if final:  # the next drag starts once this release is answered
            await session.wait_until(partial(answered, last), ANSWER_TIMEOUT_S)


async def type_numbers(
    session: Session, scene, deadline: float, key_part: str, values: tuple[float, float]
) -> None:
    """Type ``values`` alternately into a number input (each a full rerun), one at a time, at most
    every SEND_EVERY_S."""
    i = 0
    while time.perf_counter() < deadline:
        value = values[i % 2]
        scene.made([value, Scene().points()[HANDLE][1]] if isinstance(scene, ExplorerScene) else value)
        update = await session.type_value(key_part, value)
        if await session.wait_until(partial(full_runs_above, session, session.full_runs), ANSWER_TIMEOUT_S):
            update.answered = time.perf_counter()
        await asyncio.sleep(max(0.0, update.sent + SEND_EVERY_S - time.perf_counter()))
        i += 1


# --- a measurement -------------------------------------------------------------------------------


@dataclass
class Measured:
    sessions: int
    seconds: float
    latency_ms: list[float]
    release_ms: list[float]
    sent: int
    answered: int
    superseded: int
    errors: list[str]
    crossed: list[str]
    checked: int
    open_s: list[float]
    cpu_s: float
    main_thread_cpu_s: float
    rss_before_mb: float
    rss_open_mb: float
    rss_end_mb: float
    received_bytes: int = 0  # websocket frames from the server during the measured time
    # Sessions per process that served their websocket, when a proxy names it (X-Upstream).
    served_by: dict[str, int] = field(default_factory=dict)

    @property
    def cpu_ms_per_update(self) -> float:
        return 1e3 * self.cpu_s / max(self.answered, 1)


@dataclass(frozen=True)
class Target:
    """Where sessions connect and which server processes to read (/proc): one app process, or a
    proxy in front of several (their CPU and memory are summed). No pids: nothing read."""

    url: str
    pids: tuple[int, ...] = ()

    @staticmethod
    def of(server: Server | Target) -> Target:
        return server if isinstance(server, Target) else Target(server.url, (server.pid,))

    def cpu(self) -> float:
        return sum(cpu_seconds(p) for p in self.pids) if self.pids else float("nan")

    def main_thread_cpu(self) -> float:
        """CPU of each process's main thread (the event loop), summed."""
        if not self.pids:
            return float("nan")
        return sum(thread_cpu_seconds(p).get(p, 0.0) for p in self.pids)

    def rss(self) -> float:
        return sum(rss_mb(p) for p in self.pids) if self.pids else float("nan")


async def measure(
    server: Server | Target,
    page: str,
    sessions: int,
    seconds: float,
    work: str,
    updates_per_drag: int = DRAG_UPDATES,
    window: tuple[Callable[[], object], Callable[[], object]] | None = None,
    every_s: float = SEND_EVERY_S,
) -> Measured:
    """``sessions`` sessions on ``page`` doing ``work`` ("drag", "type_x" or "type_floor") for
    ``seconds`` against ``server``; CPU and memory from /proc. ``window``: called as the measured
    time starts and ends (after the warm-up and the page loads). ``every_s``: see :func:`drag`."""
    target = Target.of(server)
    # Warm-up: one session loads the page and works briefly, so imports and caches are not counted.
    warm = Session(target.url, page, index=sessions)
    await run_sessions([warm], work, time.perf_counter() + 2.0, updates_per_drag)
    await warm.close()
    await asyncio.sleep(1.0)
    rss_before = target.rss()
    crowd = [Session(target.url, page, index=i) for i in range(sessions)]
    await asyncio.gather(*(s.open() for s in crowd))
    rss_open = target.rss()
    if window:
        window[0]()
    cpu0, main0 = target.cpu(), target.main_thread_cpu()
    bytes0 = sum(s.received for s in crowd)
    t0 = time.perf_counter()
    scenes = await run_sessions(crowd, work, t0 + seconds, updates_per_drag, opened=True, every_s=every_s)
    # Let the last updates be answered (bounded), then read the server.
    await asyncio.gather(
        *(s.wait_until(lambda s=s: all_settled(s), ANSWER_TIMEOUT_S) for s in crowd), return_exceptions=True
    )
    elapsed = time.perf_counter() - t0
    cpu = target.cpu() - cpu0
    main_cpu = target.main_thread_cpu() - main0
    rss_end = target.rss()
    if window:
        window[1]()
    await asyncio.gather(*(s.close() for s in crowd))
    updates = [u for s in crowd for u in s.updates]
    errors = [e for s in crowd for e in s.errors]
    errors += [
        f"session {s.index}: update {u.id} unanswered" for s in crowd for u in s.updates if unanswered(u)
    ]
    return Measured(
        sessions=sessions,
        seconds=elapsed,
        latency_ms=[1e3 * (u.answered - u.sent) for u in updates if u.answered is not None],
        release_ms=[1e3 * (u.full_run_done - u.sent) for u in updates if u.full_run_done is not None],
        sent=len(updates),
        answered=sum(u.answered is not None for u in updates),
        superseded=sum(u.superseded for u in updates),
        errors=errors,
        crossed=[c for s in crowd for c in s.crossed],
        checked=sum(scene.checked for scene in scenes),
        open_s=[s.opened_s for s in crowd if s.opened_s is not None],
        cpu_s=cpu,
        main_thread_cpu_s=main_cpu,
        rss_before_mb=rss_before,
        rss_open_mb=rss_open,
        rss_end_mb=rss_end,
        received_bytes=sum(s.received for s in crowd) - bytes0,
        served_by=dict(sorted(Counter(s.served_by[-1] for s in crowd if s.served_by).items())),
    )


def unanswered(update: Update) -> bool:
    return update.answered is None and not update.superseded


def all_settled(session: Session) -> bool:
    return not any(unanswered(u) for u in session.updates)


async def run_sessions(
    crowd: list[Session],
    work: str,
    deadline: float,
    updates_per_drag: int,
    opened: bool = False,
    every_s: float = SEND_EVERY_S,
) -> list:
    """Open (unless ``opened``) and run ``work`` on every session until ``deadline``; their scenes.
    Paced drags (``every_s`` above a browser's rate) start spread over the first ``every_s``, as
    a class's students do not all move at the same instant."""
    scenes = [FloorScene(s.index) if work == "type_floor" else ExplorerScene(s.index) for s in crowd]
    for session, scene in zip(crowd, scenes, strict=True):
        session.check = scene.problem
    if not opened:
        await asyncio.gather(*(s.open() for s in crowd))

    async def one(i: int, session: Session, scene) -> None:
        if session.opened_s is None:
            return
        if work == "drag":
            if every_s > SEND_EVERY_S:
                await asyncio.sleep(every_s * i / len(crowd))
            await drag(session, scene, deadline, updates_per_drag, every_s)
        elif work == "type_x":
            await type_numbers(session, scene, deadline, "x.0@", typed_values(session.index))
        else:
            await type_numbers(
                session, scene, deadline, "n", (session.index * 10 + 1.0, session.index * 10 + 2.0)
            )

    await asyncio.gather(*(one(i, s, scene) for i, (s, scene) in enumerate(zip(crowd, scenes, strict=True))))
    return scenes


async def cold_start(server: Server, page: str, sessions: int) -> None:
    """``sessions`` sessions open ``page`` at once on a server no session has used yet."""
    crowd = [Session(server.url, page, index=i) for i in range(sessions)]
    await asyncio.gather(*(s.open() for s in crowd))
    await asyncio.gather(*(s.close() for s in crowd))
    opened = Stats.of([s.opened_s for s in crowd if s.opened_s is not None])
    errors = [e for s in crowd for e in s.errors]
    print(
        f"cold start: {sessions} sessions open /{page} at once on a fresh server: first page p50 "
        f"{opened.median:.1f} s, p95 {opened.p95:.1f} s, {len(errors)} errors"
    )
    for error in sorted(set(errors))[:3]:
        print(f"  ! {error}")


# --- the report ------------------------------------------------------------------------------------


def report(label: str, m: Measured) -> None:
    lat, rel, opened = Stats.of(m.latency_ms), Stats.of(m.release_ms), Stats.of(m.open_s)
    print(
        f"{label}: {m.sessions} sessions, {m.seconds:.0f} s: {m.answered} answered of {m.sent} sent "
        f"({m.answered / m.seconds:.1f}/s), {m.superseded} superseded, {len(m.errors)} errors, "
        f"{len(m.crossed)} crossed of {m.checked} elements checked"
    )
    print(f"  latency per update: p50 {lat.median:.0f} ms, p95 {lat.p95:.0f} ms")
    if rel.n:
        print(f"  release -> full run done: p50 {rel.median:.0f} ms, p95 {rel.p95:.0f} ms (n={rel.n})")
    per = 1e3 / max(m.answered, 1)
    print(
        f"  server CPU: {m.cpu_s / m.seconds:.0%} of a core, {m.cpu_ms_per_update:.1f} ms per answered "
        f"update ({per * m.main_thread_cpu_s:.1f} in the main thread, "
        f"{per * (m.cpu_s - m.main_thread_cpu_s):.1f} in the other threads)"
    )
    print(f"  received: {m.received_bytes / 1e3 / max(m.answered, 1):.1f} KB per answered update")
    per_session = (m.rss_open_mb - m.rss_before_mb) / m.sessions
    print(
        f"  memory: {m.rss_before_mb:.0f} MB before, {m.rss_open_mb:.0f} MB with the sessions open "
        f"({per_session:.1f} MB per session), {m.rss_end_mb:.0f} MB at the end"
    )
    print(f"  connect -> first page: p50 {opened.median:.1f} s, p95 {opened.p95:.1f} s")
    if m.served_by:
        print(f"  sessions per process (X-Upstream of their websocket): {m.served_by}")
    for problem in (m.errors + m.crossed)[:5]:
        print(f"  ! {problem}")


async def main_async(args) -> None:
    t0 = time.monotonic()
    own0 = time.process_time()
    if args.url:
        await against_url(args)
    else:
        await fresh_servers(args)
    print(f"load generator's own CPU: {time.process_time() - own0:.1f} s; took {time.monotonic() - t0:.0f} s")


async def fresh_servers(args) -> None:
    with app_dir(args.snapshot) as (folder, commit):
        print(describe(commit, args.option))
        if args.cold:
            with app_server(folder, args.option) as server:
                await cold_start(server, "explorer", args.cold)
        for n in args.sessions:
            with app_server(folder, args.option) as server:
                measured = await measure(
                    server, "explorer", n, args.seconds, "drag", args.updates_per_drag, every_s=args.every
                )
                report("drag on /explorer", measured)
        if args.split_sessions:
            n, seconds = args.split_sessions, args.split_seconds
            with app_server(folder, args.option) as server:
                fragment = await measure(server, "explorer", n, seconds, "drag", updates_per_drag=0)
            report("drag updates only (fragment runs, no release)", fragment)
            with app_server(folder, args.option) as server:
                full = await measure(server, "explorer", n, seconds, "type_x")
            report("typed x1 (full runs of /explorer)", full)
            with floor_server("framework_floor_app.py", args.option) as server:
                floor = await measure(server, "", n, seconds, "type_floor")
            report("framework floor (one number input, one st.markdown)", floor)
            f = floor.cpu_ms_per_update
            print(
                f"server CPU against the framework floor's {f:.1f} ms per rerun: drag update "
                f"{fragment.cpu_ms_per_update / f:.2f}x, full rerun {full.cpu_ms_per_update / f:.2f}x"
            )


async def against_url(args) -> None:
    """The drag load for each N against a server already running at ``args.url`` (one app
    process, or e.g. deploy/scale_out.py's nginx); CPU and memory only of the given pids."""
    target = Target(args.url.rstrip("/"), tuple(args.pid))
    print(f"against {target.url}" + (f"; server processes {list(target.pids)}" if target.pids else ""))
    for n in args.sessions:
        measured = await measure(
            target, "explorer", n, args.seconds, "drag", args.updates_per_drag, every_s=args.every
        )
        report("drag on /explorer", measured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="*", default=[5, 10, 20, 40])
    parser.add_argument("--seconds", type=float, default=60.0, help="load per N")
    parser.add_argument(
        "--every",
        type=float,
        default=SEND_EVERY_S,
        help="least seconds between a session's updates (default: a browser's rate, one a frame)",
    )
    parser.add_argument("--updates-per-drag", type=int, default=DRAG_UPDATES, help="the last one a release")
    parser.add_argument(
        "--url",
        help="drag against this running server (e.g. deploy/scale_out.py's nginx) instead of starting "
        "app processes; only the N-session runs",
    )
    parser.add_argument(
        "--pid", type=int, action="append", default=[], help="with --url: server process to read (repeatable)"
    )
    parser.add_argument("--split-sessions", type=int, default=5, help="sessions for the CPU split (0: skip)")
    parser.add_argument("--split-seconds", type=float, default=20.0)
    parser.add_argument(
        "--cold", type=int, default=40, help="sessions opening a fresh server at once (0: skip)"
    )
    add_common_arguments(parser)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
