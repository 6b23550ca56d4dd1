import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmaxviz.state import (
    BOOL_PARAMS,
    DECAY_MAX,
    FEATURE_CLASSES,
    FIELDS,
    FOREIGN_KEYS,
    LAYERS,
    LOSS_PARAMS,
    LR_MAX,
    LR_MIN,
    MARGIN_CHARTS,
    MAX_ABS,
    MAX_QUERY_VALUE,
    N_MAX,
    POINTS_MAX,
    STEPS_MAX,
    T_MAX,
    T_MIN,
    TRAIN_CLASSES,
    TRAIN_DATA,
    VIEW_MAX,
    VIEW_MIN,
    Prefs,
    Scene,
    default_params,
    from_query,
    holds_scene,
    odd_mark,
    prefs_from_query,
    repeated_keys,
    sample_key,
    sample_of,
    unknown_keys,
)
from softmaxviz.strings import Problem, tell

SETTINGS = settings(max_examples=80, deadline=None)
coords = st.floats(-MAX_ABS, MAX_ABS, allow_nan=False)
points_2 = st.tuples(coords, coords)
points_3 = st.tuples(coords, coords, coords)


def _params_for(loss):
    specs = LOSS_PARAMS[loss]
    values = {
        k: st.sampled_from([0.0, 1.0]) if k in BOOL_PARAMS else st.floats(spec.low, spec.high)
        for k, spec in specs.items()
    }
    return st.fixed_dictionaries(values).map(lambda d: tuple(sorted(d.items())))


losses_and_params = st.sampled_from(sorted(LOSS_PARAMS)).flatmap(
    lambda loss: st.tuples(st.just(loss), _params_for(loss))
)
batches = st.tuples(
    st.sampled_from([2, 3]),
    st.lists(points_2, min_size=2, max_size=12),
    st.lists(points_3, min_size=2, max_size=12),
    st.integers(0, 11),
    st.integers(0, 2),
)


def _with_batch(scene, batch):
    dim, s2, s3, n, k = batch
    return replace(
        scene,
        dim=dim,
        samples=tuple(s2),
        samples3=tuple(s3),
        sel_sample=min(n, len(s2) - 1),
        sel_sample3=min(11 - n, len(s3) - 1),
        sel_class=k,
    )


scenes_without_batch = st.builds(
    lambda base, lp, label, cmp, chart: replace(
        base, loss=lp[0], margin_params=lp[1], label=label, compare_softmax=cmp, margin_chart=chart
    ),
    st.builds(
        Scene,
        weights=st.tuples(points_2, points_2, points_2),
        x=points_2,
        biases=st.tuples(coords, coords, coords),
        temperature=st.floats(T_MIN, T_MAX),
        normalize_w=st.booleans(),
        normalize_x=st.booleans(),
        layers=st.frozensets(st.sampled_from(LAYERS)),
        selected=st.integers(0, 2),
        view=st.floats(VIEW_MIN, VIEW_MAX),
        seed=st.integers(0, 2**32 - 1),
        weights3=st.tuples(points_3, points_3, points_3),
        x3=points_3,
        sphere_radius=st.floats(0, MAX_ABS),
        camera=st.tuples(st.floats(-3.14159, 3.14159), st.floats(-1.5707, 1.5707)),
    ),
    losses_and_params,
    st.integers(0, 2),
    st.booleans(),
    st.sampled_from(MARGIN_CHARTS),
)


def _with_training(scene, data, classes, seed, loss, lr, steps, decay, fclasses, fdim, flosses, warmup):
    return replace(
        scene,
        train_data=data,
        train_classes=classes,
        train_seed=seed,
        train_loss=loss,
        train_lr=lr,
        train_steps=steps,
        train_decay=decay,
        feature_classes=fclasses,
        feature_dim=fdim,
        feature_losses=flosses,
        warmup=warmup,
    )


kinds = st.sampled_from(sorted(LOSS_PARAMS))
scenes = st.builds(
    _with_training,
    st.builds(_with_batch, scenes_without_batch, batches),
    st.sampled_from(TRAIN_DATA),
    st.sampled_from(TRAIN_CLASSES),
    st.integers(0, 2**32 - 1),
    kinds,
    st.floats(LR_MIN, LR_MAX),
    st.integers(1, STEPS_MAX),
    st.floats(0.0, DECAY_MAX),
    st.sampled_from(FEATURE_CLASSES),
    st.sampled_from([2, 3]),
    st.tuples(kinds, kinds),
    st.booleans(),
)
prefs = st.builds(Prefs, st.sampled_from(["en", "zh"]), st.booleans())


@SETTINGS
@given(scenes)
def test_query_round_trip_is_identity(scene):
    q = scene.to_query()
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in q.items())
    assert from_query(q) == (scene, [])


