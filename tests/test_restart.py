"""Real browser: the server restarts while a page is open (issue 13, "Nothing is lost").

The app gets a process of its own here (conftest's ``app_url`` is shared and must not die): the
test kills it (SIGKILL, as a crash or an OOM kill would) and starts it again on the same port.
Chromium (conftest's binary and flags) is driven from a thread of its own: Playwright's sync API
keeps the event loop of the thread it runs in marked as running between calls, and tests after
this module that call ``asyncio.run`` (tests/test_bench_load.py) must still find the main
thread's free.

What a user sees, measured: while the server is down Streamlit shows "Connection error" and greys
the widgets; once the server is back the frontend reconnects by itself, the dialog goes and the
page, the same scene's page, stays as it was, and the URL still holds the scene. That page is the
old process's, though: the frontend does not rerun the script when it reconnects, so the new
process has a session that never ran, and it drops the canvas's fragment runs (their fragment is
unknown to it). A reload asks the new process, which rebuilds the scene from the URL. A drag
before any reload is not lost either: the canvas sends a release it never saw answered again
through app.py's resend channel, a full run, which rebuilds the scene from the URL, applies the
release and registers the fragment, so the next drag is live again."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, Canvas
from playwright.sync_api import expect

from softmaxviz import analyze
from softmaxviz.state import Scene, address_query, short_query

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
# Not the default scene in x, T and the biases: the class table shows each.
SCENE = Scene(x=(-0.7, 2.1), temperature=2.0, biases=(0.3, 0.0, -0.2))
TARGET = (-0.5, 2.5)
# What Streamlit logs when it drops a fragment run it does not know.
DROPPED = "does not exist anymore"


class RestartableApp:
    """``streamlit run app.py`` on one free port (conftest's options), killed and started again
    on that same port."""

    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port)]
        cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while not self.healthy():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                return r.read().strip() == b"ok"
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILL: no goodbye to the browser."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


@pytest.fixture
def app(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = RestartableApp(port, tmp_path / "streamlit.log")
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture(scope="module")
def in_browser():
    """``in_browser(test)`` runs ``test(page)`` with a fresh page of a Chromium of this module's
    own, in the one thread that drives it; exceptions come back to the caller."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the README's test command installs Debian's chromium")
    pool = ThreadPoolExecutor(1, thread_name_prefix="restart-browser")

    def launch():
        from playwright.sync_api import sync_playwright

        expect.set_options(timeout=30_000)  # as conftest's: a busy 2-core machine is slow
        playwright = sync_playwright().start()
        return playwright, playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )

    playwright, browser = pool.submit(launch).result()

    def run(test):
        def with_page():
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.set_default_timeout(30_000)
            try:
                return test(page)
            finally:
                context.close()

        return pool.submit(with_page).result()

    try:
        yield run
    finally:
        pool.submit(lambda: (browser.close(), playwright.stop())).result()
        pool.shutdown()


def p_row(page):
    header = page.locator("th", has_text=re.compile(r"^\s*p\s*$"))
    return page.locator("[data-testid='class-table'] tbody tr").filter(has=header).locator("td")


def probabilities(scene: Scene) -> list[str]:
    return [f"{p:.4f}" for p in analyze(scene.W, scene.xv, scene.b, scene.temperature).probabilities]


def expect_url_holds(page, scene: Scene) -> None:
    """Wait until every field of ``scene`` is in the URL with its value."""
    page.wait_for_function(
        """(want) => {
          const got = new URLSearchParams(location.search);
          return Object.entries(want).every(([k, v]) => got.get(k) === v);
        }""",
        arg=address_query(scene),
    )


def open_then_restart(page, app):
    """Open the deep link, see its numbers, kill the server, start it again and wait until the
    browser has reconnected. Returns the canvas and the class table's text before the restart."""
    page.goto(f"{app.url}/explorer?{urlencode(short_query(SCENE))}")
    canvas = Canvas(page)
    canvas.wait_ready()
    expect(p_row(page)).to_have_text(probabilities(SCENE))
    expect_url_holds(page, SCENE)
    table = page.locator("[data-testid='class-table']")
    shown = table.inner_text()

    app.kill()
    dialog = page.get_by_text("Connection error")
    expect(dialog).to_be_visible()  # what the user sees while the server is down
    app.start()
    expect(dialog).to_be_hidden()  # the frontend reconnected by itself
    # The same page and the same link: nothing visible was lost.
    expect(table).to_have_text(shown, use_inner_text=True)
    expect_url_holds(page, SCENE)
    return canvas, shown


def test_after_a_restart_the_link_brings_the_same_scene_back(app, in_browser):
    in_browser(lambda page: reload_brings_the_scene_back(page, app))


def reload_brings_the_scene_back(page, app) -> None:
    canvas, shown = open_then_restart(page, app)
    # What the user does to get a live page again: reload. The new process reads the URL.
    page.reload()
    canvas.wait_ready()
    table = page.locator("[data-testid='class-table']")
    expect(table).to_have_text(shown, use_inner_text=True)
    expect(canvas.el).to_have_attribute("data-points", re.compile(r'"x":\[-0\.7,2\.1\]'))
    expect_url_holds(page, SCENE)
    # And the new process holds that scene, not the default one: a drag moves x in it.
    canvas.drag("x", TARGET)
    moved = SCENE.with_points({"x": canvas.points()["x"]})
    expect(p_row(page)).to_have_text(probabilities(moved))
    expect_url_holds(page, moved)


def test_a_drag_right_after_a_restart_updates_the_numbers(app, in_browser):
    in_browser(lambda page: drag_right_after_the_restart(page, app))


def drag_right_after_the_restart(page, app) -> None:
    canvas, _ = open_then_restart(page, app)
    canvas.drag("x", TARGET)
    moved = SCENE.with_points({"x": canvas.points()["x"]})
    # The fragment run is dropped; the release comes again through the resend channel (2 s).
    expect(p_row(page)).to_have_text(probabilities(moved), timeout=10_000)
    expect_url_holds(page, moved)
    dropped = app.log.read_text().count(DROPPED)
    assert dropped >= 1  # the new process did drop the drag's fragment runs
    # That full run registered the fragment in the new process: the next drag is answered by it.
    canvas.drag("x", SCENE.x)
    back = moved.with_points({"x": canvas.points()["x"]})
    expect(p_row(page)).to_have_text(probabilities(back))
    expect_url_holds(page, back)
    assert app.log.read_text().count(DROPPED) == dropped
