"""Readouts: the text, tables and formulas a page shows, as pure functions of the scene and its results.

No Streamlit here: every function takes the language and returns a string (HTML,
Markdown or LaTeX) or a :class:`Table`, so tests check them like figure builders.
Every sentence about the numbers is derived from those numbers and the kind's
registry entry.
"""

from __future__ import annotations

import base64
import io
import ipaddress
import re
from contextlib import suppress
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np
import segno

from softmaxviz.core import (
    ZERO_NORM,
    angle_slack,
    column_dots,
    cosine_slack,
    logit_slack,
    probability_slack,
)
from softmaxviz.kinds import KINDS
from softmaxviz.results import Explorer3DResults, ExplorerResults, MarginResults, zero_weights
from softmaxviz.scenarios import Scenario, facts
from softmaxviz.state import Scene
from softmaxviz.strings import (
    class_names,
    fmt,
    fmt_apart,
    fmt_factor,
    fmt_prose,
    names_list,
    plain_number,
    short_kind_name,
    t,
    verbatim,
)


@dataclass(frozen=True)
class Table:
    """Strings in a grid: one column per class, one row per quantity (``(label, cells)``)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]

    def row(self, label: str) -> tuple[str, ...]:
        return dict(self.rows)[label]

    def only(self, labels: list[str]) -> Table:
        """The rows named in ``labels``, in the table's order (present mode's compact table)."""
        return Table(self.columns, tuple(r for r in self.rows if r[0] in labels))


def _table(columns: list[str], rows: dict[str, list[str]]) -> Table:
    return Table(tuple(columns), tuple((label, tuple(cells)) for label, cells in rows.items()))


def _theta_cells(explorer: ExplorerResults | Explorer3DResults, lang: str) -> list[str]:
    """Each class's θ in degrees as the class table writes it (and the tour's sentences quote it)."""
    a = explorer.analysis
    return fmt_apart(np.degrees(a.angles), lang, 1, slack=np.degrees(angle_slack(explorer.W, explorer.x)))


def class_table(
    scene: Scene, explorer: ExplorerResults | Explorer3DResults, lang: str, *, compact: bool = False
) -> Table:
    """Per-class numbers of the explorer: w, ‖w‖, θ, cos θ, w·x, b, z, p and the prediction;
    ``compact`` (present mode) keeps w, ‖w‖, θ, z and p."""
    a, W = explorer.analysis, explorer.W
    K = len(a.norms)
    dots = column_dots(W, explorer.x)
    # fmt_apart: a product within its rounding of zero reads 0.000 (w ⟂ x gave -1.39e-17), any
    # other with its significant digits (x = 1e-11 read w·x = 0.000 beside z = 2.50000000000e-11).
    slack = logit_slack(W, explorer.x)
    z_slack = logit_slack(W, explorer.x, scene.biases[:K])
    rows = {
        # w may wrap after a comma, a column vector then: on one line its cell made the table too
        # wide for its column on a 1280-1440 px laptop, and class 3 was scrolled out of sight.
        # A coordinate with its significant digits: w2 = (1, 5e-13) read (1.000, 0.000), as w1 = (1, 0),
        # beside z that read apart.
        t("col.w", lang): ["(" + ", ".join(fmt_factor(v, lang) for v in W[:, k]) + ")" for k in range(K)],
        # Significant digits: w1 = (1e-11, 0) read ‖w‖ 0.000 beside its angle of 45.0°.
        t("col.norm", lang): [fmt_factor(a.norms[k], lang) for k in range(K)],
        # Angles read apart where their cosines do: in a near tie θ read 45.0 | 45.0 beside
        # cos θ 0.7071067811865 | 0.7071067811869 and a tick on class 2 only.
        t("col.theta", lang): _theta_cells(explorer, lang),
        # The factors of logits that read apart read apart too: w2 = (1, 5e-13) showed z
        # 1.000000000000 | 1.000000000001 under ‖w‖‖x‖cos θ 1.000 | 1.000.
        t("col.cos", lang): fmt_apart(a.cosines[:K], lang, slack=cosine_slack(W, explorer.x)),
        # w·x exists even where the angle does not (x = 0 gives 0, not "undefined").
        t("col.dot", lang): fmt_apart(dots, lang, slack=slack),
        t("col.b", lang): [fmt_factor(b, lang) for b in scene.biases],  # b2 = 1e-300 is not 0.000
        # Logits that differ read apart (enough digits): the table ticks its winners by them.
        t("col.z", lang): fmt_apart(a.logits[:K], lang, slack=z_slack),
        # Probabilities read apart where a tick needs it: p1 = p2 to four decimals beside one tick
        # said nothing of why. Two losing classes keep their everyday digits (0.0017 | 0.0017).
        t("col.p", lang): fmt_apart(
            a.probabilities[:K],
            lang,
            4,
            slack=probability_slack(a.logits[:K], z_slack, scene.temperature),
            significant=False,
            pairs=lambda i, j: (i in a.winners) != (j in a.winners),
        ),
        # Every class of an exact tie (x on a border: z1 = z2): argmax's first alone said class 1.
        t("col.pred", lang): [t("pred.mark", lang) if k in a.winners else "" for k in range(K)],
    }
    table = _table(class_names(scene.class_names, lang)[:K], rows)
    return table.only([t(f"col.{c}", lang) for c in ("w", "norm", "theta", "z", "p")]) if compact else table


def said_p(table: Table, lang: str) -> str:
    """What a screen reader says of a class table once a drag is answered: its p row, each cell
    with its column's class ("Probabilities: class 1 0.7400, class 2 0.1900, class 3 0.0700")."""
    cells = [
        t("said.cell", lang, name=name, p=p)
        for name, p in zip(table.columns, table.row(t("col.p", lang)), strict=True)
    ]
    return t("said.p", lang, cells=t("list.sep", lang).join(cells))