def test_the_longest_scenes_a_user_can_make_round_trip_through_their_link():
    # 110 clicked points wrote a 1402-character pts, which the link refused: a reload or a shared
    # link lost them all. Floats at their longest (24 characters), every point and class.
    long = -1.2345678901234567e-100
    clicked = replace(Scene(), train_data="clicked", train_classes=6, train_pick=5)
    clicked = replace(clicked, train_points=tuple((long, long, k % 6) for k in range(POINTS_MAX)))
    batch = replace(Scene(), dim=3).with_batch([(long, long, long)] * N_MAX)
    for scene in (clicked, batch):
        assert from_query(scene.to_query()) == (scene, [])
    assert max(len(v) for v in clicked.to_query().values()) > MAX_QUERY_VALUE


def test_default_scene_is_the_canonical_demo():
    s = Scene()
    assert s.biases == (0.0, 0.0, 0.0) and s.temperature == 1.0
    assert s.W.shape == (2, 3) and s.xv.shape == (2,)
    assert s.points() == {"w1": [2.5, 0.0], "w2": [0.4, 1.1], "w3": [-1.4, -1.2], "x": [1.5, 1.5]}


def test_empty_and_partial_queries():
    assert from_query({}) == (Scene(), [])
    scene, problems = from_query({"x": "0,2", "T": "0.5"})
    assert problems == [] and scene == replace(Scene(), x=(0.0, 2.0), temperature=0.5)
    # Streamlit's own parameters ride along in shared links.
    assert from_query({"embed": "true"}) == (Scene(), [])
    # A loss without parameters gets its readable defaults.
    assert from_query({"loss": "cosface"})[0].margin_params == default_params("cosface")
    # A repeated key: the last one counts.
    assert from_query({"x": ["1,1", "2,2"]})[0].x == (2.0, 2.0)


def test_a_margin_parameter_a_link_leaves_out_keeps_its_default_and_a_bad_one_is_named():
    scene, problems = from_query({"loss": "cosface", "mp": "s:12"})
    assert problems == [] and scene.margin_params == (("m", 0.35), ("s", 12.0))
    # It said "arcface takes the parameters easy_margin, m, s" for each of these.
    assert from_query({"loss": "arcface", "mp": "s:1e9,m:0.5"})[1] == [
        "loss, mp: the parameter s must be between 0.5 and 64, got 1e9"
    ]
    assert from_query({"loss": "arcface", "mp": "q:1,m:0.5"})[1] == [
        "loss, mp: ArcFace has no parameter q (its parameters: easy_margin, m, s)"
    ]
    # Every problem names its key.
    assert from_query({"x": "1e400,0"})[1] == ["x: a coordinate must be finite, got 1e400"]
    assert from_query({"x": "abc"})[1] == ["x: expected 2 comma-separated numbers, got 'abc'"]


@pytest.mark.parametrize(
    "query",
    [
        {"x": "nan,1"},
        {"x": "inf,1"},
        {"x": "1e300,0"},
        {"x": "abc"},
        {"x": "1,2,3"},
        {"w1": ""},
        {"T": "0"},
        {"T": "-1"},
        {"b": "1,2"},
        {"nw": "yes"},
        {"layers": "regions,<script>"},
        {"sel": "4"},
        {"sel": "-1"},
        {"view": "0"},
        {"seed": "-3"},
        {"x": "1," * 5000},
        {"w2": "0x10,1"},
        {"loss": "bogus"},
        {"y": "0"},
        {"loss": "cosface", "mp": "s:8,m:5"},
        {"mp": "s:8,s:9,m:0.5,easy_margin:0"},
        {"mp": "garbage"},
        {"cmp": "2"},
        {"chart": "pie"},
        {"tour": "9"},
        {"x_3d": "1,2"},
        {"w3_3d": "1,nan,2"},
        {"cam": "0,2"},
        {"R": "-1"},
        {"X": "1,2"},
        {"X": ";".join(["1,2"] * 13)},
        {"X3": "1,2;3,4"},
        {"d": "4"},
        {"sn": "9"},
        {"sc": "0"},
    ],
)
def test_hostile_queries_give_default_scene_and_a_reason(query):
    scene, problems = from_query(query)
    assert scene == Scene()
    assert problems and all(isinstance(p, str) and p for p in problems)
    assert_said_in_chinese(problems)


# Words a problem may keep in Chinese: loss names and format names.
NAMES = {"softmax", "NormFace", "SphereFace", "CosFace", "ArcFace", "JSON"}


def assert_said_in_chinese(problems):
    """Every problem is worded by the string table, and said in 中文 has no English word outside the
    user's and the link's own words (code spans): a 中文 page showed "x: a coordinate must be finite"."""
    for problem in problems:
        assert isinstance(problem, Problem) and problem.key != "raw", problem
        told = re.sub(r"`[^`]*`", "", tell(problem, "zh"))
        english = set(re.findall(r"[A-Za-z]{2,}", told)) - NAMES
        assert not english, (problem, told)


