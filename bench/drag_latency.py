"""Release latency in headless Chromium, against issue 13's floor, measured the same way for both.

For every page with a drag canvas (bench/targets.py: 2D explorer, margin lab, 3D view, the xy
projection on the 3D page, matrix view, tour, training lab) and for the floor app
(bench/floor_app.py: a components-v2 pad whose pointerup sends a counter, written with
st.markdown): ms from a capture-phase ``pointerup`` listener on ``window`` to the first DOM
mutation (a MutationObserver on the whole document) after which the page shows the expected
text: the released point's probabilities, computed here with the NumPy core (the training lab:
its canvas drawing Python's reply to the release, see targets.py), or the floor's counter.
Each page is dragged RUNS times (after WARMUP) in 10 pointer moves and released at once; the floor
is pressed, moved and released the same way. All in one browser, one run, pages and floor
interleaved in the order given; each measurement gets a fresh server and browser context.
Prints each page's median and p95 and their ratios to the floor's, and how many releases found
their numbers already shown (an update sent mid-drag carried the final point; left out).

Run from the repo root:
``python bench/drag_latency.py [--page explorer ...] [--runs 20] [--delay-ms 40] [--snapshot]``
(``--snapshot``: measure the committed HEAD in a temporary copy, not the working tree;
``--delay-ms``: every server, the floor's too, behind bench/delay_proxy.py, e.g. 40 ms each way
for a hosted app's 80 ms round trip; the targets are for loopback, the default).
Prints numbers only, never asserts. Needs /usr/bin/chromium. Takes 3 to 4 minutes for all seven
pages and the floor measured twice, first and last, so a drift shows (182 s and 216 s measured).
"""

from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from harness import (
    VIEWPORT,
    Stats,
    add_common_arguments,
    app_dir,
    app_server,
    describe,
    floor_server,
    launch_chromium,
    line,
    ratio_line,
    reached,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright
from targets import FLOOR_TEXT, IDLE, MATCH, TARGETS, Target, arm_script, points_of

WARMUP, MOVES = 2, 10
TIMEOUT_MS = 15_000
LOAD_TIMEOUT_MS = 60_000


@dataclass
class Result:
    ms: list[float] = field(default_factory=list)
    before: int = 0  # releases whose numbers were already shown
    missed: int = 0  # releases whose numbers never showed within TIMEOUT_MS


def drag(page, start, end) -> None:
    """Press at ``start`` (pixels) and move in MOVES steps to ``end``; the caller releases."""
    page.mouse.move(*start)
    page.mouse.down()
    for i in range(1, MOVES + 1):
        f = i / MOVES
        page.mouse.move(start[0] + (end[0] - start[0]) * f, start[1] + (end[1] - start[1]) * f)


def released(page, result: Result, want_of, newer: int | None, record: bool) -> None:
    """Release; wait for the page to show ``want_of(page)`` (read after the release)."""
    page.mouse.up()
    want = want_of(page)
    try:
        hit = page.wait_for_function(MATCH, arg=[want, newer], timeout=TIMEOUT_MS).json_value()
    except PlaywrightTimeout:
        hit = None
    if record:
        if hit is None:
            result.missed += 1
        elif hit["before"]:
            result.before += 1
        else:
            result.ms.append(hit["ms"])
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)  # the rerun is over before the next drag


def measure_page(browser, url: str, target: Target, runs: int) -> Result:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{url}/{target.path}")
        page.wait_for_selector(target.ready, state="attached", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        page.locator(target.canvas).first.scroll_into_view_if_needed()
        home = page.evaluate(target.to_pixels, points_of(page, target.canvas)[target.handle])
        result = Result()
        for i in range(WARMUP + runs):
            if target.spots:
                end = page.evaluate(target.to_pixels, list(target.spots[i % 2]))
            else:
                end = (home[0] + target.offsets[i % 2][0], home[1] + target.offsets[i % 2][1])
            start = page.evaluate(target.to_pixels, points_of(page, target.canvas)[target.handle])
            page.evaluate(arm_script(target.read))
            newer = None
            if target.newer:
                newer = int(page.evaluate(f"() => ({target.read})()").split("|")[0])
            drag(page, start, end)
            released(page, result, target.expected, newer, record=i >= WARMUP)
        return result
    finally:
        context.close()


def measure_floor(browser, url: str, runs: int) -> Result:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    pad = "[data-testid='floor-pad']"
    try:
        page.goto(url)
        page.wait_for_selector(f"{pad}[data-ready]", state="attached", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        box = page.locator(pad).bounding_box()
        spots = [(box["x"] + box["width"] * f, box["y"] + box["height"] / 2) for f in (0.25, 0.75)]
        result = Result()
        for i in range(WARMUP + runs):
            page.evaluate(arm_script(FLOOR_TEXT))
            drag(page, spots[i % 2], spots[(i + 1) % 2])
            released(page, result, lambda p: f"floor {p.get_attribute(pad, 'data-sent')}", None, i >= WARMUP)
        return result
    finally:
        context.close()


@contextmanager
def served(server, delay_ms: float):
    """The URL of ``server``, behind the delaying proxy if ``delay_ms``."""
    with server as s, reached(s, delay_ms) as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", nargs="+", choices=list(TARGETS), default=list(TARGETS))
    parser.add_argument("--runs", type=int, default=20, help="measured drags per page")
    parser.add_argument("--delay-ms", type=float, default=0.0, help="the proxy's delay each way (0: none)")
    add_common_arguments(parser)
    args = parser.parse_args()
    t0 = time.monotonic()
    results: dict[str, Result] = {}
    floors: list[Result] = []
    with app_dir(args.snapshot) as (folder, commit), sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            with served(floor_server("floor_app.py", args.option), args.delay_ms) as url:
                floors.append(measure_floor(browser, url, args.runs))
            for key in args.page:
                with served(app_server(folder, args.option), args.delay_ms) as url:
                    results[key] = measure_page(browser, url, TARGETS[key], args.runs)
            with served(floor_server("floor_app.py", args.option), args.delay_ms) as url:
                floors.append(measure_floor(browser, url, args.runs))
        finally:
            browser.close()
    print(describe(commit, args.option))
    if args.delay_ms:
        print(f"through bench/delay_proxy.py: {args.delay_ms:g} ms each way ({2 * args.delay_ms:g} ms RTT)")
    print("pointerup (capture, window) -> first DOM mutation showing the right numbers, ms")
    floor_ms = [ms for f in floors for ms in f.ms]
    for i, f in enumerate(floors):
        line(f"floor ({('first', 'last')[i]})", f.ms)
    floor = line("floor (both)", floor_ms)
    stats: dict[str, Stats] = {}
    for key, result in results.items():
        stats[key] = line(TARGETS[key].name, result.ms)
        if result.before or result.missed:
            print(f"{'':<44} {result.before} already shown at release, {result.missed} never shown")
    for key, s in stats.items():
        ratio_line(f"ratio {TARGETS[key].name} / floor", s, floor)
    print(f"took {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