def angles_or_norms(scene: Scene, explorer: ExplorerResults, lang: str) -> str:
    """Why the winning class wins, for the tour's "norms and angles" step: the closest in angle,
    or despite a larger angle by its longer weight or its bias, from the numbers shown (the step
    said "Here x is 25° from w2 but 45° from w1, and w1 still wins" of any scene it was dragged to)."""
    a = explorer.analysis
    if a.sample_norm <= ZERO_NORM:
        return t("tour.here.zero", lang)
    z = np.asarray(a.logits)
    if len(a.winners) > 1:
        names = names_list([f"w{k + 1}" for k in a.winners], lang)
        return t("tour.here.tie", lang, names=names, z=fmt_prose(z[a.winners[0]], lang))
    k, b = a.winners[0], scene.biases
    if np.isnan(a.angles[k]):  # a weight at the origin wins by its bias alone
        return t("tour.here.origin", lang, k=k + 1, bk=fmt_prose(b[k], lang))
    # The closest of the weights with an angle (argmin took w1's undefined angle for the closest).
    c = int(np.argmin(np.where(np.isnan(a.angles), np.inf, a.angles)))
    # As the table beside it writes them: "‖w2‖ = 0.071" stood beside 0.0707, and angles that
    # read apart there by more digits would read the same here.
    deg = _theta_cells(explorer, lang)
    if a.angles[k] <= a.angles[c]:
        return t("tour.here.closest", lang, k=k + 1, tk=deg[k])
    dots = column_dots(explorer.W, explorer.x)
    norm = lambda i: fmt_factor(a.norms[i], lang)  # noqa: E731
    args = dict(k=k + 1, c=c + 1, tk=deg[k], tc=deg[c], nk=norm(k), nc=norm(c))
    if dots[k] <= dots[c]:  # the product alone would not do it
        return t("tour.here.bias", lang, **args, bk=fmt_prose(b[k], lang), bc=fmt_prose(b[c], lang))
    return t("tour.here.longer" if a.norms[k] > a.norms[c] else "tour.here.shorter", lang, **args)