@SETTINGS
@given(scenes, prefs)
def test_scene_and_prefs_share_one_link_without_mixing(scene, chosen):
    link = {**scene.to_query(), **chosen.to_query()}
    assert from_query(link) == (scene, [])
    assert prefs_from_query(link) == (chosen, [])


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ({"lang": "fr"}, Prefs()),
        ({"proj": "yes"}, Prefs()),
        # Each setting stands alone: a bad one dropped the language too (the page opened in English).
        ({"lang": "zh", "drag": "sideways"}, Prefs(lang="zh")),
        ({"lang": "zh", "proj": "2", "snap": "1"}, Prefs(lang="zh", snap=True)),
        ({"lang": "fr", "proj": "1"}, Prefs(projector=True)),
    ],
)
def test_hostile_preferences_take_their_defaults_alone_and_a_reason(query, kept):
    chosen, problems = prefs_from_query(query)
    assert chosen == kept and len(problems) == 1
    assert_said_in_chinese(problems)


@SETTINGS
@given(scenes, prefs, st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=12), max_size=3))
def test_unknown_keys_leave_a_link_readable_and_are_named(scene, chosen, tags):
    tags = {key: value for key, value in tags.items() if key not in {**scene.to_query(), **chosen.to_query()}}
    tags = {key: value for key, value in tags.items() if key not in FOREIGN_KEYS | {"v"}}
    link = {**scene.to_query(), **chosen.to_query(), **tags}
    assert from_query(link) == (scene, [])
    assert prefs_from_query(link) == (chosen, [])
    assert unknown_keys(link) == [key[:40] for key in tags if key[:40].strip()]


def test_unknown_keys_and_what_holds_a_scene():
    # A messenger's tag and a misspelt key are named; Streamlit's own and the mark are not.
    link = {"fbclid": "IwAR0", "W1": "1,0", "embed": "true", "v": "2", "lang": "zh", "x": "0,2"}
    assert unknown_keys(link) == ["fbclid", "W1"]
    assert from_query(link) == (replace(Scene(), x=(0.0, 2.0)), [])
    assert holds_scene(link) and holds_scene({"v": "2"})
    assert not holds_scene({"fbclid": "1", "embed": "true", "lang": "zh"})
    assert unknown_keys({"a" * 60: "1"}) == ["a" * 40]
    # An empty key names nothing: "This link also holds , which this app does not use".
    assert unknown_keys({"": "x", "  ": "", "utm_source": "mail"}) == ["utm_source"]


def test_preferences_are_not_part_of_the_scene():
    assert from_query({"lang": "zh", "proj": "1", "x": "0,2"}) == (replace(Scene(), x=(0.0, 2.0)), [])
    assert "lang" not in Scene().to_query()


@SETTINGS
@given(st.dictionaries(st.text(max_size=20), st.one_of(st.text(max_size=50), st.lists(st.text(max_size=10)))))
def test_from_query_never_raises(query):
    scene, problems = from_query(query)
    assert isinstance(scene, Scene) and isinstance(problems, list)


@SETTINGS
@given(st.sampled_from([f.key for f in FIELDS]), st.text(max_size=60))
def test_any_value_for_a_known_key_never_raises(key, value):
    scene, _ = from_query({key: value})
    assert isinstance(scene, Scene)


def test_with_points_moves_handles_and_validates():
    s = Scene().with_points({"w2": [1, 2], "x": (0.0, 0.0), "unknown": [1, 1]})
    assert s.weights[1] == (1.0, 2.0) and s.x == (0.0, 0.0)
    for bad in ([float("nan"), 0], [1, 2, 3], "a", [1e7, 0], [True, 0]):
        with pytest.raises(ValueError):
            Scene().with_points({"x": bad})


def test_3d_points_move_and_validate():
    s = Scene().with_points3({"w1": [1, 2, 3], "x": (0.0, 0.0, 1.0)})
    assert s.weights3[0] == (1.0, 2.0, 3.0) and s.x3 == (0.0, 0.0, 1.0)
    assert s.W3.shape == (3, 3) and s.points3()["x"] == [0.0, 0.0, 1.0]
    with pytest.raises(ValueError):
        Scene().with_points3({"x": [1.0, 2.0]})


def test_sample_keys_name_samples_and_nothing_else():
    assert [sample_key(n) for n in range(3)] == ["s1", "s2", "s3"]
    assert [sample_of(sample_key(n)) for n in range(12)] == list(range(12))
    # A weight, x, and keys a crafted canvas value could send: none is a sample ("²".isdigit()).
    assert {sample_of(k) for k in ("w1", "x", "s", "s0", "s-1", "s²", "s1.5", "", "S1")} == {None}


