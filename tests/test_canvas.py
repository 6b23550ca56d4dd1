"""The drag canvas's Python side: what it hands the browser (mode, snapping, words)."""

import json
import shutil
import subprocess
from pathlib import Path

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from softmaxviz import canvas
from softmaxviz.figures import handles_trace
from softmaxviz.state import DRAG_MODES, Scene
from softmaxviz.strings import LANGUAGES, t

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sent(monkeypatch):
    """Every component call's keyword arguments, in order (the component itself is not drawn)."""
    calls: list[dict] = []
    monkeypatch.setattr(canvas, "_component", lambda **kw: calls.append(kw))
    return calls


def draw(**options) -> None:
    scene = Scene()
    figure = go.Figure({"data": [handles_trace(scene.W, scene.xv, "en", view=scene.view)], "layout": {}})
    canvas.drag_canvas(figure, scene.points(), key="test", seq=1, **options)


def test_a_canvas_drags_freely_without_snapping_unless_told(sent):
    draw()
    data = sent[-1]["data"]
    assert (data["mode"], data["snap"]) == ("free", False)


@pytest.mark.parametrize("mode", DRAG_MODES)
def test_the_payload_carries_the_mode_and_snapping(sent, mode):
    draw(mode=mode, snap=True)
    data = sent[-1]["data"]
    assert (data["mode"], data["snap"]) == (mode, True)


def test_an_unknown_drag_mode_is_refused_before_anything_is_drawn(sent):
    with pytest.raises(ValueError, match="drag mode"):
        draw(mode="spin")
    assert sent == []


def test_the_legend_names_every_mode_and_the_modifier_keys_in_each_language():
    english = canvas.canvas_labels("en")
    assert english["modes"] == {
        "free": "Drag: freely",
        "rotate": "Drag: rotate only (‖w‖ stays)",
        "scale": "Drag: scale only (θ stays)",
    }
    assert "Shift: rotate only" in english["keys"] and "Alt: scale only" in english["keys"]
    for lang in LANGUAGES:
        labels = canvas.canvas_labels(lang)
        assert set(labels["modes"]) == set(DRAG_MODES)
        assert "Shift" in labels["keys"] and "Alt" in labels["keys"]
        if lang != "en":
            assert labels["modes"] != english["modes"] and labels["role"] != english["role"]


def test_a_handle_name_template_keeps_its_placeholders_for_the_browser():
    for lang in LANGUAGES:
        template = canvas.canvas_labels(lang)["handle"]
        assert all(part in template for part in ("{name}", "{x}", "{y}")), lang
    # The browser fills it as the handle moves, e.g. "w1 at (2.50, 0.00)".
    assert canvas.canvas_labels("en")["handle"].format(name="w1", x="2.50", y="0.00") == "w1 at (2.50, 0.00)"


def test_the_page_passes_the_link_s_drag_preferences_and_language_to_its_canvas(sent):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"drag": "scale", "snap": "1", "lang": "zh"})
    at.switch_page("pages/explorer.py")
    at.run()
    assert not at.exception
    (data,) = [kw["data"] for kw in sent if kw.get("key") == "explorer_canvas"][-1:]
    assert (data["mode"], data["snap"]) == ("scale", True)
    assert data["labels"] == canvas.canvas_labels(
        "zh", t("canvas.name", "zh", page=t("explorer.title", "zh"))
    )


CANVAS_PAGES = {
    "explorer": ("explorer_canvas",),
    "margin_lab": ("margin_canvas",),
    "tour": ("tour_canvas",),
    "matrix_view": ("matrix_canvas",),
    "explorer_3d": ("proj_xy", "proj_xz", "proj_yz"),
    "training_lab": ("lab_canvas",),
}


@pytest.mark.parametrize("page", sorted(CANVAS_PAGES))
def test_every_canvas_has_a_name_of_its_own_in_the_page_s_language(sent, page):
    # Its handles are named "w1 at (x, y)"; the canvas names what they are on (which projection).
    for lang in LANGUAGES:
        sent.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update({"lang": lang})
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception
        names = {kw["key"]: kw["data"]["labels"]["name"] for kw in sent if "labels" in kw.get("data", {})}
        assert set(names) == set(CANVAS_PAGES[page])
        assert len(set(names.values())) == len(names) and all(names.values())
        if page == "explorer_3d":
            assert names["proj_xz"] == t("canvas.name_plane", lang, plane="xz", a="x", b="z")