def margin_table(scene: Scene, margin: MarginResults, lang: str, *, compact: bool = False) -> Table:
    """The margin lab's per-class numbers; the label's column is marked (y). ``compact`` (present
    mode) keeps ‖w‖, θ, the logit with the margin and p."""
    a = margin.analysis
    K = len(a.norms)

    def each(values, digits: int = 3) -> list[str]:
        return [t("undefined", lang) if values is None else fmt(values[k], lang, digits) for k in range(K)]

    grad_w = None if margin.grad_W is None else np.linalg.norm(margin.grad_W, axis=0)
    rows = {
        t("col.norm", lang): each(a.norms),
        t("col.theta", lang): each(np.degrees(a.angles), 1),
        t("col.cos", lang): each(a.cosines),
        t("col.raw", lang): each(margin.raw_logits),
        t("col.margin", lang): each(margin.margin_logits),
        t("col.p", lang): each(margin.probabilities, 4),
        t("col.grad_w", lang): each(grad_w),
    }
    names = class_names(scene.class_names, lang)
    columns = [names[k] + (" (y)" if k == margin.label else "") for k in range(K)]
    table = _table(columns, rows)
    return table.only([t(f"col.{c}", lang) for c in ("norm", "theta", "margin", "p")]) if compact else table


# The tables' CSS: the page's stylesheet holds it (layout.page_header), once per page instead of
# in every table a drag update sends, where the browser parsed it again with each reply.
TABLE_CSS = (
    ".svz-table{border-collapse:collapse;font-variant-numeric:tabular-nums;width:100%}"
    ".svz-table th,.svz-table td{border-bottom:1px solid rgba(128,128,128,.25);padding:.3rem .5rem;"
    "text-align:right}.svz-table th[scope=row]{text-align:left;font-weight:600}"
    # A class name of 24 Ws would not wrap, and pushed every number out of sight.
    ".svz-table th[scope=col]{overflow-wrap:anywhere}.svz-exp{white-space:nowrap}"
    ".svz-table caption{caption-side:top;text-align:left;font-size:1.5rem;font-weight:600;padding:0 0 .5rem}"
    # The ring inside the box: its parent (st.html's, which scrolls too) cut one drawn outside.
    ".svz-scroll{max-width:100%;overflow-x:auto}"
    ".svz-scroll:focus-visible{outline:2px solid #1f4fd1;outline-offset:-2px}"
    # A narrow column (1024 px wide with the sidebar open: 210 px) tightens the table, so class
    # 3 fits instead of hiding behind a sideways scroll.
    ".svz-scroll:has(>.svz-table){container-type:inline-size}"
    "@container (max-width:320px){.svz-table{font-size:.8rem}"
    ".svz-table th,.svz-table td{padding:.25rem .2rem .25rem .35rem}"
    ".svz-table caption{font-size:1.25rem}}"
)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# 1.000004|e+06: huge biases on a 1024 px screen. The exponent is one piece: Chromium broke
# "2.50e-11" after its minus sign.
_EXPONENT = re.compile(r"(?<=\d)(e[+-]\d+)")
_LONG = 7  # digits from which a number gets break points: 1000001.061, 1.000004e+06; not 0.4783


def _group(number: re.Match) -> str:
    """The digits of one number in groups of three from its decimal point, with a break point
    (``<wbr>``) between groups: no character, so the text, a copy and a screen reader keep it."""
    text = number.group(0)
    if sum(c.isdigit() for c in text) < _LONG:
        return text
    whole, point, decimals = text.partition(".")
    head = len(whole) % 3 or 3
    groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    # The point and the first three decimals stay with the whole part.
    groups[-1] += point + decimals[:3]
    groups += [decimals[i : i + 3] for i in range(3, len(decimals), 3)]
    return "<wbr>".join(groups)


def breakable(value: str) -> str:
    """``value`` escaped for HTML, its long numbers breakable between groups of three digits.

    In a near tie the table tells the classes apart with up to 20 digits (``fmt_apart``): on one
    line such a number widened its column past the page's, and class 3 was hidden behind a
    sideways scroll. A line breaks there only where the column is too narrow for the number.
    """
    return _EXPONENT.sub(r'<wbr><span class="svz-exp">\1</span>', _NUMBER.sub(_group, escape(value)))


