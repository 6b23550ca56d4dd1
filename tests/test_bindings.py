"""The binding table: both directions come from one table, and no widget writes what it did not show."""

import math
from dataclasses import fields, replace

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import example, given, settings

from softmaxviz.bindings import (
    BINDINGS,
    CHOICE,
    NUMBER,
    PILLS,
    PREF_BINDINGS,
    SELECT,
    SLIDER,
    TEXT,
    TOGGLE,
    aim,
)
from softmaxviz.scenarios import SCENARIOS
from softmaxviz.state import LAYERS, LOSS_PARAMS, MAX_ABS, Prefs, Scene
from softmaxviz.strings import Invalid, plain_number, problem_of, tell

SCENES = [Scene(), *(s.scene for s in SCENARIOS), Scene().with_loss("combined"), replace(Scene(), dim=3)]


@pytest.mark.parametrize("scene", SCENES)
def test_scene_to_widgets_to_scene_is_the_identity(scene):
    for key, binding in BINDINGS.items():
        assert binding.update(scene, binding.show(scene)) == scene, key


# Every coordinate at the limit a scene allows, in 2D and 3D.
FARTHEST = Scene().with_points({n: (MAX_ABS, -MAX_ABS) for n in Scene().points()})
FARTHEST3 = replace(Scene(), dim=3).with_points3({n: (MAX_ABS, -MAX_ABS, MAX_ABS) for n in Scene().points3()})


@pytest.mark.parametrize("scene", [*SCENES, FARTHEST, FARTHEST3])
def test_every_number_widget_can_show_what_it_is_bound_to(scene):
    # Streamlit raises when a number input's value lies outside its range: a 3D vector at the
    # coordinate limit is sqrt(3) times as long as that limit, and its length input once stopped
    # the page (or, before its value was also the default, showed 0.0).
    for key, binding in BINDINGS.items():
        if binding.widget in (NUMBER, SLIDER) and binding.low is not None:
            assert binding.low <= binding.show(scene) <= binding.high, key


def test_prefs_to_widgets_to_prefs_is_the_identity():
    for prefs in (Prefs(), Prefs("zh", True)):
        for key, binding in PREF_BINDINGS.items():
            assert binding.update(prefs, binding.show(prefs)) == prefs, key


def test_every_user_set_scene_field_has_a_widget():
    # seed moves with "Add sample"; camera with the 3D view's rotation; samples by dragging;
    # the training lab's points by clicking; the tour's step with its Next and Back buttons.
    not_widgets = {"seed", "camera", "samples", "samples3", "margin_params", "train_points", "tour_step"}
    bound = {b.field for b in BINDINGS.values()}
    assert {f.name for f in fields(Scene)} - not_widgets <= bound
    assert {b.field for b in BINDINGS.values() if b.key.startswith("margin_params.")} == {"margin_params"}


def test_keys_are_generated_from_the_field_names():
    for key, binding in BINDINGS.items():
        assert key.split(".")[0] == binding.field


def test_typed_coordinate_sets_only_its_coordinate():
    new = BINDINGS["weights.1.0"].update(Scene(), -2.0)
    assert new == replace(Scene(), weights=((2.5, 0.0), (-2.0, 1.1), (-1.4, -1.2)))


def test_spherical_inputs_set_the_point_in_degrees():
    # w2 at azimuth 90 deg keeps its elevation and length: (0.4, 1.1, 0.3) -> (0, |(0.4, 1.1)|, 0.3).
    new = BINDINGS["weights3.1.az"].update(Scene(), 90.0)
    x, y, z = new.weights3[1]
    assert (x, y, z) == pytest.approx((0.0, (0.4**2 + 1.1**2) ** 0.5, 0.3))
    assert BINDINGS["weights3.1.az"].show(new) == 90.0


def test_aim_keeps_the_direction_shown_where_the_vector_has_none():
    # (1, 1, 0): azimuth 45 deg, elevation 0. The zero vector and a vector on the x3 axis take the
    # hint's parts they lack; without a hint they read 0, as spherical() does.
    assert aim(np.array([1.0, 1.0, 0.0]), (0.3, 0.2)) == pytest.approx((math.pi / 4, 0.0))
    assert aim(np.zeros(3), (0.3, 0.2)) == (0.3, 0.2)
    assert aim(np.array([0.0, 0.0, 2.0]), (0.3, 0.2)) == pytest.approx((0.3, math.pi / 2))
    assert aim(np.array([0.0, 0.0, -2.0]), None) == pytest.approx((0.0, -math.pi / 2))
    assert aim(np.zeros(3)) == (0.0, 0.0)


