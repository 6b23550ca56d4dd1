// 3D view: an orthographic SVG projection with its own rotation. Drag the
// background to rotate; drag a tip to move it in the plane facing the viewer.
//
// Python sends {view, seq, ack, camseq, step, scale, height, key, rev, release, busy, marks,
// redraw_gap_ms}, where view is a JSON string of {points, camera, extent, colors, labels, sphere:
// {pts, colors}, polygons: [{v, color}], arcs: [{pts, color, label}]}, or null in a reply with the
// numbers only (a drag update asks for the view at most once per redraw_gap_ms: flight.js,
// asksToDraw). Points and camera are adopted only when seq / camseq change, so neither a late reply
// nor a rerun moves what the user is holding or the view.
// Drag updates go out as "points" triggers (the window of updates in flight is the canvas's,
// flight.js: three, one while Python's replies are busy; the next as soon as an ack makes room, at
// most one a frame; the final one on release); the camera goes out as a "camera" trigger on release.

import { MAX_IN_FLIGHT, adapt, askLater, asksToDraw, roomMade, scheduleSend } from "./flight.js";

const NS = "http://www.w3.org/2000/svg";
const HIT_RADIUS_PX = 16;
const ROTATE_PER_PX = 0.01;
// Arrow keys turn the view by this much (Shift: three times), and the camera goes to Python once
// the keys have rested this long: a held key repeats ~30 times a second.
const ROTATE_PER_KEY = Math.PI / 36;
const KEY_REST_MS = 400;
const TEXT = 100; // a label placed over text or a handle costs more than over any number of lines

function basis(az, el) {
  const ca = Math.cos(az);
  const sa = Math.sin(az);
  const ce = Math.cos(el);
  const se = Math.sin(el);
  return {
    right: [-sa, ca, 0],
    up: [-se * ca, -se * sa, ce],
    toward: [ce * ca, ce * sa, se],
  };
}

const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

function project(s, p) {
  const b = basis(s.camera[0], s.camera[1]);
  return [s.cx + s.scale * dot(p, b.right), s.cy - s.scale * dot(p, b.up), dot(p, b.toward)];
}

// A white outline painted under a text's fill: readable over the sphere's dots and the planes.
const HALO = { stroke: "#fff", "stroke-width": 3, "stroke-linejoin": "round", "paint-order": "stroke" };

function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

// A text's box [x0, x1, y0, y1] at baseline-left (x, y), estimated (no layout forced mid-drag).
function textBox(x, y, text, size) {
  return [x, x + 0.6 * size * text.length, y - size, y + 0.25 * size];
}

// A handle's name: up and right of its tip, else the corner around it that meets the least of
// `taken` and stays in the view (x⁽⁴⁾ of the 3D matrix view was cut to "x⁽⁴", and x⁽²⁾ and x⁽⁵⁾
// were drawn over each other). Returns the text's start [x, y].
function placeName(x, y, text, k, w, h, taken) {
  const size = 15 * k;
  const width = 0.6 * size * text.length;
  let best = null;
  let bestCost = Infinity;
  for (const [dx, dy] of [[1, -1], [-1, -1], [1, 1], [-1, 1]]) {
    const tx = dx > 0 ? x + 10 * k : x - 10 * k - width;
    const ty = dy < 0 ? y - 10 * k : y + 10 * k + size;
    const box = textBox(tx, ty, text, size);
    const outside = box[0] < 2 || box[1] > w - 2 || box[2] < 2 || box[3] > h - 2;
    const cost = taken.reduce((c, b) => c + (clash(b, box) ? b[4] : 0), outside ? 10 * TEXT : 0);
    if (cost < bestCost) [best, bestCost] = [[tx, ty], cost];
  }
  return best;
}

const pad = (box, p) => [box[0] - p, box[1] + p, box[2] - p, box[3] + p];

const clash = (a, b) => Math.min(a[1], b[1]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[2], b[2]);

