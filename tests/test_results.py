import math
from dataclasses import replace

import numpy as np
import pytest
from mpmath import mp

from softmaxviz import analyze, decision_regions, region_borders
from softmaxviz.results import (
    Note,
    drag_step,
    effective,
    explorer3d_results,
    explorer_results,
    fit_view,
    loss_against_scale,
    margin_notes,
    margin_results,
    matrix_results,
    no_margin_borders,
    outside_notes,
    plane_regions,
)
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
    assert dict(notes[0].args) == {"names": ("w1",)}
    assert dict(notes[1].args) == {"a": "w2", "b": "w3"}
    # Several vectors at the origin, all equal: one sentence each, in the plural.
    s = replace(Scene(), weights=((0.0, 0.0), (0.0, 0.0), (0.0, 0.0)))
    notes = explorer_results(s, resolution=8).notes
    assert [(n.key, dict(n.args)) for n in notes] == [
        ("msg.zero_ws", {"names": ("w1", "w2", "w3")}),
        ("msg.equal_ws", {"names": ("w1", "w2", "w3"), "first": "w1"}),
    ]
    s = replace(Scene(), weights=((1.0, 0.0), (0.0, 0.0), (1.0, 0.0)))
    notes = explorer_results(s, resolution=8).notes
    assert [(n.key, dict(n.args)) for n in notes] == [
        ("msg.zero_w", {"names": ("w2",)}),
        ("msg.equal_w", {"a": "w1", "b": "w3"}),
    ]
    assert "msg.outside" in keys(replace(Scene(), x=(10.0, 0.0)))
    # Two names take the plural ("w1, w3 lies outside the view", said a QA pass).
    far = replace(Scene(), weights=((9.0, 0.0), (0.4, 1.1), (-9.0, 0.0)))
    notes = explorer_results(far, resolution=8).notes
    assert [dict(n.args) for n in notes if n.key == "msg.outside_many"] == [{"names": ("w1", "w3")}]
    # z = (2.5e6, 1.5e6, -2.6e6): p2 and p3 are 0; p1 is 1.
    notes = explorer_results(replace(Scene(), x=(1e6, 1e6)), resolution=8).notes
    assert [dict(n.args) for n in notes if n.key == "msg.saturated_many"] == [{"names": ("p2", "p3")}]
    # z = (-1001, 2.2, -0.5), T = 1: only p1 is that small; p2 = 0.9370, p3 = 0.0630 are not 0 and 1.
    near = replace(Scene(), x=(0.0, 2.0), biases=(-1001.0, 0.0, 1.9))
    notes = explorer_results(near, resolution=8).notes
    said = [(n.key, dict(n.args)) for n in notes if "saturated" in n.key]
    assert said == [("msg.saturated", {"names": ("p1",)})]
    # At T = 2 the gap must pass 1400: 1003.2 does not.
    assert "msg.saturated" not in keys(replace(near, temperature=2.0))


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


def test_fit_view_of_a_batch_shows_every_sample():
    s = replace(Scene(), samples=((1.0, 1.0), (20.0, 0.0)))
    assert fit_view(s) == 3.0 and fit_view(s, batch=True) == 25.0


def test_outside_notes_name_the_handles_past_the_view():
    pts = {"w1": [2.5, 0.0], "x": [0.0, 5.0], "s2": [-9.0, 0.0], "s12": [0.0, 0.0]}
    assert outside_notes(pts, 10.0) == []
    assert outside_notes(pts, 4.0) == [Note("msg.outside_many", (("names", ("x", "x⁽²⁾")),))]
    assert outside_notes(pts, 6.0) == [Note("msg.outside", (("names", ("x⁽²⁾",)),))]
    two = replace(Scene(), samples=((1.0, 1.0), (20.0, 0.0)))
    assert matrix_results(two, resolution=8).notes == (Note("msg.outside", (("names", ("x⁽²⁾",)),)),)
    assert matrix_results(replace(two, dim=3), resolution=8).notes == ()