def test_batch_points_move_and_validate():
    s = Scene().with_batch_points({"s2": [1, 2], "w1": [0.0, 3.0], "s99": [0, 0]})
    assert s.samples[1] == (1.0, 2.0) and s.weights[0] == (0.0, 3.0)
    assert s.X.shape == (2, 4) and list(s.batch_points()) == ["w1", "w2", "w3", "s1", "s2", "s3", "s4"]
    s3 = replace(Scene(), dim=3).with_batch_points({"s1": [0, 0, 1]})
    assert s3.samples3[0] == (0.0, 0.0, 1.0) and s3.X.shape == (3, 4)
    assert replace(Scene(), sel_sample=3).with_batch(Scene().samples[:2]).sel_sample == 1
    # A 3D batch cut short cuts the 3D column only.
    cut = replace(Scene(), dim=3, sel_sample=3, sel_sample3=3).with_batch(Scene().samples3[:2])
    assert (cut.sel_sample3, cut.sel_sample) == (1, 3)
    with pytest.raises(ValueError):
        Scene().with_batch([(1.0, 2.0)])


def test_scene_validation_messages():
    with pytest.raises(ValueError, match="temperature"):
        Scene(temperature=0.0)
    with pytest.raises(ValueError, match="layers"):
        Scene(layers=frozenset({"nope"}))
    with pytest.raises(ValueError, match="3 weights"):
        Scene(weights=((1.0, 0.0),))


@SETTINGS
@given(scenes)
def test_json_export_round_trip(scene):
    from softmaxviz.state import scene_from_json, scene_to_json

    assert scene_from_json(scene_to_json(scene)) == (scene, [])


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[1, 2]", '{"x": 1}', '{"x": "nan,1"}', '{"bogus": "1"}', b"\xff\xfe", "{" * 200_000],
)
def test_bad_imports_are_refused_with_a_reason(text):
    from softmaxviz.state import scene_from_json

    scene, problems = scene_from_json(text)
    assert scene is None and problems
    assert_said_in_chinese(problems)


def test_import_reports_every_problem_in_a_file():
    from softmaxviz.state import scene_from_json

    scene, problems = scene_from_json(
        '{"x": "nan,1", "T": "abc", "w1": {"a": 1}, "loss": "cosface", "mp": "m:7,s:4"}'
    )
    assert scene is None
    assert len(problems) == 4
    assert any(p.startswith("w1:") for p in problems) and any(p.startswith("T:") for p in problems)
    assert any("finite" in p for p in problems) and any("parameter m" in p for p in problems)


@pytest.mark.parametrize("depth", [300, 900, 990, 5000])
def test_an_import_nested_too_deeply_is_refused_not_a_traceback(depth):
    # 990 brackets (2 KB) raised a RecursionError that replaced the page.
    from softmaxviz.state import scene_from_json

    scene, problems = scene_from_json("[" * depth + "]" * depth)
    assert scene is None and problems
    scene, problems = scene_from_json('{"x": ' + "[" * depth + "]" * depth + "}")
    assert scene is None and problems


def test_an_import_takes_class_names_as_a_list():
    from softmaxviz.state import scene_from_json

    scene, problems = scene_from_json('{"names": ["cat", "**dog**", "鸟"]}')
    assert problems == [] and scene.class_names == ("cat", "**dog**", "鸟")
    # A name with the link's separator in it is no list of names.
    assert scene_from_json('{"names": ["a|b", "c", "d"]}')[0] is None


def test_an_empty_import_is_refused_not_read_as_the_default_scene():
    # "{}" was "Scene imported" and reset everything the user had set (a QA pass).
    from softmaxviz.state import scene_from_json

    assert scene_from_json("{}") == (None, ["the file holds no scene fields (Export writes them all)"])
    assert scene_from_json('{"T": 2}')[0].temperature == 2.0  # one field is a scene: the rest default


def test_an_import_s_array_is_said_as_the_file_wrote_it():
    # "w1": [1] was "expected 2 comma-separated numbers, got '1.0'": neither what the file held
    # nor how it was written.
    from softmaxviz.state import scene_from_json

    assert scene_from_json('{"w1": [1]}')[1] == ["w1: expected an array of 2 numbers, got [1]"]
    rows = scene_from_json('{"X": [[1, 2], [3]]}')[1]
    assert rows == ["X: expected arrays of 2 numbers each, got [[1, 2], [3]]"]
    # A batch is said as one whatever the file wrote: "X": 5 was told "an array of 2 numbers".
    assert scene_from_json('{"X": 5}')[1] == ["X: expected arrays of 2 numbers each, got 5"]
    assert scene_from_json('{"X3": [1, 2]}')[1] == ["X3: expected arrays of 3 numbers each, got [1, 2]"]
    assert scene_from_json('{"pts": 5}')[1] == ["pts: expected arrays of 3 numbers each, got 5"]
    # Text as Export writes it stays said as text.
    assert scene_from_json('{"x": "1,2,3"}')[1] == ["x: expected 2 comma-separated numbers, got '1,2,3'"]


