"""Navigation: the list of pages and deep-link routing."""

from __future__ import annotations

import streamlit as st

# Every page: (file in pages/, title key, material icon, blurb key for the home page). A page's
# url path is its file name, so the legacy pages/ router that serves a session's first request
# finds it too (see ensure_navigation).
PAGES: tuple[tuple[str, str, str, str | None], ...] = (
    ("home", "home.nav", "home", None),
    ("explorer", "explorer.nav", "open_with", "home.explorer_blurb"),
    ("explorer_3d", "explorer3d.nav", "view_in_ar", "home.explorer3d_blurb"),
    ("matrix_view", "matrix.nav", "grid_on", "home.matrix_blurb"),
    ("tour", "tour.nav", "tour", "home.tour_blurb"),
    ("scenarios", "scenarios.nav", "school", "home.scenarios_blurb"),
    ("margin_lab", "margin.nav", "architecture", "home.margin_blurb"),
    ("training_lab", "lab.nav", "model_training", "home.lab_blurb"),
)


def title_key(path: str) -> str:
    """The title's string key of the page at url path ``path`` ("" or None: Home)."""
    return {url_path(name) or "": key for name, key, *_ in PAGES}.get(path or "", PAGES[0][1])


def page_file(name: str) -> str:
    return f"pages/{name}.py"


def url_path(name: str) -> str | None:
    """A page's url path: its file name, or None for Home (the first page), served at the root."""
    return None if name == PAGES[0][0] else name


def url_paths() -> tuple[str, ...]:
    """The url path of every page but Home."""
    return tuple(path for name, *_ in PAGES if (path := url_path(name)) is not None)


def ensure_navigation() -> None:
    """Run pages through app.py's ``st.navigation`` even when a deep link is the first request.

    Streamlit treats a ``pages/`` folder as a legacy multipage app until
    ``st.navigation`` has run once in the process; a first request for
    ``/explorer`` would then run the page without app.py. Switch the legacy mode
    off and rerun, so app.py builds the real navigation.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # pragma: no cover - a future Streamlit without it
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def run_context():
    """Streamlit's context of this script run (what started it), or None outside one or where a
    future Streamlit has no such module: then no run counts as Back's or as a fragment's."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:  # pragma: no cover - a future Streamlit without it
        return None
    return get_script_run_ctx()


def is_history_navigation() -> bool:
    """True in a run the browser's Back or Forward button started (its URL holds an older step)."""
    return bool(getattr(run_context(), "is_history_navigation", False))
