import base64
import struct
import zlib
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from softmaxviz.figures import explorer_figure, png_data_uri, projection_figure, region_data_uri, region_image
from softmaxviz.margin_figures import margin_canvas_figure
from softmaxviz.palette import CLASS_COLORS, SAMPLE_COLOR
from softmaxviz.results import explorer3d_results, explorer_results, margin_results
from softmaxviz.scenarios import SCENARIOS
from softmaxviz.state import LAYERS, Scene


def build(scene):
    r = explorer_results(scene)
    return explorer_figure(scene, r)


def by_role(fig, role):
    return [tr for tr in fig.data if (tr.meta or {}).get("role") == role]


def test_handles_and_arrows_are_where_the_scene_says():
    fig = build(Scene())
    (handles,) = by_role(fig, "handles")
    assert handles.meta["names"] == ["w1", "w2", "w3", "x"]
    assert list(handles.x) == [2.5, 0.4, -1.4, 1.5] and list(handles.y) == [0.0, 1.1, -1.2, 1.5]
    arrows = by_role(fig, "arrow")
    assert [a.meta["handle"] for a in arrows] == ["w1", "w2", "w3", "x"]
    assert [a.line.color for a in arrows] == [*CLASS_COLORS, SAMPLE_COLOR]
    assert list(arrows[1].x) == [0.0, 0.4] and list(arrows[1].y) == [0.0, 1.1]
    assert list(arrows[3].x) == [0.0, 1.5] and list(arrows[3].y) == [0.0, 1.5]
    assert fig.data[-1] is handles  # drawn on top, so it is what the pointer grabs


def test_x_is_an_arrow_from_the_origin_unless_its_layer_is_off():
    layers = frozenset(LAYERS) - {"x_arrow"}
    arrows = by_role(build(replace(Scene(), layers=layers)), "arrow")
    assert [a.meta["handle"] for a in arrows] == ["w1", "w2", "w3"]


def test_equal_aspect_fixed_view_no_plotly_drag():
    fig = build(Scene())
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    assert tuple(fig.layout.xaxis.range) == (-4, 4) and tuple(fig.layout.yaxis.range) == (-4, 4)
    assert fig.layout.xaxis.fixedrange and fig.layout.dragmode is False


def test_regions_image_is_a_png_covering_the_view():
    fig = build(Scene())
    (img,) = fig.layout.images
    assert img.source.startswith("data:image/png;base64,")
    assert (img.x, img.y, img.sizex, img.sizey) == (-4, 4, 8, 8)
    raw = base64.b64decode(img.source.split(",", 1)[1])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", raw[16:24])
    assert (w, h) == (160, 160)


def test_png_encoder_round_trips_pixels():
    rgb = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    raw = base64.b64decode(png_data_uri(rgb).split(",", 1)[1])
    idat_len = struct.unpack(">I", raw[33:37])[0]
    data = zlib.decompress(raw[41 : 41 + idat_len])
    rows = [data[i * 10 + 1 : (i + 1) * 10] for i in range(2)]  # filter byte + 9 bytes per row
    assert b"".join(rows) == rgb.tobytes()


def test_region_data_uri_is_the_png_of_the_region_image():
    regions = explorer_results(Scene(), resolution=20).regions
    assert region_data_uri(regions) == png_data_uri(region_image(regions))
    other = explorer_results(Scene(temperature=3.0), resolution=20).regions
    assert region_data_uri(other) == png_data_uri(region_image(other)) != region_data_uri(regions)
    colors = ("#000000", "#ffffff", "#ff0000")
    assert region_data_uri(regions, colors) == png_data_uri(region_image(regions, colors))


def test_region_image_colours_the_winner():
    r = explorer_results(Scene(), resolution=20)
    img = region_image(r.regions)
    # Bottom-right of the view is class 1 (blue, w1 = (2.5, 0)): blue channel dominates.
    px = img[-1, -1]
    assert px[2] > px[0]
    # Image rows go top-down, the grid bottom-up: the top-left corner (-4, 4) is class 2
    # (z2 = -1.6 + 4.4 = 2.8 beats z1 = -10 and z3 = 0.8), vermillion: red dominates.
    top_left = img[0, 0]
    assert top_left[0] > top_left[2]


def test_borders_trace_matches_core_borders():
    scene = Scene()
    r = explorer_results(scene)
    fig = build(scene)
    (borders,) = by_role(fig, "borders")
    assert len([v for v in borders.x if v is None]) == len(r.borders) == 3


