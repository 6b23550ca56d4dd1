import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from softmaxviz.core import analyze, logits, safe_norms
from softmaxviz.space import (
    BorderPolygon,
    SphereRegions,
    border_polygons,
    cartesian,
    great_arc,
    sphere_points,
    sphere_regions,
    spherical,
)

SETTINGS = settings(max_examples=40, deadline=None)
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
matrices_3x3 = arrays(float, (3, 3), elements=finite)
matrices_3x4 = arrays(float, (3, 4), elements=finite)
vectors_3 = arrays(float, 3, elements=finite)
nonzero_vectors_3 = vectors_3.filter(lambda v: safe_norms(v) > 1e-9)
biases_3 = arrays(float, 3, elements=st.floats(-10, 10))
biases_4 = arrays(float, 4, elements=st.floats(-10, 10))
radii = st.floats(0.1, 10)
half_sizes = st.floats(0.5, 5)
temperatures = st.floats(0.05, 20)
azimuths = st.floats(-math.pi, math.pi, exclude_min=True)
elevations = st.floats(-math.pi / 2, math.pi / 2)
lengths = st.floats(1e-3, 1e3)


def _pair(polygons, i, j):
    found = [p for p in polygons if (p.i, p.j) == (i, j)]
    assert len(found) <= 1
    return found[0] if found else None


def _as_set(vertices):
    return sorted(tuple(np.round(p, 9) + 0.0) for p in vertices)


def _check_polygon(W, b, poly: BorderPolygon, h: float):
    """Vertices in the cube, on the plane of (i, j), tied at the top, and in convex order."""
    V = poly.vertices
    assert V.ndim == 2 and V.shape[1] == 3 and len(V) >= 3
    assert np.isfinite(V).all()
    assert np.all(np.abs(V) <= h * (1 + 1e-9))
    scale = max(3 * h * np.abs(W).max() + np.abs(b).max(), 1e-300)
    Z = logits(W, V.T, b)  # (K, M)
    np.testing.assert_allclose(Z[poly.i], Z[poly.j], rtol=0, atol=1e-9 * scale)
    assert np.all(Z[poly.i] >= Z.max(axis=0) - 1e-9 * scale)
    # Convex and ordered: every turn goes the same way around the plane's normal.
    normal = W[:, poly.i] - W[:, poly.j]
    normal = normal / np.abs(normal).max()  # a subnormal difference would square to 0
    edges = np.roll(V, -1, axis=0) - V
    turns = np.cross(edges, np.roll(edges, -1, axis=0)) @ normal
    assert np.all(turns > 0) or np.all(turns < 0)


def _inside(V, normal, q, h):
    """q lies in the convex polygon V (on the same plane) up to rounding."""
    edges = np.roll(V, -1, axis=0) - V
    side = np.cross(edges, q - V) @ normal
    tol = 1e-9 * h * h * np.linalg.norm(normal)
    return bool(np.all(side >= -tol) or np.all(side <= tol))


# --- hand-worked values --------------------------------------------------------


def test_sphere_points_hand_worked():
    # n = 4: h_i = (2i + 1) / 4 = 0.25, 0.75, 1.25, 1.75, so z = 1 - h = 0.75, 0.25, -0.25, -0.75 and
    # r = sqrt(h (2 - h)) = sqrt(0.4375) = 0.6614378, sqrt(0.9375) = 0.9682458, ...
    # Azimuth i * pi (3 - sqrt 5) = i * 2.3999632: point 0 = (0.6614378, 0, 0.75); point 1 =
    # 0.9682458 (cos 2.3999632, sin 2.3999632) = 0.9682458 (-0.7373689, 0.6754903) = (-0.7139544, 0.6540407).
    P = sphere_points(4)
    assert P.shape == (3, 4)
    np.testing.assert_allclose(P[2], [0.75, 0.25, -0.25, -0.75])
    np.testing.assert_allclose(P[:, 0], [0.6614378, 0.0, 0.75], atol=1e-7)
    np.testing.assert_allclose(P[:, 1], [-0.7139544, 0.6540407, 0.25], atol=1e-7)
    np.testing.assert_array_equal(sphere_points(4), P)  # deterministic
    np.testing.assert_allclose(sphere_points(1), [[1.0], [0.0], [0.0]], atol=1e-15)  # z = 1 - 1 = 0


