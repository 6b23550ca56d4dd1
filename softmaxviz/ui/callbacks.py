"""Callbacks: what a widget, a drag, a click or a button does to the scene.

Each reads one event from ``st.session_state``, builds the new scene with a pure
function and hands it to :mod:`softmaxviz.ui.session`; a value the scene refuses
keeps the old scene and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, fields, replace
from functools import partial
from typing import Any

import numpy as np
import streamlit as st

from softmaxviz import lab
from softmaxviz.bindings import BINDINGS, PREF_BINDINGS
from softmaxviz.results import fit_view
from softmaxviz.scenarios import TOUR
from softmaxviz.state import N_MAX, Scene, reset_scene, scene_from_json, spare_sample
from softmaxviz.strings import Problem, problem_of
from softmaxviz.ui import session, training

DRAG_ACK = "drag_ack"
DRAG_START = session.DRAG_START
IMPORT = "import_file"
RESENT = "drag_resent"
# The last canvas (or 3D view) whose drag update asked for its numbers only (see draws).
NUMBERS_ONLY = "drag_numbers_only"
IMPORT_RESULT = "import_result"
POINTS_DROPPED = "points_dropped"


@dataclass(frozen=True)
class PointsDropped:
    """Clicked points that went with their classes when the class count shrank, and the scene it
    is about (``session.while_shown``)."""

    count: int
    scene: Scene


@dataclass(frozen=True)
class ImportResult:
    """What the sidebar says about an import (no ``problems``: it was imported), and the scene
    it is about: the imported one, or the one kept (``session.while_shown``)."""

    problems: list[str]
    scene: Scene
    file: str  # its name: a message about an earlier file must not pass for the new one's


# Scene slots that are not the user's: each tour step's own scene (its drags are undo steps of it,
# session.SlotStep; it is not in the URL, the step is). See tour_slot.
TOUR_SCENE = "tour_scene"

# (the scene or slot, the moved handles' points, mode=the drag's "free", "rotate" or "scale") ->
# the new one. The canvases keep a mode in the plane they show; a projection of a 3D scene needs
# it for the coordinate it does not show (move_projection).
Move = Callable[..., Any]


def on_bound(key: str, widget_key: str, generation: int) -> None:
    """Bound widget ``key`` (drawn as ``widget_key``) changed: apply that one widget's value
    (nothing else) to the scene or the prefs.

    A widget of an older generation (see ``session.renew_widgets``) may report the value it
    was drawn with although nobody touched it (Streamlit dropped its state): that echo is
    ignored. A value it was not drawn with is the user's, and applies to its field alone.
    """
    value = st.session_state.get(widget_key)
    if generation != session.widget_generation() and session.is_echo(widget_key, value):
        return
    if key in PREF_BINDINGS:
        try:
            session.set_prefs(PREF_BINDINGS[key].update(session.prefs(), value))
        except (ValueError, TypeError) as exc:
            session.set_error(problem_of(exc), at=key)
        return
    old = st.session_state[session.SCENE]
    st.session_state[session.DRAGGING] = False
    binding = BINDINGS[key]
    hint = session.hint(binding.direction)
    try:
        new = binding.update(old, value, **hint)
        if binding.direction:  # a typed azimuth at elevation 90° moves nothing, and is kept
            session.set_direction(binding.direction, binding.turn(old, value, **hint))
    except (ValueError, TypeError) as exc:
        session.set_error(problem_of(exc), at=key)
        return
    if len(new.train_points) < len(old.train_points):  # fewer classes took their points along
        st.session_state[POINTS_DROPPED] = PointsDropped(len(old.train_points) - len(new.train_points), new)
    # The edited widget already shows its value; the others are drawn afresh only when
    # the edit moved another field too (a new loss resets its parameters).
    others = any(
        getattr(new, f.name) != getattr(old, f.name) for f in fields(Scene) if f.name != binding.field
    )
    session.commit(new, renew=others, keep=(key, generation) if others else None)


# --- drags: one move function per kind of canvas -------------------------------------------------


def move_points(scene: Scene, points: Mapping[str, Any], mode: str = "free") -> Scene:
    return scene.with_points(points)


def move_points3(scene: Scene, points: Mapping[str, Any], mode: str = "free") -> Scene:
    return scene.with_points3(points)  # the 3D view keeps the mode itself (view3d.js)


def move_batch(scene: Scene, points: Mapping[str, Any], mode: str = "free") -> Scene:
    return scene.with_batch_points(points)


def move_lab(run: Any, points: Mapping[str, Any], mode: str = "free") -> Any:
    """The training lab's weights (its run, a slot beside the scene): ``lab.with_points``."""
    return lab.with_points(run, points)


