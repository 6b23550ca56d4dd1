// Drag canvas: a Plotly figure whose named points can be dragged with the mouse.
//
// Python sends {figure (JSON string), points, seq, ack, step, height, clickable,
// save_label, projector, mode, snap, labels, key, redraw_gap_ms, release, marks, busy}; figure
// is null in a reply with the numbers only (a drag update asks for the figure at most once per
// redraw gap: flight.js, asksToDraw), and the canvas keeps its picture.
// The figure's handle trace has meta.role == "handles" and meta.names; arrow traces have
// meta.role == "arrow" and meta.handle.
//
// Drag modes (canvas.py's docstring is the user's description): "free" follows the
// pointer; "rotate" keeps the norm (the point of the circle at the pointer's angle,
// exact in data coordinates, never rounded per coordinate, which would leave the
// circle); "scale" keeps the direction (t·u with u fixed, only t is rounded).
// Shift forces rotate, Alt forces scale while dragging; a change of modifier
// restarts the constraint from where the handle is. Snapping: grid lines, 15°,
// whole norms.
//
// Keyboard: a focusable element sits over each handle (Tab order = points order),
// named "w1 at (2.50, 0.00)". Arrow keys nudge the focused handle (Shift ×10) and
// each nudge is sent as a release (final), so Python records it as one undo step.
//
// While a drag runs, the dragged handle (and its arrow) is drawn by a light SVG
// overlay and hidden in Plotly, so following the pointer costs no Plotly redraw
// and leaves the main thread free for Streamlit's reruns. Throttled "points"
// triggers go to Python (at most three in flight), and the release sends the
// final value. While this canvas is dragged, points from Python are adopted only when
// `seq` changes (Reset, typed numbers), and a release keeps its point until Python has
// answered it, so a late reply to an old drag cannot undo a newer one; a canvas nobody
// drags takes Python's points with every reply it draws (another view may be dragged).
// How many updates may be in flight, and when the next leaves: flight.js.

import { MAX_IN_FLIGHT, adapt, askLater, asksToDraw, roomMade, scheduleSend } from "./flight.js";
import { least, room, wrapNames } from "./legend_fit.js";
import { loadPlotly } from "./load_plotly.js";

const NARROW_PLOT_PX = 360; // a plot area narrower than this shows the legend's mode line only
const LEGEND_SHARE = 0.5; // of the plot's width: the legend's widest
const PNG_GAP_PX = 8; // between the legend above the plot and the PNG button at its top right

// While another view is dragged (the 3D view above the projections), and until Python has
// answered its release, this canvas draws Python's replies when the browser is idle, or after
// this long: the dragged view's replies come first, and replies to updates older than the
// release are not worth a Plotly redraw each before the release's own.
const IDLE_DRAW_MS = 250;
// The page's marks, named in canvas.py (data.marks): `dragging` on <html> from a drag's start
// until its release is answered; `settling` on <html> from then until every layout.settled
// container, whose Streamlit key starts with `settled` and ends in the session's release count,
// shows that release (the page's full run after the release redraws it, ~0.1 s later).
let MARKS = null;
const SETTLE_TIMEOUT_MS = 5000; // a full run that never comes (a lost connection) undims them after this
const HIT_RADIUS_PX = 18;
const SVG_NS = "http://www.w3.org/2000/svg";
const SNAP_DEG = 15;
const NUDGE_DEG = 1; // a rotate-mode arrow key; Shift ×10
const FAST = 10; // Shift + arrow
const ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
const RAD = Math.PI / 180;

function clonePoints(points) {
  const out = {};
  for (const [k, v] of Object.entries(points || {})) out[k] = [Number(v[0]), Number(v[1])];
  return out;
}

function roundTo(v, step) {
  const r = Math.round(v / step) * step;
  // Strip binary noise such as 0.30000000000000004.
  return Number(r.toPrecision(12));
}

// The next multiple of `unit` strictly beyond v in direction dir (+1 or -1): a snapped nudge
// always moves, even from a point between two grid lines.
function nextMultiple(v, unit, dir) {
  const k = v / unit;
  const eps = 1e-9;
  return (dir > 0 ? Math.floor(k + eps) + 1 : Math.ceil(k - eps) - 1) * unit;
}

// --- geometry in data coordinates (pure: no DOM) ---

// The visible rectangle of data coordinates.
function viewBox(gd) {
  const [xa, ya] = axes(gd);
  return {
    x0: Math.min(...xa.range),
    x1: Math.max(...xa.range),
    y0: Math.min(...ya.range),
    y1: Math.max(...ya.range),
  };
}

function inBox(box, p, tol = 0) {
  return p[0] >= box.x0 - tol && p[0] <= box.x1 + tol && p[1] >= box.y0 - tol && p[1] <= box.y1 + tol;
}

// v rounded to `unit` and kept in [lo, hi] (on the last multiple inside, if rounding left it).
function snapInside(v, unit, lo, hi) {
  let r = roundTo(Math.min(Math.max(v, lo), hi), unit);
  if (r > hi) r = roundTo(r - unit, unit);
  if (r < lo) r = roundTo(r + unit, unit);
  return r;
}

// Free: each coordinate rounded to its unit (the step, or a grid line) and kept in the view.
function onGrid(p, box, units) {
  return [snapInside(p[0], units[0], box.x0, box.x1), snapInside(p[1], units[1], box.y0, box.y1)];
}

function angleGap(a, b) {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return Math.min(d, 2 * Math.PI - d);
}

// Rotate: the point of the circle of radius r at angle phi, or, where that is outside the view,
// the visible point of the circle nearest in angle (the end of a visible arc). With `snap`,
// the nearest visible multiple of 15°. Null when no part of the circle is visible.
// Each point is r·(cos a, sin a): its norm is r to rounding error.
function onCircle(r, phi, box, snap) {
  const at = (a) => [r * Math.cos(a), r * Math.sin(a)];
  const tol = 1e-12 * r;
  if (snap) {
    const unit = SNAP_DEG * RAD;
    const k0 = Math.round(phi / unit);
    for (let d = 0; d <= 360 / SNAP_DEG / 2; d += 1) {
      for (const k of d ? [k0 + d, k0 - d] : [k0]) {
        const p = at(k * unit);
        if (inBox(box, p, tol)) return p;
      }
    }
    return null;
  }
  const p = at(phi);
  if (inBox(box, p)) return p;
  let best = null;
  let bestGap = Infinity;
  // Where the circle crosses each side of the view.
  for (const [c, vertical] of [
    [box.x0, true],
    [box.x1, true],
    [box.y0, false],
    [box.y1, false],
  ]) {
    if (Math.abs(c) > r) continue;
    const h = Math.sqrt(r * r - c * c);
    for (const o of [h, -h]) {
      const a = vertical ? Math.atan2(o, c) : Math.atan2(c, o);
      const q = at(a);
      if (!inBox(box, q, tol) || angleGap(a, phi) >= bestGap) continue;
      bestGap = angleGap(a, phi);
      best = q;
    }
  }
  return best;
}

