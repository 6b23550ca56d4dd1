"""Session and URL: the scene, the preferences and the undo history of one browser session.

The user's scene lives in ``st.session_state["scene"]``, the preferences (language,
projector mode) in ``"prefs"``. Every full run writes both to the URL, so navigation
(which clears query parameters) and sharing carry them. A change that the user makes
is one step of the undo history; each step writes the URL once, so the browser's
Back and Forward buttons walk the same history (a Back run is read here).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st

from softmaxviz.state import (
    PREF_KEYS,
    Prefs,
    Scene,
    address_query,
    from_query,
    holds_scene,
    is_marked,
    odd_mark,
    prefs_from_query,
    repeated_keys,
    unknown_keys,
)
from softmaxviz.state import share_query as state_share_query
from softmaxviz.ui import nav

SCENE = "scene"
PREFS = "prefs"
PAST = "history_past"
RUN_ENDS = "runs_ended"
FUTURE = "history_future"
SEQ = "scene_seq"
CAMERA_SEQ = "camera_seq"
ERROR = "input_error"
ERROR_AT = "input_error_at"
ERROR_FRAME = "input_error_frame"  # the string key that says what was refused ("msg.bad_input")
# What the opening link got wrong, and the scene and preferences it opened with: its messages
# are true only while the session still shows those.
LINK_MESSAGES = "link_messages"
LINK_TOLD = "link_messages_told"
DRAGGING = "dragging"
DRAG_START = "drag_start"  # the scene before the drag going on (callbacks.apply_drag)
RELEASED = "drag_released"
RELEASES = "drag_releases"
PAGE_NOW, PAGE_SEEN = "page_now", "page_seen"
ELSEWHERE = "history_elsewhere"  # the last undo or redo reverted another page's change
WIDGETS = "widget_generation"
KEPT = "widget_kept"  # (binding key, generation): the one widget a renewal spared
SHOWN = "widget_shown"
DIRECTIONS = "directions_shown"
# Widget generations whose shown values are kept (an older widget can still report a click).
SHOWN_GENERATIONS = 3
HISTORY_LIMIT = 100


def prefs() -> Prefs:
    """The session's preferences (read from the URL on the first run)."""
    if PREFS not in st.session_state:
        current_scene()
    return st.session_state[PREFS]


def lang() -> str:
    return prefs().lang


def set_prefs(new: Prefs) -> None:
    st.session_state[PREFS] = new


def query(scene: Scene | None = None) -> dict[str, str]:
    """What the URL holds: the scene (default the session's) and the preferences, as what
    differs from the defaults plus the mark (``state.address_query``)."""
    shown = st.session_state[SCENE] if scene is None else scene
    return address_query(shown, st.session_state[PREFS])


def arrive(page: str) -> None:
    """Called by app.py with the page this run shows (a page link may carry a scene). A refusal
    stays on the page it happened on: on Home, "That value was not accepted" of the training lab's
    typed point read as if one of Home's own values had been refused."""
    if PAGE_NOW in st.session_state and st.session_state[PAGE_NOW] != page:
        set_error(None)
    st.session_state[PAGE_NOW] = page


def run_ended() -> None:
    """A run got to its end (a full run, a fragment's own, or one that starts the page again):
    :func:`runs_ended` counts them (``training.once_per_click`` reads it)."""
    st.session_state[RUN_ENDS] = st.session_state.get(RUN_ENDS, 0) + 1


def runs_ended() -> int:
    return st.session_state.get(RUN_ENDS, 0)


def in_fragment_run() -> bool:
    """True in a run of one fragment (not in a full run, where fragments run inline)."""
    return bool(getattr(nav.run_context(), "fragment_ids_this_run", None))


def share_query() -> dict[str, str]:
    """The link to share (Copy link, the QR code): only what differs from the defaults (old, full
    links open too), without present mode (see ``state.share_query``)."""
    return state_share_query(st.session_state[SCENE], st.session_state[PREFS])


