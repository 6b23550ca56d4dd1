"""Training-lab readouts: the status and the lesson follow the numbers and the kind's entry."""

from dataclasses import replace

import numpy as np
import pytest

from softmaxviz import lab
from softmaxviz.state import Scene
from softmaxviz.strings import t
from softmaxviz.ui import lab_readouts
from softmaxviz.ui.readouts import fmt


def test_status_before_and_after_a_step():
    scene = Scene()
    run = lab.start(scene)
    assert lab_readouts.status(run, "en").startswith("Step 0 · loss ")
    run = lab.advance(run, scene, 3)
    assert lab_readouts.status(run, "en") == (
        f"Step 3 · loss {run.losses[-1]:.4f} · accuracy {run.accuracy[-1]:.0%}"
    )


def test_status_is_of_the_weights_and_points_shown_now():
    # One point (1, 0) of class 1; w = (1, 0), (0, 1), (-1, 0), b = 0: logits (1, 0, -1), so the
    # loss is log(1 + e^-1 + e^-2) = 0.4076 and the point is right.
    scene = replace(Scene(), train_data="clicked", train_points=((1.0, 0.0, 0),))
    tips = {"w1": [1.0, 0.0], "w2": [0.0, 1.0], "w3": [-1.0, 0.0]}
    run = lab.with_points(lab.start(scene), tips)
    assert lab_readouts.status(run, "en") == "Step 0 · loss 0.4076 · accuracy 100%"
    # Five steps, then the weights dragged back and w1 to (-1, 0) (the bias the steps learned
    # zeroed): logits (-1, 0, -1), loss 1 + log(1 + 2/e) = 1.5514, the point wrong.
    run = lab.with_points(lab.advance(run, scene, 5), tips | {"w1": [-1.0, 0.0]})
    run = replace(run, b=np.zeros(3))
    assert lab_readouts.status(run, "en") == "Step 5 · loss 1.5514 · accuracy 0%"
    # The points cleared after the steps: no loss, no accuracy (not the last step's record).
    empty = lab.with_data(run, replace(scene, train_points=()))
    assert lab_readouts.status(empty, "en") == "Step 5 · loss — · accuracy —"


def test_status_has_no_loss_for_an_angular_loss_with_a_weight_at_the_origin():
    scene = replace(Scene(), train_loss="cosface")
    run = lab.with_points(lab.advance(lab.start(scene), scene, 3), {"w2": [0.0, 0.0]})
    assert lab_readouts.status(run, "en") == "Step 3 · loss — · accuracy —"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_weight_at_the_origin_is_named_for_an_angular_loss_only(lang):
    cosface = replace(Scene(), train_loss="cosface")
    run = lab.with_points(lab.start(cosface), {"w2": [0.0, 0.0]})
    assert lab_readouts.zero_weight(run, lang) == t("margin.zero_vector", lang, kind="CosFace", vector="w2")
    assert lab_readouts.zero_weight(lab.start(cosface), lang) is None
    softmax = lab.with_points(lab.start(Scene()), {"w2": [0.0, 0.0]})
    assert lab_readouts.zero_weight(softmax, lang) is None  # softmax needs no angle


def test_lesson_before_a_step_says_what_starts_training():
    # With no points, Step and Play are off: the lesson said "Press Step or Play" all the same.
    clicked = replace(Scene(), train_data="clicked")
    assert lab_readouts.lesson(lab.start(clicked), "en") == t("lab.lesson_no_points", "en")
    points = replace(clicked, train_points=((1.0, 0.0, 0),))
    assert lab_readouts.lesson(lab.start(points), "en") == t("lab.lesson_start", "en")


def test_lesson_says_softmax_lengthens_the_weights_when_the_norms_grow():
    scene = Scene()
    run = lab.advance(lab.start(scene), scene, 300)
    assert run.norms[-1].mean() > run.norms[-200].mean()
    assert "lengthening the weights" in lab_readouts.lesson(run, "en")


def test_lesson_says_angular_kinds_see_only_directions():
    for kind in ("normface", "cosface", "arcface", "sphereface"):
        scene = replace(Scene(), train_loss=kind)
        run = lab.advance(lab.start(scene), scene, 50)
        assert "only the direction of w_k" in lab_readouts.lesson(run, "en"), kind


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lesson_for_angular_kinds_says_barely_only_when_the_norms_barely_moved(lang):
    # SphereFace on blobs, one Step of 5: mean ‖w_k‖ 1.18 -> 1.96 (+67 %) from the first step's
    # norms to the fifth's, over 4 steps (it said 5), which is not "barely".
    scene = replace(Scene(), train_loss="sphereface")
    run = lab.advance(lab.start(scene), scene, 5)
    window = run.norms[-(lab_readouts.LESSON_WINDOW + 1) :].mean(axis=1)
    assert window[-1] > window[0] * (1 + lab_readouts.BARELY)
    args = dict(first=fmt(float(window[0]), lang), last=fmt(float(window[-1]), lang), steps=4)
    assert lab_readouts.lesson(run, lang) == t("lab.lesson_angles_grow", lang, **args)
    # Later the gradients are small: the norms barely move, and it says so.
    run = lab.advance(run, scene, 400)
    window = run.norms[-(lab_readouts.LESSON_WINDOW + 1) :].mean(axis=1)
    assert abs(window[-1] - window[0]) <= lab_readouts.BARELY * window[0]
    assert lab_readouts.lesson(run, lang).startswith(
        t("lab.lesson_angles", lang, first="", last="", steps=0)[:20]
    )


def test_lesson_says_the_norms_settled_when_weight_decay_holds_them():
    scene = replace(Scene(), train_decay=0.5)
    run = lab.advance(lab.start(scene), scene, 400)
    window = run.norms[-(lab_readouts.LESSON_WINDOW + 1) :].mean(axis=1)
    assert window[-1] <= window[0] * 1.001
    assert "no longer lower it" in lab_readouts.lesson(run, "en")


def test_feature_table_has_one_column_per_loss():
    scene = Scene()
    runs = lab.advance_features(lab.start_features(scene), scene, 1)
    table = lab_readouts.feature_table(runs, scene.feature_losses, "en")
    assert table.columns == ("Softmax", "ArcFace")
    accuracy = table.row("held-out accuracy")
    assert all(cell.endswith("%") for cell in accuracy)