def test_an_import_says_one_point_written_as_a_batch_as_the_array_it_should_be():
    # "x": [[1, 2], [3]] was read as the text "1,2;3" and told "expected a number"; "w1": [[1, 2],
    # [3, 4]] was told "arrays of 2 numbers each", and "x": [[1, 2]] was read as x = (1, 2).
    from softmaxviz.state import scene_from_json

    scene, problems = scene_from_json('{"x": [[1, 2], [3]]}')
    assert (scene, problems) == (None, ["x: expected an array of 2 numbers, got [[1, 2], [3]]"])
    assert scene_from_json('{"x": [[1, 2]]}')[1] == ["x: expected an array of 2 numbers, got [[1, 2]]"]
    assert scene_from_json('{"w1": [[1, 2], [3, 4]]}')[1] == [
        "w1: expected an array of 2 numbers, got [[1, 2], [3, 4]]"
    ]
    rows = scene_from_json('{"x_3d": [[1, 2, 3]]}')[1]
    assert rows == ["x_3d: expected an array of 3 numbers, got [[1, 2, 3]]"]
    assert scene_from_json('{"x": [1, "a"]}')[1] == ['x: expected an array of 2 numbers, got [1, "a"]']
    assert scene_from_json('{"T": [[1]]}')[1] == ["T: expected text, a number or an array of numbers"]
    # A batch still takes its arrays, and a stranger key is still said as unknown.
    assert scene_from_json('{"X": [[1, 2], [3, 4]]}')[0].samples == ((1.0, 2.0), (3.0, 4.0))
    assert scene_from_json('{"zz": [[1]]}')[1] == ["unknown field 'zz'"]


def test_an_import_says_a_repeated_field_and_a_number_too_long_for_python():
    from softmaxviz.state import scene_from_json

    # json.loads kept the last "x" and said nothing; a link's repeated key is named.
    twice = scene_from_json('{"x": [1.5, 2], "x": [3, 4]}')
    assert twice == (None, ["x: given more than once, with different values"])
    scene, problems = scene_from_json('{"x": [3, 4], "x": [3, 4]}')  # the same twice: no problem
    assert problems == [] and scene.x == (3.0, 4.0)
    # 5000 digits were "not text (UTF-8)" (Python's int parser stops at 4300); 400 were quoted whole.
    assert scene_from_json('{"T": ' + "9" * 5000 + "}")[1] == ["T: value too long"]
    # Past a float's range: said as written, as a link's is, not as "inf".
    assert scene_from_json('{"T": -1e999}')[1] == ["T: the temperature must be finite, got -1e999"]
    assert scene_from_json('{"x": [1e999, 0]}')[1] == ["x: a coordinate must be finite, got 1e999"]
    # JSON's NaN and Infinity too ("got inf"); and NaN, unequal to itself, is not "given more than
    # once, with different values".
    assert scene_from_json('{"T": Infinity}')[1] == ["T: the temperature must be finite, got Infinity"]
    assert scene_from_json('{"T": NaN}')[1] == ["T: the temperature must be finite, got NaN"]
    assert scene_from_json('{"x": [NaN, 0], "x": [NaN, 0]}')[1] == ["x: a coordinate must be finite, got NaN"]
    assert scene_from_json('{"T": NaN, "T": 2}')[1][0] == "T: given more than once, with different values"
    assert from_query({"T": "9" * 400})[1] == [f"T: the temperature must be finite, got {'9' * 29}…"]
    # In range too: 1e300 was said as 1e+300 (Python's way), alone and in an array.
    assert scene_from_json('{"T": 1e300}')[1] == ["T: the temperature must be between 0.05 and 20, got 1e300"]
    assert scene_from_json('{"w1": [1e300]}')[1] == ["w1: expected an array of 2 numbers, got [1e300]"]
    assert scene_from_json('{"w1": [1E999]}')[1] == ["w1: expected an array of 2 numbers, got [1E999]"]
    # A value of the wrong shape is said as the file wrote it, in the file's words (a QA pass):
    # '1e300,3.0' in quotes, and "comma-separated" of a link.
    assert scene_from_json('{"T": [1e300, 3]}')[1] == ["T: expected a number, got [1e300, 3]"]
    assert scene_from_json('{"seed": 1.5}')[1] == ["seed: expected a whole number, got 1.5"]
    assert scene_from_json('{"x": 1e300}')[1] == ["x: expected an array of 2 numbers, got 1e300"]
    assert scene_from_json('{"nw": 2}')[1] == ["nw: expected 0 or 1, got 2"]
    # A whole number written 2.0 is a whole number.
    scene = scene_from_json('{"y": 2.0, "seed": 7.00}')[0]
    assert (scene.label, scene.seed) == (1, 7)
    assert scene_from_json('{"T": 1e10}')[1] == ["T: the temperature must be between 0.05 and 20, got 1e10"]
    # One number written two ways is one value; the scene holds the numbers, written its own way.
    scene, problems = scene_from_json('{"T": 1.50, "T": 15e-1, "x": [2E0, -0.0]}')
    assert problems == [] and scene.temperature == 1.5 and scene.to_query()["x"] == "2.0,0.0"


