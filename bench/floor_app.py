"""The latency floor for bench/drag_latency.py: a components-v2 pad whose mouseup sends a counter,
written by Python into an st.table. ``streamlit run bench/floor_app.py`` (bench/ has no pages/ folder)."""

import pandas as pd
import streamlit as st

STYLE = "height:400px;background:#eef;user-select:none"
HTML = f"<div data-testid='floor-pad' data-sent='0' style='{STYLE}'></div>"
JS = """
export default function ({ parentElement, setTriggerValue }) {
  const el = parentElement.querySelector("[data-testid='floor-pad']");
  if (!el || el.__bound) return;
  el.__bound = true;
  el.addEventListener("mouseup", () => {
    const n = Number(el.dataset.sent) + 1;
    el.dataset.sent = String(n);
    setTriggerValue("v", n);
  });
}
"""

pad = st.components.v2.component("bench.floor_pad", html=HTML, js=JS, isolate_styles=False)
result = pad(key="pad", on_v_change=lambda: None)
if result and result.get("v") is not None:
    st.session_state["v"] = result["v"]
st.table(pd.DataFrame({"value": [str(st.session_state.get("v", 0))]}, index=["v"]))
