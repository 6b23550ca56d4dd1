// Drag canvas: a Plotly figure whose named points can be dragged with the mouse.
//
// Python sends {figure (JSON string), points, seq, ack, step, height}. The
// figure's handle trace has meta.role == "handles" and meta.names; arrow traces
// have meta.role == "arrow" and meta.handle.
//
// While a drag runs, the dragged handle (and its arrow) is drawn by a light SVG
// overlay and hidden in Plotly, so following the pointer costs no Plotly redraw
// and leaves the main thread free for Streamlit's reruns. Throttled "points"
// triggers go to Python (one in flight at a time), and the release sends the
// final value. Points from Python are adopted only when `seq` changes (Reset,
// typed numbers), so a late reply to an old drag cannot undo a newer one.

const PLOTLY_SRC = "app/static/plotly.min.js";
const SEND_EVERY_MS = 100;
// At most one intermediate update in flight: the next waits for Python's ack
// (or this long), so a slow rerun never queues a backlog of stale ones.
const ACK_TIMEOUT_MS = 1000;
const HIT_RADIUS_PX = 18;
const SVG_NS = "http://www.w3.org/2000/svg";

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__softmaxvizPlotly) {
    window.__softmaxvizPlotly = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL(PLOTLY_SRC, document.baseURI).href;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => {
        window.__softmaxvizPlotly = null;
        reject(new Error("could not load " + PLOTLY_SRC));
      };
      document.head.appendChild(s);
    });
  }
  return window.__softmaxvizPlotly;
}

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
function toData(gd, clientX, clientY) {
  const [xa, ya] = axes(gd);
  const r = gd.getBoundingClientRect();
  return [xa.p2l(clientX - r.left - xa._offset), ya.p2l(clientY - r.top - ya._offset)];
}

function toLocal(gd, x, y) {
  const [xa, ya] = axes(gd);
  return [xa._offset + xa.l2p(x), ya._offset + ya.l2p(y)];
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
}

// Only the dragged handle goes to Python: the others may be older here than in the
// scene (another view moved them), and must not overwrite it.
function send(el, final) {
  const s = el.__svz;
  const name = s.dragging;
  s.lastSent = performance.now();
  s.sendId += 1;
  const points = { [name]: [...s.points[name]] };
  s.setTriggerValue("points", { points, id: s.sendId, final });
}

function inFlight(s) {
  return s.sendId > s.acked && performance.now() - s.lastSent < ACK_TIMEOUT_MS;
}

