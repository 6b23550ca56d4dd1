import ast
import itertools
import math
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import numpy as np
import pytest
from helpers import VARIANT_IDS, VARIANTS
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from mpmath import mp

import softmaxviz.margins as margins_module
from softmaxviz import logits, softmax
from softmaxviz.core import grid
from softmaxviz.margins import (
    KINDS,
    binary_border,
    cross_entropy,
    margin_classes_at,
    margin_gradients,
    margin_logits,
    margin_loss,
    margin_regions,
    other_logit,
    pair_classes,
    psi,
    target_logit,
)

SETTINGS = settings(max_examples=40, deadline=None)
# Entries away from 0 keep every vector's norm >= 0.25, so it has a direction to take an angle of
# (zero vectors have their own tests below).
entries = st.one_of(st.floats(-3.0, -0.25), st.floats(0.25, 3.0))
vectors_2 = arrays(float, 2, elements=entries)
vectors_3 = arrays(float, 3, elements=entries)
matrices_2x3 = arrays(float, (2, 3), elements=entries)
matrices_3x3 = arrays(float, (3, 3), elements=entries)
# A (D, 3) weight matrix and a (D,) sample for D = 2 or 3.
weights_and_samples_dx3 = st.one_of(st.tuples(matrices_2x3, vectors_2), st.tuples(matrices_3x3, vectors_3))
labels_3 = st.integers(0, 2)
biases_3 = arrays(float, 3, elements=st.floats(-5, 5))
angles_open = st.floats(1e-3, math.pi - 1e-3)
norms = st.floats(0.2, 5.0)
scales = st.floats(1.0, 64.0)

ANGULAR = [k for k in KINDS if k != "softmax"]
variants = st.sampled_from(VARIANTS)

# w1 = (3, 4), w2 = (0, -2), x = (2, 0): ||w1|| = 5, ||w2|| = 2, ||x|| = 2,
# cos θ1 = 6 / 10 = 0.6, θ1 = 0.9272952, sin θ1 = 0.8; cos θ2 = 0, θ2 = π/2.
W_HAND = np.array([[3.0, 0.0], [4.0, -2.0]])
X_HAND = np.array([2.0, 0.0])


def _nondegenerate(W, x, min_norm=0.3):
    return np.linalg.norm(x) > min_norm and np.all(np.linalg.norm(W, axis=0) > min_norm)


def _theta(W, x, j):
    c = W[:, j] @ x / (np.linalg.norm(W[:, j]) * np.linalg.norm(x))
    return math.acos(max(-1.0, min(1.0, c)))


def _far_from_kinks(kind, params, theta_y, gap=0.02):
    """True where the target logit is smooth in a neighbourhood of ``theta_y`` (for finite differences)."""
    p = {**KINDS[kind].defaults, **params}
    if kind == "softmax":
        return True
    if not 0.05 < theta_y < math.pi - 0.05:
        return False
    if kind == "arcface":
        switch = math.pi / 2 if p["easy_margin"] else math.pi - p["m"]
        return abs(theta_y - switch) > gap
    if kind in ("lsoftmax", "sphereface"):
        # ψ is C¹ but its curvature flips sign at each joint kπ/m: a central difference across
        # a joint is off by O(h), so stay clear of them.
        turns = p["m"] * theta_y / math.pi
        return abs(turns - round(turns)) > gap
    return True


# --- hand-worked values ----------------------------------------------------------------------------


def test_hand_softmax():
    # b = (0.5, -0.5): z = (w1·x + 0.5, w2·x - 0.5) = (6 + 0.5, 0 - 0.5) = (6.5, -0.5);
    # L = log(1 + e^{-0.5 - 6.5}) = log(1 + e^-7) = log(1 + 0.000911882) = 0.000911466.
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 0, "softmax", b=[0.5, -0.5]), [6.5, -0.5])
    assert margin_loss(W_HAND, X_HAND, 0, "softmax", b=[0.5, -0.5]) == pytest.approx(0.000911466, rel=1e-6)


def test_hand_normface():
    # s = 16: z = (16 · 0.6, 16 · 0) = (9.6, 0); L = log(1 + e^-9.6) = log(1 + 6.772874e-5) = 6.772644e-5.
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 0, "normface"), [9.6, 0.0], atol=1e-12)
    assert margin_loss(W_HAND, X_HAND, 0, "normface") == pytest.approx(6.772644e-5, rel=1e-6)


def test_hand_lsoftmax():
    # m = 2: θ1 m / π = 0.5903 -> k = 0, ψ = cos 2θ1 = 2 · 0.6² - 1 = -0.28;
    # z1 = ||w1|| ||x|| ψ = 5 · 2 · (-0.28) = -2.8, z2 = w2·x = 0;
    # L = log(1 + e^{0 + 2.8}) = log(1 + 16.444647) = log(17.444647) = 2.8590328.
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 0, "lsoftmax"), [-2.8, 0.0], atol=1e-12)
    assert margin_loss(W_HAND, X_HAND, 0, "lsoftmax") == pytest.approx(2.8590328, rel=1e-7)
    # lam = 0.5 anneals: z1 = (0.5 · 10 · 0.6 + 10 · (-0.28)) / 1.5 = (3 - 2.8) / 1.5 = 0.1333333;
    # lam = 1: (6 - 2.8) / 2 = 1.6.
    assert margin_logits(W_HAND, X_HAND, 0, "lsoftmax", lam=0.5)[0] == pytest.approx(0.2 / 1.5, rel=1e-12)
    assert margin_logits(W_HAND, X_HAND, 0, "lsoftmax", lam=1.0)[0] == pytest.approx(1.6, rel=1e-12)


def test_hand_sphereface():
    # m = 4: 4 θ1 / π = 1.1807 -> k = 1; cos 4θ1 = 2 (cos 2θ1)² - 1 = 2 · 0.0784 - 1 = -0.8432;
    # ψ = (-1)¹ cos 4θ1 - 2 = 0.8432 - 2 = -1.1568; z1 = ||x|| ψ = 2 · (-1.1568) = -2.3136;
    # z2 = ||x|| cos θ2 = 0 (the weight norms do not enter).
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 0, "sphereface"), [-2.3136, 0.0], atol=1e-12)


def test_hand_cosface_and_amsoftmax():
    # cosface s = 64, m = 0.35: z1 = 64 (0.6 - 0.35) = 64 · 0.25 = 16, z2 = 0;
    # L = log(1 + e^-16) = 1.1253517e-7.
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 0, "cosface"), [16.0, 0.0], atol=1e-12)
    assert margin_loss(W_HAND, X_HAND, 0, "cosface") == pytest.approx(1.1253517e-7, rel=1e-6)
    # amsoftmax s = 30: z1 = 30 · 0.25 = 7.5.
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 0, "amsoftmax"), [7.5, 0.0], atol=1e-12)
    # Label 1 moves the margin to class 2: z = (64 · 0.6, 64 (0 - 0.35)) = (38.4, -22.4).
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 1, "cosface"), [38.4, -22.4], atol=1e-12)


