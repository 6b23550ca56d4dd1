"""What every browser and load bench shares: servers on free loopback ports (each stopped by the
process group it was started in), the delaying proxy, a snapshot of the committed app, Debian's
Chromium, and the summaries the benches print. Not a benchmark itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
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
VIEWPORT = {"width": 1400, "height": 1000}
START_TIMEOUT_S = 60
# Both floors and every page run with these: no file watcher (other people edit the app while a
# bench runs, and a watched change would reload modules mid-measurement), loopback only.
SERVER_FLAGS = (
    "--server.headless",
    "true",
    "--server.address",
    "127.0.0.1",
    "--server.fileWatcherType",
    "none",
    "--browser.gatherUsageStats",
    "false",
)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:port
    pid: int  # the streamlit process (its threads serve every session)
    port: int


@contextmanager
def process_group(cmd: Sequence[str], *, cwd: Path, log) -> Iterator[subprocess.Popen]:
    """Start ``cmd`` in a new process group; always stop that group (and only it) on exit."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextmanager
def server(script: Path, *, cwd: Path, extra: Sequence[str] = ()) -> Iterator[Server]:
    """``streamlit run script`` on a free loopback port, started in ``cwd`` (where ``.streamlit/``
    and ``static/`` are read); yields it once healthy."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    cmd += [*SERVER_FLAGS, *extra]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log, process_group(cmd, cwd=cwd, log=log) as proc:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"{script} did not start:\n{log.read().decode(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield Server(url, proc.pid, port)


def app_server(app_dir: Path, extra: Sequence[str] = ()) -> Iterator[Server]:
    return server(app_dir / "app.py", cwd=app_dir, extra=extra)


def runner_flags(app_dir: Path = ROOT) -> tuple[str, ...]:
    """The app's own ``[runner]`` settings (``.streamlit/config.toml``) as command-line flags.

    A floor runs from bench/, where that file is not read: without these it ran Streamlit's full
    garbage collection after every script run (``postScriptGC``), which the app has off. That
    collection holds the GIL while the reply waits to be sent: the release floor echoed in 51 ms
    instead of ~10, and every page looked faster than the floor.
    """
    config = tomllib.loads((app_dir / ".streamlit" / "config.toml").read_text())
    flags: list[str] = []
    for key, value in config.get("runner", {}).items():
        flags += [f"--runner.{key}", str(value).lower() if isinstance(value, bool) else str(value)]
    return tuple(flags)


def floor_server(name: str, extra: Sequence[str] = ()) -> Iterator[Server]:
    """One of bench/'s floor apps (always this checkout's), with static serving off and the app's
    runner settings (:func:`runner_flags`)."""
    flags = ("--server.enableStaticServing", "false", *runner_flags())
    return server(BENCH / name, cwd=BENCH, extra=(*flags, *extra))


@contextmanager
def delayed(upstream: Server, delay_ms: float, lifetime_s: float = 1800) -> Iterator[str]:
    """bench/delay_proxy.py in front of ``upstream``; yields the proxy's base URL."""
    port = free_port()
    cmd = [sys.executable, str(BENCH / "delay_proxy.py"), "--listen", str(port), "--upstream"]
    cmd += [str(upstream.port), "--delay-ms", str(delay_ms), "--seconds", str(lifetime_s)]
    with tempfile.TemporaryFile() as log, process_group(cmd, cwd=BENCH, log=log) as proc:
        deadline = time.monotonic() + 20
        url = f"http://127.0.0.1:{port}"
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the proxy did not start:\n{log.read().decode(errors='replace')}")
            time.sleep(0.1)
        yield url


def reached(upstream: Server, delay_ms: float) -> AbstractContextManager[str]:
    """The URL to reach ``upstream`` by: through :func:`delayed` if ``delay_ms``, else its own."""
    return delayed(upstream, delay_ms) if delay_ms else nullcontext(upstream.url)


@contextmanager
def snapshot(ref: str = "HEAD") -> Iterator[tuple[Path, str]]:
    """The app as committed at ``ref``, unpacked into a temporary folder: a bench measures one
    commit even while the working tree changes. Yields (folder, commit hash)."""
    commit = subprocess.run(
        ["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="softmaxviz-bench-") as tmp:
        archive = Path(tmp) / "app.tar"
        subprocess.run(["git", "archive", "-o", str(archive), commit], cwd=ROOT, check=True)
        folder = Path(tmp) / "app"
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        yield folder, commit


@contextmanager
def app_dir(ref: str | None) -> Iterator[tuple[Path, str]]:
    """The app to measure: this working tree, or (``ref``, e.g. "HEAD") a copy of that commit,
    measured by this checkout's bench: two commits side by side, the same way."""
    if ref:
        with snapshot(ref) as found:
            yield found
    else:
        yield ROOT, "working tree"


def add_common_arguments(parser) -> None:
    """--snapshot and --option, the same in every bench that starts servers."""
    parser.add_argument(
        "--snapshot",
        nargs="?",
        const="HEAD",
        metavar="REF",
        help="measure a commit (default HEAD) in a temporary copy, not the working tree",
    )
    parser.add_argument(
        "--option",
        action="extend",
        nargs=1,
        default=[],
        help="extra `streamlit run` options for every server, e.g. --option=--runner.postScriptGC=false",
    )


def describe(commit: str, options: Sequence[str]) -> str:
    return f"app: {commit}" + (f"; streamlit options: {' '.join(options)}" if options else "")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


# --- /proc: server CPU and memory ------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` (every thread) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def thread_cpu_seconds(pid: int) -> dict[int, float]:
    """CPU seconds per thread id of ``pid`` (the main thread's id is ``pid``)."""
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        out[int(task.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- printing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    median: float
    p95: float
    n: int

    @staticmethod
    def of(values: Sequence[float]) -> Stats:
        if not values:
            return Stats(float("nan"), float("nan"), 0)
        return Stats(float(np.median(values)), float(np.percentile(values, 95)), len(values))


def line(label: str, values: Sequence[float], unit: str = "ms", width: int = 44) -> Stats:
    """Print median, p95, min and max of ``values``; return the median and p95."""
    stats = Stats.of(values)
    if not values:
        print(f"{label:<{width}} no values")
        return stats
    print(
        f"{label:<{width}} median {stats.median:7.1f} {unit}   p95 {stats.p95:7.1f} {unit}   "
        f"min {min(values):6.1f}   max {max(values):6.1f}   (n={stats.n})"
    )
    return stats


def ratio_line(label: str, page: Stats, floor: Stats, width: int = 44) -> None:
    print(f"{label:<{width}} median {page.median / floor.median:5.2f}x   p95 {page.p95 / floor.p95:5.2f}x")
