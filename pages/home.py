"""Home: the idea in one sentence and links to the pages (carrying the scene)."""

import streamlit as st

from softmaxviz import ui
from softmaxviz.strings import t

scene = ui.current_scene()
L = ui.lang()
st.title(t("app.title", L))
st.markdown(t("home.tagline", L))
ui.show_messages(())
st.subheader(t("home.pages", L))
st.page_link(
    "pages/explorer.py",
    label=t("explorer.nav", L),
    icon=":material/open_with:",
    query_params=scene.to_query(),
)
st.caption(t("home.explorer_blurb", L))
st.page_link(
    "pages/explorer_3d.py",
    label=t("explorer3d.nav", L),
    icon=":material/view_in_ar:",
    query_params=scene.to_query(),
)
st.caption(t("home.explorer3d_blurb", L))
st.page_link(
    "pages/matrix_view.py",
    label=t("matrix.nav", L),
    icon=":material/grid_on:",
    query_params=scene.to_query(),
)
st.caption(t("home.matrix_blurb", L))
st.page_link(
    "pages/margin_lab.py",
    label=t("margin.nav", L),
    icon=":material/architecture:",
    query_params=scene.to_query(),
)
st.caption(t("home.margin_blurb", L))
st.page_link("pages/tour.py", label=t("tour.nav", L), icon=":material/tour:", query_params=scene.to_query())
st.caption(t("home.tour_blurb", L))
st.page_link(
    "pages/scenarios.py",
    label=t("scenarios.nav", L),
    icon=":material/school:",
    query_params=scene.to_query(),
)
st.caption(t("home.scenarios_blurb", L))
ui.share_sidebar(scene)
