"""Home: the idea in one sentence and links to the pages (carrying the scene)."""

import streamlit as st

from softmaxviz.strings import t
from softmaxviz.ui import controls, layout, nav, session

scene = session.current_scene()
lang = session.lang()
layout.page_header("app.title", None, lang)
st.markdown(t("home.tagline", lang))
controls.show_messages((), lang)
st.header(t("home.pages", lang))
for name, key, icon, blurb in nav.PAGES[1:]:
    st.page_link(
        nav.page_file(name), label=t(key, lang), icon=f":material/{icon}:", query_params=session.query()
    )
    st.caption(t(blurb, lang))
controls.share_sidebar(scene, lang)
