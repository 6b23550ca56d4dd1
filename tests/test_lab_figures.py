"""Training-lab figures: checked on fig.data / fig.layout, validated by Plotly."""

from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest

from softmaxviz import lab
from softmaxviz.figures import HALO
from softmaxviz.lab_figures import (
    angles_figure,
    feature_figure,
    linear_figure,
    linear_figure_3d,
    loss_figure,
    norms_figure,
)
from softmaxviz.state import Scene
from softmaxviz.strings import t
from softmaxviz.training import load_digits


@pytest.mark.parametrize("kind", ["softmax", "arcface", "sphereface"])
def test_linear_figure_draws_points_weights_and_draggable_handles(kind):
    scene = replace(Scene(), train_loss=kind, train_classes=5)
    run = lab.advance(lab.start(scene), scene, 3)
    fig = linear_figure(scene, run)
    go.Figure(fig.to_dict())  # valid for Plotly
    points = [tr for tr in fig.data if (tr.meta or {}).get("role") == "points"]
    assert len(points) == 5 and sum(len(tr.x) for tr in points) == run.X.shape[1]
    (handles,) = [tr for tr in fig.data if (tr.meta or {}).get("role") == "handles"]
    assert handles.meta["names"] == ["w1", "w2", "w3", "w4", "w5"]
    assert list(handles.x) == pytest.approx(run.W[0].tolist())
    assert fig.layout.images[0].source.startswith("data:image/png")
    # The names are outlined in white: w3's vanished among its class's green points.
    assert handles.textfont.shadow == HALO


