"""The training lab's session state: its runs, Play / Pause, Step and Reset.

The runs (``softmaxviz.lab``) are the session's, not the scene's: the scene holds the setup
(data set, classes, seed, loss, rate) and travels in the link, and a run starts again from it
whenever that setup changes. Playing is a timer on the page's fragment (``wiring.live``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from time import monotonic

import streamlit as st

from softmaxviz import lab
from softmaxviz.strings import problem_of
from softmaxviz.ui import session

RUN, PLAYING = "lab_run", "lab_playing"
# The runs of the setups left behind, by setup (linear_run), at most KEEP_RUNS of them.
KEPT_RUNS, KEEP_RUNS = "lab_kept_runs", 8
FEATURES, FEATURES_PLAYING = "lab_features", "lab_features_playing"
ERROR = "lab_error"
# once_per_click: the runs ended when each callback last ran; on_click: the last click applied.
FIRED, CLICKED = "lab_fired", "lab_clicked"
# A second dispatch of a click came 0.16 s after the first (traced); a click this long after its
# button's last one is the user's.
DUPLICATE_S = 0.6
# Seconds between frames while playing: a frame costs ~20 ms of NumPy and one rerun.
FRAME = 0.25
FEATURE_FRAME = 0.6


def once_per_click(callback: Callable) -> Callable:
    """``callback`` of a button in a tab while a tab plays, run once per click.

    While a fragment reruns on a timer, Streamlit 1.67 may dispatch a click's callback a second
    time when it asked for the page's full run (``session.mark_released``): in the timer's next
    fragment run, after that full run. One "Remove the last point" then took two points, and a
    Pause was undone by a second toggle (5 of 7 tries in a QA pass; traced: click, its fragment
    run, the full run, then the second dispatch, 0.16 s after the first). So while a tab plays,
    the same callback is skipped until three runs have ended since it ran (its own, the full run,
    and one more: with Play's frames 0.25 s apart, a second click counts after about half a
    second), and only within ``DUPLICATE_S`` of it: after a Pause no frame runs, and the next Play
    was skipped for as long as nothing else ran (a QA pass: 5 of 10 Plays after a Pause, one for
    30 s). After a click made while nothing played and that started nothing, nothing is skipped.
    """
    name = callback.__qualname__

    @wraps(callback)
    def run(*args, **kwargs):
        fired = st.session_state.setdefault(FIRED, {})
        ended, now = session.runs_ended(), monotonic()
        if name in fired and ended <= fired[name][0] + 2 and now - fired[name][1] < DUPLICATE_S:
            return
        timed = playing() or features_playing()
        before = session.releases()
        callback(*args, **kwargs)
        timed = timed or playing() or features_playing()  # Play itself starts the timer
        if timed and session.releases() != before:
            fired[name] = (ended, now)
        else:
            fired.pop(name, None)

    return run


def linear_run(scene) -> lab.LinearRun:
    """The session's linear run for ``scene``'s setup: the one it had, if the setup changed back
    (an Undo of a change of classes, loss or data set), else a new one.

    Up to ``KEEP_RUNS`` runs of other setups are kept as they were left, dragged and trained:
    an Undo of Classes 3 -> 4 brought back three classes with the seed's weights at step 0, and
    the drag and the training were gone for good.
    """
    run = st.session_state.get(RUN)
    setup = lab.linear_setup(scene)
    if run is None or run.setup != setup:
        kept = dict(st.session_state.get(KEPT_RUNS, {}))
        if run is not None:
            kept.pop(run.setup, None)
            kept[run.setup] = run  # the latest last, so the oldest goes first
        earlier = kept.pop(setup, None)
        st.session_state[KEPT_RUNS] = dict(list(kept.items())[-KEEP_RUNS:])
        run = st.session_state[RUN] = lab.start(scene) if earlier is None else earlier
        st.session_state[PLAYING] = False
        session.forget(RUN)  # the drags of another run are not this one's to undo
        session.bump()
    if scene.train_data == "clicked":
        run = st.session_state[RUN] = lab.with_data(run, scene)
    return run


def feature_runs(scene) -> lab.FeatureRuns:
    runs = st.session_state.get(FEATURES)
    if runs is None or runs.setup != lab.feature_setup(scene):
        runs = st.session_state[FEATURES] = lab.start_features(scene)
        st.session_state[FEATURES_PLAYING] = False
    return runs


def playing() -> bool:
    return bool(st.session_state.get(PLAYING))


def features_playing() -> bool:
    return bool(st.session_state.get(FEATURES_PLAYING))


def step_linear(scene) -> lab.LinearRun:
    """One frame: the scene's steps per frame from where the run is (the user may have dragged).
    No step where the setup just changed: its run shows as it starts (step 0 for a new one) and
    Play has paused (a change of classes while playing showed the new run at step 5, a frame in)."""
    before = st.session_state.get(RUN)
    run = linear_run(scene)
    if before is not None and before.setup != run.setup:
        return run
    try:
        run = lab.advance(run, scene)
    except ValueError as exc:  # e.g. an angular loss and a weight dragged onto the origin
        st.session_state[ERROR] = (problem_of(exc), run)
        st.session_state[PLAYING] = False
        return run
    st.session_state[ERROR] = None
    st.session_state[RUN] = run
    if run.stopped is not None:  # diverged: Play would only refuse the same step frame after frame
        st.session_state[PLAYING] = False
    session.bump()  # the canvas shows the new weights (a handle being dragged stays put)
    return run


def step_features(scene) -> lab.FeatureRuns:
    runs = lab.advance_features(feature_runs(scene), scene)
    st.session_state[FEATURES] = runs
    return runs


def error() -> str | None:
    """Why the last Step or frame could not train, while the run is the one it failed on: a drag
    or a click since then changed it (the error said a weight was at the origin after it left)."""
    problem, run = st.session_state.get(ERROR) or (None, None)
    return problem if run is not None and st.session_state.get(RUN) is run else None


def _set_points(points: tuple) -> None:
    scene = st.session_state[session.SCENE]
    session.commit(replace(scene, train_points=points), push=False)
    if not points:  # nothing left to train on: Play stops instead of ticking without a step
        st.session_state[PLAYING] = False


TYPED = ("lab_typed_x1", "lab_typed_x2")
# Where a refused point is said: beside the canvas's controls and the typed point's form (among
# the page's messages, it was a screen below them).
POINTS_AT = "lab_points"


@once_per_click
def on_add_typed() -> None:
    """The typed point of the chosen class, as a click on the canvas would add it."""
    scene = st.session_state[session.SCENE]
    point = tuple(float(st.session_state.get(key) or 0.0) for key in TYPED)
    try:
        _set_points((*scene.train_points, (*point, scene.train_pick)))
    except (ValueError, TypeError) as exc:
        session.set_error(problem_of(exc), at=POINTS_AT, frame="msg.point_not_added")
    session.mark_released()


def on_click(key: str) -> None:
    """A click on the canvas adds a point of the chosen class there (clicked data), once: the
    click's id tells a second dispatch of it (see :func:`once_per_click`) from a new click."""
    scene = st.session_state[session.SCENE]
    click = (st.session_state.get(key) or {}).get("click")
    point = click.get("point") if isinstance(click, dict) else None
    if scene.train_data != "clicked" or not isinstance(point, list) or len(point) != 2:
        return
    # With its point: a canvas drawn anew counts its clicks from 1 again.
    this = (click.get("id"), *point)
    if this == st.session_state.get(CLICKED):
        return
    st.session_state[CLICKED] = this
    try:
        _set_points((*scene.train_points, (float(point[0]), float(point[1]), scene.train_pick)))
    except (ValueError, TypeError) as exc:
        session.set_error(problem_of(exc), at=POINTS_AT, frame="msg.point_not_added")
    session.mark_released()