// Scale: t·u (u a unit vector, kept as it is) with t rounded to `step` (whole numbers with
// `snap`), at least `step` (1 with snap) and no farther than where the ray leaves the view.
function onRay(u, t, box, step, snap) {
  let tMax = Infinity;
  if (u[0] > 0) tMax = Math.min(tMax, box.x1 / u[0]);
  if (u[0] < 0) tMax = Math.min(tMax, box.x0 / u[0]);
  if (u[1] > 0) tMax = Math.min(tMax, box.y1 / u[1]);
  if (u[1] < 0) tMax = Math.min(tMax, box.y0 / u[1]);
  const unit = snap ? 1 : step;
  let s = roundTo(t, unit);
  if (s > tMax) s = Math.floor(tMax / unit) * unit;
  s = Math.max(s, unit);
  return [s * u[0], s * u[1]];
}

// The grid spacing free-mode snapping uses on both axes: the finer of the two axes' grid lines
// (Plotly's computed tick steps; on a square view they can differ, e.g. 2 on x where the tick
// labels are wide and 1 on y).
function gridUnits(gd, step) {
  const ticks = axes(gd).map((ax) => (typeof ax.dtick === "number" && ax.dtick > 0 ? ax.dtick : Infinity));
  const unit = Math.min(...ticks);
  return Number.isFinite(unit) ? [unit, unit] : [10 * step, 10 * step];
}

// Where the handle goes when the pointer is at data point `pointer`, the handle having been at
// `anchor` when the constraint `mode` began.
function constrain(s, anchor, pointer, mode) {
  const box = viewBox(s.gd);
  const r = Math.hypot(anchor[0], anchor[1]);
  if (mode === "rotate" && r > 0) return onCircle(r, Math.atan2(pointer[1], pointer[0]), box, s.snap);
  if (mode === "scale" && r > 0) {
    const u = [anchor[0] / r, anchor[1] / r];
    return onRay(u, pointer[0] * u[0] + pointer[1] * u[1], box, s.step, s.snap);
  }
  return onGrid(pointer, box, s.snap ? gridUnits(s.gd, s.step) : [s.step, s.step]);
}

// Where an arrow key (direction [dx, dy], `fast` with Shift) moves the handle at p.
function nudged(s, p, [dx, dy], fast) {
  const box = viewBox(s.gd);
  const times = fast ? FAST : 1;
  // `times` units from v in direction d; snapped, the first one only reaches the next multiple.
  const moved = (v, d, unit) => {
    if (d === 0) return v;
    return s.snap ? nextMultiple(v, unit, d) + d * (times - 1) * unit : v + d * times * unit;
  };
  const r = Math.hypot(p[0], p[1]);
  const dir = dx + dy; // → and ↑: counter-clockwise / longer; ← and ↓: clockwise / shorter
  if (s.mode === "rotate" && r > 0) {
    const unit = (s.snap ? SNAP_DEG : NUDGE_DEG) * RAD;
    return onCircle(r, moved(Math.atan2(p[1], p[0]), dir, unit), box, false);
  }
  if (s.mode === "scale" && r > 0) {
    return onRay([p[0] / r, p[1] / r], moved(r, dir, s.snap ? 1 : s.step), box, s.step, s.snap);
  }
  // Free: the arrow's coordinate moves (onto the step or grid); the other one stays as it is.
  const units = s.snap ? gridUnits(s.gd, s.step) : [s.step, s.step];
  const axis = (v, d, unit, lo, hi) =>
    d ? snapInside(moved(v, d, unit), unit, lo, hi) : Math.min(Math.max(v, lo), hi);
  return [axis(p[0], dx, units[0], box.x0, box.x1), axis(p[1], dy, units[1], box.y0, box.y1)];
}

// Handle and arrow coordinates for the local points; the handle being dragged
// is left out (null), since the overlay draws it.
function handleCoords(traces, points, hidden) {
  const out = [];
  traces.forEach((tr, i) => {
    const meta = tr.meta || {};
    const at = (n) => (n === hidden || !points[n] ? [null, null] : points[n]);
    if (meta.role === "handles") {
      out.push([i, meta.names.map((n) => at(n)[0]), meta.names.map((n) => at(n)[1])]);
    } else if (meta.role === "arrow") {
      out.push([i, [0, at(meta.handle)[0]], [0, at(meta.handle)[1]]]);
    }
  });
  return out;
}

function axes(gd) {
  const fl = gd._fullLayout;
  return fl && fl.xaxis && fl.yaxis ? [fl.xaxis, fl.yaxis] : null;
}

// Data <-> pixels through each axis' own offset and length (not the figure
// margins: with an equal aspect ratio the plot area is narrower than them).
// ``rect``: the plot's client rectangle, if the caller has it. A drag reads it once at its start
// (and after a scroll): reading it on every move would force a layout of the whole page each time.
function toData(gd, clientX, clientY, rect = null) {
  const [xa, ya] = axes(gd);
  const r = rect || gd.getBoundingClientRect();
  return [xa.p2l(clientX - r.left - xa._offset), ya.p2l(clientY - r.top - ya._offset)];
}

function toLocal(gd, x, y) {
  const [xa, ya] = axes(gd);
  return [xa._offset + xa.l2p(x), ya._offset + ya.l2p(y)];
}

// Where a handle's focusable element sits: on its tip, or on the plot's edge towards it when the
// tip is outside the view (x typed at 40: an element far out widened the page, and focusing it
// scrolled the page sideways, blank).
function placeHandle(gd, h, p) {
  const [xa, ya] = axes(gd);
  const clamp = (v, a) => Math.min(Math.max(v, a._offset), a._offset + a._length);
  const [lx, ly] = toLocal(gd, p[0], p[1]);
  h.style.left = clamp(lx, xa) + "px";
  h.style.top = clamp(ly, ya) + "px";
}

function hitTest(el, ev) {
  const s = el.__svz;
  if (!axes(s.gd)) return null;
  const r = s.gd.getBoundingClientRect();
  let best = null;
  let bestD = HIT_RADIUS_PX;
  // Later names win ties, so x (drawn on top) is grabbed before a weight tip under it.
  for (const name of s.names) {
    const p = s.points[name];
    if (!p) continue;
    const [lx, ly] = toLocal(s.gd, p[0], p[1]);
    const d = Math.hypot(ev.clientX - r.left - lx, ev.clientY - r.top - ly);
    if (d <= bestD) {
      bestD = d;
      best = name;
    }
  }
  return best;
}

function publish(el) {
  el.setAttribute("data-points", JSON.stringify(el.__svz.points));
  syncHandles(el);
}

