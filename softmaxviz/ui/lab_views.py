"""The training lab's two live views, one per tab: what a frame of each draws.

The page runs each in its own fragment (``wiring.live``, on a timer while it plays), so a frame
or a drag redraws one tab only. Pure Streamlit glue: the runs come from
:mod:`softmaxviz.ui.training`, the figures from :mod:`softmaxviz.lab_figures`.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from softmaxviz import lab
from softmaxviz.lab_figures import (
    LAB_VIEW,
    angles_figure,
    feature_figure,
    linear_figure,
    linear_figure_3d,
    loss_figure,
    norms_figure,
)
from softmaxviz.strings import t, tell
from softmaxviz.training import load_digits
from softmaxviz.ui import callbacks, lab_controls, lab_readouts, readouts, session, training, wiring

# A column too narrow for its chart goes under the one beside it (the row wraps, and the columns
# grow to fill it): at 1024 px with the sidebar open, the loss chart's plot was 93 px wide between
# its two axes, and each learned-features 3D chart cut its z title.
LAB_CSS = (
    "[data-testid='stColumn']:has(.st-key-lab_loss){min-width:16rem}"
    "[data-testid='stColumn']:has(:is(.st-key-features_0,.st-key-features_1)){min-width:18rem}"
)


def linear(lang: str) -> None:
    """The linear classifier: Play / Step / Reset, the canvas (or the 3D chart), status, loss,
    norms and angles, and the link that opens the trained weights in the explorer."""
    scene = session.current_scene()
    run = training.step_linear(scene) if training.playing() else training.linear_run(scene)
    lab_controls.play_buttons(
        lang,
        "lab",
        training.playing(),
        training.on_step,
        training.on_play,
        training.on_reset,
        step_help=t("lab.step_help", lang, n=scene.train_steps, setting=t("lab.steps", lang)),
        idle=run.X.shape[1] == 0,
    )
    clicked = scene.train_data == "clicked"
    if clicked:
        lab_controls.click_controls(scene, lang)
    canvas_col, info_col = st.columns([3, 2], gap="medium")
    with canvas_col:
        if run.X.shape[0] == 2:
            wiring.canvas(
                partial(linear_figure.parts, scene, run, lang=lang),
                run.points(),
                key="lab_canvas",
                title="lab.title",
                slot=training.RUN,
                move=callbacks.move_lab,
                view=LAB_VIEW,
                on_click=partial(training.on_click, "lab_canvas") if clicked else None,
                redraw_gap_ms=0,  # the figure is what a drag here changes: draw every reply
                # Said when a nudge is answered; while it plays, every frame would talk over the last.
                said=None if training.playing() else lab_readouts.status(run, lang),
                # Step and Pause keep the focus on their button: the status is said from there.
                announce=None if training.playing() else lab_readouts.status(run, lang),
            )
        else:  # 3D: turn the view with the mouse; the weights follow training
            wiring.live_chart(linear_figure_3d.parts(scene, run, lang=lang), key="lab_3d")
    with info_col:
        st.markdown(f"**{lab_readouts.status(run, lang)}**")
        wiring.live_chart(loss_figure.parts(scene, run, lang=lang), key="lab_loss")
        st.caption(lab_readouts.lesson(run, scene, lang))
    if training.error():
        st.error(t("lab.error", lang, error=tell(training.error(), lang)))
    elif stopped := lab_readouts.diverged(run, lang):
        st.error(stopped)
    elif zero := lab_readouts.zero_weight(run, lang):
        st.warning(zero)
    if outside := lab_readouts.outside(run, lang):
        st.info(outside)
    norms_col, angles_col = st.columns(2)
    norms_col.markdown(f"**{t('lab.norms_title', lang)}**")
    with norms_col:
        wiring.live_chart(norms_figure.parts(scene, run, lang=lang), key="lab_norms")
    angles_col.markdown(f"**{t('lab.angles_title', lang)}**")
    with angles_col:
        wiring.live_chart(angles_figure.parts(scene, run, lang=lang), key="lab_angles")
    trained = lab.as_scene(run, scene)
    if trained is None:
        st.caption(t("lab.export_only3", lang))
    else:
        st.page_link(
            "pages/explorer.py" if run.X.shape[0] == 2 else "pages/explorer_3d.py",
            label=t("lab.export", lang),
            icon=":material/open_in_new:",
            query_params=session.query(trained),
        )


def features(lang: str) -> None:
    """The digit features of two losses side by side, learning epoch by epoch, and their table."""
    scene = session.current_scene()
    runs = training.step_features(scene) if training.features_playing() else training.feature_runs(scene)
    lab_controls.play_buttons(
        lang,
        "features",
        training.features_playing(),
        training.on_feature_step,
        training.on_feature_play,
        training.on_feature_reset,
        step_help=t("lab.step_help_features", lang, n=lab.FEATURE_EPOCHS_PER_FRAME),
    )
    st.caption(t("lab.features_caption", lang, dim=scene.feature_dim))
    # Only where there is a margin to warm up: two softmax heads were told "the margin grows from 0".
    if scene.warmup and lab.warms_up(scene):
        st.caption(t("lab.warmup_why", lang, dim=scene.feature_dim, epochs=lab.WARMUP_EPOCHS))
    if runs.fits[0] is None:
        st.info(t("lab.no_epoch", lang))
        return
    st.markdown(f"**{t('lab.epoch', lang, epoch=runs.epoch)}**")
    images, labels = load_digits(lab.digit_classes(scene))
    for side, (col, fit, name) in enumerate(zip(st.columns(2), runs.fits, scene.feature_losses, strict=True)):
        col.markdown(f"**{t(f'kind.{name}.name', lang)}**")
        with col:
            wiring.live_chart(
                feature_figure.parts(scene, fit, images, labels, lang=lang), key=f"features_{side}"
            )
    table = lab_readouts.feature_table(runs, scene.feature_losses, lang)
    st.html(readouts.table_html(table, testid="feature-table", name=t("lab.tab_features", lang)))
    st.caption(t("lab.intra_inter", lang))
