import base64
import struct
import zlib
from dataclasses import replace
from urllib.parse import parse_qsl

import numpy as np
import plotly.graph_objects as go
import pytest

from softmaxviz.figures import for_projector
from softmaxviz.kinds import KINDS
from softmaxviz.margin_figures import (
    MODEBAR_PX,
    angle_space_figure,
    log_ticks,
    loss_scale_figure,
    margin_canvas_figure,
    margin_region_image,
    no_margin_legend,
    target_curves_figure,
)
from softmaxviz.margins import margin_classes_at, margin_logits, pair_classes
from softmaxviz.palette import CLASS_COLORS
from softmaxviz.results import loss_against_scale, margin_results
from softmaxviz.state import Scene, from_query
from softmaxviz.strings import STRINGS, fmt, short_kind_name, t


def plain(name: str) -> str:
    """A legend entry as one line (the canvas wraps long ones with <br>)."""
    return name.replace("<br>", " ")


def by_role(fig, role):
    return [tr for tr in fig.data if (tr.meta or {}).get("role") == role]


@pytest.mark.parametrize("loss", sorted(KINDS))
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


def legend_keys(fig) -> list[tuple]:
    """What the legend lists: each entry's role and its line style."""
    return [
        ((tr.meta or {}).get("role"), tr.line.dash if tr.line else None)
        for tr in fig.data
        if tr.showlegend is not False and tr.name
    ]


@pytest.mark.parametrize("loss", sorted(KINDS))
def test_the_legend_stays_while_x_leaves_the_origin(loss):
    # At the origin no gradient exists; a key that appeared as x left it grew the legend
    # mid-drag and shrank the plot under the pointer (the handle landed 0.4 beside it).
    scene = Scene().with_loss(loss)
    figs = [
        margin_canvas_figure(s, margin_results(s, resolution=16))
        for s in (replace(scene, x=(0.0, 0.0)), replace(scene, x=(1.5, 1.0)), replace(scene, x=(0.2, -3.0)))
    ]
    assert legend_keys(figs[0]) == legend_keys(figs[1]) == legend_keys(figs[2])
    if margin_results(replace(scene, x=(0.0, 0.0)), resolution=16).grad_W is None:  # not softmax
        # The keys without arrows draw nothing.
        assert all(v is None for tr in by_role(figs[0], "gradients") for v in tr.x)


@pytest.mark.parametrize("lang", sorted(STRINGS))
def test_the_circle_at_the_origin_is_not_called_norm_x(lang):
    # With x at the origin the circle is drawn at radius 1; the legend said "circle ‖x‖ = 1".
    scene = replace(Scene(), x=(0.0, 0.0))
    fig = margin_canvas_figure(scene, margin_results(scene, resolution=16), lang=lang)
    (ring,) = [tr for tr in by_role(fig, "ring") if tr.showlegend is not False]
    assert plain(ring.name) == t("legend.ring_origin", lang)
    # Its name takes as many lines as the usual one: the legend keeps its height as x leaves.
    moved = replace(scene, x=(1.5, 1.0))
    fig = margin_canvas_figure(moved, margin_results(moved, resolution=16), lang=lang)
    (other,) = [tr for tr in by_role(fig, "ring") if tr.showlegend is not False]
    assert ring.name.count("<br>") == other.name.count("<br>")


def test_band_is_grey_and_classes_coloured():
    img = margin_region_image(np.array([[-1, 0], [1, 2]]))
    assert img.shape == (2, 2, 3)
    grey = img[1, 0]  # flipped: row 0 of the grid is the image's bottom row
    assert grey[0] == grey[1] == grey[2]


def test_curves_mark_the_samples_angle():
    scene = Scene()
    r = margin_results(scene, resolution=16)
    fig = target_curves_figure(scene, r)
    assert {tr.meta["kind"] for tr in by_role(fig, "curve")} == set(KINDS)
    (pt,) = by_role(fig, "sample")
    assert pt.x[0] == pytest.approx(45.0)
    # ArcFace at s = 8, m = 0.5: cos(45° + 0.5 rad) = cos(1.2854) = 0.2817.
    assert pt.y[0] == pytest.approx(np.cos(np.pi / 4 + 0.5), abs=1e-6)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("kind", "z", "scale", "S"),
    [
        # The default scene: ‖w1‖ = 2.5, ‖x‖ = 2.121, θ1 = 45°, label class 1.
        ("softmax", 3.75, "‖w_y‖‖x‖", 2.5 * np.hypot(1.5, 1.5)),  # 2.5 · 2.121 · cos 45°
        ("sphereface", -np.hypot(1.5, 1.5), "‖x‖", np.hypot(1.5, 1.5)),  # ‖x‖ cos(4 · 45°)
        ("arcface", 8 * np.cos(np.pi / 4 + 0.5), "s", 8.0),
    ],
)
def test_the_sample_s_mark_is_its_own_target_logit_over_its_own_scale(kind, z, scale, S, lang):
    # Softmax's mark sat at 0.707 on an axis of "target logit / scale" beside a table's 3.750.
    scene = Scene().with_loss(kind)
    r = margin_results(scene, resolution=8)
    fig = target_curves_figure(scene, r, lang=lang)
    (pt,) = by_role(fig, "sample")
    assert pt.y[0] == pytest.approx(z / S)
    key = "margin.sample_point_bias" if KINDS[kind].has_bias else "margin.sample_point"
    name = t(key, lang, z=fmt(z, lang), S=fmt(S, lang), scale=scale)
    assert pt.name.replace("<br>", " ") == f"{name} = {fmt(z / S, lang)}"
    # The table's target logit (bias 0 here) is the z the mark names.
    assert fmt(r.margin_logits[r.label], lang) == fmt(z, lang)
    for s in ("‖w_y‖‖x‖", "‖x‖", "s"):
        assert s in fig.layout.yaxis.title.text


