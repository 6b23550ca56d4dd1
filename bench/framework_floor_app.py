"""The framework's own floor for bench/load_gen.py: one number input and one ``st.markdown``.
Its server CPU per rerun, driven by the same websocket load generator in the same run, is what a
page's CPU per drag update and per full rerun are compared with.

``streamlit run bench/framework_floor_app.py`` to look at it.
"""

import streamlit as st
from floor_transport import disable_nagle

disable_nagle()  # as app.py does: see floor_transport.py

n = st.number_input("n", value=0.0, step=1.0, key="n")
st.markdown(f"n = {n:.2f}")