def test_arcs_label_each_defined_angle_and_skip_undefined():
    fig = build(Scene())
    arcs = by_role(fig, "arc")
    assert [a.name for a in arcs] == ["θ1 = 45.0°", "θ2 = 25.0°", "θ3 = 175.6°"]
    assert by_role(build(replace(Scene(), x=(0.0, 0.0))), "arc") == []


def test_arcs_in_a_near_tie_read_apart_as_the_class_table_does():
    # θ1 = θ2 = 45.0° on the canvas beside the table's 45.003 | 44.997 and a tick on class 2.
    scene = replace(Scene(), weights=((2.0, 0.0), (0.0, 2.0), (-1.4, -1.2)), x=(1.0, 1.0001))
    names = [a.name for a in by_role(build(scene), "arc")]
    assert names == ["θ1 = 45.003°", "θ2 = 44.997°", "θ3 = 175.6°"]
    assert [a.text[-1] for a in by_role(build(scene), "arc")] == names  # the label drawn, too


def test_projection_foot_is_x_dot_unit_w():
    fig = build(replace(Scene(), selected=1))
    (proj,) = by_role(fig, "projection")
    u = np.array([0.4, 1.1]) / np.hypot(0.4, 1.1)
    foot = (np.array([1.5, 1.5]) @ u) * u
    assert proj.x[1] == pytest.approx(foot[0]) and proj.y[1] == pytest.approx(foot[1])
    assert proj.line.color == CLASS_COLORS[1]


def test_layer_toggles_remove_overlays():
    fig = build(replace(Scene(), layers=frozenset()))
    roles = {(tr.meta or {}).get("role") for tr in fig.data}
    assert roles == {"arrow", "handles"}
    assert len(fig.layout.images) == 0


def test_normalised_view_draws_unit_circle_and_unit_vectors():
    fig = build(replace(Scene(), normalize_w=True, normalize_x=True))
    (uv,) = by_role(fig, "unit-vectors")
    np.testing.assert_allclose(np.hypot(uv.x, uv.y), 1.0)
    assert len(by_role(fig, "unit-circle")) == 1


def test_figure_is_deterministic_and_small():
    a, b = build(Scene()).to_json(), build(Scene()).to_json()
    assert a == b
    assert len(a) < 150_000


@pytest.mark.parametrize(
    "scene",
    [
        Scene(),
        replace(Scene(), normalize_w=True, normalize_x=True, selected=2),
        replace(Scene(), normalize_x=True, biases=(0.5, 0.0, -0.5)),
        replace(Scene(), x=(0.0, 0.0), weights=((0.0, 0.0), (1.0, 1.0), (1.0, 1.0))),
        replace(Scene(), layers=frozenset()),
    ],
)
def test_builder_output_passes_plotly_validation(scene):
    # The builder skips validation for speed; every property must still be valid plotly.
    import plotly.graph_objects as go

    go.Figure(build(scene).to_dict())


def test_classes_differ_by_shape_and_projector_scales_up():
    from softmaxviz.figures import HALO, for_projector

    fig = build(Scene())
    (handles,) = by_role(fig, "handles")
    assert list(handles.marker.symbol[:3]) == ["circle-open", "square-open", "diamond-open"]
    assert handles.textfont.shadow == HALO  # names read over regions and arcs of their colour
    # So do the angles' and the projection's labels: an angle's label in its class's colour on its
    # own region stood at 1.8:1 against the shading (a QA pass).
    labels = [*by_role(fig, "arc"), *by_role(fig, "projection-label")]
    assert len(labels) == 4 and all(tr.textfont.shadow == HALO for tr in labels)
    big = for_projector(fig)
    (big_handles,) = by_role(big, "handles")
    assert big_handles.marker.size[0] > handles.marker.size[0]
    assert by_role(big, "arrow")[0].line.width > by_role(fig, "arrow")[0].line.width
    assert big.layout.font.size > fig.layout.font.size
    assert by_role(fig, "arrow")[0].line.width == 3  # the original is untouched


