"""Guided tour: linear layer -> dot product -> norms and angles -> softmax -> margins."""

from functools import partial

import streamlit as st

from softmaxviz import ui
from softmaxviz.figures import explorer_figure
from softmaxviz.margin_figures import margin_canvas_figure
from softmaxviz.results import explorer_results, margin_results
from softmaxviz.scenarios import TOUR
from softmaxviz.strings import t

CANVAS = "tour_canvas"
STEP = "tour_step"
L = ui.lang()
scene = ui.current_scene()
st.title(t("tour.title", L))
st.caption(t("tour.caption", L))


def go(step: int) -> None:
    """Move to ``step`` and load its scene (the user can drag from there)."""
    st.session_state[STEP] = step
    ui.set_scene(TOUR[step].scene, push=True)


if STEP not in st.session_state:
    go(0)
    scene = ui.current_scene()


# Next/Back and drags rerun only this fragment, so it reads the step itself.
@st.fragment
def live() -> None:
    scene = ui.current_scene()
    i = st.session_state[STEP]
    step = TOUR[i]
    text_col, fig_col = st.columns([2, 3], gap="large")
    with text_col:
        st.caption(t("tour.progress", L, i=i + 1, n=len(TOUR)))
        st.subheader(t(f"tour.{step.key}.title", L))
        st.markdown(t(f"tour.{step.key}.text", L))
        back, nxt = st.columns(2)
        back.button(t("tour.back", L), key="btn_tour_back", on_click=go, args=(i - 1,), disabled=i == 0)
        nxt.button(
            t("tour.next", L), key="btn_tour_next", on_click=go, args=(i + 1,), disabled=i == len(TOUR) - 1
        )
        st.page_link(step.page, label=t("tour.open", L), query_params=scene.to_query())
    with fig_col:
        top, bottom = st.container(), st.container()
        if step.page.endswith("margin_lab.py"):
            fig = margin_canvas_figure(scene, margin_results(scene), lang=L)
        else:
            r = explorer_results(scene)
            fig = explorer_figure(
                scene, r.analysis, r.regions, r.borders, lang=L, effective_W=r.W, effective_x=r.x
            )
            # Sent first (cheap, and what a reader checks), shown below the figure.
            bottom.html(ui.table_html(ui.class_table(scene, r), testid="class-table"))
        with top:
            ui.scene_canvas(
                fig,
                scene.points(),
                key=CANVAS,
                scene=scene,
                height=480,
                on_change=partial(ui.on_drag, CANVAS),
            )


live()
ui.share_sidebar(scene)
