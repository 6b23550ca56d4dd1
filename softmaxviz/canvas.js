// Drag canvas: a Plotly figure whose named points can be dragged with the mouse.
//
// Python sends {figure (JSON string), points, seq, step, height}. The figure's
// handle trace has meta.role == "handles" and meta.names; arrow traces have
// meta.role == "arrow" and meta.handle. While a drag runs, this code moves
// those locally and sends throttled "points" triggers; Python answers with a
// new figure. Points from Python are adopted only when `seq` changes (Reset,
// typed numbers), so a late reply to an old drag cannot undo a newer one.

const PLOTLY_SRC = "app/static/plotly.min.js";
const SEND_EVERY_MS = 100;
const HIT_RADIUS_PX = 18;

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

// Place the local handle positions into the figure's handle and arrow traces.
function overlayPoints(traces, points) {
  traces.forEach((tr) => {
    const meta = tr.meta || {};
    if (meta.role === "handles") {
      tr.x = meta.names.map((n) => points[n][0]);
      tr.y = meta.names.map((n) => points[n][1]);
    } else if (meta.role === "arrow" && points[meta.handle]) {
      tr.x = [0, points[meta.handle][0]];
      tr.y = [0, points[meta.handle][1]];
    }
  });
}

function axes(gd) {
  const fl = gd._fullLayout;
  return fl && fl.xaxis && fl.yaxis ? [fl.xaxis, fl.yaxis] : null;
}

// Pointer position -> data coordinates, through each axis' own offset and length.
function toData(gd, clientX, clientY) {
  const [xa, ya] = axes(gd);
  const r = gd.getBoundingClientRect();
  return [xa.p2l(clientX - r.left - xa._offset), ya.p2l(clientY - r.top - ya._offset)];
}

function toClient(gd, x, y) {
  const [xa, ya] = axes(gd);
  const r = gd.getBoundingClientRect();
  return [r.left + xa._offset + xa.l2p(x), r.top + ya._offset + ya.l2p(y)];
}

function hitTest(el, ev) {
  const s = el.__svz;
  if (!axes(s.gd)) return null;
  let best = null;
  let bestD = HIT_RADIUS_PX;
  // Later names win ties, so x (drawn on top) is grabbed before a weight tip under it.
  for (const name of s.names) {
    const p = s.points[name];
    if (!p) continue;
    const [cx, cy] = toClient(s.gd, p[0], p[1]);
    const d = Math.hypot(ev.clientX - cx, ev.clientY - cy);
    if (d <= bestD) {
      bestD = d;
      best = name;
    }
  }
  return best;
}

function publish(el) {
  const s = el.__svz;
  el.setAttribute("data-points", JSON.stringify(s.points));
}

function send(el, final) {
  const s = el.__svz;
  s.lastSent = performance.now();
  s.sendId += 1;
  s.setTriggerValue("points", { points: clonePoints(s.points), id: s.sendId, final });
}

function redrawHandles(el) {
  const s = el.__svz;
  const gd = s.gd;
  const idx = [];
  const xs = [];
  const ys = [];
  gd.data.forEach((tr, i) => {
    const meta = tr.meta || {};
    if (meta.role === "handles") {
      idx.push(i);
      xs.push(meta.names.map((n) => s.points[n][0]));
      ys.push(meta.names.map((n) => s.points[n][1]));
    } else if (meta.role === "arrow" && s.points[meta.handle]) {
      idx.push(i);
      xs.push([0, s.points[meta.handle][0]]);
      ys.push([0, s.points[meta.handle][1]]);
    }
  });
  if (idx.length) s.Plotly.restyle(gd, { x: xs, y: ys }, idx);
}

function bind(el) {
  const s = el.__svz;
  const gd = s.gd;
  let frame = 0;
  const onDown = (ev) => {
    if (ev.button !== 0) return;
    const name = hitTest(el, ev);
    if (!name) return;
    // Keep Plotly's own drag layer (zoom/pan) out of it.
    ev.preventDefault();
    ev.stopPropagation();
    s.dragging = name;
    el.setAttribute("data-dragging", name);
    gd.setPointerCapture(ev.pointerId);
  };
  const follow = (ev) => {
    const [x, y] = toData(gd, ev.clientX, ev.clientY);
    s.points[s.dragging] = [roundTo(x, s.step), roundTo(y, s.step)];
    publish(el);
  };
  const onMove = (ev) => {
    if (!s.dragging) {
      gd.style.cursor = hitTest(el, ev) ? "grab" : "";
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
    follow(ev);
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        redrawHandles(el);
      });
    }
    const wait = SEND_EVERY_MS - (performance.now() - s.lastSent);
    if (wait <= 0) {
      clearTimeout(s.timer);
      s.timer = null;
      send(el, false);
    } else if (!s.timer) {
      s.timer = setTimeout(() => {
        s.timer = null;
        if (s.dragging) send(el, false);
      }, wait);
    }
  };
  const onUp = (ev) => {
    if (!s.dragging) return;
    ev.preventDefault();
    ev.stopPropagation();
    // The release point is final: the browser may still hold back the last pointermove.
    if (ev.type === "pointerup") follow(ev);
    clearTimeout(s.timer);
    s.timer = null;
    s.dragging = null;
    el.removeAttribute("data-dragging");
    gd.style.cursor = "";
    redrawHandles(el);
    send(el, true);
  };
  gd.addEventListener("pointerdown", onDown, true);
  gd.addEventListener("pointermove", onMove, true);
  gd.addEventListener("pointerup", onUp, true);
  gd.addEventListener("pointercancel", onUp, true);
}

function render(el, data) {
  const s = el.__svz;
  if (data.seq !== s.seq || !s.points) {
    s.seq = data.seq;
    s.points = clonePoints(data.points);
  }
  s.names = Object.keys(s.points);
  s.step = data.step || 0.01;
  const fig = JSON.parse(data.figure);
  overlayPoints(fig.data, s.points);
  fig.layout.height = data.height;
  const config = {
    displaylogo: false,
    responsive: true,
    scrollZoom: false,
    doubleClick: false,
    modeBarButtonsToRemove: ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d"],
  };
  return s.Plotly.react(s.gd, fig.data, fig.layout, config).then(() => {
    publish(el);
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
    el.appendChild(gd);
    el.__svz = { gd, seq: null, points: null, dragging: null, lastSent: 0, timer: null, sendId: 0, bound: false };
  }
  const s = el.__svz;
  // The latest setter and data: this function runs again on every rerun.
  s.setTriggerValue = setTriggerValue;
  s.latest = data;
  el.style.minHeight = data.height + "px";
  loadPlotly()
    .then((Plotly) => {
      s.Plotly = Plotly;
      if (s.latest !== data) return null; // a newer rerun's call will draw
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
