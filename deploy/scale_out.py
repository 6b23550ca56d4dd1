"""The scale-out recipe on one machine: nginx in front of several ``streamlit run app.py``
processes, sticky sessions by cookie, WebSocket proxying (deploy/nginx.conf.template).

    python deploy/scale_out.py --processes 2 --port 8600

starts the processes on free loopback ports (bench/harness.py's servers: the test fixture's
options, no file watcher), renders the template into a temporary folder, runs nginx in the
foreground with ``-p <that folder>`` (its pid, logs and temporary files stay there: no root paths
needed), waits until the app answers ``/_stcore/health`` through nginx, prints the URL and runs
until Ctrl+C (or SIGTERM), which stops nginx and every process. The same template serves any
number of processes; on a container platform, its own load balancer (sticky sessions on, health
check ``/_stcore/health``) takes nginx's place.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
sys.path.insert(0, str(ROOT / "bench"))

from harness import Server, app_server, healthy, process_group  # noqa: E402

NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")
START_TIMEOUT_S = 30
ROUTE_COOKIE = "svz_route"


@dataclass(frozen=True)
class ScaleOut:
    url: str  # nginx: what browsers open
    backends: tuple[Server, ...]  # the Streamlit processes behind it
    nginx: subprocess.Popen
    folder: Path  # nginx.conf, nginx.pid, logs/


def find_nginx(given: str | None = None) -> str | None:
    for candidate in (given,) if given else NGINX_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def render(listen: str, backends: Sequence[str]) -> str:
    """The template with nginx listening on ``listen`` (``host:port``) in front of ``backends``
    (``host:port`` each)."""
    servers = "\n".join(f"        server {b} max_fails=1 fail_timeout=5s;" for b in backends)
    return TEMPLATE.read_text().replace("{{LISTEN}}", listen).replace("{{SERVERS}}", servers)


def start_backends(stack: ExitStack, count: int, app_dir: Path, options: Sequence[str]) -> tuple[Server, ...]:
    """``count`` app processes started at once; each is stopped when ``stack`` closes."""
    managers = [app_server(app_dir, options) for _ in range(count)]
    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(m.__enter__) for m in managers]
    started = [m for m, f in zip(managers, futures, strict=True) if f.exception() is None]

    def stop_all(*exc) -> None:
        # At once, not one after another: each may take seconds to close its sessions.
        with ThreadPoolExecutor(max(len(started), 1)) as stopper:
            list(stopper.map(lambda m: m.__exit__(*exc), started))

    stack.push(stop_all)
    for future in futures:
        if future.exception() is not None:
            raise future.exception()
    return tuple(f.result() for f in futures)


@contextmanager
def scale_out(
    processes: int,
    port: int,
    *,
    host: str = "127.0.0.1",
    app_dir: Path = ROOT,
    options: Sequence[str] = (),
    nginx: str | None = None,
    folder: Path | None = None,
) -> Iterator[ScaleOut]:
    """nginx on ``host:port`` in front of ``processes`` app processes; yields once the app
    answers through nginx; stops nginx and every process on exit."""
    binary = find_nginx(nginx)
    if binary is None:
        raise RuntimeError("nginx not found (Debian: apt-get install nginx)")
    with ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="softmaxviz-nginx-")))
        folder.mkdir(parents=True, exist_ok=True)
        # nginx's workers (an unprivileged user when started as root) write temp/ and read the folder.
        folder.chmod(0o755)
        for sub in ("logs", "temp"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        backends = start_backends(stack, processes, app_dir, options)
        conf = folder / "nginx.conf"
        conf.write_text(render(f"{host}:{port}", [f"127.0.0.1:{b.port}" for b in backends]))
        cmd = [binary, "-p", f"{folder}/", "-c", str(conf), "-e", str(folder / "logs" / "error.log")]
        cmd += ["-g", "daemon off;"]
        log = stack.enter_context(open(folder / "logs" / "nginx.out", "wb"))
        proc = stack.enter_context(process_group(cmd, cwd=folder, log=log))
        url = f"http://{host}:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                logs = [folder / "logs" / name for name in ("error.log", "nginx.out")]
                errors = "".join(p.read_text(errors="replace") for p in logs if p.exists())
                raise RuntimeError(f"nginx did not start on {host}:{port}:\n{errors[-3000:]}")
            time.sleep(0.1)
        yield ScaleOut(url, backends, proc, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="Streamlit processes (one per core)")
    parser.add_argument("--port", type=int, default=8600, help="nginx's port")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (0.0.0.0: every interface)")
    parser.add_argument("--nginx", help="the nginx binary (default: nginx on PATH, or /usr/sbin/nginx)")
    parser.add_argument("--folder", type=Path, help="keep nginx.conf and the logs here (default: a temp dir)")
    parser.add_argument(
        "--option",
        action="extend",
        nargs=1,
        default=[],
        help="extra `streamlit run` options for every process, e.g. --option=--server.maxUploadSize=1",
    )
    args = parser.parse_args()
    # SIGTERM stops everything as Ctrl+C does. Ctrl+C too, even where the shell that started us
    # ignores SIGINT (a background job), which Python would otherwise inherit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with scale_out(
            args.processes,
            args.port,
            host=args.host,
            options=args.option,
            nginx=args.nginx,
            folder=args.folder,
        ) as cluster:
            for i, backend in enumerate(cluster.backends, 1):
                print(f"process {i}: {backend.url} (pid {backend.pid})", flush=True)
            print(f"nginx: pid {cluster.nginx.pid}; config and logs in {cluster.folder}", flush=True)
            print(f"ready: {cluster.url} (Ctrl+C stops nginx and every process)", flush=True)
            cluster.nginx.wait()
            print("nginx exited; stopping the processes", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        print("stopped", flush=True)


if __name__ == "__main__":
    main()
