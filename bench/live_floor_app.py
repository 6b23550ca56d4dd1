"""The live floor for bench/live_rate.py (issue 13's definition): a components-v2 pad that, while
the mouse is down, sends pointer moves as a counter with one update in flight (the next waits until
the page shows Python's echo of the last), and Python echoes the counter with ``st.markdown`` in a
fragment. The echoes shown per second during a drag bound what any page can show live.

``streamlit run bench/live_floor_app.py`` to look at it.
"""

import streamlit as st
from floor_transport import disable_nagle

disable_nagle()  # as app.py does: see floor_transport.py

STYLE = "height:400px;background:#efe;user-select:none;touch-action:none"
HTML = f"<div data-testid='live-pad' style='{STYLE}'></div>"
JS = """
export default function ({ parentElement, setTriggerValue }) {
  const pad = parentElement.querySelector("[data-testid='live-pad']");
  if (!pad) return;
  pad.__send = setTriggerValue;
  if (pad.__bound) return;
  pad.__bound = true;
  let down = false, sent = 0, echoed = 0, pending = false;
  const shown = ".st-key-echo [data-testid='stMarkdownContainer']";
  const echo = () => document.querySelector(shown)?.textContent.trim();
  const send = () => {
    pending = false;
    sent += 1;
    pad.__send("move", sent);
  };
  // The next move goes out once the page shows Python's echo of the last one.
  new MutationObserver(() => {
    if (echoed !== sent && echo() === `echo ${sent}`) {
      echoed = sent;
      if (down && pending) send();
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  pad.addEventListener("pointerdown", (ev) => {
    down = true;
    pad.setPointerCapture(ev.pointerId);
  });
  pad.addEventListener("pointermove", () => {
    if (!down) return;
    if (sent === echoed) send();
    else pending = true;
  });
  const up = () => { down = false; pending = false; };
  pad.addEventListener("pointerup", up);
  pad.addEventListener("pointercancel", up);
  pad.setAttribute("data-ready", "1");
}
"""

pad = st.components.v2.component("bench.live_pad", html=HTML, js=JS, isolate_styles=False)


@st.fragment
def live() -> None:
    result = pad(key="pad", on_move_change=lambda: None)
    if result and result.get("move") is not None:
        st.session_state["move"] = result["move"]
    with st.container(key="echo"):
        st.markdown(f"echo {st.session_state.get('move', 0)}")


live()
