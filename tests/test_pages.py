"""AppTest: every page runs; widgets, deep links and bad input behave."""

from dataclasses import replace
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl

import numpy as np
import pandas as pd
import pytest
from streamlit.proto.Block_pb2 import Block as BlockProto
from streamlit.testing.v1 import AppTest

from softmaxviz import lab
from softmaxviz.state import Prefs, Scene, address_query, from_query, is_marked, prefs_from_query
from softmaxviz.strings import literal, names_list, t
from softmaxviz.ui import lab_readouts, layout, session

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
EXPLORER = "pages/explorer.py"


def app(page=None, query=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if query:
        at.query_params.update(query)
    if page:
        at.switch_page(page)
    return at.run()


class _TableParser(HTMLParser):
    """Rows of the first <table> as lists of cell texts (header row first)."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def table(at, testid="class-table"):
    """A per-class table as a DataFrame: rows are quantities, columns are classes."""
    (html,) = [h.value for h in at.html if f'data-testid="{testid}"' in h.value]
    parser = _TableParser()
    parser.feed(html)
    header, *rows = parser.rows
    return pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows], columns=header[1:])


def widget(at, key, kind):
    """The widget of binding ``key`` (its Streamlit key adds the widget generation)."""
    (element,) = [e for e in at.get(kind) if e.key.split("@")[0] == key]
    return element


def predicted(at):
    row = table(at).loc["predicted"]
    return [c for c in row.index if row[c]]


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_runs_without_exception(page):
    at = app(page)
    assert not at.exception
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_widget_on_a_page_has_its_own_label(page):
    # A label is also the widget's accessible name: heard, two alike cannot be told apart (the 3D
    # page's four "azimuth (°)" inputs, one per vector, were).
    at = app(page)
    kinds = ("number_input", "slider", "toggle", "selectbox", "text_input", "button_group")
    labels = [w.label for kind in kinds for w in at.get(kind)]
    assert labels and len(labels) == len(set(labels)), sorted(labels)


def test_explorer_shows_the_default_scene():
    at = app(EXPLORER)
    t = table(at)
    assert list(t.columns) == ["class 1", "class 2", "class 3"]
    assert list(t.loc["p"]) == ["0.8173", "0.1824", "0.0004"]
    assert list(t.loc["θ (°)"]) == ["45.0", "25.0", "175.6"]
    assert predicted(at) == ["class 1"]
    assert url(at)["x"] == "1.5,1.5"
    (formula,) = [m.value for m in at.markdown if "$$" in m.value]
    assert "= 3.750" in formula and "= 0.8173" in formula


def test_typing_coordinates_changes_the_table():
    at = app(EXPLORER)
    widget(at, "x.0", "number_input").set_value(0.0).run()
    widget(at, "x.1", "number_input").set_value(2.0).run()
    # x = (0, 2): z = (0, 2.2, -2.4); p2 = 1 / (1 + e^-2.2 + e^-4.6) = 1 / (1 + 0.1108 + 0.0101) = 0.8922.
    assert not at.exception
    assert predicted(at) == ["class 2"]
    assert table(at).loc["p"]["class 2"] == "0.8922"
    assert url(at)["x"] == "0.0,2.0"


def test_bias_temperature_and_normalise():
    at = app(EXPLORER)
    widget(at, "biases.2", "number_input").set_value(8.0).run()
    assert predicted(at) == ["class 3"]
    widget(at, "temperature", "number_input").set_value(2.0).run()
    # z = (3.75, 2.25, -3.9 + 8) = (3.75, 2.25, 4.1); z / T = (1.875, 1.125, 2.05):
    # p3 = 1 / (1 + e^-0.175 + e^-0.925) = 1 / (1 + 0.8395 + 0.3965) = 0.4472.
    assert table(at).loc["p"]["class 3"] == "0.4472"
    widget(at, "normalize_w", "toggle").set_value(True).run()
    assert list(table(at).loc["‖w‖"]) == ["1.000", "1.000", "1.000"]


def test_deep_link_opens_its_scene():
    at = app(EXPLORER, {"w1": "1,0", "w2": "0,1", "w3": "-1,0", "x": "1,1", "b": "0,0,0"})
    assert not at.warning
    assert list(table(at).loc["p"]) == ["0.4683", "0.4683", "0.0634"]
    assert widget(at, "weights.1.1", "number_input").value == 1.0


def test_a_deep_link_s_scene_is_the_session_s_before_its_first_run_may_start_again(monkeypatch):
    # On a new process a deep link's first run starts again at once (nav.ensure_navigation: the
    # pages/ folder's legacy mode off), and a click on the sidebar meanwhile took that run's place
    # with a bare address: the shared scene was lost (2 of 6 tries on a cold server). So the link
    # is read before that point: a run replaced there leaves the link's scene in the session.
    import streamlit as st

    from softmaxviz.ui import nav

    held, ensure = [], nav.ensure_navigation

    def replaced_here() -> None:
        held.append(st.session_state.get(session.SCENE))
        ensure()

    monkeypatch.setattr(nav, "ensure_navigation", replaced_here)
    app(EXPLORER, {"x": "0,2", "td": "3"})
    assert held[0] is not None and (held[0].x, held[0].train_dim) == ((0.0, 2.0), 3)


def test_navigation_carries_the_scene():
    at = app(EXPLORER, {"x": "0,2"})
    at.switch_page("pages/home.py").run()
    assert url(at)["x"] == "0.0,2.0"
    at.switch_page(EXPLORER).run()
    assert predicted(at) == ["class 2"]


@pytest.mark.parametrize(
    "query", [{"x": "nan,1"}, {"T": "abc"}, {"w1": "1e300,0"}, {"x": "nan,1", "lang": "fr"}]
)
def test_bad_link_shows_default_scene_and_a_warning(query):
    at = app(EXPLORER, query)
    assert not at.exception
    assert len(at.warning) == 1 and "default scene is shown" in at.warning[0].value
    assert list(table(at).loc["p"]) == ["0.8173", "0.1824", "0.0004"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_when_its_link_could_not_be_read(page):
    # A class opening a broken link on any page hears it: in a box, and once in a toast, which
    # the first screen shows wherever the box sits (on the explorer it is below the plot).
    at = app(page, {"x": "nan,1"})
    assert not at.exception
    (warning,) = at.warning
    assert "default scene is shown" in warning.value
    (toast,) = at.toast  # short: Streamlit cuts a toast past three lines, with "view more"
    assert toast.value == t("msg.bad_link_toast", "en")
    at.run()
    assert len(at.warning) == 1 and not at.toast, "the toast comes once, the box stays while true"


@pytest.mark.parametrize(
    "page, key", [("pages/margin_lab.py", "label"), ("pages/matrix_view.py", "sel_class")]
)
def test_a_link_s_class_names_are_shown_as_written_on_the_class_buttons(page, key):
    # Streamlit renders a button's text as Markdown: "**bold** :red[r]" came out bold and red.
    names = ["**bold** :red[r]", "[click](http://e.co)", "$x^2$"]
    at = app(page, {"names": "|".join(names)})
    assert widget(at, key, "button_group").options == [literal(n) for n in names]


def test_a_link_s_bad_preference_keeps_its_scene_and_says_so():
    at = app(EXPLORER, {"lang": "fr", "x": "0,2"})
    (warning,) = at.warning
    assert (
        "default scene" not in warning.value and "its scene and its other settings are shown" in warning.value
    )
    assert "fr" in warning.value
    assert predicted(at) == ["class 2"]
    # And its other settings: with proj=2, lang=zh was dropped and the page spoke English.
    at = app(EXPLORER, {"lang": "zh", "proj": "2", "x": "0,2"})
    (warning,) = at.warning
    assert warning.value.startswith("无法读取此链接的部分显示设置") and "proj" in warning.value
    assert at.session_state["scene"].x == (0.0, 2.0)


def test_a_link_s_unknown_keys_are_named_once_and_the_rest_is_shown():
    # A messenger's tag must not cost a class the shared scene (x = (0, 2): class 2 wins).
    at = app(EXPLORER, {"fbclid": "IwAR0", "x": "0,2", "utm_source": "lms"})
    assert not at.exception and not at.warning
    assert predicted(at) == ["class 2"]
    (note,) = [i.value for i in at.info if "does not use" in i.value]
    assert note.count("`fbclid`") == 1 and note.count("`utm_source`") == 1
    # The address bar then holds the scene alone.
    assert "fbclid" not in url(at) and url(at)["x"] == "0.0,2.0"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_of_another_format_is_read_and_said(lang):
    # ?v=99 (a later version's link, or a hand-edited one) was rewritten to v=2 without a word.
    at = app(EXPLORER, {"v": "99", "x": "0,2", "lang": lang})
    assert not at.exception and not at.warning
    (note,) = [i.value for i in at.info if "`v=99`" in i.value]
    assert note == t("msg.link_mark", lang, got="`v=99`", ours="`v=2`")
    assert url(at)["x"] == "0.0,2.0"  # and the mark is this app's (url checks)
    # This app's own mark says nothing.
    assert not [i for i in app(EXPLORER, {"v": "2", "x": "0,2"}).info if "v=" in i.value]


def test_a_key_given_twice_is_named_and_its_last_value_shown():
    # ?x=abc&x=0,2 opened x = (0, 2) without a word of the unreadable "abc".
    at = app(EXPLORER, {"x": ["abc", "0,2"], "T": ["2", "2"], "lang": ["zh", "en"]})
    assert not at.exception and not at.warning
    assert predicted(at) == ["class 2"] and url(at)["T"] == "2.0"
    (note,) = [i.value for i in at.info if "`x`" in i.value]
    assert note == t("msg.link_repeated", "en", keys="`x` and `lang`")  # T: twice the same


def test_a_link_s_words_are_shown_as_written_not_as_markdown():
    at = app(EXPLORER, {"[answers](https://evil.example)": "1", "x": "$1$,2"})
    (warning,) = at.warning
    (note,) = [i.value for i in at.info if "does not use" in i.value]
    # In code, so Markdown draws the brackets and dollars instead of a link or a formula.
    assert "`[answers](https://evil.example)`" in note
    assert warning.value.endswith("Problems: `x`: expected a number, got `'$1$'`")


def test_a_link_s_problems_are_said_in_the_page_s_language():
    # A 中文 page said "x: a coordinate must be finite, got nan" in English after its Chinese frame.
    at = app(EXPLORER, {"lang": "zh", "x": "1,nan", "sel": "5"})
    (warning,) = at.warning
    assert warning.value == (
        "无法读取此链接，已显示默认场景。问题："
        "`x`：坐标必须是有限数，收到的是 `nan`；`sel`：x 投影到的类别必须在 1 到 3 之间，收到的是 `5`"
    )
    # A length typed into the 3D explorer that puts a coordinate past the limit: refused, in 中文
    # too, of the length typed (it spoke of "a coordinate ... got 1.08732e+06"), right below the
    # input (it was a screen above it). x = (1.5, 1.5, 1): at most 10^6 / (1.5 / 2.3452) = 1563472.
    at = app(EXPLORER_3D, {"lang": "zh"})
    widget(at, "x3.len", "number_input").set_value(1_700_000.0).run()
    (error,) = at.error
    assert error.value == "该值未被接受：沿这个方向，长度最多为 1563470，收到的是 `1700000`。保留原值。"
    (column,) = [c for c in at.columns if c.error]
    assert [w.key for w in column.number_input][-1].startswith("x3.len@")
    # Past an input's range too: Streamlit's own frontend refused it in English, so the inputs
    # have no bounds and the binding refuses it.
    at = app(EXPLORER, {"lang": "zh"})
    temperature = widget(at, "temperature", "number_input")
    assert temperature.min is None and temperature.max is None
    temperature.set_value(0.0).run()
    (error,) = at.error
    assert error.value == "该值未被接受：温度必须在 0.05 到 20 之间，收到的是 `0`。保留原值。"
    assert widget(at, "temperature", "number_input").value == 1.0
    # The seed is a whole number: as an int input Streamlit gave it bounds of its own (±(2^53 - 1),
    # refused in English) and cut 1.5 to 1. It is a float input shown without decimals now.
    at = app(LAB, {"lang": "zh", "tseed": "7"})
    seed = widget(at, "train_seed", "number_input")
    assert seed.min is None and seed.max is None and seed.value == 7.0
    seed.set_value(1.5).run()
    (error,) = at.error
    assert error.value == "该值未被接受：训练随机种子必须是整数，收到的是 `1.5`。保留原值。"
    widget(at, "train_seed", "number_input").set_value(1e20).run()
    (error,) = at.error
    assert error.value == (
        "该值未被接受：训练随机种子必须在 0 到 4294967295 之间，收到的是 `1e+20`。保留原值。"
    )
    assert at.session_state["scene"].train_seed == 7 and widget(at, "train_seed", "number_input").value == 7.0


def test_a_link_s_messages_go_once_the_user_changes_what_they_are_about():
    # "The default scene is shown" is untrue once x moves, and stays gone after an undo.
    at = app(EXPLORER, {"x": "nan,1", "fbclid": "IwAR0"})
    assert len(at.warning) == 1 and any("does not use" in i.value for i in at.info)
    at.switch_page("pages/home.py").run()
    at.switch_page(EXPLORER).run()
    assert len(at.warning) == 1, "still true on another page and back"
    widget(at, "x.0", "number_input").set_value(0.0).run()
    assert not at.warning and not any("does not use" in i.value for i in at.info)
    at.button(key="btn_undo").click().run()
    assert at.session_state["scene"] == Scene() and not at.warning
    # A bad display setting: its warning goes with a new language; the scene was never the issue.
    at = app(EXPLORER, {"lang": "fr", "x": "0,2"})
    assert len(at.warning) == 1
    widget(at, "lang", "segmented_control").set_value("zh").run()
    assert not at.warning and at.session_state["scene"].x == (0.0, 2.0)


def test_a_link_with_only_unknown_keys_keeps_the_scene_on_arrival():
    # It says nothing about the scene, though the scene's reader finds no problem in it.
    at = app(EXPLORER, {"x": "0,2"})
    before = at.session_state["scene"]
    follow_link(at, "pages/home.py", {"fbclid": "IwAR0"})
    follow_link(at, EXPLORER, {"utm_source": "lms", "lang": "zh"})
    assert not at.exception
    assert at.session_state["scene"] == before


def test_zero_sample_is_explained_not_an_error():
    at = app(EXPLORER, {"x": "0,0", "b": "1,0,0"})
    assert not at.exception
    assert any("zero vector" in i.value for i in at.info)
    t = table(at)
    assert list(t.loc["θ (°)"]) == ["—", "—", "—"]
    # p = softmax(1, 0, 0) = (e / (e + 2), 1 / (e + 2), ...) = (0.5761, 0.2119, 0.2119).
    assert list(t.loc["p"]) == ["0.5761", "0.2119", "0.2119"]


def test_zero_and_equal_weights_are_explained():
    at = app(EXPLORER, {"w1": "0,0", "w2": "1,1", "w3": "1,1"})
    messages = " ".join(i.value for i in at.info)
    assert "w1 is at the origin" in messages and "no border" in messages
    # All three at the origin: one sentence each about them, in the plural.
    at = app(EXPLORER, {"w1": "0,0", "w2": "0,0", "w3": "0,0"})
    messages = [i.value for i in at.info]
    assert sum("w1, w2 and w3 are at the origin: each one's logit" in m for m in messages) == 1
    assert sum("are equal" in m for m in messages) == 1


def test_the_3d_page_says_its_sphere_is_the_unit_one_at_a_zero_x():
    at = app(EXPLORER_3D, {"x_3d": "0,0,0"})
    assert not at.exception
    assert t("msg.sphere_unit", "en") in [i.value for i in at.info]


def test_huge_values_stay_finite():
    at = app(EXPLORER)
    widget(at, "weights.0.0", "number_input").set_value(1e6).run()
    widget(at, "x.0", "number_input").set_value(1e6).run()
    assert not at.exception
    assert table(at).loc["p"]["class 1"] == "1.0000"
    assert any("outside the view" in i.value for i in at.info)
    at.button(key="btn_fit").click().run()
    assert widget(at, "view", "number_input").value == 1.5e6
    assert not any("outside the view" in i.value for i in at.info)


def test_a_typed_value_finer_than_three_decimals_is_shown_as_typed():
    # A weight decay of 0.0004 was taken and shown as "0.000", as if off.
    at = app(LAB, {"wd": "0.0004"})
    decay = widget(at, "train_decay", "number_input")
    assert decay.value == 0.0004 and decay.proto.format == "%.4f"
    assert widget(app(EXPLORER), "x.0", "number_input").proto.format == "%.3f"  # 1.5 as ever


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_classes_are_named_in_the_sidebar_and_the_names_travel(lang):
    # README promised "classes can be named (cat, dog, bird)", and only a link's names could: no
    # page drew an input for them (a QA pass, as a teacher preparing a class).
    at = app(EXPLORER, {"lang": lang})
    for k, name in enumerate(("cat", "dog", "bird")):
        field = widget(at, f"class_names.{k}", "text_input")
        assert field.label == t("class.name", lang, k=k + 1)
        field.set_value(f"  {name} ").run()
    assert list(table(at).columns) == ["cat", "dog", "bird"]
    assert url(at)["names"] == "cat|dog|bird"
    # Every page with the scene's three classes has them; the training lab's classes are its own.
    at.switch_page(MATRIX).run()
    assert widget(at, "class_names.0", "text_input").value == "cat"
    at.switch_page(LAB).run()
    assert not [e for e in at.get("text_input") if e.key.startswith("class_names.")]


def test_reset_restores_the_default_scene():
    at = app(EXPLORER, {"x": "0,2"})
    at.button(key="btn_reset").click().run()
    assert widget(at, "x.0", "number_input").value == 1.5
    assert dict(at.query_params) == address_query(Scene(), Prefs()) == {"v": "2"}


def test_reset_puts_back_the_page_s_own_scene_and_keeps_the_rest():
    # The matrix view's Reset took the link's loss, tour step, x and class names with it.
    link = {"loss": "cosface", "x": "2.0,-1.0", "tour": "3", "names": "cat|dog|bird"}
    at = app(MATRIX, {**link, "X": "1,0;0,1", "sn": "2"})
    at.button(key="btn_reset").click().run()
    after, default = url(at), Scene().to_query()
    assert (after["X"], after["sn"]) == (default["X"], default["sn"])
    assert {key: after[key] for key in link} == link
    at.button(key="btn_undo").click().run()
    assert url(at)["X"] == "1.0,0.0;0.0,1.0"


MARGIN = "pages/margin_lab.py"


def margin_table(at):
    return table(at, "margin-table")


def test_margin_lab_runs_through_every_kind_and_its_parameters():
    from softmaxviz.state import LOSS_PARAMS

    at = app(MARGIN)
    for kind, specs in LOSS_PARAMS.items():
        widget(at, "loss", "selectbox").set_value(kind).run()
        assert not at.exception, kind
        assert url(at)["loss"] == kind
        assert float(at.metric[0].value) > 0
        for name, spec in specs.items():
            key = f"margin_params.{kind}.{name}"
            if name == "easy_margin":
                widget(at, key, "toggle").set_value(True).run()
            else:
                widget(at, key, "slider").set_value(spec.high).run()
            assert not at.exception, (kind, name)
        for label in (1, 2):
            widget(at, "label", "segmented_control").set_value(label).run()
            assert not at.exception, (kind, label)
        widget(at, "label", "segmented_control").set_value(0).run()


def test_margin_lab_default_numbers():
    # ArcFace, s = 8, m = 0.5, label 1: theta_1 = 45 deg, so the target is
    # 8 cos(0.7854 + 0.5) = 8 * 0.2817 = 2.252; others 8 cos(25.02 deg) = 7.249, 8 cos(175.6 deg) = -7.976.
    at = app(MARGIN)
    t = margin_table(at)
    assert list(t.loc["logit with margin"]) == ["2.252", "7.249", "-7.976"]
    assert list(t.loc["logit without margin"]) == ["5.657", "7.249", "-7.976"]
    # L = -log softmax(2.252, 7.249, -7.976)[0] = 7.249 - 2.252 + log(1 + e^-4.997 + ...) = 5.0039.
    assert at.metric[0].value == "5.0039"
    assert any("only through its direction" in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_margin_lab_says_which_of_the_explorer_s_settings_it_does_not_use(lang):
    # From the explorer with T = 2 and the weights normalised: the margin lab computed at T = 1 with
    # the weights' own lengths, and its p differed from the explorer's without a word.
    at = app(MARGIN, {"T": "2", "nw": "1", "lang": lang})
    said = t("margin.unused_settings", lang, settings=names_list(["T = 2", "‖w_i‖ = 1"], lang))
    assert [i.value for i in at.info].count(said) == 1
    assert not any("T = " in i.value for i in app(MARGIN, {"lang": lang}).info)


def test_margin_lab_zero_sample_explains_instead_of_failing():
    at = app(MARGIN, {"x": "0,0"})
    assert not at.exception
    assert any("x is the zero vector" in e.value for e in at.error)
    assert margin_table(at).loc["p"].tolist() == ["—", "—", "—"]
    widget(at, "loss", "selectbox").set_value("softmax").run()
    assert not at.error and at.metric[0].value != "—"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_margin_lab_names_the_zero_vector_in_the_page_s_language(lang):
    # It showed the core's English message with the loss's key: "(arcface needs it)", in 中文 too.
    at = app(MARGIN, {"w1": "0,0", "loss": "arcface", "lang": lang})
    (error,) = at.error
    assert error.value == t("margin.zero_vector", lang, kind="ArcFace", vector="w1")
    assert "arcface" not in error.value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_margin_lab_takes_l_softmax_with_another_class_s_zero_weight(lang):
    # "L-Softmax needs angles, and w2 is the zero vector": it needs only the target's angle; w2's
    # logit is w2^T x = 0 (a QA truth audit). L = log(2 + e^-3.9), worked in test_margins.
    at = app(MARGIN, {"w2": "0,0", "loss": "lsoftmax", "mp": "lam:0,m:2", "lang": lang})
    assert not at.exception and not at.error
    assert at.metric[0].value == "0.7032"
    assert margin_table(at).loc["p"].tolist() == ["0.4950", "0.4950", "0.0100"]
    # Its own zero weight is still refused, with the page's words.
    widget(at, "label", "segmented_control").set_value(1).run()
    (error,) = at.error
    assert error.value == t("margin.zero_vector", lang, kind="L-Softmax", vector="w2")


def test_margin_lab_deep_link_and_bad_parameters():
    at = app(MARGIN, {"loss": "cosface", "mp": "m:0.2,s:4", "y": "2"})
    assert not at.warning
    assert widget(at, "margin_params.cosface.s", "slider").value == 4.0
    assert widget(at, "label", "segmented_control").value == 1
    # The sidebar's select box names each loss short (the long name was cut mid-word there);
    # the page says it in full below the plot.
    assert widget(at, "loss", "selectbox").options[-2:] == ["ArcFace", "Combined margin"]
    assert any(m.value.startswith("**CosFace (large margin cosine loss)**") for m in at.markdown)
    at = app(MARGIN, {"loss": "cosface", "mp": "m:7,s:4"})
    assert len(at.warning) == 1 and widget(at, "loss", "selectbox").value == "arcface"


def test_classes_of_one_name_can_each_be_picked():
    # names=cat|cat|dog: Streamlit tells options by their labels, so class 1 could not be picked
    # and the second "cat" showed as chosen. A shared name says its number.
    at = app(MARGIN, {"names": "cat|cat|dog"})
    label = widget(at, "label", "segmented_control")
    assert label.options == [literal(name) for name in ("cat (1)", "cat (2)", "dog")]
    assert table(at, "margin-table").columns[0] == "cat (1) (y)"
    label.set_value(1).run()
    assert at.session_state["scene"].label == 1
    widget(at, "label", "segmented_control").set_value(0).run()
    assert at.session_state["scene"].label == 0


def charts(at) -> list[str]:
    """The keys of the page's Plotly charts (``wiring.live_chart``)."""
    return [e.key for e in at.get("bidi_component") if e.proto.component_name == "softmaxviz.live_chart"]


def test_margin_lab_draws_the_chosen_comparison_only():
    at = app(MARGIN)
    chosen = widget(at, "margin_chart", "segmented_control")
    assert chosen.value == "curves"
    assert charts(at) == ["curves"]
    for option, key in (("angle_space", "angles"), ("loss_vs_s", "loss_s"), ("curves", "curves")):
        widget(at, "margin_chart", "segmented_control").set_value(option).run()
        assert charts(at) == [key], option
    # Softmax has no scale s: its loss-against-s view says so instead of drawing.
    widget(at, "margin_chart", "segmented_control").set_value("loss_vs_s").run()
    widget(at, "loss", "selectbox").set_value("softmax").run()
    assert not charts(at) and not at.exception
    assert [i.value for i in at.info] == [t("margin.no_scale", "en")]
    # The choice is the scene's: it stays across pages and travels in the link (another page and
    # back showed the first chart again, and a shared link did too).
    at.switch_page(EXPLORER).run()
    at.switch_page(MARGIN).run()
    assert widget(at, "margin_chart", "segmented_control").value == "loss_vs_s"
    assert url(at)["chart"] == "loss_vs_s"
    at = app(MARGIN, {"chart": "angle_space"})
    assert charts(at) == ["angles"]


EXPLORER_3D = "pages/explorer_3d.py"


def test_3d_explorer_default_numbers_and_typed_coordinates():
    # x = (1.5, 1.5, 1). w1 = (2.5, 0, 0.5): z1 = 3.75 + 0.5 = 4.25. w2 = (0.4, 1.1, 0.3):
    # z2 = 0.6 + 1.65 + 0.3 = 2.55. w3 = (-1.4, -1.2, 0.6): z3 = -2.1 - 1.8 + 0.6 = -3.3.
    # p1 = 1 / (1 + e^-1.7 + e^-7.55) = 0.8452.
    at = app(EXPLORER_3D)
    assert not at.exception
    t = table(at)
    assert list(t.loc["z"]) == ["4.250", "2.550", "-3.300"]
    assert t.loc["p"]["class 1"] == "0.8452"
    widget(at, "x3.2", "number_input").set_value(-3.0).run()
    # x = (1.5, 1.5, -3): z = (3.75 - 1.5, 0.6 + 1.65 - 0.9, -2.1 - 1.8 - 1.8) = (2.25, 1.35, -5.7).
    assert list(table(at).loc["z"]) == ["2.250", "1.350", "-5.700"]
    assert url(at)["x_3d"] == "1.5,1.5,-3.0"


def test_3d_spherical_controls_move_the_vector():
    at = app(EXPLORER_3D)
    # w2 at azimuth 90 deg, elevation 0, length 2 -> (0, 2, 0).
    widget(at, "weights3.1.az", "number_input").set_value(90.0).run()
    widget(at, "weights3.1.el", "number_input").set_value(0.0).run()
    widget(at, "weights3.1.len", "number_input").set_value(2.0).run()
    assert not at.exception
    assert widget(at, "weights3.1.0", "number_input").value == pytest.approx(0.0, abs=1e-9)
    assert widget(at, "weights3.1.1", "number_input").value == pytest.approx(2.0)
    assert table(at).loc["‖w‖"]["class 2"] == "2.000"


def test_3d_spherical_inputs_keep_a_direction_the_vector_lost():
    # w1 = (2.5, 0, 0.5), elevation atan(0.2) = 11.31 deg. Length 0 and then 2 points it the same
    # way again: 2 (2.5, 0, 0.5) / 2.5495 = (1.9612, 0, 0.3922), not (2, 0, 0).
    at = app(EXPLORER_3D)
    widget(at, "weights3.0.len", "number_input").set_value(0.0).run()
    assert widget(at, "weights3.0.el", "number_input").value == pytest.approx(11.3099, abs=1e-4)
    widget(at, "weights3.0.len", "number_input").set_value(2.0).run()
    assert url(at)["w1_3d"] == "1.961161351,0.0,0.39223227"
    # x at elevation 90 deg has no azimuth: a typed 45 deg stays shown and the next elevation keeps it.
    widget(at, "x3.el", "number_input").set_value(90.0).run()
    widget(at, "x3.az", "number_input").set_value(45.0).run()
    assert widget(at, "x3.az", "number_input").value == 45.0
    widget(at, "x3.el", "number_input").set_value(0.0).run()
    x1, x2 = (widget(at, f"x3.{axis}", "number_input").value for axis in range(2))
    assert x1 == pytest.approx(x2) and x1 > 1
    assert not at.exception


def test_3d_deep_link_at_the_coordinate_limit_shows_the_true_length():
    at = app(EXPLORER_3D, {"x_3d": "1000000,1000000,1000000"})
    assert not at.exception
    assert widget(at, "x3.len", "number_input").value == pytest.approx(3**0.5 * 1e6)
    # A typed length that puts a coordinate past the limit is refused with a message, not taken.
    at = app(EXPLORER_3D)
    widget(at, "x3.len", "number_input").set_value(1_700_000.0).run()
    assert not at.exception
    assert len(at.error) == 1
    assert url(at)["x_3d"] == "1.5,1.5,1.0"


def test_3d_deep_link_zero_sample_and_bad_values():
    at = app(EXPLORER_3D, {"x_3d": "0,0,0", "cam": "1.0,0.2"})
    assert not at.exception
    assert any("zero vector" in i.value for i in at.info)
    assert list(table(at).loc["θ (°)"]) == ["—", "—", "—"]
    at = app(EXPLORER_3D, {"x_3d": "1,nan,2"})
    assert len(at.warning) == 1
    at = app(EXPLORER_3D)
    widget(at, "normalize_w", "toggle").set_value(True).run()
    assert list(table(at).loc["‖w‖"]) == ["1.000", "1.000", "1.000"]


MATRIX = "pages/matrix_view.py"


def matrix(at, name):
    (html,) = [h.value for h in at.html if 'class="svz-mats"' in h.value]
    start = html.index(f'data-testid="matrix-{name}"')
    parser = _TableParser()
    parser.feed(html[html.rindex("<table", 0, start) : html.index("</table>", start)])
    header, *rows = parser.rows
    return pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows], columns=header[1:])


