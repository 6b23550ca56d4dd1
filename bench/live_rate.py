"""Live rate in headless Chromium: while a handle is dragged continuously for 3 s (a full circle
through it, pointer moves paced at 60 per second at most), how many distinct states of the page's
table are shown per second, against issue 13's live floor measured the same way in the same run.

The live floor (bench/live_floor_app.py) is a components-v2 pad that, while the mouse is down,
sends pointer moves with one update in flight (the next waits until the page shows Python's echo of
the last); Python echoes a counter with st.markdown in a fragment. A MutationObserver on the whole
document logs every change of the watched text (bench/targets.py: a table's row or column; on
the training lab, the canvas's data-rendered, which changes only when it draws a figure Python
sent); states = changes logged between the capture-phase pointerdown and pointerup on window.

Measured on loopback and through bench/delay_proxy.py (40 ms each way on every chunk, 80 ms RTT),
each with its own server and proxy. Run from the repo root:
``python bench/live_rate.py [--page explorer ...] [--drags 3] [--delay-ms 40] [--snapshot]``.
Prints numbers only, never asserts. Needs /usr/bin/chromium. Takes about 4 minutes for all seven
pages and the floor at both network settings, 3 drags of 3 s each (232 s measured).
"""

from __future__ import annotations

import argparse
import math
import time
from contextlib import ExitStack
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
    reached,
)
from playwright.sync_api import sync_playwright
from targets import FOLLOW, IDLE, LIVE, LIVE_FLOOR_TEXT, TARGETS, Target, arm_script, points_of

SECONDS = 3.0
MOVE_EVERY_S = 1 / 60
TIMEOUT_MS = 15_000
LOAD_TIMEOUT_MS = 60_000


def circle(page, start: tuple[float, float], radius: float) -> int:
    """Press at ``start``, move once around a circle through it for SECONDS, release there.
    Returns the number of pointer moves sent."""
    sx, sy = start
    cx = sx - radius  # the circle's centre, left of the start
    page.mouse.move(sx, sy)
    page.mouse.down()
    t0 = time.perf_counter()
    moves = 0
    while (elapsed := time.perf_counter() - t0) < SECONDS:
        a = 2 * math.pi * elapsed / SECONDS
        page.mouse.move(cx + radius * math.cos(a), sy - radius * math.sin(a))
        moves += 1
        time.sleep(max(0.0, MOVE_EVERY_S - (time.perf_counter() - t0 - elapsed)))
    page.mouse.move(sx, sy)
    page.mouse.up()
    return moves + 1


@dataclass
class Drags:
    """Per drag: distinct states shown per second, pointer moves sent per second, frames drawn per
    second; and every pointer move's wait for the main thread (ms), all drags together."""

    rates: list[float] = field(default_factory=list)
    move_rates: list[float] = field(default_factory=list)
    frame_rates: list[float] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)


def live_drags(page, read_js: str, start_of, radius: float, drags: int) -> Drags:
    """``drags`` circles, measured."""
    out = Drags()
    for _ in range(drags):
        page.evaluate(arm_script(read_js))
        page.evaluate(FOLLOW)
        moves = circle(page, start_of(), radius)
        live = page.evaluate(LIVE)
        out.rates.append(live["states"] / live["seconds"])
        out.move_rates.append(moves / live["seconds"])
        out.frame_rates.append(live["frames"] / live["seconds"])
        out.delays += live["delays"]
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        time.sleep(0.5)  # the release's full rerun has painted
    return out


def measure_page(browser, url: str, target: Target, drags: int):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{url}/{target.path}")
        page.wait_for_selector(target.ready, state="attached", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        page.locator(target.canvas).first.scroll_into_view_if_needed()

        def start():
            return page.evaluate(target.to_pixels, points_of(page, target.canvas)[target.handle])

        return live_drags(page, target.live_read or target.read, start, target.radius, drags)
    finally:
        context.close()


def measure_floor(browser, url: str, drags: int):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    pad = "[data-testid='live-pad']"
    try:
        page.goto(url)
        page.wait_for_selector(f"{pad}[data-ready]", state="attached", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        box = page.locator(pad).bounding_box()
        middle = (box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2)
        return live_drags(page, LIVE_FLOOR_TEXT, lambda: middle, 60.0, drags)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", nargs="+", choices=list(TARGETS), default=list(TARGETS))
    parser.add_argument("--drags", type=int, default=3, help="3 s drags per page and network")
    parser.add_argument("--delay-ms", type=float, default=40.0, help="the proxy's delay each way")
    add_common_arguments(parser)
    args = parser.parse_args()
    t0 = time.monotonic()
    networks = {"loopback": 0.0, f"{2 * args.delay_ms:g} ms RTT": args.delay_ms}
    rows = []  # (network, label, Drags)
    with app_dir(args.snapshot) as (folder, commit), sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for network, delay in networks.items():
                with ExitStack() as stack:
                    floor = stack.enter_context(floor_server("live_floor_app.py", args.option))
                    app = stack.enter_context(app_server(folder, args.option))
                    floor_url = stack.enter_context(reached(floor, delay))
                    app_url = stack.enter_context(reached(app, delay))
                    rows.append((network, "live floor", measure_floor(browser, floor_url, args.drags)))
                    for key in args.page:
                        target = TARGETS[key]
                        drags = measure_page(browser, app_url, target, args.drags)
                        rows.append((network, target.name, drags))
        finally:
            browser.close()
    print(describe(commit, args.option))
    print(f"distinct states shown per second during a {SECONDS:g} s circular drag ({args.drags} drags each)")
    floors: dict[str, Stats] = {}
    for network, label, drags in rows:
        stats = line(f"[{network}] {label}", drags.rates, unit="/s", width=50)
        if label == "live floor":
            floors[network] = stats
        else:
            print(f"{'':<50} {stats.median / floors[network].median:5.2f}x the live floor (medians)")
        waits = Stats.of(drags.delays)
        print(
            f"{'':<50} pointer moves sent {Stats.of(drags.move_rates).median:.0f}/s, "
            f"frames {Stats.of(drags.frame_rates).median:.0f}/s, "
            f"a move waits {waits.median:.1f} ms (p95 {waits.p95:.1f})"
        )
    print(f"took {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
