"""The app's transport and serving for the floor apps, without the app.

Each floor turns Nagle's algorithm off exactly as app.py does (``softmaxviz/ui/transport.py``): a
floor that waits up to 40 ms per rerun on the browser's delayed ACKs, which the app no longer does,
would flatter every ratio. The release floor, whose first load bench/first_load.py measures, also
serves Streamlit's frontend gzipped as app.py does (``softmaxviz/ui/precompressed.py``): served as
Streamlit serves it, it moved 2.8 MB on a first load instead of 1.1 MB. The modules are loaded from
their files, not imported from ``softmaxviz.ui``: that would import the ``softmaxviz`` package
(NumPy and the core) into the floor, whose process must stay the lightest possible echo.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import streamlit

UI = Path(__file__).resolve().parent.parent / "softmaxviz" / "ui"
# Streamlit's frontend: static/js/ and static/css/, as softmaxviz.assets.STREAMLIT_JS.parent.
STREAMLIT_STATIC = Path(streamlit.__file__).resolve().parent / "static" / "static"


def _load(name: str):
    """``softmaxviz/ui/<name>.py``, loaded once per process from its file."""
    key = f"_softmaxviz_floor_{name}"
    module = sys.modules.get(key)
    if module is None:
        spec = importlib.util.spec_from_file_location(key, UI / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return module


def disable_nagle() -> int:
    """``transport.disable_nagle()`` (a floor calls this on every run, as app.py does)."""
    return _load("transport").disable_nagle()


def precompressed():
    """``precompressed.PrecompressedMiddleware``, for a floor's ``st.App``."""
    return _load("precompressed").PrecompressedMiddleware