def test_matrix_view_adds_selects_and_removes_samples():
    at = app(MATRIX)
    z = matrix(at, "Z (K×N)")
    assert list(z.columns) == ["x⁽¹⁾", "x⁽²⁾", "x⁽³⁾", "x⁽⁴⁾"]
    # Column x1 is the explorer's sample: z = (3.75, 2.25, -3.9).
    assert list(z["x⁽¹⁾"]) == ["3.750", "2.250", "-3.900"]
    at.button(key="btn_add").click().run()
    assert not at.exception
    assert list(matrix(at, "Z (K×N)").columns) == ["x⁽¹⁾", "x⁽²⁾", "x⁽³⁾", "x⁽⁴⁾", "x⁽⁵⁾"]
    assert widget(at, "sel_sample", "segmented_control").value == 4  # the new sample is selected
    widget(at, "sel_sample", "segmented_control").set_value(0).run()
    widget(at, "sel_class", "segmented_control").set_value(1).run()
    (pair,) = [h.value for h in at.html if 'data-testid="pair-formula"' in h.value]
    assert "<i>w</i><sub>2</sub><sup>⊤</sup>" in pair and "= 2.250" in pair  # 0.4 * 1.5 + 1.1 * 1.5
    at.button(key="btn_remove").click().run()
    assert list(matrix(at, "Z (K×N)").columns) == ["x⁽¹⁾", "x⁽²⁾", "x⁽³⁾", "x⁽⁴⁾"]
    assert url(at)["X"].count(";") == 3
    # Reset in its header, as on every page with a scene of its own (it had none); one undo step.
    at.button(key="btn_add").click().run()
    at.button(key="btn_reset").click().run()
    assert at.session_state["scene"] == Scene()
    at.button(key="btn_undo").click().run()
    assert url(at)["X"].count(";") == 4