def test_sphere_points_are_unit_and_nearly_uniform():
    n = 600
    P = sphere_points(n)
    np.testing.assert_allclose(np.linalg.norm(P, axis=0), 1.0, atol=1e-15)
    # Uniform points have their centroid at the origin and n / 8 in each octant.
    assert np.linalg.norm(P.mean(axis=1)) < 1e-2
    octant = (P[0] > 0) * 4 + (P[1] > 0) * 2 + (P[2] > 0)
    counts = np.bincount(octant, minlength=8)
    assert counts.min() > 0.85 * n / 8 and counts.max() < 1.15 * n / 8
    # Each point owns about 4 pi / n of area: neighbours are about sqrt(4 pi / n) = 0.1447 apart,
    # never clumped and never with holes.
    D = np.linalg.norm(P[:, :, None] - P[:, None, :], axis=0) + 10 * np.eye(n)
    nearest = D.min(axis=1)
    spacing = math.sqrt(4 * math.pi / n)
    assert nearest.min() > 0.5 * spacing and nearest.max() < 1.5 * spacing


def test_sphere_regions_hand_worked():
    # W = I, b = 0, radius 2, n = 4: point 0 = 2 (0.6614378, 0, 0.75) = (1.3228757, 0, 1.5) = z.
    # Class 2 wins (1.5 > 1.3228757); p = e^1.5 / (e^1.3228757 + e^0 + e^1.5)
    # = 4.4816891 / (3.7542017 + 1 + 4.4816891) = 4.4816891 / 9.2358908 = 0.4852471.
    r = sphere_regions(np.eye(3), None, 2.0, 4)
    assert isinstance(r, SphereRegions)
    assert r.points.shape == (3, 4) and r.classes.shape == (4,) and r.probabilities.shape == (4,)
    np.testing.assert_allclose(r.points, 2.0 * sphere_points(4))
    # With W = I the winner is the largest coordinate of each point (see sphere_points above).
    np.testing.assert_array_equal(r.classes, np.argmax(r.points, axis=0))
    assert r.classes[0] == 2 and r.classes[1] == 1
    assert r.probabilities[0] == pytest.approx(0.4852471, abs=1e-7)
    # Temperature flattens the probabilities but never moves a region.
    hot = sphere_regions(np.eye(3), None, 2.0, 4, temperature=5.0)
    np.testing.assert_array_equal(hot.classes, r.classes)
    assert np.all(hot.probabilities < r.probabilities) and np.all(hot.probabilities > 1 / 3)


def test_sphere_regions_bias_depends_on_radius():
    # w1 = (1, 0, 0), w2 = 0 with b2 = 1: class 1 wins only where radius * x > 1. On the unit sphere
    # never (x <= 1); on a sphere of radius 4 wherever x > 1/4.
    W = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    small = sphere_regions(W, [0.0, 1.0], 1.0, 200)
    assert np.all(small.classes == 1)
    big = sphere_regions(W, [0.0, 1.0], 4.0, 200)
    np.testing.assert_array_equal(big.classes == 0, big.points[0] > 1.0)


def test_sphere_regions_rejects_bad_arguments():
    for radius in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(ValueError, match="radius"):
            sphere_regions(np.eye(3), None, radius, 10)
    with pytest.raises(ValueError, match=r"\(3, K\)"):
        sphere_regions(np.eye(2), None, 1.0, 10)
    with pytest.raises(ValueError, match="n must"):
        sphere_points(0)


