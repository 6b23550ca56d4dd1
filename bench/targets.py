"""The pages with a drag canvas, as the browser benches drive them, and the browser-side watcher
that times what the page shows. Not a benchmark itself.

Each :class:`Target` says where its canvas is, how a handle's data point maps to client pixels,
which text on the page shows Python's answer (``read``, a JS function returning a string or
null) and, for a release, which text that must be (``expected``, computed here with the NumPy
core from the released point).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from softmaxviz import analyze
from softmaxviz.results import margin_results
from softmaxviz.scenarios import TOUR
from softmaxviz.state import Scene

# --- the watcher ----------------------------------------------------------------------------------
# ARM installs, once per page, a capture-phase pointerdown/pointerup listener on window (so the
# stamp comes before any page handler) and, per measurement, a MutationObserver on the whole
# document that reads the watched text after every batch of DOM mutations and logs each change
# with performance.now(). The log starts with the text shown at arming time; `atUp` is the text
# shown when the pointer was released.
ARM = """() => {
  const read = __READ__;
  if (window.__benchObserver) window.__benchObserver.disconnect();
  let last = read();
  const bench = { log: [[performance.now(), last]], down: null, up: null, atUp: null, read };
  window.__bench = bench;
  const observer = new MutationObserver(() => {
    const now = performance.now();
    const shown = read();
    if (shown !== last) {
      last = shown;
      bench.log.push([now, shown]);
    }
  });
  observer.observe(document.documentElement, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["data-rendered"],
  });
  window.__benchObserver = observer;
  if (!window.__benchHooked) {
    window.__benchHooked = true;
    window.addEventListener("pointerdown", () => { window.__bench.down = performance.now(); }, true);
    window.addEventListener("pointerup", () => {
      const b = window.__bench;
      b.up = performance.now();
      b.atUp = b.read();
    }, true);
  }
}"""
# The first change after the release that shows `want` (exact text, or with `newer`, a
# "seq|rest" text whose seq exceeds `newer` and whose rest is `want`).
MATCH = """([want, newer]) => {
  const b = window.__bench;
  if (b.up === null) return null;
  const ok = (shown) => {
    if (shown === null) return false;
    if (newer === null) return shown === want;
    const [seq, ...rest] = shown.split("|");
    return Number(seq) > newer && rest.join("|") === want;
  };
  if (ok(b.atUp)) return { ms: 0, before: true };
  const hit = b.log.find(([t, shown]) => t >= b.up && ok(shown));
  return hit ? { ms: hit[0] - b.up, before: false } : null;
}"""
# FOLLOW (live rate only, after ARM): how the pointer was followed while it was down: each
# pointermove's wait from the browser's stamp to the page's first listener (the main thread was
# busy), and the frames the page drew (a requestAnimationFrame loop). Not for release latency:
# a frame loop running up to pointerup delayed the release floor's echo from 13 to 23 ms.
FOLLOW = """() => {
  Object.assign(window.__bench, { delays: [], frames: [] });
  if (window.__followHooked) return;
  window.__followHooked = true;
  window.addEventListener("pointerdown", () => {
    const b = window.__bench;
    const frame = (t) => {
      b.frames.push(t);
      if (b.up === null) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, true);
  window.addEventListener("pointermove", (ev) => {
    const b = window.__bench;
    if (b.down !== null && b.up === null) b.delays.push(performance.now() - ev.timeStamp);
  }, true);
}"""
# The distinct texts shown while the pointer was down, how long it was down, and FOLLOW's log.
LIVE = """() => {
  const b = window.__bench;
  const during = b.log.filter(([t]) => t >= b.down && t <= b.up);
  const seconds = (b.up - b.down) / 1000;
  return { states: during.length, seconds, delays: b.delays, frames: b.frames.length };
}"""
IDLE = "() => document.querySelector(\"[data-testid='stApp']\")?.dataset.testScriptState === 'notRunning'"


def arm_script(read_js: str) -> str:
    return ARM.replace("__READ__", read_js)


# --- what a page shows ------------------------------------------------------------------------------


def table_row(table: str, row: str) -> str:
    """JS: the cells of the body row headed ``row`` in ``table``, as a JSON list."""
    return f"""() => {{
      const trs = [...document.querySelectorAll("{table} tbody tr")];
      const tr = trs.find((tr) => tr.querySelector("th")?.textContent.trim() === "{row}");
      return tr ? JSON.stringify([...tr.querySelectorAll("td")].map((td) => td.textContent.trim())) : null;
    }}"""


# The softmax matrix is the matrix view's last grid; column 0 is sample 1, rows are classes.
SOFTMAX_COLUMN = """() => {
  const table = [...document.querySelectorAll("table.svz-matrix")].at(-1);
  const trs = table ? [...table.querySelectorAll("tbody tr")] : [];
  return trs.length ? JSON.stringify(trs.map((tr) => tr.querySelectorAll("td")[0].textContent.trim())) : null;
}"""
# The training lab's canvas: its push sequence (bumped by Python on a release) and the w1 it drew.
LAB_RELEASE = """() => {
  const el = document.querySelector("[data-testid='drag-canvas']");
  const rendered = el?.getAttribute("data-rendered");
  if (!rendered) return null;
  return rendered.split(":")[0] + "|" + JSON.stringify(JSON.parse(el.getAttribute("data-points")).w1);
}"""
# While dragging, the lab's canvas changes data-rendered (push sequence and figure hash) only when
# it draws a figure Python sent; its data-points follow the pointer locally and are not counted.
LAB_LIVE = (
    """() => document.querySelector("[data-testid='drag-canvas']")?.getAttribute("data-rendered") ?? null"""
)
FLOOR_TEXT = (
    """() => document.querySelector("[data-testid='stMarkdownContainer']")?.textContent.trim() ?? null"""
)
LIVE_FLOOR_TEXT = (
    """() => document.querySelector(".st-key-echo [data-testid='stMarkdownContainer']")"""
    """?.textContent.trim() ?? null"""
)

# A handle's data point -> [clientX, clientY] with the view as drawn now (the first drag canvas).
PLOTLY_TO_PIXELS = """([x, y]) => {
  const el = document.querySelector("[data-testid='drag-canvas']");
  const gd = el.__svz.gd; const fl = gd._fullLayout; const r = gd.getBoundingClientRect();
  return [r.left + fl.xaxis._offset + fl.xaxis.l2p(x), r.top + fl.yaxis._offset + fl.yaxis.l2p(y)];
}"""
VIEW3D_TO_PIXELS = """(p) => document.querySelector("[data-testid='view3d']").__v3.toClient(p)"""

CANVAS = "[data-testid='drag-canvas']"
VIEW3D = "[data-testid='view3d']"


def points_of(page, selector: str) -> dict:
    return json.loads(page.get_attribute(selector, "data-points"))


def as_js(value) -> str:
    """``value`` as JSON.stringify writes it (no spaces)."""
    return json.dumps(value, separators=(",", ":"))


def fmt4(values) -> str:
    return as_js([f"{p:.4f}" for p in values])


def explorer_expected(page) -> str:
    scene = Scene().with_points({"x": points_of(page, CANVAS)["x"]})
    return fmt4(analyze(scene.W, scene.xv, scene.b, scene.temperature).probabilities)


def margin_expected(page) -> str:
    """The margin table's ``p`` row (default scene: ArcFace, label 1); the region resolution does
    not change the probabilities."""
    scene = Scene().with_points({"x": points_of(page, CANVAS)["x"]})
    return fmt4(margin_results(scene, resolution=8).probabilities)


def explorer3d_expected(page) -> str:
    scene = Scene().with_points3({"x": points_of(page, VIEW3D)["x"]})
    return fmt4(analyze(scene.W3, scene.xv3, scene.b, scene.temperature).probabilities)


def projection_expected(page) -> str:
    """x dragged in the xy projection: its first two coordinates, the third from the 3D view."""
    x1, x2 = points_of(page, CANVAS)["x"]
    x3 = Scene().points3()["x"][2]
    scene = Scene().with_points3({"x": [x1, x2, x3]})
    return fmt4(analyze(scene.W3, scene.xv3, scene.b, scene.temperature).probabilities)


def matrix_expected(page) -> str:
    """Column 1 of the softmax matrix (sample s1, default weights), three decimals."""
    scene = Scene()
    probabilities = analyze(scene.W, np.array(points_of(page, CANVAS)["s1"]), scene.b, scene.temperature)
    return as_js([f"{p:.3f}" for p in probabilities.probabilities])


def tour_expected(page) -> str:
    scene = TOUR[0].scene.with_points({"x": points_of(page, CANVAS)["x"]})
    return fmt4(analyze(scene.W, scene.xv, scene.b, scene.temperature).probabilities)


def lab_expected(page) -> str:
    """The released w1 as the browser writes it (Python's reply is parsed and written the same way)."""
    return page.evaluate(
        f'() => JSON.stringify(JSON.parse(document.querySelector("{CANVAS}").dataset.points).w1)'
    )


Pair = tuple[float, float]


@dataclass(frozen=True)
class Target:
    """A page with a drag canvas, dragged at ``handle`` alternately to ``spots`` (data coordinates)
    or, if those are empty, by ``offsets`` (pixels from where the handle is drawn on load)."""

    key: str  # the --page choice
    name: str  # label in the printed results
    path: str  # URL path under the app
    canvas: str  # selector of the dragged view (its data-points hold the handles)
    to_pixels: str  # JS: a handle's data point -> client pixels
    read: str  # JS: the watched text (see ARM)
    expected: Callable  # (page) -> the text ``read`` must show after the release
    handle: str = "x"
    spots: tuple[Pair, Pair] | tuple[()] = ()
    offsets: tuple[Pair, Pair] | tuple[()] = ()
    radius: float = 60.0  # px, the live drag's circle
    newer: bool = False  # the watched text starts with a push sequence the release must raise
    live_read: str | None = None  # JS for the live rate, if not ``read``
    ready: str = f"{CANVAS}[data-rendered]"  # selector present once the canvas is interactive


SPOTS = ((1.8, 1.0), (-0.8, 2.4))
CLASS_P = table_row("[data-testid='class-table']", "p")
TARGETS: dict[str, Target] = {
    t.key: t
    for t in (
        Target(
            key="explorer",
            name="2D explorer",
            path="explorer",
            canvas=CANVAS,
            to_pixels=PLOTLY_TO_PIXELS,
            read=CLASS_P,
            expected=explorer_expected,
            spots=SPOTS,
        ),
        Target(
            key="margin_lab",
            name="margin lab",
            path="margin_lab",
            canvas=CANVAS,
            to_pixels=PLOTLY_TO_PIXELS,
            read=table_row("[data-testid='margin-table']", "p"),
            expected=margin_expected,
            spots=((2.5, -0.5), (0.5, 2.5)),
        ),
        # Screen-space drag in the plane facing the viewer; the camera is never rotated here.
        Target(
            key="view3d",
            name="3D view",
            path="explorer_3d",
            canvas=VIEW3D,
            to_pixels=VIEW3D_TO_PIXELS,
            read=CLASS_P,
            expected=explorer3d_expected,
            offsets=((80, -30), (-80, 30)),
            ready=f"{VIEW3D}[data-rendered]",
        ),
        Target(
            key="projection_xy",
            name="xy projection (3D page)",
            path="explorer_3d",
            canvas=CANVAS,  # the first drag canvas on the page is the xy projection
            to_pixels=PLOTLY_TO_PIXELS,
            read=CLASS_P,
            expected=projection_expected,
            spots=((1.8, 0.6), (0.4, 2.0)),
            radius=35.0,
        ),
        Target(
            key="matrix_view",
            name="matrix view",
            path="matrix_view",
            canvas=CANVAS,
            to_pixels=PLOTLY_TO_PIXELS,
            read=SOFTMAX_COLUMN,
            expected=matrix_expected,
            handle="s1",
            spots=SPOTS,
        ),
        Target(
            key="tour",
            name="tour",
            path="tour",
            canvas=CANVAS,
            to_pixels=PLOTLY_TO_PIXELS,
            read=table_row("[data-testid='tour-table']", "p"),
            expected=tour_expected,
            spots=SPOTS,
        ),
        Target(
            key="training_lab",
            name="training lab (w1)",
            path="training_lab",
            canvas=CANVAS,
            to_pixels=PLOTLY_TO_PIXELS,
            read=LAB_RELEASE,
            expected=lab_expected,
            handle="w1",
            spots=((1.6, 0.8), (0.4, 1.8)),
            newer=True,
            live_read=LAB_LIVE,
        ),
    )
}
