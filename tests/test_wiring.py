"""The live runs' clock (softmaxviz.ui.wiring.contended): a drag reply says its run was busy only
when it waited for the CPU beside other sessions' runs."""

import base64
import threading
import time

import numpy as np
import pytest

from softmaxviz.ui import wiring

WAIT_S = 4 * wiring.BUSY_WAIT_S


def _values(array) -> list[float]:
    """A figure's array as numbers: a list, or Plotly's typed-array form ``{"dtype", "bdata"}``."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_nothing_is_contended_outside_a_live_run():
    assert not wiring.contended()


def test_a_live_run_alone_is_never_contended_however_long_it_waited():
    # Another program on the machine may hold the CPU; only this server's other runs count.
    with wiring.live_run():
        time.sleep(WAIT_S)
        assert not wiring.contended()
    assert not wiring.contended()


def test_a_live_run_that_waited_beside_another_session_s_run_is_contended():
    started, done = threading.Event(), threading.Event()

    def other_session() -> None:
        with wiring.live_run():
            started.set()
            done.wait(10)

    thread = threading.Thread(target=other_session)
    thread.start()
    try:
        assert started.wait(10)
        with wiring.live_run():
            time.sleep(WAIT_S)  # off the CPU, as a run waiting for the GIL is
            assert wiring.contended()
        # The other run's own clock is its thread's, not this one's.
        assert not wiring.contended()
    finally:
        done.set()
        thread.join()
    with wiring.live_run():
        time.sleep(WAIT_S)
        assert not wiring.contended()  # alone again


def test_the_training_lab_s_charts_are_live_charts_named_by_their_key_alone(monkeypatch):
    # One element per key, whatever the figure: st.plotly_chart's was named by its figure, and
    # each frame of Play drew every chart anew (in 3D with a new WebGL context).
    import json
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from softmaxviz.lab_figures import loss_figure
    from softmaxviz.state import Scene
    from softmaxviz.strings import t
    from softmaxviz.ui import training

    sent: list[dict] = []
    monkeypatch.setattr(wiring, "_live_chart", lambda **kw: sent.append(kw))
    root = Path(__file__).resolve().parent.parent
    at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
    at.query_params.update({**Scene(train_dim=3).to_query(), "lang": "zh"})
    at.switch_page("pages/training_lab.py").run()
    assert not at.exception
    keys = [kw["key"] for kw in sent]
    assert sorted(keys) == ["lab_3d", "lab_angles", "lab_loss", "lab_norms"]  # no epoch of features yet
    loss = next(kw["data"] for kw in sent if kw["key"] == "lab_loss")
    figure = json.loads(loss["figure"])
    assert "template" not in figure["layout"]  # Streamlit's placeholder colours: its frontend's job
    assert loss["config"]["failed"] == t("canvas.failed", "zh")
    assert loss["config"]["showSendToCloud"] is False  # Plotly.js 4 would upload the chart to its cloud
    assert {"select2d", "lasso2d"} <= set(loss["config"]["modeBarButtonsToRemove"])  # nothing reads them
    # Plotly.js's toolbar speaks the page's language: its buttons' names were English in 中文.
    assert loss["config"]["locale"] == "zh"
    assert loss["config"]["locales"]["zh"]["dictionary"]["Zoom in"] == t("plotly.zoom_in", "zh")
    scene, run = at.session_state["scene"], at.session_state[training.RUN]
    expected = loss_figure(scene, run, lang="zh").to_dict()
    # Step 0's record, the start: Plotly writes an array as base64 ("bdata"), the live chart too.
    assert _values(figure["data"][0]["y"]) == pytest.approx(_values(expected["data"][0]["y"])) != []
    # A Step: the same keys again, the loss curve one frame longer.
    sent.clear()
    at.button(key="btn_lab_step").click().run()
    assert {kw["key"] for kw in sent} == set(keys)
    longer = json.loads(next(kw["data"] for kw in sent if kw["key"] == "lab_loss")["figure"])
    assert len(_values(longer["data"][0]["y"])) > len(_values(figure["data"][0]["y"]))
    sent.clear()
    at.button(key="btn_features_step").click().run()
    assert {"features_0", "features_1"} <= {kw["key"] for kw in sent}
