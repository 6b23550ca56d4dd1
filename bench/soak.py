"""Memory soak: sessions open, drag a bit and close against one app process for --minutes; the
server's RSS every --sample seconds. Does memory stay flat?

Each of --users simulated users repeats: open /explorer (a new session, its own lane: the load
generator's session code, bench/load_gen.py), drag x for --drag-seconds at a browser's rate (drags
of 5 updates, the fifth a release), close the websocket, wait --pause-seconds. Every closed
session is a new one for Streamlit, which keeps a closed session for reconnection (at most 128,
for 2 minutes: ``MemorySessionStorage``), so memory may rise during the first 2 minutes; the slope
is fitted over the last 8 minutes (the last 80 % of shorter runs).

Printed: a table of the samples (minutes, RSS, Streamlit's count of active sessions, sessions
opened and closed so far, sessions open, updates answered, errors); RSS at the start (after a
warm-up session, before the crowd), its peak and its end; the slope of the last 8 minutes in MB
per minute (least squares); errors and crossed state; Streamlit's own session counters
(``/_stcore/metrics``: active sessions, connects, disconnects) once every session has closed,
and again 5 s later.

Run from the repo root: ``python bench/soak.py [--minutes 10] [--users 6] [--snapshot]``.
Prints numbers only, never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Server, add_common_arguments, app_dir, app_server, describe, rss_mb
from load_gen import ExplorerScene, Session, all_settled, drag, streamlit_metrics, unanswered

UPDATES_PER_DRAG = 5
FIT_MINUTES = 8.0


@dataclass
class Tally:
    opened: int = 0
    closed: int = 0
    answered: int = 0
    errors: list[str] = field(default_factory=list)
    crossed: list[str] = field(default_factory=list)

    @property
    def open_now(self) -> int:
        return self.opened - self.closed


@dataclass(frozen=True)
class Sample:
    minutes: float
    rss_mb: float
    active: float  # Streamlit's active_sessions gauge
    opened: int
    closed: int
    open_now: int
    answered: int
    errors: int


async def user(server: Server, first_index: int, users: int, deadline: float, args, tally: Tally) -> None:
    """One user: open a session, drag, close, pause; again until ``deadline``. Session indices
    step by ``users``, so every session (of every user) drags along a lane of its own."""
    index = first_index
    while time.perf_counter() < deadline:
        session = Session(server.url, "explorer", index=index)
        scene = ExplorerScene(index)
        session.check = scene.problem
        tally.opened += 1
        try:
            await session.open()
            if session.opened_s is not None:
                await drag(session, scene, time.perf_counter() + args.drag_seconds, UPDATES_PER_DRAG)
                await session.wait_until(lambda s=session: all_settled(s), 30.0)
        finally:
            await session.close()
            tally.closed += 1
        tally.answered += sum(u.answered is not None for u in session.updates)
        tally.errors += session.errors
        lost = [u for u in session.updates if unanswered(u)]
        tally.errors += [f"session {index}: update {u.id} unanswered" for u in lost]
        tally.crossed += session.crossed
        index += users
        await asyncio.sleep(args.pause_seconds)


async def soak(server: Server, args) -> list[Sample]:
    # Warm-up: one session, so imports and the first run's caches are not counted as growth.
    warm = Session(server.url, "explorer", index=10_000)
    await warm.open()
    await warm.close()
    await asyncio.sleep(1.0)
    tally = Tally()
    t0 = time.perf_counter()
    deadline = t0 + 60.0 * args.minutes
    samples: list[Sample] = []

    async def sample() -> None:
        minutes = (time.perf_counter() - t0) / 60.0
        rss = rss_mb(server.pid)
        metrics = await asyncio.to_thread(streamlit_metrics, server.url)
        samples.append(
            Sample(
                minutes,
                rss,
                metrics.get("active_sessions", float("nan")),
                tally.opened,
                tally.closed,
                tally.open_now,
                tally.answered,
                len(tally.errors),
            )
        )
        s = samples[-1]
        print(
            f"{s.minutes:7.2f} {s.rss_mb:9.1f} {s.active:9.0f} {s.opened:7d} {s.closed:7d} {s.open_now:5d} "
            f"{s.answered:9d} {s.errors:7d}",
            flush=True,
        )

    async def sampler() -> None:
        k = 0
        while True:
            await sample()
            k += 1
            await asyncio.sleep(max(0.0, t0 + k * args.sample - time.perf_counter()))

    head = ("minutes", "RSS (MB)", "streamlit", "opened", "closed", "open", "answered", "errors")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (7, 9, 9, 7, 7, 5, 9, 7), strict=True)))
    sampling = asyncio.create_task(sampler())
    await asyncio.gather(*(user(server, i, args.users, deadline, args, tally) for i in range(args.users)))
    sampling.cancel()
    await sample()  # every session closed
    report(samples, tally, args.minutes)
    print(f"Streamlit's counters with every session closed: {metrics_line(server)}")
    return samples


def metrics_line(server: Server) -> str:
    m = streamlit_metrics(server.url)
    nan = float("nan")
    connects = m.get('session_events_total{type="connect"}', nan)
    disconnects = m.get('session_events_total{type="disconnect"}', nan)
    return (
        f"active sessions {m.get('active_sessions', nan):.0f}, connects {connects:.0f}, "
        f"disconnects {disconnects:.0f}"
    )


def slope_mb_per_minute(samples: list[Sample], total_minutes: float) -> tuple[float, float]:
    """Least-squares slope of RSS over the last FIT_MINUTES (the last 80 % if the run is shorter);
    also the start of that window, in minutes."""
    fit = min(FIT_MINUTES, 0.8 * total_minutes)
    start = max(0.0, total_minutes - fit)
    window = [s for s in samples if s.minutes >= start]
    if len(window) < 2:
        return float("nan"), start
    slope, _ = np.polyfit([s.minutes for s in window], [s.rss_mb for s in window], 1)
    return float(slope), start


def report(samples: list[Sample], tally: Tally, total_minutes: float) -> None:
    rss = [s.rss_mb for s in samples]
    slope, start = slope_mb_per_minute(samples, total_minutes)
    print(
        f"RSS: start {rss[0]:.1f} MB, peak {max(rss):.1f} MB, end {rss[-1]:.1f} MB; slope from minute "
        f"{start:.0f} to the end: {slope:+.2f} MB/min"
    )
    print(
        f"sessions opened and closed: {tally.closed}; updates answered: {tally.answered}; "
        f"errors: {len(tally.errors)}; crossed state: {len(tally.crossed)}"
    )
    for problem in (tally.errors + tally.crossed)[:5]:
        print(f"  ! {problem}")


async def main_async(args) -> None:
    t0 = time.monotonic()
    with app_dir(args.snapshot) as (folder, commit), app_server(folder, args.option) as server:
        print(describe(commit, args.option))
        print(
            f"{args.users} users, each: open /explorer, drag {args.drag_seconds:g} s, close, pause "
            f"{args.pause_seconds:g} s; {args.minutes:g} minutes; RSS of pid {server.pid} every "
            f"{args.sample:g} s"
        )
        await soak(server, args)
        await asyncio.sleep(5.0)
        print(f"Streamlit's counters 5 s later: {metrics_line(server)}; RSS {rss_mb(server.pid):.1f} MB")
    print(f"took {time.monotonic() - t0:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--users", type=int, default=6, help="users opening and closing sessions at once")
    parser.add_argument("--drag-seconds", type=float, default=2.0)
    parser.add_argument("--pause-seconds", type=float, default=1.0)
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between RSS samples")
    add_common_arguments(parser)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
