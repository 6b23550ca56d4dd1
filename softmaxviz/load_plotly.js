// The Plotly.js the drag canvas (canvas.js) and the live chart (chart.js) draw with, loaded once a
// page. Its own module: the live chart imported all of canvas.js (about 40 KB) for it.
// ``plotly``: the served Plotly.js, ``{ url, module }`` (assets.py's loader): Streamlit's own
// chunk, an ES module that sets window.Plotly (the same URL Streamlit's st.plotly_chart imports,
// so a page evaluates it once), or a copy of plotly.min.js, a classic script.
export function loadPlotly(plotly) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__softmaxvizPlotly) {
    const url = new URL(plotly.url, document.baseURI).href;
    const loaded = plotly.module ? import(url) : new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url;
      s.onload = resolve;
      s.onerror = () => reject(new Error("could not load " + url));
      document.head.appendChild(s);
    });
    window.__softmaxvizPlotly = loaded.then(
      () => window.Plotly,
      (error) => {
        window.__softmaxvizPlotly = null;
        throw error;
      },
    );
  }
  return window.__softmaxvizPlotly;
}