// While dragging: only the dragged handle's focusable element follows, and nothing is read back
// from the layout (each pointer move would otherwise force a layout of the whole page).
function publishDragged(el, name = el.__svz.dragging) {
  const s = el.__svz;
  el.setAttribute("data-points", JSON.stringify(s.points));
  const h = s.handleEls[name];
  const p = s.points[name];
  if (!h || !p) return;
  h.setAttribute("aria-label", accessibleName(s, name, p));
  if (axes(s.gd)) placeHandle(s.gd, h, p);
}

// "w1 at (2.50, 0.00)": as many decimals as the step has, at least two; never "-0.00".
function accessibleName(s, name, p) {
  const digits = Math.min(Math.max(Math.ceil(-Math.log10(s.step) - 1e-9), 2), 6);
  const fmt = (v) => (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
  const template = (s.labels && s.labels.handle) || "{name} at ({x}, {y})";
  return template
    .replace("{name}", s.handleLabels[name] || name)
    .replace("{x}", fmt(p[0]))
    .replace("{y}", fmt(p[1]));
}

// The focusable elements over the handles: one per point, in the points' order, each placed on
// its tip and named with its coordinates. Rebuilt only when the set of points changes (a rebuild
// would drop the keyboard focus).
function syncHandles(el) {
  const s = el.__svz;
  const names = Object.keys(s.points);
  if (names.join("\n") !== s.handleNames.join("\n")) {
    s.handleLayer.replaceChildren();
    s.handleEls = {};
    for (const name of names) {
      const h = document.createElement("div");
      h.className = "svz-handle";
      h.tabIndex = 0;
      h.setAttribute("role", "button");
      h.setAttribute("data-handle", name);
      h.setAttribute("aria-describedby", s.legendId);
      h.addEventListener("keydown", (ev) => {
        const d = ARROWS[ev.key];
        // Ctrl / Cmd / Alt + arrow stay the browser's (Alt+← is Back).
        if (!d || ev.ctrlKey || ev.metaKey || ev.altKey || s.dragging || !axes(s.gd)) return;
        ev.preventDefault();
        ev.stopPropagation();
        nudge(el, name, d, ev.shiftKey);
      });
      s.handleLayer.append(h);
      s.handleEls[name] = h;
    }
    s.handleNames = names;
  }
  const ready = Boolean(s.gd && axes(s.gd));
  if (ready) placeLegend(el);
  for (const name of names) {
    const h = s.handleEls[name];
    const p = s.points[name];
    if (s.labels) h.setAttribute("aria-roledescription", s.labels.role);
    h.setAttribute("aria-label", accessibleName(s, name, p));
    if (ready) placeHandle(s.gd, h, p);
  }
}

// The legend sits in a bottom corner of the plot area, clear of the axes' ticks and of the axis
// names at the top and right ends of the axes: the left one, unless a handle or its name lies
// under it there and fewer do under the right one (it covered w2 placed at the bottom left). It
// stays put while a drag goes on, so it never jumps under the pointer.
function placeLegend(el) {
  const s = el.__svz;
  const [xa, ya] = axes(s.gd);
  // At most half the plot's width, so that one bottom corner is free where the other is taken: at
  // 276 px of a 422 px plot, a handle a little left of the middle was under both. Under
  // NARROW_PLOT_PX the keys go, as on a narrow canvas (canvas.css): wrapped, they covered the
  // plot's bottom third.
  const maxWidth = Math.max(Math.min(LEGEND_SHARE * xa._length, xa._length - 8), 80) + "px";
  if (s.legend.style.maxWidth !== maxWidth) s.legend.style.maxWidth = maxWidth;
  el.classList.toggle("svz-narrow", xa._length < NARROW_PLOT_PX);
  // Plotly's own sizes, not the element's: reading those would force a layout after each draw.
  const { width, height } = s.gd._fullLayout;
  const left = xa._offset + 4;
  const right = Math.max(width - (xa._offset + xa._length), 0) + 4;
  // While a drag goes on the legend keeps its place.
  const side = s.dragging ? s.legend.getAttribute("data-side") || "left" : legendSide(s, ya, left, width - right);
  const onTop = side.startsWith("top");
  s.legend.classList.toggle("svz-short", side === "top-short");
  const size = s.legendSize || legendSizes(s);
  const h = side === "top-short" ? size.shortH : size.h;
  s.legend.style.top = onTop ? Math.max(ya._offset - h - 4, 0) + "px" : "auto";
  s.legend.style.bottom = onTop ? "auto" : Math.max(height - (ya._offset + ya._length), 0) + 4 + "px";
  s.legend.style.left = side === "right" ? "auto" : left + "px";
  s.legend.style.right = side === "right" ? right + "px" : "auto";
  s.legend.setAttribute("data-side", side);
}

// The legend's sizes: whole, and its mode line alone; the PNG button's width; the text's scale
// against the normal 12 px. Read from the layout only when the legend's text, its width or the
// canvas's classes (present mode's larger text, a narrow plot's one line) changed.
function legendSizes(s) {
  const key = [s.legend.textContent, s.legend.style.maxWidth, s.legend.parentElement.className].join("|");
  if (s.legendSizeKey !== key) {
    const short = s.legend.classList.contains("svz-short");
    s.legend.classList.remove("svz-short");
    const range = document.createRange();
    range.selectNodeContents(s.legendMode);
    const mode = range.getBoundingClientRect();
    const edges = s.legend.offsetHeight - s.legend.clientHeight + 4; // borders and padding
    s.legendSize = {
      w: s.legend.offsetWidth,
      h: s.legend.offsetHeight,
      shortW: Math.min(Math.ceil(mode.width) + s.legend.offsetWidth - s.legend.clientWidth + 16, s.legend.offsetWidth),
      shortH: Math.min(Math.ceil(mode.height) + edges, s.legend.offsetHeight),
      png: s.save.offsetWidth,
      scale: parseFloat(getComputedStyle(s.legend).fontSize) / 12 || 1,
    };
    s.legendSizeKey = key;
    s.legend.classList.toggle("svz-short", short);
  }
  return s.legendSize;
}

// Where the legend covers nothing, in this order: the bottom left corner of the plot, the bottom
// right, the margin above the plot beside the PNG button (whole, then its mode line alone: at
// 1366 px the three lines did not fit there, and with both bottom corners taken the legend lay
// over w3's handle). Where every place covers something, the one covering least, in that order. A
// handle's marker counts three times its name, which may sit on any side of it (above the plot
// too), and an angle's or the projection's label twice, as wide as its text.
function legendSide(s, ya, leftEdge, rightEdge) {
  const size = legendSizes(s);
  if (!size.w) return "left";
  const k = size.scale;
  const bottom = ya._offset + ya._length - 4;
  const covered = (x0, y0, w, h) => {
    const near = ([px, py], dx, dy) => px > x0 - dx && px < x0 + w + dx && py > y0 - dy && py < y0 + h + dy;
    let n = 0;
    for (const name of Object.keys(s.points)) {
      const at = toLocal(s.gd, s.points[name][0], s.points[name][1]);
      // The marker (~16 px across); its name within ~40 px beside it or ~26 px above or below.
      if (near(at, 10 * k, 10 * k)) n += 3;
      else if (near(at, 40 * k, 26 * k)) n += 1;
    }
    // The angles' and the projection's labels, centred on their trace's last point (θ3's lay half
    // under the legend with x at (0, -2)); a present-mode "‖x‖cos θ2 = 1.92" is 260 px wide.
    for (const trace of s.gd.data || []) {
      const role = trace.meta && trace.meta.role;
      if ((role !== "arc" && role !== "projection-label") || !trace.x || !trace.x.length) continue;
      const at = toLocal(s.gd, trace.x[trace.x.length - 1], trace.y[trace.y.length - 1]);
      const text = [].concat(trace.text || []).filter(Boolean).pop() || "";
      const font = (trace.textfont && trace.textfont.size) || 12;
      if (near(at, Math.max(0.31 * font * text.length, 10), 0.65 * font)) n += 2;
    }
    return n;
  };
  // The PNG button sits 4 px from the canvas's right edge.
  const room = s.gd._fullLayout.width - 4 - size.png - PNG_GAP_PX;
  const places = [
    ["left", leftEdge, bottom - size.h, size.w, size.h],
    ["right", rightEdge - size.w, bottom - size.h, size.w, size.h],
    ["top", leftEdge, ya._offset - 4 - size.h, size.w, size.h],
    ["top-short", leftEdge, ya._offset - 4 - size.shortH, size.shortW, size.shortH],
  ].filter(([side, x0, y0, w]) => !side.startsWith("top") || (y0 >= 4 && x0 + w <= room));
  let best = null;
  for (const [side, x0, y0, w, h] of places) {
    const n = covered(x0, y0, w, h);
    if (n === 0) return side;
    if (!best || n < best[1]) best = [side, n];
  }
  return best ? best[0] : "left";
}

// An arrow key on a focused handle: move it and send the result as a release, one undo step.
function nudge(el, name, direction, fast) {
  const s = el.__svz;
  const next = nudged(s, s.points[name], direction, fast);
  if (!next) return;
  s.points[name] = next;
  publish(el);
  restyleHandles(el);
  send(el, true, name);
  // Like a drag's release: what layout.settled shows dims until the page's full run redraws it.
  document.documentElement.setAttribute(MARKS.dragging, "");
  s.releaseId = s.sendId;
}

// Only the moved handle goes to Python: the others may be older here than in the
// scene (another view moved them), and must not overwrite it.
function send(el, final, name = el.__svz.dragging) {
  const s = el.__svz;
  s.lastSent = performance.now();
  s.sendId += 1;
  const points = { [name]: [...s.points[name]] };
  // The figure only when this canvas could draw it (its redraw gap): flight.js, asksToDraw.
  const gap = redrawGap(s);
  // The mode it was moved with (a modifier's, or a nudge's): a projection of a 3D scene scales
  // the coordinate it does not show too (callbacks.move_projection).
  const mode = (s.dragging && s.dragMode) || s.mode;
  const update = { points, id: s.sendId, final, draw: asksToDraw(s, final, gap), mode };
  if (!update.draw) askLater(s, gap, () => scheduleSend(s, () => send(el, false)));
  if (final) {
    // Until Python acks a release, its replies to earlier ones must not move this handle back.
    s.pending = { name, id: update.id, point: points[name] };
    // app.py's resend channel sends it again as a full run if it stays unanswered (a restarted
    // server drops fragment runs); Python applies a release once, whichever way it came.
    window.__softmaxvizResend?.({ ...update, key: s.key }, () => s.acked >= update.id);
  }
  s.setTriggerValue("points", update);
}

// The legend: the mode a drag uses now (Python's, or the one a modifier key forces), and the keys.
function showMode(el, mode) {
  const s = el.__svz;
  if (!s.labels) return;
  el.setAttribute("data-mode", mode);
  const line = s.labels.modes[mode] + (s.snap ? " · " + s.labels.snap : "");
  if (s.legendMode.textContent !== line) s.legendMode.textContent = line;
  if (s.legendKeys.textContent !== s.labels.keys) s.legendKeys.textContent = s.labels.keys;
}

// A drag's mode: Shift forces rotate, Alt scale, else the one Python set.
function dragMode(s, ev) {
  if (ev.shiftKey) return "rotate";
  if (ev.altKey) return "scale";
  return s.mode;
}

function restyleHandles(el) {
  const s = el.__svz;
  const coords = handleCoords(s.gd.data, s.points, s.dragging);
  if (!coords.length) return;
  s.Plotly.restyle(
    s.gd,
    { x: coords.map((c) => c[1]), y: coords.map((c) => c[2]) },
    coords.map((c) => c[0]),
  );
}

// The overlay's look for handle `name`, read from the figure (one palette, in Python).
function handleStyle(gd, name) {
  let color = "#111";
  let open = false;
  let label = name;
  let arrow = false;
  gd.data.forEach((tr) => {
    const meta = tr.meta || {};
    if (meta.role === "handles") {
      const i = meta.names.indexOf(name);
      const pick = (v) => (Array.isArray(v) ? v[i] : v);
      color = pick(tr.marker.color) || color;
      open = String(pick(tr.marker.symbol) || "").includes("open");
      label = (tr.text && tr.text[i]) || name;
    } else if (meta.role === "arrow" && meta.handle === name) {
      arrow = true;
    }
  });
  return { color, open, label, arrow };
}

// Each handle's name as the figure writes it (its text label), for the accessible names.
function handleLabels(traces) {
  const out = {};
  for (const tr of traces) {
    const meta = tr.meta || {};
    if (meta.role !== "handles") continue;
    meta.names.forEach((n, i) => {
      out[n] = (Array.isArray(tr.text) && tr.text[i]) || n;
    });
  }
  return out;
}

function showOverlay(el, name) {
  const s = el.__svz;
  const st = handleStyle(s.gd, name);
  const svg = s.overlay;
  svg.innerHTML = "";
  const line = document.createElementNS(SVG_NS, "line");
  line.setAttribute("stroke", st.color);
  line.setAttribute("stroke-width", "3");
  line.style.display = st.arrow ? "" : "none";
  const dot = document.createElementNS(SVG_NS, "circle");
  dot.setAttribute("r", "8");
  dot.setAttribute("stroke", st.open ? st.color : "#fff");
  dot.setAttribute("stroke-width", "2.5");
  dot.setAttribute("fill", st.open ? "none" : st.color);
  const text = document.createElementNS(SVG_NS, "text");
  text.setAttribute("fill", st.color);
  text.setAttribute("font-size", "15");
  text.setAttribute("font-family", "sans-serif");
  text.textContent = st.label;
  svg.append(line, dot, text);
  s.overlayParts = { line, dot, text };
  svg.style.display = "block";
  moveOverlay(el);
}

function moveOverlay(el, name = el.__svz.dragging) {
  const s = el.__svz;
  if (!s.overlayParts || !name) return;
  const { line, dot, text } = s.overlayParts;
  const p = s.points[name];
  const [ox, oy] = toLocal(s.gd, 0, 0);
  const [px, py] = toLocal(s.gd, p[0], p[1]);
  line.setAttribute("x1", ox);
  line.setAttribute("y1", oy);
  line.setAttribute("x2", px);
  line.setAttribute("y2", py);
  dot.setAttribute("cx", px);
  dot.setAttribute("cy", py);
  text.setAttribute("x", px + 9);
  text.setAttribute("y", py - 9);
}

function hideOverlay(el) {
  const s = el.__svz;
  s.overlay.style.display = "none";
  s.overlay.innerHTML = "";
  s.overlayParts = null;
}

function bind(el) {
  const s = el.__svz;
  const gd = s.gd;
  // The dragged point under the pointer, in s.points only; true if the drag's mode changed.
  const track = (ev) => {
    s.lastPointer = { clientX: ev.clientX, clientY: ev.clientY };
    const mode = dragMode(s, ev);
    const changed = mode !== s.dragMode;
    if (changed) {
      // A modifier went down or up: the new constraint starts from where the handle is now.
      s.dragMode = mode;
      s.anchor = [...s.points[s.dragging]];
    }
    // Past the edge the handle stays on it: the drag goes on, and nothing outside the view is set.
    if (!s.rect) s.rect = gd.getBoundingClientRect();
    const next = constrain(s, s.anchor, toData(gd, ev.clientX, ev.clientY, s.rect), mode);
    if (next) s.points[s.dragging] = next;
    return changed;
  };
  // track, and the handle, its overlay and the legend show it.
  const follow = (ev) => {
    if (track(ev)) showMode(el, s.dragMode);
    publishDragged(el);
    moveOverlay(el);
  };
  const onDown = (ev) => {
    if (ev.button !== 0) return;
    const name = hitTest(el, ev);
    if (!name) {
      // A click on empty plot area, where the page asked for clicks (e.g. "add a sample here").
      if (s.clickable && axes(gd)) {
        const [x, y] = toData(gd, ev.clientX, ev.clientY);
        const [xa, ya] = axes(gd);
        const inside = x >= xa.range[0] && x <= xa.range[1] && y >= ya.range[0] && y <= ya.range[1];
        if (inside) {
          s.clickId = (s.clickId || 0) + 1;
          s.setTriggerValue("click", { point: [roundTo(x, s.step), roundTo(y, s.step)], id: s.clickId });
        }
      }
      return;
    }
    // Keep Plotly's own drag layer (zoom/pan) out of it.
    ev.preventDefault();
    ev.stopPropagation();
    el.focus({ preventScroll: true });
    s.rect = null;
    s.dragging = name;
    // The view keeps its ranges for the drag: a reply that widened them (the 3D page's projections
    // fit the points) moved the plot under the pointer, and x landed 38 % beyond it. The release's
    // reply brings the new ones.
    s.dragRanges = axes(gd).map((a) => [...a.range]);
    document.documentElement.setAttribute(MARKS.dragging, "");
    s.dragMode = dragMode(s, ev);
    s.anchor = [...s.points[name]];
    showMode(el, s.dragMode);
    el.setAttribute("data-dragging", name);
    // The drag follows the pointer anywhere on the page (past the plot's edge too) through
    // window listeners, not pointer capture: releasing a capture changes what the pointer
    // hovers, which Chromium draws in a frame before Streamlit's timer sends the release.
    window.addEventListener("pointermove", onMove, true);
    window.addEventListener("pointerup", onUp, true);
    window.addEventListener("pointercancel", onUp, true);
    showOverlay(el, name);
    restyleHandles(el); // once: hide the Plotly copy of the dragged handle
  };
  const onMove = (ev) => {
    if (!s.dragging) {
      gd.style.cursor = hitTest(el, ev) ? "grab" : "";
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
    follow(ev);
    scheduleSend(s, () => send(el, false));
  };
  const onUp = (ev) => {
    if (!s.dragging) return;
    window.removeEventListener("pointermove", onMove, true);
    window.removeEventListener("pointerup", onUp, true);
    window.removeEventListener("pointercancel", onUp, true);
    ev.preventDefault();
    ev.stopPropagation();
    // The release point is final: the browser may still hold back the last pointermove.
    if (ev.type === "pointerup") track(ev); // shown after the send, below
    el.setAttribute("data-points", JSON.stringify(s.points)); // no style reads it: needs no frame
    clearTimeout(s.timer);
    s.timer = null;
    s.waitingForAck = false;
    send(el, true);
    s.releaseId = s.sendId; // MARKS.dragging goes when Python answers it (ack)
    const name = s.dragging;
    s.dragging = null;
    s.dragMode = null;
    s.dragRanges = null;
    // The page changes only after the release has left. Streamlit sends it from a timer, and
    // after an input event that changed what is shown Chromium draws a frame before any timer:
    // the release then waited for the next frame (pointerup -> sent 8-26 ms, the floor's 1-2).
    // This timer comes after Streamlit's. The overlay keeps showing the handle until Python's
    // reply redraws the figure: no Plotly work here either.
    setTimeout(() => {
      if (s.dragging) return; // a new drag has begun
      publishDragged(el, name);
      moveOverlay(el, name);
      showMode(el, s.mode);
      el.removeAttribute("data-dragging");
      gd.style.cursor = "";
    }, 0);
  };
  // Shift or Alt pressed or released mid-drag switches the mode without waiting for a move.
  const modifier = (ev) => {
    if (ev.key === "Alt") ev.preventDefault(); // no menu bar on release (Firefox, Windows)
    if (!s.dragging || !s.lastPointer || (ev.key !== "Shift" && ev.key !== "Alt")) return;
    follow({ ...s.lastPointer, shiftKey: ev.shiftKey, altKey: ev.altKey });
    scheduleSend(s, () => send(el, false));
  };
  el.addEventListener("keyup", modifier);
  // Undo / redo where the canvas has focus (a click on it gives it focus).
  el.addEventListener("keydown", (ev) => {
    modifier(ev);
    const key = ev.key.toLowerCase();
    if (!(ev.ctrlKey || ev.metaKey) || (key !== "z" && key !== "y")) return;
    ev.preventDefault();
    s.historyId = (s.historyId || 0) + 1;
    // Ctrl+Shift+Z, and Ctrl+Y as Windows programs have it, redo.
    const action = ev.shiftKey || key === "y" ? "redo" : "undo";
    s.setTriggerValue("history", { action, id: s.historyId });
  });
  // A scroll mid-drag (a wheel, a touch screen) moves the plot under the pointer: read it again.
  // Once the canvas has left the page (another page), the listener goes, and the plot with it.
  const onScroll = () => {
    if (el.isConnected) s.rect = null;
    else window.removeEventListener("scroll", onScroll, true);
  };
  window.addEventListener("scroll", onScroll, { capture: true, passive: true });
  gd.addEventListener("pointerdown", onDown, true);
  gd.addEventListener("pointermove", onMove, true);
  // A resize redraws the plot without a rerun: keep the focusable handles on the tips.
  gd.on("plotly_afterplot", () => syncHandles(el));
  // A new width (the window, the sidebar) may want another height (see fit).
  gd.on("plotly_relayout", (ev) => {
    if (ev && ev.autosize && s.fit && !s.dragging) fit(el, s.fit.max);
  });
}

// The release count of the settled containers to wait for, and whether a frame loop waits.
let settleTo = 0;
let settling = false;

// A release (this page's `release`-th) is answered: dim what layout.settled shows until it shows it.
function settle(release) {
  if (!MARKS) return; // no canvas drawn yet: nothing names the marks
  settleTo = release;
  const html = document.documentElement;
  const attr = MARKS.settling;
  html.setAttribute(attr, "");
  if (settling) return;
  settling = true;
  const started = performance.now();
  const selector = `[class*='st-key-${MARKS.settled}']`;
  const count = new RegExp(`st-key-${MARKS.settled}\\S*-(\\d+)(?:\\s|$)`);
  const stale = (el) => Number((count.exec(el.className) || [])[1] ?? Infinity) < settleTo;
  const check = () => {
    if ([...document.querySelectorAll(selector)].some(stale) && performance.now() - started < SETTLE_TIMEOUT_MS) {
      requestAnimationFrame(check);
      return;
    }
    settling = false;
    html.removeAttribute(attr);
  };
  check();
}

function ack(el, data) {
  const s = el.__svz;
  adapt(s, data);
  s.acked = Math.max(s.acked, data.ack || 0);
  if (s.releaseId && !s.dragging && s.acked >= s.releaseId) {
    s.releaseId = 0;
    document.documentElement.removeAttribute(MARKS.dragging);
    settle(data.release || 0);
  }
  roomMade(s, () => send(el, false));
}

// What the numbers are now (canvas.py's ``said``), in the live region: a screen reader says it
// once the page has answered the latest release or arrow key's nudge of this canvas (the one
// with the focus: the 3D page's three projections get the same reply), not with each reply of a
// drag (it would talk over itself), nor on the first draw. Elsewhere it is emptied: it kept the
// numbers gone by in the page (emptying a live region says nothing).
function say(el, data) {
  const s = el.__svz;
  // Not mid-drag, nor before the reply to the latest update: it would talk over itself.
  const answered = !s.dragging && (data.ack || 0) >= s.sendId;
  // What a button beside the canvas changed (canvas.py's ``announce``), wherever the focus is:
  // the tour's Next and the lab's Step said nothing with the focus on the button.
  const announce = data.announce ?? null;
  if (announce !== s.announce) {
    const firstTime = s.announce === undefined;
    s.announce = announce;
    if (!firstTime && announce !== null && answered) {
      s.said = data.said ?? null;
      s.live.textContent = announce;
      return;
    }
  }
  const said = data.said ?? null;
  if (said === s.said || !answered) return;
  const first = s.said === undefined;
  s.said = said;
  if (first) return;
  s.live.textContent = said !== null && el.contains(document.activeElement) ? said : "";
}

// After ack(el, data): the component function reads the ack before it waits to draw.
function render(el, data) {
  const s = el.__svz;
  s.rect = null; // the reply may move the plot on the page
  // A canvas nobody drags takes Python's points with every reply it draws, as it takes its
  // figure: another view's drag moves them (until 2026-11-27 it kept the old points until the
  // release, and drew their arrows and handles there beside the new figure's labels and arcs).
  if (data.seq !== s.seq || !s.points || !s.dragging) {
    s.seq = data.seq;
    // Python may move the points mid-drag (the training lab steps while it plays): the handle
    // under the pointer stays where the pointer is.
    const held = s.dragging && s.points ? s.points[s.dragging] : null;
    s.points = clonePoints(data.points);
    if (held) s.points[s.dragging] = held;
    // A reply to an earlier release (or nudge) while a later one is unanswered: keep the later.
    const pending = s.pending;
    if (pending && (data.ack || 0) < pending.id && pending.name !== s.dragging && s.points[pending.name]) {
      s.points[pending.name] = [...pending.point];
    }
  }
  if (s.pending && (data.ack || 0) >= s.pending.id) s.pending = null;
  s.names = Object.keys(s.points);
  s.step = data.step || 0.01;
  s.clickable = Boolean(data.clickable);
  s.mode = data.mode || "free";
  s.snap = Boolean(data.snap);
  s.labels = data.labels || null;
  // The canvas's name, said on entering it: a handle's "w1 at (1.00, 2.00)" alone did not say
  // which of the 3D page's three projections it is on.
  if (s.labels && s.labels.name && el.getAttribute("aria-label") !== s.labels.name) {
    el.setAttribute("role", "group");
    el.setAttribute("aria-label", s.labels.name);
  }
  s.key = data.key;
  el.querySelector(".svz-save").textContent = data.save_label || "PNG";
  el.classList.toggle("svz-projector", Boolean(data.projector));
  const fig = JSON.parse(data.figure);
  s.handleLabels = handleLabels(fig.data);
  if (!s.dragging) showMode(el, s.mode);
  for (const [i, xs, ys] of handleCoords(fig.data, s.points, s.dragging)) {
    fig.data[i].x = xs;
    fig.data[i].y = ys;
  }
  const wrapAt = legendWrap(el, data);
  if (wrapAt) wrapNames(fig, wrapAt);
  fig.layout.margin = { ...fig.layout.margin, t: Math.max(fig.layout.margin?.t ?? 0, saveRoom(el, data)) };
  fig.layout.height = plotHeight(el, fig, data.height);
  if (s.dragging && s.dragRanges) {
    const [xr, yr] = s.dragRanges;
    fig.layout.xaxis = { ...fig.layout.xaxis, range: xr, autorange: false };
    fig.layout.yaxis = { ...fig.layout.yaxis, range: yr, autorange: false };
  }
  const config = {
    staticPlot: true,
    displaylogo: false,
    responsive: true,
    scrollZoom: false,
    doubleClick: false,
    modeBarButtonsToRemove: [
      "zoom2d",
      "pan2d",
      "select2d",
      "lasso2d",
      "zoomIn2d",
      "zoomOut2d",
      "autoScale2d",
      "resetScale2d",
    ],
  };
  const t0 = performance.now();
  s.drawn = { fig, config };
  return s.Plotly.react(s.gd, fig.data, fig.layout, config)
    .then(() => fit(el, data.height))
    .then(() => fitLegend(el, data))
    .then(() => {
      if (!s.decluttering) {
        // After every draw, Plotly's own on a resize too.
        s.decluttering = true;
        s.gd.on("plotly_afterplot", () => declutterSoon(el));
        declutterSoon(el);
      }
      s.drawnAt = performance.now();
      s.drawCost = s.drawnAt - t0;
      publish(el);
      if (s.dragging) moveOverlay(el);
      else hideOverlay(el);
      el.setAttribute("data-rendered", String(s.seq) + ":" + String(data.rev));
    });
}

// Python places the labels for a nominal plot (labels.py); on a much smaller one (a phone in
// present mode: 18 px text on a 240 px plot) they still met: "θ1 = 45.0°" under "w1", the
// projection's label over the axis name x₁, θ3 cut at the plot's left edge. There the labels that
// GIVE_WAY (their numbers are in the table), in this order, are hidden where they touch a handle's
// name, an axis name or a label kept before them, or leave the plot.
const GIVE_WAY = ["projection-label", "arc"];
const TOUCH_PX = 0.5;

// Once the frame that shows the draw is painted: measured at once, the texts' boxes made the
// browser lay out the page before the reply's table was drawn (a release's numbers came ~10 ms
// later on the explorer).
// data-labels says how many it hid, once it has looked (tests wait for it).
function declutterSoon(el) {
  const s = el.__svz;
  el.removeAttribute("data-labels");
  if (s.declutterDue) return;
  s.declutterDue = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      s.declutterDue = false;
      el.setAttribute("data-labels", String(declutter(s)));
    }, 0),
  );
}

