"""The release floor for bench/drag_latency.py and bench/first_load.py (issue 13's definition): a
components-v2 element whose ``pointerup`` sends a counter, which Python writes with ``st.markdown``
(no table, no pandas). Nothing lighter can answer a release, so a page's release latency is
reported as a ratio to this one's, measured the same way in the same browser and run.

``streamlit run bench/floor_app.py`` to look at it (bench/ has no pages/ folder).
"""

import streamlit as st
from floor_transport import STREAMLIT_STATIC, disable_nagle, precompressed
from starlette.middleware import Middleware

STYLE = "height:400px;background:#eef;user-select:none;touch-action:none"
HTML = f"<div data-testid='floor-pad' data-sent='0' style='{STYLE}'></div>"
# data-ready marks the pad as interactive (its listener is bound): bench/first_load.py waits for it.
JS = """
export default function ({ parentElement, setTriggerValue }) {
  const pad = parentElement.querySelector("[data-testid='floor-pad']");
  if (!pad) return;
  pad.__send = setTriggerValue;
  if (pad.__bound) return;
  pad.__bound = true;
  pad.addEventListener("pointerup", () => {
    const n = Number(pad.dataset.sent) + 1;
    pad.dataset.sent = String(n);
    pad.__send("up", n);
  });
  pad.setAttribute("data-ready", "1");
}
"""


if __name__ == "__main__":  # a session's run
    disable_nagle()  # as app.py does: see floor_transport.py
    pad = st.components.v2.component("bench.floor_pad", html=HTML, js=JS, isolate_styles=False)
    result = pad(key="pad", on_up_change=lambda: None)
    if result and result.get("up") is not None:
        st.session_state["up"] = result["up"]
    st.markdown(f"floor {st.session_state.get('up', 0)}")
else:
    # `streamlit run` serves through this, as app.py serves the app: Streamlit's frontend gzipped.
    app = st.App(__file__, middleware=[Middleware(precompressed(), root=STREAMLIT_STATIC)])
