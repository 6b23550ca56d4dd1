"""Readouts: pure text, tables and formulas, checked like figure builders."""

import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from softmaxviz.core import column_dots
from softmaxviz.figures import explorer_figure
from softmaxviz.kinds import KINDS
from softmaxviz.results import explorer_results, margin_results
from softmaxviz.scenarios import BY_KEY
from softmaxviz.state import LOSS_PARAMS, Scene
from softmaxviz.strings import class_names, short_kind_name, t
from softmaxviz.ui import readouts


def test_class_table_shows_the_default_scene_by_hand():
    table = readouts.class_table(Scene(), explorer_results(Scene()), "en")
    assert table.columns == ("class 1", "class 2", "class 3")
    # z = w.x: (2.5 * 1.5, 0.4 * 1.5 + 1.1 * 1.5, -1.4 * 1.5 - 1.2 * 1.5) = (3.75, 2.25, -3.9).
    assert table.row("z") == ("3.750", "2.250", "-3.900")
    assert table.row("‖w‖‖x‖cos θ") == ("3.750", "2.250", "-3.900")
    assert table.row("predicted") == ("✔", "", "")


def test_class_table_marks_every_class_of_an_exact_tie():
    # x = (1, 1) with w1 = (2, 0) and w2 = (0, 2): z1 = z2 = 2 (the "on a border" scenario). The
    # table marked class 1 alone (argmax's first) beside its own "z1 = z2, so p1 = p2".
    scene = BY_KEY["on_boundary"].scene
    table = readouts.class_table(scene, explorer_results(scene), "en")
    assert table.row("z")[:2] == ("2.000", "2.000") and table.row("predicted") == ("✔", "✔", "")
    moved = replace(scene, x=(1.0, 1.001))
    assert readouts.class_table(moved, explorer_results(moved), "en").row("predicted") == ("", "✔", "")


def test_a_tie_in_decimals_is_a_tie_although_floats_round_it_apart():
    # x = (1.1, 2.1): z1 = z2 = 2.75, which floats compute 4.4e-16 apart. The table marked class 2
    # alone, and the tour said "w2 is the closest to x in angle (7.7°), and it wins".
    scene = replace(Scene(), x=(1.1, 2.1))
    results = explorer_results(scene)
    assert readouts.class_table(scene, results, "en").row("predicted") == ("✔", "✔", "")
    said = readouts.angles_or_norms(scene, results, "en")
    assert said == t("tour.here.tie", "en", names="w1 and w2", z="2.750")


def test_defect10_zero_sample_dot_product_is_zero_not_undefined():
    scene = replace(Scene(), x=(0.0, 0.0))
    table = readouts.class_table(scene, explorer_results(scene), "en")
    assert table.row("θ (°)") == ("—", "—", "—")  # the angle is undefined ...
    assert table.row("‖w‖‖x‖cos θ") == ("0.000", "0.000", "0.000")  # ... the product is not


def test_table_html_is_one_accessible_table():
    table = readouts.Table(("a", "b"), (("row <1>", ("1", "2")),))
    html = readouts.table_html(table, testid="t", caption="cap")
    assert 'data-testid="t"' in html and "<caption>cap</caption>" in html
    assert '<th scope="row">row &lt;1&gt;</th><td>1</td><td>2</td>' in html


EXP = '<wbr><span class="svz-exp">{}</span>'  # an exponent: a break before it, none inside


@pytest.mark.parametrize(
    ("value", "html"),
    [
        # A near tie's logits, told apart in their 13th digit: groups of three from the point.
        ("1.000000000001", "1.000<wbr>000<wbr>000<wbr>001"),
        ("0.7071067811865", "0.707<wbr>106<wbr>781<wbr>186<wbr>5"),
        ("1000001.061", "1<wbr>000<wbr>001.061"),  # a huge bias: the whole part too
        ("-1234567.5", "-1<wbr>234<wbr>567.5"),
        ("1234567", "1<wbr>234<wbr>567"),
        # Huge biases on a 1024 px screen: the exponent may go to a line of its own.
        # In one piece: Chromium broke "2.50e-11" after its minus sign.
        ("1.000004e+06", f"1.000<wbr>004{EXP.format('e+06')}"),
        ("1.0000e+06", f"1.0000{EXP.format('e+06')}"),
        ("(1.000, 5.00e-13)", f"(1.000, 5.00{EXP.format('e-13')})"),
        ("2.50e-11", f"2.50{EXP.format('e-11')}"),
        # Everyday numbers keep one piece: no 0.478 on one line and 3 on the next.
        ("0.4783", "0.4783"),
        ("-1.400", "-1.400"),
        ("123456", "123456"),
        ("a <b> 12345678", "a &lt;b&gt; 12<wbr>345<wbr>678"),  # escaped as before
    ],
)
def test_long_numbers_in_a_table_break_between_digit_groups(value, html):
    assert ".svz-exp{white-space:nowrap}" in readouts.TABLE_CSS
    assert readouts.breakable(value) == html
    table = readouts.Table(("c",), (("r", (value,)),))
    assert f"<td>{html}</td>" in readouts.table_html(table, testid="t")


