"""Training-lab controls: its setup in the sidebar and the Step / Play / Reset buttons."""

from __future__ import annotations

import streamlit as st

from softmaxviz import lab
from softmaxviz.strings import short_kind_name, t
from softmaxviz.ui import callbacks, lab_readouts, session, training
from softmaxviz.ui.controls import bound, class_choice, coordinate_label, refusal


def lab_sidebar(lang: str) -> None:
    """The training lab's setup: data set, classes, seed, loss, rate, steps per frame, decay;
    then the learned-features tab's digits, dimension, the two losses and the warm-up."""
    kind_name = lambda k: short_kind_name(k, lang)  # noqa: E731 - one-line label formatter
    with st.sidebar:
        st.subheader(t("lab.tab_linear", lang))
        bound("train_data", t("lab.data", lang), format_func=lambda d: t(f"data.{d}", lang))
        bound("train_classes", t("lab.classes", lang))
        bound("train_dim", t("lab.dim", lang), format_func=lambda d: f"{d}D")
        bound("train_loss", t("lab.train_loss", lang), format_func=kind_name)
        bound("train_lr", t("lab.lr", lang))
        bound("train_steps", t("lab.steps", lang))
        bound("train_decay", t("lab.decay", lang))
        bound(
            "train_batch",
            t("lab.batch", lang),
            format_func=lambda n: str(n) if n else t("lab.full_batch", lang),
        )
        bound("train_seed", t("lab.seed", lang))
        st.subheader(t("lab.tab_features", lang))
        bound("feature_classes", t("lab.feature_classes", lang))
        bound("feature_dim", t("lab.feature_dim", lang))
        bound("feature_losses.0", t("lab.left", lang), format_func=kind_name)
        bound("feature_losses.1", t("lab.right", lang), format_func=kind_name)
        if lab.warms_up(st.session_state[session.SCENE]):  # a switch that would do nothing is not shown
            bound("warmup", t("lab.warmup", lang))


def play_buttons(
    lang: str,
    prefix: str,
    playing: bool,
    on_step,
    on_play,
    on_reset,
    *,
    step_help: str,
    idle: bool = False,
) -> None:
    """Step, Play / Pause and Reset of a training run (keys ``btn_<prefix>_step`` and so on);
    ``step_help`` says how far one Step goes (a frame of Play). ``idle``: nothing to train on
    (no points), so Step and Play are off rather than doing nothing."""
    step, play, reset = st.columns(3)
    step.button(
        t("lab.step_button", lang),
        key=f"btn_{prefix}_step",
        on_click=on_step,
        icon=":material/skip_next:",
        help=step_help,
        disabled=idle,
    )
    play.button(
        t("lab.pause" if playing else "lab.play", lang),
        key=f"btn_{prefix}_play",
        on_click=on_play,
        icon=f":material/{'pause' if playing else 'play_arrow'}:",
        disabled=idle and not playing,
    )
    reset.button(
        t("lab.reset", lang), key=f"btn_{prefix}_reset", on_click=on_reset, icon=":material/restart_alt:"
    )


def click_controls(scene, lang: str) -> None:
    """For clicked data: the class the next click adds, and removing points."""
    pick, remove, clear = st.columns([3, 2, 2], vertical_alignment="bottom")
    class_choice(t("lab.pick", lang), "train_pick", "class.name", lang, target=pick)
    remove.button(
        t("lab.remove_point", lang),
        key="btn_lab_remove_point",
        on_click=training.on_remove_point,
        disabled=not scene.train_points,
    )
    clear.button(
        t("lab.clear_points", lang),
        key="btn_lab_clear_points",
        on_click=training.on_clear_points,
        disabled=not scene.train_points,
    )
    st.caption(t("lab.click_hint", lang, n=len(scene.train_points)))
    # The keyboard's way to add a point: the canvas takes clicks only.
    with st.expander(t("lab.add_typed", lang)), st.form("lab_typed_point", border=False):
        row = st.columns([2, 2, 2], vertical_alignment="bottom")
        name = t("lab.typed_point", lang)
        for axis, col in enumerate(row[:2]):
            label = coordinate_label(name, axis, lang)
            col.number_input(label, value=0.0, step=0.1, format="%.2f", key=training.TYPED[axis])
        row[2].form_submit_button(t("lab.add_point", lang), on_click=training.on_add_typed)
    # Below the form: above it, the message moved the expander down one place, and Streamlit drew
    # it anew, closed, with the refused value out of sight.
    refusal(training.POINTS_AT)
    # By the buttons and the form that add and take points (below the canvas it was a screen away);
    # below the form, as the refusal, so that it comes and goes without moving the expander.
    if far := lab_readouts.points_outside(scene, lang):
        st.info(far)
    if scene.train_dim == 3:
        st.caption(t("lab.clicked_2d", lang))
    dropped = session.while_shown(callbacks.POINTS_DROPPED)
    if dropped:
        st.info(t("lab.points_dropped", lang, n=dropped.count, k=scene.train_classes))
