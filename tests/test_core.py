import itertools
import math
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from softmaxviz import (
    analyze,
    analyze_batch,
    angles,
    cosines,
    decision_regions,
    logits,
    region_borders,
    softmax,
    winners,
)
from softmaxviz.core import (
    border_directions,
    column_dots,
    cosine_slack,
    dot_terms,
    grid,
    logit_slack,
    normalize_columns,
    probability_slack,
    safe_norms,
    wedge_borders,
)

ROOT = Path(__file__).resolve().parent.parent

SETTINGS = settings(max_examples=60, deadline=None)
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
vectors_2 = arrays(float, 2, elements=finite)
matrices_2x3 = arrays(float, (2, 3), elements=finite)
biases_3 = arrays(float, 3, elements=st.floats(-10, 10))
logits_k = arrays(float, st.integers(1, 6), elements=st.floats(-1e6, 1e6))
temperatures = st.floats(0.05, 20)


# --- hand-worked values --------------------------------------------------------


def test_hand_worked_axis_case():
    # w1 = (1, 0), w2 = (0, 1), w3 = (-1, 0); x = (1, 1); b = 0.
    # z = (1, 1, -1); p1 = p2 = e / (2e + e^-1) = 1 / (2 + e^-2) = 1 / 2.1353353 = 0.4683105,
    # p3 = e^-2 / (2 + e^-2) = 0.1353353 / 2.1353353 = 0.0633789; angles 45, 45, 135 degrees.
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    a = analyze(W, [1.0, 1.0])
    np.testing.assert_allclose(a.logits, [1, 1, -1])
    np.testing.assert_allclose(a.probabilities, [0.4683105, 0.4683105, 0.0633789], atol=1e-7)
    np.testing.assert_allclose(np.degrees(a.angles), [45, 45, 135])
    np.testing.assert_allclose(a.cosines, [math.sqrt(0.5), math.sqrt(0.5), -math.sqrt(0.5)])
    np.testing.assert_allclose(a.norms, [1, 1, 1])
    assert a.sample_norm == pytest.approx(math.sqrt(2))
    assert a.predicted == 0  # a tie goes to the lower index, like argmax


def test_hand_worked_default_scene():
    # The canonical demo: w1 = (2.5, 0), w2 = (0.4, 1.1), w3 = (-1.4, -1.2), x = (1.5, 1.5).
    # z1 = 3.75, z2 = 0.6 + 1.65 = 2.25, z3 = -2.1 - 1.8 = -3.9.
    # p1 = 1 / (1 + e^-1.5 + e^-7.65) = 1 / (1 + 0.2231302 + 0.0004760) = 1 / 1.2236062 = 0.8172564,
    # p2 = 0.2231302 / 1.2236062 = 0.1823546, p3 = 0.0004760 / 1.2236062 = 0.0003891.
    # theta1 = 45 deg; theta2 = atan2(1.1, 0.4) - 45 = 70.0169 - 45 = 25.0169 deg:
    # w1 wins although x is closer in angle to w2, because ||w1|| = 2.5 > ||w2|| = 1.1705.
    W = np.array([[2.5, 0.4, -1.4], [0.0, 1.1, -1.2]])
    a = analyze(W, [1.5, 1.5])
    np.testing.assert_allclose(a.logits, [3.75, 2.25, -3.9])
    np.testing.assert_allclose(a.probabilities, [0.8172564, 0.1823546, 0.0003891], atol=1e-7)
    np.testing.assert_allclose(np.degrees(a.angles), [45.0, 25.0169, 175.6013], atol=1e-4)
    np.testing.assert_allclose(a.norms, [2.5, 1.1704700, 1.8439089], atol=1e-7)
    assert a.predicted == 0
    assert a.angles[0] > a.angles[1]


def test_bias_and_temperature_worked():
    # z = (0, 0) + b = (1, 0); T = 0.5 -> softmax(2, 0) = (1 / (1 + e^-2), ...) = (0.8807971, 0.1192029).
    W = np.zeros((2, 2))
    a = analyze(W, [1.0, 2.0], b=[1.0, 0.0], temperature=0.5)
    np.testing.assert_allclose(a.probabilities, [0.8807971, 0.1192029], atol=1e-7)


