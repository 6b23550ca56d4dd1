"""3D explorer: rotate the view, drag the tips in space; the sphere and the borders follow."""

from functools import partial

import streamlit as st

from softmaxviz import ui
from softmaxviz.figures import projection_figure
from softmaxviz.results import drag_step, explorer3d_results
from softmaxviz.strings import t
from softmaxviz.view3d import view_data

VIEW = "view3d"
PLANES = {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}
L = ui.lang()
scene = ui.current_scene()
ui.sidebar_3d()
st.title(t("explorer3d.title", L))
st.caption(t("explorer3d.caption", L))


# A drag or a rotation reruns only this fragment; projections and inputs follow on release.
@st.fragment
def live() -> None:
    scene = ui.current_scene()
    r = explorer3d_results(scene)
    ui.show_messages(r.notes)
    view_col, info_col = st.columns([3, 2], gap="medium")
    with info_col:
        table = ui.class_table(scene, r)
        st.html(ui.table_html(table, testid="class-table", caption=t("table.title", L)))
    with view_col:
        ui.scene_view3d(
            view_data(scene, r, lang=L),
            key=VIEW,
            scene=scene,
            extent=r.extent,
            on_points=partial(ui.on_drag3d, VIEW),
        )
    if ui.drag_released():
        st.rerun()


live()
extent = explorer3d_results(scene, n=8).extent
st.subheader(t("explorer3d.projections", L))
for col, (name, axes) in zip(st.columns(3), PLANES.items(), strict=True):
    with col:
        key = f"proj_{name}"
        ui.scene_canvas(
            projection_figure(scene, extent, axes, lang=L),
            {n: [p[axes[0]], p[axes[1]]] for n, p in scene.points3().items()},
            key=key,
            scene=scene,
            step=drag_step(extent),
            height=320,
            on_change=partial(ui.on_projection_drag, key, axes),
        )
st.subheader(t("explorer3d.vectors", L))
ui.vector3_inputs()
ui.share_sidebar(scene)
