"""Serve Streamlit's Plotly.js gzipped, compressed once per process instead of not at all.

Streamlit 1.67 serves its frontend's chunks (``static/js/``) uncompressed on purpose: its gzip
middleware would compress them again on every request, and a proxy or CDN in front usually
compresses. The app's drag canvases load Plotly.js from Streamlit's own ``PlotlyChart`` chunk
(softmaxviz/assets.py), 4.6 MB as served, 1.4 MB gzipped: a first load on a classroom's network
without such a proxy would fetch all 4.6 MB. :class:`PrecompressedMiddleware` (app.py serves
Streamlit through ``st.App`` with it) answers a ``GET`` of such a file from a gzip made once, in a
worker thread, on its first request (0.13 s for Plotly.js), and kept with the process: no CPU per
request.

Everything else passes to Streamlit untouched, and so does a request for the file that does not
accept gzip or asks for a range. The answer carries Streamlit's caching of its chunks (public,
immutable, a year): the name holds a hash of the content.
"""

from __future__ import annotations

import asyncio
import gzip
import threading
from collections.abc import Mapping
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

# Where Streamlit serves its frontend's chunks, below the app's base URL.
FOLDER = "/static/js/"
CACHE_CONTROL = b"public, immutable, max-age=31536000"


def _header(scope: Scope, name: bytes) -> bytes:
    return b",".join(value for key, value in scope.get("headers", []) if key.lower() == name)


def accepts_gzip(accept_encoding: bytes) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (not refused with ``q=0``; a weight that
    is not a number counts as a refusal, and Streamlit answers as it would)."""
    for part in accept_encoding.lower().split(b","):
        coding, _, params = part.strip().partition(b";")
        if coding.strip() in (b"gzip", b"*"):
            q = params.strip()
            if not q.startswith(b"q="):
                return True
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
    return False


class PrecompressedMiddleware:
    """ASGI middleware: a ``GET`` of ``<base>/static/js/<name>`` for a ``name`` in ``files``
    (served name -> file), by a client that accepts gzip, gets the file gzipped (compressed once,
    then kept); an ``If-None-Match`` with its etag gets a 304."""

    def __init__(self, app: ASGIApp, files: Mapping[str, Path]) -> None:
        self.app = app
        self.files = dict(files)
        self._zipped: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def zipped(self, name: str) -> bytes:
        """The gzip of ``files[name]``, made on the first call (one at a time) and kept."""
        with self._lock:
            if name not in self._zipped:
                self._zipped[name] = gzip.compress(self.files[name].read_bytes(), compresslevel=9, mtime=0)
            return self._zipped[name]

    def _name(self, scope: Scope) -> str | None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            return None
        folder, _, name = scope.get("path", "").rpartition("/")
        if f"{folder}/".endswith(FOLDER) and name in self.files and not _header(scope, b"range"):
            return name if accepts_gzip(_header(scope, b"accept-encoding")) else None
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name = self._name(scope)
        if name is None:
            await self.app(scope, receive, send)
            return
        etag = f'"{name}-gzip"'.encode()
        headers = [
            (b"cache-control", CACHE_CONTROL),
            (b"etag", etag),
            (b"vary", b"Accept-Encoding"),
        ]
        if etag in (tag.strip() for tag in _header(scope, b"if-none-match").split(b",")):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        # Made once (0.13 s for Plotly.js); until then in a worker thread, not the event loop.
        body = self._zipped.get(name) or await asyncio.to_thread(self.zipped, name)
        headers += [
            (b"content-type", b"text/javascript; charset=utf-8"),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
