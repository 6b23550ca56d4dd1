import ast
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import softmaxviz.kinds as kinds_module
from softmaxviz import margins
from softmaxviz.kinds import KINDS, RULES, UNITS, Kind
from softmaxviz.margins import margin_classes_at, margin_logits, other_logit, target_logit
from softmaxviz.state import BOOL_PARAMS, LOSS_PARAMS, ParamSpec, default_params

KIND_NAMES = list(KINDS)
# Three weights of different lengths and a sample away from every weight and from the origin, at
# angles where no logit is zero (so scaling a vector changes every logit that sees its norm).
W = np.array([[2.5, 0.4, -1.4], [0.0, 1.1, -1.2]])
X = np.array([1.3, 1.7])


@pytest.mark.parametrize("name", KIND_NAMES)
def test_every_kind_has_a_complete_entry(name):
    kind = KINDS[name]
    assert isinstance(kind, Kind) and kind.name == name
    assert kind.latex.startswith(r"L = -\log")
    assert (kind.paper is None) == (name == "softmax")
    if kind.paper:
        assert re.fullmatch(r"\d{4}\.\d{5}", kind.paper)
        assert kind.paper_url == f"https://arxiv.org/abs/{kind.paper}"
    assert len({p.name for p in kind.params}) == len(kind.params)
    for p in kind.params:
        assert p.rule in RULES
        assert p.unit is None or p.unit in UNITS
        assert p.low < p.high and p.step > 0
        assert p.low <= p.page <= p.high, f"{name}.{p.name}: page default outside its range"
        assert p.low <= p.paper <= p.high, f"{name}.{p.name}: the paper's value is out of the page's reach"
        # The slider's steps land on the range's end and on the page default.
        assert (p.high - p.low) / p.step == pytest.approx(round((p.high - p.low) / p.step))
        assert (p.page - p.low) / p.step == pytest.approx(round((p.page - p.low) / p.step))
        if p.is_bool:
            assert isinstance(p.paper, bool) and isinstance(p.page, bool) and p.unit is None
            assert (p.low, p.high, p.step) == (0.0, 1.0, 1.0)
        else:
            assert not isinstance(p.page, bool) and not isinstance(p.paper, bool)


def test_units_say_what_each_margin_is():
    units = {(k.name, p.name): p.unit for k in KINDS.values() for p in k.params}
    assert units == {
        ("normface", "s"): None,
        ("lsoftmax", "m"): "multiplier",
        ("lsoftmax", "lam"): None,
        ("sphereface", "m"): "multiplier",
        ("sphereface", "lam"): None,
        ("cosface", "s"): None,
        ("cosface", "m"): "cosine",
        ("amsoftmax", "s"): None,
        ("amsoftmax", "m"): "cosine",
        ("arcface", "s"): None,
        ("arcface", "m"): "radian",
        ("arcface", "easy_margin"): None,
        ("combined", "s"): None,
        ("combined", "m1"): "multiplier",
        ("combined", "m2"): "radian",
        ("combined", "m3"): "cosine",
    }


def test_every_margin_starts_at_the_papers_value_and_every_scale_at_8():
    for kind in KINDS.values():
        for p in kind.params:
            if p.unit is not None:
                assert p.page == p.paper, f"{kind.name}.{p.name}"
            if p.name == "s":
                assert p.page == 8.0
    assert KINDS["sphereface"].page_defaults["m"] == 4.0


@pytest.mark.parametrize("name", KIND_NAMES)
def test_page_range_and_both_defaults_are_values_the_loss_accepts(name):
    kind = KINDS[name]
    for p in kind.params:
        values = (False, True) if p.is_bool else (p.low, p.high, p.page, p.paper)
        for value in values:
            assert np.isfinite(margin_logits(W, X, 0, name, **{p.name: value})).all()


@pytest.mark.parametrize("name", KIND_NAMES)
def test_normalises_flags_agree_with_the_logits(name):
    kind = KINDS[name]
    params = dict(kind.page_defaults)
    z = margin_logits(W, X, 0, name, **params)
    x_scaled = margin_logits(W, 3.0 * X, 0, name, **params)
    assert np.allclose(x_scaled, z, rtol=1e-12, atol=1e-12) == kind.normalizes_x
    assert kind.sees_x_norm == (not kind.normalizes_x)
    for j in range(W.shape[1]):
        W_scaled = W.copy()
        W_scaled[:, j] *= 3.0
        z_w = margin_logits(W_scaled, X, 0, name, **params)
        assert np.allclose(z_w, z, rtol=1e-12, atol=1e-12) == kind.normalizes_w


