"""The Streamlit glue, one job per module.

* :mod:`~softmaxviz.ui.nav`: the list of pages and deep-link routing.
* :mod:`~softmaxviz.ui.session`: the scene, the preferences and the undo history in the session and the URL.
* :mod:`~softmaxviz.ui.callbacks`: what a widget, a drag or a button does to the scene.
* :mod:`~softmaxviz.ui.wiring`: components (canvas, 3D view, copy link) wired to the session.
* :mod:`~softmaxviz.ui.transport`: the server's sockets without Nagle's algorithm.
* :mod:`~softmaxviz.ui.controls`: the widgets, drawn from the binding table (``softmaxviz.bindings``).
* :mod:`~softmaxviz.ui.training`, :mod:`~softmaxviz.ui.lab_controls`, :mod:`~softmaxviz.ui.lab_readouts`,
  :mod:`~softmaxviz.ui.lab_views`: the training lab's runs in the session, its controls, its pure
  readouts, and what each of its two tabs draws.
* :mod:`~softmaxviz.ui.readouts`: pure text, tables and formulas of a scene and its results.
* :mod:`~softmaxviz.ui.matrices`: the matrix view's pure grids and written-out dot product.
"""
