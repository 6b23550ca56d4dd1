"""Matrix view: Z = W^T X + b for a batch of samples, live, in 2D or 3D."""

from functools import partial

import streamlit as st

from softmaxviz import ui
from softmaxviz.figures import batch_figure
from softmaxviz.results import matrix_results
from softmaxviz.strings import t
from softmaxviz.view3d import batch_view_data

CANVAS = "matrix_canvas"
L = ui.lang()
scene = ui.current_scene()
with st.sidebar:
    st.segmented_control(t("matrix.dim", L), [2, 3], key="in_dim", on_change=ui.on_widget_change)
ui.sidebar_3d(sphere=False)
st.title(t("matrix.title", L))
st.caption(t("matrix.caption", L))
ui.matrix_controls(scene)


# A drag or a click reruns only this fragment.
@st.fragment
def live() -> None:
    scene = ui.current_scene()
    r = matrix_results(scene)
    ui.show_messages(())
    top, bottom = st.container(), st.container()
    # The matrices go out first (they are what a reader follows); the canvas is drawn above them.
    bottom.html(ui.matrices_html(scene, r))
    canvas_col, pair_col = top.columns([3, 2], gap="medium")
    with pair_col:
        st.markdown(f"**{t('matrix.pair', L)}**\n$$\n{ui.dot_product_latex(scene, r)}\n$$")
    with canvas_col:
        if scene.dim == 2:
            ui.scene_canvas(
                batch_figure(scene, r, lang=L),
                scene.batch_points(),
                key=CANVAS,
                scene=scene,
                on_change=partial(ui.on_batch_drag, CANVAS),
                on_click=partial(ui.on_add_click, CANVAS),
            )
        else:
            ui.scene_view3d(
                batch_view_data(scene, r, lang=L),
                key="matrix_view3d",
                scene=scene,
                extent=r.extent,
                on_points=partial(ui.on_batch_drag, "matrix_view3d"),
            )
    if ui.drag_released():
        st.rerun()


live()
ui.share_sidebar(scene)