def test_a_zero_x_in_3d_draws_the_unit_sphere_and_says_so():
    # The caption says "the sphere of radius ‖x‖"; at x = 0 a unit sphere was drawn without a word.
    r = explorer3d_results(replace(Scene(), x3=(0.0, 0.0, 0.0)), n=50)
    np.testing.assert_allclose(np.linalg.norm(r.sphere.points, axis=0), 1.0)
    assert Note("msg.sphere_unit") in r.notes and Note("msg.zero_x") in r.notes
    # A radius set by hand is that radius, with no note; a nonzero x is its own radius.
    r = explorer3d_results(replace(Scene(), x3=(0.0, 0.0, 0.0), sphere_radius=2.0), n=50)
    np.testing.assert_allclose(np.linalg.norm(r.sphere.points, axis=0), 2.0)
    assert Note("msg.sphere_unit") not in r.notes
    r = explorer3d_results(replace(Scene(), x3=(0.0, 0.0, 0.5)), n=50)
    np.testing.assert_allclose(np.linalg.norm(r.sphere.points, axis=0), 0.5)
    assert Note("msg.sphere_unit") not in r.notes


def test_drag_step_is_about_a_pixel():
    assert drag_step(4.0) == pytest.approx(0.01)
    assert drag_step(100.0) == pytest.approx(1.0)
    assert drag_step(1e6) == pytest.approx(1e4)


def test_loss_against_scale_matches_margin_loss():
    from softmaxviz.margins import margin_loss

    for loss in ("normface", "cosface", "arcface", "combined"):
        scene = Scene().with_loss(loss)
        scales = np.array([0.5, 8.0, 64.0])
        expected = [margin_loss(scene.W, scene.xv, 0, loss, **{**scene.params, "s": s}) for s in scales]
        np.testing.assert_allclose(loss_against_scale(scene, scales), expected, rtol=1e-10)
    assert loss_against_scale(Scene().with_loss("sphereface"), np.array([1.0])) is None
    assert loss_against_scale(replace(Scene(), x=(0.0, 0.0)), np.array([1.0])) is None


def _mp_loss_against_scale(scene, s):
    """``L(s) = log1p(sum_{j != y} e^{z_j - z_y})`` at 50 digits from the papers' formulas, with the
    cosines computed in mpmath from the scene's float weights and sample."""
    p, y = scene.params, scene.label
    with mp.workdps(50):
        x = [mp.mpf(float(v)) for v in scene.xv]
        xn = mp.sqrt(mp.fsum(v * v for v in x))
        z = []
        for j in range(scene.W.shape[1]):
            w = [mp.mpf(float(v)) for v in scene.W[:, j]]
            c = mp.fsum(a * v for a, v in zip(w, x, strict=True)) / (mp.sqrt(mp.fsum(a * a for a in w)) * xn)
            if j != y or scene.loss == "normface":
                f = c
            elif scene.loss == "cosface":
                f = c - p["m"]
            elif scene.loss == "arcface":
                f = mp.cos(mp.acos(c) + p["m"])  # theta_y + m < pi here: no fallback
            else:
                raise AssertionError(scene.loss)
            z.append(s * f)
        return float(mp.log1p(mp.fsum(mp.exp(z[j] - z[y]) for j in range(len(z)) if j != y)))


@pytest.mark.parametrize("loss", ["normface", "cosface", "arcface"])
def test_loss_against_scale_of_a_saturated_sample_matches_mpmath(loss):
    # x = (2, -0.6) lies 17 degrees from w1 (issue 10, defect 1's scene): at s = 64 the loss is
    # 1e-18 to 1e-15, which lse - s z_y rounded to exactly 0 (or to a multiple of 7e-15).
    scene = replace(Scene().with_loss(loss), x=(2.0, -0.6))
    scales = np.array([1.0, 8.0, 30.0, 64.0])
    got = loss_against_scale(scene, scales)
    expected = [_mp_loss_against_scale(scene, s) for s in scales]
    assert expected[-1] < 1e-15  # saturated: below the rounding of s z_y ~ 40 (7e-15)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=0)