function declutter(s) {
  const size = s.gd._fullLayout && s.gd._fullLayout._size;
  const svg = s.gd.querySelector(".main-svg");
  if (!size || !svg) return 0;
  const base = svg.getBoundingClientRect();
  const plot = { left: base.left + size.l, right: base.left + size.l + size.w, top: base.top + size.t };
  plot.bottom = plot.top + size.h;
  const kept = [...s.gd.querySelectorAll(".annotation-text-g text")];
  const yielding = [];
  for (const g of s.gd.querySelectorAll(".scatterlayer .trace")) {
    const meta = g.__data__ && g.__data__[0] && g.__data__[0].trace.meta;
    const rank = GIVE_WAY.indexOf(meta && meta.role);
    for (const t of g.querySelectorAll(".textpoint text")) {
      if (!t.textContent.trim()) continue;
      t.style.visibility = "";
      if (rank < 0) kept.push(t);
      else yielding.push([rank, t]);
    }
  }
  const boxes = kept.map((t) => t.getBoundingClientRect());
  const meets = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > TOUCH_PX &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > TOUCH_PX;
  const out = (r) =>
    r.left < plot.left - TOUCH_PX || r.right > plot.right + TOUCH_PX ||
    r.top < plot.top - TOUCH_PX || r.bottom > plot.bottom + TOUCH_PX;
  yielding.sort((a, b) => a[0] - b[0]); // stable: the arcs keep their classes' order
  let hidden = 0;
  for (const [, t] of yielding) {
    const r = t.getBoundingClientRect();
    if (out(r) || boxes.some((b) => meets(r, b))) {
      t.style.visibility = "hidden";
      hidden += 1;
    } else boxes.push(r);
  }
  return hidden;
}