def test_angle_space_point_is_label_against_strongest_other():
    scene = Scene()
    r = margin_results(scene, resolution=16)
    fig = angle_space_figure(scene, r)
    (pt,) = by_role(fig, "sample")
    assert pt.meta["other"] == 1  # w2 is the strongest competitor of class 1
    assert (pt.x[0], pt.y[0]) == pytest.approx((45.0, 25.0169), abs=1e-3)
    # Named by its angles (the legend read "this sample: {z} ÷ {scale} = {z} ÷ {S}").
    assert pt.name == "this sample: θ_y = 45.0°, θ_j = 25.0°"
    (zh,) = by_role(angle_space_figure(scene, r, lang="zh"), "sample")
    assert zh.name == "此样本：θ_y = 45.0°，θ_j = 25.0°"
    (image,) = fig.layout.images  # the regions and the band
    assert (image.x, image.y, image.sizex, image.sizey) == (0, 180, 180, 180)


# --- defect 3: the dashed borders are the kind's own borders without margin -------------------------


def _segments(trace):
    """(start, end) pairs of a borders trace (segments separated by None)."""
    xs, ys = list(trace.x), list(trace.y)
    out, i = [], 0
    while i + 1 < len(xs):
        if xs[i] is not None and xs[i + 1] is not None:
            out.append((np.array([xs[i], ys[i]]), np.array([xs[i + 1], ys[i + 1]])))
        i += 3 if i + 2 < len(xs) and xs[i + 2] is None else 1
    return out


# Weights of different lengths and non-zero biases: raw norms and biases must not move the borders
# of a kind that does not see them.
UNEQUAL = replace(Scene(), biases=(0.5, 0.0, -0.5))


@pytest.mark.parametrize("loss", sorted(KINDS))
def test_defect3_dashed_borders_are_where_the_kind_without_margin_ties(loss):
    scene = UNEQUAL.with_loss(loss)
    kind = KINDS[loss]
    fig = margin_canvas_figure(scene, margin_results(scene, resolution=16))
    (borders,) = by_role(fig, "no-margin-borders")
    plain = {**scene.params, **kind.no_margin}
    extra = {"b": scene.b} if loss == "softmax" else {}
    segments = _segments(borders)
    assert segments
    for start, end in segments:
        for f in (0.25, 0.5, 0.75):
            p = start + f * (end - start)
            z = np.sort(margin_logits(scene.W, p, 0, loss, **extra, **plain))
            # The two strongest classes tie there without a margin.
            assert z[-1] == pytest.approx(z[-2], rel=1e-6, abs=1e-9)
            # Just off the border on either side, the kind without margin picks two different classes.
            normal = np.array([-(end - start)[1], (end - start)[0]]) / np.linalg.norm(end - start)
            sides = [
                int(margin_classes_at(scene.W, p + e * normal, loss, b=scene.b, **plain))
                for e in (-1e-3, 1e-3)
            ]
            assert sides[0] != sides[1] and min(sides) >= 0


@pytest.mark.parametrize("loss", [k for k, kind in KINDS.items() if kind.normalizes_w])
def test_defect3_normalising_kinds_draw_the_angle_bisectors_not_the_raw_softmax_borders(loss):
    scene = UNEQUAL.with_loss(loss)
    fig = margin_canvas_figure(scene, margin_results(scene, resolution=16))
    (borders,) = by_role(fig, "no-margin-borders")
    U = scene.W / np.linalg.norm(scene.W, axis=0)
    for start, end in _segments(borders):
        p = (start + end) / 2
        c = np.sort(U.T @ p / np.linalg.norm(p))
        assert c[-1] == pytest.approx(c[-2], abs=1e-9)  # θ_i = θ_j
    assert "θ_i = θ_j" in plain(borders.name)
    for lang in STRINGS:
        fig = margin_canvas_figure(scene, margin_results(scene, resolution=8), lang=lang)
        (borders,) = by_role(fig, "no-margin-borders")
        assert plain(borders.name) == no_margin_legend(KINDS[loss], lang)
        # It names the margins it switched off (m = 0, or m1 = 1 and m2 = m3 = 0; none for NormFace).
        named = plain(borders.name)
        assert all(f"{name} = {value:g}" in named for name, value in KINDS[loss].no_margin.items())


