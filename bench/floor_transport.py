"""The app's transport for the floor apps, without the app.

Each floor turns Nagle's algorithm off exactly as app.py does (``softmaxviz/ui/transport.py``): a
floor that waits up to 40 ms per rerun on the browser's delayed ACKs, which the app no longer does,
would flatter every ratio. The module is loaded from its file, not imported as
``softmaxviz.ui.transport``: that would import the ``softmaxviz`` package (NumPy and the core) into
the floor, whose process must stay the lightest possible echo.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TRANSPORT = Path(__file__).resolve().parent.parent / "softmaxviz" / "ui" / "transport.py"
NAME = "_softmaxviz_floor_transport"


def disable_nagle() -> int:
    """``transport.disable_nagle()``, the module loaded once per process (a floor calls this on
    every run, as app.py does)."""
    module = sys.modules.get(NAME)
    if module is None:
        spec = importlib.util.spec_from_file_location(NAME, TRANSPORT)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[NAME] = module
    return module.disable_nagle()