def test_logits_batch_and_shapes():
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    Z = logits(W, X, b=[1.0, 2.0, 3.0])
    np.testing.assert_allclose(Z, [[2.0, 5.0], [4.0, 7.0], [6.0, 9.0]])
    assert logits(W, X[:, 0]).shape == (3,)
    with pytest.raises(ValueError, match="D="):
        logits(W, np.ones(3))
    with pytest.raises(ValueError, match="b must"):
        logits(W, X, b=[1.0])


# --- edge cases ----------------------------------------------------------------


def test_zero_sample_gives_softmax_of_biases_and_no_angles():
    W = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]])
    b = np.array([0.5, -0.5, 0.0])
    a = analyze(W, [0.0, 0.0], b)
    np.testing.assert_allclose(a.logits, b)
    np.testing.assert_allclose(a.probabilities, softmax(b))
    assert np.isnan(a.angles).all() and np.isnan(a.cosines).all()
    np.testing.assert_allclose(a.dot_terms, 0.0)


def test_zero_weight_has_no_angle_but_others_do():
    W = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    a = analyze(W, [1.0, 0.0])
    assert np.isnan(a.angles[0])
    np.testing.assert_allclose(a.angles[1:], [0.0, np.pi / 2])
    assert a.logits[0] == 0.0


def test_huge_values_do_not_overflow():
    W = np.array([[1e6, -1e6, 0.0], [0.0, 1e6, -1e6]])
    a = analyze(W, [1e6, 1e6])
    assert np.isfinite(a.probabilities).all()
    np.testing.assert_allclose(a.probabilities.sum(), 1.0)
    np.testing.assert_allclose(np.degrees(a.angles), [45, 90, 135])
    # Even beyond what the UI allows: norms are computed without squaring overflow.
    assert np.isfinite(safe_norms(np.array([1e200, 1e200])))
    assert np.isfinite(angles(np.array([[1e300], [1e300]]), np.array([1e300, -1e300]))).all()


def test_angles_accurate_near_zero_and_pi():
    # arccos(cos 1e-8) == 0 in float64; the atan2 form keeps it.
    W = np.array([[1.0], [0.0]])
    th = angles(W, np.array([1.0, 1e-8]))
    assert th[0] == pytest.approx(1e-8, rel=1e-6)
    th = angles(W, np.array([-1.0, 1e-8]))
    assert np.pi - th[0] == pytest.approx(1e-8, rel=1e-6)


def test_softmax_rejects_bad_temperature():
    with pytest.raises(ValueError):
        softmax([1.0, 2.0], temperature=0.0)


def test_equal_weights_have_no_border():
    W = np.array([[1.0, 1.0, -1.0], [1.0, 1.0, 0.0]])
    borders = region_borders(W, None, (-3, 3, -3, 3))
    assert all((seg.i, seg.j) != (0, 1) for seg in borders)


def test_borders_of_symmetric_case_are_the_three_rays():
    # Three unit weights 120 degrees apart, no bias: borders are rays at 60, 180, 300 degrees.
    ang = np.radians([0, 120, 240])
    W = np.stack([np.cos(ang), np.sin(ang)])
    borders = region_borders(W, None, (-2, 2, -2, 2))
    assert len(borders) == 3
    directions = set()
    for seg in borders:
        p = np.array(seg.end) if np.linalg.norm(seg.end) > 1e-9 else np.array(seg.start)
        assert np.linalg.norm(seg.start) < 1e-9 or np.linalg.norm(seg.end) < 1e-9  # starts at 0
        directions.add(round(float(np.degrees(np.arctan2(p[1], p[0]))) % 360))
    assert directions == {60, 180, 300}


def test_bias_moves_border_off_origin():
    # w1 = (1, 0), w2 = (-1, 0), b = (1, 0): border 2 x1 + 1 = 0 -> x1 = -0.5.
    W = np.array([[1.0, -1.0], [0.0, 0.0]])
    (seg,) = region_borders(W, [1.0, 0.0], (-2, 2, -2, 2))
    assert seg.start[0] == pytest.approx(-0.5) and seg.end[0] == pytest.approx(-0.5)
    assert sorted([seg.start[1], seg.end[1]]) == pytest.approx([-2, 2])


def test_border_outside_view_is_dropped():
    W = np.array([[1.0, -1.0], [0.0, 0.0]])
    assert region_borders(W, [10.0, 0.0], (-2, 2, -2, 2)) == []