# --- borders of a normalised sample (issue 10, defect 4) -------------------------------------------


def _ring(regions):
    """Directions (sorted) and colours of the outer ring of cells of the regions image."""
    gx, gy = np.meshgrid(regions.xs, regions.ys)
    ring = np.zeros(regions.classes.shape, dtype=bool)
    ring[[0, -1], :] = ring[:, [0, -1]] = True
    phi = np.arctan2(gy[ring], gx[ring])
    order = np.argsort(phi)
    return phi[order], regions.classes[ring][order]


@pytest.mark.parametrize("normalize_w", [False, True])
@pytest.mark.parametrize("biases", [(0.0, 0.0, 0.0), (0.5, 0.0, -0.5), (2.0, -1.0, 0.3), (-1.5, 1.0, 0.0)])
def test_defect4_normalised_x_borders_are_the_rays_between_the_coloured_wedges(normalize_w, biases):
    # With x normalised the regions are wedges; the explorer used to draw the lines of the raw
    # plane, which cut through the wedges once the biases differ. Now every border is a ray from
    # the origin to the edge of the view, the image's colour differs on its two sides, and walking
    # the image's outer ring the colour changes exactly where a ray crosses it.
    scene = replace(Scene(), normalize_x=True, normalize_w=normalize_w, biases=biases)
    explorer = explorer_results(scene)
    assert explorer.borders
    rays = []
    for seg in explorer.borders:
        assert seg.start == (0.0, 0.0)
        assert max(abs(seg.end[0]), abs(seg.end[1])) == scene.view
        rays.append(math.atan2(seg.end[1], seg.end[0]))
    rays = np.array(rays)
    phis, colours = _ring(explorer.regions)
    for phi in rays:
        n = int(np.searchsorted(phis, phi)) % len(phis)
        assert colours[n - 1] != colours[n], (phi, phis[n - 1], phis[n])
    changes = np.flatnonzero(colours != np.roll(colours, 1))
    assert len(changes) == len({round(float(p), 9) for p in rays})
    for n in changes:
        lo, hi = phis[n - 1], phis[n]
        assert ((rays - lo) % (2 * math.pi) < (hi - lo) % (2 * math.pi)).any()


def test_borders_without_normalised_x_are_still_the_lines_of_the_plane():
    scene = replace(Scene(), normalize_w=True, biases=(0.5, 0.0, -0.5))
    W, _ = effective(scene)
    assert explorer_results(scene, resolution=8).borders == region_borders(W, scene.b, scene.extent)


def test_normalised_x_sphere_shows_what_x_gets_in_each_direction_at_any_radius():
    scene = replace(Scene(), normalize_x=True, biases=(1.5, 0.0, -0.5), sphere_radius=3.0)
    space = explorer3d_results(scene, n=400)
    for p, k in zip(space.sphere.points.T, space.sphere.classes, strict=True):
        # x at that point of the sphere: the explorer's own analysis predicts the painted class.
        moved = scene.with_points3({"x": [float(v) for v in p]})
        assert explorer3d_results(moved, n=8).analysis.predicted == k


