from dataclasses import replace

import numpy as np
import pytest

from softmaxviz import analyze
from softmaxviz.results import drag_step, effective, explorer_results, fit_view
from softmaxviz.state import Scene


def keys(scene):
    return [n.key for n in explorer_results(scene, resolution=8).notes]


def test_default_scene_has_no_notes():
    assert keys(Scene()) == []


def test_edge_case_notes():
    assert "msg.zero_x" in keys(replace(Scene(), x=(0.0, 0.0)))
    s = replace(Scene(), weights=((0.0, 0.0), (1.0, 1.0), (1.0, 1.0)))
    notes = explorer_results(s, resolution=8).notes
    assert [n.key for n in notes] == ["msg.zero_w", "msg.equal_w"]
    assert dict(notes[0].args) == {"names": "w1"}
    assert dict(notes[1].args) == {"a": "w2", "b": "w3"}
    assert "msg.outside" in keys(replace(Scene(), x=(10.0, 0.0)))
    assert "msg.saturated" in keys(replace(Scene(), x=(1e6, 1e6)))


def test_results_match_analyze_of_effective_vectors():
    s = replace(Scene(), normalize_w=True, normalize_x=True, biases=(0.5, 0.0, -0.5))
    W, x = effective(s)
    np.testing.assert_allclose(np.linalg.norm(W, axis=0), 1.0)
    r = explorer_results(s, resolution=8)
    np.testing.assert_allclose(r.analysis.probabilities, analyze(W, x, s.b).probabilities)
    assert r.regions.classes.shape == (8, 8)


def test_zero_weight_stays_zero_when_normalised():
    s = replace(Scene(), weights=((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)), normalize_w=True)
    W, _ = effective(s)
    np.testing.assert_array_equal(W[:, 0], [0.0, 0.0])


@pytest.mark.parametrize(
    ("coords", "view"),
    [((1.5, 1.5), 3.0), ((3.0, 0.0), 4.0), ((1e6, 0.0), 1.5e6), ((0.0, 0.0), 3.0)],
)
def test_fit_view_shows_every_handle(coords, view):
    s = replace(Scene(), x=coords)
    assert fit_view(s) == view
    assert max(np.abs(s.W).max(), np.abs(s.xv).max()) < fit_view(s)


def test_drag_step_is_about_a_pixel():
    assert drag_step(4.0) == pytest.approx(0.01)
    assert drag_step(100.0) == pytest.approx(1.0)
    assert drag_step(1e6) == pytest.approx(1e4)


def test_loss_against_scale_matches_margin_loss():
    from softmaxviz.margins import margin_loss
    from softmaxviz.results import loss_against_scale

    for loss in ("normface", "cosface", "arcface", "combined"):
        scene = Scene().with_loss(loss)
        scales = np.array([0.5, 8.0, 64.0])
        expected = [margin_loss(scene.W, scene.xv, 0, loss, **{**scene.params, "s": s}) for s in scales]
        np.testing.assert_allclose(loss_against_scale(scene, scales), expected, rtol=1e-10)
    assert loss_against_scale(Scene().with_loss("sphereface"), np.array([1.0])) is None
    assert loss_against_scale(replace(Scene(), x=(0.0, 0.0)), np.array([1.0])) is None