def test_grid_is_cell_centred():
    xs, ys, P = grid((-1, 1, -2, 2), 4)
    np.testing.assert_allclose(xs, [-0.75, -0.25, 0.25, 0.75])
    np.testing.assert_allclose(ys, [-1.5, -0.5, 0.5, 1.5])
    assert P.shape == (2, 16)
    np.testing.assert_allclose(P[:, 1], [-0.25, -1.5])  # row-major in y


# --- properties ----------------------------------------------------------------


@SETTINGS
@given(logits_k, temperatures)
def test_softmax_is_a_distribution(z, T):
    p = softmax(z, T)
    assert np.all((p >= 0) & (p <= 1))
    assert p.sum() == pytest.approx(1.0)


@SETTINGS
@given(logits_k, st.floats(-1e3, 1e3))
def test_softmax_shift_invariant(z, c):
    np.testing.assert_allclose(softmax(z + c), softmax(z), atol=1e-9)


@SETTINGS
@given(matrices_2x3, vectors_2, biases_3, temperatures)
def test_argmax_probability_is_argmax_logit(W, x, b, T):
    a = analyze(W, x, b, T)
    assert a.probabilities[a.predicted] == pytest.approx(a.probabilities.max())
    assert a.logits[a.predicted] == a.logits.max()


def test_winners_hand_worked_ties_within_rounding():
    # Default weights; x = (1.1, 2.1): z1 = 2.5 * 1.1 = 2.75 and z2 = 0.4 * 1.1 + 1.1 * 2.1 = 2.75,
    # which floats compute as 2.75 and 2.7500000000000004: a tie, not "class 2 wins".
    W = np.array([[2.5, 0.4, -1.4], [0.0, 1.1, -1.2]])
    z = logits(W, [1.1, 2.1])
    assert z[1] > z[0] and int(np.argmax(z)) == 1
    assert winners(W, [1.1, 2.1]) == (0, 1) and analyze(W, [1.1, 2.1]).winners == (0, 1)
    # One hundredth further up, class 2 alone; a bias breaks the tie too.
    assert winners(W, [1.1, 2.11]) == (1,)
    assert winners(W, [1.1, 2.1], [0.0, 1e-9, 0.0]) == (1,)
    # Identical columns and x at the origin with equal biases: every such class ties.
    assert winners(np.ones((2, 3)), [1.0, 2.0]) == (0, 1, 2)
    assert winners(W, [0.0, 0.0], [1.0, 1.0, 0.0]) == (0, 1)
    # Huge values: the slack scales with the terms, so 1e6 apart in 1e12 is no tie.
    assert winners(np.array([[1e6, 1e6 + 1.0], [0.0, 0.0]]), [1e6, 0.0]) == (1,)


@SETTINGS
@given(vectors_2, vectors_2, st.floats(1e-3, 1e3))
def test_cosines_of_one_direction_are_within_their_slack(w, x, c):
    # w and c·w have one cosine with x exactly; computed, they may differ by rounding alone, and
    # the table must then read them alike (cosine_slack bounds that rounding).
    W = np.stack([w, c * w], axis=1)
    cos, slack = cosines(W, x), cosine_slack(W, x)
    assume(not np.isnan(cos).any())
    assert abs(cos[0] - cos[1]) <= slack[0] + slack[1]
    assert slack.shape == (2,) and slack[0] < 1e-13  # beyond it, a difference reads apart


@SETTINGS
@given(matrices_2x3, vectors_2, biases_3, temperatures)
def test_tied_classes_probabilities_are_within_their_slack(W, x, b, T):
    # b2 set so that z1 = z2 up to rounding: the classes tie, and the table must read their
    # probabilities alike (probability_slack bounds how far rounding moves them apart).
    b = b.copy()
    b[1] = b[0] + float(np.dot(W[:, 0] - W[:, 1], x))
    a = analyze(W, x, b, temperature=T)
    assume({0, 1} <= set(a.winners))
    slack = probability_slack(a.logits, logit_slack(W, x, b), T)
    assert abs(a.probabilities[0] - a.probabilities[1]) <= slack[0] + slack[1]
    # Beyond it, a difference reads apart: the slack is rounding's, relative to the logits' terms.
    size = np.abs(W * x[:, None]).sum(axis=0) + np.abs(b)
    assert np.all(slack >= 0) and np.all(slack < 1e-13 * (1 + size.max() / T))


