"""Scenarios: one-click scenes, each with the point it makes."""

import streamlit as st

from softmaxviz import ui
from softmaxviz.scenarios import SCENARIOS
from softmaxviz.strings import t

L = ui.lang()
scene = ui.current_scene()
st.title(t("scenarios.title", L))
st.caption(t("scenarios.caption", L))


def open_scenario(key: str) -> None:
    from softmaxviz.scenarios import BY_KEY

    ui.set_scene(BY_KEY[key].scene, push=True)
    st.session_state["open_page"] = BY_KEY[key].page


for row in range(0, len(SCENARIOS), 3):
    for col, s in zip(st.columns(3), SCENARIOS[row : row + 3], strict=False):
        with col.container(border=True):
            st.markdown(f"**{t(f'scenario.{s.key}.title', L)}**")
            st.caption(t(f"scenario.{s.key}.text", L))
            st.button(t("scenarios.open", L), key=f"btn_scn_{s.key}", on_click=open_scenario, args=(s.key,))

page = st.session_state.pop("open_page", None)
if page:
    st.switch_page(page, query_params=st.session_state[ui.SCENE].to_query())
ui.share_sidebar(scene)
