"""softmaxviz: the entry point. ``streamlit run app.py``."""

import streamlit as st

from softmaxviz.canvas import ensure_static_plotly
from softmaxviz.strings import t

ensure_static_plotly()
st.set_page_config(page_title=t("app.title"), layout="wide")

PAGES = [
    st.Page("pages/home.py", title=t("home.nav"), icon=":material/home:", default=True),
    st.Page("pages/explorer.py", title=t("explorer.nav"), icon=":material/open_with:", url_path="explorer"),
    st.Page(
        "pages/explorer_3d.py",
        title=t("explorer3d.nav"),
        icon=":material/view_in_ar:",
        url_path="explorer_3d",
    ),
    st.Page("pages/matrix_view.py", title=t("matrix.nav"), icon=":material/grid_on:", url_path="matrix_view"),
    st.Page("pages/scenarios.py", title=t("scenarios.nav"), icon=":material/school:", url_path="scenarios"),
    st.Page(
        "pages/margin_lab.py", title=t("margin.nav"), icon=":material/architecture:", url_path="margin_lab"
    ),
]
st.navigation(PAGES).run()