def test_import_accepts_hand_written_json_with_plain_arrays():
    from softmaxviz.state import scene_from_json

    text = '{"x": [1.5, 2], "w2": [0, 1], "X": [[1, 2], [3, 4]], "nw": true, "T": 2, "b": [0, 0.5, -1]}'
    scene, problems = scene_from_json(text)
    assert problems == []
    assert scene == replace(
        Scene(),
        x=(1.5, 2.0),
        weights=((2.5, 0.0), (0.0, 1.0), (-1.4, -1.2)),
        samples=((1.0, 2.0), (3.0, 4.0)),
        normalize_w=True,
        temperature=2.0,
        biases=(0.0, 0.5, -1.0),
    )


def test_a_negative_zero_is_written_as_zero():
    # A link said "x_3d=-0.0,0.0,2.345", and such a zero differed from the default's in a short link.
    from softmaxviz.state import short_query

    scene = replace(Scene(), x=(-0.0, 2.0), biases=(-0.0, 0.0, 0.0))
    assert scene.to_query()["x"] == "0.0,2.0" and "b" not in short_query(scene)


def test_the_default_scenes_short_link_is_empty():
    from softmaxviz.state import short_query

    assert short_query(Scene()) == {}
    assert short_query(replace(Scene(), x=(0.0, 2.0)), Prefs("zh")) == {"x": "0.0,2.0", "lang": "zh"}


@SETTINGS
@given(scenes, prefs)
def test_short_links_read_back_exactly(scene, chosen):
    from softmaxviz.state import short_query

    short = short_query(scene, chosen)
    assert from_query(short) == (scene, []) and prefs_from_query(short) == (chosen, [])
    assert len(short) <= len({**scene.to_query(), **chosen.to_query()})


def test_the_address_bar_holds_the_differences_and_its_mark():
    from urllib.parse import urlencode

    from softmaxviz.scenarios import SCENARIOS
    from softmaxviz.state import address_query, is_marked

    assert address_query(Scene()) == {"v": "2"} and is_marked({"v": "2"})
    moved = replace(Scene(), x=(0.5, 2.0))
    query = address_query(moved, Prefs("zh", True))
    assert query == {"x": "0.5,2.0", "lang": "zh", "proj": "1", "v": "2"}
    assert from_query(query) == (moved, []) and prefs_from_query(query) == (Prefs("zh", True), [])
    # An emptied URL (the sidebar opened a page) and an old full link are not marked.
    assert not is_marked({}) and not is_marked(Scene().to_query())
    # Every scenario's address fits a chat message.
    assert max(len(urlencode(address_query(s.scene))) for s in SCENARIOS) < 200