def test_hand_arcface():
    # s = 64, m = 0.5: cos(θ1 + m) = cos θ1 cos m - sin θ1 sin m = 0.6 · 0.8775826 - 0.8 · 0.4794255
    # = 0.5265496 - 0.3835404 = 0.1430092; z1 = 64 · 0.1430092 = 9.152583; L = log(1 + e^-9.152583)
    # = 1.059402e-4. easy_margin changes nothing here (cos θ1 > 0).
    for easy in (False, True):
        z = margin_logits(W_HAND, X_HAND, 0, "arcface", easy_margin=easy)
        np.testing.assert_allclose(z, [9.152583, 0.0], atol=1e-6)
    assert margin_loss(W_HAND, X_HAND, 0, "arcface") == pytest.approx(1.059402e-4, rel=1e-6)


def test_hand_arcface_past_pi():
    # w1 = (1, 0), w2 = (0, 1), x = (-2.4, 0.7): ||x|| = 2.5, cos θ1 = -0.96, θ1 = 2.8578,
    # θ1 + m = 3.3578 > π, and cos θ1 = -0.96 <= cos(π - 0.5) = -0.8775826: the reference fallback
    # z1 = 64 (cos θ1 - m sin m) = 64 (-0.96 - 0.5 · 0.4794255) = 64 · (-1.1997128) = -76.781617.
    # z2 = 64 · 0.7 / 2.5 = 64 · 0.28 = 17.92. easy_margin: cos θ1 <= 0 -> z1 = 64 · (-0.96) = -61.44.
    W = np.array([[1.0, 0.0], [0.0, 1.0]])
    x = np.array([-2.4, 0.7])
    np.testing.assert_allclose(margin_logits(W, x, 0, "arcface"), [-76.781617, 17.92], atol=1e-6)
    np.testing.assert_allclose(margin_logits(W, x, 0, "arcface", easy_margin=True), [-61.44, 17.92])
    # θ1 = π exactly (x = (-1, 0)): fallback 64 (-1 - 0.2397128) = -79.341617; easy: -64.
    assert margin_logits(W, [-1.0, 0.0], 0, "arcface")[0] == pytest.approx(-79.341617, abs=1e-6)
    assert margin_logits(W, [-1.0, 0.0], 0, "arcface", easy_margin=True)[0] == pytest.approx(-64.0)


def test_hand_arcface_obtuse_but_before_pi():
    # x = (-3, 4): cos θ1 = -0.6, θ1 = 2.2143, θ1 + m = 2.7143 < π, so the margin applies:
    # z1 = 64 (-0.6 · 0.8775826 - 0.8 · 0.4794255) = 64 (-0.5265496 - 0.3835404)
    #    = 64 · (-0.91009) = -58.245758.
    # easy_margin: cos θ1 = -0.6 <= 0 -> no margin, z1 = 64 · (-0.6) = -38.4.
    W = np.array([[1.0, 0.0], [0.0, 1.0]])
    x = np.array([-3.0, 4.0])
    assert margin_logits(W, x, 0, "arcface")[0] == pytest.approx(-58.245758, abs=1e-6)
    assert margin_logits(W, x, 0, "arcface", easy_margin=True)[0] == pytest.approx(-38.4)


def test_hand_combined():
    # s = 64, m1 = 1, m2 = 0.3, m3 = 0.2: cos(θ1 + 0.3) = 0.6 · 0.9553365 - 0.8 · 0.2955202
    # = 0.5732019 - 0.2364162 = 0.3367857; z1 = 64 (0.3367857 - 0.2) = 64 · 0.1367857 = 8.754287.
    np.testing.assert_allclose(margin_logits(W_HAND, X_HAND, 0, "combined"), [8.754287, 0.0], atol=1e-6)


def test_hand_combined_past_pi_has_no_fallback():
    # x = (-1, 0): θ1 = π, m1 θ1 + m2 = π + 0.3 > π; z1 = 64 (cos(π + 0.3) - 0.2) = 64 (-0.9553365 - 0.2)
    # = 64 · (-1.1553365) = -73.941535, no fallback.
    W = np.array([[1.0, 0.0], [0.0, 1.0]])
    at_pi = margin_logits(W, [-1.0, 0.0], 0, "combined")[0]
    assert at_pi == pytest.approx(-73.941535, abs=1e-6)
    # x = (-2.4, 0.7): cos θ1 = -0.96, sin θ1 = 0.28, θ1 + 0.3 = 3.1578:
    # cos(θ1 + 0.3) = -0.96 · 0.9553365 - 0.28 · 0.2955202 = -0.917123 - 0.0827457 = -0.9998687;
    # z1 = 64 (-0.9998687 - 0.2) = -76.791596: lower than at θ1 = π, the target is not monotone there.
    before = margin_logits(W, [-2.4, 0.7], 0, "combined")[0]
    assert before == pytest.approx(-76.791596, abs=1e-6)
    assert before < at_pi


def test_hand_psi():
    # m = 2: θ = π/3 -> k = floor(2/3) = 0, ψ = cos(2π/3) = -0.5;
    #        θ = 2π/3 -> k = floor(4/3) = 1, ψ = -cos(4π/3) - 2 = 0.5 - 2 = -1.5;
    #        θ = π -> k = 2 capped to 1, ψ = -cos 2π - 2 = -3.
    np.testing.assert_allclose(psi([0.0, np.pi / 3, 2 * np.pi / 3, np.pi], 2), [1.0, -0.5, -1.5, -3.0])
    # m = 1.35 (real, not truncated to 1): θ = π -> k = floor(1.35) = 1,
    # ψ = -cos(1.35π) - 2 = -(-0.4539905) - 2 = -1.5460095.
    assert psi(np.pi, 1.35) == pytest.approx(-1.5460095, abs=1e-7)
    assert psi(np.pi, 1.35) != pytest.approx(psi(np.pi, 1.0))


def test_loss_is_minus_log_softmax_of_the_margin_logits():
    for kind, params in VARIANTS:
        W = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.1]])
        x = np.array([0.7, -0.4])
        z = margin_logits(W, x, 2, kind, **params)
        expected = -math.log(softmax(z)[2])
        assert margin_loss(W, x, 2, kind, **params) == pytest.approx(expected, rel=1e-9, abs=1e-12)


# --- the registry and its checks ------------------------------------------------------------------


def test_registry_defaults():
    assert {k: dict(v.defaults) for k, v in KINDS.items()} == {
        "softmax": {"b": None},
        "normface": {"s": 16.0},
        "lsoftmax": {"m": 2.0, "lam": 0.0},
        "sphereface": {"m": 4.0, "lam": 0.0},
        "cosface": {"s": 64.0, "m": 0.35},
        "amsoftmax": {"s": 30.0, "m": 0.35},
        "arcface": {"s": 64.0, "m": 0.5, "easy_margin": False},
        "combined": {"s": 64.0, "m1": 1.0, "m2": 0.3, "m3": 0.2},
    }
    assert [k for k, v in KINDS.items() if not v.normalizes_w] == ["softmax", "lsoftmax"]
    assert [k for k, v in KINDS.items() if not v.normalizes_x] == ["softmax", "lsoftmax", "sphereface"]


