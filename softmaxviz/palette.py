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


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#0072B2"`` -> ``(0, 114, 178)``."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
