"""Training-lab readouts: the status and the lesson follow the numbers and the kind's entry."""

from dataclasses import replace

from softmaxviz import lab
from softmaxviz.state import Scene
from softmaxviz.ui import lab_readouts


def test_status_before_and_after_a_step():
    scene = Scene()
    run = lab.start(scene)
    assert lab_readouts.status(run, "en") == "Step 0 · loss — · accuracy —"
    run = lab.advance(run, scene, 3)
    assert lab_readouts.status(run, "en").startswith("Step 3 · loss ")


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


def test_lesson_says_the_norms_settled_when_weight_decay_holds_them():
    scene = replace(Scene(), train_decay=0.5)
    run = lab.advance(lab.start(scene), scene, 400)
    window = run.norms[-lab_readouts.LESSON_WINDOW :].mean(axis=1)
    assert window[-1] <= window[0] * 1.001
    assert "no longer lower it" in lab_readouts.lesson(run, "en")


def test_feature_table_has_one_column_per_loss():
    scene = Scene()
    runs = lab.advance_features(lab.start_features(scene), scene, 1)
    table = lab_readouts.feature_table(runs, scene.feature_losses, "en")
    assert table.columns == ("Softmax", "ArcFace")
    accuracy = table.row("held-out accuracy")
    assert all(cell.endswith("%") for cell in accuracy)