def test_registry_is_read_only():
    with pytest.raises(TypeError):
        KINDS["arcface"].defaults["s"] = 1.0
    with pytest.raises(FrozenInstanceError):
        KINDS["arcface"].name = "x"


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind 'focal'"):
        margin_logits(W_HAND, X_HAND, 0, "focal")
    with pytest.raises(ValueError, match="unknown kind"):
        target_logit(1.0, "ArcFace")


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("lsoftmax", {"m": 0.5}, "m must be >= 1"),
        ("sphereface", {"m": 0.99}, "m must be >= 1"),
        ("lsoftmax", {"lam": -1.0}, "lam must be >= 0"),
        ("normface", {"s": 0.0}, "s must be > 0"),
        ("cosface", {"s": -1.0}, "s must be > 0"),
        ("cosface", {"m": -0.1}, "m must be >= 0"),
        ("arcface", {"m": 4.0}, r"m must be in \[0, π\]"),
        ("arcface", {"easy_margin": "yes"}, "easy_margin must be True or False"),
        ("arcface", {"q": 1.0}, "arcface has no parameter q; its parameters are s, m, easy_margin"),
        ("normface", {"m": 0.2}, "normface has no parameter m"),
        ("combined", {"m1": 0.0}, "m1 must be > 0"),
        ("normface", {"s": float("nan")}, "s must be finite"),
        ("normface", {"s": True}, "s must be a real number"),
        ("softmax", {"b": [1.0, 2.0, 3.0]}, r"b must have shape \(2,\)"),
    ],
)
def test_bad_parameters(kind, params, message):
    with pytest.raises(ValueError, match=message):
        margin_logits(W_HAND, X_HAND, 0, kind, **params)


def test_bad_inputs():
    with pytest.raises(ValueError, match=r"label must be in \[0, 2\)"):
        margin_loss(W_HAND, X_HAND, 2, "normface")
    with pytest.raises(ValueError, match="label"):
        margin_loss(W_HAND, X_HAND, -1, "normface")
    with pytest.raises(ValueError, match="integer"):
        margin_loss(W_HAND, X_HAND, 1.0, "normface")
    with pytest.raises(ValueError, match="integer"):
        margin_loss(W_HAND, X_HAND, True, "normface")
    with pytest.raises(ValueError, match=r"x must be \(2,\)"):
        margin_gradients(W_HAND, np.ones(3), 0, "normface")
    with pytest.raises(ValueError, match="finite"):
        margin_logits(W_HAND, [np.nan, 1.0], 0, "softmax")
    with pytest.raises(ValueError, match=r"\[0, π\]"):
        target_logit(4.0, "arcface")
    with pytest.raises(ValueError, match="m must be >= 1"):
        psi(1.0, 0.9)
    with pytest.raises(ValueError, match="resolution"):
        margin_regions(W_HAND, "normface", (-1, 1, -1, 1), 0)


# --- zero vectors and huge values -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ANGULAR)
def test_zero_sample_has_no_angle(kind):
    for fn in (margin_logits, margin_loss, margin_gradients):
        with pytest.raises(ValueError, match="x is the zero vector: its angle to the weights is undefined"):
            fn(W_HAND, [0.0, 0.0], 0, kind)


@pytest.mark.parametrize("kind", [k for k in ANGULAR if KINDS[k].normalizes_w])
def test_zero_weight_has_no_angle(kind):
    W = np.array([[1.0, 0.0, 0.5], [0.0, 0.0, 1.0]])
    for label in (0, 1):  # the zero vector is w2, whether it is the target or not
        with pytest.raises(ValueError, match="w2 is the zero vector"):
            margin_loss(W, [1.0, 1.0], label, kind)
    with pytest.raises(ValueError, match="w2 is the zero vector"):
        margin_regions(W, kind, (-1, 1, -1, 1), 4)


def test_l_softmax_needs_only_the_target_s_angle():
    # L-Softmax keeps ||w_j||: another class's logit ||w_j|| ||x|| cos(theta_j) is w_j^T x, 0 for a
    # zero w_j, as in the reference implementation (it was refused, "needs angles", a QA audit).
    # w1 = (2.5, 0), x = (1.5, 1.5), y = 0, m = 2: theta_1 = 45°, psi = cos(90°) = 0, so z1 = 0;
    # z2 = 0 (w2 = 0); z3 = (-1.4, -1.2) . x = -3.9. L = log(2 + e^-3.9) = 0.7032173.
    W = np.array([[2.5, 0.0, -1.4], [0.0, 0.0, -1.2]])
    x = np.array([1.5, 1.5])
    z = margin_logits(W, x, 0, "lsoftmax", m=2)
    np.testing.assert_allclose(z, [0.0, 0.0, -3.9], atol=1e-12)
    assert margin_loss(W, x, 0, "lsoftmax", m=2) == pytest.approx(np.log(2 + np.exp(-3.9)), rel=1e-12)
    # dz2/dw2 = x and dz2/dx = w2 = 0: the gradients are the finite differences' (w2 moved either way).
    dW, dx = margin_gradients(W, x, 0, "lsoftmax", m=2)
    p2 = 1.0 / (2 + np.exp(-3.9))
    np.testing.assert_allclose(dW[:, 1], p2 * x, rtol=1e-12)
    h = 1e-6
    for j in range(3):
        for i in range(2):
            E = np.zeros_like(W)
            E[i, j] = h
            diff = margin_loss(W + E, x, 0, "lsoftmax", m=2) - margin_loss(W - E, x, 0, "lsoftmax", m=2)
            assert dW[i, j] == pytest.approx(diff / (2 * h), rel=1e-5, abs=1e-9)
    for i in range(2):
        e = np.eye(2)[i] * h
        diff = margin_loss(W, x + e, 0, "lsoftmax", m=2) - margin_loss(W, x - e, 0, "lsoftmax", m=2)
        assert dx[i] == pytest.approx(diff / (2 * h), rel=1e-5)
    # The target's own angle is needed: a zero w_y is still refused, and a zero x.
    with pytest.raises(ValueError, match="w2 is the zero vector"):
        margin_loss(W, x, 1, "lsoftmax", m=2)
    with pytest.raises(ValueError, match="x is the zero vector"):
        margin_loss(W, [0.0, 0.0], 0, "lsoftmax", m=2)
    # In the plane a zero w2's logits are their limit, 0. At (-0.5, 1) both others' are negative
    # (w1 . p = -1.25, w3 . p = 0.7 - 1.2 = -0.5): class 2 wins with its target 0. At (2, 0) class 1
    # does: ||w1|| ||p|| psi(0) = 5 beats 0 and w3 . p = -2.8.
    P = np.array([[-0.5, 2.0], [1.0, 0.0]])
    assert margin_classes_at(W, P, "lsoftmax", m=2).tolist() == [1, 0]


