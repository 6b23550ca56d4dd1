"""3D explorer: rotate the view, drag the tips in space; the sphere and the borders follow."""

from functools import partial

import streamlit as st

from softmaxviz.figures import projection_figure
from softmaxviz.results import explorer3d_results
from softmaxviz.strings import t
from softmaxviz.ui import callbacks, controls, layout, readouts, session, wiring
from softmaxviz.view3d import view_data

PLANES = {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}
lang = session.lang()
scene = session.current_scene()
controls.sidebar_3d(lang)
layout.page_header("explorer3d.title", "explorer3d.caption", lang, reset=True)


@wiring.live
def live() -> None:
    scene = session.current_scene()
    space = explorer3d_results(scene)
    view_col, info_col = st.columns([3, 2], gap="medium")
    with info_col:
        table = readouts.class_table(scene, space, lang, compact=layout.present())
        st.html(readouts.table_html(table, testid="class-table", caption=t("table.title", lang)))
    with view_col:
        wiring.view_3d(partial(view_data, scene, space, lang=lang), key="view3d", extent=space.extent)
    controls.show_messages(space.notes, lang)
    # The projections follow every drag in the 3D view, so no view ever shows an older scene.
    st.header(t("explorer3d.projections", lang))
    for col, (name, axes) in zip(st.columns(3), PLANES.items(), strict=True):
        with col:
            wiring.canvas(
                partial(
                    projection_figure.parts, scene, space, axes=axes, lang=lang, present=layout.present()
                ),
                {n: [p[axes[0]], p[axes[1]]] for n, p in scene.points3().items()},
                key=f"proj_{name}",
                title="explorer3d.projections",
                plane=name,
                move=callbacks.move_projection(axes),
                view=space.extent,
                height=320,
                said=readouts.said_p(table, lang),
            )


live()
st.header(t("explorer3d.vectors", lang))
controls.vector3_inputs(lang)
controls.share_sidebar(scene, lang)
