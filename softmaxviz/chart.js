// A Plotly chart that a fragment on a timer redraws (the training lab's charts while it plays):
// each render hands Plotly.react the new figure in the same element, so Plotly updates the chart
// it has. st.plotly_chart's element is named by its figure: each new figure was a new element,
// a new Plotly chart, and for a 3D scene a new WebGL context (a frame's one cost 0.2-1.8 s of
// the main thread in software WebGL, and Chromium warned "Too many active WebGL contexts").
//
// Python sends {figure (JSON string), config (Plotly's, and what to say if it cannot draw)}. A
// figure that comes while one is drawing waits for it, and only the latest is drawn next. The
// user's turn of a 3D view stays (uirevision).
// The chart follows its element's width (a tab opened, the sidebar closed), not only the window's.

import { loadPlotly } from "./canvas.js";

export default function (component, plotly) {
  const { data, parentElement } = component;
  const gd = parentElement.querySelector("[data-testid='live-chart']");
  if (!gd || !data || !data.figure || data.figure === gd.__svzWanted) return;
  gd.__svzWanted = data.figure;
  gd.__svzConfig = data.config || {};
  if (!gd.__svzDrawing) draw(gd, plotly);
}

function draw(gd, plotly) {
  const figure = gd.__svzWanted;
  gd.__svzDrawing = true;
  loadPlotly(plotly)
    .then((Plotly) => {
      const fig = JSON.parse(figure);
      fig.layout.uirevision ??= "kept";
      const { failed, ...config } = gd.__svzConfig;
      return Plotly.react(gd, fig.data, fig.layout, { responsive: true, ...config }).then(() => {
        if (!gd.__svzResizes) {
          gd.__svzResizes = true;
          let width = gd.clientWidth;
          new ResizeObserver(() => {
            if (gd.clientWidth === width || !gd.clientWidth) return;
            width = gd.clientWidth;
            Plotly.Plots.resize(gd);
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
      if (gd.__svzWanted !== figure) draw(gd, plotly);
    });
}
