"""softmaxviz: the entry point. ``streamlit run app.py``."""

import streamlit as st

from softmaxviz import ui
from softmaxviz.canvas import ensure_static_plotly
from softmaxviz.strings import t

st.set_page_config(page_title=t("app.title"), layout="wide")
try:
    ensure_static_plotly()
except OSError as exc:  # e.g. a read-only app folder: say so instead of a traceback
    st.error(t("msg.static_failed", ui.lang(), error=exc))
L = ui.lang()

home = ui.PAGES[0][0]
pages = [
    st.Page(
        f"pages/{name}.py",
        title=t(key, L),
        icon=f":material/{icon}:",
        url_path=None if name == home else name,
        default=name == home,
    )
    for name, key, icon, _ in ui.PAGES
]
st.navigation(pages).run()