def test_defect3_cosface_band_is_centred_on_the_dashed_border():
    # Along the circle of directions, the grey arc between classes 1 and 2 is centred on the
    # dashed border between them: CosFace's band |cos θ1 − cos θ2| < m is symmetric about θ1 = θ2.
    scene = UNEQUAL.with_loss("cosface")
    margin = margin_results(scene, resolution=16)
    (borders,) = by_role(margin_canvas_figure(scene, margin), "no-margin-borders")
    u1, u2 = (scene.W[:, k] / np.linalg.norm(scene.W[:, k]) for k in (0, 1))
    bisector = np.degrees(np.arctan2(*(u1 + u2)[::-1]))
    # That bisector is one of the dashed rays.
    ends = [
        np.degrees(np.arctan2(e[1], e[0])) for seg in _segments(borders) for e in seg if np.linalg.norm(e) > 1
    ]
    assert min(abs(a - bisector) for a in ends) < 1e-6
    ring = margin.ring
    n = len(ring)
    i = round(bisector / 360 * n) % n
    assert ring[i] == -1
    lo, hi = i, i
    while ring[(lo - 1) % n] == -1:
        lo -= 1
    while ring[(hi + 1) % n] == -1:
        hi += 1
    middle = (lo + hi) / 2 * 360 / n
    assert middle == pytest.approx(bisector, abs=360 / n)


# --- defect 9: every mark has a legend entry; equal curves are told apart; the toolbar is clear --------


@pytest.mark.parametrize("lang", sorted(STRINGS))
def test_defect9_every_mark_on_the_canvas_has_a_legend_entry(lang):
    # SphereFace sees ‖x‖, so -dL/dx has both parts; its m = 4 leaves a wide band.
    scene = replace(Scene().with_loss("sphereface"), label=1)
    margin = margin_results(scene, resolution=24)
    fig = margin_canvas_figure(scene, margin, lang=lang)
    assert fig.layout.showlegend is True
    assert fig.layout.legend.y < 0  # below the plane: no entry hides a handle
    expected = {
        "no-margin-borders": None,
        "ring": t("legend.ring", lang, radius=f"{margin.ring_radius:.3g}"),
        "band-key": t("legend.band", lang),
        "gradients": t("legend.grad", lang),
        "grad-radial": t("legend.grad_radial", lang),
        "grad-tangential": t("legend.grad_tangential", lang),
    }
    for role, name in expected.items():
        shown = [tr for tr in by_role(fig, role) if tr.showlegend is not False]
        assert len(shown) == 1, role
        assert shown[0].name and (name is None or plain(shown[0].name) == name), role
    # The ring's arcs toggle together under its one entry.
    assert {tr.legendgroup for tr in by_role(fig, "ring")} == {"ring"}
    # Nothing else reaches the legend unnamed ("trace 7"): the handles and weight arrows stay out.
    for tr in fig.data:
        assert tr.showlegend is False or tr.name, tr.meta
    assert all(tr.showlegend is False for tr in by_role(fig, "handles") + by_role(fig, "arrow"))


def test_defect9_legend_strings_differ_per_language():
    for key in ("legend.ring", "legend.band", "legend.grad", "legend.grad_radial", "legend.grad_tangential"):
        assert STRINGS["en"][key] != STRINGS["zh"][key]


@pytest.mark.parametrize("lang", sorted(STRINGS))
@pytest.mark.parametrize("figure", [target_curves_figure, angle_space_figure])
def test_defect9_identical_curves_are_drawn_apart_and_named(figure, lang):
    # At the page defaults softmax and NormFace have the same target curve, CosFace and AM-Softmax
    # too (the same m; s is divided out). In angle space softmax's border is NormFace's where the
    # weights are equally long and the biases equal (the scene's lengths are drawn).
    scene = Scene()
    if figure is angle_space_figure:
        scene = replace(scene, weights=((1.5, 0.0), (0.0, 1.5), (-1.5, 0.0)))
    fig = figure(scene, margin_results(scene, resolution=8), lang=lang)
    lines = {tr.meta["kind"]: tr for tr in fig.data if tr.meta.get("role") in ("curve", "border")}
    for later, earlier in (("normface", "softmax"), ("amsoftmax", "cosface")):
        a, b = lines[later], lines[earlier]
        np.testing.assert_allclose(np.array(a.y, dtype=float), np.array(b.y, dtype=float), atol=1e-9)
        assert a.meta["same_as"] == earlier
        assert a.line.dash != b.line.dash
        assert "markers" in a.mode and max(a.marker.size) > 0
        assert a.name == t(
            "margin.same_curve", lang, name=short_kind_name(later, lang), other=short_kind_name(earlier, lang)
        )
    assert "same_as" not in lines["arcface"].meta


