import re
import string
from dataclasses import replace

import numpy as np
import pytest

from softmaxviz import analyze, region_borders, softmax
from softmaxviz.kinds import KINDS
from softmaxviz.margins import margin_classes_at, margin_logits, margin_loss
from softmaxviz.scenarios import BY_KEY, SCENARIOS, SCENE_FIELDS, TOUR, Number, Vector, facts, opened
from softmaxviz.state import TOUR_STEPS, Scene, from_query
from softmaxviz.strings import STRINGS
from softmaxviz.ui.readouts import scenario_text


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
    text = scenario_text(BY_KEY["longer_wins"], lang).replace("\u00a0", " ")
    deg = np.degrees(a.angles)
    numbers = [
        f"{deg[1]:.0f}°",
        f"{deg[0]:.0f}°",
        f"{a.norms[0] / a.norms[1]:.1f}",
        f"= {a.logits[0]:.2f}",
        f" {a.logits[1]:.2f}",
    ]
    for number in numbers:
        assert number in text, f"longer_wins ({lang}) should say {number!r}"


def test_bias_moves_the_border_to_minus_half():
    s = scene_of("bias_shift")
    (seg,) = [b for b in region_borders(s.W, s.b, s.extent) if (b.i, b.j) == (0, 1)]
    assert seg.start[0] == pytest.approx(-0.5) and seg.end[0] == pytest.approx(-0.5)


def test_on_boundary_is_a_tie_and_its_card_quotes_the_table_s_digits():
    a = a_of(scene_of("on_boundary"))
    assert a.probabilities[0] == pytest.approx(a.probabilities[1]) and a.winners == (0, 1)
    # "p1 = p2 = 0.500" beside the table's 0.4999: it said one half, and class 3 takes 0.0002.
    text = scenario_text(BY_KEY["on_boundary"], "en")
    assert "p1 =\u00a0p2 =\u00a00.4999" in text and "remaining 0.0002" in text


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
    text = scenario_text(BY_KEY[key], lang).replace("\u00a0", " ")
    for number in _trio_numbers()[key]:
        assert number in text, f"{key} ({lang}) should say {number!r}"


def _fields(template):
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", sorted(STRINGS))
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_every_card_quotes_only_facts_of_its_own_scene(scenario, lang):
    template = STRINGS[lang][f"scenario.{scenario.key}.text"]
    assert _fields(template) <= set(facts(scenario.scene)), "a card names a fact its scene lacks"
    text = scenario_text(scenario, lang)
    assert "{" not in text and "nan" not in text.lower()
    assert not re.search(r"-\d", text), "a negative number written with a hyphen, not −"


@pytest.mark.parametrize("lang", sorted(STRINGS))
@pytest.mark.parametrize("key", ["on_boundary", "margin_cosface", "margin_arcface", "zero_sample", "sharpen"])
def test_a_card_follows_its_scene(key, lang):
    # The numbers come from the scene, not from the string table: another scene, another text.
    scenario = BY_KEY[key]
    moved = replace(scenario, scene=replace(scenario.scene, biases=(0.25, -0.5, 0.125), x=(1.25, 0.75)))
    assert scenario_text(moved, lang) != scenario_text(scenario, lang)


def test_a_negative_that_rounds_to_zero_has_no_sign():
    shown = [format(Number(v), ".3f") for v in (-0.0004, -0.0, 0.0004, -0.0006)]
    assert shown == ["0.000", "0.000", "0.000", "−0.001"]
    assert format(Number(-1e-5), ".1e") == "−1.0e−05"
    assert format(Vector((-0.0001, -2.0)), ".2f") == "(0.00,\u00a0−2.00)"  # a vector is not split