def test_projector_grows_tick_labels_and_axis_titles_past_the_chart_theme():
    # Streamlit's chart theme sizes ticks (12 px) and axis titles (14 px) itself: the layout's font
    # did not reach them, and a margin lab chart's ticks stayed 13.5 px in present mode.
    import plotly.graph_objects as go

    from softmaxviz.figures import PRESENT_MIN_FONT, for_projector

    fig = go.Figure(
        layout=dict(
            xaxis=dict(title="θ_y"), yaxis2=dict(tickfont=dict(size=10)), scene=dict(aspectmode="cube")
        )
    )
    big = for_projector(fig)
    axes = [big.layout.xaxis, big.layout.yaxis, big.layout.yaxis2, big.layout.scene.zaxis]
    assert all(a.tickfont.size >= PRESENT_MIN_FONT and a.title.font.size >= PRESENT_MIN_FONT for a in axes)
    assert big.layout.xaxis.tickfont.size == 13 * 1.6  # the layout's own size where it sets none
    # The canvases' ticks keep the size they inherited from their layout's font (13 x 1.6).
    canvas = for_projector(build(Scene()))
    assert canvas.layout.xaxis.tickfont.size == canvas.layout.font.size


def test_projector_moves_a_legend_below_the_plot_down_with_its_text():
    # The margin lab's plane: the x axis's title grew 1.6x and covered the legend's first row at
    # the legend's old place (a share of the plot's height below it).
    import plotly.graph_objects as go

    from softmaxviz.figures import PROJECTOR_SCALE, for_projector
    from softmaxviz.margin_figures import margin_canvas_figure
    from softmaxviz.results import margin_results

    scene = Scene()
    fig = margin_canvas_figure(scene, margin_results(scene, resolution=16))
    assert fig.layout.legend.y < 0
    assert for_projector(fig).layout.legend.y == pytest.approx(fig.layout.legend.y * PROJECTOR_SCALE)
    # A legend inside the plot stays where it is, and so does one at the chart's bottom edge.
    inside = go.Figure(layout=dict(legend=dict(y=0.9)))
    assert for_projector(inside).layout.legend.y == 0.9
    edge = go.Figure(layout=dict(legend=dict(y=0, yref="container", yanchor="bottom")))
    assert for_projector(edge).layout.legend.y == 0


def test_handles_on_the_views_edge_are_drawn_whole_and_ones_beyond_it_are_clipped():
    # On the edge, a clipped handle showed half its marker and "w" of "w1".
    edge = Scene().with_points({"w1": [4.0, 0.0], "x": [-4.0, -4.0]})
    (handles,) = by_role(build(edge), "handles")
    assert handles.cliponaxis is False
    # Beyond the view (a typed value) it must not be drawn over the axes and the legend.
    beyond = Scene().with_points({"w1": [6.0, 0.0]})
    (handles,) = by_role(build(beyond), "handles")
    assert handles.cliponaxis is True


def test_defect4_normalised_x_with_biases_draws_rays_from_the_origin():
    # One borders trace as before, each segment from the origin to the edge of the view, along the
    # directions where the wedges' colours change (tests/test_results.py checks the colours).
    scene = replace(Scene(), normalize_x=True, biases=(0.5, 0.0, -0.5))
    r = explorer_results(scene)
    (borders,) = by_role(build(scene), "borders")
    xs, ys = list(borders.x), list(borders.y)
    assert len(xs) == 3 * len(r.borders) == 9
    for n, seg in enumerate(r.borders):
        assert (xs[3 * n], ys[3 * n]) == (0.0, 0.0)
        assert (xs[3 * n + 1], ys[3 * n + 1]) == seg.end and max(map(abs, seg.end)) == 4.0
        assert xs[3 * n + 2] is None


@pytest.mark.parametrize("scene", [Scene(), *(s.scene for s in SCENARIOS)], ids=lambda s: "scene")
def test_canvas_figures_hold_no_object_arrays(scene):
    # orjson (plotly's JSON engine where installed) refuses an object array: the figure was then
    # serialised twice on every drag update, and orjson < 3.9.6 leaked each refused array, which
    # was the soak's memory growth (bench/README.md). Lists with None are what Plotly wants.
    figures = [
        explorer_figure(scene, explorer_results(scene)),
        margin_canvas_figure(scene, margin_results(scene)),
        *(projection_figure(scene, explorer3d_results(scene), axes=a) for a in ((0, 1), (0, 2), (1, 2))),
    ]
    for fig in figures:
        for trace in fig.data:
            for name in ("x", "y", "text"):
                value = getattr(trace, name, None)
                assert not (isinstance(value, np.ndarray) and value.dtype == object), (trace.name, name)


