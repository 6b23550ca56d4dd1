"""The 3D view's data (softmaxviz/view3d.py): its colours and what the component is sent."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from softmaxviz import view3d
from softmaxviz.canvas import REDRAW_GAP_MS
from softmaxviz.results import explorer3d_results
from softmaxviz.state import Scene
from softmaxviz.view3d import shade, view_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sent(monkeypatch):
    """Every component call's keyword arguments, in order (the component itself is not drawn)."""
    calls: list[dict] = []
    monkeypatch.setattr(view3d, "_component", lambda **kw: calls.append(kw))
    return calls


def test_shade_mixes_the_class_colour_over_white_by_how_sure_the_winner_is():
    # k = 3: p = 1/3 is no surer than chance (alpha 0.25), p = 1 is sure (alpha 1).
    # #0072B2 at 0.25 over white: 0.75 * 255 + 0.25 * (0, 114, 178) = (191.25, 219.75, 235.75).
    colours = shade(np.array([0, 1, 2]), np.array([1 / 3, 1.0, 2 / 3]), 3)
    # #009E73 at alpha 0.625 (certainty 0.5): 0.375 * 255 + 0.625 * (0, 158, 115) = (95.6, 194.4, 167.5).
    assert colours == ["#bfdcec", "#d55e00", "#60c2a8"]


def test_the_3d_arcs_read_apart_in_a_near_tie_and_skip_an_undefined_angle():
    # θ1 = θ2 = 45.0° beside the class table's 45.003 | 44.997.
    scene = Scene(weights3=((2.0, 0.0, 0.0), (0.0, 2.0, 0.0), (0.0, 0.0, 0.0)), x3=(1.0, 1.0001, 0.0))
    arcs = view_data(scene, explorer3d_results(scene))["arcs"]
    assert [a["label"] for a in arcs] == ["θ1 = 45.003°", "θ2 = 44.997°"]  # w3 = 0: no angle


def test_the_view_travels_as_one_json_string_that_gives_back_view_data(sent):
    scene = Scene()
    data = view_data(scene, explorer3d_results(scene))
    view3d.view3d(data, key="view3d", seq=3, camseq=1, ack=2, release=5, busy=True)
    payload = sent[-1]["data"]
    assert isinstance(payload["view"], str)
    assert json.loads(payload["view"]) == json.loads(json.dumps(data))
    assert not set(data) & set(payload)  # nothing of the view twice
    sent_along = [payload[k] for k in ("seq", "camseq", "ack", "release", "busy")]
    assert sent_along == [3, 1, 2, 5, True]


def test_the_views_rev_follows_what_it_draws_not_the_release_count(sent):
    scene = Scene()
    data = view_data(scene, explorer3d_results(scene))
    moved = scene.with_points3({"x": [0.5, 0.5, 0.5]})
    for d, release in ((data, 0), (data, 7), (view_data(moved, explorer3d_results(moved)), 7)):
        view3d.view3d(d, key="view3d", seq=1, camseq=1, release=release)
    first, same, other = (call["data"]["rev"] for call in sent)
    assert first == same != other


def test_a_reply_with_the_numbers_only_sends_no_view_and_says_how_often_to_ask(sent):
    # ui/callbacks.py: draws. view3d.js keeps what it draws, and asks for the view again after
    # redraw_gap_ms (flight.js: asksToDraw), the canvas's gap.
    view3d.view3d(None, key="view3d", seq=3, camseq=1, ack=4)
    payload = sent[-1]["data"]
    assert payload["view"] is None
    assert (payload["ack"], payload["seq"], payload["redraw_gap_ms"]) == (4, 3, REDRAW_GAP_MS)


TURN_JS = """
import { turned } from %s;
const r = (c) => c && c.map((v) => Math.round(v * 1e4) / 1e4);
console.log(JSON.stringify([
  r(turned([0, 0], "ArrowLeft", false)),        // 5 degrees, as a drag to the left turns it
  r(turned([0, 0], "ArrowDown", true)),         // Shift: 15 degrees
  r(turned([3.1, 0], "ArrowLeft", false)),      // the azimuth wraps past pi
  r(turned([0, 1.5], "ArrowDown", false)),      // the elevation stops short of the pole
  turned([0, 0], "a", false),                   // any other key: not a turn
]));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node (tests/run_all.sh installs it with npm)")
def test_the_arrow_keys_turn_the_3d_view_by_five_degrees(tmp_path):
    for name in ("view3d.js", "flight.js"):
        (tmp_path / name).write_text((ROOT / "softmaxviz" / name).read_text())
    script = TURN_JS % json.dumps((tmp_path / "view3d.js").as_uri())
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    step = math.pi / 36
    wrapped = math.atan2(math.sin(3.1 + step), math.cos(3.1 + step))
    expected = [[step, 0], [0, 3 * step], [wrapped, 0], [0, 1.55], None]
    got = json.loads(out.stdout)
    assert got[-1] is None
    for g, e in zip(got[:-1], expected[:-1], strict=True):
        assert g == pytest.approx(e, abs=1e-4)
