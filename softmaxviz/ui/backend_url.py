"""Tell Streamlit's frontend where the server is, so a page's first load skips the base-path probe.

Streamlit 1.67's frontend does not know whether ``/explorer`` is a page of an app served at ``/``
or an app served under the base path ``/explorer``. It asks ``/explorer/_stcore/health`` first;
that fails (404), and it waits its retry delay (100 ms) before it asks ``/_stcore/health`` and
opens the websocket. Every first load of a page other than Home, a shared link's above all, lost
100-150 ms to it. The frontend skips the probe when ``window.__streamlit.BACKEND_BASE_URL`` is
set before its bundle runs.

:class:`BackendUrlMiddleware` (app.py serves Streamlit through ``st.App`` with it) adds a small
script to the page's HTML that sets it: the page's own URL without the trailing page name, so an
app served under a base path or behind a hosting prefix finds its server the same way. A path
that is not a page name is left whole, and the frontend then probes as before.

The same script keeps a page one entry of the browser's history. A page's first run writes the
address in its own form (only what differs from the defaults, and the mark ``v=2``), and
Streamlit pushes every address Python writes as a new entry: Back then first went to the link as
it was typed, the same scene, and took a second press to leave it. The same happened now and then
after a page opened from the sidebar (Streamlit pushes the new page's path with the old query
first). So the first push to the same page after it opened (a load, or a push to another path),
before the user's next input (a pointer press or a key), replaces the entry instead; every later
push, each an undo step, is left alone.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Before Streamlit's first script tag: a classic inline script runs before the module bundle.
ANCHOR = b"<script"
# The page's etag gets this and the script's hash inside its quotes: the page differs from the
# file Streamlit's etag names.
ETAG_MARK = "-svz"


def init_script(page_paths: Iterable[str]) -> str:
    """The inline script that sets ``window.__streamlit.BACKEND_BASE_URL`` and keeps a page one
    entry of the browser's history.

    ``page_paths`` are the url paths of every page but the default one (served at the app's
    root). The base is ``location``'s origin and path with a trailing page name removed. A value
    a host set before (``window.__streamlit`` of a page that embeds Streamlit) is kept.
    """
    names = json.dumps(sorted(page_paths), separators=(",", ":"))
    return (
        "<script>(()=>{"
        f"const pages={names};"
        'const parts=location.pathname.replace(/\\/+$/,"").split("/");'
        "if(pages.includes(parts[parts.length-1]))parts.pop();"
        'const base=location.origin+parts.join("/")+"/";'
        # A host's own setting (a page that embeds the app) wins.
        "window.__streamlit=Object.assign({BACKEND_BASE_URL:base},window.__streamlit);"
        # A page's first address replaces its entry (see the module's docstring).
        "const h=history,push=h.pushState;let settling=true;"
        "const input=()=>{settling=false};"
        'for(const type of["pointerdown","keydown"])addEventListener(type,input,{capture:true});'
        "h.pushState=function(state,title,url){"
        "if(url!=null){"
        "if(new URL(url,location.href).pathname!==location.pathname)settling=true;"
        "else if(settling){settling=false;return h.replaceState(state,title,url)}}"
        "return push.call(this,state,title,url)};"
        "})()</script>"
    )


def inject(html: bytes, script: str) -> bytes:
    """``html`` with ``script`` before its first ``<script`` tag (unchanged if it has none)."""
    at = html.find(ANCHOR)
    if at < 0:
        return html
    return html[:at] + script.encode() + html[at:]


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


class BackendUrlMiddleware:
    """ASGI middleware: every ``GET`` answered with a whole HTML page gets :func:`init_script`.

    Everything else (assets, the websocket, ranges) passes untouched. A gzipped page is unzipped
    and zipped again. The page's etag gets a suffix naming the script, taken off again when the
    browser revalidates with it: Streamlit compares its own etag, the ``304`` goes back marked,
    and a page with another script (an older deploy's) is stale and sent anew.
    """

    def __init__(self, app: ASGIApp, page_paths: Iterable[str]) -> None:
        self.app = app
        self.script = init_script(page_paths)
        self.mark = ETAG_MARK + hashlib.sha1(self.script.encode()).hexdigest()[:10]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        asked = list(scope.get("headers", []))
        unmarked = [(key, self._unmarked(key, value)) for key, value in asked]
        # The browser holds a page with this script: a 304 must keep the mark on its etag.
        revalidated = _header(unmarked, b"if-none-match") != _header(asked, b"if-none-match")
        page_start: Message | None = None
        chunks: list[bytes] = []

        async def send_page(message: Message) -> None:
            nonlocal page_start
            if message["type"] == "http.response.start":
                status, headers = message.get("status"), list(message.get("headers", []))
                if status == 304 and revalidated:
                    await send({**message, "headers": self._marked(headers)})
                elif status == 200 and (_header(headers, b"content-type") or b"").startswith(b"text/html"):
                    page_start = message
                else:
                    await send(message)
            elif page_start is None or message["type"] != "http.response.body":
                await send(message)
            else:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._send_page(page_start, b"".join(chunks), send)

        await self.app({**scope, "headers": unmarked}, receive, send_page)

    def _unmarked(self, key: bytes, value: bytes) -> bytes:
        """A revalidation's etag without this script's mark (an older script's mark stays, so
        the server sees a stale etag and sends the page again)."""
        if key.lower() != b"if-none-match":
            return value
        return value.replace(f'{self.mark}"'.encode(), b'"')

    def _marked(self, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """``headers`` with this script's mark on the etag."""
        mark = f'{self.mark}"'.encode()
        return [
            (key, value[:-1] + mark if key.lower() == b"etag" and value.endswith(b'"') else value)
            for key, value in headers
        ]

    async def _send_page(self, start: Message, body: bytes, send: Send) -> None:
        headers = start.get("headers", [])
        zipped = _header(headers, b"content-encoding") == b"gzip"
        page = inject(gzip.decompress(body) if zipped else body, self.script)
        if zipped:
            page = gzip.compress(page, mtime=0)
        headers = [(k, v) for k, v in self._marked(headers) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(page)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": page, "more_body": False})