@pytest.mark.parametrize("lang", sorted(STRINGS))
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_a_card_keeps_each_number_beside_its_equals_sign(scenario, lang):
    # At 1024 px a card wrapped "x₁ = / −0.5": the space after "=" does not break. With the one
    # before it held too, the zero sample's chain "p = softmax(b) = softmax(…) = (…)" was one piece
    # longer than a card's line, and the browser broke it mid-number ("−0. / 5").
    text = scenario_text(scenario, lang)
    assert "= " not in text and " =\u00a0" in text
    # The longest piece a line cannot break (spaces and CJK characters break): short enough for
    # a card 390 px wide.
    pieces = re.split(r"[ \u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", text)
    assert max(map(len, pieces)) <= 24, max(pieces, key=len)


def test_the_facts_worked_by_hand():
    f = facts(scene_of("on_boundary"))  # w1 = (2, 0), w2 = (0, 2), w3 = (-3, -3), x = (1, 1)
    assert (f"{f['x']}", f"{f['w3']}") == ("(1,\u00a01)", "(−3,\u00a0−3)")
    assert [f["d1"], f["d2"], f["d3"], f["top"]] == pytest.approx([2.0, 2.0, -6.0, 1])
    assert f["t1"] == pytest.approx(45.0) and f["closer12"] == pytest.approx(0.0)
    assert f["ratio31"] == pytest.approx(np.hypot(3, 3) / 2) and f["lead12"] == pytest.approx(0.0)
    f = facts(scene_of("bias_shift"))  # w1 = (2, 0), w2 = (-2, 0), b = (2, 0, 0)
    assert f["border12"] == pytest.approx(-0.5) and f["border21"] == pytest.approx(0.5)
    assert f"{f['border12']:g}" == "−0.5" and f"{f['b']}" == "(2,\u00a00,\u00a00)"
    f = facts(scene_of("margin_arcface"))
    assert f["m_deg"] == pytest.approx(np.degrees(0.5))
    assert f["ty_m"] == pytest.approx(f["t1"] + np.degrees(0.5))


def test_a_zero_sample_has_no_margin_facts():
    f = facts(scene_of("zero_sample").with_loss("arcface"))
    assert not {"loss", "mz1", "nf_p1", "m_deg"} & set(f)
    assert f"{f['p']:.2f}" == "(0.51,\u00a00.31,\u00a00.19)"


def test_number_and_vector_write_the_minus_sign():
    assert f"{Number(-1.5):.2f}" == "−1.50" and f"{Number(2e-5):.1e}" == "2.0e−05"
    nbsp = "\u00a0"
    assert f"{Vector((-1.0, 0.25))}" == f"(−1,{nbsp}0.25)"
    assert f"{Vector((0.5, 1.0)):.1f}" == f"(0.5,{nbsp}1.0)"


def test_bias_shift_border_is_where_the_card_says():
    s = scene_of("bias_shift")
    (seg,) = [b for b in region_borders(s.W, s.b, s.extent) if (b.i, b.j) == (0, 1)]
    # The card says "x₁ = {border12}": true because w1 − w2 points along x₁.
    assert seg.start[0] == pytest.approx(facts(s)["border12"]) == pytest.approx(seg.end[0])


def test_a_scenario_sets_the_2d_scene_and_keeps_the_rest_of_the_user_s():
    from dataclasses import fields

    user = replace(Scene(), tour_step=3, samples=((1.0, 2.0), (3.0, 4.0)), class_names=("cat", "dog", ""))
    for scenario in (*SCENARIOS, *TOUR):
        new = opened(scenario.scene, user)
        for name in (f.name for f in fields(Scene)):
            expected = scenario.scene if name in SCENE_FIELDS else user
            assert getattr(new, name) == getattr(expected, name), (scenario.key, name)
    # Every field a scenario or a tour step sets is one it opens with.
    defaults = Scene()
    for scenario in (*SCENARIOS, *TOUR):
        scene = scenario.scene
        changed = {f.name for f in fields(Scene) if getattr(scene, f.name) != getattr(defaults, f.name)}
        assert changed <= set(SCENE_FIELDS), scenario.key