def test_formula_has_the_live_numbers():
    latex = readouts.formula_latex(Scene(), explorer_results(Scene()), "en")
    assert "= 3.750" in latex and "= 0.8173" in latex


def test_formula_writes_huge_numbers_as_powers_of_ten():
    # KaTeX set "1.4142e+06" as the algebra e + 06.
    scene = replace(Scene(), weights=((1e6, 1e6), (0.4, 1.1), (-1.4, -1.2)), biases=(1e6, 0.0, 0.0))
    latex = readouts.formula_latex(scene, explorer_results(scene), "en")
    assert "e+" not in latex and r"1.4142\times10^{6}" in latex and r"(1.0000\times10^{6})" in latex
    assert readouts.tex(float("nan"), "en") == r"\text{—}" and readouts.tex(-2.5e-7, "en") == "0.000"


def test_formula_writes_a_small_cosine_with_the_digits_its_product_needs():
    # w1 = (1e6, 1e6), x = (1e6, -999999): cos θ1 = 5.0e-7 was written (0.000), and the line read
    # "1.4142×10⁶ · 1.4142×10⁶ · (0.000) + (0.000) = 1.0000×10⁶".
    scene = replace(Scene(), weights=((1e6, 1e6), (0.4, 1.1), (-1.4, -1.2)), x=(1e6, -999999.0))
    latex = readouts.formula_latex(scene, explorer_results(scene), "en")
    assert r"\cdot(5.00\times10^{-7}) + (0.000) = 1.0000\times10^{6}" in latex
    # A bias too: b2 = 1e-7 read (0.000), and z1's and z2's lines were the same beside one tick.
    tiny = replace(Scene(), weights=((2.5, 0.0), (2.5, 0.0), (-1.4, -1.2)), biases=(0.0, 1e-7, 0.0))
    assert r"+ (1.00\times10^{-7})" in readouts.formula_latex(tiny, explorer_results(tiny), "en")
    # Three significant digits below 0.1, the usual three decimals above; zero stays 0.000.
    said = [readouts.tex_factor(v, "en") for v in (0.7071, -0.03125, 0.0015, 0.0, -2.5e-7)]
    assert said == ["0.707", "-0.0312", "0.00150", "0.000", r"-2.50\times10^{-7}"]


def test_formula_writes_every_factor_and_logit_so_its_lines_hold_as_written():
    # ‖x‖ = 1e-6 read 0.000 in "1.0000×10⁶ · 0.000 · (1.000) + (0.000) = 1.000".
    scene = replace(Scene(), weights=((1e6, 0.0), (0.4, 1.1), (-1.4, -1.2)), x=(1e-6, 0.0))
    latex = readouts.formula_latex(scene, explorer_results(scene), "en")
    assert r"z_1 &= 1.0000\times10^{6}\cdot1.00\times10^{-6}\cdot(1.000)" in latex
    # z1 = 1000003.75 and z2 = 1000002.25 both read 1.0000×10⁶ over a fraction of 0.8176, and the
    # table ticked class 1 beside two equal z.
    scene = replace(Scene(), biases=(1e6, 1e6, 0.0))
    results = explorer_results(scene)
    latex = readouts.formula_latex(scene, results, "en")
    assert r"= 1.000004\times10^{6}" in latex and r"= 1.000002\times10^{6}" in latex
    z = dict(readouts.class_table(scene, results, "en").rows)[t("col.z")]
    assert z == ("1.000004e+06", "1.000002e+06", "-3.900")  # the third tells nothing more
    # T as set: 0.123 read 0.12.
    scene = replace(Scene(), temperature=0.123)
    assert "/0.123}" in readouts.formula_latex(scene, explorer_results(scene), "en")
    # The usual scene keeps three decimals.
    assert dict(readouts.class_table(Scene(), explorer_results(Scene()), "en").rows)[t("col.z")] == (
        "3.750",
        "2.250",
        "-3.900",
    )