@pytest.mark.parametrize("scene", [Scene(), SCENARIOS[0].scene], ids=["default", "scenario"])
def test_canvas_figures_carry_no_template(scene):
    # plotly.py's default template was 7 KB of every drag update's 17 KB, and Plotly.js applied it
    # to every trace on every redraw; the plane layout sets what the canvas kept of it.
    figures = [
        explorer_figure(scene, explorer_results(scene)),
        margin_canvas_figure(scene, margin_results(scene)),
        projection_figure(scene, explorer3d_results(scene), axes=(0, 1)),
    ]
    for fig in figures:
        layout = fig.to_plotly_json()["layout"]
        assert layout["template"] == {}
        assert layout["xaxis"]["zerolinewidth"] == layout["yaxis"]["zerolinewidth"] == 2
        # Arrow heads are drawn without the white outline Plotly gives markers of varying size.
        for trace in fig.data:
            if trace.marker and trace.marker.symbol == "arrow":
                assert trace.marker.line.width == 0, trace.name
    assert len(explorer_figure(Scene(), explorer_results(Scene())).to_json()) < 11_000


def canvas_builds(scene):
    """Every figure a drag canvas draws, as (builder, its arguments)."""
    from softmaxviz import lab
    from softmaxviz.figures import batch_figure
    from softmaxviz.lab_figures import linear_figure
    from softmaxviz.results import matrix_results

    space = explorer3d_results(scene)
    return [
        (explorer_figure, (scene, explorer_results(scene))),
        (margin_canvas_figure, (scene, margin_results(scene))),
        (batch_figure, (scene, matrix_results(scene))),
        *((projection_figure, (scene, space), {"axes": a}) for a in ((0, 1), (0, 2), (1, 2))),
        (linear_figure, (scene, lab.advance(lab.start(scene), scene, 2))),
    ]


@pytest.mark.parametrize("scene", [Scene(), *(s.scene for s in SCENARIOS)], ids=lambda s: "scene")
def test_a_canvas_gets_from_the_parts_the_json_of_the_figure(scene):
    # The drag canvases send builder.parts(...).to_json() (0.1 ms) instead of building the
    # go.Figure and its to_json (1.1 ms): the same JSON (keys in another order), for every canvas
    # figure.
    import json

    import plotly.graph_objects as go

    for builder, args, *kwargs in canvas_builds(scene):
        options = {"lang": "zh", **(kwargs[0] if kwargs else {})}
        fig, parts = builder(*args, **options), builder.parts(*args, **options)
        assert isinstance(fig, go.Figure)
        assert json.loads(parts.to_json()) == json.loads(fig.to_json()), builder.__name__
        assert parts.figure().to_json() == fig.to_json()


NUMERIC_DTYPES = ["float64", "float32", "int64", "uint64", "int32", "int16", "uint8"]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(NUMERIC_DTYPES).flatmap(
        lambda dtype: arrays(dtype, array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=5))
    )
)
def test_a_numeric_array_is_written_as_plotly_writes_it(array):
    # figures.typed_array skips to_typed_array_spec's trip through narwhals (0.2 ms an array); the
    # spec must stay the one plotly.py writes: dtype, base64 data, shape, 64-bit integers narrowed.
    import json

    from _plotly_utils.utils import to_typed_array_spec
    from plotly.utils import PlotlyJSONEncoder

    from softmaxviz.figures import typed_array

    want, got = to_typed_array_spec(array), typed_array(array)
    assert type(got) is type(want)
    if isinstance(want, dict):
        assert got == want
    else:
        assert json.dumps(got, cls=PlotlyJSONEncoder) == json.dumps(want, cls=PlotlyJSONEncoder)


def test_big_integers_go_as_the_smallest_type_that_holds_them_or_as_they_are():
    from softmaxviz.figures import typed_array

    assert typed_array(np.array([1, -2], dtype=np.int64))["dtype"] == "i1"
    assert typed_array(np.array([1, 70000], dtype=np.int64))["dtype"] == "i4"
    assert typed_array(np.array([3, 2**40], dtype=np.uint64)).dtype == np.uint64  # no 64-bit in plotly.js
    assert typed_array(np.zeros((2, 3)))["shape"] == "2, 3"


def test_the_matrix_view_s_names_are_outlined_on_their_regions():
    # x⁽ⁿ⁾ in its predicted class's colour on that class's region read at 1.96-2.9:1 (a QA pass).
    from softmaxviz.figures import HALO, batch_figure
    from softmaxviz.results import matrix_results

    (handles,) = by_role(batch_figure(Scene(), matrix_results(Scene())), "handles")
    assert handles.textfont.shadow == HALO