def current_scene() -> Scene:
    """The session's scene: read from the URL on the first run, after Back or Forward and when
    a link to another page carries one (a scenario); written to it on every other full run
    (one history entry per step)."""
    ss = st.session_state
    # The link first: on a new process a deep link's first run starts again at once (below), and
    # a click on the sidebar meanwhile took that run's place, with a bare address: the link's
    # scene was lost (2 of 6 tries on a cold server).
    opened = SCENE not in ss
    if opened:
        _open_link()
    nav.ensure_navigation()
    arrived, left = ss.get(PAGE_NOW) != ss.get(PAGE_SEEN), ss.get(PAGE_SEEN)
    ss[PAGE_SEEN] = ss.get(PAGE_NOW)
    if arrived:
        # A page's widgets are new to it: none may take the state of one left behind.
        renew_widgets()
        if ss.get(DRAGGING):
            _end_drag(left or "")
    if not opened and (arrived or nav.is_history_navigation()) and not ss.get(DRAGGING):
        _follow_link(st.query_params.to_dict())
    # Mid-drag the URL waits for the release: one history entry per drag, not one per update.
    if not ss.get(DRAGGING):
        wanted = query()
        if st.query_params.to_dict() != wanted:
            st.query_params.from_dict(wanted)
    return ss[SCENE]


def _open_link() -> None:
    """The session's first run: the scene and the preferences the URL holds, and what it got wrong."""
    ss = st.session_state
    link = st.query_params.to_dict()
    scene, problems = from_query(link)
    new_prefs, pref_problems = prefs_from_query(link)
    given = {key: st.query_params.get_all(key) for key in st.query_params}
    ignored, repeated = unknown_keys(link), repeated_keys(given)
    mark = odd_mark(link)
    ss[LINK_MESSAGES] = LinkMessages(problems, pref_problems, ignored, scene, new_prefs, repeated, mark)
    ss[SCENE], ss[PREFS], ss[PAST], ss[FUTURE] = scene, new_prefs, [], []
    bump()


def _end_drag(page: str) -> None:
    """The user left ``page`` in the middle of a drag (a click on the sidebar before the mouse
    came up): its canvas is gone and its release will not come. The drag ends where its last
    update left the scene, as one undo step of that page, and the URL holds it again (it waits
    for a release, and the new page's address was left bare)."""
    ss = st.session_state
    ss[DRAGGING] = False
    start = ss.pop(DRAG_START, None)
    if isinstance(start, Scene) and start != ss[SCENE]:
        record_step(start, page)


def _follow_link(link: dict) -> None:
    """Back, Forward or a link with a scene: adopt the URL's scene as a step of the undo history
    (Back to the step before is an undo).

    A URL without a scene (a page opened from the sidebar clears it) keeps the scene.
    """
    scene, problems = from_query(link)
    if problems or not holds_scene(link):
        return
    # A marked URL (the address bar's) holds all the preferences, a missing one at its default;
    # in any other link the preferences it names replace the session's and the others stay.
    given = {key: value for key, value in link.items() if key in PREF_KEYS}
    base = {} if is_marked(link) else prefs().to_query()
    new_prefs, pref_problems = prefs_from_query({**base, **given})
    if not pref_problems:
        set_prefs(new_prefs)
    ss = st.session_state
    if scene == ss[SCENE]:
        return
    if ss[PAST] and ss[PAST][-1].state == scene:
        undo("browser_undo")
    elif ss[FUTURE] and ss[FUTURE][-1].state == scene:
        redo("browser_redo")
    else:
        commit(scene)


def bump() -> None:
    """Python moved the handles: every canvas and view adopts the scene's points."""
    st.session_state[SEQ] = st.session_state.get(SEQ, 0) + 1


def seq() -> int:
    return st.session_state.get(SEQ, 0)


def camera_seq() -> int:
    """Bumped only when Python sets another camera (a link, Reset): a drag keeps the view's."""
    return st.session_state.get(CAMERA_SEQ, 0)


