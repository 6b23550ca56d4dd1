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
// A 3D scene is at most as tall as it is wide (see heightFor), and a legend wider or deeper than
// its chart is fitted to it (see refit).

import { least, room, wrapEm, wrapNames } from "./legend_fit.js";
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

const sceneKeys = (layout) => Object.keys(layout).filter((k) => /^scene\d*$/.test(k));

function heightFor(gd, layout) {
  if (!layout.height || !sceneKeys(layout).length || !gd.clientWidth) return layout.height;
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

// Legend entries wider than the chart (present mode's larger text on a phone) were cut at its
// right edge, and a legend deeper than the room Plotly leaves it ran past the chart's bottom.
// Where a draw shows either, the names are wrapped at spaces (anywhere in CJK text) to the width
// the chart has, the chart grows by what the legend lacked, and the figure is drawn again. The fit
// is kept for the chart's width and text size, so the next figures are drawn fitted at once.
const FIT_PASSES = 3;
const FIT_SLACK_PX = 2;
const MOST_PLOT_PX = 300; // a fitted chart's plot is as tall as wide, up to this height

// The kept fit, applied to a new figure of the same width and text size.
function fitted(gd, fig) {
  const fit = gd.__svzFit;
  if (!fit || fit.width !== gd.clientWidth || fit.font !== fig.layout.font?.size) {
    gd.__svzFit = undefined;
    return;
  }
  wrapNames(fig, fit.em); // and the legend may take all the height: the chart grows for it
  const legend = fig.layout.legend;
  if (fit.titleEm && typeof legend.title?.text === "string") legend.title.text = wrapEm(legend.title.text, fit.titleEm);
  if (fig.layout.height && fit.grow) {
    fig.layout.height += fit.grow;
    gd.style.height = `${fig.layout.height}px`;
  }
}

// What the drawn legend lacks: the width its entries and its title may take (em) where one is
// cut, and the height the chart must grow by; null if nothing.
function lacks(gd) {
  const legend = gd.querySelector(".legend");
  const full = gd._fullLayout?.legend;
  if (!legend || !full) return null;
  const em = room(gd, ".legend .legendtext");
  const titleEm = room(gd, ".legend .legendtitletext");
  const below = legend.getBoundingClientRect().bottom - gd.getBoundingClientRect().bottom;
  const hidden = (full._height || 0) - (full._effHeight ?? full._height ?? 0); // scrolled away
  // A legend that took the plot's height leaves it as tall as it is wide (in a fitted chart).
  const size = gd._fullLayout._size ?? { w: 0, h: 0 };
  const short = Math.min(size.w, MOST_PLOT_PX) - size.h;
  const lacking = em || titleEm || below > FIT_SLACK_PX || hidden > FIT_SLACK_PX;
  if (!lacking && !(gd.__svzFit && short > FIT_SLACK_PX)) return null;
  const grow = Math.max(0, below + FIT_SLACK_PX) + Math.max(0, hidden) + Math.max(0, short);
  return { em, titleEm, grow: Math.ceil(grow) };
}

// Draws the figure again, fitted, while its legend lacks room (at most FIT_PASSES times: Plotly's
// margins move with the height, so one measure may leave a few pixels short).
function refit(gd, figure, options, Plotly, pass = 0) {
  const lack = pass < FIT_PASSES && gd.__svzWanted === figure ? lacks(gd) : null;
  if (!lack) return null;
  const fig = prepared(gd, figure);
  const kept = gd.__svzFit && gd.__svzFit.width === gd.clientWidth ? gd.__svzFit : { grow: 0 };
  gd.__svzFit = {
    width: gd.clientWidth,
    font: fig.layout.font?.size,
    em: least(lack.em, kept.em),
    titleEm: least(lack.titleEm, kept.titleEm),
    grow: kept.grow + lack.grow,
  };
  fitted(gd, fig);
  return Plotly.react(gd, fig.data, fig.layout, options).then(() => refit(gd, figure, options, Plotly, pass + 1));
}

// The figure to draw: the view as it is on screen (mid-turn too), else the last one the user set,
// at the height the chart's width allows.
function prepared(gd, figure) {
  const fig = JSON.parse(figure);
  fig.layout.uirevision ??= "kept";
  for (const scene of sceneKeys(fig.layout)) {
    const camera = gd._fullLayout?.[scene]?._scene?.getCamera?.() ?? gd.__svzCameras[scene];
    if (camera) fig.layout[scene].camera = camera;
  }
  fig.layout.height = heightFor(gd, fig.layout);
  return fig;
}

function draw(gd, plotly) {
  const figure = gd.__svzWanted;
  gd.__svzDrawing = true;
  gd.__svzShown = figure;
  loadPlotly(plotly)
    .then((Plotly) => {
      const fig = prepared(gd, figure);
      // The element is as tall as the figure: Plotly's resizes measure it, and with no
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
      const options = { responsive: true, ...config };
      fitted(gd, fig);
      return Plotly.react(gd, fig.data, fig.layout, options)
        .then(() => refit(gd, figure, options, Plotly))
        .then(() => {
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
              // Resized, then drawn again (now or when the one drawing or held is): another
              // width may want another height (3D) or another legend fit (a resize alone kept
              // the legend that a narrower window cut).
              gd.__svzShown = undefined;
              if (gd.__svzDrawing || gd.__svzHeld) return;
              gd.__svzDrawing = true;
              Promise.resolve(Plotly.Plots.resize(gd))
                .catch(() => null)
                .then(() => {
                  gd.__svzDrawing = false;
                  if (!gd.__svzHeld) draw(gd, plotly);
                });
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
