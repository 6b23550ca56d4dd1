"""Streamlit's Plotly.js goes out gzipped, compressed once (softmaxviz/ui/precompressed.py)."""

from __future__ import annotations

import gzip
from typing import NamedTuple

import pytest
from helpers import asgi_request

from softmaxviz.assets import PLOTLY
from softmaxviz.ui.precompressed import PrecompressedMiddleware, accepts_gzip

NAME = "PlotlyChart.abc123.js"
SOURCE = b"window.Plotly=" + b"x" * 50_000


class Reply(NamedTuple):
    status: int | None
    headers: dict[bytes, bytes]
    body: bytes
    passed: bool  # the request reached Streamlit


def middleware(tmp_path) -> PrecompressedMiddleware:
    (tmp_path / NAME).write_bytes(SOURCE)

    async def streamlit(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"x-from", b"streamlit")]})
        await send({"type": "http.response.body", "body": b"as Streamlit serves it"})

    return PrecompressedMiddleware(streamlit, files={NAME: tmp_path / NAME})


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
        ("/static/js/index.abc.js", ((b"accept-encoding", b"gzip"),), "GET"),  # another chunk
        (f"/explorer/{NAME}", ((b"accept-encoding", b"gzip"),), "GET"),  # not where chunks live
    ],
)
def test_everything_else_reaches_streamlit_untouched(tmp_path, path, headers, method):
    reply = get(middleware(tmp_path), path, headers=headers, method=method)
    assert reply.passed and reply.body == b"as Streamlit serves it"


def test_accepts_gzip_reads_the_header_as_http_does():
    assert accepts_gzip(b"gzip, deflate, br, zstd") and accepts_gzip(b"*") and accepts_gzip(b"GZIP;q=0.5")
    assert not accepts_gzip(b"") and not accepts_gzip(b"br") and not accepts_gzip(b"gzip;q=0")
    assert not accepts_gzip(b"gzip;q=") and not accepts_gzip(b"gzip;q=high")  # malformed: no gzip


def test_the_app_serves_streamlits_plotly_chunk_gzipped():
    # app.py hands the middleware the Plotly.js the canvases load: Streamlit's own chunk.
    import app

    (zipping,) = [m for m in app.app._user_middleware if m.cls is PrecompressedMiddleware]
    assert zipping.kwargs["files"] == {PLOTLY.name: PLOTLY.source}
