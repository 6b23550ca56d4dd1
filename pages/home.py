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
for name, key, icon, blurb in ui.PAGES[1:]:
    link = dict(label=t(key, L), icon=f":material/{icon}:", query_params=scene.to_query())
    st.page_link(f"pages/{name}.py", **link)
    st.caption(t(blurb, L))
ui.share_sidebar(scene)
