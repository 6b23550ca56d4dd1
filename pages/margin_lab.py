"""Margin lab: softmax, NormFace, L-Softmax, SphereFace, CosFace / AM-Softmax, ArcFace, combined."""

from functools import partial

import numpy as np
import streamlit as st

from softmaxviz import ui
from softmaxviz.canvas import drag_canvas
from softmaxviz.margin_figures import (
    angle_space_figure,
    loss_scale_figure,
    margin_canvas_figure,
    target_curves_figure,
)
from softmaxviz.results import loss_against_scale, margin_results
from softmaxviz.strings import t

CANVAS = "margin_canvas"
SCALES = np.linspace(0.5, 64.0, 128)
L = ui.lang()
ui.margin_sidebar(ui.current_scene())
st.title(t("margin.title", L))
st.caption(t("margin.caption", L))


@st.fragment
def live() -> None:
    scene = ui.current_scene()
    r = margin_results(scene)
    ui.show_messages(())
    if r.error:
        st.error(t("margin.error", L, error=r.error))
    canvas_col, info_col = st.columns([3, 2], gap="medium")
    with info_col:
        st.metric(t("margin.loss_value", L), ui.fmt(r.loss if r.loss is not None else np.nan, 4))
        st.html(ui.table_html(ui.margin_table(r), testid="margin-table"))
        if r.grad_x is not None:
            why = "softmax" if scene.loss in ("softmax", "lsoftmax") else "normalized"
            st.markdown(
                f"**{t('margin.grad_x', L)}** · "
                + t(
                    "margin.grad_x_text",
                    L,
                    radial=ui.fmt(float(np.linalg.norm(r.grad_x_radial))),
                    tangential=ui.fmt(float(np.linalg.norm(r.grad_x_tangential))),
                    why=t("margin.why_mixed" if scene.loss == "lsoftmax" else f"margin.why_{why}", L),
                )
            )
    with canvas_col:
        drag_canvas(
            margin_canvas_figure(scene, r, lang=L),
            scene.points(),
            key=CANVAS,
            seq=ui.canvas_seq(),
            ack=ui.canvas_ack(CANVAS),
            step=ui.canvas_step(scene),
            on_change=partial(ui.on_drag, CANVAS),
        )
    st.markdown(
        f"**{t(f'kind.{scene.loss}.name', L)}** · {t('margin.paper', L)}: {t(f'kind.{scene.loss}.paper', L)}"
    )
    st.latex(t(f"kind.{scene.loss}.formula", L))
    st.caption(t(f"kind.{scene.loss}.intuition", L))
    c1, c2, c3 = st.columns(3)
    c1.markdown(f"**{t('margin.curves', L)}**")
    c1.plotly_chart(target_curves_figure(scene, r, lang=L), key="curves", config={"displaylogo": False})
    c2.markdown(f"**{t('margin.angle_space', L)}**")
    c2.plotly_chart(angle_space_figure(scene, r, lang=L), key="angles", config={"displaylogo": False})
    c3.markdown(f"**{t('margin.loss_vs_s', L)}**")
    losses = loss_against_scale(scene, SCALES)
    if losses is None:
        c3.info(t("margin.no_scale", L))
    else:
        c3.plotly_chart(
            loss_scale_figure(scene, SCALES, losses, lang=L), key="loss_s", config={"displaylogo": False}
        )
        c3.caption(t("margin.loss_vs_s_note", L))


live()