def move_projection(axes: tuple[int, int]) -> Move:
    """The move of a projection canvas: its two coordinates of each dragged 3D point. In scale
    mode the canvas keeps the handle on its ray in the plane, scaling the two coordinates it shows
    by some factor; the third is scaled by it too, so the 3D direction stays (it stayed put, and
    "scale only (θ stays)" changed θ). Rotate mode keeps the 3D norm as it is."""

    def move(scene: Scene, points: Mapping[str, Any], mode: str = "free") -> Scene:
        moved = {}
        for name, p3 in scene.points3().items():
            p2 = points.get(name)
            if isinstance(p2, list | tuple) and len(p2) == 2:
                shown = np.array([p3[axes[0]], p3[axes[1]]])
                # p2 may be anything a canvas sends: Scene validates it below.
                with suppress(TypeError, ValueError):
                    if mode == "scale" and float(shown @ shown) > 0:
                        factor = float(np.asarray(p2, dtype=float) @ shown) / float(shown @ shown)
                        p3 = [v * factor for v in p3]
                p3[axes[0]], p3[axes[1]] = p2
                moved[name] = p3
        return scene.with_points3(moved)

    return move


def ack(key: str) -> int:
    """The id of the last drag update of canvas ``key`` that Python applied."""
    return st.session_state.get(f"{DRAG_ACK}_{key}", 0)


def on_drag(key: str, move: Move, slot: str = session.SCENE) -> None:
    """A canvas's drag update (throttled while moving, final on release): apply ``move``.

    The scene before the drag's first update becomes one undo step at the release. Mid-drag the
    dragged canvas leads; the release makes every view adopt the result. ``slot`` is the
    session key of the scene the canvas edits (the tour edits its own).
    """
    payload = (st.session_state.get(key) or {}).get("points")
    took = apply_drag(key, payload, move, slot)
    asked = took and not payload.get("final") and payload.get("draw") is False
    st.session_state[NUMBERS_ONLY] = key if asked else None


def draws() -> bool:
    """Whether this run sends the views' pictures (the canvases' figures, the 3D view).

    Not in the run of a drag update whose view asked for its numbers only: ``canvas.js`` and
    ``view3d.js`` ask for pictures at most once per redraw gap (``flight.js``: ``asksToDraw``),
    since the dragged view cannot draw them more often, and a release always asks. Such a run
    sends the table and the acks, and every view keeps its picture. A component's trigger value
    lives for the run it started only, so any later run (the release's, a typed value, the
    training lab's timer) draws its pictures."""
    key = st.session_state.get(NUMBERS_ONLY)
    return not (key and (st.session_state.get(key) or {}).get("points") is not None)