def test_matrix_view_softmax_columns_sum_to_one_and_3d_works():
    at = app(MATRIX, {"X": "1,0;0,1", "b": "1,2,3"})
    p = matrix(at, "softmax(Z), by column").astype(float)
    assert p.sum().round(2).tolist() == [1.0, 1.0]
    broadcast = matrix(at, "b broadcast (K×N)")
    assert broadcast["x⁽¹⁾"].tolist() == broadcast["x⁽²⁾"].tolist() == ["1.000", "2.000", "3.000"]
    widget(at, "dim", "segmented_control").set_value(3).run()
    assert not at.exception
    assert list(matrix(at, "X (D×N)").index) == ["d1", "d2", "d3"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_matrix_view_names_a_sample_outside_the_view_and_fits_it(lang):
    # A sample at (20, 0) was drawn nowhere and said nowhere, and the page had no Fit view.
    at = app(MATRIX, {"X": "1,1;20,0", "lang": lang})
    assert not at.exception
    (note,) = [i.value for i in at.info if "x⁽²⁾" in i.value]
    assert note == t("msg.outside", lang, names="x⁽²⁾")
    at.button(key="btn_fit").click().run()
    assert widget(at, "view", "number_input").value == 25.0  # 20 · 1.15 = 23, rounded up
    assert not [i for i in at.info if "x⁽²⁾" in i.value]
    widget(at, "view", "number_input").set_value(2.0).run()
    (note,) = [i.value for i in at.info if "x⁽²⁾" in i.value]
    assert note == t("msg.outside_many", lang, names=names_list(["w1", "x⁽²⁾"], lang))
    # The 3D view fits its handles: no note, no view controls.
    widget(at, "dim", "segmented_control").set_value(3).run()
    assert not [i for i in at.info if "x⁽" in i.value]
    assert "btn_fit" not in [b.key for b in at.button]


def test_matrix_view_keeps_each_dimension_s_selected_sample():
    # One selection for both: x⁽¹²⁾ in 2D became x⁽⁴⁾ on a switch to 3D, and stayed x⁽⁴⁾ back in 2D.
    twelve = ";".join(f"{0.1 * n + 0.5:g},1" for n in range(12))
    at = app(MATRIX, {"X": twelve, "sn": "12"})
    widget(at, "dim", "segmented_control").set_value(3).run()
    assert widget(at, "sel_sample3", "segmented_control").value == 0
    widget(at, "sel_sample3", "segmented_control").set_value(2).run()
    widget(at, "dim", "segmented_control").set_value(2).run()
    assert not at.exception
    assert widget(at, "sel_sample", "segmented_control").value == 11
    assert (url(at)["sn"], url(at)["sn3"]) == ("12", "3")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_matrix_view_types_the_highlighted_sample_and_class_weight_in_3d(lang):
    # In 3D the view's handles have no keyboard access: the picked column's sample and the picked
    # row's weight take exact values, which the matrices, the link and undo follow.
    at = app(MATRIX, {"d": "3", "sn3": "2", "sc": "3", "lang": lang})
    labels = [n.label for n in at.number_input][:6]
    assert labels[0] == t("controls.coordinate", lang, name="x⁽²⁾", nth=t("controls.nth1", lang))
    assert labels[5] == t("controls.coordinate", lang, name="w3", nth=t("controls.nth3", lang))
    scene = Scene()
    assert [n.value for n in at.number_input][:6] == [*scene.samples3[1], *scene.weights3[2]]
    widget(at, "samples3.sel_sample3.2", "number_input").set_value(-2.0).run()
    widget(at, "weights3.sel_class.0", "number_input").set_value(1.0).run()
    assert not at.exception
    x = matrix(at, "X (D×N)")["x⁽²⁾"].tolist()
    assert x == [f"{v:.3f}" for v in (*scene.samples3[1][:2], -2.0)]
    w3 = (1.0, *scene.weights3[2][1:])
    z = float(np.dot(w3, (*scene.samples3[1][:2], -2.0)) + scene.biases[2])
    assert matrix(at, "Z (K×N)")["x⁽²⁾"].tolist()[2] == f"{z:.3f}"
    shared = from_query(dict(at.query_params))[0]
    assert (shared.samples3[1][2], shared.weights3[2][0]) == (-2.0, 1.0)
    # Another column: its own numbers. Undo takes back the column's choice, then the weight.
    widget(at, "sel_sample3", "segmented_control").set_value(0).run()
    assert widget(at, "samples3.sel_sample3.2", "number_input").value == scene.samples3[0][2]
    at.button(key="btn_undo").click().run()
    assert widget(at, "samples3.sel_sample3.2", "number_input").value == -2.0
    at.button(key="btn_undo").click().run()
    assert widget(at, "weights3.sel_class.0", "number_input").value == scene.weights3[2][0]
    # In 2D, two coordinates each.
    widget(at, "dim", "segmented_control").set_value(2).run()
    assert [n.key.split("@")[0] for n in at.number_input][:4] == [
        "samples.sel_sample.0",
        "samples.sel_sample.1",
        "weights.sel_class.0",
        "weights.sel_class.1",
    ]


def test_a_widget_whose_edit_renews_the_others_keeps_its_own_key():
    # A new loss resets its parameters, so every widget is drawn afresh (session.renew_widgets),
    # but the Loss box itself keeps its key: the browser keeps the element, and the keyboard's focus.
    at = app("pages/margin_lab.py")
    loss, label = widget(at, "loss", "selectbox"), widget(at, "label", "segmented_control")
    widget(at, "loss", "selectbox").set_value("cosface").run()
    assert not at.exception and dict(at.query_params)["loss"] == "cosface"
    assert widget(at, "loss", "selectbox").key == loss.key
    assert widget(at, "label", "segmented_control").key != label.key
    # The next renewal renews it too (an undo).
    at.button(key="btn_undo").click().run()
    assert widget(at, "loss", "selectbox").key != loss.key
    assert widget(at, "loss", "selectbox").value == "arcface"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_link_s_unknown_keys_are_said_without_claiming_the_rest_is_shown_when_it_is_not(lang):
    # "x=nan": the default scene is shown; "foo" then said "the rest of the link is shown" of a w1
    # that was the default, not the link's (1, 1).
    at = app(EXPLORER, {"x": "nan,1", "foo": "2", "w1": "1,1", "lang": lang})
    infos = [i.value for i in at.info]
    assert t("msg.link_ignored_too", lang, keys="`foo`") in infos
    assert at.session_state["scene"].weights[0] == Scene().weights[0]
    at = app(EXPLORER, {"foo": "2", "w1": "1,1", "lang": lang})
    assert t("msg.link_ignored", lang, keys="`foo`") in [i.value for i in at.info]
    assert at.session_state["scene"].weights[0] == (1.0, 1.0)


def link_query(link) -> dict[str, str]:
    return dict(parse_qsl(link.proto.query_string, keep_blank_values=True))


def follow_link(at, page, query):
    """What a click on an in-app link does: the page runs with the link's query."""
    at.query_params.clear()
    at.query_params.update(query)
    at.switch_page(page)
    return at.run()


def test_a_scenario_s_link_keeps_the_user_s_other_pages():
    # Opening a scenario reset the matrix view's batch, the 3D scene and the tour's step.
    from softmaxviz.scenarios import BY_KEY

    at = app("pages/scenarios.py", {"X": "1,2;3,4", "tour": "3", "x_3d": "1,1,1"})
    scenario = BY_KEY["bias_shift"]
    (link,) = [p for p in at.get("page_link") if scenario.scene.to_query()["b"] in link_query(p).get("b", "")]
    query = link_query(link)
    assert (query["X"], query["tour"], query["x_3d"]) == ("1.0,2.0;3.0,4.0", "3", "1.0,1.0,1.0")
    follow_link(at, scenario.page, query)
    assert not at.exception
    shown = at.session_state["scene"]
    assert (shown.x, shown.biases, shown.tour_step) == (scenario.scene.x, scenario.scene.biases, 2)


def test_scenario_opens_its_page_with_its_scene():
    from softmaxviz.scenarios import BY_KEY

    at = app("pages/scenarios.py")
    assert not at.exception
    scenario = BY_KEY["on_boundary"]
    follow_link(at, scenario.page, {**scenario.scene.to_query(), **Prefs().to_query()})
    assert not at.exception
    p = table(at).loc["p"]
    assert p["class 1"] == p["class 2"]
    assert url(at)["x"] == "1.0,1.0"


def test_every_page_has_export_and_import():
    for page in PAGES:
        at = app(page)
        assert at.get("download_button"), page


@pytest.mark.parametrize("page", [EXPLORER, MARGIN, EXPLORER_3D, MATRIX])
def test_switching_to_chinese_keeps_the_scene(page):
    at = app(page, {"x": "0,2", "x_3d": "0,2,1"})
    before = at.session_state["scene"]
    widget(at, "lang", "segmented_control").set_value("zh").run()
    assert not at.exception
    assert at.session_state["scene"] == before
    assert url(at)["lang"] == "zh"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in at.title[0].value)  # a CJK character
    widget(at, "lang", "segmented_control").set_value("en").run()
    assert at.session_state["scene"] == before


