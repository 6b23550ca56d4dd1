"""Page layout: the header every page starts with, and the page's CSS (normal or present mode).

The header carries what a student on a phone and a teacher at a projector need without opening
the sidebar: the page title, the language, the present-mode switch and (on pages with a scene of
their own) Reset. Present mode is the ``projector`` preference: large text, the Streamlit chrome
hidden, the sidebar collapsed, compact tables, so that the canvas and its table fit a 1024×768
projector without scrolling.
"""

from __future__ import annotations

import streamlit as st

from softmaxviz.canvas import DRAGGING_ATTR, SETTLED, SETTLING_ATTR
from softmaxviz.strings import LANGUAGES, t
from softmaxviz.ui import callbacks, controls, matrices, readouts, session

# Always: wide tables and formulas scroll inside their own box instead of being cut off.
BASE_CSS = (
    "[data-testid='stHtml']{overflow-x:auto}"
    ".katex-display{overflow-x:auto;overflow-y:hidden;padding-bottom:2px}"
    "[data-testid='stMarkdownContainer'] :is(p,li):has(.katex){overflow-x:auto;overflow-y:hidden}"
    # A scroll bar in sight where those boxes scroll: with overlay scroll bars (macOS, headless
    # Chromium) nothing showed that a number went on past the box's edge.
    ":is(.katex-display,.svz-scroll)::-webkit-scrollbar{height:6px}"
    ":is(.katex-display,.svz-scroll)::-webkit-scrollbar-thumb{background:#b8b8c0;border-radius:3px}"
    "[data-testid='stHeadingWithActionElements'] h1{padding-top:0}"
    "[class*='st-key-scenario_'] h2{font-size:1rem;font-weight:600;padding:0 0 .25rem}"
    # The main area's class and sample pickers wrap: in one row, x⁽¹⁾ was out of sight with 8
    # samples on the matrix view, and the training lab's classes 4 to 6 under the next button.
    ":is([class*='st-key-sel_sample'],[class*='st-key-sel_class-'],[class*='st-key-train_pick-'])"
    " [role='radiogroup']{flex-wrap:wrap}"
    # A page link's words wrap: Streamlit keeps them on one line and cuts the rest off without an
    # ellipsis ("Open these weights in the explo" on a phone in present mode).
    # (Not the icon's: its name is a ligature.)
    "[data-testid='stPageLink-NavLink'] :is(span:not([data-testid]),p){white-space:normal}"
    # A closed sidebar out of the Tab order: Streamlit slides it off the screen, and Tab went
    # through its 24 controls, unseen (and Enter still worked them), before "Expand sidebar".
    "[data-testid='stSidebar'][data-collapsed='true']{visibility:hidden}"
    # What a release updates, not every drag update, shows the last release's numbers mid-drag
    # and until the page's full run after the release has redrawn it (see settled()).
    f":is(html[{DRAGGING_ATTR}],html[{SETTLING_ATTR}]) [class*='st-key-{SETTLED}']{{opacity:.35}}"
    # A focus ring a keyboard user can see on the sidebar's page links and on switches, as the
    # other controls have: Streamlit's own was a background 1.1:1 against the unfocused one.
    "[data-testid='stSidebarNavLink']:focus-visible,"
    "label:has(> input[role='switch']:focus-visible, input[type='checkbox']:focus-visible)"
    "{outline:3px solid #1f4fd1;outline-offset:1px;border-radius:4px}"
    # The readouts' tables, grids and formula: here once, not in each reply of a drag.
    + readouts.TABLE_CSS
    + matrices.MATRIX_CSS
    + matrices.PAIR_CSS
)

