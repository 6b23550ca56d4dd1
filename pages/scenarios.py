"""Scenarios: one-click scenes, each with the point it makes; opening one is an undoable step."""

import streamlit as st

from softmaxviz.scenarios import BY_KEY, SCENARIOS
from softmaxviz.strings import t
from softmaxviz.ui import callbacks, controls, session

OPEN_PAGE = "open_page"
# Switch before this page writes the URL: the page before the scenario keeps the old scene,
# so the browser's Back returns to it.
page = st.session_state.pop(OPEN_PAGE, None)
if page:
    st.switch_page(page, query_params=session.query())
lang = session.lang()
scene = session.current_scene()
st.title(t("scenarios.title", lang))
st.caption(t("scenarios.caption", lang))


def open_scenario(key: str) -> None:
    callbacks.load(BY_KEY[key].scene)
    st.session_state[OPEN_PAGE] = BY_KEY[key].page


for row in range(0, len(SCENARIOS), 3):
    for col, scenario in zip(st.columns(3), SCENARIOS[row : row + 3], strict=False):
        with col.container(border=True):
            st.markdown(f"**{t(f'scenario.{scenario.key}.title', lang)}**")
            st.caption(t(f"scenario.{scenario.key}.text", lang))
            st.button(
                t("scenarios.open", lang),
                key=f"btn_scn_{scenario.key}",
                on_click=open_scenario,
                args=(scenario.key,),
            )

controls.share_sidebar(scene, lang)