def table_html(table: Table, *, testid: str, caption: str = "", name: str = "") -> str:
    """A :class:`Table` as one plain, accessible HTML table.

    One ``st.html`` element renders far faster than ``st.table``, which runs the
    markdown renderer per cell, and a drag reruns this several times a second.

    A table wider than its column scrolls inside its own box, which takes the keyboard focus so
    that arrow keys scroll it too. The corner cell heads nothing, so it is a ``td``: an empty
    ``th`` is a header without a name to a screen reader.
    """
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
    rows = []
    for row_name, cells in table.rows:
        row_label = escape(row_name)
        tds = "".join(f"<td>{breakable(v)}</td>" for v in cells)
        rows.append(f'<tr data-row="{row_label}"><th scope="row">{row_label}</th>{tds}</tr>')
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    # Named for a screen reader by its caption, or by ``name`` where the page shows none (the
    # margin lab's and the tour's focusable boxes had no name).
    label = caption or name
    region = f' role="region" aria-label="{escape(label)}"' if label else ""
    return (
        f'<div class="svz-scroll" tabindex="0"{region}>'
        f'<table class="svz-table" data-testid="{escape(testid)}">{cap}'
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _shows_zero(v: float, lang: str) -> bool:
    """Does ``v`` read 0.000 as :func:`fmt` writes it (its sign and the words on it are lost)?"""
    return fmt(abs(v), lang) == fmt(0.0, lang)


def _signed(v: float, lang: str) -> str:
    text = fmt(abs(v), lang)
    return text if _shows_zero(v, lang) else ("−" if v < 0 else "+") + text


def gradient_split(scene: Scene, margin: MarginResults) -> tuple[float, float] | None:
    """``−∂L/∂x`` as signed (radial, tangential) parts; None at x = 0, which has no direction.

    Radial is along ``x``: positive means a gradient step grows ``‖x‖``. Tangential is
    along ``x`` turned by +90°: positive means the step turns ``x`` counter-clockwise.
    """
    x = scene.xv
    length = float(np.linalg.norm(x))
    if length == 0.0:
        return None
    u = x / length
    turned = np.array([-u[1], u[0]])
    return -float(margin.grad_x_radial @ u), -float(margin.grad_x_tangential @ turned)


def gradient_split_text(scene: Scene, margin: MarginResults, lang: str) -> str:
    """``−∂L/∂x`` as signed radial + tangential parts, and the sentence they support.

    The sentence comes from the numbers and the kind's registry entry: a kind that
    normalises x never sees ``‖x‖`` (its radial part is zero); otherwise the sign says
    whether a step grows or shrinks ``‖x‖``. At x = 0 there is no radial direction.
    """
    split = gradient_split(scene, margin)
    if split is None:
        length = fmt(float(np.linalg.norm(margin.grad_x)), lang)
        return f"**{t('margin.grad_x', lang)}** · {t('margin.grad_x_origin', lang, length=length)}"
    radial, tangential = split
    # The words follow the numbers as shown: "+0.000 ... the radial part is positive" of 4e-5.
    if not KINDS[scene.loss].sees_x_norm:
        why = "margin.why_angles"
    elif _shows_zero(radial, lang):
        why = "margin.why_still"
    else:
        why = "margin.why_grow" if radial > 0 else "margin.why_shrink"
    if _shows_zero(tangential, lang):
        turn = "margin.turn_none"
    else:
        turn = "margin.turn_ccw" if tangential > 0 else "margin.turn_cw"
    text = t(
        "margin.grad_x_text",
        lang,
        radial=_signed(radial, lang),
        tangential=_signed(tangential, lang),
        turn=t(turn, lang),
        why=t(why, lang),
    )
    return f"**{t('margin.grad_x', lang)}** · {text}"


def tex(v: float, lang: str, digits: int = 3) -> str:
    r""":func:`fmt` in LaTeX: ``1.4142\times10^{6}``, not ``1.4142e+06`` (KaTeX set that as the
    algebra "e + 06"), and the undefined dash as text."""
    text = fmt(v, lang, digits)
    return rf"\text{{{text}}}" if not np.isfinite(v) else _powers_of_ten(text)


def _powers_of_ten(text: str) -> str:
    r"""A number written as Python writes it, in LaTeX: "1.4142e+06" as ``1.4142\times10^{6}``."""
    mantissa, e, exponent = text.partition("e")
    return rf"{mantissa}\times10^{{{int(exponent)}}}" if e else text


def tex_factor(v: float, lang: str, sig: int = 3) -> str:
    r""":func:`~softmaxviz.strings.fmt_factor` in LaTeX: with cos θ1 = 5e-7,
    "1.4142×10⁶ · 1.4142×10⁶ · (0.000) = 1.0000×10⁶" was false as written."""
    return tex(v, lang) if not np.isfinite(v) else _powers_of_ten(fmt_factor(v, lang, sig))


def kind_caption(scene: Scene, lang: str) -> str:
    """The margin lab's sentence on the scene's kind, in the variant its parameters make true:
    "m times closer in angle" holds at λ = 0 only, and ArcFace's fallback past π is not easy
    margin's (the one sentence said both of every setting)."""
    p, kind = scene.params, KINDS[scene.loss]
    if kind.margin_off(p):
        # SphereFace at m = 1 said its margin was "narrower than m = 1 alone gives", and "x is 1
        # times closer in angle": at m = 1 there is none.
        values = ", ".join(f"{name} = {value:g}" for name, value in kind.no_margin.items())
        return t("kind.no_margin", lang, kind=short_kind_name(kind.name, lang), values=values, tie=kind.tie)
    variant = "_lam" if p.get("lam") else "_easy" if p.get("easy_margin") else ""
    return t(f"kind.{scene.loss}.intuition{variant}", lang, **p)


def margin_error(margin: MarginResults, lang: str) -> str:
    """Why the margin lab has no numbers: the zero vector that has no angle, named with the loss's
    own name and in the page's language (the core's English message, with the loss's key, was
    shown as it was), or any other problem as written."""
    a = margin.analysis
    zero = ["x"] if a.sample_norm <= ZERO_NORM else zero_weights(a)
    if zero:
        return t("margin.zero_vector", lang, kind=short_kind_name(margin.kind, lang), vector=zero[0])
    return t("margin.error", lang, error=verbatim(margin.error or ""))


def formula_latex(scene: Scene, explorer: ExplorerResults, lang: str) -> str:
    """``z_i = ||w_i|| ||x|| cos(theta_i) + b_i``, then each ``z_i`` and the winner's softmax with
    the live numbers.

    The general form is written once and each class's numbers on a line of their own: written out
    in one line per class, the formula was wider than a 1024 px screen's column, and its last
    digits scrolled out of sight ("-3.900" read "-3.9").
    """
    a = explorer.analysis
    # T as typed (0.123 read 0.12), and logits that differ written apart (two of 1000003.75 and
    # 1000002.25 read 1.0000×10⁶ over a fraction of 0.8176).
    T = _powers_of_ten(plain_number(scene.temperature))
    slack = logit_slack(explorer.W, explorer.x, scene.biases)
    z = [
        _powers_of_ten(text) if np.isfinite(v) else tex(v, lang)
        for v, text in zip(a.logits, fmt_apart(a.logits, lang, slack=slack), strict=True)
    ]
    # Cosines of logits that read apart read apart too, as in the table.
    cosines = [
        _powers_of_ten(text) if np.isfinite(v) else tex(v, lang)
        for v, text in zip(
            a.cosines, fmt_apart(a.cosines, lang, slack=cosine_slack(explorer.W, explorer.x)), strict=True
        )
    ]
    lines = [r"z_i &= \lVert w_i\rVert\,\lVert x\rVert\cos\theta_i + b_i"]
    for k in range(len(a.norms)):
        # Every factor with its significant digits: ‖x‖ = 1e-6 read 0.000 in a product of 1.000.
        norms = (tex_factor(a.norms[k], lang), tex_factor(a.sample_norm, lang))
        cos, bias = cosines[k], tex_factor(scene.biases[k], lang)
        factors = rf"{norms[0]}\cdot{norms[1]}\cdot({cos})"
        lines.append(rf"z_{k + 1} &= {factors} + ({bias}) = {z[k]}")
    p = a.predicted + 1
    denom = " + ".join(rf"e^{{{zk}/{T}}}" for zk in z)
    lines.append(rf"p_{p} &= \frac{{e^{{z_{p}/T}}}}{{\sum_j e^{{z_j/T}}}}")
    lines.append(rf"&= \frac{{e^{{{z[a.predicted]}/{T}}}}}{{{denom}}} = {a.probabilities[a.predicted]:.4f}")
    return r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"


def scenario_text(scenario: Scenario, lang: str) -> str:
    """A scenario card's explanation: its template in ``lang`` filled with :func:`facts` of the
    card's own scene, so every number it quotes is the scene's (the page it opens shows the same).
    Each "=" keeps its number with a no-break space (a narrow card wrapped "x₁ = / −0.5"), and a
    line may break before it: a chain held whole ("p = softmax(b) = softmax(…) = (…)") was longer
    than a card's line, and the browser broke it mid-number."""
    return t(f"scenario.{scenario.key}.text", lang, **facts(scenario.scene)).replace(" = ", " =\u00a0")


def share_link(page_url: str | None, query: dict[str, str]) -> str:
    """The link that opens exactly this scene: the page's URL (without its query) and ``query``."""
    base = (page_url or "").split("?")[0].split("#")[0]
    return f"{base}?{urlencode(query)}" if query else base


def loopback_host(link: str) -> str | None:
    """The link's host if only this computer can open it (localhost, 127.0.0.1, ::1, 0.0.0.0):
    a phone scanning its QR code would open its own. None for any other host."""
    host = urlsplit(link).hostname
    if not host:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return host
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    return host if address.is_loopback or address.is_unspecified else None


def with_host(link: str, host: str) -> str:
    """``link`` with its host replaced by ``host`` (port, path and query kept)."""
    parts = urlsplit(link)
    name = f"[{host}]" if ":" in host else host
    netloc = f"{name}:{parts.port}" if parts.port else name
    return urlunsplit(parts._replace(netloc=netloc))


def phone_link(link: str, network: str | None) -> tuple[str, str | None, dict[str, str]]:
    """The link a phone can open, and what to tell the user: ``(link, string key or None, args)``.

    A loopback host is replaced by ``network`` (this computer's address on its network), where
    there is one; without one the link stays and the message says a phone cannot open it.
    """
    local = loopback_host(link)
    if local is None:
        return link, None, {}
    if network:
        return with_host(link, network), "share.qr_network", {"host": local, "ip": network}
    return link, "share.qr_local", {"host": local}


def share_qr(link: str) -> segno.QRCode | None:
    """The QR code of ``link`` (error correction M: readable from a projector across a room; L for
    a link too long for M), or None: no QR code holds it (a scene of 120 clicked points)."""
    for error in ("m", "l"):
        with suppress(segno.DataOverflowError):
            return segno.make(link, error=error, micro=False)
    return None


def qr_html(qr: segno.QRCode, *, alt: str, caption: str, width_px: int = 420) -> str:
    """The QR code as an image with its text alternative ``alt`` and a caption below it."""
    src = "data:image/png;base64," + base64.b64encode(qr_png(qr)).decode("ascii")
    return (
        f'<figure data-testid="share-qr" style="margin:0"><img src="{src}" alt="{escape(alt)}" '
        f'style="width:{width_px}px;max-width:100%;image-rendering:pixelated">'
        f'<figcaption style="font-size:.875rem;opacity:.7">{escape(caption)}</figcaption></figure>'
    )


def qr_png(qr: segno.QRCode, *, module_px: int = 10) -> bytes:
    """The QR code as a PNG, ``module_px`` pixels a module, with its quiet zone of 4 modules."""
    out = io.BytesIO()
    qr.save(out, kind="png", scale=module_px, border=4)
    return out.getvalue()
