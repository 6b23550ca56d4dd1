"""Real browser: what only a browser shows, dragging above all (few, meaningful tests)."""

import json
import re

import numpy as np
import pytest
from playwright.sync_api import expect

from softmaxviz import analyze
from softmaxviz.state import Scene

pytestmark = pytest.mark.browser


def row(page, name):
    """The cells of the per-class table's row ``name`` (p, ‖w‖, predicted, ...)."""
    header = page.locator("th", has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    return page.locator("[data-testid='class-table'] tbody tr").filter(has=header).locator("td")


def probabilities_text(scene):
    a = analyze(scene.W, scene.xv, scene.b, scene.temperature)
    return [f"{p:.4f}" for p in a.probabilities]


def test_drag_sample_from_region_1_into_region_2(page, app_url, canvas_of):
    page.goto(f"{app_url}/explorer")
    canvas = canvas_of(page)
    canvas.wait_ready()
    expect(row(page, "predicted")).to_have_text(["✔", "", ""])
    canvas.drag("x", (-0.5, 2.5))
    released = canvas.points()["x"]
    # The handle followed the pointer: snapped to 0.01, within a pixel or two of the target.
    assert released == pytest.approx([-0.5, 2.5], abs=0.03)
    expected = probabilities_text(Scene().with_points({"x": released}))
    expect(row(page, "p")).to_have_text(expected)
    expect(row(page, "predicted")).to_have_text(["", "✔", ""])
    # The typed-coordinate inputs followed the drag too.
    expect(page.get_by_label("x · x₁")).to_have_value(f"{released[0]:.3f}")


def test_drag_weight_tip_changes_its_norm(page, app_url, canvas_of):
    page.goto(f"{app_url}/explorer")
    canvas = canvas_of(page)
    canvas.wait_ready()
    expect(row(page, "‖w‖")).to_have_text(["2.500", "1.170", "1.844"])
    canvas.drag("w2", (0.0, 3.0))
    w2 = canvas.points()["w2"]
    assert w2 == pytest.approx([0.0, 3.0], abs=0.03)
    expect(row(page, "‖w‖")).to_have_text(["2.500", f"{np.hypot(*w2):.3f}", "1.844"])
    expect(row(page, "p")).to_have_text(probabilities_text(Scene().with_points({"w2": w2})))


def test_share_link_opens_its_numbers_and_a_bad_one_warns(page, app_url, canvas_of):
    shared = Scene().with_points({"w1": [1, 0], "w2": [0, 1], "w3": [-1, 0], "x": [1, 1]})
    query = "&".join(f"{k}={v}" for k, v in shared.to_query().items())
    page.goto(f"{app_url}/explorer?{query}")
    canvas = canvas_of(page)
    canvas.wait_ready()
    expect(row(page, "p")).to_have_text(["0.4683", "0.4683", "0.0634"])
    assert canvas.points() == {"w1": [1, 0], "w2": [0, 1], "w3": [-1, 0], "x": [1, 1]}
    page.goto(f"{app_url}/explorer?x=nan,1&T=oops")
    expect(page.get_by_text("could not be read")).to_be_visible()
    expect(row(page, "p")).to_have_text(probabilities_text(Scene()))


def test_drag_sample_across_a_margin_band_changes_the_loss(page, app_url, canvas_of):
    from softmaxviz.margins import margin_classes_at, margin_loss

    scene = Scene()  # ArcFace, s = 8, m = 0.5, label class 1
    page.goto(f"{app_url}/margin_lab")
    canvas = canvas_of(page)
    canvas.wait_ready()
    loss = page.get_by_test_id("stMetricValue")
    expect(loss).to_have_text("5.0039")
    # x = (1.5, 1.5) lies in the band; (2.5, -0.5) is inside class 1's margin region.
    params = scene.params
    assert int(margin_classes_at(scene.W, np.array([1.5, 1.5]), "arcface", **params)) == -1
    assert int(margin_classes_at(scene.W, np.array([2.5, -0.5]), "arcface", **params)) == 0
    canvas.drag("x", (2.5, -0.5))
    released = canvas.points()["x"]
    assert released == pytest.approx([2.5, -0.5], abs=0.03)
    expected = margin_loss(scene.W, np.array(released), 0, "arcface", **params)
    expect(loss).to_have_text(f"{expected:.4f}")
    assert expected < 0.5


def test_3d_view_drags_a_tip_and_keeps_its_camera(page, app_url):
    page.goto(f"{app_url}/explorer_3d")
    view = page.get_by_test_id("view3d")
    expect(view).to_have_attribute("data-rendered", re.compile("."))
    scene = Scene()

    def client(p):
        return page.evaluate("(p) => document.querySelector(\"[data-testid='view3d']\").__v3.toClient(p)", p)

    # Rotate by dragging the background (a corner of the view, away from every handle).
    box = view.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] - 30)
    page.mouse.down()
    page.mouse.move(box["x"] + 90, box["y"] + box["height"] - 50, steps=5)
    page.mouse.up()
    camera = view.get_attribute("data-camera")
    assert camera != "[0.6,0.4]"

    # Drag x's tip in the plane facing the viewer.
    sx, sy = client(list(scene.x3))
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx - 80, sy - 30, steps=8)
    page.mouse.up()
    expect(view).not_to_have_attribute("data-dragging", re.compile("."))
    released = json.loads(view.get_attribute("data-points"))["x"]
    assert released != list(scene.x3)
    moved = Scene().with_points3({"x": released})
    a = analyze(moved.W3, moved.xv3, moved.b, moved.temperature)
    expect(row(page, "p")).to_have_text([f"{p:.4f}" for p in a.probabilities])
    # The rerun that followed did not move the camera.
    assert view.get_attribute("data-camera") == camera


def test_click_on_the_matrix_canvas_adds_a_column(page, app_url, canvas_of):
    page.goto(f"{app_url}/matrix_view")
    canvas = canvas_of(page)
    canvas.wait_ready()
    z_head = page.locator("[data-testid='matrix-Z (K×N)'] thead th")
    expect(z_head).to_have_count(5)  # a corner cell and x1..x4
    page.mouse.click(*canvas.pixel(-3.0, 3.0))
    expect(z_head).to_have_count(6)
    expect(z_head.last).to_have_text("x5")
    # The matrices are drawn before the canvas: wait for the canvas to show the new handle too.
    expect(canvas.el).to_have_attribute("data-points", re.compile('"s5"'))
    added = canvas.points()["s5"]
    assert added == pytest.approx([-3.0, 3.0], abs=0.03)
    z = Scene().W.T @ np.array(added)
    cells = page.locator("[data-testid='matrix-Z (K×N)'] tbody tr td:last-child")
    expect(cells).to_have_text([f"{v:.2f}" for v in z])


def test_canvas_downloads_a_png(browser, app_url, canvas_of):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/explorer")
        canvas_of(page).wait_ready()
        with page.expect_download() as download:
            page.get_by_test_id("canvas-png").click()
        with open(download.value.path(), "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        assert download.value.suggested_filename == "softmaxviz.png"
    finally:
        context.close()