def test_softmax_takes_zero_vectors():
    # z = W^T 0 + b = b; L = -log softmax(b)_0 = log(e^1 + e^0) - 1 = log(1 + e^-1) = 0.3132617.
    b = [1.0, 0.0]
    np.testing.assert_allclose(margin_logits(W_HAND, [0.0, 0.0], 0, "softmax", b=b), b)
    assert margin_loss(W_HAND, [0.0, 0.0], 0, "softmax", b=b) == pytest.approx(0.3132617, rel=1e-6)
    dW, dx = margin_gradients(np.zeros((2, 2)), [0.0, 0.0], 1, "softmax")
    np.testing.assert_allclose(dW, 0.0)
    np.testing.assert_allclose(dx, 0.0)


@pytest.mark.parametrize(("kind", "params"), VARIANTS, ids=VARIANT_IDS)
def test_huge_values_give_finite_losses(kind, params):
    W = np.array([[1e6, -1e6, 0.0], [0.0, 1e6, -1e6]])
    for x in ([1e6, 1e6], [-1e6, 2e6], [0.0, -1e6]):
        for label in range(3):
            loss = margin_loss(W, x, label, kind, **params)
            dW, dx = margin_gradients(W, x, label, kind, **params)
            assert np.isfinite(loss) and loss >= 0
            assert np.isfinite(dW).all() and np.isfinite(dx).all()


def test_gradients_at_the_singular_angles_are_finite():
    # x along w1 (θ1 = 0) and against w2 (θ2 = π): the direction of dθ is undefined there.
    W = np.array([[1.0, -2.0, 0.0], [0.0, 0.0, 1.0]])
    x = np.array([3.0, 0.0])
    for kind, params in VARIANTS:
        for label in range(3):
            dW, dx = margin_gradients(W, x, label, kind, **params)
            assert np.isfinite(dW).all() and np.isfinite(dx).all()


def test_gradient_at_theta_zero_is_exact_where_smooth():
    # ψ is smooth in x at θ = 0 (slope m sin(mθ) -> 0), so the 0 used for the undefined direction
    # is the true gradient there: compare with central differences at a point with θ1 = 0.
    W = np.array([[1.0, -0.3, 0.4], [0.0, 0.9, -1.0]])
    x = np.array([2.0, 0.0])
    for kind in ("sphereface", "lsoftmax", "normface", "cosface"):
        dW, dx = margin_gradients(W, x, 0, kind)
        fW, fx = _finite_differences(W, x, 0, kind, {})
        np.testing.assert_allclose(dW, fW, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(dx, fx, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("x", [(0.81, 0.32), (-1.98, -0.99), (-0.54, -2.85)])
def test_gradient_on_the_weight_ray_has_no_sideways_noise(x):
    # x = w1 / 2 with two-decimal coordinates: in floating point x̂ and ŵ1 differ by ~1e-16, whose
    # direction is noise. ArcFace's target logit has a cone-shaped kink at θ1 = 0, so its gradient
    # there must take the Clarke choice 0 sideways (the docstring), not that noise times sin(m).
    W = np.array([[2 * x[0], -0.8, -1.4], [2 * x[1], 2.4, -1.6]])
    x = np.array(x)
    w_hat = W[:, 0] / np.linalg.norm(W[:, 0])
    x_hat = x / np.linalg.norm(x)
    assert 0 < np.linalg.norm(x_hat - (x_hat @ w_hat) * w_hat) < 1e-15  # the rounding is there
    dW, _ = margin_gradients(W, x, 0, "arcface", s=8.0, m=0.5)
    sideways = np.array([-w_hat[1], w_hat[0]])
    assert dW[:, 0] @ sideways == pytest.approx(0.0, abs=1e-15)


def test_cross_entropy_by_hand():
    assert cross_entropy(np.array([0.0, 0.0]), 0) == pytest.approx(np.log(2.0), rel=1e-15)
    # z = (1, 2, 3), y = 2: log(e^-2 + e^-1 + 1) = 0.40760596444437...
    assert cross_entropy(np.array([1.0, 2.0, 3.0]), 2) == pytest.approx(0.4076059644443803, rel=1e-14)
    # A confident sample keeps its tiny loss (log(1 + e^-80) = e^-80), a wrong one does not overflow.
    assert cross_entropy(np.array([80.0, 0.0]), 0) == pytest.approx(np.exp(-80.0), rel=1e-12)
    assert cross_entropy(np.array([0.0, 1000.0]), 0) == pytest.approx(1000.0, rel=1e-15)


# --- properties ----------------------------------------------------------------------------------


def _finite_differences(W, x, label, kind, params, h=1e-6):
    def loss(Wp, xp):
        return margin_loss(Wp, xp, label, kind, **params)

    fW = np.zeros_like(W)
    for i in np.ndindex(W.shape):
        E = np.zeros_like(W)
        E[i] = h
        fW[i] = (loss(W + E, x) - loss(W - E, x)) / (2 * h)
    fx = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        fx[i] = (loss(W, x + e) - loss(W, x - e)) / (2 * h)
    return fW, fx


@pytest.mark.parametrize(("kind", "params"), VARIANTS, ids=VARIANT_IDS)
@SETTINGS
@given(weights_and_samples_dx3, labels_3)
def test_gradients_match_central_differences(kind, params, Wx, label):
    W, x = Wx
    assume(_nondegenerate(W, x))
    assume(_far_from_kinks(kind, params, _theta(W, x, label)))
    dW, dx = margin_gradients(W, x, label, kind, **params)
    fW, fx = _finite_differences(W, x, label, kind, params)
    scale = max(1.0, np.abs(fW).max(), np.abs(fx).max())
    np.testing.assert_allclose(dW, fW, rtol=1e-4, atol=1e-6 * scale)
    np.testing.assert_allclose(dx, fx, rtol=1e-4, atol=1e-6 * scale)


@SETTINGS
@given(variants, weights_and_samples_dx3, labels_3)
def test_loss_is_nonnegative(variant, Wx, label):
    (kind, params), (W, x) = variant, Wx
    assume(kind == "softmax" or _nondegenerate(W, x, min_norm=1e-6))
    assert margin_loss(W, x, label, kind, **params) >= 0


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("cosface", {"m": 0.0}),
        ("amsoftmax", {"m": 0.0}),
        ("arcface", {"m": 0.0}),
        ("arcface", {"m": 0.0, "easy_margin": True}),
        ("combined", {"m1": 1.0, "m2": 0.0, "m3": 0.0}),
    ],
)
@SETTINGS
@given(weights_and_samples_dx3, labels_3, scales)
def test_zero_margin_is_normface(kind, params, Wx, label, s):
    W, x = Wx
    assume(_nondegenerate(W, x, min_norm=1e-3))
    z = margin_logits(W, x, label, kind, s=s, **params)
    np.testing.assert_allclose(z, margin_logits(W, x, label, "normface", s=s), rtol=1e-12, atol=1e-12 * s)
    dW, dx = margin_gradients(W, x, label, kind, s=s, **params)
    nW, nx = margin_gradients(W, x, label, "normface", s=s)
    np.testing.assert_allclose(dW, nW, rtol=1e-9, atol=1e-9 * s / np.linalg.norm(W, axis=0).min())
    np.testing.assert_allclose(dx, nx, rtol=1e-9, atol=1e-9 * s / np.linalg.norm(x))