def _margin_scene(kind, label=0, x=(1.5, 1.5)):
    return replace(Scene().with_loss(kind), label=label, x=x)


CASES = [(kind, label, x) for kind in LOSS_PARAMS for label in (0, 1, 2) for x in ((1.5, 1.5), (-0.3, 2.0))]


@pytest.mark.parametrize(("kind", "label", "x"), CASES)
def test_defect2_gradient_sentence_agrees_with_the_signed_radial_part(kind, label, x):
    scene = _margin_scene(kind, label, x)
    margin = margin_results(scene)
    radial, tangential = readouts.gradient_split(scene, margin)
    text = readouts.gradient_split_text(scene, margin, "en")
    # The signed parts, recomputed from -dL/dx directly.
    u = np.array(x) / np.linalg.norm(x)
    assert radial == pytest.approx(-float(margin.grad_x @ u), abs=1e-12)
    assert tangential == pytest.approx(-float(margin.grad_x @ np.array([-u[1], u[0]])), abs=1e-12)
    sees_norm = KINDS[kind].sees_x_norm
    if not sees_norm:
        assert radial == 0.0 and "only through its direction" in text
    elif radial > 0:
        assert "growing ‖x‖" in text and "radial +" in text
    else:
        assert radial < 0 and "shrinking ‖x‖" in text and "radial −" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_part_that_reads_0_000_has_no_sign_and_no_direction_said(lang):
    # Softmax, x = (5, 0) on w1's ray, y = 1: z = (12.5, 2, -7), p1 = 0.99997: radial 5.8e-5,
    # tangential -3.0e-5. It read "radial +0.000 ... tangential +0.000 (− turns x clockwise) ... the
    # radial part is positive".
    scene = _margin_scene("softmax", x=(5.0, 0.0))
    margin = margin_results(scene)
    radial, tangential = readouts.gradient_split(scene, margin)
    assert 0 < radial < 5e-4 and 0 < abs(tangential) < 5e-4
    text = readouts.gradient_split_text(scene, margin, lang)
    assert t("margin.why_still", lang) in text and t("margin.turn_none", lang) in text
    assert "+0.000" not in text and "−0.000" not in text
    if lang == "en":
        assert "radial 0.000 (" in text and "tangential 0.000 (" in text


def test_defect2_sphereface_sees_the_norm_of_x():
    scene = _margin_scene("sphereface")
    margin = margin_results(scene)
    radial, _ = readouts.gradient_split(scene, margin)
    assert radial != 0.0
    assert "only through its direction" not in readouts.gradient_split_text(scene, margin, "en")


def test_defect2_softmax_label_2_says_shrink_with_its_sign():
    # Softmax, label 2 (w2), default scene: the case, radial part -0.577.
    scene = _margin_scene("softmax", label=1)
    margin = margin_results(scene)
    radial, _ = readouts.gradient_split(scene, margin)
    assert radial == pytest.approx(-0.577, abs=1e-3)
    text = readouts.gradient_split_text(scene, margin, "en")
    assert "radial −0.577" in text and "shrinking ‖x‖" in text and "growing" not in text


def test_margin_table_marks_the_label_and_dashes_what_is_undefined():
    scene = _margin_scene("arcface", x=(0.0, 0.0))
    table = readouts.margin_table(scene, margin_results(scene), "en")
    assert table.columns[0] == "class 1 (y)"
    assert table.row("p") == ("—", "—", "—")


def test_zero_sample_gradient_text_says_there_is_no_direction():
    scene = _margin_scene("softmax", x=(0.0, 0.0))
    margin = margin_results(scene)
    assert readouts.gradient_split(scene, margin) is None
    text = readouts.gradient_split_text(scene, margin, "en")
    assert "no direction" in text and "radial" not in text


def test_share_link_is_the_page_and_the_scene():
    query = {**Scene().to_query(), "lang": "zh"}
    link = readouts.share_link("http://host:8501/explorer", query)
    assert link.startswith("http://host:8501/explorer?w1=2.5%2C0.0&")
    assert readouts.share_link("http://host:8501/explorer?old=1", {}) == "http://host:8501/explorer"


