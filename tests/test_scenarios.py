import numpy as np
import pytest

from softmaxviz import analyze, region_borders, softmax
from softmaxviz.kinds import KINDS
from softmaxviz.margins import margin_classes_at, margin_logits, margin_loss
from softmaxviz.scenarios import SCENARIOS, TOUR
from softmaxviz.state import TOUR_STEPS, Scene, from_query
from softmaxviz.strings import STRINGS


def scene_of(key):
    return next(s.scene for s in SCENARIOS if s.key == key)


def a_of(scene):
    return analyze(scene.W, scene.xv, scene.b, scene.temperature)


def test_the_scene_s_tour_step_counts_the_tour_s_steps():
    assert len(TOUR) == TOUR_STEPS


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


@pytest.mark.parametrize("lang", sorted(STRINGS))
def test_longer_wins_text_states_the_computed_numbers(lang):
    # It said "twice as long" of 2.500 against 1.170 (2.14 times).
    a = a_of(scene_of("longer_wins"))
    text = STRINGS[lang]["scenario.longer_wins.text"]
    deg = np.degrees(a.angles)
    numbers = [
        f"{deg[1]:.0f}°",
        f"{deg[0]:.0f}°",
        f"{a.norms[0] / a.norms[1]:.1f}",
        f"{a.logits[0]:.2f}",
        f"{a.logits[1]:.2f}",
    ]
    for number in numbers:
        assert number in text, f"longer_wins ({lang}) should say {number!r}"


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


def _trio_numbers():
    """What the three margin scenarios claim, computed with the core and the margins."""
    soft, cos, arc = (scene_of(f"margin_{k}") for k in ("softmax", "cosface", "arcface"))
    a = a_of(soft)
    theta = np.degrees(a.angles)
    c = np.cos(a.angles)
    cos_p, arc_p = cos.params, arc.params
    z_norm = margin_logits(cos.W, cos.xv, 0, "normface", s=cos_p["s"])
    z_cos = margin_logits(cos.W, cos.xv, 0, "cosface", **cos_p)
    z_arc = margin_logits(arc.W, arc.xv, 0, "arcface", **arc_p)
    m_deg = np.degrees(arc_p["m"])
    return {
        "margin_softmax": [
            f"{theta[0]:.1f}°",
            f"{theta[1]:.1f}°",
            f"p1 = {a.probabilities[0]:.2f}",
            f"{-np.log(a.probabilities[0]):.2f}",
            f"s = {cos_p['s']:g}",
            f"p1 = {softmax(z_norm)[0]:.2f}",
        ],
        "margin_cosface": [
            f"s = {cos_p['s']:g}",
            f"m = {cos_p['m']:g}",
            f"{c[0]:.3f} − {c[1]:.3f} = {c[0] - c[1]:.3f}",
            f"= {z_cos[0]:.2f}",
            f"= {z_cos[1]:.2f}",
            f"p1 = {softmax(z_cos)[0]:.2f}",
            f"{margin_loss(cos.W, cos.xv, 0, 'cosface', **cos_p):.2f}",
        ],
        "margin_arcface": [
            f"s = {arc_p['s']:g}",
            f"m = {arc_p['m']:g}",
            f"{m_deg:.1f}°",
            f"{theta[1] - theta[0]:.1f}°",
            f"cos {theta[0] + m_deg:.1f}° = {z_arc[0]:.2f}",
            f"{z_arc[1]:.2f}",
            f"p1 = {softmax(z_arc)[0]:.2f}",
            f"{margin_loss(arc.W, arc.xv, 0, 'arcface', **arc_p):.2f}",
        ],
    }


def test_defect8_only_the_margin_changes_the_outcome():
    soft, cos, arc = (scene_of(f"margin_{k}") for k in ("softmax", "cosface", "arcface"))
    # One geometry, label class 1, only the loss differs.
    assert soft.points() == cos.points() == arc.points() and soft.label == cos.label == arc.label == 0
    # Without a margin class 1 wins: plain softmax, and NormFace at the page's s (angles only).
    assert a_of(soft).predicted == 0
    assert int(np.argmax(margin_logits(soft.W, soft.xv, 0, "softmax", b=soft.b))) == 0
    assert int(np.argmax(margin_logits(cos.W, cos.xv, 0, "normface", s=cos.params["s"]))) == 0
    assert int(margin_classes_at(cos.W, cos.xv, "normface", s=cos.params["s"])) == 0
    # So does each margin kind with its margin switched off.
    for scene in (cos, arc):
        plain = {**scene.params, **KINDS[scene.loss].no_margin}
        assert int(np.argmax(margin_logits(scene.W, scene.xv, 0, scene.loss, **plain))) == 0
    # With the margin at the page's s and m, class 1 loses: class 2's logit is larger and the sample
    # lies in the band (no class wins by its margin).
    for scene in (cos, arc):
        assert int(np.argmax(margin_logits(scene.W, scene.xv, 0, scene.loss, **scene.params))) == 1
        assert int(margin_classes_at(scene.W, scene.xv, scene.loss, **scene.params)) == -1
        assert margin_loss(scene.W, scene.xv, 0, scene.loss, **scene.params) > np.log(2)


@pytest.mark.parametrize("lang", sorted(STRINGS))
@pytest.mark.parametrize("key", ["margin_softmax", "margin_cosface", "margin_arcface"])
def test_defect8_scenario_texts_state_the_computed_numbers(key, lang):
    text = STRINGS[lang][f"scenario.{key}.text"]
    for number in _trio_numbers()[key]:
        assert number in text, f"{key} ({lang}) should say {number!r}"
