"""Browser files: the components' modules, served from ``static/`` (created at start-up), and Plotly.js.

Plotly.js is the one Streamlit's own frontend loads for ``st.plotly_chart`` (its ``PlotlyChart``
chunk, which sets ``window.Plotly``), never a CDN. A page then fetches and compiles one Plotly.js
(4.6 MB) whether it draws a drag canvas, a chart or both: with a copy of plotly.py's beside it, a
page with both fetched whichever its first element asked for, and a reload often the other one
as well (the margin lab's warm load p95 1.49 s, with one Plotly.js 0.77-0.84 s). Streamlit serves its
chunks as ``immutable`` for a year. Where the installed Streamlit has no such chunk, Plotly.js is
copied from the installed plotly package as ``plotly-<version>.min.js`` instead.

The components' JavaScript (``canvas.js``, ``view3d.js`` and ``flight.js``, which both import;
``chart.js``, the live chart, and ``load_plotly.js`` and ``legend_fit.js``, which it and
``canvas.js`` import;
``page.js``, the page's own script) and the drag
canvas's stylesheet (``canvas.css``) are copied under a name that carries a hash of
their content, and each component's inline ``js`` is only a loader that imports its module (and
links its stylesheet): a component's inline code and CSS travel with every rerun's delta (the
canvas's CSS was 1.6 KB of every drag update, per canvas), a URL is fetched once and cached.

Streamlit serves ``static/`` without ``Cache-Control`` and answers a revalidation with the whole
file, so a browser keeps a file only for its heuristic freshness: a tenth of its age by
``Last-Modified``. A file copied at start-up was seconds old, and a reload fetched all 4.8 MB of
Plotly.js again. Every served name changes with its content, so each copy gets a
``Last-Modified`` far in the past (``SERVED_MTIME``) and the browser keeps it for years.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import plotly
import streamlit

APP_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = APP_DIR / "static"
PLOTLY_JS = "plotly.min.js"
HERE = Path(__file__).resolve().parent
# Streamlit's frontend build, served at ``static/js/`` under the app's base URL.
STREAMLIT_JS = Path(streamlit.__file__).resolve().parent / "static" / "static" / "js"
SERVED_MTIME = 946_684_800  # 2000-01-01: see the module docstring


@dataclass(frozen=True)
class Module:
    """A browser file and the name it is served under: copied into ``static/`` (served at
    ``app/static/``), or Streamlit's own (``folder`` ``static/js``, an ES module). ``content``:
    what is served, where it differs from ``source`` (a module of this package, whose imports
    name the served files)."""

    source: Path
    name: str
    folder: str = "app/static"
    content: bytes | None = None

    @property
    def url(self) -> str:
        return f"{self.folder}/{self.name}"

    @property
    def copied(self) -> bool:
        return self.folder == "app/static"


# A module's import of another module of this package: ``from "./flight.js"``.
_IMPORT = re.compile(r'(from\s+"\./)([\w-]+\.js)(")')


@functools.cache  # flight.js is asked for by each module that imports it, and by MODULES
def module(filename: str) -> Module:
    """The module (or stylesheet) ``softmaxviz/<filename>`` served as ``<stem>-<content hash>``
    and its suffix.

    Its imports of this package's modules (``from "./flight.js"``) are served as they name them
    (``from "./flight-<hash>.js"``), so a changed import renames the importing module too: a
    browser never pairs a cached module with a new one it imports."""
    source = HERE / filename
    text = _IMPORT.sub(lambda m: m[1] + module(m[2]).name + m[3], source.read_text())
    digest = hashlib.sha1(text.encode()).hexdigest()[:12]
    return Module(source, f"{source.stem}-{digest}{source.suffix}", content=text.encode())


def loader_js(served: Module, style: Module | None = None) -> str:
    """A component's inline ``js``: import the served module once, then hand it each render and
    where Plotly.js is (its URL, and whether it is an ES module: Streamlit's chunk, or a classic
    script: a copy). With ``style``, the stylesheet is linked into the page once and the module
    first draws once it has loaded (or failed to), so nothing is drawn unstyled."""
    lines = [
        f'const MODULE = new URL("{served.url}", document.baseURI).href;',
        f'const PLOTLY = {{ url: "{PLOTLY.url}", module: {str(not PLOTLY.copied).lower()} }};',
    ]
    loaded = "import(MODULE).then((m) =>"
    if style is not None:
        lines += [
            f'const STYLE = new URL("{style.url}", document.baseURI).href;',
            'const STYLED = document.querySelector(`link[href="${STYLE}"]`) || new Promise((r) =>',
            "  document.head.append(Object.assign(document.createElement('link'),",
            "    { rel: 'stylesheet', href: STYLE, onload: r, onerror: r })));",
        ]
        loaded = "Promise.all([import(MODULE), STYLED]).then(([m]) =>"
    lines += [
        "export default function (component) {",
        f"  return {loaded} m.default(component, PLOTLY));",
        "}",
    ]
    return "\n".join(lines) + "\n"


def plotly_js(streamlit_js: Path = STREAMLIT_JS) -> Module:
    """Streamlit's own Plotly.js chunk (``PlotlyChart.<hash>.js``), or, where the installed
    Streamlit has none, a copy of the plotly package's ``plotly.min.js``."""
    chunks = sorted(streamlit_js.glob("PlotlyChart.*.js"))
    if len(chunks) == 1:
        return Module(chunks[0], chunks[0].name, folder="static/js")
    copy = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    return Module(copy, f"plotly-{plotly.__version__}.min.js")


