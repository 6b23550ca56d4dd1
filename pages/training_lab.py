"""Training lab: a linear classifier learns on toy data, and an MLP learns digit features, live."""

from softmaxviz.strings import t
from softmaxviz.ui import controls, lab_controls, lab_views, layout, session, training, wiring

lang = session.lang()
scene = session.current_scene()
lab_controls.lab_sidebar(lang)
layout.page_header("lab.title", "lab.caption", lang, css=lab_views.LAB_CSS)
linear_tab, features_tab = layout.tabs([t("lab.tab_linear", lang), t("lab.tab_features", lang)], "lab_tabs")


# Each tab is a fragment: a drag or a frame of one redraws that tab only; Play runs it on a timer.
@wiring.live(run_every=training.FRAME if training.playing() else None)
def linear() -> None:
    lab_views.linear(lang)


@wiring.live(run_every=training.FEATURE_FRAME if training.features_playing() else None)
def features() -> None:
    lab_views.features(lang)


with linear_tab:
    linear()
with features_tab:
    features()
controls.show_messages((), lang)
controls.share_sidebar(scene, lang, note="controls.share_lab", names=False)  # the run is the tab's