def _camera_moved(old: Scene, new: Scene) -> None:
    if old.camera != new.camera:
        st.session_state[CAMERA_SEQ] = camera_seq() + 1


def renew_widgets(keep: tuple[str, int] | None = None) -> None:
    """Something other than a widget changed the scene: every widget is drawn afresh.

    Widget keys carry this generation (``controls.bound``). A run that set the widgets
    from a new scene can be interrupted before the browser shows them; the browser then
    sends back the values it still shows, and Streamlit would take each difference for
    a user's edit. Under a new key, an old widget's value is never compared with a new
    one, so only what the user really typed reaches the scene.

    ``keep``: (binding key, its generation) of the widget whose edit moved other fields too (a new
    loss resets its parameters). It already shows its value and keeps its key, so the browser
    keeps it, and the keyboard's focus on it: under a new key the margin lab's Loss was drawn
    anew and a keyboard user's focus fell to the page's body. Any later renewal renews it too.
    """
    st.session_state[WIDGETS] = widget_generation() + 1
    st.session_state[KEPT] = keep


def widget_generation_of(key: str) -> int:
    """The generation binding ``key``'s widget is drawn in: the current one, or the one it kept."""
    kept = st.session_state.get(KEPT)
    return kept[1] if kept and kept[0] == key else widget_generation()


def widget_generation() -> int:
    return st.session_state.get(WIDGETS, 0)


def remember_shown(widget_key: str, generation: int, value) -> None:
    """What widget ``widget_key`` of ``generation`` was drawn showing."""
    shown = st.session_state.setdefault(SHOWN, {})
    shown[widget_key] = (generation, value)
    if len(shown) > 400:  # drop what older generations showed
        keep = generation - SHOWN_GENERATIONS
        for key in [k for k, (g, _) in shown.items() if g < keep]:
            del shown[key]


def direction(vector_key: str) -> tuple[float, float] | None:
    """The direction the spherical inputs of ``vector_key`` last showed (``bindings.aim``): a
    zero vector, or one on the x3 axis, keeps showing it, and a length or elevation typed next
    starts from it."""
    return st.session_state.get(DIRECTIONS, {}).get(vector_key)


def hint(vector_key: str | None) -> dict:
    """A binding's keyword ``hint`` (its vector's :func:`direction`), or none for a binding
    without a direction (``Binding.direction`` is None)."""
    return {"hint": direction(vector_key)} if vector_key else {}


def set_direction(vector_key: str, value: tuple[float, float]) -> None:
    st.session_state.setdefault(DIRECTIONS, {})[vector_key] = value


def is_echo(widget_key: str, value) -> bool:
    """True if ``value`` is what widget ``widget_key`` was drawn showing (no user changed it),
    or the widget is too old to know."""
    entry = st.session_state.get(SHOWN, {}).get(widget_key)
    return entry is None or entry[1] == value


def commit(
    scene: Scene,
    *,
    record: bool = True,
    push: bool = True,
    renew: bool = True,
    keep: tuple[str, int] | None = None,
) -> None:
    """Make ``scene`` current. ``record``: the old scene becomes an undo step (if it differs);
    ``push``: the canvases adopt the new points (off mid-drag: the dragged canvas leads);
    ``renew``: the widgets are drawn afresh (off when one widget set only its own field), but
    ``keep`` (see :func:`renew_widgets`)."""
    ss = st.session_state
    old = ss[SCENE]
    if record and scene != old:
        record_step(old)
    ss[SCENE] = scene
    ss[ERROR] = None
    _camera_moved(old, scene)
    if push:
        bump()
    if renew:
        renew_widgets(keep)