@SETTINGS
@given(weights_and_samples_dx3, labels_3, st.floats(0.0, 10.0))
def test_lsoftmax_with_m_1_is_softmax_without_bias(Wx, label, lam):
    W, x = Wx
    assume(_nondegenerate(W, x, min_norm=1e-3))
    z = margin_logits(W, x, label, "lsoftmax", m=1, lam=lam)
    scale = np.linalg.norm(W, axis=0).max() * np.linalg.norm(x)
    np.testing.assert_allclose(z, margin_logits(W, x, label, "softmax"), rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(z, W.T @ x, rtol=1e-12, atol=1e-12 * scale)


@pytest.mark.parametrize(
    ("kind", "params"),
    [("normface", {}), ("cosface", {}), ("amsoftmax", {}), ("arcface", {}), ("combined", {})],
)
@SETTINGS
@given(weights_and_samples_dx3, labels_3, st.floats(1e-3, 1e3))
def test_normalised_losses_ignore_the_sample_norm(kind, params, Wx, label, c):
    W, x = Wx
    assume(_nondegenerate(W, x))
    theta_y = _theta(W, x, label)
    assume(abs(theta_y - (math.pi - 0.5)) > 1e-6)  # ArcFace's switch: rounding may pick either side
    loss = margin_loss(W, x, label, kind, **params)
    assert margin_loss(W, c * x, label, kind, **params) == pytest.approx(loss, rel=1e-9, abs=1e-12)


@SETTINGS
@given(weights_and_samples_dx3, labels_3, biases_3)
def test_softmax_logits_are_the_core_logits(Wx, label, b):
    W, x = Wx
    assert np.array_equal(margin_logits(W, x, label, "softmax", b=b), logits(W, x, b))
    assert np.array_equal(margin_logits(W, x, label, "softmax"), logits(W, x))


@SETTINGS
@given(st.one_of(st.sampled_from([1.0, 1.35, 2.0, 2.5, 3.0, 4.0]), st.floats(1.0, 6.0)))
def test_psi_is_continuous_and_decreasing(m):
    theta = np.linspace(0.0, np.pi, 2001)
    values = psi(theta, m)
    assert np.all(np.diff(values) < 0)
    assert values[0] == 1.0
    # At each joint k π / m both pieces meet at 1 - 2k.
    for k in range(1, math.ceil(m)):
        joint = k * np.pi / m
        sides = psi([joint - 1e-9, joint, min(joint + 1e-9, np.pi)], m)
        np.testing.assert_allclose(sides, 1 - 2 * k, atol=1e-8)


@SETTINGS
@given(arrays(float, st.integers(1, 20), elements=st.floats(0.0, math.pi)))
def test_psi_with_m_1_is_cos(theta):
    assert np.array_equal(psi(theta, 1), np.cos(theta))
    assert np.array_equal(psi(theta, 1.0), np.cos(theta))


@SETTINGS
@given(variants, angles_open, angles_open, norms, norms, norms)
def test_target_and_other_logit_match_margin_logits(variant, theta1, theta2, w1, w2, xn):
    kind, params = variant
    p = {k: v for k, v in params.items() if k != "b"}  # the curves have no bias
    m = {**KINDS[kind].defaults, **p}.get("m", 0.0)
    # ArcFace switches branch on cos θ: at the switch itself rounding may pick either side.
    assume(abs(theta1 - (math.pi - m)) > 1e-6 and abs(theta1 - math.pi / 2) > 1e-6)
    # x along the first axis; w1 and w2 at angles θ1 and -θ2 from it, with the drawn norms.
    W = np.array(
        [[w1 * math.cos(theta1), w2 * math.cos(theta2)], [w1 * math.sin(theta1), -w2 * math.sin(theta2)]]
    )
    x = np.array([xn, 0.0])
    z = margin_logits(W, x, 0, kind, **p)
    t = target_logit(theta1, kind, w_norm=w1, x_norm=xn, **p)
    o = other_logit(theta2, kind, w_norm=w2, x_norm=xn, **p)
    scale = max(1.0, abs(z).max())
    assert z[0] == pytest.approx(float(t), abs=1e-9 * scale)
    assert z[1] == pytest.approx(float(o), abs=1e-9 * scale)


def test_target_and_other_logit_hand_values():
    # θ = arccos 0.6: softmax/lsoftmax(m=1) = ||w|| ||x|| cos θ = 5 · 2 · 0.6 = 6;
    # sphereface other = ||x|| cos θ = 2 · 0.6 = 1.2; cosface target = 64 (0.6 - 0.35) = 16.
    theta = math.acos(0.6)
    assert target_logit(theta, "softmax", w_norm=5, x_norm=2) == pytest.approx(6.0)
    assert target_logit(theta, "softmax", w_norm=5, x_norm=2, b=[1.0, 2.0]) == pytest.approx(6.0)
    assert target_logit(theta, "lsoftmax", w_norm=5, x_norm=2, m=1) == pytest.approx(6.0)
    assert other_logit(theta, "sphereface", w_norm=5, x_norm=2) == pytest.approx(1.2)
    assert target_logit(theta, "cosface", w_norm=5, x_norm=2) == pytest.approx(16.0)
    assert other_logit(theta, "arcface", w_norm=5, x_norm=2) == pytest.approx(38.4)
    assert target_logit(np.linspace(0, np.pi, 7), "arcface").shape == (7,)


# --- the binary border -----------------------------------------------------------------------------

THETA1 = np.linspace(0.0, np.pi, 181)  # 1° steps; none lands exactly on π - 0.5 or π/4 ± rounding


def test_border_without_margin_is_the_diagonal():
    np.testing.assert_allclose(binary_border(THETA1, "normface"), THETA1, atol=1e-7)
    np.testing.assert_allclose(binary_border(THETA1, "normface", s=3.0), THETA1, atol=1e-7)
    np.testing.assert_allclose(binary_border(THETA1, "softmax"), THETA1, atol=1e-7)


def test_border_arcface_adds_m():
    shifted = THETA1 + 0.5
    expected = np.where(shifted <= np.pi, shifted, np.nan)
    np.testing.assert_allclose(binary_border(THETA1, "arcface"), expected, atol=1e-7)
    # easy_margin: θ1 + m on the acute side, no margin (θ2 = θ1) where cos θ1 <= 0.
    acute = np.cos(THETA1) > 0
    expected = np.where(acute, shifted, THETA1)
    np.testing.assert_allclose(binary_border(THETA1, "arcface", easy_margin=True), expected, atol=1e-7)


def test_border_cosface_shifts_the_cosine():
    c = np.cos(THETA1) - 0.35
    expected = np.where(c >= -1, np.arccos(np.clip(c, -1, 1)), np.nan)
    np.testing.assert_allclose(binary_border(THETA1, "cosface"), expected, atol=1e-7)
    assert np.isnan(binary_border(THETA1, "cosface")[-1])  # cos π - 0.35 < -1: class 1 cannot win


@pytest.mark.parametrize(("kind", "m"), [("sphereface", 4.0), ("sphereface", 1.35), ("lsoftmax", 2.0)])
def test_border_psi_multiplies_the_angle(kind, m):
    # ψ(θ1) = cos(m θ1) while m θ1 <= π, so θ2 = m θ1 there; beyond ψ < -1 and nothing ties.
    expected = np.where(m * THETA1 <= np.pi, m * THETA1, np.nan)
    np.testing.assert_allclose(binary_border(THETA1, kind, m=m), expected, atol=1e-6)


def test_border_combined():
    c = np.cos(THETA1 + 0.3) - 0.2
    expected = np.where(c >= -1, np.arccos(np.clip(c, -1, 1)), np.nan)
    np.testing.assert_allclose(binary_border(THETA1, "combined"), expected, atol=1e-7)


@pytest.mark.parametrize(("kind", "params"), VARIANTS, ids=VARIANT_IDS)
def test_border_points_tie(kind, params):
    p = {k: v for k, v in params.items() if k != "b"}
    theta2 = binary_border(THETA1, kind, **p)
    ok = ~np.isnan(theta2)
    assert ok.any()
    np.testing.assert_allclose(
        target_logit(THETA1[ok], kind, **p), other_logit(theta2[ok], kind, **p), atol=1e-9 * 64
    )


# --- margin regions ------------------------------------------------------------------------------


def _one_cell(point):
    """An extent whose single cell is centred on ``point``."""
    px, py = point
    return (px - 0.01, px + 0.01, py - 0.01, py + 0.01)


def test_regions_hand_case():
    # w1 = (1, 0), w2 = (-1, 0), cosface s = 1, m = 0.5. At angle φ from w1: cos θ1 = cos φ,
    # cos θ2 = -cos φ. Class 1 wins when cos φ - 0.5 > -cos φ, i.e. cos φ > 0.25 (φ < 75.52°);
    # class 2 when cos φ < -0.25; between, |cos φ| <= 0.25, neither wins.
    W = np.array([[1.0, -1.0], [0.0, 0.0]])
    for degrees, expected in [(90, -1), (10, 0), (170, 1), (80, -1), (70, 0), (100, -1), (110, 1), (250, 1)]:
        point = (2 * math.cos(math.radians(degrees)), 2 * math.sin(math.radians(degrees)))
        classes, _, _ = margin_regions(W, "cosface", _one_cell(point), 1, s=1.0, m=0.5)
        assert classes[0, 0] == expected, degrees

    classes, xs, ys = margin_regions(W, "cosface", (-2, 2, -1, 3), 40, s=1.0, m=0.5)
    gx, gy = np.meshgrid(xs, ys)
    c = gx / np.hypot(gx, gy)
    np.testing.assert_array_equal(classes, np.where(c > 0.25, 0, np.where(c < -0.25, 1, -1)))
    assert (classes == -1).sum() > 0


def test_regions_shapes_and_grid():
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, -1.0]])
    classes, xs, ys = margin_regions(W, "arcface", (-3, 3, -2, 2), 17)
    gx, gy, _ = grid((-3, 3, -2, 2), 17)
    assert classes.shape == (17, 17) and classes.dtype.kind == "i"
    np.testing.assert_array_equal(xs, gx)
    np.testing.assert_array_equal(ys, gy)
    assert set(np.unique(classes)) <= {-1, 0, 1, 2}


