"""softmaxviz: the entry point. ``streamlit run app.py``.

``streamlit run`` finds ``app`` below and serves through it: Streamlit's own server (``st.App``)
with two middlewares: one tells the browser where the server is, so a page's first load skips
Streamlit's base-path probe (``softmaxviz/ui/backend_url.py``); one serves Streamlit's frontend
(its chunks, and the Plotly.js the canvases load too) gzipped once instead of uncompressed
(``softmaxviz/ui/precompressed.py``). Every session then runs this file as its script, where
``__name__`` is ``"__main__"``: :func:`main`.
"""

from contextlib import suppress

import streamlit as st
from starlette.middleware import Middleware

from softmaxviz.assets import STREAMLIT_JS, ensure_static_assets
from softmaxviz.palette import favicon
from softmaxviz.strings import t
from softmaxviz.ui import nav, session, wiring
from softmaxviz.ui.backend_url import BackendUrlMiddleware
from softmaxviz.ui.precompressed import PrecompressedMiddleware
from softmaxviz.ui.transport import disable_nagle


def main() -> None:
    # Present mode starts with the sidebar collapsed (a user's own toggle of it wins, as Streamlit keeps it).
    sidebar = "collapsed" if session.prefs().projector else "auto"
    st.set_page_config(
        page_title=t("app.title"), page_icon=favicon(), layout="wide", initial_sidebar_state=sidebar
    )
    lang = session.lang()
    try:
        ensure_static_assets()
    except OSError as exc:  # e.g. a read-only app folder: say so instead of a traceback
        st.error(t("msg.static_failed", lang, error=exc))

    disable_nagle()  # once per process: see softmaxviz/ui/transport.py

    pages = [
        st.Page(
            nav.page_file(name),
            title=t(key, lang),
            icon=f":material/{icon}:",
            url_path=nav.url_path(name),
            default=nav.url_path(name) is None,
        )
        for name, key, icon, _ in nav.PAGES
    ]
    page = st.navigation(pages)
    # The window's and the tab's title name the page (every page was "softmaxviz" to a screen
    # reader and in the browser's history).
    st.set_page_config(page_title=t("app.page_title", lang, page=page.title))
    session.arrive(page.url_path)
    wiring.resend_channel(lang)
    page.run()
    session.run_ended()


if __name__ == "__main__":
    main()
else:
    # Before the server starts, which looks for app/static/ once ("no static folder found", and
    # its files were then served anyway): main() makes it again if it went missing.
    with suppress(OSError):  # main() says so on the page
        ensure_static_assets()
    app = st.App(
        __file__,
        middleware=[
            Middleware(BackendUrlMiddleware, page_paths=nav.url_paths()),
            # A copy of Plotly.js (where Streamlit has none of its own) is served from app/static/,
            # which Streamlit gzips itself.
            Middleware(PrecompressedMiddleware, root=STREAMLIT_JS.parent),
        ],
    )