def test_axis_weights_give_three_quarter_planes():
    # w1 = (1,0,0), w2 = (0,1,0), w3 = (0,0,1), b = 0, so z = (x, y, z): the border of 1 and 2 is
    # x = y >= z. In the cube |.| <= 1, on x = y, this is the triangle of (x, z) with x >= z:
    # corners (x, z) = (1, 1), (1, -1), (-1, -1), i.e. (1,1,1), (1,1,-1), (-1,-1,-1). Same for the
    # other pairs by symmetry.
    W = np.eye(3)
    polys = border_polygons(W, None, 1.0)
    assert [(p.i, p.j) for p in polys] == [(0, 1), (0, 2), (1, 2)]
    assert _as_set(_pair(polys, 0, 1).vertices) == _as_set([[1, 1, 1], [1, 1, -1], [-1, -1, -1]])
    assert _as_set(_pair(polys, 0, 2).vertices) == _as_set([[1, 1, 1], [1, -1, 1], [-1, -1, -1]])
    assert _as_set(_pair(polys, 1, 2).vertices) == _as_set([[1, 1, 1], [-1, 1, 1], [-1, -1, -1]])
    for p in polys:
        _check_polygon(W, np.zeros(3), p, 1.0)


def test_bias_case_border_is_the_whole_square():
    # w1 = (1,0,0), w2 = (-1,0,0), w3 = 0, b = (0, 0, -10), cube |.| <= 2: z = (x, -x, -10).
    # Class 3 never wins (|x| <= 2 > -10), so the border of 1 and 2 is all of x = 0 in the cube:
    # the square with corners y, z = +-2. Borders 1|3 (x = -10) and 2|3 (x = 10) miss the cube.
    W = np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    b = np.array([0.0, 0.0, -10.0])
    (poly,) = border_polygons(W, b, 2.0)
    assert (poly.i, poly.j) == (0, 1)
    assert poly.vertices.shape == (4, 3)
    assert _as_set(poly.vertices) == _as_set([[0, y, z] for y in (-2, 2) for z in (-2, 2)])
    _check_polygon(W, b, poly, 2.0)