def test_qr_code_holds_exactly_the_link():
    import segno

    link = readouts.share_link("http://host:8501/margin_lab", Scene().to_query())
    qr = readouts.share_qr(link)
    # The library's own code for that text, module by module: what a phone's camera reads.
    assert qr.matrix == segno.make(link, error="m", micro=False).matrix
    assert qr.matrix != segno.make(link + "x", error="m", micro=False).matrix
    png = readouts.qr_png(qr, module_px=10)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # Width and height in the IHDR chunk: (modules + a quiet zone of 4 each side) x 10 px.
    side = (len(qr.matrix) + 8) * 10
    assert int.from_bytes(png[16:20], "big") == side == int.from_bytes(png[20:24], "big")


def test_the_qr_code_is_an_image_with_its_text_alternative():
    import base64

    qr = readouts.share_qr("http://host:8501/explorer?x=1,2")
    html = readouts.qr_html(qr, alt='QR "code" <of> the link', caption="Scan")
    src = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(src) == readouts.qr_png(qr)
    assert 'alt="QR &quot;code&quot; &lt;of&gt; the link"' in html and "<figcaption" in html


def test_a_link_too_long_for_m_gets_l_and_one_too_long_for_any_qr_code_none():
    import segno

    # 120 clicked points at full precision: no QR code holds it (segno raised into the dialog).
    assert readouts.share_qr("http://host/?pts=" + "9" * 6000) is None
    link = "http://host/?pts=" + "9" * 2500  # over M's 2331 bytes, within L's 2953
    assert readouts.share_qr(link).matrix == segno.make(link, error="l", micro=False).matrix


def test_default_scenes_share_link_is_just_the_page():
    from softmaxviz.state import Prefs, short_query

    assert (
        readouts.share_link("http://host:8501/explorer", short_query(Scene(), Prefs()))
        == "http://host:8501/explorer"
    )


def test_named_classes_appear_in_every_table():
    scene = replace(Scene(), class_names=("cat", "", "bird"), label=2)
    assert class_names(scene.class_names, "en") == ["cat", "class 2", "bird"]
    assert readouts.class_table(scene, explorer_results(scene), "en").columns == ("cat", "class 2", "bird")
    margin = readouts.margin_table(scene, margin_results(scene), "en")
    assert margin.columns == ("cat", "class 2", "bird (y)")


@pytest.mark.parametrize(
    "link, host",
    [
        ("http://localhost:8501/explorer?v=2", "localhost"),
        ("http://127.0.0.1:8501/", "127.0.0.1"),
        ("http://127.1.2.3/", "127.1.2.3"),
        ("http://[::1]:8501/tour", "::1"),
        ("http://0.0.0.0:8501/", "0.0.0.0"),
        ("http://app.localhost/", "app.localhost"),
        ("http://192.168.1.20:8501/explorer", None),
        ("https://softmaxviz.streamlit.app/explorer?x=1.0%2C2.0", None),
        ("", None),
    ],
)
def test_loopback_host_is_an_address_only_this_computer_opens(link, host):
    assert readouts.loopback_host(link) == host