def test_defect9_curves_that_differ_are_not_called_the_same():
    scene = Scene().with_loss("cosface")
    scene = replace(scene, margin_params=(("m", 0.5), ("s", 8.0)))
    fig = target_curves_figure(scene, margin_results(scene, resolution=8))
    lines = {tr.meta["kind"]: tr for tr in by_role(fig, "curve")}
    assert "same_as" not in lines["amsoftmax"].meta
    assert lines["normface"].meta["same_as"] == "softmax"


@pytest.mark.parametrize("figure", [target_curves_figure, angle_space_figure])
def test_defect9_toolbar_leaves_the_legend_alone_and_the_legend_leaves_the_plot_its_width(figure):
    # The mode bar lives in the figure's top ~30 px: the legend starts below the top margin.
    scene = Scene()
    layout = figure(scene, margin_results(scene, resolution=8)).layout
    assert MODEBAR_PX >= 36 and layout.margin.t >= MODEBAR_PX
    legend = layout.legend
    # In rows below the plot: right of it, a phone's chart kept 60 px for the curves. At the
    # chart's bottom edge, where Plotly reserves its height below the x axis's ticks and title: a
    # share of the plot's height below the plot, nothing kept it off the axis's larger text in
    # present mode, nor off the title on a phone.
    assert legend.orientation == "h" and legend.x == 0
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")


@pytest.mark.parametrize(
    ("lo", "hi", "ticks"),
    [
        (0.5, 40, [0.5, 1, 2, 5, 10, 20]),  # was labelled 1 and 10 only
        (0.013, 0.9, [0.02, 0.05, 0.1, 0.2, 0.5]),
        (0.01, 1000, [0.01, 0.1, 1, 10, 100, 1000]),  # over 2.5 decades: powers of ten
        (1e-12, 40, [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]),  # at most 7: every other power
        (2, 3, [2, 3]),  # narrow: every digit
        (3.14, 3.5, [3.1, 3.5]),  # narrower: its ends
    ],
)
def test_log_ticks_label_the_range_at_round_values(lo, hi, ticks):
    assert log_ticks(lo, hi) == pytest.approx(ticks)


def test_the_loss_against_s_is_labelled_where_its_curve_is():
    scene = Scene()
    scales = np.array([1.0, 8.0, 64.0])
    fig = loss_scale_figure(scene, scales, np.array([0.5, 3.0, 40.0]))
    assert list(fig.layout.yaxis.tickvals) == pytest.approx([0.5, 1, 2, 5, 10, 20])
    assert list(fig.layout.yaxis.ticktext) == ["0.5", "1", "2", "5", "10", "20"]
    # Losses that overflowed or are undefined do not break the axis.
    fig = loss_scale_figure(scene, scales, np.array([np.nan, 3.0, np.inf]))
    assert list(fig.layout.yaxis.tickvals) == [3.0]
    fig = loss_scale_figure(scene, scales, np.array([np.nan, np.nan, np.nan]))
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.tickvals is None


@pytest.mark.parametrize("lang", sorted(STRINGS))
def test_the_scene_s_is_named_on_the_loss_curve_with_its_loss(lang):
    # The dashed line at the scene's s had no name. Scene(): ArcFace, s = 8; the curve holds s = 8.
    scene = Scene()
    scales = np.array([1.0, 8.0, 64.0])
    fig = loss_scale_figure(scene, scales, np.array([0.5, 3.25, 40.0]), lang=lang)
    (guide,) = by_role(fig, "current-s")
    (point,) = by_role(fig, "current-loss")
    name = t("margin.s_now_loss", lang, s="8.000", loss="3.2500")
    assert guide.name == point.name == name and guide.showlegend is not False
    assert (point.x[0], point.y[0]) == (8.0, 3.25) and point.showlegend is False
    assert fig.layout.showlegend is not False
    # Where the curve has no loss at s (not on the grid, or underflowed), the name has none.
    for grid, losses in ((np.array([1.0, 9.0, 64.0]), [0.5, 3.25, 40.0]), (scales, [0.5, 0.0, 1e-320])):
        fig = loss_scale_figure(scene, grid, np.array(losses), lang=lang)
        assert not by_role(fig, "current-loss")
        assert [tr.name for tr in by_role(fig, "current-s")] == [t("margin.s_now", lang, s="8.000")]


def test_the_margin_lab_marks_the_loss_its_metric_shows():
    # The page puts the scene's s on the curve's grid: the chart's point is the metric's loss.
    from softmaxviz.strings import fmt_factor

    for x, s in (((1.5, 1.5), 10.3), ((3.0, 0.0), 64.0)):  # the second: L = 1.3e-15
        scene = replace(Scene(), x=x, label=0, margin_params=(("easy_margin", 0.0), ("m", 0.5), ("s", s)))
        scales = np.union1d(np.linspace(0.5, 64.0, 128), [s])
        fig = loss_scale_figure(scene, scales, loss_against_scale(scene, scales))
        (point,) = by_role(fig, "current-loss")
        loss = margin_results(scene).loss
        assert point.y[0] == pytest.approx(loss, rel=1e-9)
        # In significant digits, as the page's metric: a marker at 1.3e-15 was named L = 0.0000.
        assert point.name.endswith(f"L = {fmt_factor(loss, 'en', 4, 4)}") and "0.0000" not in point.name


