"""Shared Streamlit glue: the scene in session state and the URL, widgets, tables.

The scene lives in ``st.session_state["scene"]``; widgets are views of it. A
widget change or a drag runs a callback that builds a new scene, validates it
and writes it back (or keeps the old one and says why). Every page run writes
the scene to the URL, so navigation (which clears query parameters) and
sharing both carry it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from html import escape

import numpy as np
import pandas as pd
import streamlit as st

from softmaxviz.results import ExplorerResults, Note, drag_step, fit_view
from softmaxviz.state import (
    BOOL_PARAMS,
    HANDLES,
    LAYERS,
    LOSS_PARAMS,
    MAX_ABS,
    T_MAX,
    T_MIN,
    VIEW_MAX,
    VIEW_MIN,
    K,
    Scene,
    from_query,
)
from softmaxviz.strings import t

# Every page: (file in pages/, title key, material icon, blurb key for the home page). A page's
# url path is its file name, so the legacy pages/ router that serves a session's first request
# finds it too (see _ensure_navigation).
PAGES: tuple[tuple[str, str, str, str | None], ...] = (
    ("home", "home.nav", "home", None),
    ("explorer", "explorer.nav", "open_with", "home.explorer_blurb"),
    ("explorer_3d", "explorer3d.nav", "view_in_ar", "home.explorer3d_blurb"),
    ("matrix_view", "matrix.nav", "grid_on", "home.matrix_blurb"),
    ("tour", "tour.nav", "tour", "home.tour_blurb"),
    ("scenarios", "scenarios.nav", "school", "home.scenarios_blurb"),
    ("margin_lab", "margin.nav", "architecture", "home.margin_blurb"),
)

SCENE = "scene"
SEQ = "scene_seq"
ERROR = "input_error"
LINK_PROBLEMS = "link_problems"
CANVAS_KEY = "explorer_canvas"
DRAG_ACK = "drag_ack"
FINAL_DRAG = "drag_final"
DRAGGING = "dragging"


def lang() -> str:
    """The scene's UI language (the scene is read from the URL on a session's first run)."""
    # Called by every readout: read the session's scene, and do current_scene()'s URL and
    # widget bookkeeping only when there is no scene yet.
    scene = st.session_state.get(SCENE)
    return (scene or current_scene()).lang


def _coord_key(handle: str, axis: int) -> str:
    return f"in_{handle}_{'xy'[axis]}"


def widget_values(scene: Scene) -> dict[str, object]:
    """Every widget key and the value it shows for ``scene``."""
    values: dict[str, object] = {}
    for name, p in scene.points().items():
        values[_coord_key(name, 0)] = p[0]
        values[_coord_key(name, 1)] = p[1]
    for k, b in enumerate(scene.biases):
        values[f"in_b{k + 1}"] = b
    values.update(
        in_T=scene.temperature,
        in_nw=scene.normalize_w,
        in_nx=scene.normalize_x,
        in_layers=[n for n in LAYERS if n in scene.layers],
        in_sel=scene.selected,
        in_view=scene.view,
        in_loss=scene.loss,
        in_label=scene.label,
        in_cmp=scene.compare_softmax,
    )
    for name, value in scene.margin_params:
        values[f"in_mp_{name}"] = bool(value) if name in BOOL_PARAMS else value
    from softmaxviz.space import spherical

    for name, p in scene.points3().items():
        for axis in range(3):
            values[_coord3_key(name, axis)] = p[axis]
        az, el, length = spherical(np.array(p))
        values[f"in3_{name}_az"] = round(float(np.degrees(az)), 4)
        values[f"in3_{name}_el"] = round(float(np.degrees(el)), 4)
        values[f"in3_{name}_len"] = round(float(length), 6)
    values["in_R"] = scene.sphere_radius
    values["in_lang"] = scene.lang
    values["in_proj"] = scene.projector
    values["in_dim"] = scene.dim
    values["in_sn"] = scene.sel_sample
    values["in_sc"] = scene.sel_class
    return values


def _coord3_key(handle: str, axis: int) -> str:
    return f"in3_{handle}_{'xyz'[axis]}"


def _sync_widgets(scene: Scene, only_missing: bool = False) -> None:
    for key, value in widget_values(scene).items():
        if not only_missing or key not in st.session_state:
            st.session_state[key] = value


def set_scene(scene: Scene, *, push: bool, sync: bool = True) -> None:
    """Make ``scene`` current. ``push``: Python moved the handles, so the canvas adopts them.

    ``sync=False`` leaves the widgets alone: mid-drag they are not redrawn, and the browser
    sends their shown values back with every update, which would undo any value set here.
    """
    st.session_state[SCENE] = scene
    if push:
        st.session_state[SEQ] = st.session_state.get(SEQ, 0) + 1
    if sync:
        _sync_widgets(scene)


def _ensure_navigation() -> None:
    """Run pages through app.py's ``st.navigation`` even when a deep link is the first request.

    Streamlit treats a ``pages/`` folder as a legacy multipage app until
    ``st.navigation`` has run once in the process; a first request for
    ``/explorer`` would then run the page without app.py. Switch the legacy mode
    off and rerun, so app.py builds the real navigation.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without it
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_scene() -> Scene:
    """The session's scene: read from the URL on the first run, written to it on every run."""
    _ensure_navigation()
    if SCENE not in st.session_state:
        scene, problems = from_query(st.query_params.to_dict())
        st.session_state[LINK_PROBLEMS] = problems
        set_scene(scene, push=True)
    scene = st.session_state[SCENE]
    # Widget state is dropped on pages that do not show the widget: restore it.
    _sync_widgets(scene, only_missing=True)
    # Mid-drag the URL waits for the release: one history entry per drag, not one per update.
    if not st.session_state.get(DRAGGING):
        query = scene.to_query()
        if st.query_params.to_dict() != query:
            st.query_params.from_dict(query)
    return scene