// A legend entry wider than the canvas (present mode's larger text on a phone; names Python
// wraps for a phone's normal text) ran past its right edge, where the SVG cut it. After a draw
// that cut one, the names are wrapped to the canvas's width (legend_fit.js) and drawn again; the
// width is kept for the canvas's width and text size, so later replies are wrapped at once. Not
// while dragging: a reply then is drawn once, as cheaply as it can be.
function legendWrap(el, data) {
  const kept = el.__svz.legendFit;
  return kept && kept.width === el.clientWidth && kept.projector === Boolean(data.projector) ? kept.em : 0;
}

function fitLegend(el, data) {
  const s = el.__svz;
  if (s.dragging) return null;
  const em = room(s.gd, ".legend .legendtext");
  if (!em) return null;
  s.legendFit = { width: el.clientWidth, projector: Boolean(data.projector), em: least(em, legendWrap(el, data)) };
  const { fig, config } = s.drawn;
  wrapNames(fig, s.legendFit.em);
  return s.Plotly.react(s.gd, fig.data, fig.layout, config).then(() => fit(el, data.height));
}

// A plot of equal axes (a plane) is as tall as its square needs, at most the height Python asks
// for: in a narrow column (a phone, or beside the table at 1024 px) a 560 px canvas held a 320 px
// square with 120 px blank above and below it. plotHeight is the height to draw with: the last
// fit's, or before the first draw an estimate from the figure's margins (the element's width is
// read once, for it); fit then measures Plotly's own layout (its automargins) and corrects it: a
// second draw, so only where the first height is off by more than FIT_SLACK_PX (the automargins
// add ~3 px; a legend below the plot, which the estimate cannot know, much more: none is made).
const FIT_SLACK_PX = 8;
const SAVE_ROOM_PX = 30; // the PNG button's room while it cannot be measured (its normal size)