def test_the_canvas_can_go_without_its_legend():
    # The tour's canvas in present mode: its legend below left the plane 120 px of 400.
    scene = Scene().with_loss("arcface")
    margin = margin_results(scene)
    with_legend = margin_canvas_figure(scene, margin)
    without = margin_canvas_figure(scene, margin, legend=False)
    assert with_legend.layout.showlegend is True and without.layout.showlegend is False
    assert len(without.data) == len(with_legend.data)  # the same marks, only unexplained below


# --- loss against s: no floor passed off as the loss ---------------------------------------------------


def test_the_loss_against_s_is_drawn_as_computed_below_1e_12():
    # ArcFace (m = 0.5) with x on w1's ray, labelled 1: z1 = s cos 0.5, z2 = s cos θ2, z3 = s cos θ3
    # with cos θ2 = 0.4 / ‖(0.4, 1.1)‖ and cos θ3 = -1.4 / ‖(-1.4, -1.2)‖. At s = 64 the loss is
    # log1p(e^{64 (cos θ2 - cos 0.5)} + e^{64 (cos θ3 - cos 0.5)}) = 1.3e-15; it was drawn at 1e-12.
    scene = replace(Scene(), x=(3.0, 0.0), label=0)
    scales = np.array([8.0, 32.0, 64.0])
    losses = loss_against_scale(scene, scales)
    c2, c3 = 0.4 / np.hypot(0.4, 1.1), -1.4 / np.hypot(1.4, 1.2)
    hand = [np.log1p(np.exp(s * (c2 - np.cos(0.5))) + np.exp(s * (c3 - np.cos(0.5)))) for s in scales]
    np.testing.assert_allclose(losses, hand, rtol=1e-9)
    assert losses[-1] == pytest.approx(1.27e-15, rel=0.01)
    fig = loss_scale_figure(scene, scales, losses)
    (curve,) = by_role(fig, "loss-curve")
    np.testing.assert_allclose(np.array(curve.y, dtype=float), hand, rtol=1e-9)
    (guide,) = by_role(fig, "current-s")
    assert guide.y == pytest.approx((losses[-1], losses[0]))
    assert min(fig.layout.yaxis.tickvals) >= losses[-1]
    assert not fig.layout.annotations  # nothing underflowed, nothing to say


@pytest.mark.parametrize("lang", sorted(STRINGS))
def test_an_underflowed_loss_is_cut_and_said_not_drawn_flat(lang):
    # 0 (underflowed) and a subnormal 1e-310 (a few digits left) are not the loss: no point, and
    # a note says from which s on.
    scene = Scene()
    scales = np.array([8.0, 16.0, 32.0, 64.0])
    fig = loss_scale_figure(scene, scales, np.array([0.5, 1e-200, 1e-310, 0.0]), lang=lang)
    (curve,) = by_role(fig, "loss-curve")
    assert list(curve.y) == [0.5, 1e-200, None, None]
    (note,) = fig.layout.annotations
    assert plain(note.text) == t("margin.loss_underflow", lang, s="32", tiny="2.2e-308")
    assert min(fig.layout.yaxis.tickvals) >= 1e-200


# --- angle space: the regions are the regions ------------------------------------------------------


def image_pixels(fig) -> np.ndarray:
    """The angle plane's background as ``(rows, columns, 3)``, row 0 at θ_j = 0 (bottom)."""
    (image,) = fig.layout.images
    raw = base64.b64decode(image.source.split(",", 1)[1])
    w, h = struct.unpack(">II", raw[16:24])
    chunks, at = [], 8
    while at < len(raw):
        (n,) = struct.unpack(">I", raw[at : at + 4])
        if raw[at + 4 : at + 8] == b"IDAT":
            chunks.append(raw[at + 8 : at + 8 + n])
        at += 12 + n
    data = zlib.decompress(b"".join(chunks))
    rows = [
        np.frombuffer(data[r * (3 * w + 1) + 1 : (r + 1) * (3 * w + 1)], dtype=np.uint8) for r in range(h)
    ]
    return np.flipud(np.array(rows).reshape(h, w, 3))


def image_class_at(fig, scene, margin, theta_y_deg, theta_j_deg) -> int:
    """0 (class y's colour), 1 (the rival's) or -1 (grey) at a point of the angle plane."""
    pixels = image_pixels(fig)
    n = pixels.shape[0]
    cell = pixels[min(int(theta_j_deg / 180 * n), n - 1), min(int(theta_y_deg / 180 * n), n - 1)]
    (pt,) = by_role(fig, "sample")
    colors = (CLASS_COLORS[scene.label], CLASS_COLORS[pt.meta["other"]])
    palette = margin_region_image(np.array([[0, 1, -1]]), colors)[0]
    (match,) = [k for k, c in zip((0, 1, -1), palette, strict=True) if np.array_equal(c, cell)]
    return match