// Where an arc's label goes: beside a point along the arc (its middle first), the place whose box
// meets the least of `taken` ([x0, x1, y0, y1, weight]: a text or a handle outweighs any line)
// and stays in the view (`bounds`, [x0, x1, y0, y1]); null where every place meets a text or a
// handle or leaves the view: on a small view (a phone in present mode) "θ2 = 25.9°" lay on
// "θ1 = 44.7°". The label is then left out; its number is in the table.
function placeLabel(pts, text, size, taken, bounds) {
  const w = 0.6 * size * text.length;
  let best = null;
  let bestCost = TEXT;
  for (const f of [0.5, 0.35, 0.65, 0.2, 0.8, 0.05, 0.95]) {
    const [px, py] = pts[Math.floor((pts.length - 1) * f)];
    const xs = [px + 4, px - w - 4, px - w / 2];
    const ys = [py - 4, py + size + 2, py - size - 6, py + 2 * size + 4];
    for (const [x, y] of ys.flatMap((y) => xs.map((x) => [x, y]))) {
      const box = textBox(x, y, text, size);
      if (box[0] < bounds[0] || box[1] > bounds[1] || box[2] < bounds[2] || box[3] > bounds[3]) continue;
      const cost = taken.reduce((c, b) => c + (clash(b, box) ? b[4] : 0), 0);
      if (cost === 0) return [x, y];
      if (cost < bestCost) [best, bestCost] = [[x, y], cost];
    }
  }
  return best;
}