def test_tour_steps_forward_and_back_with_live_scenes():
    from softmaxviz.scenarios import TOUR

    at = app("pages/tour.py", {"x": "0,2"})
    assert not at.exception
    users = at.session_state["scene"]
    assert at.session_state["tour_scene_1"] == TOUR[0].scene
    assert at.button(key="btn_tour_back").disabled
    for n, step in enumerate(TOUR[1:], start=2):
        at.button(key="btn_tour_next").click().run()
        assert not at.exception, step.key
        assert at.session_state[f"tour_scene_{n}"] == step.scene
    assert at.button(key="btn_tour_next").disabled
    at.button(key="btn_tour_back").click().run()
    # Step 4 (softmax at T = 0.5): p1 = 1 / (1 + e^-3 + e^-15.3) = 0.9526.
    assert table(at, "tour-table").loc["p"]["class 1"] == "0.9526"
    assert any("(here 0.5)" in m.value for m in at.markdown)
    # Step 3's claim about its scene follows a drag (what a drag does to the tour's scene): it said
    # "Here x is 25° from w2 but 45° from w1, and w1 still wins" wherever x was.
    at.button(key="btn_tour_back").click().run()
    said = [m.value for m in at.markdown]
    assert t("tour.here.longer", k=1, c=2, tk="45.0", tc="25.0", nk="2.500", nc="1.170") in said
    assert at.button(key="btn_tour_restart").disabled
    at.session_state["tour_scene_3"] = at.session_state["tour_scene_3"].with_points({"x": [-1.0, 2.0]})
    at.run()
    assert t("tour.here.closest", k=2, tk="46.5") in [m.value for m in at.markdown]
    # Each step keeps its scene: Next and Back find the drag (they started the step afresh).
    at.button(key="btn_tour_next").click().run()
    at.button(key="btn_tour_back").click().run()
    assert at.session_state["tour_scene_3"].x == (-1.0, 2.0)
    # Reset step brings the tour's scene back, one undo step.
    at.button(key="btn_tour_restart").click().run()
    assert at.session_state["tour_scene_3"] == TOUR[2].scene and at.button(key="btn_tour_restart").disabled
    at.button(key="btn_undo").click().run()
    assert at.session_state["tour_scene_3"].x == (-1.0, 2.0)
    # The tour never touched the user's scene but its step.
    assert replace(at.session_state["scene"], tour_step=0) == users and url(at)["x"] == "0.0,2.0"


