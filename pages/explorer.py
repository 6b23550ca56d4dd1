"""2D explorer: drag w1, w2, w3 and x; logits, angles, probabilities and regions follow."""

import streamlit as st

from softmaxviz import ui
from softmaxviz.canvas import drag_canvas
from softmaxviz.figures import explorer_figure
from softmaxviz.results import explorer_results
from softmaxviz.strings import t

L = ui.lang()
ui.current_scene()
ui.sidebar_controls()
st.title(t("explorer.title", L))
st.caption(t("explorer.caption", L))


# A drag reruns only this fragment: the sidebar and title stay as they are.
@st.fragment
def live() -> None:
    scene = ui.current_scene()
    results = explorer_results(scene)
    ui.show_messages(results.notes)
    canvas_col, info_col = st.columns([3, 2], gap="medium")
    # The table goes out first: it is what a reader checks, and it is cheap to draw.
    with info_col:
        st.subheader(t("table.title", L))
        st.html(ui.table_html(ui.class_table(scene, results), testid="class-table"))
    with canvas_col:
        fig = explorer_figure(
            scene,
            results.analysis,
            results.regions,
            results.borders,
            lang=L,
            effective_W=results.W,
            effective_x=results.x,
        )
        drag_canvas(
            fig,
            scene.points(),
            key=ui.CANVAS_KEY,
            seq=ui.canvas_seq(),
            ack=ui.canvas_ack(),
            step=ui.canvas_step(scene),
            on_change=ui.on_drag,
        )
    st.subheader(t("formula.title", L))
    st.latex(ui.formula_latex(scene, results))
    st.subheader(t("controls.coords", L))
    ui.coordinate_inputs()


live()