# Present mode: text >= 18 px, no toolbar or decoration bar, tight padding, a compact title.
PRESENT_CSS = (
    "html{font-size:18px}"
    # The chrome goes; the header keeps only the button that opens the sidebar again.
    "[data-testid='stDecoration'],[data-testid='stStatusWidget'],[data-testid='stMainMenu'],"
    "[data-testid='stAppDeployButton'],[data-testid='stToolbarActions']{display:none}"
    "header[data-testid='stHeader']{background:transparent;height:2.25rem;min-height:0}"
    # The header lies over the title row: clicks go through it to the row's controls (Present
    # mode, language, Reset: a teacher could not switch present mode off), not to its buttons.
    "header[data-testid='stHeader'],header[data-testid='stHeader'] *{pointer-events:none}"
    "header[data-testid='stHeader'] button,header[data-testid='stHeader'] button *{pointer-events:auto}"
    # Room on the left for the button that opens the sidebar, which floats over the page.
    "[data-testid='stMainBlockContainer']{padding:.5rem 1.5rem 1rem 3.25rem;max-width:none}"
    "[data-testid='stHeadingWithActionElements'] h1{font-size:1.6rem;padding:.1rem 0}"
    "[data-testid='stHeadingWithActionElements'] h2{font-size:1.35rem}"
    ".stMarkdown p,.svz-table,.svz-matrix{font-size:1.1rem}"
    # Streamlit draws its controls' words (labels, buttons, page links, tabs, options) at 0.875rem
    # in a text of their own, which the rule above misses: 15.75 px on a projector.
    ":is([data-testid='stWidgetLabel'],[data-testid^='stBaseButton'],[data-testid='stPageLink-NavLink'],"
    "[data-testid='stSidebarNavLink'],[data-testid='stTab'],[data-testid='stMetricLabel'],[role='radio'],"
    "[data-testid='stSliderThumbValue'],[data-testid='stSliderTickBar']) p{font-size:1.1rem}"
    # A toast's words: its box too, whose line height Streamlit reads to cut a toast at three lines.
    "[data-testid='stToastText'],[data-testid='stToastText'] p{font-size:1.1rem}"
    # And the values in its inputs (number and text inputs: 15.75 px too).
    ":is([data-testid='stNumberInputContainer'],[data-testid='stTextInputRootElement']) input"
    "{font-size:1.1rem}"
    # The matrix view's pair formula: its indices too (0.75em of it was 16.5 px).
    "[data-testid='pair-formula'] :is(sub,sup){font-size:max(.75em,18px)}"
    ".svz-table td,.svz-table th{padding:.3rem .45rem}"
)


def uploader_css(lang: str, max_mb: int, *, present: bool = False) -> str:
    """The file uploader's own words (Streamlit writes "Upload" and "1MB per file" in English
    whatever the page's language) in ``lang``, drawn in their place as CSS content, at the size of
    Streamlit's (0.875rem; present mode's controls 1.1rem)."""
    size = "1.1rem" if present else ".875rem"

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    drop = "[data-testid='stFileUploaderDropzone']"
    words = {
        f"{drop} button [data-testid='stMarkdownContainer'] p": t("upload.button", lang),
        f"{drop} [data-testid='stFileUploaderDropzoneInstructions'] span": t("upload.limit", lang, mb=max_mb),
    }
    return "".join(
        f"{where}{{font-size:0;line-height:0}}{where}::after{{content:{quoted(text)};font-size:{size};line-height:1.6}}"
        for where, text in words.items()
    )


def present() -> bool:
    """Is present mode on (the ``projector`` preference)?"""
    return session.prefs().projector


def settled(name: str):
    """A container for what only a drag's release updates (e.g. a formula: KaTeX would cost each
    drag update ~8 ms of the browser's main thread, time the dragged handle needs to follow the
    pointer). It is dimmed from a drag's start (the canvas's ``data-svz-dragging`` on ``<html>``)
    until it shows the release: its key ends in the session's release count, which the canvas
    compares with the count its release's answer carried (``data-svz-settling`` until then). So
    it never passes for the scene being dragged, nor shows the last scene beside the new one."""
    return st.container(key=f"{SETTLED}{name}-{session.releases()}")


def tabs(labels: list[str], key: str):
    """``st.tabs`` whose open tab stays open across pages and languages: Streamlit forgets a
    widget's state on a page that does not draw it (the training lab reopened on its first tab)."""
    kept = f"{key}_open"

    def keep() -> None:
        st.session_state[kept] = labels.index(st.session_state[key])

    # Both tabs still run (on_change only makes Streamlit track which is open): a playing tab plays on.
    # The open tab goes in as the widget's state, not its default: the default is part of the
    # widget's identity, so a new one each switch drew the tabs anew, and a keyboard user's focus on
    # the tab chosen with the arrow keys fell to the page's body.
    if key not in st.session_state or st.session_state[key] not in labels:
        st.session_state[key] = labels[st.session_state.get(kept, 0)]
    return st.tabs(labels, key=key, default=labels[0], on_change=keep)


def page_header(title: str, caption: str | None, lang: str, *, reset: bool = False, css: str = "") -> None:
    """The page's CSS, then one row: title, language, present mode and (with ``reset``) Reset.

    ``title`` and ``caption`` are string keys. The caption is left out in present mode: the room
    hears it from the teacher, and the canvas needs the height. ``css``: the page's own rules, on
    that page only: the browser need not match them against every other page's changes.
    """
    words = uploader_css(lang, st.get_option("server.maxUploadSize"), present=present())
    css = BASE_CSS + words + (PRESENT_CSS if present() else "") + css
    st.html(f"<style>{css}</style>")
    # One wrapping row: on a phone the controls wrap under the title instead of stacking.
    row = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    row.title(t(title, lang))
    name = t("controls.language", lang)
    controls.bound("lang", name, format_func=LANGUAGES.get, target=row, label_visibility="collapsed")
    controls.bound("projector", t("share.projector", lang), target=row)
    if reset:
        row.button(t("controls.reset", lang), key="btn_reset", on_click=callbacks.on_reset)
    if caption and not present():
        st.caption(t(caption, lang))
