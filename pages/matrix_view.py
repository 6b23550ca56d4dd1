"""Matrix view: Z = W^T X + b for a batch of samples, live, in 2D or 3D."""

from functools import partial

import streamlit as st

from softmaxviz.figures import batch_figure
from softmaxviz.results import matrix_results
from softmaxviz.strings import t
from softmaxviz.ui import callbacks, controls, layout, matrices, session, wiring
from softmaxviz.view3d import batch_view_data

CANVAS = "matrix_canvas"
lang = session.lang()
scene = session.current_scene()
with st.sidebar:
    controls.bound("dim", t("matrix.dim", lang))
controls.sidebar_3d(lang, sphere=False)
if scene.dim == 2:  # the 3D view fits its handles itself
    controls.view_controls(lang, batch=True)
layout.page_header("matrix.title", "matrix.caption", lang, reset=True)
controls.matrix_controls(scene, lang)


@wiring.live
def live() -> None:
    scene = session.current_scene()
    batch = matrix_results(scene)
    top, bottom = st.container(), st.container()
    # The matrices go out first (they are what a reader follows); the canvas is drawn above them.
    bottom.html(matrices.matrices_html(scene, batch, lang))
    canvas_col, pair_col = top.columns([3, 2], gap="medium")
    with pair_col:
        st.html(matrices.dot_product_html(scene, batch, lang))
    with canvas_col:
        if scene.dim == 2:
            wiring.canvas(
                partial(batch_figure.parts, scene, batch, lang=lang),
                scene.batch_points(),
                key=CANVAS,
                title="matrix.title",
                move=callbacks.move_batch,
                on_click=partial(callbacks.on_add_click, CANVAS),
                said=matrices.said_batch(scene, batch, lang),
            )
        else:
            wiring.view_3d(
                partial(batch_view_data, scene, batch, lang=lang),
                key="matrix_view3d",
                extent=batch.extent,
                move=callbacks.move_batch,
            )
    with top:
        controls.show_messages(batch.notes, lang)


live()
controls.picked_inputs(scene, lang)
controls.share_sidebar(scene, lang)