def _scene_from_widgets(scene: Scene) -> Scene:
    """The scene the widgets show; a widget this page does not render keeps the scene's value."""
    ss = st.session_state
    shown = widget_values(scene)

    def get(key):
        value = ss.get(key)
        return shown[key] if value is None else value

    points = {h: [get(_coord_key(h, 0)), get(_coord_key(h, 1))] for h in HANDLES}
    new = replace(
        scene.with_points(points),
        biases=tuple(float(get(f"in_b{k + 1}")) for k in range(K)),
        temperature=float(get("in_T")),
        normalize_w=bool(get("in_nw")),
        normalize_x=bool(get("in_nx")),
        layers=frozenset(ss.get("in_layers", shown["in_layers"]) or ()),
        selected=int(get("in_sel")),
        view=float(get("in_view")),
        label=int(get("in_label")),
        compare_softmax=bool(get("in_cmp")),
    )
    new = replace(new, sel_class=int(get("in_sc")), lang=str(get("in_lang")), projector=bool(get("in_proj")))
    if int(get("in_dim")) != scene.dim:
        new = replace(new, dim=int(get("in_dim")), sel_sample=0)
    else:
        new = replace(new, sel_sample=min(int(get("in_sn")), len(new.batch) - 1))
    points3 = {h: [get(_coord3_key(h, a)) for a in range(3)] for h in HANDLES}
    new = replace(new.with_points3(points3), sphere_radius=float(get("in_R")))
    loss = get("in_loss")
    if loss != scene.loss:
        return new.with_loss(loss)
    params = tuple((name, float(get(f"in_mp_{name}"))) for name, _ in scene.margin_params)
    return replace(new, margin_params=params)


def on_widget_change() -> None:
    """Callback of every scene widget: rebuild the scene, or keep the old one and say why."""
    st.session_state[DRAGGING] = False
    old = st.session_state[SCENE]
    st.session_state[ERROR] = None
    try:
        new = _scene_from_widgets(old)
    except (ValueError, TypeError) as exc:
        st.session_state[ERROR] = str(exc)
        _sync_widgets(old)
        return
    set_scene(new, push=new.points() != old.points() or new.points3() != old.points3())


def _apply_drag(key: str, move) -> None:
    """Shared body of the drag callbacks: read the canvas's update, ack it, apply ``move``.

    ``move(scene, points) -> scene`` raises ValueError for a bad value; then the handle
    goes back where the scene has it and the message says why.
    """
    payload = (st.session_state.get(key) or {}).get("points")
    if not isinstance(payload, dict) or not isinstance(payload.get("points"), dict):
        return
    if isinstance(payload.get("id"), int):
        st.session_state[f"{DRAG_ACK}_{key}"] = payload["id"]
    old = st.session_state[SCENE]
    try:
        new = move(old, payload["points"])
    except (ValueError, TypeError) as exc:
        st.session_state[ERROR] = str(exc)
        set_scene(old, push=True)
        return
    final = bool(payload.get("final"))
    st.session_state[ERROR] = None
    st.session_state[FINAL_DRAG] = final
    st.session_state[DRAGGING] = not final
    # The widgets catch up on release, with the full rerun that follows it.
    set_scene(new, push=False, sync=final)