def apply_drag(key: str, payload: Any, move: Move, slot: str = session.SCENE) -> bool:
    """Apply one drag update ``{"points": {name: [x, y]}, "id": n, "final": bool}`` of canvas
    ``key`` (see :func:`on_drag`). Returns whether the scene took it."""
    ss = st.session_state
    if not isinstance(payload, dict) or not isinstance(payload.get("points"), dict):
        return False
    if isinstance(payload.get("id"), int):
        ss[f"{DRAG_ACK}_{key}"] = payload["id"]
    old = ss[slot]
    final = bool(payload.get("final"))
    mode = payload.get("mode") if payload.get("mode") in ("free", "rotate", "scale") else "free"
    try:
        new = move(old, payload["points"], mode=mode)
    except (ValueError, TypeError) as exc:
        session.set_error(problem_of(exc))
        session.bump()  # the handle goes back where the scene has it
        return False
    session.set_error(None)
    if final:
        session.mark_released()
    if slot != session.SCENE:
        # One undo step too, of the slot: its value before the drag's first update.
        start = ss.setdefault(f"{DRAG_START}_{slot}", old)
        ss[slot] = new
        if final:
            del ss[f"{DRAG_START}_{slot}"]
            step = _slot_step(slot, start, new, move)
            if step is not None:
                session.record_step(step)
            session.bump()
        return True
    # A drag is one undo step: the scene before its first update, recorded at the release if
    # the drag changed anything.
    start = ss.get(DRAG_START) if ss.get(session.DRAGGING) else old
    ss[DRAG_START] = start
    ss[session.DRAGGING] = not final
    # Mid-drag no widget is drawn (only the fragment reruns): they are renewed once, at the release.
    session.commit(new, record=False, push=final, renew=final)
    if final and new != start:
        session.record_step(start)
    return True


def _slot_step(slot: str, start: Any, now: Any, move: Move) -> session.SlotStep | None:
    """The undo step of a drag of ``slot`` from ``start`` to ``now`` (None: nothing moved).

    The training lab's run goes back whole, as after a Step (``training.record_training``): its
    weights, step count and records of the drag's start. Undo put back the dragged weight alone
    into the run Play had trained on since: "Step 225" beside weights of step 55, that never were
    together. The tour's scene puts back the handles the drag moved.
    """
    before, after = start.points(), now.points()
    moved = {name: point for name, point in before.items() if after.get(name) != point}
    if not moved:
        return None
    if isinstance(start, lab.LinearRun):
        return training.progress_step(slot, start)
    return session.SlotStep(slot, moved, move)


def on_resent(payload: Any) -> None:
    """A release the canvas sent but never saw answered, sent again as a full run (see
    ``wiring.resend_channel``, called with ``None`` in every other full run): keep it for this run
    only, for its canvas, which applies it when the page draws it. One for a canvas this page does
    not draw is dropped at the next full run, never applied later."""
    ok = isinstance(payload, dict) and isinstance(payload.get("key"), str)
    if ok and isinstance(payload.get("id"), int):
        st.session_state[RESENT] = payload
    else:
        st.session_state.pop(RESENT, None)


def apply_resent(key: str, move: Move, slot: str = session.SCENE) -> bool:
    """Apply the release kept by :func:`on_resent` if it is canvas ``key``'s and Python has not
    applied it yet (its fragment run may have been only slow). Returns whether the scene took it:
    the page then needs a new run to show it."""
    payload = st.session_state.get(RESENT)
    if not isinstance(payload, dict) or payload.get("key") != key:
        return False
    del st.session_state[RESENT]
    if payload["id"] <= ack(key):
        return False
    return apply_drag(key, {**payload, "final": True}, move, slot)


def drag(key: str, move: Move, slot: str = session.SCENE) -> Callable[[], None]:
    return partial(on_drag, key, move, slot)


def on_camera(key: str) -> None:
    """The 3D view turned: keep the camera so reruns and links show the same view (not an undo step)."""
    cam = (st.session_state.get(key) or {}).get("camera")
    scene = st.session_state[session.SCENE]
    try:
        st.session_state[session.SCENE] = replace(scene, camera=(float(cam[0]), float(cam[1])))
    except (ValueError, TypeError, IndexError, KeyError):
        return
    # The turn reran only the view's fragment: the page's full run follows, so its share links
    # (Copy link, drawn outside the fragment) hold the new camera too. Copy link gave the camera
    # of the page's last full run, while the address bar had the new one.
    session.mark_released()


def on_tour_step(i: int) -> None:
    """The tour's Next or Back: step ``i`` is the scene's (one undo step), so the address bar, a
    shared link and a reload open it (all opened step 1)."""
    session.commit(replace(st.session_state[session.SCENE], tour_step=i))


def tour_slot(i: int) -> str:
    """The session key of the tour's step ``i``'s own scene."""
    return f"{TOUR_SCENE}_{i + 1}"


