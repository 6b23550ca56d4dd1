"""Time one rerun of pages/explorer.py through Streamlit's AppTest (no browser, no server).

Run from the repo root: ``python bench/page_bench.py``. Prints numbers only, never asserts.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"
RUNS = 30


def main() -> None:
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("pages/explorer.py")
    t0 = time.perf_counter()
    at.run()  # warm-up: first run of the explorer page
    first = (time.perf_counter() - t0) * 1e3
    if at.exception:
        print("page raised:", [e.message for e in at.exception])
        return

    ms = np.empty(RUNS)
    stale = 0
    for i in range(RUNS):
        value = round(1.0 + 0.01 * (i + 1), 3)  # a new value each time, so every run is a real change
        x_input(at).set_value(value)
        t0 = time.perf_counter()
        at.run()
        ms[i] = (time.perf_counter() - t0) * 1e3
        stale += x_input(at).value != value

    print(f"first explorer run (warm-up)       {first:8.1f} ms")
    print(
        f"rerun after number_input change    median {np.median(ms):8.1f} ms   p95 "
        f"{np.percentile(ms, 95):8.1f} ms   (n={RUNS}, runs where the input did not stick: {stale})"
    )


def x_input(at):
    """The number input of x's first coordinate (binding ``x.0``; its key adds the widget generation)."""
    (element,) = [e for e in at.number_input if e.key.split("@")[0] == "x.0"]
    return element


if __name__ == "__main__":
    main()