function plotHeight(el, fig, max) {
  const s = el.__svz;
  if (s.fit && s.fit.max === max) return s.fit.height;
  const ratio = aspect(fig.layout.xaxis, fig.layout.yaxis);
  if (!ratio || fig.layout.showlegend) return max;
  const m = fig.layout.margin || {};
  const width = el.clientWidth - (m.l ?? 80) - (m.r ?? 80);
  return width > 0 ? Math.min(max, Math.ceil(width * ratio + (m.t ?? 100) + (m.b ?? 80))) : max;
}

// The plot starts below the PNG button: over the plot's top right corner it took the pointer from
// a handle dragged there. Its height is read once per text size (present mode's is larger), and
// not while it is hidden (a canvas that could not draw hides it until it draws).
function saveRoom(el, data) {
  const s = el.__svz;
  const key = Boolean(data.projector);
  if (!s.saveRoom || s.saveRoom.key !== key) {
    const save = el.querySelector(".svz-save");
    if (!save.offsetHeight) return SAVE_ROOM_PX;
    s.saveRoom = { key, px: save.offsetTop + save.offsetHeight + 3 };
  }
  return s.saveRoom.px;
}

function aspect(xa, ya) {
  if (!xa || !ya || ya.scaleanchor !== "x" || !xa.range || !ya.range) return null;
  const dx = Math.abs(xa.range[1] - xa.range[0]);
  return dx > 0 ? (Math.abs(ya.range[1] - ya.range[0]) / dx) * (ya.scaleratio || 1) : null;
}