def test_regions_origin():
    # R = 3 over [-1, 1]²: the middle cell is centred on the origin.
    W = np.array([[1.0, -1.0], [0.0, 0.0]])
    classes, _, _ = margin_regions(W, "normface", (-1, 1, -1, 1), 3)
    assert classes[1, 1] == -1  # no angle
    classes, _, _ = margin_regions(W, "softmax", (-1, 1, -1, 1), 3, b=[1.0, 0.0])
    assert classes[1, 1] == 0  # z = b there, and b1 > b2
    classes, _, _ = margin_regions(W, "softmax", (-1, 1, -1, 1), 3)
    assert classes[1, 1] == -1  # z = 0 for both: a tie
    # b is ignored by kinds without a bias.
    a, _, _ = margin_regions(W, "cosface", (-1, 1, -1, 1), 3, b=[5.0, 0.0])
    np.testing.assert_array_equal(a, margin_regions(W, "cosface", (-1, 1, -1, 1), 3)[0])


@SETTINGS
@given(variants, matrices_2x3)
def test_regions_agree_with_margin_logits(variant, W):
    kind, params = variant
    assume(np.all(np.linalg.norm(W, axis=0) > 0.1))
    p = dict(params)
    b = p.pop("b", None)
    classes, xs, ys = margin_regions(W, kind, (-3, 3, -2, 2), 8, b=b, **p)
    extra = {"b": b} if kind == "softmax" else {}
    for row in (0, 3, 6):
        for col in (1, 4, 7):
            point = np.array([xs[col], ys[row]])
            leads = []
            for k in range(3):
                z = margin_logits(W, point, k, kind, **p, **extra)
                leads.append(z[k] - np.delete(z, k).max())
            leads = np.array(leads)
            assume(np.all(np.abs(leads) > 1e-9 * max(1.0, np.abs(leads).max())))
            if classes[row, col] == -1:
                assert np.all(leads < 0)
            else:
                assert leads[classes[row, col]] > 0
                assert leads[classes[row, col]] == leads.max()


@SETTINGS
@given(matrices_2x3)
def test_normface_regions_have_no_band(W):
    assume(np.all(np.linalg.norm(W, axis=0) > 0.1))
    classes, xs, ys = margin_regions(W, "normface", (-2, 2, -2, 2), 30)
    gx, gy = np.meshgrid(xs, ys)
    P = np.stack([gx.ravel(), gy.ravel()])
    C = (W / np.linalg.norm(W, axis=0)).T @ (P / np.linalg.norm(P, axis=0))
    top2 = np.sort(C, axis=0)[-2:]
    # Ambiguous only where the two best cosines tie (a line, or the plane if two weights align).
    tie = (top2[1] - top2[0] < 1e-12).reshape(classes.shape)
    assert np.all(tie[classes == -1])


def test_classes_at_points_match_the_regions_and_work_in_3d():
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, -1.0]])
    classes, _, _ = margin_regions(W, "arcface", (-3, 3, -2, 2), 9, m=0.3)
    _, _, P = grid((-3, 3, -2, 2), 9)
    np.testing.assert_array_equal(margin_classes_at(W, P, "arcface", m=0.3), classes.ravel())
    # One point gives a 0-d answer: (2, 0.1) is 2.9° from w1, so class 0 wins by its margin.
    assert margin_classes_at(W, [2.0, 0.1], "arcface", m=0.3) == 0
    # D = 3: w1 = e1, w2 = e2; cosface s = 1, m = 0.5 at x = (1, 1, 1):
    # cos θ1 = cos θ2 = 1/√3 = 0.5774; target 0.5774 - 0.5 = 0.0774 < 0.5774 for either label: -1.
    W3 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    assert margin_classes_at(W3, [1.0, 1.0, 1.0], "cosface", s=1.0, m=0.5) == -1
    # x = (1, 0.1, 1), m = 0.05: cos θ1 = 1/√2.01 = 0.7053, cos θ2 = 0.0705; 0.7053 - 0.05 > 0.0705.
    assert margin_classes_at(W3, [1.0, 0.1, 1.0], "cosface", s=1.0, m=0.05) == 0
    with pytest.raises(ValueError, match="P must be"):
        margin_classes_at(W, np.ones((3, 4)), "normface")


