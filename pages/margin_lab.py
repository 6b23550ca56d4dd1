"""Margin lab: softmax, NormFace, L-Softmax, SphereFace, CosFace / AM-Softmax, ArcFace, combined."""

from functools import partial

import numpy as np
import streamlit as st

from softmaxviz import ui
from softmaxviz.figures import for_projector
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
scene = ui.current_scene()
ui.margin_sidebar(scene)
st.title(t("margin.title", L))
st.caption(t("margin.caption", L))


# A drag reruns only this fragment; the comparison figures below follow on release.
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
            st.markdown(ui.gradient_split_text(scene, r))
    with canvas_col:
        ui.scene_canvas(
            margin_canvas_figure(scene, r, lang=L),
            scene.points(),
            key=CANVAS,
            scene=scene,
            on_change=partial(ui.on_drag, CANVAS),
        )
    if ui.drag_released():
        st.rerun()


live()
r = margin_results(scene, resolution=8)
kind = f"kind.{scene.loss}"
st.markdown(f"**{t(f'{kind}.name', L)}** · {t('margin.paper', L)}: {t(f'{kind}.paper', L)}")
st.latex(t(f"{kind}.formula", L))
st.caption(t(f"{kind}.intuition", L))
curves, angle_space, scale = st.tabs([t(f"margin.{k}", L) for k in ("curves", "angle_space", "loss_vs_s")])
config = {"displaylogo": False}
show = for_projector if scene.projector else (lambda fig: fig)
curves.plotly_chart(show(target_curves_figure(scene, r, lang=L)), key="curves", config=config)
angle_space.plotly_chart(show(angle_space_figure(scene, r, lang=L)), key="angles", config=config)
losses = loss_against_scale(scene, SCALES)
if losses is None:
    scale.info(t("margin.no_scale", L))
else:
    scale.plotly_chart(show(loss_scale_figure(scene, SCALES, losses, lang=L)), key="loss_s", config=config)
    scale.caption(t("margin.loss_vs_s_note", L))
ui.share_sidebar(scene)