def test_components_load_their_code_once_from_static_not_with_every_rerun(tmp_path):
    from softmaxviz.assets import MODULES, PLOTLY, ensure_static_assets, loader_js

    (tmp_path / "canvas-0123456789ab.js").write_text("an older canvas.js")
    (tmp_path / "canvas-0123456789ab.css").write_text("an older canvas.css")
    ensure_static_assets(tmp_path)
    assert not (tmp_path / "canvas-0123456789ab.js").exists()
    assert not (tmp_path / "canvas-0123456789ab.css").exists()
    canvas_js, view3d_js, flight_js, canvas_css = (
        MODULES.canvas,
        MODULES.view3d,
        MODULES.flight,
        MODULES.canvas_css,
    )
    for served, style in ((canvas_js, canvas_css), (view3d_js, None)):
        loader = loader_js(served, style)
        # The inline code sent with each rerun is a few hundred bytes, not the module's ~10-30 KB.
        assert len(loader) < 700 < served.source.stat().st_size
        assert served.url in loader
        # Both import what they share under its served name, which carries its content's hash.
        assert f'from "./{flight_js.name}";' in served.content.decode()
        assert 'from "./flight.js";' in served.source.read_text()
    # The canvas and the live chart import one loader of Plotly.js, under its served name (the
    # live chart imported all of canvas.js for it).
    for served in (canvas_js, MODULES.chart):
        assert f'from "./{MODULES.load_plotly.name}";' in served.content.decode()
        # And one legend fit, the same for both.
        assert f'from "./{MODULES.legend_fit.name}";' in served.content.decode()
    assert f'from "./{canvas_js.name}"' not in MODULES.chart.content.decode()
    for served in MODULES:
        assert (tmp_path / served.name).read_bytes() == served.content
    # The canvas's stylesheet too: linked once by its loader, not sent inline with every delta.
    assert canvas_css.name.startswith("canvas-") and canvas_css.name.endswith(".css")
    assert canvas_css.url in loader_js(canvas_js, canvas_css)
    assert ".svz-canvas {" in canvas_css.content.decode()
    # The canvas loads the Plotly.js Streamlit's st.plotly_chart loads (an ES module).
    assert f'{{ url: "{PLOTLY.url}", module: true }}' in loader_js(MODULES.canvas)


def test_plotly_js_is_streamlits_own_so_a_page_loads_one(tmp_path):
    # The pinned Streamlit ships Plotly.js as its PlotlyChart chunk, served at static/js/.
    from softmaxviz.assets import MODULES, PLOTLY, STREAMLIT_JS, ensure_static_assets, plotly_js

    assert PLOTLY.source.parent == STREAMLIT_JS and PLOTLY.name.startswith("PlotlyChart.")
    assert PLOTLY.url == f"static/js/{PLOTLY.name}" and not PLOTLY.copied
    assert b"window.Plotly=" in PLOTLY.source.read_bytes()
    # A copy an earlier release made is no longer asked for: it goes.
    (tmp_path / "plotly-7.1.0.min.js").write_text("a copy of plotly.py's Plotly.js")
    ensure_static_assets(tmp_path, PLOTLY)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(m.name for m in MODULES)
    # A Streamlit without the chunk: the plotly package's Plotly.js is copied and loaded instead.
    import plotly

    fallback = plotly_js(tmp_path / "no-chunk")
    assert (fallback.name, fallback.url) == (
        f"plotly-{plotly.__version__}.min.js",
        f"app/static/plotly-{plotly.__version__}.min.js",
    )
    assert fallback.copied and fallback.source.stat().st_size > 1_000_000


def test_served_files_are_named_by_content_and_dated_far_back_so_browsers_keep_them(tmp_path):
    # Streamlit's static serving sends no Cache-Control: a browser keeps a file for a tenth of its
    # age by Last-Modified. A copy made at start-up would be re-fetched (4.8 MB) on a reload.
    from softmaxviz.assets import MODULES, SERVED_MTIME, ensure_static_assets, plotly_js

    copied = plotly_js(tmp_path / "no-chunk")
    (tmp_path / "plotly.min.js").write_text("the unversioned copy of an earlier release")
    (tmp_path / "plotly-0.0.1.min.js").write_text("an older Plotly.js")
    ensure_static_assets(tmp_path, copied)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([copied.name, *(m.name for m in MODULES)])
    for served in (copied, *MODULES):
        assert (tmp_path / served.name).stat().st_mtime == SERVED_MTIME


def test_tables_beside_a_canvas_get_its_redraw_gap_and_the_training_lab_draws_every_reply(sent):
    draw()
    assert sent[-1]["data"]["redraw_gap_ms"] == 50
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/training_lab.py")
    at.run()
    assert not at.exception
    (data,) = [kw["data"] for kw in sent if kw.get("key") == "lab_canvas"][-1:]
    assert data["redraw_gap_ms"] == 0


