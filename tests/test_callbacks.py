"""callbacks: a release sent again through the resend channel (``on_resent`` / ``apply_resent``),
and the undo steps of drags that edit a slot beside the scene (``apply_drag``).

Run inside Streamlit (``AppTest.from_function``): the callbacks read and write ``st.session_state``.
The script hands ``resend`` (set by the test) to ``on_resent`` as ``wiring.resend_channel`` does
in every full run, and lets canvas ``canvas`` (the 2D explorer's) apply what it kept.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import in_own_thread
from streamlit.testing.v1 import AppTest

from softmaxviz.state import Scene


def script():
    import streamlit as st

    from softmaxviz.ui import callbacks, session

    session.arrive("explorer")
    callbacks.on_resent(st.session_state.pop("resend", None))
    st.session_state["applied"] = callbacks.apply_resent(st.session_state["canvas"], callbacks.move_points)
    st.session_state["x"] = session.current_scene().x
    st.session_state["undo"] = session.can_undo()
    st.session_state["release_count"] = session.releases()


def run(at: AppTest, payload=None, canvas: str = "explorer_canvas") -> AppTest:
    if payload is not None:
        at.session_state["resend"] = payload
    at.session_state["canvas"] = canvas
    return at.run()


def release(x, id_: int, key: str = "explorer_canvas") -> dict:
    return {"key": key, "points": {"x": list(x)}, "id": id_, "final": True}


def test_a_resent_release_is_applied_once_as_one_undo_step():
    at = run(AppTest.from_function(script, default_timeout=30))
    assert at.session_state["x"] == Scene().x and not at.session_state["undo"]
    at = run(at, release((1.5, -0.5), 3))
    assert at.session_state["applied"]
    assert at.session_state["x"] == (1.5, -0.5)
    assert at.session_state["drag_ack_explorer_canvas"] == 3
    assert at.session_state["undo"]  # the release is one undo step
    # layout.settled's containers wait for the page's next full run to show this release.
    assert at.session_state["release_count"] == 1
    # The same release again (its fragment run was only slow, not lost): not applied twice; nor
    # an older one.
    for late in (release((0.0, 2.0), 3), release((0.0, 2.0), 2)):
        at = run(at, late)
        assert not at.session_state["applied"]
        assert at.session_state["x"] == (1.5, -0.5)
        assert at.session_state["release_count"] == 1


def test_a_resent_release_of_another_canvas_is_dropped_not_kept_for_later():
    at = run(AppTest.from_function(script, default_timeout=30))
    at = run(at, release((1.5, -0.5), 3, key="tour_canvas"))
    assert not at.session_state["applied"]
    # The next full run without a resend forgets it: the tour's canvas, drawn later, never sees it.
    at = run(at, canvas="tour_canvas")
    assert not at.session_state["applied"]
    assert "drag_resent" not in at.session_state


def test_malformed_resends_change_nothing():
    at = run(AppTest.from_function(script, default_timeout=30))
    for bad in (
        "x",
        {"key": "explorer_canvas"},
        {"key": "explorer_canvas", "points": {"x": [1, 2]}, "id": "3"},
        {"key": "explorer_canvas", "points": "x", "id": 4},
        {"key": 7, "points": {"x": [1, 2]}, "id": 5},
    ):
        at = run(at, bad)
        assert not at.exception
        assert not at.session_state["applied"]
        assert at.session_state["x"] == Scene().x
    # A value the scene refuses (NaN) keeps the scene and says why, like a dragged one.
    at = run(at, release((float("nan"), 1.0), 6))
    assert not at.exception and not at.session_state["applied"]
    assert at.session_state["x"] == Scene().x


# --- callbacks.draws, through the real protocol ----------------------------------------------------
# A component's trigger value lives for the run it started only; AppTest cannot send one, so this
# drives the app server (conftest's app_url) as a browser tab does, with bench/load_gen.py's Session
# (conftest puts bench/ on the import path).


def replies_to(app_url: str, steps) -> list[tuple[str | None, tuple | None]]:
    """Open the 2D explorer, then for each step (``("drag", point, final, draw)`` or
    ``("type", value)``) wait for its answer; each answer as (the canvas's figure, the p row of
    the class table last sent)."""
    from load_gen import CANVAS, Session, full_runs_above, table_p_row

    async def run():
        session = Session(app_url, "explorer", index=0)
        rows = []

        def check(kind, element):
            if kind == "html" and (row := table_p_row(element.html.body)) is not None:
                rows.append(row)

        session.check = check
        await session.open()
        out = [(session.canvases[CANVAS].data["figure"], rows[-1])]
        for step in steps:
            runs = session.full_runs
            if step[0] == "drag":
                update = await session.send_drag(step[1], final=step[2], draw=step[3])
                assert await session.wait_until(lambda u=update: session.acked() >= u.id, 30)
                if update.final:  # and the page's full run after it
                    assert await session.wait_until(lambda r=runs: full_runs_above(session, r), 30)
            else:
                await session.type_value("x.0@", step[1])
                assert await session.wait_until(lambda r=runs: full_runs_above(session, r), 30)
            out.append((session.canvases[CANVAS].data["figure"], rows[-1]))
        await session.close()
        assert session.errors == []
        return out

    return in_own_thread(run)


def test_a_drag_update_asking_for_the_numbers_only_gets_the_table_and_keeps_the_figure(app_url):
    from load_gen import p_row

    steps = [
        ("drag", [1.0, -0.5], False, False),  # numbers only
        ("drag", [0.5, -0.5], False, True),  # the figure too
        ("drag", [0.0, -0.5], False, False),
        ("type", 1.25),  # a later run (a typed value) draws, although the last update asked not to
        ("drag", [0.0, 1.0], False, False),
        ("drag", [-1.0, 1.0], True, False),  # a release always draws
    ]
    answers = replies_to(app_url, steps)
    figures = [figure is not None for figure, _ in answers]
    assert figures == [True, False, True, False, True, False, True]
    shown = [(1.0, -0.5), (0.5, -0.5), (0.0, -0.5), (1.25, -0.5), (0.0, 1.0), (-1.0, 1.0)]
    assert [row for _, row in answers[1:]] == [p_row(list(p)) for p in shown]  # every reply's numbers


def slot_script():
    import streamlit as st

    from softmaxviz import lab
    from softmaxviz.state import Scene
    from softmaxviz.ui import callbacks, session

    session.arrive("explorer")
    session.current_scene()
    st.session_state.setdefault("tour_scene", Scene())
    st.session_state.setdefault("lab_run", lab.start(Scene()))
    moves = {"tour_scene": callbacks.move_points, "lab_run": callbacks.move_lab}
    action = st.session_state.pop("action", None)
    if action == "undo":
        session.undo()
    elif action == "redo":
        session.redo()
    elif action == "forget":
        session.forget("tour_scene")
    elif action:
        slot, payload = action
        callbacks.apply_drag("canvas", payload, moves[slot], slot)
    st.session_state["undo"], st.session_state["redo"] = session.can_undo(), session.can_redo()


def lab_with(run, points):
    from softmaxviz import lab

    return lab.with_points(run, points)


def test_a_drag_of_a_view_s_own_state_is_one_undo_step_of_it():
    # The training lab's weights and the tour's scene are dragged beside the session's scene. Undo
    # after such a drag undid an older setting instead (in the lab: the run was thrown away).
    at = AppTest.from_function(slot_script, default_timeout=30).run()
    tour, run = at.session_state["tour_scene"], at.session_state["lab_run"]

    def drag(slot, name, *path):
        for i, point in enumerate(path):
            final = i == len(path) - 1
            payload = {"points": {name: list(point)}, "id": i + 1, "final": final}
            at.session_state["action"] = (slot, payload)
            at.run()

    drag("tour_scene", "x", (1.0, 0.0), (0.0, 2.0))
    drag("lab_run", "w1", (0.5, 0.5), (2.5, 2.5))
    assert at.session_state["tour_scene"].x == (0.0, 2.0) and at.session_state["undo"]
    assert at.session_state["lab_run"].points()["w1"] == [2.5, 2.5]
    # Training went on after the drag (7 steps, as frames of Play record them; w2 moved).
    trained = lab_with(at.session_state["lab_run"], {"w2": [0.5, 3.0]})
    at.session_state["lab_run"] = replace(trained, step=7)
    at.session_state["action"] = "undo"
    at.run()
    # The run of the drag's start, whole: its weights and step. Undo put w1 back alone into the run
    # trained since, "step 7" beside weights that never were together (a QA pass: "Step 225" with
    # w1 of step 55). Redo brings back the run as it was, trained.
    shown = at.session_state["lab_run"]
    assert shown.points() == run.points() and shown.step == 0 and at.session_state["redo"]
    assert at.session_state["tour_scene"].x == (0.0, 2.0) and at.session_state["scene"] == Scene()
    at.session_state["action"] = "redo"
    at.run()
    again = at.session_state["lab_run"]
    assert again.points() == {**run.points(), "w1": [2.5, 2.5], "w2": [0.5, 3.0]} and again.step == 7
    at.session_state["action"] = "undo"
    at.run()
    at.session_state["action"] = "undo"
    at.run()
    assert at.session_state["tour_scene"] == tour and not at.session_state["undo"]
    at.session_state["action"] = "redo"
    at.run()
    assert at.session_state["tour_scene"].x == (0.0, 2.0)
    # A drag that ends where it began is no step; the tour's next step forgets its drags.
    drag("tour_scene", "x", (1.0, 1.0), (0.0, 2.0))
    at.session_state["action"] = "forget"
    at.run()
    assert not at.session_state["undo"] and at.session_state["redo"]  # the lab's drag remains


def test_a_slot_s_undo_step_of_another_shape_or_a_gone_slot_changes_nothing():
    # The lab's run went 3D after a 2D drag (or was reset away): Undo must not raise.
    at = AppTest.from_function(slot_script, default_timeout=30).run()
    drag = {"points": {"w1": [2.5, 2.5]}, "id": 1, "final": True}
    at.session_state["action"] = ("lab_run", drag)
    at.run()
    from softmaxviz import lab

    three_d = lab.start(replace(Scene(), train_dim=3))
    at.session_state["lab_run"] = three_d
    at.session_state["action"] = "undo"
    at.run()
    assert not at.exception and at.session_state["lab_run"].W.shape == (3, 3) and at.session_state["redo"]


def page_script():
    import streamlit as st

    from softmaxviz.ui import callbacks, session

    session.arrive(st.session_state.get("page", "explorer"))
    session.current_scene()
    update = st.session_state.pop("update", None)
    if update is not None:  # the canvas's callback, as it runs before the script
        callbacks.apply_drag("explorer_canvas", update, callbacks.move_points)
    st.session_state["undo"] = session.can_undo()


def test_leaving_a_page_in_the_middle_of_a_drag_ends_the_drag_and_writes_the_url():
    # The sidebar clicked before the mouse came up: the release never comes. The new page's
    # address stayed bare, so a reload lost the scene, and Back showed another scene than its URL.
    at = AppTest.from_function(page_script, default_timeout=30).run()
    for i, x in enumerate(((1.0, -2.0), (-1.0, -3.0))):
        at.session_state["update"] = {"points": {"x": list(x)}, "id": i + 1, "final": False}
        at.run()
    assert "x" not in at.query_params  # mid-drag the URL waits for the release
    at.session_state["page"] = "margin_lab"
    at.query_params.clear()  # as the sidebar's page link does
    at.run()
    assert at.query_params["x"] == "-1.0,-3.0" and at.session_state["undo"]
    assert at.session_state["scene"].x == (-1.0, -3.0)
    # The drag is one undo step of the page it was made on.
    assert at.session_state["history_past"][-1].state == Scene()
    assert at.session_state["history_past"][-1].page == "explorer"


def import_script():
    import streamlit as st

    from softmaxviz.ui import callbacks, session

    session.arrive("explorer")
    session.current_scene()
    if st.session_state.pop("changed", False):
        callbacks.on_import()


def test_a_file_taken_out_of_the_uploader_takes_its_message_along():
    # A refused file's problems stayed beside the next file, which the uploader refused itself
    # (too large): the uploader is then empty, and the sidebar spoke of the earlier file.
    from softmaxviz.ui import callbacks

    at = AppTest.from_function(import_script, default_timeout=30).run()
    at.session_state[callbacks.IMPORT_RESULT] = callbacks.ImportResult(["X: not finite"], Scene(), "a.json")
    at.session_state[callbacks.IMPORT] = None
    at.session_state["changed"] = True
    at.run()
    assert callbacks.IMPORT_RESULT not in at.session_state


def click_script():
    import streamlit as st

    from softmaxviz.ui import callbacks, session

    session.arrive("matrix_view")
    session.current_scene()
    if st.session_state.pop("clicked", False):
        callbacks.on_add_click("matrix_canvas")
    st.session_state["error"] = session.error(), session.error_frame()


def test_a_click_on_a_full_batch_says_why_nothing_was_added():
    from softmaxviz.state import N_MAX
    from softmaxviz.strings import t, tell

    at = AppTest.from_function(click_script, default_timeout=30).run()
    full = Scene().with_batch([(k / 10, 1.0) for k in range(N_MAX)])
    at.session_state["scene"] = full
    at.session_state["matrix_canvas"] = {"click": {"point": [0.5, -0.5], "id": 1}}
    at.session_state["clicked"] = True
    at.run()
    assert at.session_state["scene"] == full  # nothing added, and it says why
    error, frame = at.session_state["error"]
    assert tell(error, "en") == t("problem.batch_full", "en", n=12) and at.session_state["drag_released"]
    assert frame == "msg.sample_not_added"  # not "the previous value is kept": no value was typed


def test_a_projection_in_scale_mode_scales_the_coordinate_it_does_not_show():
    # "Scale only (θ stays)": x = (1.5, 1.5, 1) nudged longer on the xz canvas to (1.65, 1.1) kept
    # y = 1.5, and every θ changed. Scaled by the same factor, y follows: the direction stays.
    from softmaxviz.ui.callbacks import move_projection

    xz = move_projection((0, 2))
    scene = Scene()
    assert scene.x3 == (1.5, 1.5, 1.0)
    scaled = xz(scene, {"x": [1.65, 1.1]}, mode="scale")
    assert scaled.x3 == pytest.approx((1.65, 1.65, 1.1))
    # Free and rotate keep what the plane does not show, as before.
    assert xz(scene, {"x": [1.65, 1.1]}, mode="free").x3 == (1.65, 1.5, 1.1)
    assert xz(scene, {"x": [1.0, -1.5]}, mode="rotate").x3 == (1.0, 1.5, -1.5)
    # A vector the plane sees as a point (here along y) has no ray in it: it moves freely.
    along_y = scene.with_points3({"x": [0.0, 2.0, 0.0]})
    assert xz(along_y, {"x": [0.5, 0.0]}, mode="scale").x3 == (0.5, 2.0, 0.0)