def test_spherical_length_zero_then_two_keeps_the_direction():
    # w1 = (2.5, 0, 0.5): azimuth 0, elevation atan(0.2) = 11.3099 deg. At length 0 the inputs show
    # the direction they showed before; length 2 then points the same way: 2 (cos, 0, sin)(11.31 deg).
    length, elevation = BINDINGS["weights3.0.len"], BINDINGS["weights3.0.el"]
    hint = length.turn(Scene())
    zero = length.update(Scene(), 0.0, hint=hint)
    assert zero.weights3[0] == (0.0, 0.0, 0.0)
    assert elevation.show(zero, hint=hint) == pytest.approx(math.degrees(math.atan(0.2)), abs=1e-4)
    assert elevation.show(zero) == 0.0  # without the hint the direction is gone
    two = length.update(zero, 2.0, hint=length.turn(zero, hint=hint))
    unit = np.array([2.5, 0.0, 0.5]) / math.hypot(2.5, 0.5)
    assert two.weights3[0] == pytest.approx(tuple(2 * unit))


def test_spherical_a_tiny_length_then_two_keeps_the_direction():
    # x = (1.5, 1.5, 1): at length 1e-9, rounded to nine decimals, it became (1e-9, 1e-9, 0) and
    # lost its elevation; length 2 then pointed along the plane.
    length = BINDINGS["x3.len"]
    tiny = length.update(Scene(), 1e-9, hint=length.turn(Scene()))
    two = length.update(tiny, 2.0, hint=length.turn(tiny))
    unit = np.array(Scene().x3) / np.linalg.norm(Scene().x3)
    assert np.linalg.norm(tiny.x3) == pytest.approx(1e-9) and two.x3 == pytest.approx(tuple(2 * unit))


def test_spherical_a_subnormal_length_then_three_keeps_the_direction_typed():
    # w1 at azimuth 120°, elevation 0: (-1, 1.732, 0). At length 1e-320 its coordinates are
    # subnormal (few digits): it read azimuth 119.9977°, and length 3 then pointed there.
    az, length = BINDINGS["weights3.0.az"], BINDINGS["weights3.0.len"]
    turned = az.update(replace(Scene(), weights3=((2.0, 0.0, 0.0), *Scene().weights3[1:])), 120.0)
    hint = length.turn(turned)
    tiny = length.update(turned, 1e-320, hint=hint)
    assert az.show(tiny, hint=length.turn(tiny, hint=hint)) == 120.0
    three = length.update(tiny, 3.0, hint=length.turn(tiny, hint=hint))
    assert three.weights3[0] == pytest.approx((-1.5, 1.5 * math.sqrt(3), 0.0), abs=1e-9)  # nine decimals


def test_spherical_azimuth_typed_at_the_pole_is_kept_for_the_next_elevation():
    # x = (0, 0, 2) has no azimuth: a typed 45 deg moves nothing but is what the input then shows,
    # and elevation 0 after it gives 2 (cos 45, sin 45, 0) = (sqrt 2, sqrt 2, 0).
    az, el = BINDINGS["x3.az"], BINDINGS["x3.el"]
    pole = replace(Scene(), x3=(0.0, 0.0, 2.0))
    assert az.update(pole, 45.0, hint=None) == pole
    hint = az.turn(pole, 45.0)
    assert az.show(pole, hint=hint) == 45.0
    flat = el.update(pole, 0.0, hint=hint)
    assert flat.x3 == pytest.approx((2**0.5, 2**0.5, 0.0))


def test_a_length_past_the_limit_is_refused_as_a_length():
    # x = (1.5, 1.5, 1), |x| = 2.3452: its largest coordinate reaches 10^6 at 10^6 * 2.3452 / 1.5.
    scene = replace(Scene(), dim=3)
    with pytest.raises(ValueError, match=r"the length can be at most 1563470, got 1700000"):
        BINDINGS["x3.len"].update(scene, 1_700_000.0)
    longest = BINDINGS["x3.len"].update(scene, 1_563_470.0)
    assert 999_998 < max(longest.x3) <= 1e6


@pytest.mark.parametrize("key", sorted(k for k, b in BINDINGS.items() if b.widget == NUMBER))
def test_a_number_past_its_input_s_range_is_refused_by_the_binding(key):
    # The number inputs have no bounds of their own: out of them, Streamlit's frontend refused a
    # typed value itself, in English on a 中文 page. The binding refuses it, in the page's language.
    binding, scene = BINDINGS[key], replace(Scene(), dim=3)
    low = 0.0 if key.endswith(".len") else binding.low  # its top depends on the direction: below
    for value in (low - 1, binding.high + 1):
        with pytest.raises(Invalid) as refused:
            binding.update(scene, value)
        assert "收到的是 `" + plain_number(value, exact=True) + "`" in tell(problem_of(refused.value), "zh")


def test_angles_and_lengths_out_of_range_are_refused_in_words():
    scene = replace(Scene(), dim=3)
    with pytest.raises(Invalid, match=r"the azimuth must be between -180 and 180, got 270"):
        BINDINGS["x3.az"].update(scene, 270.0)
    with pytest.raises(Invalid, match=r"the elevation must be between -90 and 90, got -90\.5"):
        BINDINGS["weights3.1.el"].update(scene, -90.5)
    with pytest.raises(Invalid, match=r"the length must be at least 0, got -0\.1"):
        BINDINGS["x3.len"].update(scene, -0.1)