def test_the_tour_s_step_is_in_its_link_and_one_undo_step():
    # A shared link and a reload opened step 1 whatever step the sharer was on.
    from softmaxviz.scenarios import TOUR

    at = app("pages/tour.py", {"tour": "3"})
    assert at.session_state["tour_scene_3"] == TOUR[2].scene
    assert t("tour.progress", i=3, n=len(TOUR)) in [c.value for c in at.caption]
    # A drag on step 3, then Next, then Undo: step 3 with its drag (it came back without).
    dragged = TOUR[2].scene.with_points({"x": [0.5, 2.0]})
    at.session_state["tour_scene_3"] = dragged
    at.button(key="btn_tour_next").click().run()
    assert url(at)["tour"] == "4" and at.session_state["tour_scene_4"] == TOUR[3].scene
    at.button(key="btn_undo").click().run()
    assert url(at)["tour"] == "3" and at.session_state["tour_scene_3"] == dragged
    assert table(at, "tour-table").loc["z"]["class 1"] == "1.250"  # 2.5 · 0.5, as dragged
    # Its "open this scene" link keeps the step, so coming back to the tour finds it.
    (link,) = [p for p in at.get("page_link") if p.proto.label == t("tour.open")]
    assert link_query(link)["tour"] == "3"


def test_present_mode_keeps_the_scene_travels_in_the_link_and_compacts_the_page():
    at = app(EXPLORER, {"x": "0,2"})
    assert not any(layout.PRESENT_CSS in h.value for h in at.html)
    assert [c.value for c in at.caption][:1] == [t("explorer.caption")]
    widget(at, "projector", "toggle").set_value(True).run()
    assert not at.exception
    assert url(at)["proj"] == "1" and url(at)["x"] == "0.0,2.0"
    assert any(layout.PRESENT_CSS in h.value for h in at.html)
    assert t("explorer.caption") not in [c.value for c in at.caption]
    # The compact table: w, ‖w‖, θ, z and p.
    table = next(h.value for h in at.html if "class-table" in h.value)
    shown = [c for c in ("w", "norm", "theta", "cos", "dot", "b", "z", "p", "pred") if row_of(table, c)]
    assert shown == ["w", "norm", "theta", "z", "p"]


@pytest.mark.parametrize(
    ("page", "query", "testid"),
    [
        (EXPLORER, {}, "class-table"),
        ("pages/explorer_3d.py", {}, "class-table"),
        ("pages/tour.py", {"tour": "3"}, "tour-table"),
    ],
)
def test_present_mode_compacts_every_class_table(page, query, testid):
    # The 3D explorer kept all nine rows, and its projections began below a projector's screen.
    at = app(page, {"proj": "1", **query})
    assert not at.exception
    table = next(h.value for h in at.html if testid in h.value)
    shown = [c for c in ("w", "norm", "theta", "cos", "dot", "b", "z", "p", "pred") if row_of(table, c)]
    assert shown == ["w", "norm", "theta", "z", "p"]


