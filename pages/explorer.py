"""2D explorer: drag w1, w2, w3 and x; logits, angles, probabilities and regions follow."""

from functools import partial

import streamlit as st

from softmaxviz.figures import explorer_figure
from softmaxviz.results import ExplorerResults, explorer_results
from softmaxviz.state import Scene
from softmaxviz.strings import t
from softmaxviz.ui import controls, layout, readouts, session, wiring

lang = session.lang()
scene = session.current_scene()
controls.explorer_sidebar(lang)
layout.page_header("explorer.title", "explorer.caption", lang, reset=True)


@wiring.live
def live() -> tuple[Scene, ExplorerResults]:
    scene = session.current_scene()
    explorer = explorer_results(scene)
    canvas_col, info_col = st.columns([3, 2], gap="medium")
    # The table goes out first: it is what a reader checks, and it is cheap to draw.
    with info_col:
        table = readouts.class_table(scene, explorer, lang, compact=layout.present())
        st.html(readouts.table_html(table, testid="class-table", caption=t("table.title", lang)))
    with canvas_col:
        figure = partial(explorer_figure.parts, scene, explorer, lang=lang)
        said = readouts.said_p(table, lang)
        wiring.canvas(figure, scene.points(), key="explorer_canvas", title="explorer.title", said=said)
    controls.show_messages(explorer.notes, lang)
    return scene, explorer


scene, explorer = live()
with layout.settled("formula"):
    st.markdown(f"## {t('formula.title', lang)}\n$$\n{readouts.formula_latex(scene, explorer, lang)}\n$$")
st.header(t("controls.coords", lang))
controls.coordinate_inputs(lang)
controls.share_sidebar(scene, lang)