def test_a_file_that_is_no_json_is_refused_in_the_page_s_words():
    # A PNG renamed .json, and a JSON typo: the decoders' English messages were shown as they were
    # (cut mid-word once: "... invalid )"), in 中文 too.
    from softmaxviz.state import scene_from_json

    scene, problems = scene_from_json(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert scene is None and problems == ["not text (UTF-8)"]
    # A photo of 111 KB was "too large to be a scene", as if a smaller one might be; text that
    # large still is.
    scene, problems = scene_from_json(b"\x89PNG\r\n\x1a\n\xff" + bytes(111_000))
    assert scene is None and problems == ["not text (UTF-8)"]
    assert scene_from_json(b" " * 100_001) == (None, ["the file is too large to be a scene"])
    scene, problems = scene_from_json('{\n  "x": 1,\n}')
    assert scene is None and problems == ["not JSON (line 3, column 1)"]
    assert tell(problems[0], "zh") == "不是 JSON（第 3 行第 1 列）"


def test_a_negative_whole_number_in_a_link_is_refused_by_its_range():
    # "-3" was called "expected a whole number"; it is one, out of range.
    assert from_query({"seed": "-3"})[1] == ["seed: the seed must be 0 to 4294967295, got -3"]
    assert from_query({"tour": "-1"})[1] == ["tour: the tour step must be 1 to 5, got -1"]
    assert from_query({"seed": "3-"})[1] == ["seed: expected a whole number, got '3-'"]


def test_odd_mark_names_a_mark_this_app_does_not_write():
    assert odd_mark({"v": "99", "x": "0,2"}) == "99" and odd_mark({"v": ["2", "3"]}) == "3"
    assert odd_mark({"v": "2"}) is None and odd_mark({"x": "0,2"}) is None
    assert odd_mark({"v": "x" * 60}) == "x" * 40 and odd_mark(None) is None  # never raises
    # The rest of the link is read as usual.
    assert from_query({"v": "99", "x": "0,2"}) == (replace(Scene(), x=(0.0, 2.0)), [])


def test_repeated_keys_names_the_read_keys_given_twice_with_different_values():
    query = {"x": ["abc", "0,2"], "T": ["2", "2"], "utm": ["a", "b"], "lang": ["zh", "en"], "b": "1,2,3"}
    assert repeated_keys(query) == ["x", "lang"]
    assert repeated_keys({}) == [] and repeated_keys(None) == []  # never raises


def test_a_link_from_before_sn3_keeps_its_3d_column():
    # sn was the shown dimension's column: a 3D link's sn is read as the 3D one.
    from softmaxviz.state import short_query

    scene, problems = from_query({"d": "3", "sn": "3"})
    assert problems == [] and (scene.sel_sample3, scene.sel_sample, scene.selected_sample) == (2, 0, 2)
    # A new link gives both, and reads back exactly.
    both = replace(Scene(), dim=3, sel_sample=1, sel_sample3=3)
    assert from_query(short_query(both)) == (both, [])
    assert from_query({"d": "2", "sn": "2"})[0].sel_sample == 1


def test_a_problem_of_two_keys_together_names_both():
    # Two samples and the third selected: each key is right alone, and the message named none.
    scene, problems = from_query({"X": "1,1;2,2", "sn": "3", "w1": "1,2"})
    assert scene == Scene() and problems == ["X, sn: the selected sample must be 1 to 2, got 3"]
    # Past the default batch too: sn was checked against the default's four samples, not X's three.
    for sn in ("5", "0"):
        said = f"X, sn: the selected sample must be 1 to 3, got {sn}"
        assert from_query({"X": "1,1;2,2;3,3", "sn": sn})[1] == [said]
    assert from_query({"sn": "9"})[1] == ["sn: the selected sample must be 1 to 4, got 9"]
    # With X unreadable, its sn is not judged by the default batch: "must be 1 to 4" named a size
    # neither the file nor the scene had (a QA pass; an import reads a file as a link).
    assert from_query({"X": "1,1;abc", "sn": "9"})[1] == ["X: expected 2 comma-separated numbers, got 'abc'"]
    assert from_query({"X3": "1,1,1;x", "sn3": "9", "d": "3"})[1] == [
        "X3: expected 3 comma-separated numbers, got 'x'"
    ]


def test_each_dimension_validates_its_own_column():
    assert from_query({"sn": "4", "sn3": "4"})[1] == []
    assert from_query({"sn3": "5"})[1] != []  # the 3D batch has four


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"T": "1e9"}, "got 1e9"),  # it said "got 1000000000", which the link does not hold
        ({"sel": "05"}, "got 05"),
        ({"x": "1e7,2"}, "got 1e7"),
        ({"w1": " 3 , 1e400"}, "got 1e400"),
        ({"x": "NaN,1"}, "got NaN"),
        ({"loss": "cosface", "mp": "s:1e9"}, "got 1e9"),
        ({"X": "1,2;3,1E8"}, "got 1E8"),
    ],
)
def test_a_link_s_problem_quotes_its_value_as_the_link_wrote_it(query, said):
    scene, problems = from_query(query)
    assert scene == Scene() and len(problems) == 1 and problems[0].endswith(said)


def test_a_spare_sample_keeps_clear_of_the_batch_and_the_weights():
    # One draw per Add: x(5) landed on x(2) (0.07 apart) and x(6) on w2's handle.
    from softmaxviz.state import spare_sample

    for dim in (2, 3):
        scene = replace(Scene(), dim=dim)
        for seed in range(8):  # up to the 12 samples a batch holds
            point = spare_sample(scene, seed)
            assert point == spare_sample(scene, seed) and len(point) == dim
            assert max(map(abs, point)) <= 0.85 * scene.view
            taken = np.array([*scene.batch, *(scene.weights if dim == 2 else scene.weights3)])
            assert np.linalg.norm(taken - np.array(point), axis=1).min() >= 0.75, (dim, seed)
            scene = scene.with_batch([*scene.batch, point])


def test_a_shared_link_keeps_the_scene_and_language_but_not_present_mode():
    # Present mode is the projector's: the QR code a teacher projected in it opened every
    # student's phone in present mode, its text too large for a phone's plot.
    from softmaxviz.state import share_query, short_query

    scene, prefs = replace(Scene(), x=(0.0, 2.0)), Prefs("zh", True, "rotate", True)
    assert short_query(scene, prefs)["proj"] == "1"  # the address bar keeps it
    assert share_query(scene, prefs) == {"x": "0.0,2.0", "lang": "zh", "drag": "rotate", "snap": "1"}
    assert from_query(share_query(scene, prefs))[0] == scene


def test_a_link_s_count_and_repeat_problems_quote_what_it_gave():
    # "mp: a parameter is repeated" named neither the parameter nor its values; "X: at most 12
    # samples" did not say how many the link held.
    problems = lambda query: from_query(query)[1]  # noqa: E731
    assert problems({"loss": "cosface", "mp": "m:0.5,s:8,m:0.6"}) == [
        "mp: a parameter is given more than once: m:0.5, m:0.6"
    ]
    assert problems({"X": ";".join(["1,1"] * 13)}) == ["X: at most 12 samples, got 13"]
    # "mp: expected a number, got 'abc'" did not say of which parameter.
    said = "mp: the parameter m must be a number, got 'abc'"
    assert problems({"loss": "cosface", "mp": "m:abc,s:8"}) == [said]
    assert problems({"data": "clicked", "pts": ";".join(["1,1,1"] * 121)}) == [
        "pts: at most 120 clicked points, got 121"
    ]


