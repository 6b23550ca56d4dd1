// A Plotly chart that a fragment on a timer redraws (the training lab's charts while it plays):
// each render hands Plotly.react the new figure in the same element, so Plotly updates the chart
// it has. st.plotly_chart's element is named by its figure: each new figure was a new element,
// a new Plotly chart, and for a 3D scene a new WebGL context (a frame's one cost 0.2-1.8 s of
// the main thread in software WebGL, and Chromium warned "Too many active WebGL contexts").
//
// Python sends {figure (JSON string), config (Plotly's, and what to say if it cannot draw)}. A
// figure that comes while one is drawing waits for it, and only the latest is drawn next.
// The user's turn of a 3D view stays: Plotly.react with the same uirevision put the camera back
// to the figure's default on each frame (Plotly.js 4), so the camera the user set is kept here and
// given to each new figure. While a pointer is down on the chart (turning it, zooming) no figure
// is drawn: each frame of Play ended the gesture. The latest is drawn on release.
// The chart follows its element's width (a tab opened, the sidebar closed), not only the window's.
// A 3D scene is at most as tall as it is wide (see heightFor).

import { loadPlotly } from "./load_plotly.js";

export default function (component, plotly) {
  const { data, parentElement } = component;
  const gd = parentElement.querySelector("[data-testid='live-chart']");
  if (!gd || !data || !data.figure || data.figure === gd.__svzWanted) return;
  gd.__svzWanted = data.figure;
  gd.__svzConfig = data.config || {};
  if (!gd.__svzHooked) hook(gd, plotly);
  if (!gd.__svzDrawing && !gd.__svzHeld) draw(gd, plotly);
}

function hook(gd, plotly) {
  gd.__svzHooked = true;
  gd.__svzCameras = {};
  // The window listens only while a pointer is down: it holds no chart of a page left behind (a
  // 3D one holds a WebGL context).
  const release = () => {
    window.removeEventListener("pointerup", release, true);
    window.removeEventListener("pointercancel", release, true);
    // After Plotly's own handling of the release (the turn's last relayout), not before it.
    setTimeout(() => {
      gd.__svzHeld = false;
      if (!gd.__svzDrawing && gd.__svzWanted !== gd.__svzShown) draw(gd, plotly);
    });
  };
  gd.addEventListener("pointerdown", () => {
    gd.__svzHeld = true;
    window.addEventListener("pointerup", release, true);
    window.addEventListener("pointercancel", release, true);
  }, true);
}

// Plotly fits a 3D scene's cube to the scene's height: in a narrow, tall chart (a laptop's column,
// a phone) the cube's sides, their tick labels and the z title were cut. So the chart is at most
// as tall as it is wide, plus its legend's row; the figure's height is the most it takes.
const SCENE_LEGEND_PX = 40;

function heightFor(gd, layout) {
  const has3d = Object.keys(layout).some((k) => /^scene\d*$/.test(k));
  if (!layout.height || !has3d || !gd.clientWidth) return layout.height;
  return Math.min(layout.height, gd.clientWidth + SCENE_LEGEND_PX);
}

// The camera of each 3D scene the user turned (a "Reset camera" forgets it: the figure's own).
function keepCameras(gd, event) {
  for (const key of Object.keys(event)) {
    const scene = key.match(/^(scene\d*)\.camera/)?.[1];
    if (!scene) continue;
    const camera = gd.layout[scene]?.camera;
    gd.__svzCameras[scene] = camera?.eye?.x != null ? JSON.parse(JSON.stringify(camera)) : undefined;
  }
}

function draw(gd, plotly) {
  const figure = gd.__svzWanted;
  gd.__svzDrawing = true;
  gd.__svzShown = figure;
  loadPlotly(plotly)
    .then((Plotly) => {
      const fig = JSON.parse(figure);
      fig.layout.uirevision ??= "kept";
      // The view as it is on screen (mid-turn too), else the last one the user set.
      for (const scene of Object.keys(fig.layout).filter((k) => /^scene\d*$/.test(k))) {
        const camera = gd._fullLayout?.[scene]?._scene?.getCamera?.() ?? gd.__svzCameras[scene];
        if (camera) fig.layout[scene].camera = camera;
      }
      fig.layout.height = heightFor(gd, fig.layout);
      // The element is as tall as the figure: Plotly's resize below measures it, and with no
      // height of its own it measured 0 and drew the chart over the text under it.
      if (fig.layout.height) gd.style.height = `${fig.layout.height}px`;
      const { failed, ...config } = gd.__svzConfig;
      // Present mode on or off: a new plot. Plotly.react kept the margins the smaller text had
      // pushed out, and the margin lab's legend was drawn over the larger axis title and ticks.
      const font = fig.layout.font?.size;
      if (gd.__svzFont !== undefined && gd.__svzFont !== font) {
        Plotly.purge(gd);
        gd.__svzListens = false;
      }
      gd.__svzFont = font;
      return Plotly.react(gd, fig.data, fig.layout, { responsive: true, ...config }).then(() => {
        if (!gd.__svzListens) {
          gd.__svzListens = true;
          gd.on("plotly_relayout", (event) => keepCameras(gd, event));
        }
        if (!gd.__svzResizes) {
          gd.__svzResizes = true;
          let width = gd.clientWidth;
          new ResizeObserver(() => {
            if (gd.clientWidth === width || !gd.clientWidth) return;
            width = gd.clientWidth;
            if (heightFor(gd, JSON.parse(gd.__svzWanted).layout) === gd._fullLayout?.height) {
              Plotly.Plots.resize(gd);
              return;
            }
            // Another height: the figure is drawn again, now or when the one drawing or held is.
            gd.__svzShown = undefined;
            if (!gd.__svzDrawing && !gd.__svzHeld) draw(gd, plotly);
          }).observe(gd);
        }
      });
    })
    .then(() => gd.parentElement.querySelector(".svz-failed")?.remove())
    .catch((error) => {
      // E.g. Plotly.js did not load (a dropped connection): say so where the chart would be.
      let note = gd.parentElement.querySelector(".svz-failed");
      if (!note) {
        note = Object.assign(document.createElement("p"), { className: "svz-failed" });
        note.setAttribute("role", "alert");
        gd.after(note);
      }
      note.textContent = (gd.__svzConfig.failed || "{error}").replace("{error}", error?.message || String(error));
    })
    .finally(() => {
      gd.__svzDrawing = false;
      gd.setAttribute("data-drawn", String((Number(gd.getAttribute("data-drawn")) || 0) + 1));
      if (gd.__svzWanted !== gd.__svzShown && !gd.__svzHeld) draw(gd, plotly);
    });
}
