"""Fixtures for the real-browser tests: the app on a free port and Debian's Chromium."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("SOFTMAXVIZ_CHROMIUM", "/usr/bin/chromium")
# The flags Chromium needs on this closed network, kept once, with the benchmarks' browser.
sys.path.insert(0, str(ROOT / "bench"))
from harness import CHROMIUM_ARGS  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Start ``streamlit run app.py`` once for the session; yield its base URL."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("app") / "streamlit.log"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.read().strip() == b"ok":
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the app did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the README's test command installs Debian's chromium")
    from playwright.sync_api import expect, sync_playwright

    # A cold Streamlit session on a busy 2-core machine can take seconds to first paint.
    expect.set_options(timeout=30_000)

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


class Canvas:
    """The drag canvas as a user meets it: handles at pixels, dragged with the mouse."""

    def __init__(self, page, index: int = 0):
        self.page = page
        self.el = page.get_by_test_id("drag-canvas").nth(index)

    def wait_ready(self):
        from playwright.sync_api import expect

        expect(self.el).to_have_attribute("data-rendered", re.compile("."))
        # And the page's run is over, as a user waits for it: a run still going may move the canvas
        # on the page (what it draws above it), and a drag would then press beside the handle.
        expect(self.page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")

    def points(self) -> dict[str, list[float]]:
        return json.loads(self.el.get_attribute("data-points"))

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        """Data -> viewport pixels through each axis' own offset and length (not the margins)."""
        return tuple(
            self.el.evaluate(
                """(el, [x, y]) => {
                  const gd = el.querySelector(".svz-plot");
                  const fl = gd._fullLayout, r = gd.getBoundingClientRect();
                  return [r.left + fl.xaxis._offset + fl.xaxis.l2p(x),
                          r.top + fl.yaxis._offset + fl.yaxis.l2p(y)];
                }""",
                [x, y],
            )
        )

    def drag(self, name: str, to: tuple[float, float], steps: int = 12, *, pixels: bool = False):
        """Press on handle ``name``, move in ``steps`` pointer moves to data point ``to`` (or to
        viewport pixel ``to`` with ``pixels``), release."""
        mouse = self.page.mouse
        for _ in range(2):
            # In sight first, as a user scrolls to it: the 3D page's second projection starts
            # below a 1000 px window, and a press there hit nothing (its drag was a no-op).
            self.el.scroll_into_view_if_needed()
            sx, sy = self.pixel(*self.points()[name])
            mouse.move(sx, sy)
            mouse.down()
            # The canvas marks the drag in its pointerdown handler, before mouse.down returns.
            if self.el.get_attribute("data-dragging") == name:
                break
            # The press missed: the canvas moved on the page between reading the handle's place
            # and pressing (a clean-clone CI run once saw a drag change nothing for 30 s). Press
            # again where the handle is now, as a user would, and say so in the test's warnings.
            mouse.up()
            now = self.pixel(*self.points()[name])
            warnings.warn(f"drag {name}: the press at {(sx, sy)} missed; now at {now}", stacklevel=2)
        else:
            raise AssertionError(f"drag {name}: two presses on the handle missed it")
        tx, ty = to if pixels else self.pixel(*to)
        for i in range(1, steps + 1):
            mouse.move(sx + (tx - sx) * i / steps, sy + (ty - sy) * i / steps)
        mouse.up()
        from playwright.sync_api import expect

        # The release is handled once the canvas no longer marks a drag in progress.
        expect(self.el).not_to_have_attribute("data-dragging", re.compile("."))


@pytest.fixture
def canvas_of():
    return Canvas
