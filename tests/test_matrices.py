"""Matrix readouts: the grids and the written-out dot product, checked by hand."""

import re
from dataclasses import replace

from softmaxviz.results import matrix_results
from softmaxviz.state import Scene
from softmaxviz.ui.matrices import dot_product_html, matrices_html, said_batch


def text_of(html: str) -> str:
    """What a reader sees of the pair formula: its text, lines one per row, tags gone."""
    body = html[html.index('<div class="svz-pair">') :]
    body = body.replace('<span class="l">', "\n")
    return re.sub(r"<[^>]+>", "", body).strip()


def grid(html: str, name: str) -> list[list[float]]:
    """The numbers a grid shows, row by row."""
    table = re.search(rf'data-testid="matrix-{re.escape(name)}".*?</table>', html).group(0)
    rows = re.findall(r"<tr data-row.*?</tr>", table)
    return [[float(v) for v in re.findall(r"<td[^>]*>([^<]*)</td>", row)] for row in rows]


def test_the_grids_add_up_as_shown():
    # With b1 = 0.004 (as typed: the inputs keep three decimals) the grids read WᵀX 0.62 + b 0.00
    # = Z 0.63 at two decimals; as shown, each entry of WᵀX + b is Z's, and W's and X's are typed.
    scene = replace(Scene(), biases=(0.004, -0.013, 0.2), weights=((2.504, 0.0), (0.4, 1.1), (-1.4, -1.2)))
    html = matrices_html(scene, matrix_results(scene), "en")
    wx, b, z = grid(html, "WᵀX (K×N)"), grid(html, "b (K×1)"), grid(html, "Z (K×N)")
    assert [row[0] for row in b] == [0.004, -0.013, 0.2] and grid(html, "Wᵀ (K×D)")[0] == [2.504, 0.0]
    for k, row in enumerate(z):
        for n, value in enumerate(row):
            assert round(wx[k][n] + b[k][0], 3) == value, (k, n)


def test_dot_product_is_written_both_ways_with_its_logit():
    scene = replace(Scene(), sel_class=1, sel_sample=0, biases=(0.0, 1.0, 0.0))
    html = dot_product_html(scene, matrix_results(scene), "en")
    # w2 . x1 = 0.4 * 1.5 + 1.1 * 1.5 = 2.25; |w2| |x1| cos = 1.170 * 2.121 * 0.906 = 2.25; z = 2.25 + 1.
    assert text_of(html).split("\n") == [
        "w2⊤x(1)= ∑d wd2xd(1)",
        "= 0.400 · 1.500 + 1.100 · 1.500",
        "= 2.250",
        "= ‖w2‖ ‖x(1)‖ cos θ21",
        "= 1.170 · 2.121 · 0.906",
        "= 2.250",
        "z21= w2⊤x(1) + b2 = 3.250",
    ]
    assert "The selected pair, both ways" in html and 'data-testid="pair-formula"' in html


def test_a_tiny_factor_keeps_its_significant_digits():
    # x = (5e-7, 1) against w1 = (1e6, 0): "1.0000e+06 · 0.000 + 0.000 · 1.000 = 0.500", and
    # "1.0000e+06 · 1.000 · 0.000 = 0.500", were false as written.
    scene = replace(Scene(), weights=((1e6, 0.0), (0.4, 1.1), (-1.4, -1.2))).with_batch(
        ((5e-7, 1.0), (1.0, 1.0))
    )
    lines = text_of(dot_product_html(scene, matrix_results(scene), "en")).split("\n")
    assert lines[1:3] == ["= 1.0000e+06 · 5.00e-07 + 0.000 · 1.000", "= 0.500"]
    assert lines[4:6] == ["= 1.0000e+06 · 1.000 · 5.00e-07", "= 0.500"]


def test_a_two_digit_sample_index_is_set_off_by_a_comma():
    # z₁₈ is class 1 and sample 8, but "z110" could be class 11 and sample 0: from sample 10 on, z1,10.
    scene = replace(Scene().with_batch([(0.1 * i + 0.5, 1.0) for i in range(10)]), sel_sample=9)
    lines = text_of(dot_product_html(scene, matrix_results(scene), "en")).split("\n")
    assert lines[3].endswith("cos θ1,10") and lines[-1].startswith("z1,10=")


def test_a_negative_factor_is_bracketed_and_an_undefined_cosine_named():
    scene = replace(Scene(), sel_class=2, sel_sample=0)  # w3 = (-1.4, -1.2), x1 = (1.5, 1.5)
    lines = text_of(dot_product_html(scene, matrix_results(scene), "en")).split("\n")
    # -1.4 * 1.5 - 1.2 * 1.5 = -3.9; cos = -3.9 / (1.844 * 2.121) = -0.997
    assert lines[1:3] == ["= (-1.400) · 1.500 + (-1.200) · 1.500", "= -3.900"]
    assert lines[4] == "= 1.844 · 2.121 · (-0.997)"
    zero = Scene().with_batch(((0.0, 0.0), (1.0, 1.0)))
    html = dot_product_html(zero, matrix_results(zero), "en")
    assert text_of(html).split("\n")[4].endswith("· —")
    # And why: x(1) is the zero vector (said once, of it alone).
    notes = re.findall(r'<p class="svz-pair-note">(.*?)</p>', html)
    assert [re.sub(r"<[^>]+>", "", n) for n in notes] == [
        "x(1) is the zero vector: it has no direction, so θ is undefined (—), "
        "and the product is 0 either way."
    ]
    assert "svz-pair-note" not in dot_product_html(scene, matrix_results(scene), "en")


