"""bench/load_gen.py against the real app: sessions dragging at the same time each see only their
own scene. No browser (websocket protocol only), so it runs in the normal suite: 3 s of load on
the shared app server (conftest's ``app_url``), about 7 s with starting it."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from helpers import in_own_thread
from load_gen import CANVAS, ExplorerScene, Session, all_settled, drag_point, run_sessions
from streamlit.proto.Element_pb2 import Element

SESSIONS, SECONDS = 3, 3.0


def drag_together(url: str) -> tuple[list[Session], list[ExplorerScene]]:
    async def run():
        # One session first: the first runs of a cold server import plotly's optional pandas in
        # several threads at once, which can fail (a cold-start race, not crossed state).
        warm = Session(url, "explorer", index=SESSIONS)
        await warm.open()
        await warm.close()
        crowd = [Session(url, "explorer", index=i) for i in range(SESSIONS)]
        scenes = await run_sessions(crowd, "drag", time.perf_counter() + SECONDS, updates_per_drag=4)
        await asyncio.gather(*(s.wait_until(lambda s=s: all_settled(s), 30.0) for s in crowd))
        await asyncio.gather(*(s.close() for s in crowd))
        return crowd, scenes

    return in_own_thread(run)


def test_sessions_dragging_at_once_each_see_only_their_own_scene(app_url):
    crowd, scenes = drag_together(app_url)
    for session, scene in zip(crowd, scenes, strict=True):
        assert session.errors == []
        assert session.crossed == []
        assert sum(u.answered is not None for u in session.updates) >= 3
        assert any(u.final and u.answered is not None for u in session.updates)  # a release, too
        assert scene.checked > 0


def test_a_point_another_session_made_counts_as_crossed():
    canvas = Element()
    canvas.bidi_component.id = f"$$ID-0123-{CANVAS}"
    canvas.bidi_component.json = json.dumps({"points": {"x": drag_point(1, 0)}})
    mine = ExplorerScene(0)
    mine.made(drag_point(0, 0))
    assert mine.problem("bidi_component", canvas) is not None
    canvas.bidi_component.json = json.dumps({"points": {"x": drag_point(0, 0)}})
    assert mine.problem("bidi_component", canvas) is None