function roomBelow(el, max) {
  if (window.innerHeight > window.innerWidth) return Infinity;
  const top = el.getBoundingClientRect().top + window.scrollY;
  return Math.max(max, Math.floor(window.innerHeight - top));
}

function fit(el, max) {
  const s = el.__svz;
  const fl = s.gd._fullLayout;
  const ratio = aspect(fl.xaxis, fl.yaxis);
  // A legend wrapped to the canvas (fitLegend) is taller than Python planned for: on a portrait
  // screen (a phone, where the page scrolls) the canvas grows past the height it asks for, rather
  // than its plane shrinking to a third of the width; on a landscape one (a projector) it keeps
  // to the screen's height below its top, where it is meant to be seen whole.
  const most = s.legendFit && s.legendFit.width === el.clientWidth ? roomBelow(el, max) : max;
  const wanted = ratio ? Math.min(most, Math.ceil(fl._size.t + fl._size.b + fl._size.w * ratio)) : max;
  // Near enough: keep the height drawn (and the next replies keep it too), no second draw.
  const height = Math.abs(wanted - fl.height) <= FIT_SLACK_PX ? fl.height : wanted;
  s.fit = { max, height };
  el.style.minHeight = height + "px";
  if (height === fl.height) return null;
  // A react, not a relayout: Plotly.relayout of the height pins the width too, and the plot then
  // kept its width when the window's changed.
  const { fig, config } = s.drawn;
  fig.layout = { ...fig.layout, height };
  return s.Plotly.react(s.gd, fig.data, fig.layout, config);
}

