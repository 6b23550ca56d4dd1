"""Streamlit's frontend goes out gzipped, each file compressed once (softmaxviz/ui/precompressed.py)."""

from __future__ import annotations

import gzip
import re
import urllib.request
from typing import NamedTuple

import pytest
from helpers import asgi_request

from softmaxviz.assets import PLOTLY, STREAMLIT_JS
from softmaxviz.ui.precompressed import PrecompressedMiddleware, accepts_gzip

NAME = "PlotlyChart.abc123.js"
SOURCE = b"window.Plotly=" + b"x" * 50_000
STYLE = "index.def456.css"
CSS = b"body{margin:0}" * 4_000


class Reply(NamedTuple):
    status: int | None
    headers: dict[bytes, bytes]
    body: bytes
    passed: bool  # the request reached Streamlit


def middleware(tmp_path) -> PrecompressedMiddleware:
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / NAME).write_bytes(SOURCE)
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / STYLE).write_bytes(CSS)
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "font.woff2").write_bytes(b"wOF2" * 1000)
    (tmp_path / "secret.js").write_bytes(b"not served")

    async def streamlit(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"x-from", b"streamlit")]})
        await send({"type": "http.response.body", "body": b"as Streamlit serves it"})

    return PrecompressedMiddleware(streamlit, root=tmp_path)


GZIP = ((b"accept-encoding", b"gzip, deflate, br"),)


def get(app, path=f"/static/js/{NAME}", *, headers=GZIP, method="GET"):
    scope = {"type": "http", "method": method, "path": path, "headers": list(headers)}
    start, body, _ = asgi_request(app, scope)
    headers = dict(start["headers"])
    return Reply(start["status"], headers, body, headers.get(b"x-from") == b"streamlit")


def test_the_chunk_goes_out_gzipped_and_cached_like_streamlits_chunks(tmp_path):
    reply = get(middleware(tmp_path))
    assert reply.status == 200 and not reply.passed
    assert gzip.decompress(reply.body) == SOURCE
    assert int(reply.headers[b"content-length"]) == len(reply.body) < len(SOURCE) / 20
    assert reply.headers[b"content-encoding"] == b"gzip"
    assert reply.headers[b"content-type"].startswith(b"text/javascript")
    assert reply.headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    assert reply.headers[b"vary"] == b"Accept-Encoding"


def test_a_stylesheet_goes_out_gzipped_as_css(tmp_path):
    reply = get(middleware(tmp_path), f"/static/css/{STYLE}")
    assert reply.status == 200 and not reply.passed and gzip.decompress(reply.body) == CSS
    assert reply.headers[b"content-type"].startswith(b"text/css")


def test_it_is_compressed_once_and_kept(tmp_path, monkeypatch):
    app = middleware(tmp_path)
    calls = []
    compress = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda data, **kw: calls.append(1) or compress(data, **kw))
    first, second = get(app), get(app, "/my-app/static/js/" + NAME)  # behind a base path too
    assert first.body == second.body and len(calls) == 1


def test_a_revalidation_with_its_etag_gets_a_304(tmp_path):
    app = middleware(tmp_path)
    etag = get(app).headers[b"etag"]
    reply = get(app, headers=((b"accept-encoding", b"gzip"), (b"if-none-match", b'"other", ' + etag)))
    assert (reply.status, reply.body, reply.headers[b"etag"]) == (304, b"", etag)


@pytest.mark.parametrize(
    ("path", "headers", "method"),
    [
        (f"/static/js/{NAME}", (), "GET"),  # no gzip accepted
        (f"/static/js/{NAME}", ((b"accept-encoding", b"gzip;q=0, br"),), "GET"),
        (f"/static/js/{NAME}", ((b"accept-encoding", b"gzip"), (b"range", b"bytes=0-99")), "GET"),
        (f"/static/js/{NAME}", ((b"accept-encoding", b"gzip"),), "HEAD"),
        ("/static/js/index.abc.js", ((b"accept-encoding", b"gzip"),), "GET"),  # no such chunk
        (f"/explorer/{NAME}", ((b"accept-encoding", b"gzip"),), "GET"),  # not where chunks live
        (f"/static/css/{NAME}", ((b"accept-encoding", b"gzip"),), "GET"),  # not in that folder
        ("/static/js/..", ((b"accept-encoding", b"gzip"),), "GET"),
        ("/static/js/../secret.js", ((b"accept-encoding", b"gzip"),), "GET"),  # as a client may send it
        ("/static/media/font.woff2", ((b"accept-encoding", b"gzip"),), "GET"),  # compressed already
        ("/static/js/x\x00.js", ((b"accept-encoding", b"gzip"),), "GET"),  # not a file name
    ],
)
def test_everything_else_reaches_streamlit_untouched(tmp_path, path, headers, method):
    reply = get(middleware(tmp_path), path, headers=headers, method=method)
    assert reply.passed and reply.body == b"as Streamlit serves it"


def test_accepts_gzip_reads_the_header_as_http_does():
    assert accepts_gzip(b"gzip, deflate, br, zstd") and accepts_gzip(b"*") and accepts_gzip(b"GZIP;q=0.5")
    assert not accepts_gzip(b"") and not accepts_gzip(b"br") and not accepts_gzip(b"gzip;q=0")
    assert not accepts_gzip(b"gzip;q=") and not accepts_gzip(b"gzip;q=high")  # malformed: no gzip


def test_the_app_serves_streamlits_chunks_gzipped_plotly_among_them():
    # app.py hands the middleware Streamlit's frontend, where the Plotly.js the canvases load is.
    import app

    (zipping,) = [m for m in app.app._user_middleware if m.cls is PrecompressedMiddleware]
    root = zipping.kwargs["root"]
    assert root == STREAMLIT_JS.parent and (root / "js").is_dir() and (root / "css").is_dir()
    if not PLOTLY.copied:
        assert PLOTLY.source == root / "js" / PLOTLY.name


def test_a_served_page_loads_streamlits_chunks_gzipped(app_url):
    # The real server, as a browser's first load asks: every chunk the page names comes gzipped.
    with urllib.request.urlopen(f"{app_url}/explorer") as r:
        html = r.read().decode()
    chunks = sorted(set(re.findall(r'"\./static/((?:js|css)/[^"]+)"', html)))
    assert any(c.startswith("js/index.") for c in chunks) and any(c.startswith("css/") for c in chunks)
    for chunk in chunks:
        request = urllib.request.Request(f"{app_url}/static/{chunk}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as r:
            assert r.headers["Content-Encoding"] == "gzip", chunk
            assert gzip.decompress(r.read()) == (STREAMLIT_JS.parent / chunk).read_bytes()