def on_drag(key: str = CANVAS_KEY) -> None:
    """Callback of a 2D canvas: a drag update (throttled while moving, final on release)."""
    _apply_drag(key, lambda scene, points: scene.with_points(points))


def drag_released() -> bool:
    """True once after a drag's final update (or a click that added a sample): the page may
    refresh what it skipped while dragging."""
    return bool(st.session_state.pop(FINAL_DRAG, False))


def on_spherical(handle: str) -> None:
    """Callback of a vector's azimuth / elevation / length inputs (degrees in the UI)."""
    from softmaxviz.space import cartesian

    ss = st.session_state
    old = ss[SCENE]
    try:
        p = cartesian(
            np.radians(float(ss[f"in3_{handle}_az"])),
            np.radians(float(ss[f"in3_{handle}_el"])),
            float(ss[f"in3_{handle}_len"]),
        )
        new = old.with_points3({handle: [float(v) for v in np.round(p, 9)]})
    except (ValueError, TypeError, KeyError) as exc:
        ss[ERROR] = str(exc)
        _sync_widgets(old)
        return
    ss[ERROR] = None
    ss[DRAGGING] = False
    set_scene(new, push=True)


def on_drag3d(key: str) -> None:
    """Callback of the 3D view's point drags."""
    _apply_drag(key, lambda scene, points: scene.with_points3(points))


def on_camera(key: str) -> None:
    """Callback of the 3D view's rotation: keep the camera so reruns and links show the same view."""
    cam = (st.session_state.get(key) or {}).get("camera")
    try:
        new = replace(st.session_state[SCENE], camera=(float(cam[0]), float(cam[1])))
    except (ValueError, TypeError, IndexError, KeyError):
        return
    st.session_state[SCENE] = new


def on_projection_drag(key: str, axes: tuple[int, int]) -> None:
    """Callback of a projection canvas: its two coordinates of each dragged 3D point."""

    def move(scene: Scene, points: dict) -> Scene:
        moved = {}
        for name, p3 in scene.points3().items():
            p2 = points.get(name)
            if isinstance(p2, (list, tuple)) and len(p2) == 2:
                p3[axes[0]], p3[axes[1]] = p2
                moved[name] = p3
        return scene.with_points3(moved)

    _apply_drag(key, move)


def on_batch_drag(key: str) -> None:
    """Callback of the matrix view's canvas or 3D view: weights and samples move."""
    _apply_drag(key, lambda scene, points: scene.with_batch_points(points))


def on_add_click(key: str) -> None:
    """Callback of a click on the matrix view's empty canvas: a new sample there (at most 12)."""
    click = (st.session_state.get(key) or {}).get("click")
    point = click.get("point") if isinstance(click, dict) else None
    _add_sample(point)


def on_add_random() -> None:
    """Add a sample drawn with the scene's seed (the seed moves on, so the next one differs)."""
    scene = st.session_state[SCENE]
    rng = np.random.default_rng(scene.seed)
    point = [float(v) for v in np.round(rng.normal(0.0, 1.6, scene.dim), 2)]
    st.session_state[SCENE] = replace(scene, seed=(scene.seed + 1) % 2**32)
    _add_sample(point)


def _add_sample(point) -> None:
    old = st.session_state[SCENE]
    try:
        new = old.with_batch([*old.batch, point])
    except (ValueError, TypeError) as exc:
        st.session_state[ERROR] = str(exc)
        return
    st.session_state[ERROR] = None
    set_scene(replace(new, sel_sample=len(new.batch) - 1), push=True)
    # A click arrives in the canvas's fragment: the full rerun after it redraws the sample picker.
    st.session_state[FINAL_DRAG] = True


def on_remove_sample() -> None:
    old = st.session_state[SCENE]
    batch = [p for i, p in enumerate(old.batch) if i != old.sel_sample]
    try:
        new = old.with_batch(batch)
    except ValueError as exc:
        st.session_state[ERROR] = str(exc)
        return
    st.session_state[ERROR] = None
    set_scene(new, push=True)