def test_margin_widens_the_band():
    ang = np.radians([0, 120, 240])
    W = np.stack([np.cos(ang), np.sin(ang)])
    ambiguous = [
        (margin_regions(W, "cosface", (-2, 2, -2, 2), 60, m=m)[0] == -1).mean() for m in (0.0, 0.2, 0.4)
    ]
    assert ambiguous[0] == 0 and ambiguous[0] < ambiguous[1] < ambiguous[2]


# --- the high-precision reference (issue 10, defect 1) ----------------------------------------------
# Each kind's logits written again from the papers' formulas in mpmath, at 50 digits, with the loss
# as log1p of the others' terms and every gradient entry by mpmath.diff: nothing shared with the
# NumPy code but the formulas on paper. Parameters are spelled out, not read from the registry.

REFERENCE_DIGITS = 50
REFERENCE_VARIANTS = [
    ("softmax", {"b": [0.5, -1.0, 2.0]}),
    ("normface", {"s": 16.0}),
    ("lsoftmax", {"m": 2.0, "lam": 0.0}),
    ("sphereface", {"m": 4.0, "lam": 0.0}),
    ("cosface", {"s": 64.0, "m": 0.35}),
    ("amsoftmax", {"s": 30.0, "m": 0.35}),
    ("arcface", {"s": 64.0, "m": 0.5, "easy_margin": False}),
    ("arcface", {"s": 64.0, "m": 0.5, "easy_margin": True}),
    ("combined", {"s": 64.0, "m1": 1.0, "m2": 0.3, "m3": 0.2}),
]
REFERENCE_IDS = [k + ("-easy" if p.get("easy_margin") else "") for k, p in REFERENCE_VARIANTS]
# The kinds whose logits grow with ||x|| (no s): a confident sample is a long one.
GROWS_WITH_X = ("softmax", "lsoftmax", "sphereface")
# The default scene (issue 10): w1 = (2.5, 0), w2 = (0.4, 1.1), w3 = (-1.4, -1.2), label 0.
W_SCENE = np.array([[2.5, 0.4, -1.4], [0.0, 1.1, -1.2]])


def _mp_target(kind, c, p):
    """The target's ``F(theta)`` in mpmath, from the cosine ``c``."""
    theta = mp.acos(c)
    if kind == "normface":
        return c
    if kind in ("cosface", "amsoftmax"):
        return c - p["m"]
    if kind in ("lsoftmax", "sphereface"):
        m = mp.mpf(p["m"])
        k = min(mp.floor(m * theta / mp.pi), mp.ceil(m) - 1)
        value = (-1) ** int(k) * mp.cos(m * theta) - 2 * k
        return (p["lam"] * c + value) / (1 + p["lam"])
    if kind == "arcface":
        if p["easy_margin"]:
            return mp.cos(theta + p["m"]) if c > 0 else c
        return mp.cos(theta + p["m"]) if theta + p["m"] < mp.pi else c - p["m"] * mp.sin(p["m"])
    if kind == "combined":
        return mp.cos(p["m1"] * theta + p["m2"]) - p["m3"]
    raise AssertionError(kind)


def _mp_loss(values, d, k, label, kind, p):
    """``L = log1p(sum_{j != y} e^{z_j - z_y})`` in mpmath; ``values`` is W (row-major), then x."""
    columns = [values[j : d * k : k] for j in range(k)]
    x = values[d * k :]
    xn = mp.sqrt(mp.fsum(v * v for v in x))
    z = []
    for j, w in enumerate(columns):
        dot = mp.fsum(a * v for a, v in zip(w, x, strict=True))
        if kind == "softmax":
            z.append(dot + p["b"][j])
            continue
        wn = mp.sqrt(mp.fsum(a * a for a in w))
        c = dot / (wn * xn)
        scale = {"lsoftmax": wn * xn, "sphereface": xn}.get(kind, p.get("s"))
        z.append(scale * (_mp_target(kind, c, p) if j == label else c))
    return mp.log1p(mp.fsum(mp.exp(zj - z[label]) for j, zj in enumerate(z) if j != label))


def _reference(W, x, label, kind, p):
    """Loss, dL/dW (D, K) and dL/dx (D,) at ``REFERENCE_DIGITS`` digits, rounded to floats."""
    d, k = W.shape
    with mp.workdps(REFERENCE_DIGITS):
        values = [mp.mpf(float(v)) for v in (*W.ravel(), *x)]

        def loss(*v):
            return _mp_loss(v, d, k, label, kind, p)

        grad = [
            mp.diff(loss, values, tuple(int(i == n) for n in range(len(values)))) for i in range(len(values))
        ]
        g = np.array([float(v) for v in grad])
        return float(loss(*values)), g[: d * k].reshape(d, k), g[d * k :]


def _assert_matches_reference(W, x, label, kind, p):
    """Loss and gradients within 1e-6 relative of the reference; returns the reference loss."""
    ref_loss, ref_dW, ref_dx = _reference(W, x, label, kind, p)
    assert margin_loss(W, x, label, kind, **p) == pytest.approx(ref_loss, rel=1e-6, abs=0.0)
    dW, dx = margin_gradients(W, x, label, kind, **p)
    # Relative to the gradient's own size, however small: an entry 1e-10 below the largest is
    # geometry (a component that happens to vanish), not the confidence of the sample.
    floor = 1e-10 * max(np.abs(ref_dW).max(), np.abs(ref_dx).max())
    np.testing.assert_allclose(dW, ref_dW, rtol=1e-6, atol=floor)
    np.testing.assert_allclose(dx, ref_dx, rtol=1e-6, atol=floor)
    return ref_loss


def _clear_of_switches(kind, p, W, x, label):
    """The target angle is inside (0, pi), off the kinks at 0 and pi and off ArcFace's switches
    (float and mpmath could pick different sides of a jump)."""
    theta = _theta(W, x, label)
    if not 1e-3 < theta < math.pi - 1e-3:
        return False
    if kind == "arcface":
        switch = math.pi / 2 if p["easy_margin"] else math.pi - p["m"]
        return abs(theta - switch) > 1e-6
    return True


@st.composite
def _saturated_samples_2x3(draw, x_norms):
    """(W, x, label): x within 0.1 rad of w_label, every other weight >= 108° from w_label."""
    base = draw(st.floats(-math.pi, math.pi))
    phi = base + 2 * math.pi / 3 * np.arange(3) + draw(arrays(float, 3, elements=st.floats(-0.1, 0.1)))
    norms = draw(arrays(float, 3, elements=st.floats(0.5, 2.0)))
    W = np.stack([norms * np.cos(phi), norms * np.sin(phi)])
    label = draw(labels_3)
    angle = phi[label] + draw(st.floats(1e-3, 0.1)) * draw(st.sampled_from([-1.0, 1.0]))
    x = draw(x_norms) * np.array([math.cos(angle), math.sin(angle)])
    return W, x, label


