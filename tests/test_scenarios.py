import numpy as np
import pytest

from softmaxviz import analyze, region_borders
from softmaxviz.margins import margin_classes_at, margin_loss
from softmaxviz.scenarios import SCENARIOS
from softmaxviz.state import Scene, from_query
from softmaxviz.strings import STRINGS


def scene_of(key):
    return next(s.scene for s in SCENARIOS if s.key == key)


def a_of(scene):
    return analyze(scene.W, scene.xv, scene.b, scene.temperature)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_every_scenario_is_a_valid_linkable_scene_with_texts(scenario):
    assert isinstance(scenario.scene, Scene)
    assert from_query(scenario.scene.to_query()) == (scenario.scene, [])
    assert {f"scenario.{scenario.key}.title", f"scenario.{scenario.key}.text"} <= set(STRINGS["en"])


def test_equal_norms_the_closest_angle_wins():
    a = a_of(scene_of("equal_norms"))
    np.testing.assert_allclose(a.norms, 2.0, atol=1e-3)
    assert a.predicted == int(np.argmin(a.angles))


def test_longer_weight_wins_despite_larger_angle():
    a = a_of(scene_of("longer_wins"))
    assert a.predicted == 0 and a.angles[0] > a.angles[1]


def test_bias_moves_the_border_to_minus_half():
    s = scene_of("bias_shift")
    (seg,) = [b for b in region_borders(s.W, s.b, s.extent) if (b.i, b.j) == (0, 1)]
    assert seg.start[0] == pytest.approx(-0.5) and seg.end[0] == pytest.approx(-0.5)


def test_on_boundary_is_fifty_fifty():
    p = a_of(scene_of("on_boundary")).probabilities
    assert p[0] == pytest.approx(p[1]) and p[0] > 0.499


def test_lower_temperature_sharpens():
    s = scene_of("sharpen")
    assert a_of(s).probabilities.max() > analyze(s.W, s.xv, s.b, 1.0).probabilities.max()


def test_zero_sample_gives_softmax_of_the_biases():
    s = scene_of("zero_sample")
    a = a_of(s)
    assert np.isnan(a.angles).all()
    np.testing.assert_allclose(a.probabilities, np.exp(s.b) / np.exp(s.b).sum())


def test_same_scene_under_softmax_cosface_arcface():
    plain = a_of(scene_of("margin_softmax"))
    assert plain.probabilities[0] == pytest.approx(0.8173, abs=1e-4)
    cos = scene_of("margin_cosface")
    assert int(margin_classes_at(cos.W, cos.xv, "cosface", **cos.params)) == -1  # in the band
    arc = scene_of("margin_arcface")
    assert margin_loss(arc.W, arc.xv, 0, "arcface", **arc.params) > 4.0