def _cell_color(v: float, scale: float) -> str:
    """Diverging background: blue for positive, vermillion for negative, white at 0."""
    a = min(abs(v) / scale, 1.0) * 0.55 if scale > 0 else 0.0
    rgb = (0, 114, 178) if v >= 0 else (213, 94, 0)
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{a:.2f})"


def matrix_html(
    M: np.ndarray,
    name: str,
    *,
    rows: list[str],
    cols: list[str],
    hl_row: int | None = None,
    hl_col: int | None = None,
    probabilities: bool = False,
) -> str:
    """One matrix as a small colour-coded HTML table; the selected row and column are outlined."""
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
            text = f"{v:.3f}" if probabilities else fmt(v, 2)
            cells.append(f'<td class="{cls}" style="background:{bg}">{text}</td>')
        body.append(
            f'<tr data-row="{escape(label)}"><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>'
        )
    return (
        f'<table class="svz-matrix" data-testid="matrix-{escape(name)}"><caption>{escape(name)}</caption>'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


MATRIX_CSS = (
    "<style>.svz-mats{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:center}"
    ".svz-matrix{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.85rem}"
    ".svz-matrix caption{font-weight:600;text-align:left;padding-bottom:.2rem}"
    ".svz-matrix td,.svz-matrix th{padding:.15rem .4rem;text-align:right;"
    "border:1px solid rgba(128,128,128,.2)}"
    ".svz-matrix td.hl,.svz-matrix th.hl{border-left:2px solid #111;border-right:2px solid #111}"
    ".svz-matrix td.hlr{box-shadow:inset 0 2px 0 #111,inset 0 -2px 0 #111;font-weight:700}"
    ".svz-op{font-size:1.4rem;font-weight:600}</style>"
)


def matrices_html(scene: Scene, r) -> str:
    """``W^T X + b = Z`` and ``softmax(Z)`` as colour-coded grids, selection highlighted."""
    L = lang()
    K, N, D = r.W.shape[1], r.X.shape[1], r.W.shape[0]
    classes = [t("class.name", L, k=k + 1) for k in range(K)]
    samples = [f"x{n + 1}" for n in range(N)]
    dims = [f"d{d + 1}" for d in range(D)]
    k, n = scene.sel_class, scene.sel_sample
    WtX = r.W.T @ r.X
    parts = [
        matrix_html(r.W.T, "Wᵀ (K×D)", rows=classes, cols=dims, hl_row=k),
        '<span class="svz-op">·</span>',
        matrix_html(r.X, "X (D×N)", rows=dims, cols=samples, hl_col=n),
        '<span class="svz-op">=</span>',
        matrix_html(WtX, "WᵀX (K×N)", rows=classes, cols=samples, hl_row=k, hl_col=n),
        '<span class="svz-op">+</span>',
        matrix_html(r.b[:, None], "b (K×1)", rows=classes, cols=["b"], hl_row=k),
        '<span class="svz-op">→</span>',
        matrix_html(
            np.repeat(r.b[:, None], N, axis=1),
            t("matrix.broadcast", L),
            rows=classes,
            cols=samples,
            hl_row=k,
            hl_col=n,
        ),
        '<span class="svz-op">=</span>',
        matrix_html(r.batch.logits, "Z (K×N)", rows=classes, cols=samples, hl_row=k, hl_col=n),
        '<span class="svz-op">→</span>',
        matrix_html(
            r.batch.probabilities,
            t("matrix.softmax", L),
            rows=classes,
            cols=samples,
            hl_row=k,
            hl_col=n,
            probabilities=True,
        ),
    ]
    return MATRIX_CSS + '<div class="svz-mats">' + "".join(parts) + "</div>"


def dot_product_latex(scene: Scene, r) -> str:
    """The selected pair's ``w_k^T x_n`` written out both ways, and its logit."""
    from softmaxviz.core import dot_terms

    k, n = scene.sel_class, scene.sel_sample
    w, x = r.W[:, k], r.X[:, n]
    terms = dot_terms(w, x)
    written = " + ".join(rf"({fmt(a, 2)})({fmt(c, 2)})" for a, c in zip(w, x, strict=True))
    cos = r.batch.cosines[k, n]
    wn, xn = r.batch.norms[k], r.batch.sample_norms[n]
    i, j = k + 1, n + 1
    lines = [
        rf"w_{i}^\top x_{j} &= \textstyle\sum_d w_{{d{i}}}\,x_{{d{j}}}",
        rf"&= {written} = {fmt(float(terms.sum()))}",
        rf"&= \lVert w_{i}\rVert\,\lVert x_{j}\rVert\cos\theta_{{{i}{j}}}",
        rf"&= {fmt(wn)}\cdot{fmt(xn)}\cdot({_tex(cos)}) = {fmt(float(np.nan_to_num(wn * xn * cos)))}",
        rf"z_{{{i}{j}}} &= w_{i}^\top x_{j} + b_{i} = {fmt(r.batch.logits[k, n])}",
    ]
    return r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"


def matrix_controls(scene: Scene) -> None:
    """Which sample (column) and class (row) to highlight; add and remove samples."""
    L = lang()
    c1, c2, c3, c4 = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
    c1.segmented_control(
        t("matrix.sample", L),
        list(range(len(scene.batch))),
        format_func=lambda n: f"x{n + 1}",
        key="in_sn",
        on_change=on_widget_change,
    )
    with c2:
        class_choice(t("matrix.class", L), "in_sc", "handle.w")
    c3.button(t("matrix.add", L), key="btn_add", on_click=on_add_random, disabled=len(scene.batch) >= 12)
    c4.button(
        t("matrix.remove", L), key="btn_remove", on_click=on_remove_sample, disabled=len(scene.batch) <= 2
    )


def vector3_inputs() -> None:
    """Per vector: exact x1, x2, x3 and spherical azimuth, elevation (degrees) and length."""
    L = lang()
    for col, h in zip(st.columns(len(HANDLES)), HANDLES, strict=True):
        with col:
            name = t("legend.sample", L) if h == "x" else t("handle.w", L, k=h[1])
            st.markdown(f"**{name}**")
            for axis, sub in enumerate("₁₂₃"):
                number(f"{name} · x{sub}", _coord3_key(h, axis))
            cb = dict(on_change=on_spherical, args=(h,))
            st.number_input(t("controls.azimuth", L), -180.0, 180.0, step=5.0, key=f"in3_{h}_az", **cb)
            st.number_input(t("controls.elevation", L), -90.0, 90.0, step=5.0, key=f"in3_{h}_el", **cb)
            st.number_input(t("controls.length", L), 0.0, MAX_ABS, step=0.1, key=f"in3_{h}_len", **cb)


def _classifier_controls(L: str, *, normalize: bool) -> None:
    """Biases and temperature (and the normalise toggles): what every explorer page shares."""
    st.subheader(t("controls.bias", L))
    for k in range(K):
        number(f"b{k + 1}", f"in_b{k + 1}")
    number(t("controls.temperature", L), "in_T", lo=T_MIN, hi=T_MAX, step=0.1)
    st.caption(t("controls.temperature_help", L))
    if normalize:
        st.toggle(t("controls.normalize_w", L), key="in_nw", on_change=on_widget_change)
        st.toggle(t("controls.normalize_x", L), key="in_nx", on_change=on_widget_change)


def class_choice(label: str, key: str, name_key: str) -> None:
    """Pick one of the K classes (``name_key`` names them: "handle.w" or "class.name")."""
    L = lang()
    st.segmented_control(
        label,
        list(range(K)),
        format_func=lambda k: t(name_key, L, k=k + 1),
        key=key,
        on_change=on_widget_change,
    )


def sidebar_3d(*, sphere: bool = True) -> None:
    """Biases, temperature and Reset; with ``sphere``, normalisation and the sphere radius too."""
    L = lang()
    with st.sidebar:
        _classifier_controls(L, normalize=sphere)
        if sphere:
            number(t("controls.sphere_radius", L), "in_R", lo=0.0, hi=MAX_ABS, step=0.25)
            st.caption(t("controls.sphere_radius_help", L))
        st.button(t("controls.reset", L), key="btn_reset", on_click=on_reset)
        st.caption(t("controls.share", L))


def on_reset() -> None:
    st.session_state[ERROR] = None
    st.session_state[DRAGGING] = False
    set_scene(Scene(), push=True)


def on_fit() -> None:
    scene = st.session_state[SCENE]
    set_scene(replace(scene, view=fit_view(scene)), push=True)


def scene_canvas(figure, points, *, key: str, scene: Scene, on_change, step: float | None = None, **options):
    """``drag_canvas`` wired to the session: its push sequence, its ack, the scene's drag step
    and projector mode; ``options`` (height, on_click) pass through."""
    from softmaxviz.canvas import drag_canvas

    return drag_canvas(
        figure,
        points,
        key=key,
        seq=canvas_seq(),
        ack=canvas_ack(key),
        step=canvas_step(scene) if step is None else step,
        projector=scene.projector,
        on_change=on_change,
        **options,
    )


def scene_view3d(data: dict, *, key: str, scene: Scene, extent: float, on_points) -> None:
    """The 3D view wired to the session: push sequence (points and camera), ack, drag step,
    projector mode, and the camera kept on rotation."""
    from softmaxviz.results import drag_step
    from softmaxviz.view3d import view3d

    view3d(
        data,
        key=key,
        seq=canvas_seq(),
        camseq=canvas_seq(),
        ack=canvas_ack(key),
        step=drag_step(extent),
        projector=scene.projector,
        on_points=on_points,
        on_camera=partial(on_camera, key),
    )


def canvas_step(scene: Scene) -> float:
    return drag_step(scene.view)


def canvas_seq() -> int:
    return st.session_state.get(SEQ, 0)


def canvas_ack(key: str = CANVAS_KEY) -> int:
    return st.session_state.get(f"{DRAG_ACK}_{key}", 0)


# --- widgets ------------------------------------------------------------------


def number(label: str, key: str, *, lo: float = -MAX_ABS, hi: float = MAX_ABS, step: float = 0.1) -> None:
    st.number_input(
        label, min_value=lo, max_value=hi, step=step, format="%.3f", key=key, on_change=on_widget_change
    )


def coordinate_inputs() -> None:
    """Exact x/y inputs for every handle, in one row of columns."""
    cols = st.columns(len(HANDLES))
    for col, h in zip(cols, HANDLES, strict=True):
        with col:
            name = t("legend.sample", lang()) if h == "x" else t("handle.w", lang(), k=h[1])
            number(f"{name} · x₁", _coord_key(h, 0))
            number(f"{name} · x₂", _coord_key(h, 1))


def sidebar_controls() -> None:
    """Biases, temperature, normalisation, layers, view and Reset, in the sidebar."""
    L = lang()
    with st.sidebar:
        _classifier_controls(L, normalize=True)
        st.pills(
            t("controls.layers", L),
            LAYERS,
            selection_mode="multi",
            format_func=lambda n: t(f"layer.{n}", L),
            key="in_layers",
            on_change=on_widget_change,
        )
        class_choice(t("controls.selected", L), "in_sel", "handle.w")
        number(t("controls.view", L), "in_view", lo=VIEW_MIN, hi=VIEW_MAX, step=0.5)
        c1, c2 = st.columns(2)
        c1.button(t("controls.fit", L), key="btn_fit", on_click=on_fit)
        c2.button(t("controls.reset", L), key="btn_reset", on_click=on_reset)
        st.caption(t("controls.share", L))


def margin_sidebar(scene: Scene) -> None:
    """Loss, label, the loss's parameters, the softmax comparison and Reset, in the sidebar."""
    L = lang()
    with st.sidebar:
        st.selectbox(
            t("margin.loss", L),
            list(LOSS_PARAMS),
            format_func=lambda k: t(f"kind.{k}.name", L),
            key="in_loss",
            on_change=on_widget_change,
        )
        class_choice(t("margin.label", L), "in_label", "class.name")
        if LOSS_PARAMS[scene.loss]:
            st.subheader(t("margin.params", L))
        for name, spec in LOSS_PARAMS[scene.loss].items():
            label = t(f"param.{name}", L)
            if name in BOOL_PARAMS:
                st.toggle(label, key=f"in_mp_{name}", on_change=on_widget_change)
            else:
                st.slider(
                    label,
                    spec.low,
                    spec.high,
                    step=spec.step,
                    key=f"in_mp_{name}",
                    on_change=on_widget_change,
                )
        st.toggle(t("margin.compare", L), key="in_cmp", on_change=on_widget_change)
        st.button(t("controls.reset", L), key="btn_reset", on_click=on_reset)
        st.caption(t("controls.share", L))


_COPY_HTML = "<button class='svz-copy' data-testid='copy-link' type='button'></button>"
_COPY_JS = """
export default function ({ data, parentElement }) {
  const button = parentElement.querySelector("[data-testid='copy-link']");
  button.textContent = data.label;
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      button.textContent = data.done;
    } catch (err) {
      // No clipboard permission: select-and-copy from the address bar still works.
      window.prompt(data.label, window.location.href);
    }
  };
}
"""
_COPY_CSS = (
    ".svz-copy{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.25rem .75rem;"
    "background:transparent;cursor:pointer;font:inherit}"
)
_copy_link = st.components.v2.component(
    "softmaxviz.copy_link", html=_COPY_HTML, js=_COPY_JS, css=_COPY_CSS, isolate_styles=False
)


# Projector mode: larger text everywhere (figures scale themselves, see figures.for_projector).
PROJECTOR_CSS = (
    "<style>html{font-size:20px}.stMarkdown p,.stCaption,.svz-table,.svz-matrix{font-size:1.15rem}"
    ".svz-table td,.svz-table th{padding:.45rem .6rem}</style>"
)


def on_import() -> None:
    """Callback of the JSON upload: the new scene, or the old one and why not."""
    from softmaxviz.state import scene_from_json

    upload = st.session_state.get("in_import")
    if upload is None:
        return
    scene, problems = scene_from_json(upload.getvalue())
    st.session_state["import_result"] = problems
    if scene is not None:
        st.session_state[DRAGGING] = False
        set_scene(scene, push=True)


def share_sidebar(scene: Scene) -> None:
    """Copy link, export and import of the scene, at the bottom of every page's sidebar."""
    from softmaxviz.state import scene_to_json
    from softmaxviz.strings import LANGUAGES

    L = lang()
    with st.sidebar:
        st.segmented_control(
            "Language · 语言",
            list(LANGUAGES),
            format_func=LANGUAGES.get,
            key="in_lang",
            on_change=on_widget_change,
        )
        st.toggle(t("share.projector", L), key="in_proj", on_change=on_widget_change)
        _copy_link(key="copy_link", data={"label": t("share.copy", L), "done": t("share.copied", L)})
        st.download_button(
            t("share.export", L),
            scene_to_json(scene),
            file_name="softmaxviz-scene.json",
            mime="application/json",
            key="btn_export",
        )
        st.file_uploader(t("share.import", L), type=["json"], key="in_import", on_change=on_import)
        if scene.projector:
            st.html(PROJECTOR_CSS)
        result = st.session_state.get("import_result")
        if result is not None:
            if result:
                st.error(t("share.bad_import", L, problems="; ".join(result)))
            else:
                st.success(t("share.imported", L))


def show_messages(notes: tuple[Note, ...]) -> None:
    """Link problems, rejected input and the scene's edge cases, as calm boxes."""
    L = lang()
    problems = st.session_state.get(LINK_PROBLEMS)
    if problems:
        st.warning(t("msg.bad_link", L, problems="; ".join(problems)))
    if st.session_state.get(ERROR):
        st.error(t("msg.bad_input", L, error=st.session_state[ERROR]))
    for note in notes:
        st.info(t(note.key, L, **dict(note.args)))


# --- readouts -----------------------------------------------------------------


def fmt(v: float, digits: int = 3) -> str:
    """Fixed decimals for everyday sizes, scientific for huge ones, — for undefined."""
    if v is None or not np.isfinite(v):
        return t("undefined", lang())
    if abs(v) >= 1e5:
        return f"{v:.{digits + 1}e}"
    return f"{v:.{digits}f}"


def class_table(scene: Scene, r: ExplorerResults) -> pd.DataFrame:
    """Per-class numbers as strings: one column per class, one row per quantity.

    Classes as columns keep the table narrow beside the canvas; it renders as a
    real HTML table that screen readers and browser tests can read.
    """
    L, a = lang(), r.analysis
    columns = {}
    for k in range(len(a.norms)):
        defined = np.isfinite(a.cosines[k])
        columns[t("class.name", L, k=k + 1)] = {
            # Two coordinates stay on one line; three may wrap in the narrow column.
            t("col.w", L): "("
            + (",\u00a0" if r.W.shape[0] == 2 else ", ").join(fmt(v) for v in r.W[:, k])
            + ")",
            t("col.norm", L): fmt(a.norms[k]),
            t("col.theta", L): fmt(np.degrees(a.angles[k]), 1),
            t("col.cos", L): fmt(a.cosines[k]),
            t("col.dot", L): fmt(a.dot_terms[k]) if defined else t("undefined", L),
            t("col.b", L): fmt(scene.biases[k]),
            t("col.z", L): fmt(a.logits[k]),
            t("col.p", L): f"{a.probabilities[k]:.4f}",
            t("col.pred", L): t("pred.mark", L) if k == a.predicted else "",
        }
    return pd.DataFrame(columns)


TABLE_CSS = (
    "<style>.svz-table{border-collapse:collapse;font-variant-numeric:tabular-nums;width:100%}"
    ".svz-table th,.svz-table td{border-bottom:1px solid rgba(128,128,128,.25);padding:.3rem .5rem;"
    "text-align:right}.svz-table th[scope=row]{text-align:left;font-weight:600}"
    ".svz-table caption{caption-side:top;text-align:left;font-size:1.5rem;font-weight:600;padding:0 0 .5rem}"
    "</style>"
)


def table_html(df: pd.DataFrame, *, testid: str, caption: str = "") -> str:
    """A DataFrame of strings as one plain, accessible HTML table.

    One ``st.html`` element renders far faster than ``st.table``, which runs the
    markdown renderer per cell, and a drag reruns this several times a second.
    """
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in df.columns)
    rows = []
    for name, row in df.iterrows():
        label = escape(str(name))
        cells = "".join(f"<td>{escape(str(v))}</td>" for v in row)
        rows.append(f'<tr data-row="{label}"><th scope="row">{label}</th>{cells}</tr>')
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f'{TABLE_CSS}<table class="svz-table" data-testid="{escape(testid)}">{cap}'
        f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def margin_table(r) -> pd.DataFrame:
    """The margin lab's per-class numbers (``r`` is a ``MarginResults``), classes as columns."""
    L, a = lang(), r.analysis
    dash = t("undefined", L)
    columns = {}
    for k in range(len(a.norms)):
        name = t("class.name", L, k=k + 1) + (" (y)" if k == r.label else "")
        columns[name] = {
            t("col.norm", L): fmt(a.norms[k]),
            t("col.theta", L): fmt(np.degrees(a.angles[k]), 1),
            t("col.cos", L): fmt(a.cosines[k]),
            t("col.raw", L): dash if r.raw_logits is None else fmt(r.raw_logits[k]),
            t("col.margin", L): dash if r.margin_logits is None else fmt(r.margin_logits[k]),
            t("col.p", L): dash if r.probabilities is None else f"{r.probabilities[k]:.4f}",
            t("col.grad_w", L): dash if r.grad_W is None else fmt(float(np.linalg.norm(r.grad_W[:, k]))),
        }
    return pd.DataFrame(columns)