def from_link(query: str) -> Scene:
    scene, problems = from_query(dict(parse_qsl(query)))
    assert problems == []
    return scene


@pytest.mark.parametrize(
    ("query", "where"),
    [
        # SphereFace m = 4: class 1 can win only for θ1 < 45°, w2's class only for θ2 < 45°: at
        # (168.7°, 121.3°) neither wins by its margin. The band was closed by a straight line from
        # (45°, 180°) to (180°, 45°) and the sample lay in white beyond it.
        ("loss=sphereface&w3=1,-1&x=-1.5,-0.3", (168.69, 121.29)),
        ("loss=sphereface&w3=1,-1&x=-1.5,-0.3", (100.0, 170.0)),
        ("loss=lsoftmax&mp=lam:0,m:2.5&x=-1.5,-0.3", (150.0, 150.0)),
        ("loss=cosface&x=-1.5,-0.3", (160.0, 170.0)),
        ("loss=arcface&x=-1.5,-0.3", (170.0, 175.0)),
    ],
)
def test_angle_space_band_reaches_the_edge_where_a_border_stops(query, where):
    scene = from_link(query)
    margin = margin_results(scene, resolution=8)
    fig = angle_space_figure(scene, margin)
    assert image_class_at(fig, scene, margin, *where) == -1
    # Beyond a doubt: neither margin logit wins there.
    th = np.radians(where)
    assert pair_classes(th[0], th[1], scene.loss, **scene.params) == -1


def test_the_sphereface_sample_lies_in_the_grey_as_on_the_canvas():
    scene = from_link("loss=sphereface&w3=1,-1&x=-1.5,-0.3")
    margin = margin_results(scene, resolution=8)
    assert int(margin_classes_at(scene.W, scene.xv, "sphereface", **scene.params)) == -1
    fig = angle_space_figure(scene, margin)
    (pt,) = by_role(fig, "sample")
    assert (pt.x[0], pt.y[0]) == pytest.approx((168.69, 121.29), abs=0.01)
    assert image_class_at(fig, scene, margin, pt.x[0], pt.y[0]) == -1


@pytest.mark.parametrize(
    ("loss", "params", "band"),
    [
        ("softmax", None, False),
        ("normface", None, False),
        ("cosface", (("m", 0.0), ("s", 8.0)), False),  # m = 0 is NormFace
        ("lsoftmax", (("lam", 0.0), ("m", 1.0)), False),
        ("cosface", None, True),
        ("sphereface", None, True),
        ("arcface", None, True),
    ],
)
@pytest.mark.parametrize("lang", sorted(STRINGS))
def test_angle_space_lists_the_band_only_where_there_is_one(loss, params, band, lang):
    scene = Scene().with_loss(loss)
    if params is not None:
        scene = replace(scene, margin_params=params)
    fig = angle_space_figure(scene, margin_results(scene, resolution=8), lang=lang)
    keys = by_role(fig, "band-key")
    assert len(keys) == int(band)
    assert [k.name for k in keys] == [t("legend.band", lang)] * int(band)
    assert all(tr.name != ("band" if lang == "en" else "模糊带") for tr in fig.data)  # the old, bare entry


# --- angle space: the borders of this scene's lengths and biases -----------------------------------


def border_at(fig, theta_y_deg: float) -> float:
    """The scene's kind's class-y border (θ_j) at θ_y, from its trace (the one named as the sample's)."""
    (other,) = by_role(fig, "border-other")
    (own,) = [tr for tr in by_role(fig, "border") if tr.meta["kind"] == other.meta["kind"]]
    return float(np.interp(theta_y_deg, np.array(own.x, dtype=float), np.array(own.y, dtype=float)))