def test_with_host_keeps_the_port_the_page_and_the_scene():
    link = "http://localhost:8501/explorer?x=1.0%2C2.0&v=2"
    assert readouts.with_host(link, "192.168.1.20") == "http://192.168.1.20:8501/explorer?x=1.0%2C2.0&v=2"
    assert readouts.with_host("http://[::1]/tour", "fe80::1") == "http://[fe80::1]/tour"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phone_link_gives_a_phone_an_address_it_can_open(lang):
    local = "http://127.0.0.1:8501/explorer?x=1.0%2C2.0&v=2"
    link, key, args = readouts.phone_link(local, "192.168.1.20")
    assert link == "http://192.168.1.20:8501/explorer?x=1.0%2C2.0&v=2"
    text = t(key, lang, **args)
    assert "127.0.0.1" in text and "192.168.1.20" in text
    # No network address known: the link stays, and the message says a phone cannot open it.
    link, key, args = readouts.phone_link(local, None)
    assert link == local and key == "share.qr_local" and "127.0.0.1" in t(key, lang, **args)
    # A hosted app's link is what a phone opens: nothing to say.
    hosted = "https://softmaxviz.streamlit.app/explorer?v=2"
    assert readouts.phone_link(hosted, "192.168.1.20") == (hosted, None, {})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tour_s_norms_step_says_why_the_winner_wins_for_the_scene_shown(lang):
    # It said "Here x is 25° from w2 but 45° from w1, and w1 still wins" of any scene dragged to.
    def here(**changes):
        scene = replace(Scene(), **changes)
        return readouts.angles_or_norms(scene, explorer_results(scene), lang)

    # The default scene: x = (1.5, 1.5) at 45° from w1 = (2.5, 0) and 25.0° from w2 = (0.4, 1.1);
    # z = (3.75, 2.25, -3.9): w1 wins by its length.
    args = dict(k=1, c=2, tk="45.0", tc="25.0", nk="2.500", nc="1.170")
    assert here() == t("tour.here.longer", lang, **args)
    # x = (-1, 2): 116.6°, 46.5°, 104.0°; z = (-2.5, 1.8, -1.0): the closest wins.
    assert here(x=(-1.0, 2.0)) == t("tour.here.closest", lang, k=2, tk="46.5")
    # x = (0.3, 1) with b1 = 2: w1·x = 0.75 < w2·x = 1.22, z1 = 2.75 wins by its bias.
    args = dict(k=1, c=2, tk="73.3", tc="3.3", nk="2.500", nc="1.170", bk="2.000", bc="0.000")
    assert here(x=(0.3, 1.0), biases=(2.0, 0.0, 0.0)) == t("tour.here.bias", lang, **args)
    # x = (0.3, -1) points away from every weight: w1 = (-2.5, 0) is closest (106.7°), but w1·x =
    # -0.75 < w2·x = 0.03 - 0.5 = -0.47 with w2 = (0.1, 0.5) at 152.0°: the shorter loses less.
    weights = ((-2.5, 0.0), (0.1, 0.5), (0.0, 3.0))
    args = dict(k=2, c=1, tk="152.0", tc="106.7", nk="0.510", nc="2.500")
    assert here(weights=weights, x=(0.3, -1.0)) == t("tour.here.shorter", lang, **args)
    # The numbers as the table beside it writes them: a short weight's norm with its significant
    # digits ("‖w2‖ = 0.071" stood beside 0.0707). w2 = (0.05, -0.05), x = (-0.2, 1.5): θ1 = 97.6°,
    # θ2 = 142.6°, w1·x = -0.5 < w2·x = -0.085.
    weights = ((2.5, 0.0), (0.05, -0.05), (-1.4, -1.2))
    scene = replace(Scene(), weights=weights, x=(-0.2, 1.5))
    args = dict(k=2, c=1, tk="142.6", tc="97.6", nk="0.0707", nc="2.500")
    assert here(weights=weights, x=(-0.2, 1.5)) == t("tour.here.shorter", lang, **args)
    table = readouts.class_table(scene, explorer_results(scene), lang)
    assert table.row(t("col.norm", lang))[1] == "0.0707" and table.row(t("col.theta", lang))[:2] == (
        "97.6",
        "142.6",
    )
    # A tie, and the zero vector.
    tie = dict(weights=((2.0, 0.0), (0.0, 2.0), (-3.0, -3.0)), x=(1.0, 1.0))
    both = {"en": "w1 and w2", "zh": "w1 与 w2"}[lang]  # "w1, w2 tie", and an ASCII comma in 中文
    assert here(**tie) == t("tour.here.tie", lang, names=both, z="2.000")
    assert here(x=(0.0, 0.0)) == t("tour.here.zero", lang)
    # A weight at the origin has no angle. w1 = 0 (the tour's step 3, w1 dragged there): w2 is the
    # closest of those with one, and wins; the step said "x is —° from w1 but 25.0° from w2".
    origin = ((0.0, 0.0), (0.4, 1.1), (-1.4, -1.2))
    assert here(weights=origin) == t("tour.here.closest", lang, k=2, tk="25.0")
    # w1 = 0 with b1 = 3: z = (3, 2.25, -3.9), and it wins by its bias alone.
    assert here(weights=origin, biases=(3.0, 0.0, 0.0)) == t("tour.here.origin", lang, k=1, bk="3.000")