def url(at) -> dict[str, str]:
    """Every field as the address bar says it: what it holds (only what differs from the
    defaults, and the mark) read back into the whole scene and preferences."""
    query = dict(at.query_params)
    assert is_marked(query), query
    return {**from_query(query)[0].to_query(), **prefs_from_query(query)[0].to_query()}


def row_of(table_html: str, column: str) -> bool:
    return f'data-row="{escape(t(f"col.{column}"))}"' in table_html


def test_undo_and_redo_walk_the_scene_history():
    at = app(EXPLORER)
    assert at.button(key="btn_undo").disabled and at.button(key="btn_redo").disabled
    widget(at, "x.0", "number_input").set_value(0.0).run()
    widget(at, "biases.2", "number_input").set_value(8.0).run()
    assert url(at)["b"] == "0.0,0.0,8.0"
    at.button(key="btn_undo").click().run()
    assert url(at)["b"] == "0.0,0.0,0.0" and url(at)["x"] == "0.0,1.5"
    assert widget(at, "biases.2", "number_input").value == 0.0
    at.button(key="btn_undo").click().run()
    assert at.session_state["scene"] == Scene()
    assert widget(at, "x.0", "number_input").value == 1.5
    assert at.button(key="btn_undo").disabled
    at.button(key="btn_redo").click().run()
    assert url(at)["x"] == "0.0,1.5"
    # A new change after an undo drops the redo list.
    widget(at, "temperature", "number_input").set_value(2.0).run()
    assert at.button(key="btn_redo").disabled


def test_undo_keeps_fifty_steps():
    at = app(EXPLORER)
    for i in range(55):
        widget(at, "biases.0", "number_input").set_value(float(i + 1)).run()
    for _ in range(50):
        at.button(key="btn_undo").click().run()
    assert url(at)["b"] == "5.0,0.0,0.0"


def test_scenario_links_carry_their_scene_and_the_preferences():
    from softmaxviz.scenarios import SCENARIOS

    at = app("pages/scenarios.py", {"x": "0,2", "lang": "zh", "proj": "1"})
    links = at.get("page_link")
    assert len(links) == len(SCENARIOS)
    # Each card's title is its heading, which a screen reader reads its "Open" link under.
    assert [h.value for h in at.header] == [t(f"scenario.{s.key}.title", "zh") for s in SCENARIOS]
    for link, scenario in zip(links, SCENARIOS, strict=True):
        assert link_query(link) == address_query(scenario.scene, Prefs("zh", True))


def test_a_link_with_a_scene_is_an_undoable_step_and_keeps_language_and_projector():
    from softmaxviz.scenarios import BY_KEY

    at = app("pages/scenarios.py", {"x": "0,2", "lang": "zh", "proj": "1"})
    before = at.session_state["scene"]
    scenario = BY_KEY["on_boundary"]
    follow_link(at, EXPLORER, {**scenario.scene.to_query(), "lang": "zh", "proj": "1"})
    assert at.session_state["scene"] == scenario.scene
    assert url(at)["lang"] == "zh" and url(at)["proj"] == "1"
    at.button(key="btn_undo").click().run()
    assert at.session_state["scene"] == before
    # A page opened from the sidebar (no scene in its URL) keeps the scene.
    at.query_params.clear()
    at.switch_page("pages/home.py").run()
    assert at.session_state["scene"] == before


def test_deep_link_then_every_page_then_a_click_keeps_the_scene():
    query = {"x": "0,2", "b": "0.5,0,-0.5", "T": "2.0", "layers": "regions,arcs", "lang": "zh", "proj": "1"}
    at = app(EXPLORER, query)
    before = at.session_state["scene"]
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        at.switch_page(EXPLORER).run()
        widget(at, "normalize_w", "toggle").set_value(False).run()  # a click that changes nothing
        assert at.session_state["scene"] == before, page
        assert url(at)["lang"] == "zh" and url(at)["proj"] == "1"
        assert widget(at, "biases.0", "number_input").value == 0.5
        assert widget(at, "layers", "segmented_control").value == ["regions", "arcs"]


def test_margin_sliders_say_their_unit():
    at = app(MARGIN)
    assert widget(at, "margin_params.arcface.m", "slider").label == "m (margin) · radians"
    widget(at, "loss", "selectbox").set_value("cosface").run()
    assert widget(at, "margin_params.cosface.m", "slider").label == "m (margin) · cosine units"
    widget(at, "loss", "selectbox").set_value("sphereface").run()
    assert widget(at, "margin_params.sphereface.m", "slider").label.endswith("multiplier of θ")
    assert widget(at, "margin_params.sphereface.m", "slider").value == 4.0  # the paper's m


def test_defect9_tour_margin_step_shows_its_numbers():
    from softmaxviz.results import margin_results
    from softmaxviz.scenarios import TOUR

    at = app("pages/tour.py")
    for _ in TOUR[1:]:
        at.button(key="btn_tour_next").click().run()
    margin = table(at, "tour-table")
    expected = margin_results(TOUR[-1].scene)
    assert list(margin.loc["logit with margin"]) == [f"{v:.3f}" for v in expected.margin_logits]
    assert list(margin.loc["p"]) == [f"{v:.4f}" for v in expected.probabilities]


LAB = "pages/training_lab.py"


def lab_status(at):
    return next(m.value for m in at.markdown if "· loss" in m.value)


def test_training_lab_steps_and_resets_both_tabs():
    at = app(LAB, {"steps": "7", "tloss": "cosface"})
    assert not at.exception
    assert "Step 0" in lab_status(at)
    at.button(key="btn_lab_step").click().run()
    assert "Step 7" in lab_status(at)
    at.button(key="btn_lab_step").click().run()
    assert "Step 14" in lab_status(at)
    at.button(key="btn_lab_reset").click().run()
    assert "Step 0" in lab_status(at)
    assert not [h for h in at.html if 'data-testid="feature-table"' in h.value]
    at.button(key="btn_features_step").click().run()
    assert not at.exception
    (features,) = [h.value for h in at.html if 'data-testid="feature-table"' in h.value]
    assert "held-out accuracy" in features and "CosFace" not in features
    at.button(key="btn_features_reset").click().run()
    assert not [h for h in at.html if 'data-testid="feature-table"' in h.value]


def test_training_lab_setup_travels_in_the_link_and_restarts_the_run():
    at = app(LAB, {"data": "rings", "k": "4"})
    assert url(at)["data"] == "rings"
    at.button(key="btn_lab_step").click().run()
    widget(at, "train_classes", "segmented_control").set_value(5).run()
    assert url(at)["k"] == "5" and "Step 0" in lab_status(at)
    assert at.session_state["lab_run"].W.shape == (2, 5)


@pytest.mark.parametrize(
    ("key", "kind", "value"),
    [("train_classes", "segmented_control", 4), ("train_loss", "selectbox", "arcface")],
)
def test_training_lab_setup_change_while_playing_pauses_at_step_0(key, kind, value):
    # Classes 3 -> 4 while playing paused Play but showed "Step 5": a frame trained on the new setup.
    at = app(LAB)
    at.button(key="btn_lab_play").click().run()
    at.run()
    assert at.session_state["lab_run"].step > 0
    widget(at, key, kind).set_value(value).run()
    assert not at.session_state["lab_playing"] and at.session_state["lab_run"].step == 0
    assert "Step 0" in lab_status(at)


def test_training_lab_undo_of_a_setup_change_brings_back_the_run_as_it_was_left():
    # Undo of Classes 3 -> 4 gave three classes again, with the seed's weights at step 0: the
    # drag and the training were gone for good.
    at = app(LAB)
    at.button(key="btn_lab_step").click().run()
    trained = at.session_state["lab_run"]
    assert trained.step == 5
    widget(at, "train_classes", "segmented_control").set_value(4).run()
    assert at.session_state["lab_run"].W.shape == (2, 4) and "Step 0" in lab_status(at)
    at.button(key="btn_undo").click().run()
    back = at.session_state["lab_run"]
    assert back.step == 5 and np.array_equal(back.W, trained.W) and "Step 5" in lab_status(at)
    # Redo goes to the four classes' run as it was left too; Reset still starts afresh.
    at.button(key="btn_redo").click().run()
    assert at.session_state["lab_run"].W.shape == (2, 4)
    at.button(key="btn_undo").click().run()
    at.button(key="btn_lab_reset").click().run()
    assert at.session_state["lab_run"].step == 0