def test_plane_regions_are_decision_regions_shared_read_only():
    W = np.array([[2.5, -0.8, -1.4], [0.0, 2.4, -1.6]])
    b = np.array([0.0, 0.5, -0.5])
    extent = (-4, 4, -4, 4)
    first = plane_regions(W, b, extent, 12, temperature=2.0)
    expected = decision_regions(W, b, extent, 12, temperature=2.0)
    np.testing.assert_array_equal(first.classes, expected.classes)
    np.testing.assert_array_equal(first.probabilities, expected.probabilities)
    # The same values (not the same arrays) find the same result, which no caller can change.
    assert plane_regions(W.copy(), b.copy(), extent, 12, temperature=2.0) is first
    with pytest.raises(ValueError):
        first.classes[0, 0] = 2
    # Any change of what the regions depend on computes them anew.
    moved = W.copy()
    moved[0, 1] = -0.7
    for other in (
        plane_regions(moved, b, extent, 12, temperature=2.0),
        plane_regions(W, b + 1e-9, extent, 12, temperature=2.0),
        plane_regions(W, b, (-4, 4, -4, 5), 12, temperature=2.0),
        plane_regions(W, b, extent, 13, temperature=2.0),
        plane_regions(W, b, extent, 12, temperature=1.0),
        plane_regions(W, b, extent, 12, temperature=2.0, normalize_x=True),
    ):
        assert other is not first


def test_normalised_weights_that_point_the_same_way_are_one_and_said_to_be():
    # With the weights normalised, w1 = (-2.25, 1.02) and w2 = (-3.3075, 1.4994) came out a rounding
    # apart: the plane drew a border between two classes that tie everywhere, and no note said why.
    for w2 in ((-3.3075, 1.4994), (-4.5, 2.04)):
        scene = replace(Scene(), weights=((-2.25, 1.02), w2, (-1.4, -1.2)), normalize_w=True)
        r = explorer_results(scene)
        assert np.array_equal(r.W[:, 0], r.W[:, 1])
        assert [(b.i, b.j) for b in r.borders if {b.i, b.j} == {0, 1}] == []
        assert [n.key for n in r.notes if n.key.startswith("msg.equal")] == ["msg.equal_w_dir"]
        assert r.analysis.winners[:2] == (0, 1) or 0 not in r.analysis.winners
    # Not normalised, they are two weights with a border between them, and no note.
    raw = explorer_results(replace(scene, normalize_w=False))
    assert not [n for n in raw.notes if n.key.startswith("msg.equal")]
    # The 3D explorer says it too.
    scene3 = replace(
        Scene(), weights3=((1.0, 2.0, 2.0), (0.5, 1.0, 1.0), (-1.4, -1.2, 0.6)), normalize_w=True
    )
    assert "msg.equal_w_dir" in [n.key for n in explorer3d_results(scene3).notes]


def test_the_margin_lab_draws_no_border_between_weights_that_point_the_same_way():
    # Its dashed borders normalised the weights as the explorer did: a rounding apart, and a border
    # between two classes that tie everywhere without a margin.
    scene = replace(Scene().with_loss("arcface"), weights=((-2.25, 1.02), (-3.3075, 1.4994), (-1.4, -1.2)))
    assert [(b.i, b.j) for b in no_margin_borders(scene)] == [(0, 2), (1, 2)]


def test_the_margin_lab_names_what_it_does_not_use_of_the_explorer_s_settings():
    # T = 2 from the explorer: it read p1 = 0.6984 = softmax(z / 2), the margin lab's softmax
    # 0.8518 = softmax(z) for the same scene, and neither page said why.
    scene = replace(Scene(), weights=((1.0, 2.0), *Scene().weights[1:]), biases=(0.0, 0.5, 0.0))
    scene = replace(scene, temperature=2.0).with_loss("softmax")
    assert explorer_results(scene).analysis.probabilities[0] == pytest.approx(0.6984, abs=5e-5)
    assert margin_results(scene).analysis.probabilities[0] == pytest.approx(0.8518, abs=5e-5)
    assert margin_notes(scene) == (Note("margin.unused_settings", (("settings", ("T = 2",)),)),)
    # The normalisations too: the margin lab's norms are the weights' own (2.5, not 1).
    both = replace(Scene(), temperature=0.25, normalize_w=True, normalize_x=True)
    assert margin_results(both).analysis.norms[0] == 2.5
    assert margin_notes(both)[0].args == (("settings", ("T = 0.25", "‖w_i‖ = 1", "‖x‖ = 1")),)
    assert margin_notes(Scene()) == ()