def _caption(loss, lang="en", **params):
    scene = Scene().with_loss(loss)
    given = {**dict(scene.margin_params), **params}
    return readouts.kind_caption(replace(scene, margin_params=tuple(given.items())), lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_kind_s_sentence_is_the_variant_its_parameters_make_true(lang):
    # "m times closer in angle" of SphereFace at λ = 5, and "the logit keeps falling" of ArcFace
    # with easy margin, where it jumps up to s·cos θ at 90°: one sentence said both of every setting.
    assert _caption("sphereface", lang, m=4.0, lam=5.0) == t(
        "kind.sphereface.intuition_lam", lang, s=8.0, m=4.0, lam=5.0
    )
    assert _caption("sphereface", lang, m=4.0, lam=0.0) == t("kind.sphereface.intuition", lang, m=4.0)
    assert _caption("lsoftmax", lang, m=2.5, lam=0.0) == t("kind.lsoftmax.intuition", lang, m=2.5)
    assert "λ = 1.5" in _caption("lsoftmax", lang, m=2.5, lam=1.5)
    assert _caption("arcface", lang, easy_margin=1.0) == t("kind.arcface.intuition_easy", lang)
    assert _caption("arcface", lang) == t("kind.arcface.intuition", lang)
    for loss in ("softmax", "normface", "cosface", "amsoftmax", "combined"):
        assert _caption(loss, lang) == t(f"kind.{loss}.intuition", lang)
    # Every margin off: SphereFace at m = 1 said its margin was "narrower than m = 1 alone gives".
    for loss, off, tie in (
        ("sphereface", {"m": 1.0, "lam": 5.0}, "θ_i = θ_j"),
        ("lsoftmax", {"m": 1.0}, "w_iᵀx = w_jᵀx"),
        ("arcface", {"m": 0.0}, "θ_i = θ_j"),
        ("combined", {"m1": 1.0, "m2": 0.0, "m3": 0.0}, "θ_i = θ_j"),
    ):
        values = ", ".join(f"{n} = {v:g}" for n, v in off.items() if n != "lam")
        kind = short_kind_name(loss, lang)
        assert _caption(loss, lang, **off) == t("kind.no_margin", lang, kind=kind, values=values, tie=tie)
    # One margin still on is a margin.
    assert _caption("combined", lang, m1=1.0, m2=0.0, m3=0.2) == t("kind.combined.intuition", lang)
    # And the numbers: at m = 1 SphereFace's logits are the plain ones.
    scene = Scene().with_loss("sphereface")
    scene = replace(scene, margin_params=tuple({**dict(scene.margin_params), "m": 1.0, "lam": 5.0}.items()))
    r = margin_results(scene)
    assert np.allclose(r.margin_logits, r.raw_logits)


def _angles(W, x):
    c = (W.T @ x) / (np.linalg.norm(W, axis=0) * np.linalg.norm(x))
    return np.arccos(np.clip(c, -1, 1))


def test_what_the_kinds_sentences_claim_holds_on_the_numbers():
    from softmaxviz.margins import margin_classes_at, margin_loss, target_logit

    rng = np.random.default_rng(7)
    # L-Softmax at λ = 0 with weights of equal length (here 1.7), and SphereFace with any lengths:
    # a point is class y's exactly where m·θ_y < θ_j for every other j. The QA pass's L-Softmax case
    # (θ = 25°, 45°, m = 2.5) won by w1's length, which the old sentence ruled out.
    equal, any_lengths = (lambda: np.full(3, 1.7)), (lambda: rng.uniform(0.3, 3, 3))
    for kind, lengths in (("lsoftmax", equal), ("sphereface", any_lengths)):
        for m in (1.5, 2.5, 4.0):
            for _ in range(60):
                W = rng.normal(size=(2, 3))
                W *= lengths() / np.linalg.norm(W, axis=0)
                x = rng.normal(size=2) * 2
                theta = _angles(W, x)
                y = int(np.argmin(theta))
                others = np.delete(theta, y)
                won = int(margin_classes_at(W, x, kind, m=m, lam=0.0)) == y
                if abs(m * theta[y] - others.min()) > 1e-9:
                    assert won == (m * theta[y] < others.min()), (kind, m, theta)
    # Softmax: where x's class has the largest w·x, growing ‖x‖ lowers the loss; elsewhere it may
    # raise it (b = (1, -2, 0.5), y = 3, the QA pass's case).
    W, b = Scene().W, np.array([1.0, -2.0, 0.5])
    x = np.array([1.5, 1.5])
    for y in range(3):
        loss = [margin_loss(W, s * x, y, "softmax", b=b) for s in (1.0, 1.1)]
        assert (loss[1] < loss[0]) == (y == int(np.argmax(W.T @ x))), y
    # ArcFace, easy margin: past 90° the target is s·cos θ, without a margin.
    theta = np.radians([100.0, 150.0])
    easy = target_logit(theta, "arcface", s=8.0, m=0.5, easy_margin=True)
    np.testing.assert_allclose(easy, 8 * np.cos(theta))
    # Combined: past m1·θ + m2 > π the target rises again (m1 = 2, m2 = 0.3: from θ = 1.42).
    theta = np.radians([120.0, 150.0, 170.0])
    rising = target_logit(theta, "combined", s=8.0, m1=2.0, m2=0.3, m3=0.2)
    assert np.all(np.diff(rising) > 0)


def test_a_negative_that_reads_zero_has_no_sign():
    # A 3D weight set by azimuth and elevation has components like -1e-17: "-0.000" claimed a sign.
    shown = [readouts.fmt(v, "en") for v in (-1e-17, -0.0004, -0.0, -0.0006, -10.0)]
    assert shown == ["0.000", "0.000", "0.000", "-0.001", "-10.000"]
    assert readouts.fmt(-0.04, "en", 1) == "0.0" and readouts.fmt(-0.04, "en", 0) == "0"


def test_what_a_screen_reader_hears_is_the_table_s_p_row_under_its_classes():
    table = readouts.Table(("cat", "dog (y)"), (("z", ("1.000", "0.153")), ("p", ("0.7000", "0.3000"))))
    assert readouts.said_p(table, "en") == "Probabilities: cat 0.7000, dog (y) 0.3000"
    assert readouts.said_p(table, "zh") == "概率：cat 0.7000、dog (y) 0.3000"


@settings(max_examples=40, deadline=None)
@given(
    scale=st.integers(min_value=-300, max_value=5),  # a coordinate is at most 1e6
    direction=st.tuples(st.integers(-9, 9), st.integers(-9, 9)).filter(any),
)
def test_a_ticked_class_s_logit_never_reads_as_an_unticked_one_s(scale, direction):
    # x = (1e-11, 0): z read 0.000000000 for all three classes beside one tick; b2 = 1e-300 read
    # 0.000 in the table beside the formula's 1.00×10^-300.
    x = [float(f"{direction[0]}e{scale}"), float(f"{direction[1]}e{scale}")]
    scene = Scene().with_points({"x": x})
    table = readouts.class_table(scene, explorer_results(scene), "en")
    z, ticks = table.row(t("col.z", "en")), table.row(t("col.pred", "en"))
    for i in range(3):
        for j in range(3):
            if ticks[i] and not ticks[j]:
                assert z[i] != z[j], (x, z)


def test_logits_that_differ_beyond_rounding_read_apart_as_the_ticks_say():
    # w2 = (1, 5e-13) wins by 5e-13, far beyond rounding: the table read z 1.000 | 1.000 beside a
    # tick on class 2 only (fmt_apart had its own, looser, notion of a tie than the ticks).
    scene = Scene().with_points({"w1": [1.0, 0.0], "w2": [1.0, 5e-13], "w3": [-1.0, 0.0], "x": [1.0, 1.0]})
    scene = replace(scene, biases=(0.0, 0.0, 0.0))
    table = readouts.class_table(scene, explorer_results(scene), "en")
    assert table.row(t("col.pred", "en")) == ("", t("pred.mark", "en"), "")
    z = table.row(t("col.z", "en"))
    assert z[0] != z[1] and float(z[1]) - float(z[0]) == pytest.approx(5e-13, rel=1e-3)
    # In fixed decimals, as wide as they must be: 1.000000000000e+00 scrolled class 2 out of its
    # column; class 3, far from the tie, keeps its three decimals.
    assert z == ("1.000000000000", "1.000000000001", "-1.000")
    # Its factors read apart too: ‖w‖‖x‖cos θ read 1.000 | 1.000 under those z, and w2 (1.000, 0.000).
    assert table.row(t("col.w", "en"))[:2] == ("(1.000, 0.000)", "(1.000, 5.00e-13)")
    for row in ("col.dot", "col.cos"):
        cells = table.row(t(row, "en"))
        assert cells[0] != cells[1] and float(cells[0]) < float(cells[1]), (row, cells)
    # So do the angle and the probability: θ read 45.0 | 45.0 and p 0.4683 | 0.4683 beside one
    # tick. w2 is 5e-13 rad (2.9e-11°) nearer x; p2 - p1 = p (1 - p) 5e-13 ≈ 1.2e-13.
    theta, p = table.row(t("col.theta", "en")), table.row(t("col.p", "en"))
    assert theta == ("45.00000000000", "44.99999999997", "135.0")
    assert p == ("0.468310530833", "0.468310530834", "0.0634")
    latex = readouts.formula_latex(scene, explorer_results(scene), "en")
    cos = [line.split(r"\cdot(")[1].split(")")[0] for line in latex.split(r"\\")[1:3]]
    assert cos == [table.row(t("col.cos", "en"))[0], table.row(t("col.cos", "en"))[1]]
    # On a border, within rounding (2.75 against 2.7500000000000004): a tie, read alike.
    scene = Scene().with_points({"w1": [2.5, 0.0], "w2": [0.4, 1.1], "x": [1.1, 2.1]})
    table = readouts.class_table(scene, explorer_results(scene), "en")
    assert table.row(t("col.z", "en"))[:2] == ("2.750", "2.750")
    assert table.row(t("col.p", "en"))[:2] == ("0.4997", "0.4997")
    assert table.row(t("col.pred", "en"))[:2] == (t("pred.mark", "en"),) * 2


def test_angles_read_apart_where_their_cosines_do_ticked_or_not():
    # Huge equal biases tie z1 and z2 within rounding (both ticked), but w2 = (1, 1e-9) is nearer
    # x: θ read 45.0 | 45.0 beside cos θ 0.707106781 | 0.707106782 (a QA pass).
    scene = Scene().with_points({"w1": [1.0, 0.0], "w2": [1.0, 1e-9], "x": [1.0, 1.0]})
    scene = replace(scene, biases=(1e6, 1e6, 0.0))
    table = readouts.class_table(scene, explorer_results(scene), "en")
    assert table.row(t("col.pred", "en"))[:2] == (t("pred.mark", "en"),) * 2
    assert table.row(t("col.cos", "en"))[:2] == ("0.707106781", "0.707106782")
    assert table.row(t("col.theta", "en"))[:2] == ("45.0000000", "44.9999999")


def test_losing_classes_that_read_alike_keep_their_everyday_digits():
    # z = (0, 0.042, 6.4): p1 = 0.00166 and p2 = 0.00173 both read 0.0017, and neither is ticked:
    # nothing to tell apart. θ too: 90.0 | 87.6 | 0.0 as ever.
    scene = Scene().with_points({"w1": [0.0, 1.0], "w2": [0.042, 1.0], "w3": [6.4, 0.0], "x": [1.0, 0.0]})
    table = readouts.class_table(scene, explorer_results(scene), "en")
    assert table.row(t("col.p", "en")) == ("0.0017", "0.0017", "0.9966")
    assert table.row(t("col.theta", "en")) == ("90.0", "87.6", "0.0")


def test_a_product_reads_its_digits_unless_it_is_within_rounding_of_zero():
    scene = Scene().with_points({"x": [1e-11, 0.0]})
    dots = readouts.class_table(scene, explorer_results(scene), "en").row(t("col.dot", "en"))
    assert dots[0] == f"{Scene().weights[0][0] * 1e-11:.2e}"  # not 0.000 beside z in digits
    # w1 ⟂ x: 0.3·0.3 - 0.9·0.1 is -1.39e-17 in floats, within its rounding of 0: it reads 0.000.
    scene = Scene().with_points({"w1": [0.3, 0.9], "x": [0.3, -0.1]})
    results = explorer_results(scene)
    assert column_dots(results.W, results.x)[0] == pytest.approx(-1.39e-17, rel=0.01)
    table = readouts.class_table(scene, results, "en")
    assert table.row(t("col.dot", "en"))[0] == "0.000"
    # So do its cosine and its logit (-5.55e-17 and -1.39e-17 in floats), here and in the formula,
    # and the canvas's ‖x‖cos θ1: each read its rounding noise in digits beside w·x = 0.000.
    assert table.row(t("col.cos", "en"))[0] == table.row(t("col.z", "en"))[0] == "0.000"
    assert r"z_1 &= 0.949\cdot0.316\cdot(0.000) + (0.000) = 0.000" in readouts.formula_latex(
        scene, results, "en"
    )
    (label,) = [
        tr
        for tr in explorer_figure(scene, results).data
        if tr.meta and tr.meta.get("role") == "projection-label"
    ]
    assert label.text == (t("proj.label", "en", k=1, v="0"),)


def test_a_tiny_weight_s_norm_and_a_tiny_bias_keep_their_digits():
    scene = replace(Scene().with_points({"w1": [1e-11, 0.0]}), biases=(0.0, 1e-300, 0.0))
    table = readouts.class_table(scene, explorer_results(scene), "en")
    assert table.row(t("col.norm", "en"))[0] == "1.00e-11"  # beside its angle, 45.0°: not 0.000
    assert table.row(t("col.b", "en")) == ("0.000", "1.00e-300", "0.000")