@pytest.mark.parametrize("name", KIND_NAMES)
def test_angular_and_has_bias_agree_with_the_logits(name):
    """The flags the pages and the training read instead of naming softmax: an angular kind
    refuses a zero x or a zero w_j whose angle it needs (every w_j where it normalises w, the
    target's alone where it keeps ||w_j||: L-Softmax's other logits are w_j^T x), a plain one
    takes them; a bias moves only its logits."""
    kind = KINDS[name]
    params = dict(kind.page_defaults)
    W_zero = W.copy()
    W_zero[:, 1] = 0.0
    for W_, x_, label, needed in (
        (W, np.zeros(2), 0, True),
        (W_zero, X, 1, True),
        (W_zero, X, 0, kind.normalizes_w),
    ):
        if kind.angular and needed:
            with pytest.raises(ValueError):
                margin_logits(W_, x_, label, name, **params)
        else:
            assert np.isfinite(margin_logits(W_, x_, label, name, **params)).all()
    if kind.has_bias:
        z = margin_logits(W, X, 0, name, **params, b=np.array([1.0, 0.0, -1.0]))
        np.testing.assert_allclose(z - margin_logits(W, X, 0, name, **params), [1.0, 0.0, -1.0])
    assert [k for k in KIND_NAMES if not KINDS[k].angular] == ["softmax"]


@pytest.mark.parametrize("name", KIND_NAMES)
def test_no_margin_values_make_the_target_logit_the_plain_one(name):
    kind = KINDS[name]
    params = {**kind.page_defaults, **kind.no_margin}
    theta = np.linspace(0.0, np.pi, 91)
    np.testing.assert_allclose(
        target_logit(theta, name, **params), other_logit(theta, name, **params), atol=1e-12
    )
    # Every margin parameter has its off value; scales, weights and flags have none.
    assert set(kind.no_margin) == {p.name for p in kind.params if p.unit is not None}


def test_margins_reads_the_registry():
    assert margins.KINDS is KINDS
    assert {k: dict(v.defaults) for k, v in KINDS.items()}["softmax"] == {"b": None}
    assert KINDS["softmax"].rules["b"] == "vector (K,)"


def test_registry_is_read_only():
    with pytest.raises(TypeError):
        KINDS["cosface"] = KINDS["arcface"]
    for mapping in ("defaults", "rules", "page_defaults", "no_margin"):
        with pytest.raises(TypeError):
            getattr(KINDS["arcface"], mapping)["m"] = 1.0


def test_state_tables_are_derived_from_the_registry():
    assert list(LOSS_PARAMS) == KIND_NAMES
    for kind in KINDS.values():
        assert LOSS_PARAMS[kind.name] == {
            p.name: ParamSpec(p.low, p.high, p.step, float(p.page)) for p in kind.params
        }
        assert dict(default_params(kind.name)) == {k: float(v) for k, v in kind.page_defaults.items()}
    assert {p.name for k in KINDS.values() for p in k.params if p.is_bool} == BOOL_PARAMS


@pytest.mark.parametrize("name", KIND_NAMES)
def test_latex_names_every_margin_and_scale(name):
    symbols = {"s": "s", "m": "m", "m1": "m_1", "m2": "m_2", "m3": "m_3"}
    for p in KINDS[name].params:
        if p.name in symbols:
            assert re.search(rf"(?<![a-z\\]){re.escape(symbols[p.name])}(?![a-z])", KINDS[name].latex), p.name


@pytest.mark.parametrize("m", [2.0, 3.0, 4.0])
def test_sphereface_wins_only_m_times_closer_in_angle_as_its_intuition_says(m):
    # The intuition string's claim, with the scene's m (it said "4 times" at m = 2): class k wins
    # by its margin exactly where m theta_k < theta_j for every other class j.
    from softmaxviz.strings import STRINGS, t

    params = {**KINDS["sphereface"].page_defaults, "m": m}
    phi = np.linspace(0.0, 2 * np.pi, 720, endpoint=False) + 1e-3
    P = 2.0 * np.stack([np.cos(phi), np.sin(phi)])
    classes = margin_classes_at(W, P, "sphereface", **params)
    U = W / np.linalg.norm(W, axis=0)
    theta = np.arccos(np.clip(U.T @ (P / 2.0), -1.0, 1.0))  # (K, N)
    expected = np.full(P.shape[1], -1)
    for k in range(3):
        others = np.delete(theta, k, axis=0).min(axis=0)
        expected[m * theta[k] < others] = k
    np.testing.assert_array_equal(classes, expected)
    if m == 4.0:  # the paper's m
        assert 0.5 < np.mean(classes == -1) < 0.8  # most directions are in the band
    for lang in STRINGS:
        assert f"m = {m:g}" in t("kind.sphereface.intuition", lang, **params)
    assert f"{m:g} times closer" in t("kind.sphereface.intuition", "en", **params)


def test_kinds_imports_only_the_standard_library():
    tree = ast.parse(Path(kinds_module.__file__).read_text())
    found = {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    found |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {m for m in found if m.split(".")[0] not in sys.stdlib_module_names} == set()
    code = (
        "import sys, softmaxviz.kinds\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly'))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
