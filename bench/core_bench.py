"""Time one core recompute of the explorer for the default scene.

Run from the repo root: ``python bench/core_bench.py``. Prints numbers only, never asserts.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from softmaxviz import analyze
from softmaxviz.figures import explorer_figure
from softmaxviz.results import REGION_RESOLUTION, explorer_results
from softmaxviz.state import Scene

WARMUP = 20
REPEATS = 200


def timeit(fn, repeats: int = REPEATS) -> np.ndarray:
    """Per-call wall times in ms after ``WARMUP`` unrecorded calls."""
    for _ in range(WARMUP):
        fn()
    out = np.empty(repeats)
    for i in range(repeats):
        t0 = time.perf_counter()
        fn()
        out[i] = time.perf_counter() - t0
    return out * 1e3


def report(label: str, ms: np.ndarray) -> None:
    print(f"{label:<44} median {np.median(ms):8.3f} ms   p95 {np.percentile(ms, 95):8.3f} ms   (n={len(ms)})")


def main() -> None:
    scene = Scene()
    W, x, b, T = scene.W, scene.xv, scene.b, scene.temperature
    res = explorer_results(scene)

    def figure():
        return explorer_figure(scene, res)

    fig = figure()

    def full() -> str:
        r = explorer_results(scene)
        fig = explorer_figure(scene, r)
        return fig.to_json()

    print(f"default scene, region resolution {REGION_RESOLUTION}x{REGION_RESOLUTION}")
    report("analyze(W, x, b, T)", timeit(lambda: analyze(W, x, b, T)))
    report("explorer_results(Scene())", timeit(lambda: explorer_results(scene)))
    report("explorer_figure(...)", timeit(figure))
    report("fig.to_json()", timeit(fig.to_json))
    report("explorer_figure(...) + fig.to_json()", timeit(lambda: figure().to_json()))
    report("explorer_results + figure + to_json", timeit(full))


if __name__ == "__main__":
    main()
