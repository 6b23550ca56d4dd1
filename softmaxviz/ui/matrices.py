"""Matrix readouts: the matrix view's colour-coded grids and its dot product written out, as pure
functions of the scene and its results (no Streamlit)."""

from __future__ import annotations

from html import escape

import numpy as np

from softmaxviz.core import ZERO_NORM, column_dots, dot_terms, winners
from softmaxviz.results import MatrixResults
from softmaxviz.state import Scene
from softmaxviz.strings import class_names, fmt, fmt_factor, names_list, plain_number, sample_name, t


def _cell_color(v: float, scale: float) -> str:
    """Diverging background: blue for positive, vermillion for negative, white at 0."""
    a = min(abs(v) / scale, 1.0) * 0.55 if scale > 0 else 0.0
    rgb = (0, 114, 178) if v >= 0 else (213, 94, 0)
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{a:.2f})"


def matrix_html(
    M: np.ndarray,
    name: str,
    lang: str,
    *,
    rows: list[str],
    cols: list[str],
    corner: str,
    hl_row: int | None = None,
    hl_col: int | None = None,
    probabilities: bool = False,
) -> str:
    """One matrix as a small colour-coded HTML table; the selected row and column are outlined.

    ``corner`` names what the rows are (class, dimension): the header of the row-label column,
    read by screen readers and hidden on screen.
    """
    scale = float(np.max(np.abs(M))) if M.size else 1.0
    head = "".join(
        f'<th scope="col" class="{"hl" if j == hl_col else ""}">{escape(c)}</th>' for j, c in enumerate(cols)
    )
    body = []
    for i, label in enumerate(rows):
        cells = []
        for j in range(M.shape[1]):
            v = float(M[i, j])
            bg = f"rgba(0,114,178,{0.6 * v:.2f})" if probabilities else _cell_color(v, scale)
            cls = " ".join(c for c, on in (("hlr", i == hl_row), ("hl", j == hl_col)) if on)
            text = f"{v:.3f}" if probabilities else fmt(v, lang)
            # Over white in the cell itself: the selected column stays in sight over the others.
            bg = f"linear-gradient({bg},{bg}),#fff" if j == hl_col else bg
            cells.append(f'<td class="{cls}" style="background:{bg}">{text}</td>')
        body.append(
            f'<tr data-row="{escape(label)}"><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>'
        )
    # Each grid scrolls on its own, with the keyboard too: twelve samples are 750 px of grid, and
    # in one box for them all (1024 px with the sidebar open: 564 px) the scroll bar lay below the
    # last grid, out of sight, and the selected column with it.
    return (
        f'<div class="svz-scroll" tabindex="0" role="region" aria-label="{escape(name)}">'
        f'<table class="svz-matrix" data-testid="matrix-{escape(name)}"><caption>{escape(name)}</caption>'
        f'<thead><tr><th scope="col"><span class="svz-sr">{escape(corner)}</span></th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


# The grids' and the pair formula's CSS: in the page's stylesheet (layout.page_header).
MATRIX_CSS = (
    ".svz-mats{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center}"
    ".svz-matrix{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.85rem}"
    ".svz-matrix caption{font-weight:600;text-align:left;padding-bottom:.2rem}"
    # On one line: a grid short of room scrolls; it wrapped its row names instead ("class / 1").
    ".svz-matrix td,.svz-matrix th{padding:.15rem .4rem;text-align:right;white-space:nowrap;"
    "border:1px solid rgba(128,128,128,.2)}"
    # The selected column stays at the right edge of a grid scrolled short of it (sticky), and is
    # outlined by shadows, which go with it (a collapsed border stays where the table drew it).
    ".svz-matrix :is(td,th).hl{position:sticky;right:0;z-index:1;"
    "box-shadow:inset 2px 0 #111,inset -2px 0 #111}"
    ".svz-matrix th.hl{background:#fff}"
    ".svz-matrix td.hlr{box-shadow:inset 0 2px 0 #111,inset 0 -2px 0 #111;font-weight:700}"
    ".svz-matrix td.hlr.hl{box-shadow:inset 2px 0 #111,inset -2px 0 #111,"
    "inset 0 2px 0 #111,inset 0 -2px 0 #111}"
    ".svz-op{font-size:1.4rem;font-weight:600}"
    # A grid narrower than its row shrinks to it and scrolls: b's group too.
    ".svz-mats>.svz-scroll,.svz-group>.svz-scroll{min-width:0}.svz-group>.svz-scroll:first-of-type{flex:none}"
    # Where b and its broadcast copy do not fit side by side (a phone), the copy goes below b,
    # inside the brackets: it was cut mid-column in a box 37 px too narrow.
    ".svz-group{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.4rem;max-width:100%;min-width:0}"
    ".svz-sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}"
)


def matrices_html(scene: Scene, batch: MatrixResults, lang: str) -> str:
    """``W^T X + b = Z`` and ``softmax(Z)`` as colour-coded grids, selection highlighted."""
    K, N, D = batch.W.shape[1], batch.X.shape[1], batch.W.shape[0]
    classes = class_names(scene.class_names, lang)[:K]
    samples = [sample_name(j) for j in range(N)]
    dims = [f"d{d + 1}" for d in range(D)]
    k, n = scene.sel_class, scene.selected_sample
    # At T != 1 the grid is softmax(Z/T): "softmax(Z)" was a false title beside its numbers.
    T = scene.temperature
    softmax_title = t("matrix.softmax", lang) if T == 1 else t("matrix.softmax_t", lang, T=plain_number(T))
    grids = [
        (batch.W.T, "Wᵀ (K×D)", classes, dims, dict(hl_row=k)),
        (batch.X, "X (D×N)", dims, samples, dict(hl_col=n)),
        (column_dots(batch.W, batch.X), "WᵀX (K×N)", classes, samples, dict(hl_row=k, hl_col=n)),
        (batch.b[:, None], "b (K×1)", classes, ["b"], dict(hl_row=k)),
        (
            np.repeat(batch.b[:, None], N, axis=1),
            t("matrix.broadcast", lang),
            classes,
            samples,
            dict(hl_row=k, hl_col=n),
        ),
        (batch.batch.logits, "Z (K×N)", classes, samples, dict(hl_row=k, hl_col=n)),
        (batch.batch.probabilities, softmax_title, classes, samples, dict(hl_row=k, hl_col=n)),
    ]

    def corner(rows: list[str]) -> str:
        return t("matrix.rows_dim" if rows is dims else "matrix.rows_class", lang)

    html = [
        matrix_html(M, name, lang, rows=rows, cols=cols, corner=corner(rows), probabilities=i == 6, **hl)
        for i, (M, name, rows, cols, hl) in enumerate(grids)
    ]

    def op(symbol: str) -> str:
        return f'<span class="svz-op">{symbol}</span>'

    # b and its broadcast copy stand in one bracketed group, so however the row wraps it reads
    # "WᵀX + (b → broadcast) = Z", never "b broadcast = Z".
    group = f'<span class="svz-group">{op("(")}{html[3]}{op("→")}{html[4]}{op(")")}</span>'
    parts = [html[0], op("·"), html[1], op("="), html[2], op("+"), group, op("="), html[5], op("→"), html[6]]
    return '<div class="svz-mats">' + "".join(parts) + "</div>"


def said_batch(scene: Scene, batch: MatrixResults, lang: str) -> str:
    """What a screen reader says of the batch once a drag is answered: each sample's predicted
    class and its p, as the softmax grid shows it ("Predicted: sample 1: class 1, p 0.741; ...").
    Every class of a tie is named, as the core decides one (``core.winners``, within the rounding
    of floats): argmax's first alone would claim one winner."""
    P = batch.batch.probabilities
    classes = class_names(scene.class_names, lang)
    items = []
    for n in range(P.shape[1]):
        tied = winners(batch.W, batch.X[:, n], batch.b)
        names = names_list([classes[k] for k in tied], lang)
        items.append(t("said.sample", lang, n=n + 1, names=names, p=f"{P[tied[0], n]:.3f}"))
    return t("said.batch", lang, items=t("said.sep", lang).join(items))


def _factor(v: float, lang: str) -> str:
    """``v`` as a factor of a product: bracketed when negative, — when undefined, with its
    significant digits (:func:`~softmaxviz.strings.fmt_factor`): x = (5e-7, 1) against w1 =
    (1e6, 0) read "1.0000e+06 · 0.000 + 0.000 · 1.000 = 0.500"."""
    text = fmt_factor(v, lang)
    return f"({text})" if text.startswith("-") else text


PAIR_CSS = (
    ".svz-pair{display:grid;grid-template-columns:max-content minmax(0,1fr);"
    "column-gap:.3em;row-gap:.2em;margin:.3rem 0 1rem;font-size:1.1rem;line-height:1.45;"
    "font-family:KaTeX_Main,'Times New Roman',serif;font-variant-numeric:tabular-nums}"
    ".svz-pair .l{text-align:right;white-space:nowrap}.svz-pair .t{white-space:nowrap}"
    # A wrapped line hangs past its "=": flush with it, "0.711" of "= 2.550 · 2.345 · / 0.711" read
    # as a line of its own.
    ".svz-pair .r{padding-left:1.2em;text-indent:-1.2em}"
    ".svz-pair-title{font-weight:600;margin:0 0 .2rem}"
)


def _var(name: str, sub: str = "", sup: str = "") -> str:
    """An italic variable with its subscript and superscript (each HTML, may be empty)."""
    return f"<i>{name}</i>" + (f"<sub>{sub}</sub>" if sub else "") + (f"<sup>{sup}</sup>" if sup else "")


def dot_product_html(scene: Scene, batch: MatrixResults, lang: str) -> str:
    """The selected pair's ``w_k^T x_n`` written out both ways, and its logit, as HTML: no KaTeX
    to run in the browser with every drag update (a release's numbers waited for it), and its
    lines wrap between terms in a narrow column instead of scrolling sideways."""
    k, n = scene.sel_class, scene.selected_sample
    w, x = batch.W[:, k], batch.X[:, n]
    terms = dot_terms(w, x)
    i, j = k + 1, n + 1
    # z₁₈ is class 1 and sample 8; from sample 10 on a comma tells them apart (z₁,₁₀, not z₁₁₀).
    ij = f"{i}{j}" if j < 10 else f"{i},{j}"
    wk, xn, d = _var("w", str(i)), _var("x", sup=f"({j})"), "<i>d</i>"
    wt_x = f"{_var('w', str(i), '⊤')}{xn}"
    cos = batch.batch.cosines[k, n]
    wn, x_norm = batch.batch.norms[k], batch.batch.sample_norms[n]

    def nowrap(text: str) -> str:
        return f'<span class="t">{text}</span>'

    # A product without brackets where no sign needs them: the column beside the canvas is narrow.
    def line(*parts: str, sep: str = " ") -> str:
        """``= parts...``: a narrow column breaks it only between parts, and the "=" stays with the
        first (at 1024 px a line held only "=", and "cos" and "θ18" were split)."""
        return sep.join(nowrap(("= " if at == 0 else "") + part) for at, part in enumerate(parts))

    products = [f"{_factor(a, lang)} · {_factor(c, lang)}" for a, c in zip(w, x, strict=True)]
    factors = (f"{_factor(wn, lang)} ·", f"{_factor(x_norm, lang)} ·", _factor(cos, lang))
    logit = fmt(batch.batch.logits[k, n], lang)
    rows = [
        (wt_x, f"= ∑<sub>{d}</sub> {_var('w', d + str(i))}{_var('x', d, f'({j})')}"),
        # Each way's result on a line of its own.
        ("", line(*products, sep=" + ")),
        ("", line(fmt(float(terms.sum()), lang))),
        ("", line(f"‖{wk}‖", f"‖{xn}‖", f"cos {_var('θ', ij)}")),
        ("", line(*factors)),
        ("", line(fmt(float(np.nan_to_num(wn * x_norm * cos)), lang))),
        (_var("z", ij), line(f"{wt_x} + {_var('b', str(i))}", f"= {logit}")),
    ]
    cells = "".join(f'<span class="l">{left}</span><span class="r">{right}</span>' for left, right in rows)
    title = f'<p class="svz-pair-title">{escape(t("matrix.pair", lang))}</p>'
    # Why a factor reads "—": a zero vector has no angle (the product is 0 either way).
    zero = [name for name, norm in ((wk, wn), (xn, x_norm)) if not norm > ZERO_NORM]
    note = "".join(f'<p class="svz-pair-note">{t("matrix.pair_zero", lang, vector=v)}</p>' for v in zero)
    return f'<div data-testid="pair-formula">{title}<div class="svz-pair">{cells}</div>{note}</div>'
