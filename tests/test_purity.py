"""The core is pure NumPy: importing it must not pull in Streamlit or Plotly."""

import subprocess
import sys

import pytest

PURE = [
    "softmaxviz",
    "softmaxviz.core",
    "softmaxviz.state",
    "softmaxviz.results",
    "softmaxviz.strings",
    "softmaxviz.palette",
    "softmaxviz.margins",
    "softmaxviz.space",
    "softmaxviz.bindings",
    "softmaxviz.ui",
    "softmaxviz.ui.readouts",
    "softmaxviz.ui.matrices",
    "softmaxviz.ui.lab_readouts",
    "softmaxviz.lab",
    "softmaxviz.training",
    "softmaxviz.mlp",
    "softmaxviz.kinds",
]


@pytest.mark.parametrize("module", PURE)
def test_core_modules_import_neither_streamlit_nor_plotly(module):
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly'))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
