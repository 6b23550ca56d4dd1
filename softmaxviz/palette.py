"""The one class palette (Okabe-Ito: distinguishable with colour-blindness)."""

from __future__ import annotations

CLASS_COLORS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73")
# Classes are told apart by shape too, not by colour alone.
CLASS_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond")
# More classes (the training lab: up to 6 toy classes, 10 digits) extend the same palette: the
# rest of Okabe-Ito, then three colours far from all of them.
MANY_CLASS_COLORS: tuple[str, ...] = (
    *CLASS_COLORS,
    "#E69F00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#882255",
    "#999933",
)
MANY_CLASS_SYMBOLS: tuple[str, ...] = (
    *CLASS_SYMBOLS,
    "triangle-up",
    "cross",
    "x",
    "star",
    "hexagon",
    "pentagon",
    "hourglass",
)
# The margin band, where no class wins by its margin.
BAND_COLOR = "#d4d4d4"
SAMPLE_COLOR = "#111111"
BORDER_COLOR = "#222222"
GUIDE_COLOR = "#777777"


# One colour per loss kind in the margin lab's comparison figures (Okabe-Ito plus two greys).
KIND_COLORS: dict[str, str] = {
    "softmax": "#000000",
    "normface": "#56B4E9",
    "lsoftmax": "#D55E00",
    "sphereface": "#CC79A7",
    "cosface": "#009E73",
    "amsoftmax": "#7F7F7F",
    "arcface": "#E69F00",
    "combined": "#0072B2",
}


def favicon() -> str:
    """The app's icon: the three class weights as arrows from one origin, as an SVG data URI.

    Local, so a page needs no icon from the network: the pages' Material icons made the browser
    fetch the tab's icon from fonts.gstatic.com, which fails on a classroom network without it.
    """
    tips = ((28, 14), (8, 10), (14, 28))
    arrows = "".join(
        f'<line x1="16" y1="18" x2="{x}" y2="{y}" stroke="{c}" stroke-width="4" stroke-linecap="round"/>'
        for (x, y), c in zip(tips, CLASS_COLORS, strict=True)
    )
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">{arrows}</svg>'
    return "data:image/svg+xml," + svg.replace("#", "%23").replace('"', "'")


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#0072B2"`` -> ``(0, 114, 178)``."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
