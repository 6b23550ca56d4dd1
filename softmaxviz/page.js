// A release the canvas never saw answered comes back through this element, which sits outside
// every fragment, so its trigger reruns the whole page. That happens after a server restart: the
// browser reconnects to a new process whose session never ran, which drops fragment runs (their
// fragment is unknown to it) until a full run; and where a full run removed the fragment first.
// A button that disables itself (Next at the tour's end, Add at 12 samples, Undo with nothing left
// to undo) loses the keyboard's focus: the browser drops it to the page's body, and a keyboard user
// starts again from the top. The focus stays in its place instead, on the button's own element (a
// focus target no key acts on), unless the user has moved it meanwhile: Tab goes on to the next
// control, Shift+Tab back. Handed to the nearest enabled button, it landed on the opposite action
// (Add on Remove, Next on Back, Undo on Redo), and the next Enter undid what the last one did. The
// button is found again by its key's class, in case its run drew it anew.
//
// Python draws it once per run, outside every fragment (wiring.resend_channel), and hands it
// no data: its module is served once and cached (inline, its 2.6 KB went with every full run).

const KEEP_FOCUS_MS = 10000;
const KEPT = "data-svz-kept";

// The last button pressed, { key, at }: recorded by the channel's inline script
// (wiring.PRESSED_JS) from its first render on, as this module loads up to ~0.5 s later on a
// first visit.
function keepFocus() {
  if (window.__softmaxvizKeepsFocus) return;
  window.__softmaxvizKeepsFocus = true;
  // Where the focus is kept, outlined as a focused button is.
  document.head.append(Object.assign(document.createElement("style"), {
    textContent: `[${KEPT}]:focus-visible{outline:2px solid #0072B2;outline-offset:2px;border-radius:.5rem}`,
  }));
  const settle = () => {
    const pressed = window.__svzPressed;
    if (!pressed?.key || performance.now() - pressed.at > KEEP_FOCUS_MS) return;
    const holder = document.querySelector(`.${CSS.escape(pressed.key)}`);
    const button = holder?.querySelector("button");
    if (!button || !button.disabled) return;
    window.__svzPressed = null;
    const active = document.activeElement;
    if (active && active !== document.body && active !== button) return; // the user moved it
    holder.tabIndex = -1; // focusable by script only: no Tab stop of its own
    holder.setAttribute(KEPT, "");
    holder.focus({ preventScroll: true });
  };
  new MutationObserver(settle)
    .observe(document.body, { attributes: true, attributeFilter: ["disabled"], subtree: true });
  settle(); // a press while this module loaded
}

const RESEND_MS = 2000;
export default function ({ data, setTriggerValue }) {
  keepFocus();
  if (data && data.lang) document.documentElement.lang = data.lang;
  window.__softmaxvizResendTo = setTriggerValue;
  // A view hands over each release with a test of whether Python has answered it; one still
  // unanswered after RESEND_MS is sent from here (the setter of the latest render).
  window.__softmaxvizResend = (update, answered) =>
    setTimeout(() => answered() || window.__softmaxvizResendTo("resend", update), RESEND_MS);
}
