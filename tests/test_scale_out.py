"""deploy/scale_out.py, the scale-out recipe, as one command: nginx in front of two app processes.
Each browser (a cookie jar) sticks to one process for every request, its websocket included; both
processes serve; the page renders and drags through nginx; no session sees another's scene;
Ctrl+C stops everything. No browser (bench/load_gen.py's websocket protocol), about 15 s.
Skipped where nginx is missing (tests/run_all.sh installs it)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))

from harness import free_port, healthy
from helpers import in_own_thread
from load_gen import (
    CANVAS,
    DIRECT,
    UPSTREAM_HEADER,
    ExplorerScene,
    Session,
    all_settled,
    drag,
    streamlit_metrics,
    table_p_row,
)
from scale_out import ROUTE_COOKIE, find_nginx

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    find_nginx() is None, reason="nginx is not installed (tests/run_all.sh installs it from Debian)"
)

BROWSERS = 40  # cookie-less first visits: both processes get some (each 1 in 2)
DRAG_SECONDS = 3.0
READY = re.compile(r"^ready: (http://\S+)")
PROCESS = re.compile(r"^process \d+: http://(\S+) \(pid (\d+)\)")


@dataclass
class Cluster:
    url: str
    backends: dict[str, int]  # host:port -> pid
    proc: subprocess.Popen
    output: list[str]


@pytest.fixture(scope="module")
def cluster():
    """``python deploy/scale_out.py --processes 2 --port <free>``, as a user starts it."""
    cmd = [sys.executable, "deploy/scale_out.py", "--processes", "2", "--port", str(free_port())]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for row in proc.stdout:
            lines.put(row.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    output, backends, url = [], {}, None
    deadline = time.monotonic() + 90
    try:
        while url is None:
            try:
                row = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                row = None
            if row is None:
                pytest.fail("deploy/scale_out.py did not get ready:\n" + "\n".join(output[-40:]))
            output.append(row)
            if m := PROCESS.match(row):
                backends[m.group(1)] = int(m.group(2))
            elif m := READY.match(row):
                url = m.group(1)
        yield Cluster(url, backends, proc, output)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for pid in backends.values():  # only if the script failed to stop them
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)


def get(url: str, cookies: dict[str, str]) -> tuple[str, dict[str, str]]:
    """GET ``url`` with ``cookies``, as a browser would; the upstream that served it, and the
    cookies set."""
    request = urllib.request.Request(url)
    if cookies:
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    with DIRECT.open(request, timeout=30) as response:
        response.read()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return response.headers[UPSTREAM_HEADER], {k: m.value for k, m in jar.items()}


def first_visits(url: str) -> list[tuple[str, dict[str, str]]]:
    """BROWSERS first visits to the page: each one's process and cookies."""
    return [get(f"{url}/explorer", {}) for _ in range(BROWSERS)]


def test_every_request_of_a_browser_reaches_its_process_and_both_processes_serve(cluster):
    visits = first_visits(cluster.url)
    assert {upstream for upstream, _ in visits} == set(cluster.backends)
    for upstream, cookies in visits[:10]:
        assert ROUTE_COOKIE in cookies
        for path in ("/_stcore/health", "/explorer", "/_stcore/health"):
            again, _ = get(cluster.url + path, cookies)
            assert again == upstream


def test_sessions_render_and_drag_through_nginx_each_on_its_own_process(cluster):
    visits = first_visits(cluster.url)
    by_process = {b: [c for u, c in visits if u == b][:2] for b in cluster.backends}
    assert all(len(cookies) == 2 for cookies in by_process.values()), Counter(u for u, _ in visits)
    chosen = [(b, c) for b, cookies in by_process.items() for c in cookies]

    async def run():
        # One session per process first: cold first runs are slow and not what is tested here.
        for process, cookies in by_process.items():
            warm = Session(
                cluster.url, "explorer", index=39, cookies={ROUTE_COOKIE: cookies[0][ROUTE_COOKIE]}
            )
            await warm.open()
            await warm.close()
            assert warm.errors == [] and set(warm.served_by) == {process}
        crowd, scenes, tables = [], [], []
        for i, (_, cookies) in enumerate(chosen):
            session = Session(cluster.url, "explorer", index=i, cookies={ROUTE_COOKIE: cookies[ROUTE_COOKIE]})
            scene, seen = ExplorerScene(i), []

            def check(kind, element, scene=scene, seen=seen):
                if kind == "html" and table_p_row(element.html.body) is not None:
                    seen.append(table_p_row(element.html.body))
                return scene.problem(kind, element)

            session.check = check
            crowd.append(session)
            scenes.append(scene)
            tables.append(seen)
        await asyncio.gather(*(s.open() for s in crowd))
        # Each process holds exactly the sessions whose cookie hashes onto it.
        active = await asyncio.to_thread(active_sessions, cluster, 2)
        deadline = time.perf_counter() + DRAG_SECONDS
        await asyncio.gather(*(drag(s, sc, deadline, 4) for s, sc in zip(crowd, scenes, strict=True)))
        await asyncio.gather(*(s.wait_until(lambda s=s: all_settled(s), 30.0) for s in crowd))
        await asyncio.gather(*(s.close() for s in crowd))
        return crowd, scenes, tables, active

    crowd, scenes, tables, active = in_own_thread(run)
    assert active == {b: 2 for b in cluster.backends}
    for (process, _), session, scene, table in zip(chosen, crowd, scenes, tables, strict=True):
        # The page, the health ping and the websocket: all on the process the cookie chose.
        assert session.served_by == [process] * 3
        assert session.errors == []
        assert session.crossed == []
        assert CANVAS in session.canvases and table  # the page's canvas and class table arrived
        assert sum(u.answered is not None for u in session.updates) >= 3
        assert any(u.final and u.answered is not None for u in session.updates)  # a release, too
        assert scene.checked > 0


def active_sessions(cluster: Cluster, want: int) -> dict[str, float]:
    """Each process's count of active sessions (its own /_stcore/metrics), once every process
    reports ``want`` or after 10 s."""
    deadline = time.monotonic() + 10
    while True:
        counts = {b: streamlit_metrics(f"http://{b}").get("active_sessions", -1) for b in cluster.backends}
        if all(c == want for c in counts.values()) or time.monotonic() > deadline:
            return counts
        time.sleep(0.2)


def test_ctrl_c_stops_nginx_and_every_process(cluster):
    cluster.proc.send_signal(signal.SIGINT)
    assert cluster.proc.wait(30) == 0
    assert not healthy(cluster.url)
    for backend in cluster.backends:
        assert not healthy(f"http://{backend}")