// While dragged, Python's replies are drawn at most once per this many ms (canvas.py, redraw_gap_ms).
function redrawGap(s) {
  return s.latest.redraw_gap_ms ? Math.max(s.latest.redraw_gap_ms, 2 * s.drawCost) : 0;
}

function nextDraw(s, draw) {
  // While dragged, a reply waits out the redraw gap; a newer one replaces it.
  const gap = s.dragging ? redrawGap(s) : 0;
  const due = s.drawnAt + gap - performance.now();
  if (gap && due > 0) {
    setTimeout(() => nextDraw(s, draw), due);
    return;
  }
  const mine = s.dragging || s.releaseId;
  const otherDragged = !mine && document.documentElement.hasAttribute(MARKS.dragging);
  if (otherDragged && window.requestIdleCallback) window.requestIdleCallback(draw, { timeout: IDLE_DRAW_MS });
  else requestAnimationFrame(draw);
}

// The reply to draw: ``data`` itself, or with the figure drawn last when Python sent the numbers
// only (ui/callbacks.py: draws) and moved the points (seq); null when there is nothing new to draw.
function withFigure(s, data) {
  if (data.figure != null) {
    s.figure = { figure: data.figure, rev: data.rev };
    return data;
  }
  if (s.figure == null || data.seq === s.seq) return null;
  return { ...data, ...s.figure };
}

export default function (component, plotly) {
  const { data, parentElement, setTriggerValue } = component;
  const el = parentElement.querySelector("[data-testid='drag-canvas']");
  if (!el || !data) return;
  if (!el.__svz) {
    const gd = document.createElement("div");
    gd.className = "svz-plot";
    const overlay = document.createElementNS(SVG_NS, "svg");
    overlay.setAttribute("class", "svz-overlay");
    // The plot is static (no Plotly toolbar, for speed): its PNG download lives here instead.
    const save = document.createElement("button");
    save.className = "svz-save";
    save.type = "button";
    save.setAttribute("data-testid", "canvas-png");
    save.onclick = () => el.__svz.Plotly && el.__svz.Plotly.downloadImage(gd, { format: "png", filename: "softmaxviz" });
    // The focusable handles come before the PNG button: Tab goes w1, w2, w3, x, then PNG.
    const handleLayer = document.createElement("div");
    handleLayer.className = "svz-handles";
    const legend = document.createElement("div");
    legend.className = "svz-legend";
    legend.id = "svz-legend-" + (window.__softmaxvizCanvases = (window.__softmaxvizCanvases || 0) + 1);
    legend.setAttribute("data-testid", "canvas-legend");
    const legendMode = document.createElement("div");
    legendMode.className = "svz-mode";
    const legendKeys = document.createElement("div");
    legendKeys.className = "svz-keys";
    legend.append(legendMode, legendKeys);
    const live = document.createElement("div");
    live.className = "svz-live";
    live.setAttribute("role", "status");
    live.setAttribute("data-testid", "canvas-said");
    el.append(gd, overlay, handleLayer, legend, save, live);
    el.tabIndex = 0;
    el.__svz = {
      gd,
      save,
      overlay,
      handleLayer,
      handleEls: {},
      handleNames: [],
      handleLabels: {},
      legend,
      legendId: legend.id,
      legendMode,
      legendKeys,
      live,
      said: undefined,
      announce: undefined,
      mode: "free",
      snap: false,
      labels: null,
      dragMode: null,
      anchor: null,
      lastPointer: null,
      pending: null,
      overlayParts: null,
      seq: null,
      points: null,
      dragging: null,
      lastSent: 0,
      timer: null,
      // Continue the ids Python has seen (the element may be new in an old session).
      sendId: data.ack || 0,
      acked: data.ack || 0,
      window: MAX_IN_FLIGHT,
      clean: 0,
      waitingForAck: false,
      drawnAt: 0,
      drawCost: 0,
      drawAskedAt: undefined,
      askTimer: null,
      figure: null,
      toDraw: null,
      bound: false,
    };
  }
  const s = el.__svz;
  // The latest setter and data: this function runs again on every rerun.
  s.setTriggerValue = setTriggerValue;
  s.latest = data;
  if (!MARKS) window.addEventListener(data.marks.released, (ev) => settle(ev.detail)); // view3d.js's releases
  MARKS = data.marks;
  // The ack first, before any drawing: the next update leaves while this reply is drawn.
  ack(el, data);
  say(el, data);
  const reply = withFigure(s, data);
  if (!reply) return;
  s.toDraw = reply;
  if (!s.fit || s.fit.max !== data.height) el.style.minHeight = data.height + "px";
  loadPlotly(plotly)
    // Draw after the next frame: the rest of the rerun (the table) paints first.
    .then((Plotly) => new Promise((resolve) => nextDraw(s, () => resolve(Plotly))))
    .then((Plotly) => {
      s.Plotly = Plotly;
      if (s.toDraw !== reply) return null; // a newer rerun's call will draw
      // After a release, a reply to an older update is stale: skip its redraw, the final one is coming.
      if (s.bound && !s.dragging && (reply.ack || 0) < s.sendId && reply.seq === s.seq) {
        s.acked = Math.max(s.acked, reply.ack || 0);
        return null;
      }
      return render(el, reply).then(() => {
        el.querySelector(".svz-failed")?.remove();
        el.classList.remove("svz-broken");
        el.removeAttribute("data-error");
        if (!s.bound) {
          s.bound = true;
          bind(el);
        }
      });
    })
    .catch((err) => {
      // E.g. Plotly.js did not load (a dropped connection): say so where the plot would be. The
      // next reply tries again (loadPlotly forgets a failed load).
      const template = (data.labels && data.labels.failed) || "The plot could not be drawn ({error}).";
      let note = el.querySelector(".svz-failed");
      if (!note) {
        note = document.createElement("p");
        note.className = "svz-failed";
        note.setAttribute("role", "alert");
        el.appendChild(note);
      }
      note.textContent = template.replace("{error}", err && err.message ? err.message : String(err));
      el.classList.add("svz-broken"); // no legend or PNG button over a plot that is not there
      el.setAttribute("data-error", String(err));
    });
}