def test_curves_follow_the_history():
    scene = Scene()
    run = lab.advance(lab.start(scene), scene, 12)
    loss, accuracy = loss_figure(scene, run).data
    assert list(loss.x) == list(range(13)) and list(loss.y) == pytest.approx(run.losses.tolist())
    assert list(accuracy.y) == pytest.approx(run.accuracy.tolist())
    # Accuracy's axis reads in percent at round values, whatever the loss axis does.
    axis = loss_figure(scene, run).layout.yaxis2
    assert list(axis.tickvals) == [0, 0.25, 0.5, 0.75, 1] and axis.tickformat == ".0%"
    # The last step short of the right axis: on a phone its tick label lay on that axis's "0%".
    assert list(loss_figure(scene, run).layout.xaxis.range) == pytest.approx([0, 12 + 0.08 * 12])
    one = lab.advance(lab.start(scene), scene, 0)
    # One record: a marker at step 0 on an axis of the steps to come (Plotly's own ran from -1 to 1).
    assert list(loss_figure(scene, one).layout.xaxis.range) == pytest.approx([-0.4, 5.4])
    norms = norms_figure(scene, run).data
    for k, trace in enumerate(norms):
        assert list(trace.y) == pytest.approx(run.norms[:, k].tolist())
    angles = angles_figure(scene, run).data
    assert list(angles[0].y) == pytest.approx(np.degrees(run.mean_angles[:, 0]).tolist())
    assert [trace.name for trace in angles] == ["∠(w1, x̄1)", "∠(w2, x̄2)", "∠(w3, x̄3)"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_angles_chart_says_which_class_has_no_mean(lang):
    # Points of class 1 only: classes 2 and 3 listed curves that were never drawn, without a word.
    scene = replace(Scene(), train_data="clicked", train_points=((1.0, 0.0, 0), (2.0, 1.0, 0)))
    run = lab.advance(lab.start(scene), scene, 2)
    names = [trace.name for trace in angles_figure(scene, run, lang=lang).data]
    none = t("lab.no_mean", lang)
    assert names == ["∠(w1, x̄1)", f"∠(w2, x̄2){none}", f"∠(w3, x̄3){none}"]
    assert np.isnan(run.mean_angles[:, 1:]).all()


def linear_eye() -> dict:
    scene = replace(Scene(), train_dim=3)
    return linear_figure_3d(scene, lab.start(scene)).layout.scene.camera.eye.to_plotly_json()


@pytest.mark.parametrize("dim", [2, 3])
def test_feature_figure_shows_the_held_out_digits_and_the_weight_directions(dim):
    scene = replace(Scene(), feature_dim=dim)
    runs = lab.advance_features(lab.start_features(scene), scene, 1)
    images, labels = load_digits(lab.digit_classes(scene))
    fig = feature_figure(scene, runs.fits[0], images, labels)
    go.Figure(fig.to_dict())
    features = [tr for tr in fig.data if (tr.meta or {}).get("role") == "features"]
    assert sum(len(tr.x) for tr in features) == runs.fits[0].held_out_index.size
    weights = [tr for tr in fig.data if (tr.meta or {}).get("role") == "weight"]
    assert len(weights) == 3 and all(tr.type == ("scatter3d" if dim == 3 else "scatter") for tr in weights)
    if dim == 3:  # seen from as far as the linear tab's (at Plotly's 1.25 its cube was cut at 1024 px)
        assert fig.layout.scene.camera.eye.to_plotly_json() == linear_eye()


def test_3d_figure_draws_every_point_and_weight():

    scene = replace(Scene(), train_dim=3, train_classes=4)
    run = lab.advance(lab.start(scene), scene, 2)
    fig = linear_figure_3d(scene, run)
    go.Figure(fig.to_dict())
    points = [tr for tr in fig.data if (tr.meta or {}).get("role") == "points"]
    assert sum(len(tr.x) for tr in points) == run.X.shape[1]
    arrows = [tr for tr in fig.data if (tr.meta or {}).get("role") == "arrow"]
    assert [list(tr.z)[1] for tr in arrows] == pytest.approx(run.W[2].tolist())
    # Seen from farther than Plotly's default eye (1.25, 1.25, 1.25), which cut the cube's lowest
    # tick labels at the scene's bottom edge.
    eye = fig.layout.scene.camera.eye
    assert np.hypot(eye.x, eye.y) > np.hypot(1.25, 1.25) and eye.z > 1.25


def test_before_any_step_the_charts_show_where_training_starts():
    # Before the first step the charts stood empty beside "Step 0 · loss 3.2094 · accuracy 0%".
    # Now they show that start at step 0, the record the first step will open with, and a weight
    # dragged before it moves it: the status line's numbers, which lab.score computes apart.
    scene = Scene()
    start = lab.start(scene)
    dragged = lab.with_points(start, {"w1": [2.0, 0.0]})
    for run in (start, dragged):
        loss, accuracy = loss_figure(scene, run).data
        assert list(loss.x) == [0] and loss.mode == "markers"
        assert (loss.y[0], accuracy.y[0]) == pytest.approx(lab.score(run), rel=1e-12)
        norms = norms_figure(scene, run).data
        assert [trace.y[0] for trace in norms] == pytest.approx(np.linalg.norm(run.W, axis=0).tolist())
        assert all(list(trace.x) == [0] for trace in angles_figure(scene, run).data)
    assert lab.advance(dragged, scene, 1).losses[0] == pytest.approx(lab.score(dragged)[0], rel=1e-12)
    # No points, or an angular loss whose angle is undefined: nothing to draw, no error.
    empty = lab.start(replace(scene, train_data="clicked"))
    assert all(len(trace.x) == 0 for trace in loss_figure(scene, empty).data)
    cosface = lab.start(replace(scene, train_loss="cosface"))
    zero = lab.with_points(cosface, {"w1": [0.0, 0.0]})
    assert all(len(trace.x) == 0 for trace in loss_figure(scene, zero).data)


@pytest.mark.parametrize("build", [loss_figure, norms_figure, angles_figure])
def test_a_chart_of_one_step_draws_its_point(build):
    # A line of one point is not drawn: after one step of one the charts stayed blank. The records
    # open with step 0's now, so one record is a run that stopped before its first step, or this.
    scene = replace(Scene(), train_steps=1)
    one = lab.advance(lab.start(scene), scene, 0)
    fig = build(scene, one)
    assert all(tr.mode == "markers" and len(tr.x) == 1 for tr in fig.data)
    assert fig.layout.xaxis.dtick == 1  # whole steps: not 0, 0.5, 1, 1.5, 2
    assert list(fig.layout.xaxis.range) == pytest.approx([-0.4, 5.4])
    assert all(tr.mode == "lines" for tr in build(scene, lab.advance(one, scene, 1)).data)
    assert build(scene, lab.advance(lab.start(scene), scene, 9)).layout.xaxis.dtick is None


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("build", [loss_figure, norms_figure, angles_figure])
def test_a_chart_s_axis_titles_fit_its_plot_in_present_mode(build, lang):
    # "angle to the class mean (°)" ran past the plot's height at present mode's text and was cut.
    from softmaxviz.figures import for_projector

    scene = Scene()
    run = lab.advance(lab.start(scene), scene, 5)
    fig = for_projector(build(scene, run, lang=lang))
    layout = fig.layout
    tall = layout.height - layout.margin.t - layout.margin.b
    for axis in [layout[name] for name in layout if name.startswith("yaxis")]:
        text = axis.title.text or ""
        # A wide (CJK) character is about 1 em, any other about 0.62 em (labels.CHAR_EM).
        em = sum(1.0 if ord(c) > 0x2E80 else 0.62 for c in text)
        assert em * axis.title.font.size <= tall, (text, em * axis.title.font.size, tall)


def test_every_axis_grows_its_margin_to_fit_its_ticks_and_title():
    # Drawn without Streamlit's template (wiring.live_chart), a fixed margin of 10 px cut the
    # features chart's minus signs (-2 read 2), and in present mode the loss chart's right title
    # overlapped its ticks.
    scene = replace(Scene(), feature_dim=2)
    run = lab.advance(lab.start(scene), scene, 2)
    runs = lab.advance_features(lab.start_features(scene), scene, 1)
    images, labels = load_digits(lab.digit_classes(scene))
    figures = [build(scene, run) for build in (loss_figure, norms_figure, angles_figure)]
    figures.append(feature_figure(scene, runs.fits[0], images, labels))
    for fig in figures:
        axes = [name for name in fig.layout if name.startswith(("xaxis", "yaxis"))]
        assert len(axes) >= 2
        assert all(fig.layout[name].automargin for name in axes), [fig.layout[name] for name in axes]
        # Plotly's own standoff, from the ticks' font, put a y title on its tick labels in present
        # mode: "准确率" over the right axis's "50%", "‖w_k‖" on the left's "0.5" (a QA pass).
        ys = [fig.layout[name] for name in axes if name.startswith("yaxis") and fig.layout[name].title.text]
        assert all(y.title.standoff >= 8 for y in ys), [(y.title.text, y.title.standoff) for y in ys]


@pytest.mark.parametrize("dim", [2, 3])
def test_a_live_chart_gets_from_the_parts_the_json_of_its_figure(dim):
    # wiring.live_chart sends builder.parts(...).to_json(): through go.Figure and to_dict, each of
    # the lab's charts took 3.6-4.6 ms of every frame of Play. The same JSON, without a template.
    import json

    scene = replace(Scene(), train_dim=dim, feature_dim=dim)
    run = lab.advance(lab.start(scene), scene, 2)
    runs = lab.advance_features(lab.start_features(scene), scene, 1)
    images, labels = load_digits(lab.digit_classes(scene))
    builds = [(build, (scene, run)) for build in (loss_figure, norms_figure, angles_figure)]
    builds += [(feature_figure, (scene, runs.fits[0], images, labels))]
    builds += [(linear_figure_3d, (scene, run))] if dim == 3 else []
    for build, args in builds:
        sent, fig = (
            json.loads(build.parts(*args, lang="zh").to_json()),
            json.loads(build(*args, lang="zh").to_json()),
        )
        fig["layout"].pop("template")  # go.Figure's default: live_chart dropped it
        assert sent == fig, build.__name__
