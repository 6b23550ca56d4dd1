"""Where a rerun's server CPU goes: cProfile of the script runs of a real ``streamlit run`` of the
app while bench/load_gen.py's sessions drive it (no browser).

The server runs in a child process (bench/profiled_streamlit.py) that wraps each script run
(``ScriptRunner._run_script``) in cProfile, during the load generator's measured window only (not
its warm-up or the page loads). The main thread (the event loop: sending, websocket framing) is
not profiled; bench/load_gen.py measures its share from /proc. Printed: profiled time per
answered update, split by the package whose code ran (own time), the app's functions by
cumulative time, and the top functions by own time. cProfile slows pure-Python code more than
C code, so the shares are indicative; compare runs with each other, not with unprofiled CPU
times.

Run from the repo root:
``python bench/profile_server.py [--work drag|type_x] [--sessions 2] [--seconds 20] [--snapshot]
[--save FILE]`` (``--save``: keep the stats for ``python -m pstats FILE``).
(``drag``: drag updates only, each one fragment run; ``type_x``: typed coordinates, full runs).
Prints numbers only, never asserts. Takes about 30 seconds (28 s measured).
"""

from __future__ import annotations

import argparse
import asyncio
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from harness import (
    SERVER_FLAGS,
    Server,
    add_common_arguments,
    app_dir,
    describe,
    free_port,
    healthy,
    process_group,
)
from load_gen import measure

CHILD = Path(__file__).with_name("profiled_streamlit.py")


@contextmanager
def profiled_server(folder: Path, out: Path, options):
    port = free_port()
    cmd = [sys.executable, str(CHILD), str(folder / "app.py"), str(out), "--server.port", str(port)]
    cmd += [*SERVER_FLAGS, *options]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log, process_group(cmd, cwd=folder, log=log) as proc:
        deadline = time.monotonic() + 60
        while not healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")[-3000:])
            time.sleep(0.2)
        yield Server(url, proc.pid, port)


def package(filename: str) -> str:
    """The package a profiled function belongs to, for the split."""
    if filename.startswith("~") or filename == "<string>":
        return "builtins (C)"
    parts = Path(filename).parts
    for marker in ("site-packages", "lib-dynload"):
        if marker in parts:
            return parts[parts.index(marker) + 1].removesuffix(".py")
    if "softmaxviz" in parts:
        return "softmaxviz"
    if "pages" in parts or filename.endswith("app.py"):
        return "pages"
    if "python3.11" in filename:
        return "stdlib"
    return "other"


def report(stats: pstats.Stats, answered: int, top: int) -> None:
    entries = stats.stats  # (file, line, name) -> (calls, primitive calls, tottime, cumtime, callers)
    total = sum(v[2] for v in entries.values())
    per = 1e3 / max(answered, 1)
    print(f"profiled script-thread time: {total:.1f} s, {total * per:.1f} ms per answered update")
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _, _), value in entries.items():
        by_package[package(filename)] += value[2]
    print("own time by package, ms per update:")
    for name, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {name:<28} {seconds * per:7.1f}  ({seconds / total:.0%})")
    print("the app's functions by cumulative time, ms per update:")
    app = [(k, v) for k, v in entries.items() if package(k[0]) in ("softmaxviz", "pages")]
    for (filename, line, name), value in sorted(app, key=lambda kv: -kv[1][3])[:top]:
        print(f"  {value[3] * per:7.1f}  {Path(filename).parent.name}/{Path(filename).name}:{line} {name}")
    print("top functions by own time, ms per update:")
    for (filename, line, name), value in sorted(entries.items(), key=lambda kv: -kv[1][2])[:top]:
        where = f"{package(filename)}:{Path(filename).name}:{line}" if line else filename
        print(f"  {value[2] * per:7.1f}  {name}  ({where})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", choices=["drag", "type_x"], default="drag")
    parser.add_argument("--sessions", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--save", type=Path, help="also keep the cProfile stats in this file (pstats)")
    add_common_arguments(parser)
    args = parser.parse_args()
    t0 = time.monotonic()
    with app_dir(args.snapshot) as (folder, commit), tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rerun.prof"
        gate, done = Path(f"{out}.on"), Path(f"{out}.done")
        with profiled_server(folder, out, args.option) as server:
            measured = asyncio.run(
                measure(
                    server,
                    "explorer",
                    args.sessions,
                    args.seconds,
                    args.work,
                    updates_per_drag=0,  # drag updates only: each one fragment run
                    window=(gate.touch, gate.unlink),
                )
            )
            deadline = time.monotonic() + 30
            while not done.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
        if not out.exists():
            print("no script run was profiled")
            return
        stats = pstats.Stats(str(out))
        if args.save:
            stats.dump_stats(str(args.save))
    print(describe(commit, args.option))
    print(f"{args.work}: {measured.answered} answered updates, {args.sessions} sessions")
    report(stats, measured.answered, args.top)
    print(f"took {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