@dataclass(frozen=True)
class SlotStep:
    """An undo step of what a canvas edits beside the scene (``callbacks.on_drag``'s ``slot``: the
    training lab's run, the tour's own scene): the dragged handles' ``points`` before, put back with
    the canvas's ``move``. Without it, Undo after a drag of the lab's weights undid an older setting
    instead, and so threw the run away. Only the points: a step holding the whole run would keep
    its training record (up to megabytes) a hundred times over, and undo the training since. The
    lab's Step and Play are steps of their own (``training.record_training``): their ``points`` are
    the run's progress, its records by count (``take`` says what a slot holds now)."""

    slot: str
    points: dict
    move: Callable[[Any, dict], Any]
    # What the slot's value holds now, for the redo (or undo) step an undo (or redo) leaves: by
    # default the current points of the handles in ``points``. The training lab's Step and Play
    # keep its training progress instead (``lab.progress``, put back by ``lab.rewound``).
    take: Callable[[Any], dict] | None = None


@dataclass(frozen=True)
class Step:
    """One step of the history: what it brings back (the scene, or a :class:`SlotStep`) and the
    page its change was made on (its url path, "" for Home). Undo is one history across pages:
    an undo on one page could revert another's change with nothing to see, so the sidebar says
    which page's it was (:func:`reverted_elsewhere`)."""

    state: Scene | SlotStep
    page: str


def page_now() -> str:
    """The url path of the page this run shows ("" for Home)."""
    return st.session_state.get(PAGE_NOW) or ""


def record_step(before: Scene | SlotStep, page: str | None = None) -> None:
    """``before`` becomes an undo step of ``page`` (default this page; a drag records its start
    once, then moves freely)."""
    ss = st.session_state
    ss[PAST] = [*ss[PAST], Step(before, page_now() if page is None else page)][-HISTORY_LIMIT:]
    ss[FUTURE] = []


def forget(slot: str) -> None:
    """Drop ``slot``'s undo steps: what it holds now starts afresh (the training lab's new run)."""
    ss = st.session_state
    keep = lambda step: not (isinstance(step.state, SlotStep) and step.state.slot == slot)  # noqa: E731
    ss[PAST] = [step for step in ss.get(PAST, []) if keep(step)]
    ss[FUTURE] = [step for step in ss.get(FUTURE, []) if keep(step)]


def can_undo() -> bool:
    return bool(st.session_state.get(PAST))


def can_redo() -> bool:
    return bool(st.session_state.get(FUTURE))


def undo(action: str = "undo") -> None:
    """Back one step (the current scene goes to the redo list). ``action`` names what did it for
    the toast (:func:`reverted_elsewhere`): the Undo button or key, or the browser's history."""
    ss = st.session_state
    if not ss.get(PAST):
        return
    step = ss[PAST][-1]
    ss[FUTURE] = [*ss[FUTURE], replace(step, state=_now(step.state))]
    _jump_to(step.state)
    ss[PAST] = ss[PAST][:-1]
    _reverted(action, step.page)


def redo(action: str = "redo") -> None:
    """Forward one undone step (``action`` as in :func:`undo`)."""
    ss = st.session_state
    if not ss.get(FUTURE):
        return
    step = ss[FUTURE][-1]
    ss[PAST] = [*ss[PAST], replace(step, state=_now(step.state))][-HISTORY_LIMIT:]
    _jump_to(step.state)
    ss[FUTURE] = ss[FUTURE][:-1]
    _reverted(action, step.page)


def _reverted(action: str, page: str) -> None:
    st.session_state[ELSEWHERE] = (action, page) if page != page_now() else None


def reverted_elsewhere() -> tuple[str, str] | None:
    """``(action, page)`` once, if the last undo or redo (``action``) changed what page ``page``
    (a url path) set, not the page shown."""
    return st.session_state.pop(ELSEWHERE, None)


def _now(step: Scene | SlotStep) -> Scene | SlotStep:
    """What ``step`` replaces when it is jumped to: the scene, or what its slot holds now."""
    ss = st.session_state
    if isinstance(step, SlotStep):
        if step.take is not None:
            return replace(step, points=step.take(ss[step.slot])) if step.slot in ss else step
        now = ss[step.slot].points() if step.slot in ss else step.points
        return replace(step, points={name: now.get(name, point) for name, point in step.points.items()})
    return ss[SCENE]