def test_angle_space_softmax_sample_is_where_its_logits_put_it():
    # Softmax, y = class 2: z2 = ‖w2‖‖x‖ cos 25.02° = 1.1705 · 2.1213 · 0.9061 = 2.25 loses to
    # z1 = 2.5 · 2.1213 · cos 45° = 3.75. Class 2's border: cos θ1 = ‖w2‖ cos θ2 / ‖w1‖, at
    # θ2 = 25° θ1 = arccos(1.1705 · 0.9063 / 2.5) = 64.9°, above the sample's 45°: not class 2's.
    # Drawn for unit lengths the border was θ1 = θ2 and the sample lay on class 2's side.
    scene = from_link("v=2&loss=softmax&y=2")
    margin = margin_results(scene, resolution=8)
    fig = angle_space_figure(scene, margin)
    (pt,) = by_role(fig, "sample")
    assert pt.meta["other"] == 0
    assert (pt.x[0], pt.y[0]) == pytest.approx((25.0169, 45.0), abs=1e-3)
    n2 = np.hypot(0.4, 1.1)
    assert border_at(fig, 25.0) == pytest.approx(
        np.degrees(np.arccos(n2 * np.cos(np.radians(25)) / 2.5)), abs=1e-2
    )
    assert border_at(fig, 25.0) == pytest.approx(64.89, abs=0.01)
    assert image_class_at(fig, scene, margin, pt.x[0], pt.y[0]) == 1  # class 1's colour
    # Class 1's border (θ2 as a function of θ1) does not exist at θ1 = 45°: 2.5 cos 45° > ‖w2‖.
    (other,) = by_role(fig, "border-other")
    assert np.isnan(float(np.interp(45.0, np.array(other.y, dtype=float), np.array(other.x, dtype=float))))
    assert "‖w_y‖ = 1.17, ‖w_j‖ = 2.5, ‖x‖ = 2.12" in plain(fig.layout.legend.title.text)


def test_angle_space_lsoftmax_sample_is_in_its_class_not_in_the_band():
    # L-Softmax m = 2.5, y = class 1: z1 = ‖w1‖‖x‖ cos(2.5 · 25°) = 2.5 · 2 · 0.4617 = 2.309 beats
    # z2 = 1.1705 · 2 · cos 45.02° = 1.655. Class 1's border: cos θ2 = 2.5 psi(2.5 θ1) / ‖w2‖, at
    # θ1 = 25°: arccos(2.5 · 0.46175 / 1.17047) = 9.51°, below the sample's 45°.
    scene = from_link("v=2&loss=lsoftmax&mp=lam:0,m:2.5&x=1.8126,0.8452&y=1")
    margin = margin_results(scene, resolution=8)
    fig = angle_space_figure(scene, margin)
    (pt,) = by_role(fig, "sample")
    assert (pt.x[0], pt.y[0]) == pytest.approx((25.0, 45.02), abs=0.01)
    n2 = np.hypot(0.4, 1.1)
    assert border_at(fig, 25.0) == pytest.approx(
        np.degrees(np.arccos(2.5 * np.cos(np.radians(62.5)) / n2)), abs=1e-2
    )
    assert border_at(fig, 25.0) == pytest.approx(9.51, abs=0.01)
    assert image_class_at(fig, scene, margin, pt.x[0], pt.y[0]) == 0
    assert int(margin_classes_at(scene.W, scene.xv, "lsoftmax", **scene.params)) == 0  # the canvas


SCENES = [
    replace(Scene(), x=tuple(np.round(xy, 2)), label=label, biases=biases)
    for xy, label, biases in [
        ((1.8, 0.85), 0, (0.0, 0.0, 0.0)),
        ((-1.5, -0.3), 0, (0.0, 0.0, 0.0)),
        ((0.3, 2.0), 1, (0.8, -0.4, 0.0)),
        ((-2.0, 0.5), 2, (0.0, 1.0, -1.0)),
        ((0.9, 0.2), 1, (-0.5, 0.0, 0.5)),
    ]
]


@pytest.mark.parametrize("loss", sorted(KINDS))
@pytest.mark.parametrize("index", range(len(SCENES)))
def test_angle_space_sample_side_is_the_tables_winner(loss, index):
    # Class y's region holds the sample exactly where its margin logit is the largest, and j's where
    # j, labelled, would beat y by its margin: the table's numbers, for every kind and bias.
    scene = SCENES[index].with_loss(loss)
    scene = replace(scene, biases=SCENES[index].biases)
    margin = margin_results(scene, resolution=8)
    fig = angle_space_figure(scene, margin)
    (pt,) = by_role(fig, "sample")
    y, j = scene.label, pt.meta["other"]
    extra = {"b": scene.b} if loss == "softmax" else {}
    z_y = margin_logits(scene.W, scene.xv, y, loss, **extra, **scene.params)
    z_j = margin_logits(scene.W, scene.xv, j, loss, **extra, **scene.params)
    assert z_y[j] == max(np.delete(z_y, y))  # j is the strongest other class
    expected = 0 if z_y[y] > z_y[j] else 1 if z_j[j] > z_j[y] else -1
    # Where the sample is more than a cell from either border, its cell has its colour.
    lead = min(abs(z_y[y] - z_y[j]), abs(z_j[j] - z_j[y]))
    if lead > 0.2:
        assert image_class_at(fig, scene, margin, pt.x[0], pt.y[0]) == expected
    # And the bold border says the same: above class y's border iff y wins.
    border = border_at(fig, pt.x[0])
    if np.isfinite(border) and abs(border - pt.y[0]) > 1.0:
        assert (pt.y[0] > border) == (expected == 0)