@SETTINGS
@given(matrices_2x3, vectors_2, biases_3)
def test_winners_hold_the_argmax_and_only_near_ties(W, x, b):
    a = analyze(W, x, b)
    assert a.predicted in a.winners and list(a.winners) == sorted(set(a.winners))
    scale = np.abs(W * np.asarray(x)[:, None]).sum(axis=0) + np.abs(b)
    gap = a.logits.max() - a.logits
    assert all(gap[k] <= 1e-12 * (1 + scale.max()) for k in a.winners)


@SETTINGS
@given(matrices_2x3, vectors_2, biases_3)
def test_logit_is_norms_times_cosine_plus_bias(W, x, b):
    a = analyze(W, x, b)
    expected = a.norms * a.sample_norm * np.nan_to_num(a.cosines) + b
    np.testing.assert_allclose(a.logits, expected, rtol=1e-9, atol=1e-6)


@SETTINGS
@given(matrices_2x3, vectors_2)
def test_cosine_is_cos_of_angle(W, x):
    c, th = cosines(W, x), angles(W, x)
    ok = ~np.isnan(c)
    np.testing.assert_allclose(np.cos(th[ok]), c[ok], atol=1e-9)
    assert np.array_equal(np.isnan(c), np.isnan(th))


@SETTINGS
@given(matrices_2x3, biases_3, temperatures, st.booleans())
def test_region_at_grid_point_equals_analyze(W, b, T, normalize_x):
    r = decision_regions(W, b, (-3, 3, -2, 2), 7, temperature=T, normalize_x=normalize_x)
    for row in (0, 3, 6):
        for col in (0, 2, 5):
            p = np.array([r.xs[col], r.ys[row]])
            a = analyze(W, normalize_columns(p) if normalize_x else p, b, T)
            assert r.classes[row, col] == a.predicted
            assert r.probabilities[row, col] == pytest.approx(a.probabilities[a.predicted])


@SETTINGS
@given(matrices_2x3, biases_3)
def test_border_points_are_ties_of_the_top_two(W, b):
    for seg in region_borders(W, b, (-3, 3, -3, 3)):
        mid = (np.array(seg.start) + np.array(seg.end)) / 2
        z = logits(W, mid, b)
        scale = max(1.0, np.abs(z).max())
        assert z[seg.i] == pytest.approx(z[seg.j], abs=1e-7 * scale)
        assert z[seg.i] >= z.max() - 1e-7 * scale