@pytest.mark.parametrize(
    ("query", "said"),
    [
        # "²" is a digit to str.isdigit and not to int(): Python's own English came through.
        ({"sel": "²"}, ["sel: expected a whole number, got '²'"]),
        (
            {"y": "³", "tour": "①"},
            ["y: expected a whole number, got '³'", "tour: expected a whole number, got '①'"],
        ),
        # A switch of a margin took 0.5 (and drew it as on).
        (
            {"loss": "arcface", "mp": "easy_margin:0.5"},
            ["loss, mp: the parameter easy_margin must be on or off (0 or 1)"],
        ),
        # A 3D link from before sn3: its sn is the 3D column, and the message names it.
        ({"d": "3", "sn": "5"}, ["sn: the selected sample must be 1 to 4, got 5"]),
    ],
)
def test_a_link_s_problems_are_said_in_the_app_s_words_naming_their_keys(query, said):
    assert from_query(query)[1] == said


def test_a_file_says_what_it_holds_that_is_not_a_scene():
    from softmaxviz.state import scene_from_json

    # The names are text: it is the "|" in one that a link cannot hold ("expected text, a number
    # or an array of numbers" was said). The page's settings were dropped, and "Scene imported"
    # said beside a language the file did not set; a messenger's tag is no field of a scene.
    text = '{"x": [0, 2], "names": ["a", "b|c", "d"], "lang": "zh", "drag": "rotate", "utm_source": "x"}'
    scene, problems = scene_from_json(text)
    assert scene is None
    assert [tell(p, "en") for p in problems] == [
        "`names`: a class name cannot hold “|”, which separates the names in a link",
        "`lang`: a setting of the page, not of the scene: set it on the page",
        "`drag`: a setting of the page, not of the scene: set it on the page",
        "unknown field `'utm_source'`",
    ]
    assert scene_from_json('{"x": [0, 2], "v": "2"}') == (replace(Scene(), x=(0.0, 2.0)), [])


def test_every_field_is_put_back_by_a_page_s_reset_or_kept_by_every_reset():
    from dataclasses import fields

    from softmaxviz.state import KEPT_BY_RESET, RESET_FIELDS

    every = {f.name for f in fields(Scene)}
    reset = set().union(*RESET_FIELDS.values())
    # A new field is placed: some page's Reset puts it back, or none does, on purpose.
    assert reset | set(KEPT_BY_RESET) == every and not reset & set(KEPT_BY_RESET)


def test_a_page_s_reset_puts_back_what_it_shows_and_keeps_the_rest():
    # Reset on the matrix view set the margin lab's loss, the tour's step, the explorer's x and
    # the class names back too (a QA pass); Undo was the only way back.
    from softmaxviz.state import reset_scene

    user = replace(
        Scene().with_loss("cosface"),
        x=(2.0, -1.0),
        tour_step=2,
        class_names=("cat", "dog", "bird"),
        samples=((1.0, 0.0), (0.0, 1.0)),
        sel_sample=1,
        weights=((1.0, 1.0), (0.4, 1.1), (-1.4, -1.2)),
        train_lr=1.0,
    )
    default = Scene()
    matrix = reset_scene(user, "matrix_view")
    assert (matrix.samples, matrix.sel_sample, matrix.weights) == (default.samples, 0, default.weights)
    assert (matrix.loss, matrix.x, matrix.tour_step, matrix.class_names, matrix.train_lr) == (
        "cosface",
        (2.0, -1.0),
        2,
        ("cat", "dog", "bird"),
        1.0,
    )
    explorer = reset_scene(user, "explorer")
    assert (explorer.x, explorer.weights) == (default.x, default.weights)
    assert (explorer.loss, explorer.samples, explorer.class_names) == (
        "cosface",
        user.samples,
        user.class_names,
    )
    margin = reset_scene(user, "margin_lab")
    assert (margin.loss, margin.margin_params, margin.x) == (default.loss, default.margin_params, default.x)
    assert margin.samples == user.samples and margin.tour_step == 2
    assert reset_scene(user, "") == default  # a page without a table entry: the whole scene


@SETTINGS
@given(scenes, st.sampled_from(["explorer", "explorer_3d", "margin_lab", "matrix_view"]))
def test_a_page_s_reset_of_any_scene_keeps_every_field_it_does_not_show(scene, page):
    from dataclasses import fields

    from softmaxviz.state import RESET_FIELDS, reset_scene

    after, default = reset_scene(scene, page), Scene()
    for f in fields(Scene):
        expected = getattr(default if f.name in RESET_FIELDS[page] else scene, f.name)
        assert getattr(after, f.name) == expected, f.name
