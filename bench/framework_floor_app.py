"""The framework's own floor for bench/load_gen.py: one number input and one ``st.markdown``.
Its server CPU per rerun, driven by the same websocket load generator in the same run, is what a
page's CPU per drag update and per full rerun are compared with.

``streamlit run bench/framework_floor_app.py`` to look at it.
"""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from softmaxviz.ui.transport import disable_nagle

# The same transport as the app (Nagle's algorithm off, see softmaxviz/ui/transport.py): a floor
# that waits on delayed ACKs the app does not wait on would flatter every ratio.
disable_nagle()

n = st.number_input("n", value=0.0, step=1.0, key="n")
st.markdown(f"n = {n:.2f}")
