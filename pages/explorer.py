"""2D explorer: drag w1, w2, w3 and x; logits, angles, probabilities and regions follow."""

import streamlit as st

from softmaxviz import ui
from softmaxviz.figures import explorer_figure
from softmaxviz.results import explorer_results
from softmaxviz.strings import t

L = ui.lang()
scene = ui.current_scene()
ui.sidebar_controls()
st.title(t("explorer.title", L))
st.caption(t("explorer.caption", L))


# A drag reruns only this fragment (canvas and table); the formula and the typed
# coordinates below follow on release, so each update mid-drag stays light.
@st.fragment
def live() -> None:
    scene = ui.current_scene()
    results = explorer_results(scene)
    ui.show_messages(results.notes)
    canvas_col, info_col = st.columns([3, 2], gap="medium")
    # The table goes out first: it is what a reader checks, and it is cheap to draw.
    with info_col:
        table = ui.class_table(scene, results)
        st.html(ui.table_html(table, testid="class-table", caption=t("table.title", L)))
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
        ui.scene_canvas(
            fig,
            scene.points(),
            key=ui.CANVAS_KEY,
            scene=scene,
            on_change=ui.on_drag,
        )
    if ui.drag_released():
        st.rerun()


live()
results = explorer_results(scene, resolution=2)
st.markdown(f"#### {t('formula.title', L)}\n$$\n{ui.formula_latex(scene, results)}\n$$")
st.subheader(t("controls.coords", L))
ui.coordinate_inputs()
ui.share_sidebar(scene)
