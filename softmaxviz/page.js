// A release the canvas never saw answered comes back through this element, which sits outside
// every fragment, so its trigger reruns the whole page. That happens after a server restart: the
// browser reconnects to a new process whose session never ran, which drops fragment runs (their
// fragment is unknown to it) until a full run; and where a full run removed the fragment first.
// A button that disables itself (Next at the tour's end, Add at 12 samples, Undo with nothing left
// to undo) loses the keyboard's focus: the browser drops it to the page's body, and a keyboard user
// starts again from the top. The focus goes to the nearest plain button (or expander) around it a
// keyboard user can reach instead (the previous one on a tie: Back, not Restart), unless the user
// has moved it meanwhile. The button is found again by its key's class, in case its run drew it
// anew.
//
// Python draws it once per run, outside every fragment (wiring.resend_channel), and hands it
// no data: its module is served once and cached (inline, its 2.6 KB went with every full run).

const KEEP_FOCUS_MS = 10000;
const CHOOSES = "[role=radio], [role=tab], [role=checkbox], [role=switch], [role=option], [aria-pressed]";
const CHOICES = "[role=radiogroup], [role=tablist], [role=listbox]";
// Streamlit's own buttons and expanders' headers: a canvas's PNG button took it after Clear points,
// and the next Space downloaded a file; a download button would do the same.
const TARGETS = "button[data-testid^=stBaseButton], summary";
// Only a plain control a keyboard user can reach: on a class's radio or a tab, the next Space or
// Enter chose it; one in a closed expander (visibility: hidden) does not take the focus.
function reachable(b) {
  const seen = b.checkVisibility?.({ visibilityProperty: true }) ?? b.getClientRects().length > 0;
  return seen && !b.disabled && b.tabIndex >= 0 && b.matches(TARGETS) && !b.matches(CHOOSES)
    && !b.closest(CHOICES) && !b.closest("[data-testid=stDownloadButton]");
}
function nearestEnabled(button) {
  for (let box = button.parentElement; box && box !== document.body; box = box.parentElement) {
    if (box.matches("[data-testid=stMain], [data-testid=stSidebar]")) break;
    const all = [...box.querySelectorAll("button, summary")];
    const at = all.indexOf(button);
    const enabled = all.filter(reachable);
    if (enabled.length) {
      const distance = (b) => Math.abs(all.indexOf(b) - at) + (all.indexOf(b) > at ? 0.5 : 0);
      return enabled.reduce((best, b) => (distance(b) < distance(best) ? b : best));
    }
  }
  return null;
}
// The last button pressed, { key, at }: recorded by the channel's inline script
// (wiring.PRESSED_JS) from its first render on, as this module loads up to ~0.5 s later on a
// first visit.
function keepFocus() {
  if (window.__softmaxvizKeepsFocus) return;
  window.__softmaxvizKeepsFocus = true;
  const settle = () => {
    const pressed = window.__svzPressed;
    if (!pressed?.key || performance.now() - pressed.at > KEEP_FOCUS_MS) return;
    const button = document.querySelector(`.${CSS.escape(pressed.key)} button`);
    if (!button || !button.disabled) return;
    const active = document.activeElement;
    const target = (!active || active === document.body || active === button) && nearestEnabled(button);
    window.__svzPressed = null;
    if (target) target.focus();
  };
  new MutationObserver(settle)
    .observe(document.body, { attributes: true, attributeFilter: ["disabled"], subtree: true });
  settle(); // a press while this module loaded
}

const RESEND_MS = 2000;
export default function ({ setTriggerValue }) {
  keepFocus();
  window.__softmaxvizResendTo = setTriggerValue;
  // A view hands over each release with a test of whether Python has answered it; one still
  // unanswered after RESEND_MS is sent from here (the setter of the latest render).
  window.__softmaxvizResend = (update, answered) =>
    setTimeout(() => answered() || window.__softmaxvizResendTo("resend", update), RESEND_MS);
}