def test_each_dimension_keeps_its_own_selected_column():
    # One column for both was cut to the shorter batch on a switch of D: x(12) in 2D went to x(4)
    # in 3D, and switching back showed x(4).
    twelve = tuple((0.1 * n + 0.5, 1.0) for n in range(12))
    scene = replace(Scene(), samples=twelve, sel_sample=11)
    three = BINDINGS["dim"].update(scene, 3)
    assert (three.selected_sample, three.sel_sample) == (0, 11)
    three = BINDINGS["sel_sample3"].update(three, 2)
    back = BINDINGS["dim"].update(three, 2)
    assert (back.selected_sample, back.sel_sample3) == (11, 2)
    with pytest.raises(ValueError):
        BINDINGS["sel_sample3"].update(scene, 4)  # the 3D batch has four


def test_deselected_choice_and_stale_kind_change_nothing():
    scene = Scene()
    assert BINDINGS["selected"].update(scene, None) == scene
    # A CosFace slider left over after switching to ArcFace must not write into ArcFace.
    assert BINDINGS["margin_params.cosface.m"].update(scene, 0.9) == scene


def test_invalid_values_raise_instead_of_landing():
    with pytest.raises(ValueError):
        BINDINGS["temperature"].update(Scene(), 0.0)
    with pytest.raises(ValueError):
        BINDINGS["sel_sample"].update(Scene(), 7)
    with pytest.raises(ValueError):
        BINDINGS["layers"].update(Scene(), ["regions", "bogus"])


# --- a widget state of each kind, drawn from what the widget could show ---------------------------


def widget_value(binding, scene):
    if binding.widget in (NUMBER, SLIDER):
        return st.floats(binding.low, binding.high, allow_nan=False) | st.sampled_from(
            [binding.low, binding.high]
        )
    if binding.widget == TOGGLE:
        return st.booleans()
    if binding.widget == PILLS:
        return st.lists(st.sampled_from(LAYERS), unique=True)
    if binding.widget in (CHOICE, SELECT):
        return st.sampled_from([None, *binding.options(scene)])
    if binding.widget == TEXT:
        return st.text(max_size=30)
    raise AssertionError(binding.widget)


widget_edits = st.lists(
    st.sampled_from(sorted(BINDINGS)).flatmap(
        lambda key: widget_value(BINDINGS[key], Scene()).map(lambda value: (key, value))
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(edits=widget_edits, kind=st.sampled_from(sorted(LOSS_PARAMS)))
# Class 3 picked, then two classes: the pick follows (a CI run's random draw found it).
@example(edits=[("train_pick", 2), ("train_classes", 2)], kind="softmax")
def test_scene_never_takes_a_value_the_widgets_did_not_show(edits, kind):
    scene = Scene().with_loss(kind)
    for key, value in edits:
        binding = BINDINGS[key]
        try:
            new = binding.update(scene, value)
        except ValueError:
            continue  # refused: the scene stays
        changed = {f.name for f in fields(Scene) if getattr(new, f.name) != getattr(scene, f.name)}
        # Only the widget's own field moves (choosing a loss resets its parameters; a new
        # dimension selects its first sample; fewer classes drop the clicked points of the
        # classes gone, and a class picked among them).
        follows = {
            "loss": {"margin_params"},
            "dim": {"sel_sample"},
            "train_classes": {"train_pick", "train_points"},
        }
        allowed = {binding.field} | follows.get(binding.field, set())
        assert changed <= allowed, (key, changed)
        if changed and key.endswith((".az", ".el")):
            # An angle reads back up to a full turn, and not at all where it is undefined.
            az, el, length = (BINDINGS[key[:-2] + part].show(new) for part in ("az", "el", "len"))
            if length > 1e-6 and (key.endswith(".el") or abs(el) < 89.99):
                shown = az if key.endswith(".az") else el
                assert (shown - value + 180.0) % 360.0 - 180.0 == pytest.approx(0.0, abs=1e-3), key
        elif changed and binding.widget in (NUMBER, SLIDER):
            # What the widget showed is what the scene holds (a length up to rounding).
            assert binding.show(new) == pytest.approx(value, rel=1e-6, abs=1e-4), key
        elif changed and binding.widget == TEXT:
            assert binding.show(new) == value.strip(), key
        elif changed:
            shown = binding.show(new)
            assert shown == (sorted(value, key=LAYERS.index) if binding.widget == PILLS else value), key
        scene = new


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_length_near_the_smallest_float_is_taken_not_turned_into_nan():
    # Its rounding asked for 10^317: NaN, and the scene refused the length as not a number.
    for length in (2.2250738585072014e-308, 5e-324):
        x3 = BINDINGS["x3.len"].update(Scene(), length).x3
        assert all(np.isfinite(x3)) and 0 < max(map(abs, x3)) <= length
