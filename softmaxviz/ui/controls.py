"""Controls: every widget, drawn from the binding table, and the sidebars and messages built of them.

:func:`bound` is the only place that reads or writes a widget key: it sets the
widget from the scene (or the preferences) right before drawing it, and its
callback applies that one widget's value (``callbacks.on_bound``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from softmaxviz.bindings import (
    BINDINGS,
    CHOICE,
    NUMBER,
    PICKED,
    PILLS,
    PREF_BINDINGS,
    SELECT,
    SLIDER,
    TEXT,
    TOGGLE,
    picked_key,
)
from softmaxviz.bindings import coordinate_key as key_of
from softmaxviz.kinds import KINDS
from softmaxviz.results import Note
from softmaxviz.state import HANDLES, LOSS_PARAMS, MARK_KEY, MARK_VALUE, K, Scene, scene_to_json
from softmaxviz.strings import (
    class_names,
    literal,
    names_list,
    sample_name,
    short_kind_name,
    t,
    tell,
    tell_all,
    template,
    verbatim,
)
from softmaxviz.ui import callbacks, nav, readouts, session, wiring


def widget_key(key: str, generation: int) -> str:
    """The Streamlit key of binding ``key`` in widget generation ``generation``."""
    return f"{key}@{generation}"


def bound(
    key: str, label: str, *, format_func: Callable | None = None, target=st, label_visibility: str = "visible"
) -> None:
    """Draw the widget of binding ``key`` showing the current state; a change applies only it.

    Its Streamlit key is :func:`widget_key` (see ``session.renew_widgets`` for why).
    """
    binding = PREF_BINDINGS.get(key) or BINDINGS[key]
    state = session.prefs() if key in PREF_BINDINGS else st.session_state[session.SCENE]
    generation = session.widget_generation_of(key)
    drawn = widget_key(key, generation)
    hint = session.hint(binding.direction)
    shown = binding.show(state, **hint)
    if binding.direction:
        session.set_direction(binding.direction, binding.turn(state, **hint))
    whole = binding.widget == NUMBER and isinstance(binding.step, int)
    if whole:
        # A whole number (a seed) goes to Streamlit as a float shown without decimals: an int
        # input gets Streamlit's own ±(2^53 - 1) bounds, and out of them its frontend refuses a
        # typed value in English, and cuts 1.5 to 1. The binding refuses both, in the page's
        # language.
        shown = float(shown)
    st.session_state[drawn] = shown
    session.remember_shown(drawn, generation, shown)
    common = dict(key=drawn, on_change=callbacks.on_bound, args=(key, drawn, generation))
    common["label_visibility"] = label_visibility
    # The value is also each widget's default: Streamlit's frontend draws a new widget's first
    # frame from its default and only then applies the value set above, so a new generation's
    # number inputs flashed their default (then -1000000.000, their minimum) after every drag.
    # (Both at once is what config.toml's global.disableWidgetStateDuplicationWarning allows.)
    if binding.widget == NUMBER:
        # No min_value / max_value: out of them, Streamlit's frontend refuses a typed value itself,
        # in English whatever the page's language. The binding refuses it instead, said below.
        target.number_input(
            label,
            value=shown,
            step=float(binding.step),
            format="%.0f" if whole else f"%.{decimals(shown)}f",
            **common,
        )
    elif binding.widget == SLIDER:
        target.slider(label, binding.low, binding.high, value=shown, step=binding.step, **common)
    elif binding.widget == TOGGLE:
        target.toggle(label, value=shown, **common)
    elif binding.widget == SELECT:
        options = binding.options(state)
        index = options.index(shown) if shown in options else 0
        target.selectbox(label, options, index=index, format_func=format_func or str, **common)
    elif binding.widget == TEXT:
        target.text_input(label, value=shown, max_chars=int(binding.high), **common)
    elif binding.widget in (CHOICE, PILLS):
        target.segmented_control(
            label,
            binding.options(state),
            selection_mode="multi" if binding.widget == PILLS else "single",
            default=shown,
            format_func=format_func or str,
            **common,
        )
    else:  # pragma: no cover - the table only holds the kinds above
        raise ValueError(f"unknown widget kind {binding.widget!r}")
    refusal(key, target=target)  # right below the widget typed into


def refusal(at: str, target=st) -> None:
    """Say the refusal set with ``session.set_error(..., at=at)``, if any, here."""
    refused = session.error(at=at)
    if refused:
        target.error(t(session.error_frame(), session.lang(), error=tell(refused, session.lang())))


def decimals(value: float, least: int = 3, most: int = 8) -> int:
    """How many decimals show ``value`` as it is: ``least``, or more for a finer one (a weight
    decay of 0.0004 showed "0.000", as if off), at most ``most``."""
    digits = least
    while digits < most and abs(value - round(value, digits)) > 1e-12 * max(1.0, abs(value)):
        digits += 1
    return digits


def class_choice(label: str, key: str, name_key: str, lang: str, target=st) -> None:
    """Pick one of the K classes (``name_key`` names them: "handle.w", or "class.name" for the
    classes' own names)."""
    if name_key == "class.name":
        # The user's names, shown as written: Streamlit renders an option as Markdown.
        names = [literal(name) for name in class_names(st.session_state[session.SCENE].class_names, lang)]
        name = lambda k: names[k] if k < len(names) else t(name_key, lang, k=k + 1)  # noqa: E731
    else:
        name = lambda k: t(name_key, lang, k=k + 1)  # noqa: E731
    bound(key, label, format_func=name, target=target)


def classifier_controls(lang: str, *, normalize: bool) -> None:
    """Biases and temperature (and the normalise toggles): what every explorer page shares."""
    st.subheader(t("controls.bias", lang))
    for k in range(K):
        bound(f"biases.{k}", f"b{k + 1}")
    bound("temperature", t("controls.temperature", lang))
    st.caption(template("controls.temperature_help", lang))  # LaTeX braces
    if normalize:
        bound("normalize_w", t("controls.normalize_w", lang))
        bound("normalize_x", t("controls.normalize_x", lang))


def explorer_sidebar(lang: str) -> None:
    """Biases, temperature, normalisation, layers, projection, view and Fit (Reset is in the header)."""
    with st.sidebar:
        classifier_controls(lang, normalize=True)
        bound("layers", t("controls.layers", lang), format_func=lambda n: t(f"layer.{n}", lang))
        class_choice(t("controls.selected", lang), "selected", "handle.w", lang)
    view_controls(lang)


def view_controls(lang: str, *, batch: bool = False) -> None:
    """The 2D view's half-width and Fit view (with ``batch``, fitting the matrix view's samples)."""
    with st.sidebar:
        bound("view", t("controls.view", lang))
        st.button(t("controls.fit", lang), key="btn_fit", on_click=callbacks.on_fit, kwargs={"batch": batch})


def sidebar_3d(lang: str, *, sphere: bool = True) -> None:
    """Biases and temperature; with ``sphere``, normalisation and the sphere radius too."""
    with st.sidebar:
        classifier_controls(lang, normalize=sphere)
        if sphere:
            bound("sphere_radius", t("controls.sphere_radius", lang))
            st.caption(t("controls.sphere_radius_help", lang))


def margin_sidebar(scene: Scene, lang: str) -> None:
    """Loss, label, the loss's parameters and the softmax comparison."""
    with st.sidebar:
        bound("loss", t("margin.loss", lang), format_func=lambda k: short_kind_name(k, lang))
        class_choice(t("margin.label", lang), "label", "class.name", lang)
        if LOSS_PARAMS[scene.loss]:
            st.subheader(t("margin.params", lang))
        for name in LOSS_PARAMS[scene.loss]:
            unit = KINDS[scene.loss].param(name).unit
            label = t(f"param.{name}", lang) + (f" · {t(f'unit.{unit}', lang)}" if unit else "")
            bound(f"margin_params.{scene.loss}.{name}", label)
        bound("compare_softmax", t("margin.compare", lang))


def tour_buttons(i: int, steps: int, *, fresh: bool, lang: str) -> None:
    """The tour's Back, Next and Reset step (of step ``i`` of ``steps``; ``fresh``: its scene is the
    tour's). Content-wide and wrapping: in three columns, "Back" read "B…" at 1024 px with the
    sidebar open."""
    row = st.container(horizontal=True, gap="small")
    go = callbacks.on_tour_step
    row.button(t("tour.back", lang), key="btn_tour_back", on_click=go, args=(i - 1,), disabled=i == 0)
    last = i == steps - 1
    row.button(t("tour.next", lang), key="btn_tour_next", on_click=go, args=(i + 1,), disabled=last)
    restart = callbacks.on_tour_restart
    row.button(t("tour.restart", lang), key="btn_tour_restart", on_click=restart, args=(i,), disabled=fresh)


def matrix_controls(scene: Scene, lang: str) -> None:
    """Which sample (column) and class (row) to highlight; add and remove samples. One row of
    content-wide controls that wraps whole controls: in fixed columns at 1024 px with the sidebar
    open, the class picker stood one class a line and "Remove" read "Rem…"."""
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
    bound(scene.sample_field, t("matrix.sample", lang), format_func=sample_name, target=row)
    # Rows are classes: the picker names them as the rows do.
    class_choice(t("matrix.class", lang), "sel_class", "class.name", lang, target=row)
    buttons = row.container(horizontal=True, gap="small", width="content")  # they wrap together
    buttons.button(
        t("matrix.add", lang),
        key="btn_add",
        on_click=callbacks.on_add_random,
        disabled=len(scene.batch) >= 12,
    )
    buttons.button(
        t("matrix.remove", lang),
        key="btn_remove",
        on_click=callbacks.on_remove_sample,
        disabled=len(scene.batch) <= 2,
    )


def picked_inputs(scene: Scene, lang: str) -> None:
    """Exact coordinates of the highlighted sample and class weight, a column each: in 3D the
    view's handles cannot be reached by keyboard, and a teacher sets exact values here."""
    names = sample_name(scene.selected_sample), t("handle.w", lang, k=scene.sel_class + 1)
    st.header(t("matrix.exact", lang, x=names[0], w=names[1]))
    for col, (field, index), name in zip(st.columns(2), PICKED[scene.dim], names, strict=True):
        row = col.container(horizontal=True)
        for axis in range(scene.dim):
            bound(picked_key(field, index, axis), coordinate_label(name, axis, lang), target=row)


def _handle_name(handle: str, lang: str) -> str:
    return t("legend.sample", lang) if handle == "x" else t("handle.w", lang, k=handle[1])


def _field_of(handle: str, dim: int) -> tuple[str, int | None]:
    field = ("x" if handle == "x" else "weights") + ("3" if dim == 3 else "")
    return field, None if handle == "x" else int(handle[1]) - 1


def coordinate_label(name: str, axis: int, lang: str) -> str:
    """ "w1, first coordinate": not "w1 · x₁", which reads as a dot product."""
    return t("controls.coordinate", lang, name=name, nth=t(f"controls.nth{axis + 1}", lang))


def coordinate_inputs(lang: str) -> None:
    """Exact x/y inputs for every handle, in one row of columns."""
    for col, handle in zip(st.columns(len(HANDLES)), HANDLES, strict=True):
        name, (field, point) = _handle_name(handle, lang), _field_of(handle, 2)
        with col:
            for axis in range(2):
                bound(key_of(field, point, axis), coordinate_label(name, axis, lang))


def vector3_inputs(lang: str) -> None:
    """Per vector: exact x1, x2, x3 and spherical azimuth, elevation (degrees) and length."""
    labels = {"az": "controls.azimuth", "el": "controls.elevation", "len": "controls.length"}
    for col, handle in zip(st.columns(len(HANDLES)), HANDLES, strict=True):
        name, (field, point) = _handle_name(handle, lang), _field_of(handle, 3)
        with col:
            st.markdown(f"**{name}**")
            for axis in range(3):
                bound(key_of(field, point, axis), coordinate_label(name, axis, lang))
            for part, label in labels.items():
                # Each column has four of these: the vector's name tells them apart when heard.
                heard = t("controls.of_vector", lang, name=name, what=t(label, lang))
                bound(key_of(field, point, part), heard)


def history_buttons(lang: str) -> None:
    """Undo and Redo of scene changes (a drag is one step); a toast names the page whose change an
    undo or redo reverted, where it is not the page shown (one history serves every page)."""
    elsewhere = session.reverted_elsewhere()
    if elsewhere:
        action, page = elsewhere
        st.toast(
            t(f"history.{action}_elsewhere", lang, page=t(nav.title_key(page), lang)),
            icon=":material/history:",
        )
    undo, redo = st.columns(2)
    undo.button(
        t("history.undo", lang),
        key="btn_undo",
        icon=":material/undo:",
        on_click=session.undo,
        disabled=not session.can_undo(),
    )
    redo.button(
        t("history.redo", lang),
        key="btn_redo",
        icon=":material/redo:",
        on_click=session.redo,
        disabled=not session.can_redo(),
    )


def share_sidebar(scene: Scene, lang: str, *, note: str = "controls.share", names: bool = True) -> None:
    """Undo/Redo, the classes' names, drag mode, snapping, copy link, QR code, export and import:
    the bottom of every sidebar (language and present mode are in the page header, see
    ``layout.page_header``). ``note`` says what the link holds (the training lab's: its setup, not
    its run); ``names=False`` where the classes are not the scene's three (the training lab)."""
    with st.sidebar:
        history_buttons(lang)
        if names:
            class_name_inputs(lang)
        st.caption(t(note, lang))
        bound("drag_mode", t("drag.mode", lang), format_func=lambda mode: t(f"drag.{mode}", lang))
        bound("snap", t("drag.snap", lang))
        wiring.copy_link(t("share.copy", lang), t("share.copied", lang))
        st.button(
            t("share.qr", lang), key="btn_qr", icon=":material/qr_code_2:", on_click=show_qr, args=(lang,)
        )
        # The file is written when clicked (a callable), not on every run: a stored file made each
        # run cost a media file and a fetch by the browser, and a fast nudge replaced it mid-fetch (404).
        st.download_button(
            t("share.export", lang),
            partial(scene_to_json, scene),
            file_name="softmaxviz-scene.json",
            mime="application/json",
            key="btn_export",
            on_click="ignore",
        )
        # Any file: with type=["json"] Streamlit refused a .txt itself, with an English tooltip and
        # no word from the app; the import says what is wrong with it, in the page's language.
        st.file_uploader(t("share.import", lang), key=callbacks.IMPORT, on_change=callbacks.on_import)
        # Only while true: "Scene imported." or "the scene is unchanged" stayed after a drag,
        # Reset or another page's change.
        result = session.while_shown(callbacks.IMPORT_RESULT)
        if result and result.problems:
            problems = tell_all(result.problems, lang)
            st.error(t("share.bad_import", lang, file=verbatim(result.file), problems=problems))
        elif result:
            st.success(t("share.imported", lang, file=verbatim(result.file)))


def class_name_inputs(lang: str) -> None:
    """The classes' names (cat, dog, bird), which the tables, the pickers and the link carry:
    README promised them, and only a link's ``names`` could set them."""
    with st.expander(t("share.names", lang), icon=":material/label:"):
        for k in range(len(st.session_state[session.SCENE].class_names)):
            bound(f"class_names.{k}", t("class.name", lang, k=k + 1))


def show_qr(lang: str) -> None:
    """Open a large QR code of the current link, so a class opens the exact scene on its phones."""

    @st.dialog(t("share.qr", lang), width="large")
    def qr() -> None:
        link = readouts.share_link(st.context.url, session.share_query())
        # A phone scanning "localhost" opens itself: give it this computer's network address.
        network = _network_address() if readouts.loopback_host(link) else None
        link, message, args = readouts.phone_link(link, network)
        if message:
            (st.info if network else st.warning)(t(message, lang, **args))
        code = readouts.share_qr(link)
        if code is None:
            st.warning(t("share.qr_too_long", lang, n=len(link)))
        else:
            # An <img> with a text alternative: st.image drew one with none (axe: image-alt).
            st.html(readouts.qr_html(code, alt=t("share.qr_alt", lang), caption=t("share.qr_caption", lang)))
        st.code(link, language=None, wrap_lines=True)

    qr()


def _network_address() -> str | None:
    """This computer's address on its network (what ``streamlit run`` prints as the Network URL),
    if the server listens beyond loopback; None otherwise or if it cannot be told."""
    if (st.get_option("server.address") or "0.0.0.0") not in ("0.0.0.0", "::"):
        return None
    try:
        from streamlit import net_util

        return net_util.get_internal_ip()
    except Exception:  # a future Streamlit without it, or no network: say so instead
        return None


def show_messages(notes: tuple[Note, ...], lang: str) -> None:
    """Link problems, rejected input and the scene's edge cases, as calm boxes.

    Pages draw them below their canvas, so a message that appears mid-drag never moves it. A link
    that could not be read is also said once in a toast, in the corner of the first screen: the
    box may sit below it, and a class opening a broken link would see a scene and no word. The
    toast says that the link failed; the box says why.
    """
    link = session.link_messages()
    # Each message only while it is true: the link's scene (and, for its settings, the link's
    # preferences) still shown.
    pref_problems = link.pref_problems if link and session.prefs() == link.prefs else []
    if link and (link.problems or pref_problems):
        key = "msg.bad_link" if link.problems else "msg.bad_link_prefs"
        message = t(key, lang, problems=tell_all(link.problems + pref_problems, lang))
        st.warning(message)
        if session.first_telling(link):  # short: a long toast is cut, with an English "view more"
            st.toast(t(f"{key}_toast", lang), icon=":material/warning:", duration="long")
    if link and link.ignored:
        # "The rest of the link is shown" only where it is: not beside a scene the link lost.
        key = "msg.link_ignored_too" if link.problems else "msg.link_ignored"
        st.info(t(key, lang, keys=names_list(map(verbatim, link.ignored), lang)))
    if link and link.mark is not None:
        got, ours = (verbatim(f"{MARK_KEY}={mark}") for mark in (link.mark, MARK_VALUE))
        st.info(t("msg.link_mark", lang, got=got, ours=ours))
    if link and link.repeated:
        st.info(t("msg.link_repeated", lang, keys=names_list(map(verbatim, link.repeated), lang)))
    if session.error():
        st.error(t(session.error_frame(), lang, error=tell(session.error(), lang)))
    for note in notes:
        # Names go as a tuple, listed in the page's language ("w1 and w3", "w1 与 w3").
        args = {key: names_list(v, lang) if isinstance(v, tuple) else v for key, v in note.args}
        st.info(t(note.key, lang, **args))
