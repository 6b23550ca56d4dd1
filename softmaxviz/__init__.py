"""softmaxviz: the geometry of a softmax classifier, as pure NumPy.

``Z = W^T X + b`` with ``W`` (D, K) holding class weights as columns and ``X``
(D, N) holding samples as columns.
"""

from softmaxviz.core import (
    Analysis,
    BatchAnalysis,
    Border,
    Regions,
    analyze,
    analyze_batch,
    angles,
    border_directions,
    column_dots,
    cosines,
    decision_regions,
    logits,
    region_borders,
    softmax,
    wedge_borders,
    winners,
)

__all__ = [
    "Analysis",
    "BatchAnalysis",
    "Border",
    "Regions",
    "analyze",
    "analyze_batch",
    "angles",
    "border_directions",
    "column_dots",
    "cosines",
    "decision_regions",
    "logits",
    "region_borders",
    "softmax",
    "wedge_borders",
    "winners",
]
