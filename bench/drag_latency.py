"""Drag latency in headless Chromium: mouse release on a page's drag canvas (the explorer's, the
margin lab's, the 3D explorer's SVG view, the matrix view's) until its per-class table (or the softmax
matrix's column) shows the released point's probabilities, against a trivial components-v2 "floor" app
measured once.

Run from the repo root:
``python bench/drag_latency.py [--page {explorer,margin_lab,explorer_3d,matrix_view,all}]`` (default all).
Prints numbers only, never asserts. Needs /usr/bin/chromium (Playwright never downloads a browser here).
Takes about 3 minutes for all (one run measured 3m05s).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from softmaxviz import analyze
from softmaxviz.results import margin_results
from softmaxviz.state import Scene

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUNS, WARMUP, MOVES = 20, 2, 10
TIMEOUT_MS = 15_000
VIEWPORT = {"width": 1400, "height": 1000}

# Browser side. A capture listener on window stamps the release before any page handler runs.
# From ARM on, a requestAnimationFrame loop reads the watched cells (see Cells) once per frame (the
# moment a change can be seen) and logs them with performance.now(); MATCH finds the first frame after
# the release whose cells are the expected ones, so Python's own round trips never enter the measurement.
ARM = """([table, {row, column}]) => {
  if (!window.__benchHooked) {
    window.__benchHooked = true;
    window.addEventListener("pointerup", () => { window.__benchUp = performance.now(); }, true);
  }
  const gen = (window.__benchGen || 0) + 1;
  Object.assign(window, { __benchGen: gen, __benchUp: null, __benchLog: [] });
  const text = (el) => el?.textContent.trim();
  const read = () => {  // the watched cells' texts, or a falsy value while there are none
    const trs = [...document.querySelectorAll(`${table} tbody tr`)];
    if (row !== null) {
      const tr = trs.find((tr) => text(tr.querySelector("th")) === row);
      return tr && [...tr.querySelectorAll("td")].map(text);
    }
    return trs.length > 0 && trs.map((tr) => text(tr.querySelectorAll("td")[column]));
  };
  const poll = () => {
    if (window.__benchGen !== gen) return;
    const cells = read();
    if (cells) window.__benchLog.push([performance.now(), JSON.stringify(cells)]);
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}"""
MATCH = """(cells) => {
  const want = JSON.stringify(cells), up = window.__benchUp;
  const hit = up !== null && window.__benchLog.find(([t, got]) => t >= up && got === want);
  if (hit) window.__benchGen += 1;  // stop the frame loop
  return hit && { ms: hit[0] - up };
}"""
IDLE = "() => document.querySelector(\"[data-testid='stApp']\")?.dataset.testScriptState === 'notRunning'"
# A handle's data point -> [clientX, clientY], with the view as drawn now.
PLOTLY_TO_PIXELS = """([x, y]) => {
  const el = document.querySelector("[data-testid='drag-canvas']");
  const gd = el.__svz.gd; const fl = gd._fullLayout; const r = gd.getBoundingClientRect();
  return [r.left + fl.xaxis._offset + fl.xaxis.l2p(x), r.top + fl.yaxis._offset + fl.yaxis.l2p(y)];
}"""
VIEW3D_TO_PIXELS = """(p) => document.querySelector("[data-testid='view3d']").__v3.toClient(p)"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(script: str, *extra: str):
    """``streamlit run script`` on a free port; yields its base URL; always stops it."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    cmd += ["--server.headless", "true", *extra]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while not healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"{script} did not start:\n{log.read().decode(errors='replace')}")
                time.sleep(0.2)
            yield url
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # the group of the process started above, nothing else
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


def drag(page, start, end) -> float:
    """Press at ``start`` (pixels), move in MOVES steps to ``end``; the release is left to the caller.
    Returns the mean ms one move took to dispatch (Playwright waits until the page has handled it)."""
    page.mouse.move(*start)
    page.mouse.down()
    t0 = time.perf_counter()
    for i in range(1, MOVES + 1):
        f = i / MOVES
        page.mouse.move(start[0] + (end[0] - start[0]) * f, start[1] + (end[1] - start[1]) * f)
    return (time.perf_counter() - t0) * 1e3 / MOVES


@dataclass(frozen=True)
class Cells:
    """The cells of a table the frame logger reads: those of the body row whose header is ``row``, or
    else the ``column``-th <td> (from 0) of every body row, top to bottom (a matrix column, rows =
    classes)."""

    row: str | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        if (self.row is None) == (self.column is None):
            raise ValueError("give exactly one of row and column")


def release(page, table: str, cells: Cells, expected: Callable[[], list[str]]) -> float:
    """Release the mouse with the frame logger armed on ``cells`` of ``table`` (a CSS selector);
    ``expected()`` (called after the release) gives the text they must show. Returns browser-measured
    ms from release to that frame."""
    page.evaluate(ARM, [table, asdict(cells)])
    page.mouse.up()
    ms = page.wait_for_function(MATCH, arg=expected(), timeout=TIMEOUT_MS).json_value()["ms"]
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)  # let the rerun finish before the next drag
    return ms


def explorer_probabilities(points: dict) -> list[str]:
    scene = Scene().with_points(points)
    a = analyze(scene.W, scene.xv, scene.b, scene.temperature)
    return [f"{p:.4f}" for p in a.probabilities]


def margin_probabilities(points: dict) -> list[str]:
    """The margin table's ``p`` row (default scene: ArcFace, label 0); the resolution only sets the
    region grid, which the probabilities do not depend on."""
    r = margin_results(Scene().with_points(points), resolution=8)
    return [f"{p:.4f}" for p in r.probabilities]


def explorer3d_probabilities(points: dict) -> list[str]:
    scene = Scene().with_points3({"x": points["x"]})
    a = analyze(scene.W3, scene.xv3, scene.b, scene.temperature)
    return [f"{p:.4f}" for p in a.probabilities]


def matrix_probabilities(points: dict) -> list[str]:
    """Column x1 of the softmax matrix, class 1..K, for the released sample s1 (default weights)."""
    s = Scene()
    a = analyze(s.W, np.array(points["s1"]), s.b, s.temperature)
    return [f"{p:.3f}" for p in a.probabilities]


Pair = tuple[float, float]


@dataclass(frozen=True)
class CanvasPage:
    """An app page with a drag canvas and a table whose ``cells`` follow the sample ``handle``, which
    is dragged alternately to two ``spots`` (data coordinates) or, if those are empty, to two
    ``offsets``."""

    name: str  # label in the printed results
    path: str  # URL path under the app, also the --page choice
    canvas: str  # CSS selector of the draggable view, whose data-points attribute holds the handles
    to_pixels: str  # JS function: a data point -> [clientX, clientY]
    table: str  # CSS selector of the table
    expected: Callable[[dict], list[str]]  # the released handles -> the text the cells must show
    cells: Cells = Cells(row="p")  # the watched cells of the table
    handle: str = "x"  # the dragged handle, a key of data-points
    spots: tuple[Pair, Pair] | tuple[()] = ()  # data coordinates, located again before each drag
    offsets: tuple[Pair, Pair] | tuple[()] = ()  # client pixels from where the handle is drawn on load


PAGES = {
    "explorer": CanvasPage(
        name="explorer",
        path="explorer",
        canvas="[data-testid='drag-canvas']",
        to_pixels=PLOTLY_TO_PIXELS,
        table="[data-testid='class-table']",
        expected=explorer_probabilities,
        spots=((1.8, 1.0), (-0.8, 2.4)),
    ),
    "margin_lab": CanvasPage(
        name="margin lab",
        path="margin_lab",
        canvas="[data-testid='drag-canvas']",
        to_pixels=PLOTLY_TO_PIXELS,
        table="[data-testid='margin-table']",
        expected=margin_probabilities,
        spots=((2.5, -0.5), (0.5, 2.5)),
    ),
    # Screen-space drag in the plane facing the viewer; the camera is never rotated here.
    "explorer_3d": CanvasPage(
        name="explorer 3d",
        path="explorer_3d",
        canvas="[data-testid='view3d']",
        to_pixels=VIEW3D_TO_PIXELS,
        table="[data-testid='class-table']",
        expected=explorer3d_probabilities,
        offsets=((80, -30), (-80, 30)),
    ),
    "matrix_view": CanvasPage(
        name="matrix view",
        path="matrix_view",
        canvas="[data-testid='drag-canvas']",
        to_pixels=PLOTLY_TO_PIXELS,
        table="[data-testid='matrix-softmax(Z), by column']",
        expected=matrix_probabilities,
        cells=Cells(column=0),  # x1, the column of s1
        handle="s1",
        spots=((1.8, 1.0), (-0.8, 2.4)),
    ),
}


def canvas_latencies(page, url: str, target: CanvasPage) -> tuple[list[float], list[float]]:
    page.goto(f"{url}/{target.path}")
    canvas = target.canvas
    page.wait_for_selector(f"{canvas}[data-points]", state="attached", timeout=60_000)
    page.wait_for_selector(target.table, state="attached", timeout=TIMEOUT_MS)
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)

    def points() -> dict:
        return json.loads(page.get_attribute(canvas, "data-points"))

    def released() -> list[str]:
        return target.expected(points())

    home = page.evaluate(target.to_pixels, points()[target.handle])

    def end(i: int) -> Pair:
        if target.spots:
            return page.evaluate(target.to_pixels, list(target.spots[i % 2]))
        dx, dy = target.offsets[i % 2]
        return home[0] + dx, home[1] + dy

    out, moves = [], []
    for i in range(WARMUP + RUNS):
        start = page.evaluate(target.to_pixels, points()[target.handle])
        move = drag(page, start, end(i))
        ms = release(page, target.table, target.cells, released)
        if i >= WARMUP:
            out.append(ms)
            moves.append(move)
    return out, moves


def floor_latencies(page, url: str) -> tuple[list[float], list[float]]:
    page.goto(url)
    pad = "[data-testid='floor-pad']"
    page.wait_for_selector(pad, state="attached", timeout=60_000)
    page.wait_for_selector("[data-testid='stTable']", timeout=TIMEOUT_MS)
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
    box = page.locator(pad).bounding_box()
    spots = [(box["x"] + box["width"] * f, box["y"] + box["height"] / 2) for f in (0.25, 0.75)]

    def sent() -> list[str]:  # the pad sends a counter on release
        return [page.get_attribute(pad, "data-sent")]

    out, moves = [], []
    for i in range(WARMUP + RUNS):
        move = drag(page, spots[i % 2], spots[(i + 1) % 2])
        ms = release(page, "[data-testid='stTable']", Cells(row="v"), sent)
        if i >= WARMUP:
            out.append(ms)
            moves.append(move)
    return out, moves


def summary(label: str, ms: list[float]) -> float:
    med = float(np.median(ms))
    print(
        f"{label:<36} median {med:7.1f} ms   p95 {np.percentile(ms, 95):7.1f} ms   "
        f"min {min(ms):6.1f}   max {max(ms):6.1f}   (n={len(ms)})"
    )
    return med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", choices=[*PAGES, "all"], default="all", help="page(s) to measure")
    targets = list(PAGES.values()) if (choice := parser.parse_args().page) == "all" else [PAGES[choice]]
    latency, moves = {}, {}  # CanvasPage -> ms per drag
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            # A fresh server and browser context per measurement: no session or cache carries over.
            for target in targets:
                with server("app.py") as url:
                    page = browser.new_page(viewport=VIEWPORT)
                    latency[target], moves[target] = canvas_latencies(page, url, target)
                    page.close()
            with server("bench/floor_app.py", "--server.enableStaticServing", "false") as url:
                page = browser.new_page(viewport=VIEWPORT)
                floor_ms, floor_moves = floor_latencies(page, url)
                page.close()
        finally:
            browser.close()
    print("mouse release -> the table shows the new value (browser clock, polled every animation frame)")
    medians = {t.name: summary(f"{t.name} (drag sample {t.handle})", ms) for t, ms in latency.items()}
    floor_med = summary("floor (components-v2 pad -> table)", floor_ms)
    for name, med in medians.items():
        print(f"{f'ratio {name} / floor (medians)':<36} {med / floor_med:.2f}")
    print("one pointer move during the drag (Playwright dispatch until handled, per drag mean)")
    for t, ms in moves.items():
        summary(t.name, ms)
    summary("floor", floor_moves)


if __name__ == "__main__":
    main()
