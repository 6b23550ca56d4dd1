"""Scenarios: one-click scenes, each with the point it makes.

Each card links to its page with its scene in the URL: opening one is one undoable
step, and the browser's Back returns to the scene before it. It sets the explorer's and the
margin lab's scene only (``scenarios.opened``): the rest of the user's stays.
"""

import streamlit as st

from softmaxviz.scenarios import SCENARIOS, opened
from softmaxviz.strings import t
from softmaxviz.ui import controls, layout, readouts, session

lang = session.lang()
scene = session.current_scene()
layout.page_header("scenarios.title", "scenarios.caption", lang)
controls.show_messages((), lang)

for row in range(0, len(SCENARIOS), 3):
    for col, scenario in zip(st.columns(3), SCENARIOS[row : row + 3], strict=False):
        with col.container(border=True, key=f"scenario_{scenario.key}", height="stretch"):
            # A heading: a screen reader lists the cards by it, and reads each "Open" under its title.
            st.header(t(f"scenario.{scenario.key}.title", lang), anchor=False)
            st.caption(readouts.scenario_text(scenario, lang))
            st.page_link(
                scenario.page,
                label=t("scenarios.open", lang),
                icon=":material/open_in_new:",
                query_params=session.query(opened(scenario.scene, scene)),
            )

controls.share_sidebar(scene, lang)
