"""Browser files served by Streamlit's static file serving from ``static/``, created at start-up.

Plotly.js is copied from the installed plotly package (never from a CDN) as
``plotly-<version>.min.js``. The components' JavaScript (``canvas.js``, ``view3d.js``) is copied
under a name that carries a hash of its content, and each component's inline ``js`` is only a
loader that imports it: a component's inline code travels with every rerun's delta, a module URL
is fetched once and cached.

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
import shutil
from dataclasses import dataclass
from pathlib import Path

import plotly

APP_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = APP_DIR / "static"
PLOTLY_JS = "plotly.min.js"
HERE = Path(__file__).resolve().parent
SERVED_MTIME = 946_684_800  # 2000-01-01: see the module docstring


@dataclass(frozen=True)
class Module:
    """A JavaScript module of this package and the name it is served under."""

    source: Path
    name: str

    @property
    def url(self) -> str:
        return f"app/static/{self.name}"


def module(filename: str) -> Module:
    """The module ``softmaxviz/<filename>`` served as ``<stem>-<content hash>.js``."""
    source = HERE / filename
    digest = hashlib.sha1(source.read_bytes()).hexdigest()[:12]
    return Module(source, f"{source.stem}-{digest}.js")


def loader_js(served: Module) -> str:
    """A component's inline ``js``: import the served module once, then hand it each render and
    the URL of Plotly.js."""
    return (
        f'const MODULE = new URL("{served.url}", document.baseURI).href;\n'
        f'const PLOTLY = "{PLOTLY.url}";\n'
        "export default function (component) {\n"
        "  return import(MODULE).then((m) => m.default(component, PLOTLY));\n"
        "}\n"
    )


MODULES = (module("canvas.js"), module("view3d.js"))
PLOTLY = Module(
    Path(plotly.__file__).parent / "package_data" / PLOTLY_JS, f"plotly-{plotly.__version__}.min.js"
)


def _copy(src: Path, dst: Path) -> None:
    if dst.exists():
        st = dst.stat()
        if st.st_size == src.stat().st_size and st.st_mtime == SERVED_MTIME:
            return
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(f".{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.utime(tmp, (SERVED_MTIME, SERVED_MTIME))
    os.replace(tmp, dst)  # atomic: a concurrent reader never sees half a file


@functools.cache
def ensure_static_assets(static_dir: Path = STATIC_DIR) -> Path:
    """Copy Plotly.js and the components' modules into ``static/`` where missing or stale.

    Once per process and folder: app.py runs on every rerun, and the checks cost ~8 ms each time.
    """
    for served in (PLOTLY, *MODULES):
        _copy(served.source, static_dir / served.name)
        # Older versions (another content hash or version) are no longer asked for.
        stem = served.name.split("-", 1)[0]
        for old in static_dir.glob(f"{stem}-*.js"):
            if old.name != served.name:
                old.unlink(missing_ok=True)
    (static_dir / PLOTLY_JS).unlink(missing_ok=True)  # the unversioned name of earlier releases
    return static_dir
