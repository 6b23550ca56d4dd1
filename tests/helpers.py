"""What several test modules share: the margin variants and a finite-difference gradient."""

import numpy as np

from softmaxviz.kinds import KINDS

# Every kind at its defaults, plus the variants that take other branches of the formulas.
VARIANTS = [(k, {}) for k in KINDS] + [
    ("softmax", {"b": [0.5, -1.0, 2.0]}),
    ("arcface", {"easy_margin": True}),
    ("lsoftmax", {"m": 1.35, "lam": 0.7}),
    ("sphereface", {"m": 2.5, "lam": 3.0}),
    ("combined", {"m1": 0.9, "m2": 0.4, "m3": 0.15}),
]
VARIANT_IDS = [k + "".join(f"-{n}={v}" for n, v in p.items()) for k, p in VARIANTS]


def numeric_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of the scalar ``f()`` with respect to every entry of ``x`` (changed in place)."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        up = f()
        x[i] = keep - h
        down = f()
        x[i] = keep
        g[i] = (up - down) / (2 * h)
    return g