def test_a_line_too_far_to_reach_has_no_border_and_no_warning():
    # w1 - w2 = (1e-300, 0) and b1 - b2 = 1e10: the tie is 1e310 away, past float range. It
    # warned of an overflow and carried NaN into the clipping.
    W = np.array([[1e-300, 0.0, -1.0], [0.0, 0.0, 1.0]])
    b = np.array([1e10, 0.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        borders = region_borders(W, b, (-3, 3, -3, 3))
    assert all({s.i, s.j} != {0, 1} for s in borders)


# --- batches (the matrix view) ---------------------------------------------------------

matrices_2x5 = arrays(float, (2, 5), elements=finite)


@SETTINGS
@given(matrices_2x3, matrices_2x5, biases_3, temperatures)
def test_batch_equals_single_sample_calls(W, X, b, T):
    batch = analyze_batch(W, X, b, T)
    for n in range(X.shape[1]):
        a = analyze(W, X[:, n], b, T)
        np.testing.assert_allclose(batch.logits[:, n], a.logits)
        np.testing.assert_allclose(batch.probabilities[:, n], a.probabilities)
        np.testing.assert_allclose(batch.angles[:, n], a.angles, equal_nan=True)
        assert batch.predicted[n] == a.predicted
        assert batch.sample_norms[n] == pytest.approx(a.sample_norm)


def test_bias_broadcasts_for_one_sample():
    # N = 1: Z = W^T x + b must stay (K, 1), b added once per row: (1, 0, -1)^T + (1, 2, 3) = (2, 2, 2).
    W = np.array([[1.0, 0.0, -1.0], [0.0, 0.0, 0.0]])
    batch = analyze_batch(W, np.array([[1.0], [5.0]]), b=[1.0, 2.0, 3.0])
    assert batch.logits.shape == (3, 1)
    np.testing.assert_allclose(batch.logits[:, 0], [2.0, 2.0, 2.0])
    np.testing.assert_allclose(batch.probabilities[:, 0], [1 / 3] * 3)
    assert analyze_batch(W, np.array([1.0, 5.0])).logits.shape == (3, 1)


def test_dot_terms_sum_to_the_dot_product():
    # w = (2, -1, 0.5), x = (3, 4, 2): terms (6, -4, 1), sum 3.
    terms = dot_terms([2.0, -1.0, 0.5], [3.0, 4.0, 2.0])
    np.testing.assert_allclose(terms, [6.0, -4.0, 1.0])
    assert terms.sum() == 3.0


# --- issue 10: defects 1 (softmax side), 5, 6 and 7 ------------------------------------------------


def test_softmax_keeps_tiny_probabilities_to_full_relative_precision():
    # Defect 1's cancellation lives in 1 - p_y, not in softmax: p_2 = e^-700 / (1 + e^-700) is
    # e^-700 = 9.8597e-305 to the last digits, and p_2 at T = 10 is e^-70 = 3.9754497e-31.
    p = softmax([0.0, -700.0])
    assert p[0] == 1.0
    assert p[1] == pytest.approx(math.exp(-700.0), rel=1e-14)
    assert softmax([0.0, -700.0], 10.0)[1] == pytest.approx(math.exp(-70.0), rel=1e-14)


def test_defect5_softmax_huge_logits_with_temperature():
    # 1e308 / 0.5 overflows: dividing first gave inf - inf = NaN. Shifted first: (0, 0) / 0.5.
    np.testing.assert_array_equal(softmax([1e308, 1e308], 0.5), [0.5, 0.5])
    # -1e308 - 1e308 = -inf after the shift; exp(-inf / T) = 0.
    np.testing.assert_array_equal(softmax([1e308, -1e308], 0.5), [1.0, 0.0])
    np.testing.assert_array_equal(softmax([[1e308, 0.0], [1e308, 0.0]], 1e-3), [[0.5, 0.5], [0.5, 0.5]])
    # The same through analyze: z = W^T x + b = b with W = 0.
    a = analyze(np.zeros((2, 2)), [1.0, 1.0], b=[1e308, 1e308], temperature=0.5)
    np.testing.assert_array_equal(a.probabilities, [0.5, 0.5])
    assert a.winners == (0, 1)
    # Not a tie: the rounding bound overflowed to inf here, and both classes were winners.
    with np.errstate(all="raise"):
        assert winners(np.zeros((2, 2)), [1.0, 1.0], b=[1e308, -1e308]) == (0,)


@SETTINGS
@given(logits_k, temperatures)
def test_softmax_with_temperature_is_softmax_of_the_scaled_logits(z, T):
    np.testing.assert_allclose(softmax(z, T), softmax(z / T), rtol=1e-9, atol=1e-300)


def test_defect6_identical_weights_give_identical_logits():
    # BLAS's matrix-vector kernels take rows in blocks (of 4 with AVX-512): for K >= 5 the row of
    # w_5 could differ in the last bit from that of an identical w_1, and the tie was broken.
    rng = np.random.default_rng(6)
    for k in range(5, 13):
        for i, j in itertools.combinations(range(k), 2):
            d = 2 + (i + j) % 2
            W = rng.normal(size=(d, k))
            W[:, j] = W[:, i]
            b = rng.normal(size=k)
            b[j] = b[i]
            # Near w_i, so classes i and j usually lead together.
            x = 2.0 * W[:, i] + 0.1 * rng.normal(size=d)
            X = np.column_stack([x, rng.normal(size=(d, 15))])
            z, Z = logits(W, x, b), logits(W, X, b)
            assert z[i] == z[j], (k, i, j)
            np.testing.assert_array_equal(Z[i], Z[j])
            assert cosines(W, x)[i] == cosines(W, x)[j]
            np.testing.assert_array_equal(cosines(W, X)[i], cosines(W, X)[j])
            # "A tie goes to the lower index": j can never be the prediction.
            assert analyze(W, x, b).predicted != j
            assert not np.any(analyze_batch(W, X, b).predicted == j)
            if d == 2:
                assert j not in decision_regions(W, b, (-3, 3, -3, 3), 12).classes


def _openblas_with_avx512() -> bool:
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    dynamic = "DYNAMIC_ARCH" in str(blas.get("openblas configuration", ""))
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "openblas" in str(blas.get("name", "")).lower() and dynamic and " avx512f" in flags


@pytest.mark.skipif(not _openblas_with_avx512(), reason="needs OpenBLAS (DYNAMIC_ARCH) on an AVX-512 CPU")
def test_defect6_ties_hold_under_the_blas_kernels_that_round_rows_apart():
    # The environment may pin OpenBLAS to other kernels (under which the BLAS rows happen to
    # agree); the audit's machine ran the SkylakeX ones, which do not. Rerun the tie tests there.
    tests = [
        "tests/test_core.py::test_defect6_identical_weights_give_identical_logits",
        "tests/test_margins.py::test_defect6_identical_weights_tie_in_the_margin_logits_and_regions",
    ]
    env = {**os.environ, "OPENBLAS_CORETYPE": "SkylakeX"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@SETTINGS
@given(matrices_2x3, matrices_2x5)
def test_column_dots_is_the_matrix_product(W, X):
    scale = np.abs(W).max() * np.abs(X).max()
    np.testing.assert_allclose(column_dots(W, X), W.T @ X, rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(column_dots(W, X[:, 0]), W.T @ X[:, 0], rtol=1e-12, atol=1e-12 * scale)


def _borders(W, b, extent):
    return [(s.i, s.j, *s.start, *s.end) for s in region_borders(W, b, extent)]


def test_defect7_tiny_weights_with_unit_biases_keep_their_borders():
    # Equal biases cancel in every z_i - z_j, so 1e-16 W with b = 1 has the borders of W alone:
    # the three rays at 60, 180 and 300 degrees. An absolute 1e-15 test (after scaling by
    # max(|W|, |b|) = 1) called every third class parallel and drew three whole lines instead.
    ang = np.radians([0, 120, 240])
    W = np.stack([np.cos(ang), np.sin(ang)])
    extent = (-2, 2, -2, 2)
    expected = _borders(W, None, extent)
    assert len(expected) == 3
    for tiny in (1e-16, 1e-30, 1e-170):
        np.testing.assert_allclose(_borders(tiny * W, np.ones(3), extent), expected, atol=1e-9)
    # Parallel weights, all on the x1 axis, t = 2^-53: z = 1 + t x1, 1 - t x1, 1 + 2t. Class 3 is
    # ahead by 2t (one ulp of 1) on the line x1 = 0 where 1 and 2 tie, so that line is no border;
    # 3 meets 1 at x1 = 2 and 2 at x1 = -2.
    t = 2.0**-53
    W_axis = t * np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 0.0]])
    borders = region_borders(W_axis, [1.0, 1.0, 1.0 + 2 * t], extent)
    assert sorted((s.i, s.j, s.start[0], s.end[0]) for s in borders) == [(0, 2, 2.0, 2.0), (1, 2, -2.0, -2.0)]


@SETTINGS
@given(matrices_2x3, st.sampled_from([2.0**-30, 2.0**-53, 2.0**-330]))
def test_defect7_borders_ignore_a_common_scale_and_bias(W, tiny):
    # z' = tiny z + 1 orders the classes as z does, so its borders are the ties of z. Powers of
    # two scale W exactly (2^-53 = 1.1e-16), as long as nothing underflows.
    assume(np.all((W == 0) | (np.abs(W) > 1e-200)))
    extent = (-3, 3, -3, 3)
    borders = region_borders(tiny * W, np.ones(3), extent)
    length = sum(math.dist(s.start, s.end) for s in borders)
    assert length == pytest.approx(sum(math.dist(s.start, s.end) for s in region_borders(W, None, extent)))
    for seg in borders:
        mid = (np.array(seg.start) + np.array(seg.end)) / 2
        z = logits(W, mid)
        scale = max(1.0, np.abs(z).max())
        assert z[seg.i] == pytest.approx(z[seg.j], abs=1e-7 * scale)
        assert z[seg.i] >= z.max() - 1e-7 * scale


def test_borders_of_three_classes_tied_along_a_line_are_kept():
    # w3 = (w1 + w2) / 2 with no bias: z3 = (z1 + z2) / 2 ties z1 and z2 on the whole line x1 = 0,
    # so along it the top two still tie (all three do): the border must not vanish to rounding.
    W = np.array([[1.0, -1.0, 0.0], [0.3, 0.3, 0.3]])
    borders = region_borders(W, None, (-2, 2, -2, 2))
    assert borders
    for seg in borders:
        assert seg.start[0] == pytest.approx(0.0, abs=1e-12) and seg.end[0] == pytest.approx(0.0, abs=1e-12)


# --- borders for a normalised sample (issue 10, defect 4) ------------------------------------------


def _colour(W, b, phi):
    """The class decision_regions paints in direction ``phi``: a one-cell grid centred on u(phi)."""
    x, y, eps = math.cos(phi), math.sin(phi), 1e-9
    regions = decision_regions(W, b, (x - eps, x + eps, y - eps, y + eps), 1, normalize_x=True)
    return int(regions.classes[0, 0])


def test_border_directions_hand_worked_45_degrees():
    # w1 = (1, 0), w2 = (0, 1), no bias: z1 - z2 = cos(phi) - sin(phi) = 0 at 45 and -135 degrees;
    # with two classes both halves of the diagonal are borders.
    rays = border_directions([[1.0, 0.0], [0.0, 1.0]], None)
    np.testing.assert_allclose(rays.phi, [-3 * math.pi / 4, math.pi / 4], rtol=0, atol=1e-15)
    assert rays.i.tolist() == [0, 0] and rays.j.tolist() == [1, 1]
    # A third class w3 = (-1, -1) wins around -135 degrees (z3 = sqrt 2 > z1 = z2 = -1/sqrt 2) and
    # hides that ray; the 45-degree one stays.
    rays = border_directions([[1.0, 0.0, -1.0], [0.0, 1.0, -1.0]], None)
    pair = rays.phi[(rays.i == 0) & (rays.j == 1)]
    np.testing.assert_allclose(pair, [math.pi / 4], rtol=0, atol=1e-15)


def test_border_directions_hand_worked_bias_moves_the_ray():
    # b1 - b2 = 0.5: cos(phi) - sin(phi) = -0.5. Squared, 1 - sin(2 phi) = 1/4, so sin(2 phi) = 3/4
    # and the roots with sin(phi) - cos(phi) = +0.5 (not -0.5) are (pi - asin(3/4)) / 2 = 65.7
    # degrees and asin(3/4) / 2 - pi = -155.7 degrees.
    rays = border_directions([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.0])
    expected = [math.asin(0.75) / 2 - math.pi, (math.pi - math.asin(0.75)) / 2]
    np.testing.assert_allclose(rays.phi, expected, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.cos(rays.phi) - np.sin(rays.phi), -0.5, rtol=0, atol=1e-15)
    # The two tie there and nowhere else: class 1 (the lower z1 side) wins between the rays.
    assert _colour([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.0], math.radians(100)) == 1
    assert _colour([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.0], math.radians(0)) == 0


def test_border_directions_singular_cases():
    # Equal weights (a zero row): z1 - z2 is the constant b1 - b2, no direction changes the winner.
    assert border_directions([[1.0, 1.0], [2.0, 2.0]], [0.0, 0.3]).phi.size == 0
    assert border_directions([[1.0, 1.0], [2.0, 2.0]], None).phi.size == 0
    assert border_directions(np.zeros((2, 3)), [1.0, 2.0, 3.0]).phi.size == 0
    # No solution: z2 = 2 beats z1 = cos(phi) everywhere.
    assert border_directions([[1.0, 0.0], [0.0, 0.0]], [0.0, 2.0]).phi.size == 0
    # A double root: z2 = 1 ties z1 = cos(phi) at phi = 0 only; class 2 wins on both sides.
    assert border_directions([[1.0, 0.0], [0.0, 0.0]], [0.0, 1.0]).phi.size == 0
    # One class: nothing to border.
    assert border_directions([[1.0], [0.0]], None).phi.size == 0
    # Three classes tying in one direction keep the ray: z1 = cos, z2 = -cos, z3 = 0 all tie at
    # +-90 degrees, where 1 and 2 trade places (3 never wins alone).
    rays = border_directions([[1.0, -1.0, 0.0], [0.0, 0.0, 0.0]], None)
    np.testing.assert_allclose(np.unique(np.round(np.abs(rays.phi), 12)), [math.pi / 2])
    assert {(int(i), int(j)) for i, j in zip(rays.i, rays.j, strict=True)} >= {(0, 1)}
    with pytest.raises(ValueError):
        border_directions(np.zeros((3, 2)), None)


def test_border_directions_ignore_a_common_scale_and_bias():
    # z' = t z + 1 orders the classes as z does (t a power of two, so nothing rounds but the
    # biases' sum): the rays of 1e-16 weights with biases 1 + 1e-16 b are those of (W, b).
    W = np.array([[2.0, -1.0, 0.0], [0.0, 1.0, -2.0]])
    b = np.array([0.0, 1.0, -1.0])
    t = 2.0**-52
    expected = border_directions(W, b)
    assert expected.phi.size == 3
    scaled = border_directions(t * W, 1.0 + t * b)
    np.testing.assert_allclose(scaled.phi, expected.phi, rtol=0, atol=1e-12)
    huge = border_directions(1e300 * W, 1e300 * b)
    np.testing.assert_allclose(huge.phi, expected.phi, rtol=0, atol=1e-12)


def _gaps(phi):
    """Angular gaps between consecutive distinct directions, around the circle."""
    p = np.unique(np.round(np.sort(phi), 12))
    return np.diff(np.append(p, p[0] + 2 * math.pi)) if p.size else np.array([2 * math.pi])


def _circle_colours(W, b, resolution=500):
    """Directions and colours of the outer ring of cells of a decision_regions image, sorted by
    direction: a walk around the circle, about 2 pi / (4 resolution) a step."""
    regions = decision_regions(W, b, (-1, 1, -1, 1), resolution, normalize_x=True)
    gx, gy = np.meshgrid(regions.xs, regions.ys)
    ring = np.zeros(regions.classes.shape, dtype=bool)
    ring[[0, -1], :] = ring[:, [0, -1]] = True
    phi = np.arctan2(gy[ring], gx[ring])
    order = np.argsort(phi)
    return phi[order], regions.classes[ring][order]


def test_defect4_colours_differ_across_every_ray_and_change_only_at_rays():
    # Brute force against decision_regions with normalize_x: on random scenes (K = 2..5, biases of
    # either sign), the colour on the two sides of every ray differs, and walking around the
    # circle the colour changes only between two steps that hold a ray, once per ray.
    rng = np.random.default_rng(4)
    checked = 0
    for _ in range(60):
        k = int(rng.integers(2, 6))
        W = rng.normal(size=(2, k))
        b = rng.normal(scale=1.5, size=k)
        rays = border_directions(W, b)
        if rays.phi.size and _gaps(rays.phi).min() < 0.05:
            continue  # a wedge thinner than a few of the walk's steps: the walk cannot see it
        checked += 1
        for phi in rays.phi:
            assert _colour(W, b, phi - 1e-7) != _colour(W, b, phi + 1e-7)
        phis, colours = _circle_colours(W, b)
        changes = np.flatnonzero(colours != np.roll(colours, 1))
        for n in changes:
            lo, hi = phis[n - 1], phis[n]
            between = (rays.phi - lo) % (2 * math.pi) < (hi - lo) % (2 * math.pi)
            assert between.any(), (W, b, lo, hi)
        assert len(changes) == len({round(float(p), 12) for p in rays.phi})
    assert checked >= 40


def test_wedge_borders_run_from_the_origin_to_the_edge():
    extent = (-4.0, 4.0, -4.0, 4.0)
    borders = wedge_borders([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.0], extent)
    assert [(s.i, s.j) for s in borders] == [(0, 1), (0, 1)]
    for seg, phi in zip(borders, border_directions([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.0]).phi, strict=True):
        assert seg.start == (0.0, 0.0)
        assert max(abs(seg.end[0]), abs(seg.end[1])) == 4.0  # exactly on the edge
        assert math.atan2(seg.end[1], seg.end[0]) == pytest.approx(phi, abs=1e-15)
    # A box that does not hold the origin: the ray enters it and leaves it.
    (seg,) = wedge_borders([[1.0, 0.0], [0.0, 1.0]], None, (1.0, 2.0, 0.0, 3.0))
    assert seg.start == pytest.approx((1.0, 1.0)) and seg.end == pytest.approx((2.0, 2.0))
    assert seg.start[0] == 1.0 and seg.end[0] == 2.0
    assert wedge_borders([[1.0, 0.0], [0.0, 1.0]], None, (1.0, 2.0, -3.0, -1.0)) == []