def _jump_to(scene: Scene | SlotStep) -> None:
    if isinstance(scene, SlotStep):
        # Points of another shape (the lab's run went 3D) or a slot gone (reset): nothing to move.
        with suppress(ValueError, TypeError, KeyError):
            st.session_state[scene.slot] = scene.move(st.session_state[scene.slot], scene.points)
        st.session_state[ERROR] = None
        bump()
        return
    # The camera is how the user looks, not what they set: an undo keeps it.
    st.session_state[SCENE] = replace(scene, camera=st.session_state[SCENE].camera)
    st.session_state[ERROR] = None
    st.session_state[DRAGGING] = False
    bump()
    renew_widgets()


def set_error(message: str | None, at: str | None = None, *, frame: str = "msg.bad_input") -> None:
    """Say why an input was refused; ``at``: the bound widget it came from, which shows it below
    itself (the 3D explorer's inputs lie a screen below the page's messages); ``frame``: the
    string key that says what happened, with ``{error}``: a value refused keeps the previous
    one, a point refused was not added. The page it happened on alone shows it (:func:`arrive`)."""
    st.session_state[ERROR] = message
    st.session_state[ERROR_AT] = at
    st.session_state[ERROR_FRAME] = frame


def error(at: str | None = None) -> str | None:
    """The refusal to show at bound widget ``at`` (None: among the page's messages)."""
    return st.session_state.get(ERROR) if st.session_state.get(ERROR_AT) == at else None


def error_frame() -> str:
    """The string key that says what :func:`error` refused (see :func:`set_error`)."""
    return st.session_state.get(ERROR_FRAME, "msg.bad_input")


@dataclass(frozen=True)
class LinkMessages:
    """What the opening link got wrong (each reader falls back to its own defaults alone: a bad
    ``lang`` keeps the link's scene), the keys nothing reads (a messenger's tag, a misspelt key),
    the scene and preferences the session opened with, the keys it gave more than once, and its
    mark ``v`` if it is not this app's."""

    problems: list[str]
    pref_problems: list[str]
    ignored: list[str]
    scene: Scene
    prefs: Prefs
    repeated: list[str] = field(default_factory=list)
    mark: str | None = None


def while_shown(key: str):
    """What ``st.session_state[key]`` holds (anything with a ``scene``: a message and the scene
    it is about) while the session shows that scene; None once the user has changed it, and from
    then on, even if an undo brings that scene back. A message is shown only while it is true."""
    ss = st.session_state
    held = ss.get(key)
    if held is not None and ss.get(SCENE) != held.scene:
        del ss[key]
        return None
    return held


def link_messages() -> LinkMessages | None:
    """The opening link's messages while the session shows the scene the link opened
    (:func:`while_shown`: "the default scene is shown" would be untrue once the user changed it).
    (Whether the preferences are still the link's is for the caller: ``prefs() ==
    messages.prefs``.)"""
    return while_shown(LINK_MESSAGES)


def first_telling(messages: LinkMessages) -> bool:
    """True the first time it is asked about ``messages`` in this session (the opening link's
    problems go into a toast once, not on every run)."""
    told = st.session_state.get(LINK_TOLD)
    st.session_state[LINK_TOLD] = messages
    return told is not messages


def mark_released() -> None:
    """A drag ended (or a click added a sample): the page refreshes what it skipped meanwhile."""
    st.session_state[RELEASED] = True
    st.session_state[RELEASES] = releases() + 1


def releases() -> int:
    """How many times :func:`mark_released` was called in this session."""
    return st.session_state.get(RELEASES, 0)


def released() -> bool:
    """True once after :func:`mark_released`."""
    return bool(st.session_state.pop(RELEASED, False))