class Modules(NamedTuple):
    """The components' browser files, each served under its content's hash."""

    canvas: Module  # the drag canvas
    view3d: Module  # the 3D view
    flight: Module  # drag updates in flight: canvas.js and view3d.js import it
    canvas_css: Module  # the drag canvas's stylesheet
    load_plotly: Module  # Plotly.js, loaded once: canvas.js and chart.js import it
    legend_fit: Module  # a legend fitted to its chart's width: canvas.js and chart.js import it
    chart: Module  # the live chart (wiring.live_chart)
    page: Module  # the page's own script: the resend channel and the focus keeper


MODULES = Modules(
    canvas=module("canvas.js"),
    view3d=module("view3d.js"),
    flight=module("flight.js"),
    canvas_css=module("canvas.css"),
    load_plotly=module("load_plotly.js"),
    legend_fit=module("legend_fit.js"),
    chart=module("chart.js"),
    page=module("page.js"),
)
PLOTLY = plotly_js()


def _copy(served: Module, dst: Path) -> None:
    size = len(served.content) if served.content is not None else served.source.stat().st_size
    if dst.exists():
        st = dst.stat()
        if st.st_size == size and st.st_mtime == SERVED_MTIME:
            return
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(f".{os.getpid()}.tmp")
    if served.content is not None:
        tmp.write_bytes(served.content)
    else:
        shutil.copyfile(served.source, tmp)
    os.utime(tmp, (SERVED_MTIME, SERVED_MTIME))
    os.replace(tmp, dst)  # atomic: a concurrent reader never sees half a file


@functools.cache
def ensure_static_assets(static_dir: Path = STATIC_DIR, plotly_source: Module = PLOTLY) -> Path:
    """Copy the components' modules (and Plotly.js, if ``plotly_source`` is a copy) into
    ``static/`` where missing or stale, and remove what is no longer asked for.

    Once per process and folder: app.py runs on every rerun, and the checks cost ~8 ms each time.
    """
    copies = [m for m in (plotly_source, *MODULES) if m.copied]
    for served in copies:
        _copy(served, static_dir / served.name)
    # Older versions (another content hash or version), and a copy of Plotly.js once Streamlit's
    # own is used, are no longer asked for.
    keep = {m.name for m in copies}
    kinds = {("plotly", ".js"), *((m.name.split("-", 1)[0], m.source.suffix) for m in MODULES)}
    for stem, suffix in kinds:
        for old in static_dir.glob(f"{stem}-*{suffix}"):
            if old.name not in keep:
                old.unlink(missing_ok=True)
    (static_dir / PLOTLY_JS).unlink(missing_ok=True)  # the unversioned name of earlier releases
    return static_dir