def tour_scene(i: int) -> Scene:
    """The scene the tour's step ``i`` shows: its own from ``scenarios.TOUR``, dragged as the user
    likes. Each step keeps its own for the session, so Back, Next and an undo across steps find it
    as the user left it (one scene for all was started afresh on every step, and an undo after
    Next brought the step back without its drag)."""
    return st.session_state.setdefault(tour_slot(i), TOUR[i].scene)


def on_tour_restart(i: int) -> None:
    """Step ``i``'s scene as the tour has it, one undo step (the handles it had go back)."""
    ss, slot = st.session_state, tour_slot(i)
    before = ss.get(slot, TOUR[i].scene)
    if before != TOUR[i].scene:
        session.record_step(session.SlotStep(slot, before.points(), move_points))
        ss[slot] = TOUR[i].scene
        session.bump()


def on_history(key: str) -> None:
    """Ctrl+Z / Ctrl+Shift+Z pressed while a canvas has focus."""
    action = ((st.session_state.get(key) or {}).get("history") or {}).get("action")
    if action == "undo":
        session.undo()
    elif action == "redo":
        session.redo()
    # The key press reran only the canvas's fragment: the page (inputs, URL) follows.
    session.mark_released()


# --- the batch of the matrix view --------------------------------------------------------------


def on_add_click(key: str) -> None:
    """A click on the matrix view's empty canvas: a new sample there (at most 12)."""
    click = (st.session_state.get(key) or {}).get("click")
    _add_sample(click.get("point") if isinstance(click, dict) else None)


def on_add_random() -> None:
    """Add a sample drawn with the scene's seed, clear of the others (``state.spare_sample``); the
    seed moves on, so the next one differs."""
    scene = st.session_state[session.SCENE]
    _add_sample(list(spare_sample(scene, scene.seed)), seed=(scene.seed + 1) % 2**32)


def _add_sample(point, seed: int | None = None) -> None:
    old = st.session_state[session.SCENE]
    if len(old.batch) >= N_MAX:  # a click on a full batch did nothing, and said nothing
        session.set_error(Problem("batch_full", n=N_MAX), frame="msg.sample_not_added")
        session.mark_released()
        return
    try:
        new = old.with_batch([*old.batch, point])
    except (ValueError, TypeError) as exc:
        session.set_error(problem_of(exc), frame="msg.sample_not_added")
        return
    new = replace(new, **{new.sample_field: len(new.batch) - 1}, seed=old.seed if seed is None else seed)
    session.commit(new)
    # A click arrives in the canvas's fragment: the full rerun after it redraws the sample picker.
    session.mark_released()


def on_remove_sample() -> None:
    old = st.session_state[session.SCENE]
    try:
        new = old.with_batch([p for i, p in enumerate(old.batch) if i != old.selected_sample])
    except ValueError as exc:
        session.set_error(problem_of(exc), frame="msg.sample_not_removed")
        return
    session.commit(new)


# --- buttons --------------------------------------------------------------------------------------


def on_reset() -> None:
    """The page's own scene back to the defaults (``state.reset_scene``), one undo step."""
    st.session_state[session.DRAGGING] = False
    session.commit(reset_scene(st.session_state[session.SCENE], session.page_now()))


def on_fit(batch: bool = False) -> None:
    scene = st.session_state[session.SCENE]
    session.commit(replace(scene, view=fit_view(scene, batch=batch)))


def on_import() -> None:
    """The JSON upload: the new scene as one undoable step, or the old one and why not."""
    upload = st.session_state.get(IMPORT)
    if upload is None:  # removed, or replaced by a file the uploader refused (its own message)
        st.session_state.pop(IMPORT_RESULT, None)
        return
    scene, problems = scene_from_json(upload.getvalue())
    kept = st.session_state[session.SCENE]
    st.session_state[IMPORT_RESULT] = ImportResult(problems, kept if scene is None else scene, upload.name)
    if scene is not None:
        st.session_state[session.DRAGGING] = False
        session.commit(scene)
