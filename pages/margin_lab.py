"""Margin lab: softmax, NormFace, L-Softmax, SphereFace, CosFace / AM-Softmax, ArcFace, combined."""

from functools import partial

import numpy as np
import streamlit as st

from softmaxviz.kinds import KINDS
from softmaxviz.margin_figures import (
    angle_space_figure,
    loss_scale_figure,
    margin_canvas_figure,
    target_curves_figure,
)
from softmaxviz.results import MarginResults, loss_against_scale, margin_notes, margin_results
from softmaxviz.strings import t
from softmaxviz.ui import controls, layout, readouts, session, wiring

SCALES = np.linspace(0.5, 64.0, 128)
lang = session.lang()
scene = session.current_scene()
controls.margin_sidebar(scene, lang)
layout.page_header("margin.title", "margin.caption", lang, reset=True)


@wiring.live
def live() -> MarginResults:
    scene = session.current_scene()
    margin = margin_results(scene)
    canvas_col, info_col = st.columns([3, 2], gap="medium")
    with info_col:
        st.metric(t("margin.loss_value", lang), readouts.fmt_factor(margin.loss, lang, 4, 4))
        table = readouts.margin_table(scene, margin, lang, compact=layout.present())
        st.html(readouts.table_html(table, testid="margin-table", name=t("table.title", lang)))
        if margin.grad_x is not None and not layout.present():
            st.markdown(readouts.gradient_split_text(scene, margin, lang))
    with canvas_col:
        figure = partial(margin_canvas_figure.parts, scene, margin, lang=lang, present=layout.present())
        said = readouts.said_p(table, lang)
        wiring.canvas(figure, scene.points(), key="margin_canvas", title="margin.title", said=said)
    controls.show_messages(margin_notes(scene), lang)
    if margin.error:
        st.error(readouts.margin_error(margin, lang))
    return margin


# The comparison figures follow on release, not on every drag update.
margin = live()
entry = KINDS[scene.loss]
paper = f"[arXiv:{entry.paper}]({entry.paper_url})" if entry.paper else t("margin.no_paper", lang)
st.markdown(f"**{t(f'kind.{entry.name}.name', lang)}** · {t('margin.paper', lang)}: {paper}")
st.latex(entry.latex)
st.caption(readouts.kind_caption(scene, lang))
# One comparison at a time, chosen with a segmented control rather than st.tabs: a hidden chart
# would cost every full run its figure, and React Aria walks an open tab panel's DOM for a
# tabbable child on each drag update (-16 % states/s on this page).
controls.bound(
    "margin_chart",
    t("margin.chart", lang),
    format_func=lambda k: t(f"margin.{k}", lang),
    label_visibility="collapsed",
)
shown = scene.margin_chart
scales = np.union1d(SCALES, [scene.params.get("s", 1.0)])  # with the scene's s, marked on the curve
if shown == "curves":
    wiring.live_chart(target_curves_figure.parts(scene, margin, lang=lang), key="curves")
elif shown == "angle_space":
    wiring.live_chart(angle_space_figure.parts(scene, margin, lang=lang), key="angles")
elif (losses := loss_against_scale(scene, scales)) is None:
    st.info(t("margin.no_scale", lang))
else:
    wiring.live_chart(loss_scale_figure.parts(scene, scales, losses, lang=lang), key="loss_s")
    st.caption(t("margin.loss_vs_s_note", lang))
controls.share_sidebar(scene, lang)