def test_a_reply_says_whether_its_run_was_busy_and_a_lone_session_s_never_is(sent):
    # canvas.js keeps one update in flight after a busy reply (ui/wiring.py: contended).
    draw()
    assert sent[-1]["data"]["busy"] is False
    draw(busy=True)
    assert sent[-1]["data"]["busy"] is True
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/explorer.py")
    at.run()
    assert not at.exception
    (data,) = [kw["data"] for kw in sent if kw.get("key") == "explorer_canvas"][-1:]
    assert data["busy"] is False


NODE = shutil.which("node")


def run_flight(tmp_path, script: str):
    """Run ``script`` (``%s``: flight.js's address) in Node; what it printed, as JSON."""
    module = tmp_path / "flight.mjs"
    module.write_text((ROOT / "softmaxviz" / "flight.js").read_text())
    run = [NODE, "--input-type=module", "-e", script % json.dumps(module.as_uri())]
    return json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)


WINDOW_JS = """
import { adapt, inFlight } from %s;
const s = { acked: 0, sendId: 0, window: 3, clean: 0, lastSent: performance.now() };
const full = () => inFlight(s);
const reply = (busy) => { adapt(s, { ack: s.acked + 1, busy }); s.acked += 1; };
const out = [];
s.sendId = 3; out.push(full());                        // three in flight: the window is full
reply(false); out.push(full(), s.window);              // an idle reply: room again, three
reply(true); out.push(full(), s.window);               // busy: one in flight, and one is out
adapt(s, { ack: s.acked, busy: false }); out.push(s.clean);  // a rerun's repeat of an old ack
for (let i = 0; i < 7; i++) reply(false);
out.push(s.window);                                    // seven replies not busy: still one
reply(false); out.push(s.window);                      // the eighth: two
for (let i = 0; i < 8; i++) reply(false);
out.push(s.window);                                    // eight more: three
for (let i = 0; i < 8; i++) reply(false);
out.push(s.window);                                    // never more than three
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="needs Node (tests/run_all.sh installs it with npm)")
def test_a_view_keeps_one_update_in_flight_after_a_busy_reply_and_grows_back_by_eights(tmp_path):
    # flight.js: the window the drag canvas and the 3D view share.
    assert run_flight(tmp_path, WINDOW_JS) == [True, False, 3, True, 1, 0, 1, 2, 3, 3]


ASKS_JS = """
import { askLater, asksToDraw } from %s;
const s = {};
const out = [];
out.push(asksToDraw(s, false, 50));                    // a drag's first update asks for the figure
out.push(asksToDraw(s, false, 50));                    // the next, within the gap: the numbers only
out.push(asksToDraw(s, true, 50));                     // a release always asks
out.push(asksToDraw(s, false, 0));                     // no gap (the training lab): every update asks
s.drawAskedAt = performance.now() - 60;
out.push(asksToDraw(s, false, 50));                    // the gap has passed since the last ask
out.push(asksToDraw(s, false, 50));
// askLater: after an update that asked for the numbers only, one more update asks unless another
// left meanwhile or the drag ended.
const held = { sendId: 4, dragging: "x", drawAskedAt: performance.now() };
askLater(held, 20, () => out.push(["resent", asksToDraw(held, false, 50)]));
const moved = { sendId: 4, dragging: "x" };
askLater(moved, 20, () => out.push("moved"));
moved.sendId = 5;
const released = { sendId: 4, dragging: "x" };
askLater(released, 20, () => out.push("released"));
released.dragging = null;
setTimeout(() => console.log(JSON.stringify(out)), 100);
"""


@pytest.mark.skipif(NODE is None, reason="needs Node (tests/run_all.sh installs it with npm)")
def test_a_drag_asks_for_pictures_once_per_redraw_gap_with_each_release_and_where_it_stops(tmp_path):
    # flight.js: Python answers the other updates with the numbers only (ui/callbacks.py: draws).
    assert run_flight(tmp_path, ASKS_JS) == [True, False, True, True, True, False, ["resent", True]]


SEND_JS = """
import { SEND_EVERY_MS, roomMade, scheduleSend } from %s;
const out = [];
const s = { acked: 0, sendId: 0, window: 1, dragging: "x", lastSent: performance.now() };
const sendNow = () => { s.sendId += 1; s.lastSent = performance.now(); out.push(["sent", s.sendId]); };
scheduleSend(s, sendNow);
scheduleSend(s, sendNow);                              // one timer at a time: sent once
setTimeout(() => {
  scheduleSend(s, sendNow);                            // the window (one) is full: it waits
  setTimeout(() => {
    out.push(["waiting", s.waitingForAck]);
    roomMade(s, sendNow);                              // no ack yet: still waiting
    s.acked = s.sendId;
    roomMade(s, sendNow);                              // the ack made room: it leaves at once
    out.push(["waiting", s.waitingForAck]);
    s.dragging = null;
    scheduleSend(s, sendNow);                          // released: nothing more leaves
    setTimeout(() => console.log(JSON.stringify(out)), 3 * SEND_EVERY_MS);
  }, 2 * SEND_EVERY_MS);
}, 2 * SEND_EVERY_MS);
"""


@pytest.mark.skipif(NODE is None, reason="needs Node (tests/run_all.sh installs it with npm)")
def test_a_drag_update_waits_for_its_interval_and_for_room_in_the_window(tmp_path):
    # flight.js: the drag canvas and the 3D view send their intermediate updates this way.
    assert run_flight(tmp_path, SEND_JS) == [["sent", 1], ["waiting", True], ["sent", 2], ["waiting", False]]


@pytest.mark.parametrize("projector", [False, True])
def test_a_reply_with_the_numbers_only_sends_no_figure(sent, projector):
    # ui/callbacks.py: draws. canvas.js keeps the figure it drew (and draws it again at a new seq).
    points = Scene().points()
    canvas.drag_canvas(None, points, key="test", seq=2, ack=5, projector=projector)
    data = sent[-1]["data"]
    assert (data["figure"], data["rev"]) == (None, None)
    assert (data["points"], data["seq"], data["ack"]) == ({k: list(v) for k, v in points.items()}, 2, 5)


def test_a_canvas_element_and_the_page_s_script_carry_no_inline_code_only_their_loaders(app_url):
    # What the server sends with every rerun (websocket protocol, bench/load_gen.py's Session): the
    # stylesheet is linked by the loader, so each canvas delta is 1.6 KB lighter; the page's own
    # script (resend and focus, page.js) was 2.6 KB of every full run; only the few lines that
    # record a press before it loads stay inline.
    from helpers import in_own_thread
    from load_gen import CANVAS, Session

    from softmaxviz.assets import MODULES, loader_js
    from softmaxviz.ui.wiring import PRESSED_JS

    elements = []

    async def run():
        session = Session(app_url, "explorer", index=0)

        def check(kind, element):
            if kind == "bidi_component":
                elements.append(element.bidi_component)

        session.check = check
        await session.open()
        await session.close()
        assert session.errors == []

    in_own_thread(run)
    (element,) = [e for e in elements if e.id.endswith(CANVAS)]
    assert element.css_content == "" and element.js_content == loader_js(MODULES.canvas, MODULES.canvas_css)
    (page,) = [e for e in elements if e.id.endswith("svz_resend")]
    assert page.js_content == PRESSED_JS + loader_js(MODULES.page) and MODULES.page.name.startswith("page-")


@pytest.mark.parametrize("page", ["explorer", "explorer_3d", "matrix_view", "training_lab"])
def test_each_canvas_says_the_numbers_of_the_scene_it_shows(sent, page):
    # The live region's words (canvas.js: say), from the core's numbers for the link's scene.
    from softmaxviz import analyze
    from softmaxviz.core import analyze_batch
    from softmaxviz.strings import class_names

    scene = Scene().with_points({"x": [1.0, -0.5]}).with_points3({"x": [0.5, 1.0, -1.0]})
    for lang in LANGUAGES:
        sent.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update({**scene.to_query(), "lang": lang})
        at.switch_page(f"pages/{page}.py")
        at.run()
        assert not at.exception
        said = {kw["key"]: kw["data"]["said"] for kw in sent if "said" in kw.get("data", {})}
        assert set(said) == set(CANVAS_PAGES[page])
        names = class_names(scene.class_names, lang)
        if page == "matrix_view":
            a = analyze_batch(scene.W, scene.X, scene.b, scene.temperature)
            items = [
                t("said.sample", lang, n=n + 1, names=names[k], p=f"{a.probabilities[k, n]:.3f}")
                for n, k in enumerate(a.predicted)
            ]
            expected = t("said.batch", lang, items=t("said.sep", lang).join(items))
        elif page == "training_lab":  # paused: its status line, as the page shows it
            (expected,) = [m.value.strip("*") for m in at.markdown if m.value.startswith("**")][:1]
        else:
            W, x = (scene.W, scene.xv) if page == "explorer" else (scene.W3, scene.xv3)
            p = analyze(W, x, scene.b, scene.temperature).probabilities
            cells = [t("said.cell", lang, name=n, p=f"{v:.4f}") for n, v in zip(names, p, strict=True)]
            expected = t("said.p", lang, cells=t("list.sep", lang).join(cells))
        assert set(said.values()) == {expected}, said