@pytest.mark.parametrize("lang", sorted(STRINGS))
def test_angle_space_title_says_which_classes_and_which_lengths(lang):
    scene = replace(from_link("v=2&loss=softmax&y=2"), biases=(0.5, 0.0, 0.0))
    fig = angle_space_figure(scene, margin_results(scene, resolution=8), lang=lang)
    values = "‖w_y‖ = 1.17, ‖w_j‖ = 2.5, ‖x‖ = 2.12, b_y − b_j = -0.5"
    names = t("class.name", lang, k=2), t("class.name", lang, k=1)
    assert plain(fig.layout.legend.title.text) == t(
        "margin.angle_title", lang, y=names[0], j=names[1], values=values
    )
    assert fig.layout.legend.title.side == "top"  # above the entries, below the plot
    keys = {tr.meta["role"]: tr.name for tr in fig.data if tr.meta.get("role", "").startswith("wins-")}
    assert keys == {
        "wins-y": t("margin.angle_wins_plain", lang, winner=names[0], loser=names[1]),
        "wins-j": t("margin.angle_wins_plain", lang, winner=names[1], loser=names[0]),
    }
    origin = replace(scene, x=(0.0, 0.0))
    fig = angle_space_figure(origin, margin_results(origin, resolution=8), lang=lang)
    assert t("margin.angle_x_origin", lang) in plain(fig.layout.legend.title.text)
    assert by_role(fig, "sample") == []  # x has no angle


def test_angle_space_present_mode_grows_the_legend_title_and_keeps_the_axis_title_short():
    # The y axis says θ_j; which class j is, the legend's title says. In present mode the title
    # grows with the legend (it stayed 12 px beside 19 px entries).
    scene = Scene()
    fig = angle_space_figure(scene, margin_results(scene, resolution=8))
    assert fig.layout.yaxis.title.text == "θ_j (degrees)"
    assert "class 2 (j), the strongest other class" in plain(fig.layout.legend.title.text)
    assert fig.layout.height == 720
    shown = for_projector(fig)
    assert shown.layout.legend.title.font.size == pytest.approx(19.2)
    assert shown.layout.legend.font.size == pytest.approx(19.2)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("chart", ["curves", "angle_space", "loss_vs_s"])
def test_a_comparison_s_y_title_fits_its_plot_in_present_mode(chart, lang):
    SCALES = np.linspace(0.5, 64.0, 128)  # the page's
    # "target logit ÷ its scale S (‖w_y‖‖x‖, s, ‖x‖)" ran off the curves chart's top in present
    # mode: each line of a title now fits the plot's height.
    scene = replace(Scene(), loss="arcface")
    r = margin_results(scene, resolution=16)
    fig = {
        "curves": lambda: target_curves_figure(scene, r, lang=lang),
        "angle_space": lambda: angle_space_figure(scene, r, lang=lang),
        "loss_vs_s": lambda: loss_scale_figure(scene, SCALES, loss_against_scale(scene, SCALES), lang=lang),
    }[chart]()
    fig = for_projector(fig)
    layout = fig.layout
    tall = layout.height - layout.margin.t - layout.margin.b
    size = layout.yaxis.title.font.size
    for line in layout.yaxis.title.text.split("<br>"):
        em = sum(1.0 if ord(c) > 0x2E80 else 0.62 for c in line)  # labels.CHAR_EM; a CJK one is 1 em
        assert em * size <= tall, (line, em * size, tall)


def test_a_live_chart_gets_from_the_parts_the_json_of_its_figure():
    # wiring.live_chart sends builder.parts(...).to_json() instead of go.Figure's to_dict: the same
    # JSON, without the template go.Figure adds.
    import json

    scene = Scene()
    margin, scales = margin_results(scene), np.linspace(1, 64, 8)
    builds = [
        (target_curves_figure, (scene, margin)),
        (angle_space_figure, (scene, margin)),
        (loss_scale_figure, (scene, scales, loss_against_scale(scene, scales))),
    ]
    for build, args in builds:
        sent = json.loads(build.parts(*args, lang="zh").to_json())
        fig = json.loads(build(*args, lang="zh").to_json())
        fig["layout"].pop("template")
        assert sent == fig, build.__name__


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_present_mode_s_canvas_legend_takes_one_line_an_entry(kind, lang):
    # On a 1024x768 projector the legend's 18 px entries, wrapped below the plane to 2-3 lines each,
    # left the margin lab's plane 200 px wide (a QA pass as a teacher). Present mode's entries are
    # the short ones, each one line at present mode's wrap (figures.LEGEND_WRAP characters).
    from softmaxviz.figures import LEGEND_WRAP

    scene = replace(Scene().with_loss(kind), compare_softmax=True)
    fig = for_projector(margin_canvas_figure(scene, margin_results(scene), lang=lang, present=True))
    names = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False]
    assert names and all(len(name) <= LEGEND_WRAP and "<br>" not in name for name in names), names
    normal = margin_canvas_figure(scene, margin_results(scene), lang=lang)
    assert t("legend.no_margin_border.short", lang) in names
    assert not any(
        name == t("legend.no_margin_border.short", lang) for name in (tr.name for tr in normal.data)
    )
