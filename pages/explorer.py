"""2D explorer: drag w1, w2, w3 and x; logits, angles, probabilities and regions follow."""

import streamlit as st

from softmaxviz import ui
from softmaxviz.canvas import drag_canvas
from softmaxviz.figures import explorer_figure
from softmaxviz.results import explorer_results
from softmaxviz.strings import t

scene = ui.current_scene()
L = ui.lang()
ui.sidebar_controls()

st.title(t("explorer.title", L))
st.caption(t("explorer.caption", L))

results = explorer_results(scene)
ui.show_messages(results.notes)

canvas_col, info_col = st.columns([3, 2], gap="medium")
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
        step=ui.canvas_step(scene),
        on_change=ui.on_drag,
    )
with info_col:
    st.subheader(t("table.title", L))
    st.table(ui.class_table(scene, results))

st.subheader(t("formula.title", L))
st.latex(ui.formula_latex(scene, results))

st.subheader(t("controls.coords", L))
ui.coordinate_inputs()
