"""A class on one process against two behind nginx (issue 13): the same load on both.

--sessions sessions (40) each drag x on /explorer for --seconds (30) with bench/load_gen.py's
sessions, once per --every: one update every 2 s each (20 updates/s in all, the issue's class;
starts spread over the first 2 s), then at a browser's rate (one a frame, at most three updates in
flight per session, as canvas.js sends while the mouse moves; it saturates one process). Drags of 5 updates,
the fifth a release. Each rate runs against (1) one app process, directly, and (2)
deploy/scale_out.py: nginx in front of --processes app processes (2), sticky by cookie; each
with fresh processes and one warm-up session per process (on the process directly), so no first
run is measured. Printed for each: p50/p95 latency per update (sent -> the canvas carries its
ack), release -> full run done, updates answered per second, errors, crossed state, server CPU
(all app processes; nginx not counted) and how many sessions each process served.

Run from the repo root: ``python bench/scale_out_bench.py [--sessions 40] [--every 2 0.1]
[--seconds 30] [--processes 2] [--snapshot] [--option=...]``. About 3 minutes. Needs nginx.
Prints numbers only, never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))

from harness import Server, Stats, add_common_arguments, app_dir, app_server, describe, free_port
from load_gen import SEND_EVERY_S, Measured, Session, Target, measure, report
from scale_out import find_nginx, scale_out

UPDATES_PER_DRAG = 5


async def warm(servers: list[Server]) -> None:
    """One session per process, on the process directly: imports and first-run caches."""
    for server in servers:
        session = Session(server.url, "explorer", index=39)
        await session.open()
        await session.close()


async def load(target: Target, args, every: float) -> Measured:
    return await measure(
        target, "explorer", args.sessions, args.seconds, "drag", UPDATES_PER_DRAG, every_s=every
    )


def rate(args, every: float) -> str:
    if every <= SEND_EVERY_S:
        return "at a browser's rate"
    return f"one update every {every:g} s each ({args.sessions / every:.0f}/s in all)"


def summary(label: str, m: Measured) -> str:
    lat = Stats.of(m.latency_ms)
    return (
        f"{label:<34} p50 {lat.median:6.0f} ms   p95 {lat.p95:6.0f} ms   {m.answered / m.seconds:5.1f} "
        f"updates/s   errors {len(m.errors)}   crossed {len(m.crossed)} of {m.checked}   "
        f"server CPU {m.cpu_s / m.seconds:.0%} of a core"
    )


async def main_async(args) -> None:
    t0 = time.monotonic()
    rows = []
    with app_dir(args.snapshot) as (folder, commit):
        print(describe(commit, args.option))
        for every in args.every:
            print(f"{args.sessions} sessions dragging {rate(args, every)}, {args.seconds:g} s")
            rows.append(f"{args.sessions} sessions, {rate(args, every)}:")
            with app_server(folder, args.option) as server:
                await warm([server])
                one = await load(Target.of(server), args, every)
            report("1 process, direct", one)
            rows.append(summary("  1 process, direct", one))
            with scale_out(args.processes, free_port(), app_dir=folder, options=args.option) as cluster:
                await warm(list(cluster.backends))
                target = Target(cluster.url, tuple(b.pid for b in cluster.backends))
                many = await load(target, args, every)
            label = f"{args.processes} processes behind nginx"
            report(label, many)
            rows.append(summary(f"  {label}", many))
    print()
    for row in rows:
        print(row)
    print(f"took {time.monotonic() - t0:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument(
        "--every",
        type=float,
        nargs="+",
        default=[2.0, SEND_EVERY_S],
        help="seconds between a session's updates, one run each (0.016: a browser's rate, as canvas.js)",
    )
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--processes", type=int, default=2, help="behind nginx")
    add_common_arguments(parser)
    args = parser.parse_args()
    if find_nginx() is None:
        sys.exit("nginx not found (Debian: apt-get install nginx)")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
