"""Guided tour: linear layer -> dot product -> norms and angles -> softmax -> margins.

Each step shows its own scene (draggable); the user's scene is untouched until the
"Open this scene in its page" link loads the step's scene as one undoable step.
"""

from functools import partial

import streamlit as st

from softmaxviz.figures import explorer_figure
from softmaxviz.margin_figures import margin_canvas_figure
from softmaxviz.results import explorer_results, margin_results
from softmaxviz.scenarios import TOUR, opened
from softmaxviz.strings import plain_number, t
from softmaxviz.ui import callbacks, controls, layout, readouts, session, wiring

lang = session.lang()
scene = session.current_scene()
layout.page_header("tour.title", "tour.caption", lang)
i = scene.tour_step  # the scene's, so a link and a reload open the same step
step, shown = TOUR[i], callbacks.tour_scene(i)
text_col, fig_col = st.columns([2, 3], gap="large")
with text_col:
    st.caption(t("tour.progress", lang, i=i + 1, n=len(TOUR)))
    # Above the step's text: Next stays in one place from step to step, and on a 768 px screen.
    controls.tour_buttons(i, len(TOUR), fresh=shown == step.scene, lang=lang)
    st.header(t(f"tour.{step.key}.title", lang))
    st.markdown(t(f"tour.{step.key}.text", lang, T=plain_number(shown.temperature)))
    # A link with the step's scene (as of the last release) in the user's: opening it is one
    # undoable step, and the tour keeps its step.
    st.page_link(step.page, label=t("tour.open", lang), query_params=session.query(opened(shown, scene)))


# Only the canvas and its table follow a drag; the step's text and buttons stay as they are.
@wiring.live
def live() -> None:
    shown, here, present = st.session_state[callbacks.tour_slot(i)], None, layout.present()
    if step.page.endswith("margin_lab.py"):
        margin = margin_results(shown)
        # No legend in present mode: the step's text says what grey is; the legend took the plane's room.
        fig = partial(
            margin_canvas_figure.parts, shown, margin, lang=lang, present=present, legend=not present
        )
        table = readouts.margin_table(shown, margin, lang, compact=present)
    else:
        explorer = explorer_results(shown)
        fig = partial(explorer_figure.parts, shown, explorer, lang=lang, present=present)
        table = readouts.class_table(shown, explorer, lang, compact=present)
        if step.key == "norms":  # what this step claims of the scene follows the drag
            here = readouts.angles_or_norms(shown, explorer, lang)
    # Present mode: a shorter canvas, so it and the table fit a projector's height (720 px too).
    height = 370 if present else 480
    said = readouts.said_p(table, lang)
    slot = callbacks.tour_slot(i)
    # Next and Back keep the focus on their button: the step is said from there.
    progress = t("tour.progress", lang, i=i + 1, n=len(TOUR))
    announce = f"{progress}: {t(f'tour.{step.key}.title', lang)}"
    wiring.canvas(
        fig,
        shown.points(),
        key="tour_canvas",
        title="tour.title",
        slot=slot,
        height=height,
        said=said,
        announce=announce,
    )
    st.html(readouts.table_html(table, testid="tour-table", name=t("table.title", lang)))
    if here:
        st.markdown(here)


with fig_col:
    live()
controls.show_messages((), lang)
controls.share_sidebar(scene, lang)
