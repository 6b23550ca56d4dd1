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

# (file in pages/, title key, material icon). A page's url path is its file name, so the legacy
# pages/ router that serves a session's first request finds it too (see ui._ensure_navigation).
PAGES = [
    ("home", "home.nav", "home"),
    ("explorer", "explorer.nav", "open_with"),
    ("explorer_3d", "explorer3d.nav", "view_in_ar"),
    ("matrix_view", "matrix.nav", "grid_on"),
    ("tour", "tour.nav", "tour"),
    ("scenarios", "scenarios.nav", "school"),
    ("margin_lab", "margin.nav", "architecture"),
]
home = PAGES[0][0]
pages = [
    st.Page(
        f"pages/{name}.py",
        title=t(key, L),
        icon=f":material/{icon}:",
        url_path=None if name == home else name,
        default=name == home,
    )
    for name, key, icon in PAGES
]
st.navigation(pages).run()