def gradient_split_text(scene: Scene, r) -> str:
    """``-dL/dx`` as radial + tangential lengths, and what that says about the loss."""
    L = lang()
    why = {"softmax": "softmax", "lsoftmax": "mixed"}.get(scene.loss, "normalized")
    text = t(
        "margin.grad_x_text",
        L,
        radial=fmt(float(np.linalg.norm(r.grad_x_radial))),
        tangential=fmt(float(np.linalg.norm(r.grad_x_tangential))),
        why=t(f"margin.why_{why}", L),
    )
    return f"**{t('margin.grad_x', L)}** · {text}"


def _tex(v: float, digits: int = 3) -> str:
    text = fmt(v, digits)
    return text if np.isfinite(v) else rf"\text{{{text}}}"


def formula_latex(scene: Scene, r: ExplorerResults) -> str:
    """``z_i = ||w_i|| ||x|| cos(theta_i) + b_i = ...`` and the softmax, with the live numbers."""
    a, T = r.analysis, scene.temperature
    lines = []
    for k in range(len(a.norms)):
        i = k + 1
        cos = _tex(a.cosines[k])
        lines.append(
            rf"z_{i} &= \lVert w_{i}\rVert\,\lVert x\rVert\cos\theta_{i} + b_{i}"
            rf" = {fmt(a.norms[k])}\cdot{fmt(a.sample_norm)}\cdot({cos}) + ({fmt(scene.biases[k])})"
            rf" = {fmt(a.logits[k])}"
        )
    p = a.predicted + 1
    denom = " + ".join(rf"e^{{{fmt(z)}/{fmt(T, 2)}}}" for z in a.logits)
    lines.append(
        rf"p_{p} &= \frac{{e^{{z_{p}/T}}}}{{\sum_j e^{{z_j/T}}}}"
        rf" = \frac{{e^{{{fmt(a.logits[a.predicted])}/{fmt(T, 2)}}}}}{{{denom}}}"
        rf" = {a.probabilities[a.predicted]:.4f}"
    )
    return r"\begin{aligned}" + r"\\".join(lines) + r"\end{aligned}"