def test_the_pair_formula_wraps_between_terms_only():
    # Each product stays whole; a narrow column breaks the line at the " + " between them. The "="
    # stays with the first (a line held only "=" at 1024 px), and "cos" with its θ (they were split).
    html = dot_product_html(Scene(), matrix_results(Scene()), "en")
    assert '<span class="t">= 2.500 · 1.500</span> + <span class="t">0.000 · 1.500</span>' in html
    assert '<span class="t">= ‖<i>w</i><sub>1</sub>‖</span>' in html
    assert '<span class="t">cos <i>θ</i><sub>11</sub></span>' in html


def test_matrices_show_every_grid_and_highlight_the_selection():
    scene = replace(Scene(), sel_class=2, sel_sample=1)
    html = matrices_html(scene, matrix_results(scene), "en")
    for name in ("Wᵀ (K×D)", "X (D×N)", "WᵀX (K×N)", "b (K×1)", "b broadcast (K×N)", "Z (K×N)"):
        assert f'data-testid="matrix-{name}"' in html
    # Column x⁽²⁾ of Z is outlined (samples are x⁽ⁿ⁾: x₂ is the second axis); row class 3 is marked.
    assert '<th scope="col" class="hl">x⁽²⁾</th>' in html
    assert 'class="hlr"' in html


def test_b_and_its_broadcast_stand_in_one_group_so_a_wrap_never_reads_b_broadcast_equals_z():
    html = matrices_html(Scene(), matrix_results(Scene()), "en")
    group = html[html.index('<span class="svz-group">') :]
    end = '<span class="svz-op">)</span></span>'
    group = group[: group.index(end) + len(end)]
    assert 'data-testid="matrix-b (K×1)"' in group and 'data-testid="matrix-b broadcast (K×N)"' in group
    after = html[html.index(group) + len(group) :]
    assert after.startswith('<span class="svz-op">=</span>')


def test_the_softmax_grid_is_titled_with_the_temperature_it_uses():
    # At T = 0.5 the grid shows softmax(Z/T) (x⁽¹⁾: 0.988, 0.012, 0.000), titled "softmax(Z)",
    # which is (0.900, 0.100, 0.000) of that Z.
    import numpy as np

    scene = replace(Scene(), dim=3, biases=(0.5, 0.0, -0.5), temperature=0.5)
    r = matrix_results(scene)
    html = matrices_html(scene, r, "en")
    probs = grid(html, "softmax(Z/T), T = 0.5, by column")
    z = r.batch.logits[:, 0]
    expected = np.exp(z / 0.5) / np.exp(z / 0.5).sum()
    assert [row[0] for row in probs] == [round(p, 3) for p in expected]
    assert 'data-testid="matrix-softmax(Z), by column"' not in html
    assert 'data-testid="matrix-softmax(Z/T)，T = 0.5，逐列"' in matrices_html(scene, r, "zh")
    at_one = replace(scene, temperature=1.0)
    assert 'data-testid="matrix-softmax(Z), by column"' in matrices_html(at_one, matrix_results(at_one), "en")


def test_what_a_screen_reader_hears_names_each_sample_s_winners_and_their_p():
    # w1 = (2, 0), w2 = (0, 2), w3 = (-3, -3), b = 0. Sample 1 at (1, 1): z = (2, 2, -6), a tie,
    # p1 = p2 = 1 / (2 + e^-8) = 0.49992. Sample 2 at (0, -3): z = (0, -6, 9),
    # p3 = 1 / (1 + e^-9 + e^-15) = 0.99988.
    from softmaxviz.scenarios import BY_KEY

    scene = BY_KEY["on_boundary"].scene.with_batch([(1, 1), (0, -3)])
    batch = matrix_results(scene)
    assert said_batch(scene, batch, "en") == (
        "Predicted: sample 1: class 1 and class 2, p 0.500; sample 2: class 3, p 1.000"
    )
    zh = "预测：样本 1：类别 1 与 类别 2，p 0.500；样本 2：类别 3，p 1.000"
    assert said_batch(scene, batch, "zh") == zh
    # x = (1.1, 2.1) on the border of w1 = (2.5, 0) and w2 = (0.4, 1.1): z1 = z2 = 2.75, which
    # floats compute as 2.75 and 2.7500000000000004; the core calls it a tie, and so is it said.
    scene = Scene().with_points({"w1": [2.5, 0.0], "w2": [0.4, 1.1]}).with_batch([(1.1, 2.1), (2, 0)])
    assert said_batch(scene, matrix_results(scene), "en").startswith(
        "Predicted: sample 1: class 1 and class 2, p "
    )