@once_per_click
def on_remove_point() -> None:
    _set_points(st.session_state[session.SCENE].train_points[:-1])
    session.mark_released()


@once_per_click
def on_clear_points() -> None:
    _set_points(())
    session.mark_released()


# --- callbacks -----------------------------------------------------------------------------------


def record_training() -> None:
    """Training is a change like a drag: Step, and Play until Pause, are one undo step each. Undo
    after a Step put back the weight dragged before it and kept the step's training of the others:
    weights that never were together. The step holds the weights and the record count only."""
    run = st.session_state.get(RUN)
    if run is not None and run.X.shape[1]:
        session.record_step(progress_step(RUN, run))


def progress_step(slot: str, run: lab.LinearRun) -> session.SlotStep:
    """An undo step back to ``run``'s weights, step count and records (by count), Play paused:
    a Step's, Play's and a drag's of the lab's weights."""
    return session.SlotStep(slot, lab.progress(run, records=False), _rewound_paused, take=lab.progress)


def _rewound_paused(run: lab.LinearRun, state: dict) -> lab.LinearRun:
    """:func:`lab.rewound`, and Play pauses: an Undo while it played went back, and the next
    frame trained on from there at once."""
    rewound = lab.rewound(run, state)
    st.session_state[PLAYING] = False
    return rewound


@once_per_click
def on_step() -> None:
    if playing():
        on_play()
    record_training()
    step_linear(st.session_state[session.SCENE])
    # The button sits in the fragment: the sidebar's Undo, enabled by this step, redraws in a full
    # run only (it stayed greyed out after Steps while Ctrl+Z on the canvas went back).
    session.mark_released()


@once_per_click
def on_play() -> None:
    if not playing():
        record_training()
    st.session_state[PLAYING] = not playing()
    # The button sits in the fragment, whose timer is set by a full run: ask for one.
    session.mark_released()


def on_reset() -> None:
    """A new run at step 0, paused: the next frame of Play trained the new run at once (Reset
    showed step 5). The full run it asks for sets the timer off."""
    st.session_state.pop(RUN, None)
    session.forget(RUN)
    st.session_state[ERROR] = None
    if playing():
        st.session_state[PLAYING] = False
        session.mark_released()


@once_per_click
def on_feature_step() -> None:
    if features_playing():
        on_feature_play()
    step_features(st.session_state[session.SCENE])


@once_per_click
def on_feature_play() -> None:
    st.session_state[FEATURES_PLAYING] = not features_playing()
    session.mark_released()


def on_feature_reset() -> None:
    """As :func:`on_reset`: epoch 0, paused."""
    st.session_state.pop(FEATURES, None)
    if features_playing():
        st.session_state[FEATURES_PLAYING] = False
        session.mark_released()