def test_training_lab_step_and_play_are_undo_steps_with_their_records():
    # Undo after a Step put back the weight dragged before it and kept the Step's training of the
    # others: weights that never were together, the status at step 5. Now Undo takes the Step back.
    at = app(LAB)
    start = at.session_state["lab_run"]
    at.button(key="btn_lab_step").click().run()
    first = at.session_state["lab_run"]
    at.button(key="btn_lab_step").click().run()
    second = at.session_state["lab_run"]
    assert (first.step, second.step, second.losses.size) == (5, 10, 11)
    at.button(key="btn_undo").click().run()
    back = at.session_state["lab_run"]
    assert back.step == 5 and np.array_equal(back.W, first.W) and np.array_equal(back.losses, first.losses)
    assert "Step 5" in lab_status(at)
    at.button(key="btn_undo").click().run()
    assert at.session_state["lab_run"].step == 0 and np.array_equal(at.session_state["lab_run"].W, start.W)
    at.button(key="btn_redo").click().run()
    at.button(key="btn_redo").click().run()
    again = at.session_state["lab_run"]
    assert again.step == 10 and np.array_equal(again.W, second.W)
    assert np.array_equal(again.losses, second.losses)
    # Play until Pause is one step (its frames: each run while playing steps once).
    at.button(key="btn_lab_play").click().run()
    at.run().run()
    at.button(key="btn_lab_play").click().run()
    assert not at.session_state["lab_playing"] and at.session_state["lab_run"].step > 15
    at.button(key="btn_undo").click().run()
    assert at.session_state["lab_run"].step == 10
    # An Undo while Play runs goes back and pauses: the next frame trained on from there at once.
    at.button(key="btn_lab_play").click().run()
    at.run().run()
    assert at.session_state["lab_playing"] and at.session_state["lab_run"].step > 10
    at.button(key="btn_undo").click().run()
    assert not at.session_state["lab_playing"] and at.session_state["lab_run"].step == 10


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_training_lab_stops_diverging_training_at_the_last_good_weights_and_says_why(lang):
    # lr 5, wd 1: a factor 1 - lr·wd = -4. After ~6 Steps of 100 the page was a traceback (the
    # explorer's link refused NaN weights) with "loss — · accuracy —" and "1.5948e+241 to —".
    at = app(LAB, {"lr": "5", "wd": "1", "steps": "100", "lang": lang})
    for _ in range(6):
        at.button(key="btn_lab_step").click().run()
        assert not at.exception
    run = at.session_state["lab_run"]
    assert run.stopped is not None and np.abs(run.W).max() <= 1e6
    (error,) = at.error
    assert error.value == lab_readouts.diverged(run, lang) and "−4.000" in error.value
    status = lab_readouts.status(run, lang)
    assert f"**{status}**" in [m.value for m in at.markdown] and "—" not in status
    assert not any("nan" in c.value.lower() or "—" in c.value for c in at.caption)
    assert [p for p in at.get("page_link") if "w1=" in p.proto.query_string]  # the explorer's link
    # lr 3, wd 1, 20 steps a frame: the first frame of Play diverges; Play pauses there, and Reset
    # starts again (it diverged again at the next frame).
    at = app(LAB, {"lr": "3", "wd": "1", "steps": "20", "lang": lang})
    at.button(key="btn_lab_play").click().run()
    at.run()
    assert not at.exception and not at.session_state["lab_playing"]
    assert at.session_state["lab_run"].stopped is not None and len(at.error) == 1
    at.button(key="btn_lab_reset").click().run()
    assert at.session_state["lab_run"].step == 0 and not at.error and not at.session_state["lab_playing"]


def test_training_lab_plays_again_after_a_pause_and_resets_to_step_0_paused(monkeypatch):
    # A QA pass: the first Play after a Pause did nothing (a click's second dispatch was skipped
    # for as long as no frame ran), and Reset during Play showed step 5 (a frame trained the new
    # run at once). The same on the learned-features tab.
    from softmaxviz.ui import training

    clock = [100.0]
    monkeypatch.setattr(training, "monotonic", lambda: clock[0])
    at = app(LAB)
    for prefix, playing in (("lab", "lab_playing"), ("features", "lab_features_playing")):
        play, reset = at.button(key=f"btn_{prefix}_play"), f"btn_{prefix}_reset"
        play.click().run()
        at.run()
        assert at.session_state[playing]
        clock[0] += 1.0
        at.button(key=f"btn_{prefix}_play").click().run()  # Pause
        assert not at.session_state[playing]
        clock[0] += 1.0  # a second later, and no frame has run since
        at.button(key=f"btn_{prefix}_play").click().run()
        assert at.session_state[playing], prefix
        at.run()
        at.button(key=reset).click().run()
        assert not at.exception and not at.session_state[playing]
        if prefix == "lab":
            assert at.session_state["lab_run"].step == 0 and "Step 0 " in lab_status(at)
        else:
            assert "lab_features" not in at.session_state or at.session_state["lab_features"].epoch == 0
    # A second dispatch of the same click, at once: still one toggle.
    clock[0] += 1.0
    at.button(key="btn_lab_play").click().run()
    at.button(key="btn_lab_play").click().run()
    assert at.session_state["lab_playing"]


def test_training_lab_adds_a_typed_point_for_a_keyboard_user():
    # Clicked data took points from mouse clicks on the canvas only: a keyboard could build none.
    at = app(LAB, {"data": "clicked", "pick": "2"})
    submit = "FormSubmitter:lab_typed_point-" + t("lab.add_point")
    at.number_input(key="lab_typed_x1").set_value(1.5)
    at.number_input(key="lab_typed_x2").set_value(-2.0)
    at.button(key=submit).click().run()
    assert not at.exception and at.session_state["scene"].train_points == ((1.5, -2.0, 1),)
    assert url(at)["pts"] == "1.5,-2.0,2" and "(1 so far)" in " ".join(c.value for c in at.caption)
    # Past the scene's bound: refused, said as a point not added (no "previous value is kept"),
    # and nothing added; on this page alone: Home said it too, as if one of its own values.
    at.number_input(key="lab_typed_x1").set_value(2e6)
    at.button(key=submit).click().run()
    assert at.session_state["scene"].train_points == ((1.5, -2.0, 1),)
    (shown,) = [e.value for e in at.error]
    assert shown.startswith(t("msg.point_not_added", error="")[:-2]) and "2000000" in shown
    # Beside the form, in its tab: among the page's messages it was a screen below.
    assert [e.value for e in at.tabs[0].error] == [shown]
    at.switch_page("pages/home.py").run()
    assert not at.error


def test_a_refused_value_is_said_on_its_own_page_alone():
    # The explorer's b and T keys are the matrix view's too: a refused temperature showed under
    # the matrix view's own T, and came back on the explorer after a visit to another page.
    at = app(EXPLORER)
    widget(at, "temperature", "number_input").set_value(0.0).run()
    assert len(at.error) == 1
    at.switch_page(MATRIX).run()
    assert not at.error
    at.switch_page(EXPLORER).run()
    assert not at.error and at.session_state["scene"].temperature == Scene().temperature


def test_training_lab_step_asks_for_the_full_run_that_enables_undo():
    # Step is in the tab's fragment, which reran alone: the sidebar's Undo stayed greyed out after
    # three Steps, though Ctrl+Z on the canvas went back. (AppTest runs the whole page every time,
    # so the test checks the request for the full run.)
    at = app(LAB)
    for n in range(1, 4):
        before = at.session_state.get(session.RELEASES, 0)
        at.button(key="btn_lab_step").click().run()
        assert at.session_state[session.RELEASES] == before + 1 and not at.button(key="btn_undo").disabled
        assert at.session_state["lab_run"].step == 5 * n  # one Step each, not a second dispatch


def test_training_lab_names_the_weights_training_took_off_the_canvas():
    # Points at ±1e6: a Step took every weight past the canvas's ±4, and nothing said so.
    at = app(LAB, {"data": "clicked", "pts": "1e6,1e6,1;-1e6,0,2"})
    weights = t("lab.outside_many", "en", names="w1, w2 and w3", view="4")
    assert weights not in [i.value for i in at.info]
    at.button(key="btn_lab_step").click().run()
    assert weights in [i.value for i in at.info]
    at.button(key="btn_lab_reset").click().run()
    assert weights not in [i.value for i in at.info]


def test_training_lab_says_how_many_points_lie_off_its_canvas():
    # A link's point at (99, 99) trained the classifier and was drawn nowhere, without a word. Said
    # in the points' tab, by the buttons that take points away (below the canvas it was a screen
    # away), and only of the one that does (Remove the last point took an on-canvas one).
    at = app(LAB, {"data": "clicked", "pts": "1,1,1;99,99,2;-1,-4.5,3"})
    said = t("lab.points_outside", "en", n=2, total=3, view="4", clear=t("lab.clear_points"))
    assert said.startswith("2 of the 3 points lie outside the canvas") and "Remove" not in said
    assert [i.value for i in at.tabs[0].info if i.value == said] == [said]
    at.button(key="btn_lab_remove_point").click().run()
    one = t("lab.point_outside", "en", n=1, total=2, view="4", clear=t("lab.clear_points"))
    assert one.startswith("1 of the 2 points lies") and one in [i.value for i in at.tabs[0].info]
    at.button(key="btn_lab_remove_point").click().run()
    assert not [i for i in at.info if "outside the canvas" in i.value and "points" in i.value]


