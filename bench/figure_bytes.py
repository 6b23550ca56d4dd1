"""Bytes sent to the browser per explorer rerun: the figure JSON and the whole canvas ``data`` payload.

Run from the repo root: ``python bench/figure_bytes.py``. Prints numbers only, never asserts.
The payload is captured from the real ``softmaxviz.canvas.drag_canvas`` with its Streamlit
component call swapped for a recorder, so it stays in step with the canvas code.
"""

from __future__ import annotations

import json
import sys
import zlib
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from softmaxviz import canvas
from softmaxviz.figures import explorer_figure
from softmaxviz.results import drag_step, explorer_results
from softmaxviz.state import Scene

BASE = Scene()
SCENES = {
    "default": BASE,
    "x moved to (-0.7, 2.2)": replace(BASE, x=(-0.7, 2.2)),
    "normalised w and x": replace(BASE, normalize_w=True, normalize_x=True),
    "big view (view=1000)": replace(BASE, view=1000.0),
    "T=0.2, biases (1, -1, 0.5)": replace(BASE, temperature=0.2, biases=(1.0, -1.0, 0.5)),
    "no layers": replace(BASE, layers=frozenset()),
}


def payload(scene: Scene) -> tuple[str, dict]:
    """The figure JSON and the ``data`` dict drag_canvas hands to the component."""
    r = explorer_results(scene)
    fig = explorer_figure(scene, r)
    captured: dict = {}
    real = canvas._component
    canvas._component = lambda **kw: captured.update(kw)
    try:
        canvas.drag_canvas(fig, scene.points(), key="bench", seq=1, step=drag_step(scene.view))
    finally:
        canvas._component = real
    return fig.to_json(), captured["data"]


def main() -> None:
    print(f"{'scene':<28} {'figure JSON':>12} {'of which PNG':>13} {'data payload':>13} {'payload zlib':>13}")
    for name, scene in SCENES.items():
        fig_json, data = payload(scene)
        images = json.loads(fig_json)["layout"].get("images", [])
        png = sum(len(im.get("source", "")) for im in images)
        body = json.dumps(data).encode()
        print(
            f"{name:<28} {len(fig_json.encode()):>10} B {png:>11} B {len(body):>11} B "
            f"{len(zlib.compress(body, 6)):>11} B"
        )


if __name__ == "__main__":
    main()