def test_dominant_third_class_hides_the_border():
    # Same weights with b3 = 1: z = (x, -x, 1). On x = 0 classes 1 and 2 tie at 0 < 1 = z3, so
    # their plane is never a top-two tie and has no polygon. Class 3 owns the slab |x| < 1 and the
    # borders are its faces: 1|3 at x = 1 (z1 = 1 >= z2 = -1), 2|3 at x = -1.
    W = np.array([[1.0, -1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    b = np.array([0.0, 0.0, 1.0])
    polys = border_polygons(W, b, 2.0)
    assert _pair(polys, 0, 1) is None
    np.testing.assert_allclose(_pair(polys, 0, 2).vertices[:, 0], 1.0)
    np.testing.assert_allclose(_pair(polys, 1, 2).vertices[:, 0], -1.0)
    for p in polys:
        assert len(p.vertices) == 4
        _check_polygon(W, b, p, 2.0)
    # A bias of 10 on z3 = z makes class 3 win the whole cube |.| <= 1 (z3 >= 9 > 1): no borders.
    assert border_polygons(np.eye(3), [0.0, 0.0, 10.0], 1.0) == []


def test_plane_outside_cube_is_dropped():
    # w1 = (1,0,0), w2 = (-1,0,0), b = (10, 0): 2x + 10 = 0 at x = -5, outside |.| <= 2.
    W = np.array([[1.0, -1.0], [0.0, 0.0], [0.0, 0.0]])
    assert border_polygons(W, [10.0, 0.0], 2.0) == []
    assert len(border_polygons(W, [10.0, 0.0], 6.0)) == 1


def test_tilted_plane_through_the_cube():
    # Two classes: w1 - w2 = (1, 1, 1), b = 0, so the border is x + y + z = 0, which cuts the cube
    # |.| <= 1 in a regular hexagon with corners the permutations of (1, -1, 0).
    W = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    (poly,) = border_polygons(W, None, 1.0)
    expected = [p for p in np.array(list(np.ndindex(3, 3, 3))) - 1 if p.sum() == 0 and np.abs(p).sum() == 2]
    assert len(expected) == 6
    assert _as_set(poly.vertices) == _as_set(expected)
    _check_polygon(W, np.zeros(2), poly, 1.0)


def test_plane_cutting_a_corner_is_kept():
    # Two classes with w1 - w2 = (1, 1, 1), b1 - b2 = -2.5: the plane x + y + z = 2.5 lies
    # 2.5 / sqrt 3 = 1.443 from the origin, beyond the faces (1) but short of the corner (sqrt 3 = 1.732)
    # of the cube |.| <= 1. It cuts off the corner (1, 1, 1) in the triangle where one coordinate is
    # 2.5 - 1 - 1 = 0.5: (0.5, 1, 1), (1, 0.5, 1), (1, 1, 0.5).
    W = np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    (poly,) = border_polygons(W, [-2.5, 0.0], 1.0)
    assert _as_set(poly.vertices) == _as_set([[0.5, 1, 1], [1, 0.5, 1], [1, 1, 0.5]])
    _check_polygon(W, np.array([-2.5, 0.0]), poly, 1.0)
    # Past the corner (x + y + z = 3.1 > 3) the plane misses the cube.
    assert border_polygons(W, [-3.1, 0.0], 1.0) == []


# --- great arcs and spherical coordinates --------------------------------------


def test_great_arc_hand_worked():
    # Quarter circle from x to y at radius 2: the middle point is 2 (cos 45, sin 45, 0) = (sqrt 2, sqrt 2, 0).
    arc = great_arc([1.0, 0.0, 0.0], [0.0, 5.0, 0.0], 2.0, 3)
    np.testing.assert_allclose(arc, [[2, math.sqrt(2), 0], [0, math.sqrt(2), 2], [0, 0, 0]], atol=1e-15)
    assert great_arc([1, 2, 3], [3, 2, 1], 1.0).shape == (3, 32)


def test_great_arc_parallel_and_antiparallel():
    # Parallel: the arc has length 0, every point is radius * u^ = 3 (0.6, 0, 0.8).
    arc = great_arc([3.0, 0.0, 4.0], [6.0, 0.0, 8.0], 3.0, 5)
    np.testing.assert_allclose(arc, np.tile([[1.8], [0.0], [2.4]], 5), atol=1e-15)
    # Antiparallel: any half great circle will do; it starts at u^, ends at -u^, stays on the sphere
    # and passes through a point orthogonal to u (90 degrees in the middle).
    u = np.array([1.0, 2.0, 2.0])
    arc = great_arc(u, -u, 3.0, 5)
    np.testing.assert_allclose(arc[:, 0], u, atol=1e-14)
    np.testing.assert_allclose(arc[:, -1], -u, atol=1e-14)
    np.testing.assert_allclose(np.linalg.norm(arc, axis=0), 3.0)
    assert arc[:, 2] @ u == pytest.approx(0.0, abs=1e-14)


def test_great_arc_stays_on_the_sphere_near_antiparallel():
    # v = -u + (0, e, e/3): u^ and v^ are pi - O(e) apart, so w = v^ - (u^.v^) u^ has length O(e) and
    # one Gram-Schmidt pass leaves it tilted towards u^ by eps / e (1e-5 off the sphere at e = 1e-11).
    u = np.array([1.0, 0.3, -0.2])
    for e in (1e-5, 1e-8, 1e-11):
        v = -u + np.array([0.0, e, e / 3])
        arc = great_arc(u, v, 1.0, 9)
        np.testing.assert_allclose(np.linalg.norm(arc, axis=0), 1.0, rtol=0, atol=1e-14)
        np.testing.assert_allclose(arc[:, -1], v / np.linalg.norm(v), rtol=0, atol=1e-14)


def test_great_arc_rejects_zero_vectors_and_bad_arguments():
    with pytest.raises(ValueError, match="zero"):
        great_arc([0.0, 0.0, 0.0], [1.0, 0.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="zero"):
        great_arc([1.0, 0.0, 0.0], [0.0, 0.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="radius"):
        great_arc([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="n must"):
        great_arc([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 1.0, 1)


def test_spherical_hand_worked():
    # (1, 1, sqrt 2): azimuth atan2(1, 1) = pi/4, elevation atan2(sqrt 2, hypot(1, 1) = sqrt 2) = pi/4,
    # length sqrt(1 + 1 + 2) = 2.
    az, el, length = spherical([1.0, 1.0, math.sqrt(2)])
    assert (az, el, length) == pytest.approx((math.pi / 4, math.pi / 4, 2.0))
    # The negative x axis has azimuth pi, not -pi, even when y is -0.0.
    assert spherical([-1.0, -0.0, 0.0]) == (math.pi, 0.0, 1.0)
    # Straight down: elevation -pi/2, azimuth 0 by convention.
    assert spherical([0.0, 0.0, -3.0]) == pytest.approx((0.0, -math.pi / 2, 3.0))
    # The zero vector, also with signed zeros, is (0, 0, 0).
    assert spherical([0.0, 0.0, 0.0]) == (0.0, 0.0, 0.0)
    assert spherical([-0.0, -0.0, -0.0]) == (0.0, 0.0, 0.0)
    assert all(isinstance(a, float) for a in spherical([1.0, 2.0, 3.0]))


def test_cartesian_hand_worked_and_vectorised():
    # azimuth pi/2, elevation pi/4, length 2: 2 (cos 45 cos 90, cos 45 sin 90, sin 45) = (0, sqrt 2, sqrt 2).
    np.testing.assert_allclose(
        cartesian(math.pi / 2, math.pi / 4, 2.0), [0, math.sqrt(2), math.sqrt(2)], atol=1e-15
    )
    V = np.array([[1.0, 0.0, -2.0], [0.0, 3.0, 0.0], [0.0, 0.0, 1.0]])
    az, el, length = spherical(V)
    assert az.shape == el.shape == length.shape == (3,)
    np.testing.assert_allclose(cartesian(az, el, length), V, atol=1e-15)
    with pytest.raises(ValueError, match="length"):
        cartesian(0.0, 0.0, -1.0)


# --- edge cases ----------------------------------------------------------------


def test_equal_weights_have_no_polygon():
    W = np.array([[1.0, 1.0, -1.0], [2.0, 2.0, 0.0], [0.5, 0.5, 1.0]])
    polys = border_polygons(W, [0.0, 1.0, 0.0], 3.0)
    assert _pair(polys, 0, 1) is None
    assert border_polygons(W[:, :2], None, 3.0) == []
    assert border_polygons(W[:, :1], None, 3.0) == []  # one class: nothing to border


def test_huge_values_stay_finite():
    # Scaling W and b together moves no plane: 1e6 times the quarter-plane case gives the same polygons.
    polys = border_polygons(1e6 * np.eye(3), None, 1.0)
    small = border_polygons(np.eye(3), None, 1.0)
    assert len(polys) == 3
    for p, q in zip(polys, small, strict=True):
        assert np.isfinite(p.vertices).all()
        np.testing.assert_allclose(p.vertices, q.vertices, atol=1e-12)
    W = np.array([[1e6, -1e6, 0.0], [0.0, 1e6, -1e6], [1e6, 0.0, 1e6]])
    b = np.array([1e6, 0.0, -1e6])
    for p in border_polygons(W, b, 2.0):
        _check_polygon(W, b, p, 2.0)
    r = sphere_regions(W, b, 1e6, 50)
    assert np.isfinite(r.probabilities).all()
    assert np.isfinite(great_arc([1e300, 0.0, 0.0], [0.0, 1e300, 1e300], 1e6)).all()
    assert spherical([1e200, 1e200, 0.0])[2] == pytest.approx(math.sqrt(2) * 1e200)


def test_border_polygons_rejects_bad_arguments():
    with pytest.raises(ValueError, match="half_size"):
        border_polygons(np.eye(3), None, 0.0)
    with pytest.raises(ValueError, match="b must"):
        border_polygons(np.eye(3), [0.0], 1.0)
    with pytest.raises(ValueError, match=r"\(3, K\)"):
        border_polygons(np.eye(2), None, 1.0)


# --- properties ----------------------------------------------------------------


@SETTINGS
@given(matrices_3x3, biases_3, radii, temperatures)
def test_sphere_region_at_point_equals_analyze(W, b, radius, T):
    r = sphere_regions(W, b, radius, 40, temperature=T)
    np.testing.assert_allclose(np.linalg.norm(r.points, axis=0), radius)
    assert np.all((r.probabilities >= 1 / 3 - 1e-12) & (r.probabilities <= 1))
    for m in (0, 7, 19, 33, 39):
        a = analyze(W, r.points[:, m], b, T)
        assert r.classes[m] == a.predicted
        assert r.probabilities[m] == pytest.approx(a.probabilities[a.predicted])


@SETTINGS
@given(st.one_of(st.tuples(matrices_3x3, biases_3), st.tuples(matrices_3x4, biases_4)), half_sizes)
def test_polygon_vertices_are_top_two_ties_in_the_cube(Wb, h):
    W, b = Wb
    polys = border_polygons(W, b, h)
    pairs = [(p.i, p.j) for p in polys]
    assert pairs == sorted(set(pairs)) and all(i < j for i, j in pairs)
    for p in polys:
        _check_polygon(W, b, p, h)


@SETTINGS
@given(st.one_of(st.tuples(matrices_3x3, biases_3), st.tuples(matrices_3x4, biases_4)), half_sizes)
def test_every_clear_top_two_tie_in_the_cube_is_covered(Wb, h):
    # Sample each plane; a point well inside the cube where i and j beat every other class clearly
    # must lie in the polygon of (i, j).
    W, b = Wb
    polys = border_polygons(W, b, h)
    k = W.shape[1]
    scale = max(3 * h * np.abs(W).max() + np.abs(b).max(), 1e-300)
    grid = np.linspace(-2 * h, 2 * h, 9)
    for i in range(k):
        for j in range(i + 1, k):
            a, c = W[:, i] - W[:, j], b[i] - b[j]
            a_norm = safe_norms(a)
            # Nearly parallel weights (or a plane far outside the cube) leave nothing to sample.
            if a_norm <= 1e-6 * np.abs(W).max() or abs(c) > 2 * h * a_norm:
                continue
            p0 = -(c / a_norm) * (a / a_norm)
            u, v = np.linalg.svd((a / a_norm)[None, :])[2][1:]
            Q = p0[:, None] + np.outer(u, grid).repeat(9, axis=1) + np.tile(np.outer(v, grid), 9)
            Z = logits(W, Q, b)
            others = np.delete(Z, [i, j], axis=0)
            lead = Z[i] - (others.max(axis=0) if len(others) else -np.inf)
            clear = (np.abs(Q).max(axis=0) <= h * (1 - 1e-3)) & (lead >= 1e-4 * scale)
            if not clear.any():
                continue
            poly = _pair(polys, i, j)
            assert poly is not None
            for q in Q[:, clear].T:
                assert _inside(poly.vertices, a / a_norm, q, h)


@SETTINGS
@given(vectors_3)
def test_spherical_then_cartesian_is_identity(v):
    back = cartesian(*spherical(v))
    np.testing.assert_allclose(back, v, rtol=0, atol=1e-12 * max(1.0, np.abs(v).max()))


@SETTINGS
@given(azimuths, elevations, lengths)
def test_cartesian_then_spherical_is_identity(az, el, length):
    az2, el2, length2 = spherical(cartesian(az, el, length))
    assert -math.pi < az2 <= math.pi and -math.pi / 2 <= el2 <= math.pi / 2
    assert length2 == pytest.approx(length, rel=1e-12)
    assert el2 == pytest.approx(el, abs=1e-12)
    # At the poles the azimuth is undefined; elsewhere it comes back (up to the seam at +-pi).
    if abs(el) < math.pi / 2 - 1e-3:
        assert math.remainder(az2 - az, 2 * math.pi) == pytest.approx(0.0, abs=1e-11)


@SETTINGS
@given(nonzero_vectors_3, nonzero_vectors_3, radii, st.integers(2, 40))
def test_great_arc_ends_at_both_directions_on_the_sphere(u, v, radius, n):
    arc = great_arc(u, v, radius, n)
    assert arc.shape == (3, n)
    uh, vh = u / safe_norms(u), v / safe_norms(v)
    np.testing.assert_allclose(arc[:, 0], radius * uh, rtol=0, atol=1e-9 * radius)
    np.testing.assert_allclose(arc[:, -1], radius * vh, rtol=0, atol=1e-9 * radius)
    np.testing.assert_allclose(np.linalg.norm(arc, axis=0), radius, rtol=1e-12)
    # The shorter arc in equal steps: consecutive chords are equal and total at most half a circle.
    chords = np.linalg.norm(np.diff(arc, axis=1), axis=0)
    np.testing.assert_allclose(chords, chords[0], rtol=0, atol=1e-9 * radius)
    step = 2 * np.arcsin(min(1.0, chords[0] / (2 * radius)))
    assert step * (n - 1) <= math.pi + 1e-9


# --- issue 10, defect 7 in 3D: biases of 1 against weights of 1e-16 -----------------------------------


def _polygon_area(V):
    """Area of the planar polygon V (M, 3) in order."""
    c = V - V.mean(axis=0)
    return 0.5 * float(np.linalg.norm(np.cross(c, np.roll(c, -1, axis=0)).sum(axis=0)))


def test_defect7_tiny_weights_with_unit_biases_keep_their_polygons():
    # z' = t z + 1 orders the classes as z = W0^T p + b0 does, so the polygons are those of
    # (W0, b0). t = 2^-52 keeps t W0 and 1 + t b0 exact; a power-of-two scaling keeps them exact,
    # and e . p0 + (b_i - b_m) keeps e . p0 ~ 1e-16 that (e . p0 + b_i) - b_m rounded away.
    W0 = np.array([[1.0, 0.0, 0.0, -1.0], [0.0, 1.0, 0.0, -1.0], [0.0, 0.0, 1.0, 0.5]])
    b0 = np.array([2.0, 0.0, 1.0, -1.0])
    t = 2.0**-52
    h = 3.0
    expected = border_polygons(W0, b0, h)
    assert len(expected) == 6
    for W, b in ((t * W0, 1.0 + t * b0), (t * W0, np.ones(4)), (2 * t * W0, 2.0 + 2 * t * b0)):
        reference = expected if b[0] != b[1] else border_polygons(W0, None, h)
        got = border_polygons(W, b, h)
        assert [(p.i, p.j) for p in got] == [(p.i, p.j) for p in reference]
        for p, q in zip(got, reference, strict=True):
            assert _as_set(p.vertices) == _as_set(q.vertices)


def test_defect7_three_classes_tied_on_a_plane_keep_the_whole_polygon():
    # w3 = (w1 + w2) / 2 with no bias: z3 = (z1 + z2) / 2 ties z1 and z2 on the whole plane
    # z1 = z2. Class 3's half-plane there is 0 + (rounding ~1e-17) s + (rounding) t >= 0, which an
    # absolute test clipped along a random line, halving the polygon; judged relative to |e| it is
    # parallel, and a tie does not hide the border.
    rng = np.random.default_rng(7)
    h = 2.0
    for _ in range(20):
        w1, w2 = rng.normal(size=3), rng.normal(size=3)
        (alone,) = border_polygons(np.column_stack([w1, w2]), None, h)
        polys = border_polygons(np.column_stack([w1, w2, (w1 + w2) / 2]), None, h)
        assert [(p.i, p.j) for p in polys] == [(0, 1), (0, 2), (1, 2)]
        for p in polys:
            assert _polygon_area(p.vertices) == pytest.approx(_polygon_area(alone.vertices), rel=1e-9)
