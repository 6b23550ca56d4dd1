"""The live runs' clock (softmaxviz.ui.wiring.contended): a drag reply says its run was busy only
when it waited for the CPU beside other sessions' runs."""

import threading
import time

from softmaxviz.ui import wiring

WAIT_S = 4 * wiring.BUSY_WAIT_S


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
