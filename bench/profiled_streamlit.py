"""``streamlit run`` with its script runs profiled, for bench/profile_server.py (which starts it;
not a benchmark itself). It imports nothing of the app, so the app it runs is the one given.

``python bench/profiled_streamlit.py APP_SCRIPT OUT [streamlit options]``: while the file
``OUT.on`` exists, every script run (``ScriptRunner._run_script``) is profiled with cProfile;
when that file is removed, the runs' merged profile is written to OUT and ``OUT.done`` is created.
Runs until stopped.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import threading
import time
from pathlib import Path

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.web import cli

POLL_S = 0.05


def serve(script: str, out: str, streamlit_args: list[str]) -> None:
    """``streamlit run script``; profile its runs while ``out + ".on"`` exists (see above)."""
    gate, lock, profiles = Path(out + ".on"), threading.Lock(), []
    run_script = ScriptRunner._run_script

    def profiled(self, rerun_data) -> None:
        if not gate.exists():
            return run_script(self, rerun_data)
        profile = cProfile.Profile()
        profile.enable()
        try:
            return run_script(self, rerun_data)
        finally:
            profile.disable()
            with lock:
                profiles.append(profile)

    def dump_when_closed() -> None:
        while not gate.exists():
            time.sleep(POLL_S)
        while gate.exists():
            time.sleep(POLL_S)
        with lock:
            stats = pstats.Stats(*profiles) if profiles else None
        if stats is not None:
            stats.dump_stats(out)
        Path(out + ".done").touch()

    ScriptRunner._run_script = profiled
    threading.Thread(target=dump_when_closed, daemon=True).start()
    sys.argv = ["streamlit", "run", script, *streamlit_args]
    cli.main()


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2], sys.argv[3:])
