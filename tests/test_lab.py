"""The training lab's runs: built from the scene, deterministic, resumable, draggable."""

from dataclasses import replace

import numpy as np
import pytest

from softmaxviz import lab
from softmaxviz.state import MAX_ABS, Scene
from softmaxviz.training import fit_linear


def test_a_run_starts_from_the_scenes_setup_with_no_step():
    scene = replace(Scene(), train_classes=4, train_data="spirals", train_seed=3)
    run = lab.start(scene)
    assert run.X.shape == (2, 4 * lab.POINTS_PER_CLASS) and set(run.y) == {0, 1, 2, 3}
    assert run.W.shape == (2, 4) and run.step == 0 and run.losses.size == 0
    assert run.setup == lab.linear_setup(scene)
    assert list(run.points()) == ["w1", "w2", "w3", "w4"]


def test_frames_add_up_to_one_long_run():
    scene = Scene()
    run = lab.start(scene)
    for _ in range(4):
        run = lab.advance(run, scene)
    start = lab.start(scene)
    whole = fit_linear(run.X, run.y, "softmax", steps=4 * scene.train_steps, lr=scene.train_lr, W0=start.W)
    assert run.step == 20
    np.testing.assert_allclose(run.W, whole.W, rtol=1e-12)
    # The records open with step 0's, the weights training began from: the curve began at step 1,
    # below the loss the status line had shown before the first step.
    np.testing.assert_allclose(run.losses[1:], whole.losses, rtol=1e-12)
    assert run.losses.size == 21 and run.losses[0] == pytest.approx(lab.score(start)[0], rel=1e-12)
    assert run.accuracy[0] == pytest.approx(lab.score(start)[1])


def test_training_is_deterministic_for_a_seed():
    scene = replace(Scene(), train_loss="arcface", train_data="rings")
    a = lab.advance(lab.start(scene), scene, 30)
    b = lab.advance(lab.start(scene), scene, 30)
    np.testing.assert_array_equal(a.W, b.W)


def test_softmax_on_separable_blobs_lengthens_the_weights():
    scene = Scene()
    run = lab.advance(lab.start(scene), scene, 400)
    assert run.accuracy[-1] == 1.0
    assert run.norms[-1].mean() > 1.5 * run.norms[0].mean()


def test_a_dragged_weight_is_where_training_continues():
    scene = Scene()
    run = lab.with_points(lab.start(scene), {"w2": [0.0, -3.0], "x": [9, 9], "w9": [1, 1]})
    assert run.W[:, 1].tolist() == [0.0, -3.0]
    moved = lab.advance(run, scene, 1)
    expected = fit_linear(run.X, run.y, "softmax", steps=1, lr=scene.train_lr, W0=run.W)
    np.testing.assert_allclose(moved.W, expected.W)
    with pytest.raises(ValueError):
        lab.with_points(run, {"w1": [float("nan"), 0.0]})


def test_trained_weights_open_in_the_explorer_only_with_three_classes():
    scene = Scene()
    run = lab.advance(lab.start(scene), scene, 10)
    opened = lab.as_scene(run, scene)
    assert opened.weights == tuple((round(w[0], 4), round(w[1], 4)) for w in run.W.T.tolist())
    assert opened.x == scene.x
    assert lab.as_scene(lab.start(replace(scene, train_classes=4)), scene) is None


def test_two_feature_losses_train_side_by_side_from_one_seed():
    scene = replace(Scene(), feature_losses=("softmax", "softmax"))
    runs = lab.advance_features(lab.start_features(scene), scene, 1)
    left, right = runs.fits
    assert runs.epoch == 1
    np.testing.assert_array_equal(left.W, right.W)  # same seed, same data, same loss: same run


def test_a_3d_run_trains_and_opens_in_the_3d_explorer():
    scene = replace(Scene(), train_dim=3, train_classes=3)
    run = lab.advance(lab.start(scene), scene, 10)
    assert run.X.shape[0] == 3 and run.W.shape == (3, 3) and run.step == 10
    opened = lab.as_scene(run, scene)
    assert opened.weights3 == tuple(tuple(round(v, 4) for v in w) for w in run.W.T.tolist())
    assert opened.weights == scene.weights
    # Clicked points live on the canvas: always 2D.
    assert lab.start(replace(scene, train_data="clicked")).X.shape == (2, 0)


def test_rewound_puts_back_a_run_s_progress_with_its_records_then():
    scene = Scene()
    run = lab.advance(lab.start(scene), scene, 5)
    before = lab.progress(run, records=False)
    later = lab.advance(lab.with_points(run, {"w1": [2.0, 2.0]}), scene, 5)
    back = lab.rewound(later, before)
    assert back.step == 5 and np.array_equal(back.W, run.W) and np.array_equal(back.b, run.b)
    assert np.array_equal(back.losses, run.losses) and back.norms.shape == run.norms.shape
    # And forward again, from what an undo keeps (the records themselves).
    assert lab.rewound(back, lab.progress(later)).step == 10
    # Not this run's: another setup, or records it no longer has.
    other = replace(Scene(), train_classes=4)
    with pytest.raises(ValueError):
        lab.rewound(lab.start(other), before)
    with pytest.raises(ValueError):
        lab.rewound(lab.start(scene), before)


def test_diverging_training_stops_at_the_last_weights_within_the_scene_s_bound():
    # lr 5, wd 1: weight decay's factor is -4, and the weights pass 1e6 within a frame of 100 steps.
    # They were NaN after ~500 steps, and the explorer's link refused them (a traceback).
    scene = replace(Scene(), train_lr=5.0, train_decay=1.0, train_steps=100)
    run = lab.advance(lab.start(scene), scene)
    assert 0 < run.step < 100 and run.losses.size == run.step + 1
    assert np.abs(run.W).max() <= MAX_ABS and np.isfinite(run.losses).all()
    assert run.stopped.step == run.step + 1
    assert run.stopped.size > MAX_ABS and run.stopped.factor == -4.0
    assert lab.as_scene(run, scene) is not None
    # The next frame refuses the same step; a drag or a rewind speaks of other weights.
    again = lab.advance(run, scene)
    assert again.step == run.step and np.array_equal(again.W, run.W) and again.stopped == run.stopped
    assert lab.with_points(run, {"w1": [1.0, 0.0]}).stopped is None
    assert lab.rewound(run, lab.progress(lab.start(scene))).stopped is None
