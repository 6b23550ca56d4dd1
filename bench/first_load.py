"""First load to an interactive canvas in headless Chromium, cold and warm, against the floor app's.

Cold: a fresh browser context (empty cache, no cookies) opens the page. Warm: the same context
reloads it (the HTTP cache holds what the first load fetched; Streamlit starts a new session).
The time is the browser's performance.now() (ms since navigation start) at the first DOM mutation
after which the page's canvas is interactive: the drag canvas (or the 3D view) carries
data-rendered, which it sets once drawn, right before binding its pointer handlers; the floor app
(bench/floor_app.py) once its pad's pointer listener is bound (data-ready). A MutationObserver
installed before any page script (add_init_script) stamps it. Also printed per page: bytes
received (HTTP as encoded on the wire plus WebSocket payloads) and where Plotly.js came from (Streamlit's
PlotlyChart chunk, or a copy of plotly.min.js where Streamlit has none).

Each page and the floor get their own server; its first load is a warm-up (Python imports) and
not counted; then LOADS cold loads, each followed by one warm reload. The floor is measured first
and last. Run from the repo root:
``python bench/first_load.py [--page explorer ...] [--loads 5] [--mbps 20 --latency-ms 40] [--snapshot]``.
``--mbps`` and ``--latency-ms`` throttle the browser's network (Chromium's DevTools emulation) to
show what the bytes cost on a real network: loopback moves them for free.
Prints numbers only, never asserts. Needs /usr/bin/chromium. Takes 3.5 to 4.5 minutes (202 s and
274 s measured).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
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
)
from playwright.sync_api import sync_playwright
from targets import TARGETS

LOAD_TIMEOUT_MS = 60_000
FLOOR_READY = "[data-testid='floor-pad'][data-ready]"
# Stamps the first moment `selector` matches, from the very start of the document.
STAMP = """(() => {
  const selector = __SELECTOR__;
  const observer = new MutationObserver(() => {
    if (window.__benchReady === undefined && document.querySelector(selector)) {
      window.__benchReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-rendered", "data-ready"],
  });
})();"""
READY = "() => window.__benchReady"
# Pages once each (the xy projection shares the 3D page, whose first canvas is the 3D view).
PAGES = {t.path: t.ready for t in TARGETS.values() if t.key != "projection_xy"}


@dataclass
class Loads:
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    cold_kb: list[float] = field(default_factory=list)
    warm_kb: list[float] = field(default_factory=list)
    plotly: Counter = field(default_factory=Counter)  # ("cold" | "warm", where it came from) -> loads


class Network:
    """Bytes received (HTTP bodies and headers as encoded on the wire, plus WebSocket payloads) and
    where Plotly.js came from, for one page (Chrome DevTools Protocol)."""

    def __init__(self, context, page, mbps: float = 0, latency_ms: float = 0):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        if mbps or latency_ms:
            # Chromium's own throttling: every response (WebSocket frames too) paced to ``mbps``,
            # each request ``latency_ms`` later.
            rate = mbps * 1e6 / 8 if mbps else -1  # bytes a second; -1: not throttled
            conditions = {"offline": False, "latency": latency_ms}
            conditions |= {"downloadThroughput": rate, "uploadThroughput": rate}
            self.cdp.send("Network.emulateNetworkConditions", conditions)
        self.bytes = 0
        self.plotly = "not loaded"
        self._plotly_request = None
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.webSocketFrameReceived", self._frame)

    def _finished(self, event) -> None:
        self.bytes += event.get("encodedDataLength", 0)
        if event["requestId"] == self._plotly_request and self.plotly.startswith("network"):
            # A 200 without a cache flag may still come from the cache: the bytes on the wire tell.
            self.plotly += f", {event.get('encodedDataLength', 0) / 1024:.0f} KB on the wire"

    def _frame(self, event) -> None:
        frame = event["response"]
        # Binary frames (opcode 2, Streamlit's protobufs) arrive base64-encoded.
        size = len(frame["payloadData"])
        self.bytes += size * 3 // 4 if frame.get("opcode") == 2 else size

    def _response(self, event) -> None:
        response = event["response"]
        name = response["url"].rsplit("/", 1)[-1]
        # Streamlit's PlotlyChart.<hash>.js, or a copy: plotly-<version>.min.js.
        if name.startswith("PlotlyChart.") or (name.startswith("plotly") and name.endswith(".min.js")):
            self._plotly_request = event["requestId"]
            if response.get("fromDiskCache"):
                self.plotly = "disk cache"
            elif response.get("fromMemoryCache"):
                self.plotly = "memory cache"
            else:
                headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
                self.plotly = (
                    f"network (HTTP {response['status']}, {headers.get('cache-control', 'no')} cache-control)"
                )

    def reset(self) -> None:
        self.bytes = 0
        self.plotly = "not loaded"
        self._plotly_request = None


def load(browser, url: str, ready: str, loads: int, mbps: float = 0, latency_ms: float = 0) -> Loads:
    """One warm-up load, then ``loads`` pairs of (cold load, warm reload); ``mbps`` and
    ``latency_ms`` throttle the page's network (0: loopback as it is)."""
    out = Loads()
    for i in range(loads + 1):
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(STAMP.replace("__SELECTOR__", json.dumps(ready)))
        page = context.new_page()
        network = Network(context, page, mbps, latency_ms)
        try:
            page.goto(url)
            cold = page.wait_for_function(READY, timeout=LOAD_TIMEOUT_MS).json_value()
            page.wait_for_timeout(500)  # the last requests and their events arrive (and are counted)
            cold_kb, cold_plotly = network.bytes / 1024, network.plotly
            network.reset()
            page.reload()
            warm = page.wait_for_function(READY, timeout=LOAD_TIMEOUT_MS).json_value()
            page.wait_for_timeout(500)
            if i:  # the first pair warms the server up
                out.cold.append(cold)
                out.warm.append(warm)
                out.cold_kb.append(cold_kb)
                out.warm_kb.append(network.bytes / 1024)
                out.plotly[("cold", cold_plotly)] += 1
                out.plotly[("warm", network.plotly)] += 1
        finally:
            context.close()
    return out


def kb(values: list[float]) -> str:
    return f"{Stats.of(values).median:.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", nargs="+", choices=list(PAGES), default=list(PAGES))
    parser.add_argument("--loads", type=int, default=5, help="cold loads (each with a warm reload) per page")
    parser.add_argument("--mbps", type=float, default=0, help="throttle the browser's network (0: none)")
    parser.add_argument("--latency-ms", type=float, default=0, help="and add this latency to every request")
    add_common_arguments(parser)
    args = parser.parse_args()
    net = (args.mbps, args.latency_ms)
    t0 = time.monotonic()
    results: dict[str, Loads] = {}
    floors: list[Loads] = []
    with app_dir(args.snapshot) as (folder, commit), sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            with floor_server("floor_app.py", args.option) as floor:
                floors.append(load(browser, floor.url, FLOOR_READY, args.loads, *net))
            for path in args.page:
                with app_server(folder, args.option) as app:
                    results[path] = load(browser, f"{app.url}/{path}", PAGES[path], args.loads, *net)
            with floor_server("floor_app.py", args.option) as floor:
                floors.append(load(browser, floor.url, FLOOR_READY, args.loads, *net))
        finally:
            browser.close()
    print(describe(commit, args.option))
    if any(net):
        print(f"network throttled by Chromium: {args.mbps:g} Mbit/s, {args.latency_ms:g} ms per request")
    print("navigation start -> canvas interactive, ms (browser clock)")
    floor = Loads(
        cold=[v for f in floors for v in f.cold],
        warm=[v for f in floors for v in f.warm],
        cold_kb=[v for f in floors for v in f.cold_kb],
        warm_kb=[v for f in floors for v in f.warm_kb],
    )
    floor_cold = line("floor app, cold", floor.cold)
    floor_warm = line("floor app, warm", floor.warm)
    for when, f in zip(("first", "last"), floors, strict=False):
        cold, warm = Stats.of(f.cold).median, Stats.of(f.warm).median
        print(f"  floor {when}: cold {cold:.0f} ms, warm {warm:.0f} ms")
    print(f"  received: cold {kb(floor.cold_kb)}, warm {kb(floor.warm_kb)}")
    for path, r in results.items():
        cold = line(f"{path}, cold", r.cold)
        warm = line(f"{path}, warm", r.warm)
        ratio_line(f"  {path} cold / floor cold", cold, floor_cold)
        ratio_line(f"  {path} warm / floor warm", warm, floor_warm)
        print(f"  received: cold {kb(r.cold_kb)}, warm {kb(r.warm_kb)}")
        for (when, where), loads in sorted(r.plotly.items()):
            print(f"  Plotly.js, {when}: {where} in {loads} of {len(r.cold)} loads")
    print(f"took {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