# Confident samples: the others' probabilities sum below 1e-16, where p_y - 1 cancelled to 0
# (for the kinds with s, at s >= 48; the others at ||x|| >= 70, yet e^{z_j - z_y} > 1e-300).
saturated_samples_2x3 = _saturated_samples_2x3(st.floats(0.5, 3.0))
long_saturated_samples_2x3 = _saturated_samples_2x3(st.floats(70.0, 170.0))
REFERENCE_SETTINGS = settings(max_examples=30, deadline=None)


def test_defect1_saturated_arcface_gradient_is_accurate():
    # Scene(loss="arcface", s=64, m=0.5, x=(2.0, -0.6)): p_2 + p_3 ~ 1.1e-18, so p_1 - 1 was 0 and
    # dL/dw_1 was exactly 0 (true ||dL/dw_1|| = 2.08e-17) and ||dL/dx|| 3.49e-17 (true 1.00e-17).
    p = {"s": 64.0, "m": 0.5, "easy_margin": False}
    x = np.array([2.0, -0.6])
    _assert_matches_reference(W_SCENE, x, 0, "arcface", p)
    dW, dx = margin_gradients(W_SCENE, x, 0, "arcface", **p)
    assert np.linalg.norm(dW[:, 0]) == pytest.approx(2.07978836e-17, rel=1e-6)
    assert np.linalg.norm(dx) == pytest.approx(1.00454028e-17, rel=1e-6)


def test_defect1_saturated_normface_loss_is_not_zero():
    # normface s = 64 at the scene's x = (2.0, -0.6): z = (61.30, 3.67, -34.57), so
    # L = log1p(e^{3.67 - 61.30} + e^{-34.57 - 61.30}) = 9.3225e-26, which log(1 + ...) rounded
    # to 0. At x = (2.0, -1.4), 35° below w_1 and so farther from w_2: z = (52.43, -16.57, -15.92),
    # L = e^-68.35 + e^-69.00 = 3.1367e-30.
    p = {"s": 64.0}
    for x, expected in (([2.0, -0.6], 9.3225075e-26), ([2.0, -1.4], 3.1366540e-30)):
        loss = _assert_matches_reference(W_SCENE, np.array(x), 0, "normface", p)
        assert loss == pytest.approx(expected, rel=1e-7)
        assert margin_loss(W_SCENE, x, 0, "normface", **p) > 0


def test_defect1_saturated_softmax_kind_gradient_keeps_the_target_column():
    # Plain softmax, x 40 times the scene's: z = (200, 7.52, -102.8), p_2 ~ e^-192 = 4.8e-84.
    x = 40.0 * np.array([2.0, -0.6])
    _assert_matches_reference(W_SCENE, x, 0, "softmax", {"b": [0.0, 0.0, 0.0]})
    dW, _ = margin_gradients(W_SCENE, x, 0, "softmax")
    assert np.all(dW[:, 0] != 0)


@pytest.mark.parametrize(("kind", "params"), REFERENCE_VARIANTS, ids=REFERENCE_IDS)
@REFERENCE_SETTINGS
@given(weights_and_samples_dx3, labels_3, scales)
def test_defect1_loss_and_gradients_match_the_reference_on_random_samples(kind, params, Wx, label, s):
    W, x = Wx
    p = {**params, "s": s} if "s" in params else params
    assume(_clear_of_switches(kind, p, W, x, label))
    _assert_matches_reference(W, x, label, kind, p)


@pytest.mark.parametrize(("kind", "params"), REFERENCE_VARIANTS, ids=REFERENCE_IDS)
@REFERENCE_SETTINGS
@given(st.data(), st.floats(48.0, 64.0))
def test_defect1_loss_and_gradients_match_the_reference_on_saturated_samples(kind, params, data, s):
    samples = long_saturated_samples_2x3 if kind in GROWS_WITH_X else saturated_samples_2x3
    W, x, label = data.draw(samples)
    p = {**params, "s": s} if "s" in params else params
    loss = _assert_matches_reference(W, x, label, kind, p)
    assert loss < 1e-16  # the regime where p_y - 1 cancels


def test_defect6_identical_weights_tie_in_the_margin_logits_and_regions():
    # Identical w_i and w_j (j > i) must give bitwise equal logits; their exact tie leaves the
    # point ambiguous (-1) where they lead, so neither may "win" by a rounding.
    rng = np.random.default_rng(6)
    for k in range(5, 10):
        for i, j in itertools.combinations(range(k), 2):
            W = rng.normal(size=(2, k))
            W[:, j] = W[:, i]
            x = 2.0 * W[:, i] + 0.1 * rng.normal(size=2)
            label = next(n for n in range(k) if n not in (i, j))
            for kind, params in (("softmax", {}), ("normface", {}), ("arcface", {})):
                z = margin_logits(W, x, label, kind, **params)
                assert z[i] == z[j], (kind, k, i, j)
            for kind in ("softmax", "normface"):
                assert margin_classes_at(W, x, kind) not in (i, j)
                assert not np.isin([i, j], margin_classes_at(W, x[:, None], kind)).any()


# --- purity ----------------------------------------------------------------------------------------


def test_margins_imports_only_numpy_the_stdlib_and_the_core():
    tree = ast.parse(Path(margins_module.__file__).read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module)
    allowed = set(sys.stdlib_module_names) | {"numpy", "softmaxviz.core", "softmaxviz.kinds"}
    assert {m for m in found if m not in allowed and m.split(".")[0] not in sys.stdlib_module_names} == set()


# --- two classes in angle space ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("angles", "expected"),
    [
        # SphereFace m = 4: psi(4 · 30°) = cos 120° = -0.5 beats cos 130° = -0.643: class 1 wins.
        ((30.0, 130.0), 0),
        ((130.0, 30.0), 1),
        # At (168.69°, 121.29°) psi(4 · 168.69°) = -6.70 < cos 121.29° = -0.52 and
        # psi(4 · 121.29°) = -4.58 < cos 168.69° = -0.98: neither wins, though class 1's border no
        # longer exists there (it stops at θ1 = 45°).
        ((168.69, 121.29), -1),
        ((100.0, 170.0), -1),
    ],
)
def test_pair_classes_gives_the_band_where_a_border_stops(angles, expected):
    theta1, theta2 = np.radians(angles)
    assert pair_classes(theta1, theta2, "sphereface", m=4.0) == expected
    assert np.isnan(binary_border(np.radians(100.0), "sphereface", m=4.0))


def test_pair_classes_agrees_with_margin_classes_at_for_two_classes():
    # Two unit weights 90° apart in the plane: a point at angle φ has θ1 = |φ|, θ2 = |90° - φ|.
    W = np.array([[1.0, 0.0], [0.0, 1.0]])
    phi = np.radians(np.linspace(-179.5, 179.5, 360))
    P = np.stack([np.cos(phi), np.sin(phi)])
    theta = np.arccos(np.clip(W.T @ P, -1, 1))
    for kind, params in VARIANTS:
        if kind == "softmax" and "b" in params:
            continue
        expected = margin_classes_at(W, P, kind, **params)
        np.testing.assert_array_equal(pair_classes(theta[0], theta[1], kind, **params), expected, kind)
