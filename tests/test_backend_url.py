"""The page's HTML tells Streamlit's frontend where the server is (softmaxviz/ui/backend_url.py)."""

from __future__ import annotations

import gzip
import json
import re
from typing import NamedTuple

import pytest
from conftest import Canvas
from helpers import asgi_request

from softmaxviz.ui import nav
from softmaxviz.ui.backend_url import BackendUrlMiddleware, init_script, inject

PAGE = b'<html><head><script>window.a = 1</script><script type="module" src="x.js"></script></head></html>'
ETAG = b'"abc123"'


def page_app(
    body: bytes, *, status: int = 200, content_type: bytes = b"text/html; charset=utf-8", chunks: int = 1
):
    """A fake Streamlit: answers every request with ``body`` (in ``chunks`` pieces) and records
    the headers it was asked with. A request carrying the page's etag gets a 304, as Starlette's
    static files answer it."""
    seen: list[dict[bytes, bytes]] = []

    async def app(scope, receive, send):
        seen.append(dict(scope.get("headers", [])))
        if scope["type"] != "http":
            await send({"type": "websocket.accept"})
            return
        if seen[-1].get(b"if-none-match") == ETAG:
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", ETAG)]})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            (b"etag", ETAG),
        ]
        if body[:2] == b"\x1f\x8b":
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        size = -(-len(body) // chunks)
        for i in range(chunks):
            piece = body[i * size : (i + 1) * size]
            await send({"type": "http.response.body", "body": piece, "more_body": i < chunks - 1})

    return app, seen


class Reply(NamedTuple):
    status: int | None
    headers: dict[bytes, bytes]
    body: bytes
    sent: list[dict]


def serve(app, *, headers=(), scope_type="http", method="GET"):
    """One request through :class:`BackendUrlMiddleware`: (status, headers, body) it sent."""
    middleware = BackendUrlMiddleware(app, page_paths=nav.url_paths())
    scope = {"type": scope_type, "method": method, "path": "/explorer", "headers": list(headers)}
    start, body, sent = asgi_request(middleware, scope)
    return Reply(start.get("status"), dict(start.get("headers", [])), body, sent)


def script() -> bytes:
    return init_script(nav.url_paths()).encode()


def test_inject_puts_the_script_before_the_first_script_tag():
    out = inject(PAGE, "<script>S</script>")
    assert out == PAGE.replace(b"<script>window", b"<script>S</script><script>window", 1)


def test_inject_leaves_a_page_without_scripts_alone():
    assert inject(b"<html>no scripts</html>", "<script>S</script>") == b"<html>no scripts</html>"


def test_init_script_names_every_page_but_home():
    names = re.search(r"const pages=(\[.*?\]);", init_script(nav.url_paths())).group(1)
    assert names == "[" + ",".join(f'"{name}"' for name in sorted(name for name, *_ in nav.PAGES[1:])) + "]"
    assert '"home"' not in names


@pytest.mark.parametrize("chunks", [1, 3])
def test_a_page_gets_the_script_and_a_true_length(chunks):
    reply = serve(page_app(PAGE, chunks=chunks)[0])
    assert reply.status == 200
    assert reply.body == inject(PAGE, init_script(nav.url_paths()))
    assert int(reply.headers[b"content-length"]) == len(reply.body)


def test_a_gzipped_page_stays_gzipped_with_the_script():
    reply = serve(page_app(gzip.compress(PAGE), chunks=2)[0])
    assert reply.headers[b"content-encoding"] == b"gzip"
    assert int(reply.headers[b"content-length"]) == len(reply.body)
    assert gzip.decompress(reply.body) == inject(PAGE, init_script(nav.url_paths()))


def test_other_responses_pass_byte_for_byte():
    app, _ = page_app(b"console.log('<script')", content_type=b"text/javascript")
    reply = serve(app)
    assert reply.body == b"console.log('<script')"
    assert reply.headers[b"etag"] == ETAG
    assert [m.get("more_body", False) for m in reply.sent if m["type"] == "http.response.body"] == [False]


def test_a_websocket_passes_untouched():
    app, seen = page_app(PAGE)
    *_, sent = serve(app, scope_type="websocket", headers=[(b"if-none-match", b"x")])
    assert sent == [{"type": "websocket.accept"}]
    assert seen == [{b"if-none-match": b"x"}]


def test_the_page_etag_names_the_script_and_revalidates_to_304():
    _, headers, _, _ = serve(page_app(PAGE)[0])
    marked = headers[b"etag"]
    assert marked != ETAG and marked.startswith(ETAG[:-1]) and marked.endswith(b'"')
    app, seen = page_app(PAGE)
    status, headers, body, _ = serve(app, headers=[(b"if-none-match", marked)])
    assert seen[-1][b"if-none-match"] == ETAG  # Streamlit compares its own etag
    assert (status, headers[b"etag"], body) == (304, marked, b"")


def test_a_page_with_another_script_is_sent_again():
    stale = ETAG[:-1] + b'-svz0000000000"'
    app, seen = page_app(PAGE)
    reply = serve(app, headers=[(b"if-none-match", stale)])
    assert seen[-1][b"if-none-match"] == stale
    assert reply.status == 200 and script() in reply.body


def test_an_asset_304_keeps_its_etag():
    app, _ = page_app(b"x", content_type=b"text/javascript")
    status, headers, _, _ = serve(app, headers=[(b"if-none-match", ETAG)])
    assert (status, headers[b"etag"]) == (304, ETAG)


def test_a_head_request_passes_untouched():
    reply = serve(page_app(PAGE)[0], method="HEAD")
    assert reply.body == PAGE and reply.headers[b"etag"] == ETAG


# In a real browser: the script's base URL for every kind of path, on a page served by a route.
BASES = [
    ("/", "/"),
    ("/explorer", "/"),
    ("/explorer/", "/"),
    ("/margin_lab?kind=arcface", "/"),
    ("/sub/explorer", "/sub/"),
    ("/sub/", "/sub/"),
    ("/~/+/training_lab", "/~/+/"),
    ("/no_such_page", "/no_such_page/"),  # not a page: Streamlit probes as before
    ("/sub/%E0%A4%A", "/sub/%E0%A4%A/"),  # a malformed escape is not a page either, and no error
]


def streamlit_globals(browser, path: str, head: bytes = b"") -> dict:
    """``window.__streamlit`` on a page at ``http://svz.test<path>``: ``head`` (a host's own
    scripts), then Streamlit's first script tag with the middleware's script before it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        streamlit = inject(b"<script></script>", init_script(nav.url_paths()))
        html = b"<html><head>" + head + streamlit + b"</head></html>"
        page.route("http://svz.test/**", lambda route: route.fulfill(content_type="text/html", body=html))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("http://svz.test" + path)
        assert not errors, errors  # the script never throws (a throw leaves Streamlit to probe)
        return page.evaluate("window.__streamlit")
    finally:
        context.close()


@pytest.mark.parametrize(("path", "base"), BASES)
def test_the_script_finds_the_server_from_any_page_path(browser, path, base):
    assert streamlit_globals(browser, path) == {"BACKEND_BASE_URL": "http://svz.test" + base}


def test_a_hosts_own_backend_url_is_kept(browser):
    host = {"BACKEND_BASE_URL": "https://host.test/app/", "LIGHT_THEME": 1}
    head = f"<script>window.__streamlit = {json.dumps(host)}</script>".encode()
    assert streamlit_globals(browser, "/explorer", head) == host


def test_a_shared_link_connects_without_the_base_path_probe(app_url, page):
    """Opened cold on a page's deep link, the app asks only the server's own health address and
    draws its canvas (before, it asked /explorer/_stcore/health first and waited 100 ms)."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{app_url}/explorer?x=1.5,0.5")
    canvas = Canvas(page)
    canvas.wait_ready()
    assert canvas.points()["x"] == [1.5, 0.5]
    health = [url.removeprefix(app_url) for url in asked if "_stcore/health" in url]
    assert health == ["/_stcore/health"]
