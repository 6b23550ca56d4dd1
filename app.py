"""softmaxviz: the entry point. ``streamlit run app.py``."""

import streamlit as st

from softmaxviz.assets import ensure_static_assets
from softmaxviz.strings import t
from softmaxviz.ui import nav, session, wiring
from softmaxviz.ui.transport import disable_nagle

# Present mode starts with the sidebar collapsed (a user's own toggle of it wins, as Streamlit keeps it).
sidebar = "collapsed" if session.prefs().projector else "auto"
st.set_page_config(page_title=t("app.title"), layout="wide", initial_sidebar_state=sidebar)
lang = session.lang()
try:
    ensure_static_assets()
except OSError as exc:  # e.g. a read-only app folder: say so instead of a traceback
    st.error(t("msg.static_failed", lang, error=exc))

disable_nagle()  # once per process: see softmaxviz/ui/transport.py

home = nav.PAGES[0][0]
pages = [
    st.Page(
        nav.page_file(name),
        title=t(key, lang),
        icon=f":material/{icon}:",
        url_path=None if name == home else name,
        default=name == home,
    )
    for name, key, icon, _ in nav.PAGES
]
page = st.navigation(pages)
session.arrive(page.url_path)
wiring.resend_channel()
page.run()
