"""The one class palette (Okabe-Ito: distinguishable with colour-blindness)."""

from __future__ import annotations

CLASS_COLORS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73")
SAMPLE_COLOR = "#111111"
BORDER_COLOR = "#222222"
GUIDE_COLOR = "#777777"


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#0072B2"`` -> ``(0, 114, 178)``."""
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
