"""What several test modules share: the margin variants, a finite-difference gradient, asyncio
in a thread of its own and one request through an ASGI app."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from softmaxviz.kinds import KINDS

# Every kind at its defaults, plus the variants that take other branches of the formulas.
VARIANTS = [(k, {}) for k in KINDS] + [
    ("softmax", {"b": [0.5, -1.0, 2.0]}),
    ("arcface", {"easy_margin": True}),
    ("lsoftmax", {"m": 1.35, "lam": 0.7}),
    ("sphereface", {"m": 2.5, "lam": 3.0}),
    ("combined", {"m1": 0.9, "m2": 0.4, "m3": 0.15}),
]
VARIANT_IDS = [k + "".join(f"-{n}={v}" for n, v in p.items()) for k, p in VARIANTS]


def numeric_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar ``f()`` with respect to every entry of ``x`` (changed in place)."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        up = f()
        x[i] = keep - h
        down = f()
        x[i] = keep
        g[i] = (up - down) / (2 * h)
    return g


def in_own_thread(coroutine_function):
    """``asyncio.run(coroutine_function())`` in a thread of its own: after a browser test in the
    same pytest process, Playwright's sync API keeps the main thread's event loop marked as
    running, and ``asyncio.run`` refuses to start there."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


def asgi_request(app, scope: dict) -> tuple[dict, bytes, list[dict]]:
    """One request through the ASGI ``app``: its ``http.response.start`` message ({} if none), the
    body it sent, and every message it sent."""
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    in_own_thread(lambda: app(scope, receive, send))
    start = next((m for m in sent if m["type"] == "http.response.start"), {})
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start, body, sent
