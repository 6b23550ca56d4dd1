// A Plotly legend fitted to its chart's width: Plotly cuts an entry wider than the chart at its
// edge instead of wrapping it (present mode's larger text on a phone). The live chart (chart.js)
// and the drag canvas (canvas.js) measure what a draw cut (room) and wrap the names to it (wrapEm).

const SLACK_PX = 2;
const CHAR_EM = 0.62; // as figures.CHAR_EM: a character's width per font size, a CJK one 1

// `text` in lines at most `em` wide, broken at spaces, or anywhere in CJK text.
export function wrapEm(text, em) {
  const lines = [];
  let line = "";
  let width = 0;
  for (const part of text.replace(/<br>/g, " ").match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/g) || []) {
    if (/^\s+$/.test(part)) {
      if (line) (line += " "), (width += CHAR_EM);
      continue;
    }
    const w = /[\u2e80-\uffff]/.test(part) ? 1 : CHAR_EM * part.length;
    if (line.trim() && width + w > em) {
      lines.push(line.trimEnd());
      (line = ""), (width = 0);
    }
    (line += part), (width += w);
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join("<br>");
}

// The width in em that the texts matching `selector` in `gd` may take, if one of them runs past
// the right edge of `gd`; else 0.
export function room(gd, selector) {
  const right = gd.getBoundingClientRect().right;
  let em = 0;
  for (const text of gd.querySelectorAll(selector)) {
    const box = text.getBoundingClientRect();
    if (box.right <= right + SLACK_PX) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) || 12;
    const fits = Math.max((right - box.left - 2 * SLACK_PX) / size, 4);
    em = em ? Math.min(em, fits) : fits;
  }
  return em;
}

// The narrower of two widths in em, either of which may be 0 (none).
export function least(a, b) {
  return a && b ? Math.min(a, b) : a || b;
}

// Every legend name of `fig` wrapped to `em` (0: as Python wrote them). The legend may then take
// all the figure's height: Plotly's default for a horizontal one is half of it, and it scrolled
// the rest out of sight.
export function wrapNames(fig, em) {
  if (em) for (const trace of fig.data) if (typeof trace.name === "string") trace.name = wrapEm(trace.name, em);
  fig.layout.legend = { ...fig.layout.legend, maxheight: 1 };
}
