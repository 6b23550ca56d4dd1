"""Serve Streamlit's frontend gzipped, each file compressed once per process instead of not at all.

Streamlit 1.67 serves its frontend's chunks (``static/js/``, ``static/css/``) uncompressed on
purpose: its gzip middleware would compress them again on every request, and a proxy or CDN in
front usually compresses. Without one (``streamlit run`` on a school's server, a container behind a
plain load balancer) a first load of the explorer fetched 4.7 MB: 3.3 MB of Streamlit's chunks as
they are, and the Plotly.js the canvases load (Streamlit's ``PlotlyChart`` chunk,
softmaxviz/assets.py) at 1.4 MB, the one file this module gzipped until 2026-11-27. Gzipped, those
chunks are 1.3 MB: the first load moves 2.7 MB. A class of 40 opening a shared link on one Wi-Fi
moves 80 MB less.

:class:`PrecompressedMiddleware` (app.py serves Streamlit through ``st.App`` with it) answers a
``GET`` of such a file from a gzip made once, in a worker thread, on its first request (12 ms for
Streamlit's 480 KB ``index`` chunk, 0.13 s for Plotly.js), and kept with the process: no CPU per
request after that. Only files a browser asked for are kept (a page asks for 3–8 MB of the 23 MB;
gzipped, a third of that).

Everything else passes to Streamlit untouched, and so does a request for such a file that does not
accept gzip or asks for a range. The answer carries Streamlit's caching of its chunks (public,
immutable, a year): the name holds a hash of the content.
"""

from __future__ import annotations

import asyncio
import gzip
import threading
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

# Where Streamlit serves its frontend's chunks, below the app's base URL, and what they are.
FOLDERS = {"js": b"text/javascript; charset=utf-8", "css": b"text/css; charset=utf-8"}
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
    """ASGI middleware: a ``GET`` of ``<base>/static/<folder>/<name>`` for a file ``name`` of
    ``root/<folder>`` (``folder`` one of :data:`FOLDERS`, ``name`` ending in ``.<folder>``), by a
    client that accepts gzip, gets the file gzipped (compressed once, then kept); an
    ``If-None-Match`` with its etag gets a 304. ``root``: Streamlit's ``static/static`` folder."""

    def __init__(self, app: ASGIApp, root: Path) -> None:
        self.app = app
        self.root = Path(root)
        self._zipped: dict[tuple[str, str], bytes] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}

    def zipped(self, file: tuple[str, str]) -> bytes:
        """The gzip of ``root/<folder>/<name>`` for ``file = (folder, name)``, made on the first
        call (one call at a time per file; files in parallel) and kept."""
        with self._locks.setdefault(file, threading.Lock()):
            if file not in self._zipped:
                folder, name = file
                data = (self.root / folder / name).read_bytes()
                self._zipped[file] = gzip.compress(data, compresslevel=9, mtime=0)
            return self._zipped[file]

    def _file(self, scope: Scope) -> tuple[str, str] | None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            return None
        rest, _, name = scope.get("path", "").rpartition("/")
        parent, _, folder = rest.rpartition("/")
        if folder not in FOLDERS or not parent.endswith("/static"):
            return None
        if not name.endswith(f".{folder}") or name.startswith("."):
            return None
        file = (folder, name)
        # A name is a single path segment (no "/"), so it stays inside root/<folder>.
        if file not in self._zipped and not (self.root / folder / name).is_file():
            return None
        if _header(scope, b"range") or not accepts_gzip(_header(scope, b"accept-encoding")):
            return None
        return file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        file = self._file(scope)
        if file is None:
            await self.app(scope, receive, send)
            return
        folder, name = file
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
        body = self._zipped.get(file) or await asyncio.to_thread(self.zipped, file)
        headers += [
            (b"content-type", FOLDERS[folder]),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
