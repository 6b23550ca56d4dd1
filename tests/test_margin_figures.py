from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest

from softmaxviz.margin_figures import (
    angle_space_figure,
    loss_scale_figure,
    margin_canvas_figure,
    margin_region_image,
    target_curves_figure,
)
from softmaxviz.palette import CLASS_COLORS
from softmaxviz.results import loss_against_scale, margin_results
from softmaxviz.state import LOSS_PARAMS, Scene


def by_role(fig, role):
    return [tr for tr in fig.data if (tr.meta or {}).get("role") == role]


@pytest.mark.parametrize("loss", sorted(LOSS_PARAMS))
def test_every_kind_builds_valid_figures(loss):
    scene = Scene().with_loss(loss)
    r = margin_results(scene, resolution=24)
    figs = [margin_canvas_figure(scene, r), target_curves_figure(scene, r), angle_space_figure(scene, r)]
    losses = loss_against_scale(scene, np.linspace(1, 64, 8))
    if losses is not None:
        figs.append(loss_scale_figure(scene, np.linspace(1, 64, 8), losses))
    for fig in figs:
        go.Figure(fig.to_dict())  # passes plotly's validation


def test_canvas_has_handles_in_label_colour_and_gradient_arrows():
    scene = replace(Scene(), label=1)
    r = margin_results(scene, resolution=24)
    fig = margin_canvas_figure(scene, r)
    (handles,) = by_role(fig, "handles")
    assert handles.meta["names"] == ["w1", "w2", "w3", "x"]
    assert handles.marker.color[-1] == CLASS_COLORS[1]
    (grads,) = by_role(fig, "gradients")
    # Four arrows (three weights and x), each start, end, None.
    assert sum(v is None for v in grads.x) == 4
    # The arrow at x points along -dL/dx.
    scale = grads.meta["scale"]
    end = np.array([grads.x[10], grads.y[10]])  # x is the 4th arrow: start 9, end 10
    np.testing.assert_allclose(end - scene.xv, -r.grad_x * scale, atol=1e-9)


def test_normalized_loss_has_no_radial_arrow():
    scene = Scene().with_loss("cosface")
    fig = margin_canvas_figure(scene, margin_results(scene, resolution=16))
    assert by_role(fig, "grad-radial") == []
    assert len(by_role(fig, "grad-tangential")) == 1


def test_band_is_grey_and_classes_coloured():
    img = margin_region_image(np.array([[-1, 0], [1, 2]]))
    assert img.shape == (2, 2, 3)
    grey = img[1, 0]  # flipped: row 0 of the grid is the image's bottom row
    assert grey[0] == grey[1] == grey[2]


def test_curves_mark_the_samples_angle():
    scene = Scene()
    r = margin_results(scene, resolution=16)
    fig = target_curves_figure(scene, r)
    assert {tr.meta["kind"] for tr in by_role(fig, "curve")} == set(LOSS_PARAMS)
    (pt,) = by_role(fig, "sample")
    assert pt.x[0] == pytest.approx(45.0)
    # ArcFace at s = 8, m = 0.5: cos(45° + 0.5 rad) = cos(1.2854) = 0.2817.
    assert pt.y[0] == pytest.approx(np.cos(np.pi / 4 + 0.5), abs=1e-6)


def test_angle_space_point_is_label_against_strongest_other():
    scene = Scene()
    r = margin_results(scene, resolution=16)
    fig = angle_space_figure(scene, r)
    (pt,) = by_role(fig, "sample")
    assert pt.meta["other"] == 1  # w2 is the strongest competitor of class 1
    assert (pt.x[0], pt.y[0]) == pytest.approx((45.0, 25.0169), abs=1e-3)
    assert len(by_role(fig, "band")) == 1