// Send an intermediate update once the interval has passed and the last one is acked.
function scheduleSend(el) {
  const s = el.__svz;
  if (s.timer || !s.dragging) return;
  const wait = Math.max(SEND_EVERY_MS - (performance.now() - s.lastSent), 0);
  s.timer = setTimeout(() => {
    s.timer = null;
    if (!s.dragging) return;
    if (inFlight(s)) {
      s.waitingForAck = true;
      return;
    }
    send(el, false);
  }, wait);
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

function moveOverlay(el) {
  const s = el.__svz;
  if (!s.overlayParts || !s.dragging) return;
  const { line, dot, text } = s.overlayParts;
  const p = s.points[s.dragging];
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
  const follow = (ev) => {
    // Past the edge the handle stays on it: the drag goes on, and nothing outside the view is set.
    const [x, y] = toData(gd, ev.clientX, ev.clientY);
    const [xa, ya] = axes(gd);
    const clamp = (v, range) => Math.min(Math.max(v, Math.min(...range)), Math.max(...range));
    s.points[s.dragging] = [roundTo(clamp(x, xa.range), s.step), roundTo(clamp(y, ya.range), s.step)];
    publish(el);
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
    s.dragging = name;
    el.setAttribute("data-dragging", name);
    gd.setPointerCapture(ev.pointerId);
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
    scheduleSend(el);
  };
  const onUp = (ev) => {
    if (!s.dragging) return;
    ev.preventDefault();
    ev.stopPropagation();
    // The release point is final: the browser may still hold back the last pointermove.
    if (ev.type === "pointerup") follow(ev);
    clearTimeout(s.timer);
    s.timer = null;
    s.waitingForAck = false;
    send(el, true);
    s.dragging = null;
    el.removeAttribute("data-dragging");
    gd.style.cursor = "";
    // The overlay keeps showing the handle until Python's reply redraws the figure:
    // no Plotly work here, so the release reaches Python sooner.
  };
  // Undo / redo where the canvas has focus (a click on it gives it focus).
  el.addEventListener("keydown", (ev) => {
    if (!(ev.ctrlKey || ev.metaKey) || ev.key.toLowerCase() !== "z") return;
    ev.preventDefault();
    s.historyId = (s.historyId || 0) + 1;
    s.setTriggerValue("history", { action: ev.shiftKey ? "redo" : "undo", id: s.historyId });
  });
  gd.addEventListener("pointerdown", onDown, true);
  gd.addEventListener("pointermove", onMove, true);
  gd.addEventListener("pointerup", onUp, true);
  gd.addEventListener("pointercancel", onUp, true);
}

function render(el, data) {
  const s = el.__svz;
  s.acked = Math.max(s.acked, data.ack || 0);
  if (s.waitingForAck && s.dragging) {
    s.waitingForAck = false;
    scheduleSend(el);
  }
  if (data.seq !== s.seq || !s.points) {
    s.seq = data.seq;
    // Python may move the points mid-drag (the training lab steps while it plays): the handle
    // under the pointer stays where the pointer is.
    const held = s.dragging && s.points ? s.points[s.dragging] : null;
    s.points = clonePoints(data.points);
    if (held) s.points[s.dragging] = held;
  }
  s.names = Object.keys(s.points);
  s.step = data.step || 0.01;
  s.clickable = Boolean(data.clickable);
  el.querySelector(".svz-save").textContent = data.save_label || "PNG";
  const fig = JSON.parse(data.figure);
  for (const [i, xs, ys] of handleCoords(fig.data, s.points, s.dragging)) {
    fig.data[i].x = xs;
    fig.data[i].y = ys;
  }
  fig.layout.height = data.height;
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
  return s.Plotly.react(s.gd, fig.data, fig.layout, config).then(() => {
    publish(el);
    if (s.dragging) moveOverlay(el);
    else hideOverlay(el);
    el.setAttribute("data-rendered", String(s.seq) + ":" + String(data.rev));
  });
}

export default function (component) {
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
    el.append(gd, overlay, save);
    el.tabIndex = 0;
    el.__svz = {
      gd,
      overlay,
      overlayParts: null,
      seq: null,
      points: null,
      dragging: null,
      lastSent: 0,
      timer: null,
      // Continue the ids Python has seen (the element may be new in an old session).
      sendId: data.ack || 0,
      acked: data.ack || 0,
      waitingForAck: false,
      bound: false,
    };
  }
  const s = el.__svz;
  // The latest setter and data: this function runs again on every rerun.
  s.setTriggerValue = setTriggerValue;
  s.latest = data;
  el.style.minHeight = data.height + "px";
  loadPlotly()
    // Draw after the next frame: the rest of the rerun (the table) paints first.
    .then((Plotly) => new Promise((resolve) => requestAnimationFrame(() => resolve(Plotly))))
    .then((Plotly) => {
      s.Plotly = Plotly;
      if (s.latest !== data) return null; // a newer rerun's call will draw
      // After a release, a reply to an older update is stale: skip its redraw, the final one is coming.
      if (s.bound && !s.dragging && (data.ack || 0) < s.sendId && data.seq === s.seq) {
        s.acked = Math.max(s.acked, data.ack || 0);
        return null;
      }
      return render(el, data).then(() => {
        if (!s.bound) {
          s.bound = true;
          bind(el);
        }
      });
    })
    .catch((err) => {
      el.setAttribute("data-error", String(err));
      el.textContent = String(err);
    });
}