def test_training_lab_clicked_points_train_and_can_be_removed():
    at = app(LAB, {"data": "clicked", "pts": "1,1,1;-1,1,2", "pick": "3"})
    assert not at.exception
    assert any("2 so far" in c.value for c in at.caption)
    at.button(key="btn_lab_step").click().run()
    assert "Step 5" in lab_status(at)
    at.button(key="btn_lab_remove_point").click().run()
    assert url(at)["pts"] == "1.0,1.0,1"
    assert at.session_state["lab_run"].X.shape == (2, 1)
    at.button(key="btn_undo").click().run()
    assert url(at)["pts"] == "1.0,1.0,1;-1.0,1.0,2"
    at.button(key="btn_lab_clear_points").click().run()
    assert url(at)["pts"] == ""
    # No points: the status has no loss (not the last step's), and Step and Play are off.
    assert lab_status(at) == "**Step 5 · loss — · accuracy —**"
    assert at.button(key="btn_lab_step").disabled and at.button(key="btn_lab_play").disabled


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_training_lab_says_when_fewer_classes_took_clicked_points_and_that_clicks_are_2d(lang):
    at = app(LAB, {"data": "clicked", "k": "5", "pts": "1,1,1;-1,1,4;0,-1,5", "td": "3", "lang": lang})
    # The clicked points are on a 2D canvas whatever the dimension says.
    assert any(c.value == t("lab.clicked_2d", lang) for c in at.caption)
    widget(at, "train_classes", "segmented_control").set_value(3).run()
    assert url(at)["pts"] == "1.0,1.0,1"
    dropped = t("lab.points_dropped", lang, n=2, k=3)
    assert [i.value for i in at.info].count(dropped) == 1
    # Only while true: the next change ends it.
    at.button(key="btn_lab_remove_point").click().run()
    assert dropped not in [i.value for i in at.info]


def test_training_lab_stops_playing_when_the_points_are_cleared():
    at = app(LAB, {"data": "clicked", "pts": "1,1,1;-1,1,2"})
    at.button(key="btn_lab_play").click().run()
    assert at.session_state["lab_playing"]
    at.button(key="btn_lab_clear_points").click().run()
    assert not at.session_state["lab_playing"] and at.button(key="btn_lab_play").label == "Play"


def test_training_lab_trains_in_3d_and_opens_in_the_3d_explorer():
    at = app(LAB, {"td": "3", "data": "spirals"})
    assert not at.exception
    at.button(key="btn_lab_step").click().run()
    assert "Step 5" in lab_status(at)
    run = at.session_state["lab_run"]
    assert run.X.shape[0] == 3 and run.W.shape == (3, 3)
    (link,) = [p for p in at.get("page_link") if "w1_3d" in p.proto.query_string]
    assert link_query(link)["w1_3d"] == ",".join(repr(round(float(v), 4)) for v in run.W[:, 0])


def test_training_lab_reopens_on_the_tab_left_open():
    # Streamlit forgets a widget's state on a page that does not draw it: the lab reopened on its
    # first tab after another page. layout.tabs keeps the open tab's index (checked in Chromium).
    def default_tab(at):
        (tabs,) = [
            b.proto.tab_container for b in _blocks(at._tree) if b.proto.WhichOneof("type") == "tab_container"
        ]
        return tabs.default_tab_index

    at = app(LAB)
    assert default_tab(at) == 0
    at.session_state["lab_tabs_open"] = 1  # what switching to the second tab keeps
    at.switch_page(EXPLORER).run()
    at.switch_page(LAB).run()
    assert default_tab(at) == 1


def _blocks(node):
    for child in getattr(node, "children", {}).values():
        if isinstance(child.proto, BlockProto):
            yield child
        yield from _blocks(child)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_training_lab_s_warm_up_speaks_of_the_feature_dimension_set(lang):
    # It said "a 2D feature" beside "(64 → 64 → 32 → 3) … a 3D feature".
    at = app(LAB, {"fd": "3", "lang": lang})
    why = t("lab.warmup_why", lang, dim=3, epochs=lab.WARMUP_EPOCHS)
    assert why in [c.value for c in at.caption] and ("3D" in why or "3 维" in why)
    # Two heads without a margin have nothing to warm up: no note (it said the margin grows).
    at = app(LAB, {"fd": "3", "lang": lang, "flosses": "softmax,normface"})
    assert why not in [c.value for c in at.caption]
    # Nor a switch that would do nothing; it comes back with a margin, as the user left it.
    assert not [w for w in at.toggle if w.key.startswith("warmup")]
    widget(at, "feature_losses.1", "selectbox").set_value("arcface").run()
    assert widget(at, "warmup", "toggle").value is True and why in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_training_lab_says_why_a_weight_at_the_origin_stops_an_angular_loss(lang):
    # A weight dragged onto the origin under ArcFace: the canvas was replaced by a traceback
    # (margin_regions refused the zero vector), and Step left it there.
    at = app(LAB, {"tloss": "arcface", "lang": lang})
    run = at.session_state["lab_run"]
    at.session_state["lab_run"] = lab.with_points(run, {"w1": [0.0, 0.0]})  # what a drag does
    at.run()
    assert not at.exception
    (warning,) = at.warning
    assert warning.value == t("margin.zero_vector", lang, kind="ArcFace", vector="w1")
    at.button(key="btn_lab_step").click().run()
    assert not at.exception and at.session_state["lab_run"].step == 0
    (error,) = at.error
    assert error.value.startswith(t("lab.error", lang, error="")) and not at.warning
    # Dragged away again: the error, no longer true, goes (it stayed until the next Step), and it
    # trains.
    at.session_state["lab_run"] = lab.with_points(at.session_state["lab_run"], {"w1": [1.0, 0.5]})
    at.run()
    assert not at.error and not at.warning
    at.button(key="btn_lab_step").click().run()
    assert at.session_state["lab_run"].step == 5 and not at.error and not at.warning


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_training_lab_step_buttons_say_how_far_a_step_goes(lang):
    # One Step of the features tab trains 2 epochs (its counter goes 2, 4, 6): the button says so.
    at = app(LAB, {"steps": "7", "lang": lang})
    linear = at.button(key="btn_lab_step").help
    assert "7" in linear and t("lab.steps", lang) in linear
    features = at.button(key="btn_features_step").help
    assert features == t("lab.step_help_features", lang, n=lab.FEATURE_EPOCHS_PER_FRAME)


def test_the_import_message_goes_once_the_scene_changes():
    # "Scene imported." stayed after a drag, Reset or another page's change.
    from softmaxviz.ui import callbacks

    imported = replace(Scene(), x=(0.0, 2.0))
    at = app(EXPLORER, {"x": "0,2"})
    at.session_state[callbacks.IMPORT_RESULT] = callbacks.ImportResult([], imported, "a.json")
    at.run()
    assert [s.value for s in at.success] == [t("share.imported", "en", file="`a.json`")]
    at.run()
    assert len(at.success) == 1, "still true on the next run"
    widget(at, "x.0", "number_input").set_value(1.0).run()
    assert not at.success
    # A refused file says the scene is unchanged: only while it is.
    at.session_state[callbacks.IMPORT_RESULT] = callbacks.ImportResult(
        ["not JSON (x)"], at.session_state["scene"], "b.json"
    )
    at.run()
    assert len(at.error) == 1 and "`not JSON (x)`" in at.error[0].value
    at.button(key="btn_reset").click().run()
    assert not at.error


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_undo_names_the_page_whose_change_it_reverted(lang):
    # One history serves every page: an undo on the matrix view reverted the explorer's change
    # with nothing to see.
    at = app(EXPLORER, {"lang": lang})
    widget(at, "biases.0", "number_input").set_value(1.5).run()
    at.switch_page(MATRIX).run()
    at.button(key="btn_undo").click().run()
    assert at.session_state["scene"].biases[0] == 0.0
    page = t("explorer.nav", lang)
    assert [toast.value for toast in at.toast] == [t("history.undo_elsewhere", lang, page=page)]
    at.button(key="btn_redo").click().run()
    assert [toast.value for toast in at.toast] == [t("history.redo_elsewhere", lang, page=page)]
    # On the page it was made on, no word: the change is in sight.
    at.switch_page(EXPLORER).run()
    at.button(key="btn_undo").click().run()
    assert at.session_state["scene"].biases[0] == 0.0 and not at.toast


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_step_the_browser_s_history_reverted_is_said_so(lang):
    # Back from a scenario the explorer opened, to the scenarios page: "Undo reverted a change
    # made on 2D explorer", of a Back (a QA pass).
    link = {"lang": lang, "x": "1,1"}
    at = app(EXPLORER, link)
    widget(at, "biases.0", "number_input").set_value(1.5).run()
    at.query_params.clear()
    at.query_params.update({**Scene(x=(1.0, 1.0)).to_query(), **link})  # the address before it
    at.switch_page(MATRIX).run()
    assert at.session_state["scene"].biases[0] == 0.0
    page = t("explorer.nav", lang)
    assert [toast.value for toast in at.toast] == [t("history.browser_undo_elsewhere", lang, page=page)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_training_lab_says_its_link_holds_the_setup_not_the_run(lang):
    # "This page's URL holds the whole scene" was false there: the dragged and trained weights
    # are the tab's, not the link's nor the exported file's.
    lab_page = app(LAB, {"lang": lang})
    assert t("controls.share_lab", lang) in [c.value for c in lab_page.sidebar.caption]
    explorer = app("pages/explorer.py", {"lang": lang})
    assert t("controls.share", lang) in [c.value for c in explorer.sidebar.caption]


def test_margin_lab_says_sphereface_s_own_m():
    # It said "4 times closer in angle" with m at 2.
    scene = Scene().with_loss("sphereface")
    scene = replace(scene, margin_params=tuple((k, 2.0 if k == "m" else v) for k, v in scene.margin_params))
    at = app("pages/margin_lab.py", scene.to_query())
    assert any("2 times closer in angle" in c.value for c in at.caption)
    assert not any("4 times closer" in c.value for c in at.caption)