// The sphere's hundreds of dots, the border polygons and the axes go to a <canvas> under the SVG:
// as SVG nodes, made afresh on every frame of a drag, they cost the page most of its main thread.
function paint(s, w, h, k) {
  const d = s.data;
  const dpr = window.devicePixelRatio || 1;
  const cv = s.canvas;
  if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
    cv.width = Math.round(w * dpr);
    cv.height = Math.round(h * dpr);
    cv.style.width = w + "px";
    cv.style.height = h + "px";
  }
  const ctx = cv.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const E = extent(s);
  // Axes, faint (their names are SVG text, drawn over).
  ctx.globalAlpha = 1;
  ctx.strokeStyle = "#bbb";
  ctx.lineWidth = 1;
  for (const end of [[E, 0, 0], [0, E, 0], [0, 0, E]]) {
    const [x0, y0] = project(s, end.map((v) => -v));
    const [x1, y1] = project(s, end);
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  }
  // Border polygons, translucent, farthest first.
  const polys = (d.polygons || []).map((pg) => {
    const pts = pg.v.map((p) => project(s, p));
    return { pts, color: pg.color, depth: pts.reduce((a, q) => a + q[2], 0) / pts.length };
  });
  polys.sort((a, b) => a.depth - b.depth);
  for (const pg of polys) {
    ctx.beginPath();
    pg.pts.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
    ctx.fillStyle = ctx.strokeStyle = pg.color;
    ctx.globalAlpha = 0.16;
    ctx.fill();
    ctx.globalAlpha = 0.5;
    ctx.stroke();
  }
  // The painted sphere: back half faint, front half solid, far dots first.
  const sp = d.sphere || { pts: [], colors: [] };
  const dots = sp.pts.map((p, i) => [project(s, p), sp.colors[i]]);
  dots.sort((a, b) => a[0][2] - b[0][2]);
  for (const [[x, y, z], c] of dots) {
    ctx.globalAlpha = z < 0 ? 0.25 : 0.9;
    ctx.fillStyle = c;
    ctx.beginPath();
    ctx.arc(x, y, 3.2 * k, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

// The view's half-width in data units: Python's, except during a drag, which keeps the one it
// began with. Python widens it to the farthest vector, and a reply that did so mid-drag shrank the
// view under the pointer: the tip left it, 40-80 px off, and a long drag ran away (each wider view
// moved the tip farther per pixel). The release's reply brings the new width.
function extent(s) {
  return s.dragExtent || s.data.extent;
}

const MIN_HEIGHT_PX = 240;

function draw(root) {
  const s = root.__v3;
  const d = s.data;
  const svg = s.svg;
  const w = root.clientWidth || 600;
  // As tall as its square view needs, at most the height Python asks: in a narrow column (a phone,
  // or beside the table at 1024 px) a 560 px view held a 320 px sphere with blank above and below.
  const h = Math.min(d.height, Math.max(MIN_HEIGHT_PX, Math.round(w)));
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  s.cx = w / 2;
  s.cy = h / 2;
  const E = extent(s);
  s.scale = (Math.min(w, h) / 2 - 24) / (E * 1.05);
  svg.textContent = "";
  const k = d.scale || 1; // projector mode: thicker lines, bigger dots and text
  paint(s, w, h, k);
  // The arcs' labels go where they clash with no handle, name or earlier label: the arcs
  // of x to each w start at the same point, and their middles often meet near the origin.
  const [ox, oy] = project(s, [0, 0, 0]);
  const taken = s.names.flatMap((name) => {
    const [x, y] = project(s, s.points[name]);
    const r = 9 * k;
    // The line from the origin, as small boxes every 4 px along it (drawn over the labels). Five
    // boxes in all let an angle's label sit across w2's arrow between two of them.
    const n = Math.max(2, Math.floor(Math.hypot(x - ox, y - oy) / 4));
    const line = Array.from({ length: n - 1 }, (_, i) => {
      const f = (i + 1) / n;
      const [lx, ly] = [ox + (x - ox) * f, oy + (y - oy) * f];
      return [lx - 2, lx + 2, ly - 2, ly + 2, 1];
    });
    return [[x - r, x + r, y - r, y + r, TEXT], ...line];
  });
  // The axes' names at their positive ends.
  [
    [[E, 0, 0], "x₁"],
    [[0, E, 0], "x₂"],
    [[0, 0, E], "x₃"],
  ].forEach(([end, name]) => {
    const [x1, y1] = project(s, end);
    el("text", { x: x1 + 4, y: y1 - 4, fill: "#888", "font-size": 13 * k }, svg).textContent = name;
    taken.push([...textBox(x1 + 4, y1 - 4, name, 13 * k), TEXT]);
  });
  // The names, in the handles' order, each clear of the markers, the lines, the axes' names and
  // the names placed before it.
  const namedAt = {};
  const nameOf = (name) => String(d.labels[name] ?? name);
  for (const name of s.names) {
    const [x, y] = project(s, s.points[name]);
    namedAt[name] = placeName(x, y, nameOf(name), k, w, h, taken);
    // With a gap around it: "w3" and "x⁽³⁾" 2 px apart read as one word.
    taken.push([...pad(textBox(...namedAt[name], nameOf(name), 15 * k), 3 * k), TEXT]);
  }
  const arcs = (d.arcs || []).map((arc) => ({ ...arc, pts: arc.pts.map((p) => project(s, p)) }));
  const labels = []; // drawn last, over the arrows: where a label must cross one, it stays legible
  for (const { pts } of arcs) {
    for (let i = 0; i < pts.length; i += Math.max(1, Math.floor(pts.length / 8))) {
      taken.push([pts[i][0] - 1.5, pts[i][0] + 1.5, pts[i][1] - 1.5, pts[i][1] + 1.5, 1]);
    }
  }
  for (const arc of arcs) {
    const pts = arc.pts;
    if (!pts.length) continue;
    el(
      "polyline",
      { points: pts.map((q) => q[0] + "," + q[1]).join(" "), fill: "none", stroke: arc.color, "stroke-width": 1.5 },
      svg,
    );
    const at = placeLabel(pts, arc.label, 12 * k, taken, [0, w, 0, h]);
    if (!at) continue;
    const [x, y] = at;
    taken.push([...textBox(x, y, arc.label, 12 * k), TEXT]);
    labels.push([x, y, arc]);
  }
  // Arrows from the origin for the weights, a dot for x; the handles.
  for (const name of s.names) {
    const [x, y] = project(s, s.points[name]);
    const color = d.colors[name];
    if (name.startsWith("w")) {
      el("line", { x1: ox, y1: oy, x2: x, y2: y, stroke: color, "stroke-width": 3 * k }, svg);
      // An arrowhead just short of the handle ring, pointing away from the origin.
      const len = Math.hypot(x - ox, y - oy);
      if (len > 24) {
        const ux = (x - ox) / len;
        const uy = (y - oy) / len;
        const ax = x - ux * 8;
        const ay = y - uy * 8;
        const bx = ax - ux * 13;
        const by = ay - uy * 13;
        const head = [
          [ax, ay],
          [bx - uy * 5.5, by + ux * 5.5],
          [bx + uy * 5.5, by - ux * 5.5],
        ];
        el("polygon", { points: head.map((q) => q.join(",")).join(" "), fill: color }, svg);
      }
      el("circle", { cx: x, cy: y, r: 8 * k, fill: "#fff", stroke: color, "stroke-width": 2.5 * k }, svg);
    } else {
      el("line", { x1: ox, y1: oy, x2: x, y2: y, stroke: color, "stroke-width": 1.5, "stroke-dasharray": "4 3" }, svg);
      el("circle", { cx: x, cy: y, r: 8 * k, fill: color, stroke: "#fff", "stroke-width": 2 * k }, svg);
    }
  }
  // The texts over every line (an arrow drawn later crossed "θ2 = 25.9°" and an earlier name), each
  // on a white halo: the angle labels sit over the sphere's coloured dots too.
  for (const [x, y, arc] of labels) {
    el("text", { x, y, fill: arc.color, "font-size": 12 * k, ...HALO }, svg).textContent = arc.label;
  }
  for (const name of s.names) {
    const [tx, ty] = namedAt[name];
    const attrs = { x: tx, y: ty, fill: d.colors[name], "font-size": 15 * k, ...HALO };
    el("text", attrs, svg).textContent = nameOf(name);
  }
  publish(root);
}

// What the view holds, for tests and benches: attributes no style reads, so setting them needs no frame.
function publish(root) {
  root.setAttribute("data-points", JSON.stringify(root.__v3.points));
  root.setAttribute("data-camera", JSON.stringify(root.__v3.camera));
}

function hit(root, ev) {
  const s = root.__v3;
  const r = s.svg.getBoundingClientRect();
  let best = null;
  let bestD = HIT_RADIUS_PX;
  for (const name of s.names) {
    const [x, y] = project(s, s.points[name]);
    const dd = Math.hypot(ev.clientX - r.left - x, ev.clientY - r.top - y);
    if (dd <= bestD) {
      bestD = dd;
      best = name;
    }
  }
  return best;
}

// Only the dragged point goes to Python: the others may be older here than in the scene.
function send(root, final) {
  const s = root.__v3;
  const name = s.dragging;
  s.lastSent = performance.now();
  s.sendId += 1;
  // The view only as often as it is worth drawing: flight.js, asksToDraw.
  const gap = s.data.redraw_gap_ms || 0;
  const draw = asksToDraw(s, final, gap);
  const update = { points: { [name]: [...s.points[name]] }, id: s.sendId, final, draw };
  if (!update.draw) askLater(s, gap, () => scheduleSend(s, () => send(root, false)));
  s.setTriggerValue("points", update);
  // Unanswered (a restarted server drops fragment runs): app.py's resend channel, as canvas.js.
  if (final) window.__softmaxvizResend?.({ ...update, key: s.data.key }, () => s.acked >= update.id);
}

function round(v, step) {
  return Number((Math.round(v / step) * step).toPrecision(12));
}

// Where a tip that started at p0 goes when the pointer asks for q: "rotate" keeps |p0| (q's
// direction, not rounded: rounding each coordinate would move it off its sphere), "scale" keeps
// p0's direction (q's projection on it, rounded to the step and at least one step: it stays on
// its ray), "free" is q rounded to the step. A tip at the origin has no sphere or ray: free.
function constrained(p0, q, mode, step) {
  const r0 = Math.hypot(...p0);
  if (mode === "rotate" && r0 > 0) {
    const r = Math.hypot(...q);
    return r > 0 ? q.map((v) => (v * r0) / r) : p0.slice();
  }
  if (mode === "scale" && r0 > 0) {
    const t = Math.max(round(q.reduce((sum, v, i) => sum + (v * p0[i]) / r0, 0), step), step);
    return p0.map((v) => (v / r0) * t);
  }
  return q.map((v) => round(v, step));
}

// A camera at azimuth az (wrapped into (-pi, pi]) and elevation el (short of either pole).
function aimed(az, el) {
  return [Math.atan2(Math.sin(az), Math.cos(az)), Math.max(-1.55, Math.min(1.55, el))];
}

// The camera after an arrow key (turning as a drag to that side would), or null for other keys.
export function turned(camera, key, shift) {
  const step = ROTATE_PER_KEY * (shift ? 3 : 1);
  const turns = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  return turns[key] ? aimed(camera[0] + turns[key][0], camera[1] + turns[key][1]) : null;
}

function bind(root) {
  const s = root.__v3;
  const svg = s.svg;
  // Keyboard: focus the view (Tab) and turn it with the arrow keys; its tips are moved on the
  // page's projections and inputs.
  root.tabIndex = 0;
  root.addEventListener("keydown", (ev) => {
    if (s.dragging || s.rotating || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const camera = turned(s.camera, ev.key, ev.shiftKey);
    if (!camera) return;
    ev.preventDefault();
    s.camera = camera;
    draw(root);
    clearTimeout(s.keyTimer);
    s.keyTimer = setTimeout(() => {
      s.setTriggerValue("camera", s.camera.map((v) => Number(v.toFixed(4))));
    }, KEY_REST_MS);
  });
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    ev.preventDefault();
    const name = hit(root, ev);
    s.start = { x: ev.clientX, y: ev.clientY, camera: s.camera.slice(), point: name && s.points[name].slice() };
    if (name) {
      s.dragging = name;
      s.dragExtent = s.data.extent;
      root.setAttribute("data-dragging", name);
      // canvas.js: the page's other views draw when idle until this drag's release is answered.
      document.documentElement.setAttribute(s.data.marks.dragging, "");
    } else {
      s.rotating = true;
    }
    // Window listeners, not pointer capture: see canvas.js's pointerdown.
    window.addEventListener("pointermove", onMove, true);
    window.addEventListener("pointerup", up, true);
    window.addEventListener("pointercancel", up, true);
  });
  const move = (ev) => {
    const dx = ev.clientX - s.start.x;
    const dy = ev.clientY - s.start.y;
    if (s.dragging) {
      // Move in the plane facing the viewer: screen right and up, in data units; then as the
      // drag's mode says (view3d.py's docstring).
      const b = basis(s.camera[0], s.camera[1]);
      const p0 = s.start.point;
      const q = [0, 1, 2].map((i) => p0[i] + (dx * b.right[i] - dy * b.up[i]) / s.scale);
      s.points[s.dragging] = constrained(p0, q, ev.shiftKey ? "rotate" : ev.altKey ? "scale" : s.data.mode, s.data.step);
    } else if (s.rotating) {
      s.camera = aimed(s.start.camera[0] - dx * ROTATE_PER_PX, s.start.camera[1] + dy * ROTATE_PER_PX);
    }
  };
  svg.addEventListener("pointermove", (ev) => {
    if (!s.dragging && !s.rotating) svg.style.cursor = hit(root, ev) ? "grab" : "move";
  });
  const onMove = (ev) => {
    move(ev);
    if (!s.frame) {
      s.frame = requestAnimationFrame(() => {
        s.frame = 0;
        draw(root);
      });
    }
    if (s.dragging) scheduleSend(s, () => send(root, false));
  };
  const up = (ev) => {
    if (!s.dragging && !s.rotating) return;
    window.removeEventListener("pointermove", onMove, true);
    window.removeEventListener("pointerup", up, true);
    window.removeEventListener("pointercancel", up, true);
    if (ev.type === "pointerup") move(ev);
    clearTimeout(s.timer);
    s.timer = null;
    s.waitingForAck = false;
    cancelAnimationFrame(s.frame); // drawn below, once the release has left
    s.frame = 0;
    publish(root);
    if (s.dragging) {
      send(root, true);
      s.releaseId = s.sendId; // marks.dragging goes when Python answers it
      s.dragging = null;
      s.dragExtent = null;
    } else {
      s.rotating = false;
      s.setTriggerValue("camera", s.camera.map((v) => Number(v.toFixed(4))));
    }
    // The view changes after Streamlit's timer has sent the release (canvas.js's onUp).
    setTimeout(() => {
      if (s.dragging || s.rotating) return; // a new drag has begun
      root.removeAttribute("data-dragging");
      draw(root);
    }, 0);
  };
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector("[data-testid='view3d']");
  if (!root || !component.data) return;
  // The view (points, camera, sphere, ...) comes as one JSON string (view3d.py says why), or null
  // in a reply with the numbers only (ui/callbacks.py: draws): then the view keeps what it draws.
  const light = component.data.view == null;
  const view = light ? root.__v3?.view : JSON.parse(component.data.view);
  if (!view) return;
  const data = { ...component.data, ...view };
  if (!root.__v3) {
    const canvas = document.createElement("canvas");
    const svg = document.createElementNS(NS, "svg");
    svg.style.touchAction = "none";
    svg.style.userSelect = "none";
    root.append(canvas, svg);
    root.__v3 = {
      svg,
      canvas,
      seq: null,
      camseq: null,
      sendId: data.ack || 0,
      acked: data.ack || 0,
      lastSent: 0,
      window: MAX_IN_FLIGHT,
      clean: 0,
    };
    root.__v3.bound = false;
  }
  const s = root.__v3;
  // Test and bench hook: data -> client pixels with the current camera.
  s.toClient = (p) => {
    const r = s.svg.getBoundingClientRect();
    const [x, y] = project(s, p);
    return [r.left + x, r.top + y];
  };
  s.setTriggerValue = setTriggerValue;
  s.data = data;
  if (data.label && root.getAttribute("aria-label") !== data.label) {
    root.setAttribute("role", "application");
    root.setAttribute("aria-label", data.label);
  }
  s.view = view;
  adapt(s, data);
  s.acked = Math.max(s.acked, data.ack || 0);
  if (s.releaseId && !s.dragging && s.acked >= s.releaseId) {
    s.releaseId = 0;
    document.documentElement.removeAttribute(data.marks.dragging);
    // canvas.js dims what layout.settled shows until the page's full run has redrawn it.
    window.dispatchEvent(new CustomEvent(data.marks.released, { detail: data.release || 0 }));
  }
  roomMade(s, () => send(root, false));
  // After a release, a reply to an older update is stale (its ack is older than the release):
  // skip its redraw, which costs more than the rest of the reply, the release's own is coming.
  const stale = s.bound && !s.dragging && (data.ack || 0) < s.sendId && data.seq === s.seq;
  // A light reply's points and camera are the last view's: the next view brings any new ones. A
  // view nobody drags takes Python's points with every view it draws (another view's drag moves
  // them); the one being dragged only when Python moved them itself (seq).
  if (!light && !stale && (data.seq !== s.seq || !s.dragging)) {
    s.seq = data.seq;
    s.points = JSON.parse(JSON.stringify(data.points));
  }
  if (!light && data.camseq !== s.camseq) {
    s.camseq = data.camseq;
    s.camera = data.camera.slice();
  }
  s.names = Object.keys(s.points);
  if (!s.bound) {
    s.bound = true;
    bind(root);
    new ResizeObserver(() => draw(root)).observe(root);
  }
  if (stale || light) return;
  draw(root);
  root.setAttribute("data-rendered", String(data.rev));
}
