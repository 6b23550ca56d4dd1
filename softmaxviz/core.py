"""Pure NumPy core: logits, softmax, angles, decision regions and borders.

Conventions (the seed's): ``W`` is ``(D, K)`` with the class weights ``w_k`` as
columns, ``X`` is ``(D, N)`` with samples as columns, ``b`` is ``(K,)`` and

    Z = W^T X + b,    z_k = ||w_k|| ||x|| cos(theta_k) + b_k.

Angles are radians here; degrees belong to the UI.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Below this a vector counts as zero: its direction (and so its angle) is undefined.
ZERO_NORM = 1e-12


def as_bias(b, k: int, *, finite: bool = False, who: str = "") -> np.ndarray:
    """``b`` as a float array of shape (K,), zeros if None; ValueError otherwise.

    ``finite`` also rejects NaN and inf; ``who`` prefixes the message (e.g. ``"softmax: "``).
    """
    if b is None:
        return np.zeros(k)
    b = np.asarray(b, dtype=float)
    if b.shape != (k,):
        raise ValueError(f"{who}b must have shape ({k},), got {b.shape}")
    if finite and not np.isfinite(b).all():
        raise ValueError(f"{who}b must be finite")
    return b


def logits(W, X, b=None) -> np.ndarray:
    """Logits of a linear layer, ``Z = W^T X + b``.

    Parameters
    ----------
    W : array_like, shape (D, K)
        Class weights as columns.
    X : array_like, shape (D,) or (D, N)
        One sample, or N samples as columns.
    b : array_like, shape (K,), optional
        Biases, broadcast along the sample axis. Zeros if omitted.

    Returns
    -------
    ndarray, shape (K,) or (K, N)
        Identical columns of ``W`` (with equal biases) give bitwise identical logits, so their
        tie goes to the lower index under ``argmax`` (see :func:`column_dots`).
    """
    W = np.asarray(W, dtype=float)
    X = np.asarray(X, dtype=float)
    if W.ndim != 2:
        raise ValueError(f"W must be (D, K), got shape {W.shape}")
    if X.shape[0] != W.shape[0]:
        raise ValueError(f"X has D={X.shape[0]} but W has D={W.shape[0]}")
    b = as_bias(b, W.shape[1])
    Z = column_dots(W, X)
    return Z + (b if X.ndim == 1 else b[:, None])


def column_dots(W, X) -> np.ndarray:
    """``W^T X`` with every entry ``sum_d W[d, k] X[d, n]`` summed in the same order, d = 0, 1, ...

    BLAS may round rows of ``W.T @ X`` differently by their position (OpenBLAS's AVX-512
    matrix-vector kernel takes rows in blocks of 4, so for K >= 5 a row past the first block can
    differ in the last bit from an identical row inside it): two identical columns of ``W`` would
    give logits that differ, and "a tie goes to the lower index" would not hold. Here an entry
    depends only on its own column and sample, so identical columns give bitwise identical rows.
    For the app's sizes (K <= 12, N up to a 160 x 160 grid) this costs about 0.2 ms more than BLAS.

    Parameters
    ----------
    W : array_like, shape (D, K)
    X : array_like, shape (D,) or (D, N)

    Returns
    -------
    ndarray, shape (K,) or (K, N)
    """
    W = np.asarray(W, dtype=float)
    X = np.asarray(X, dtype=float)
    # Elementwise products, then a reduction over the leading axis: numpy adds the D slices one
    # after another, the same way for every entry (no blocks by position, no fused multiply-add).
    return (W[:, :, None] * X[:, None, :]).sum(axis=0) if X.ndim == 2 else (W * X[:, None]).sum(axis=0)


def softmax(Z, temperature: float = 1.0) -> np.ndarray:
    """Softmax over the class axis (axis 0), ``p_k = e^{z_k/T} / sum_j e^{z_j/T}``.

    Parameters
    ----------
    Z : array_like, shape (K,) or (K, ...)
        Logits; any finite values (the max is subtracted first, so nothing overflows).
    temperature : float
        ``T > 0``; small T sharpens, large T flattens.

    Returns
    -------
    ndarray, same shape as ``Z``; each column sums to 1.
    """
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    Z = np.asarray(Z, dtype=float)
    # Shift before dividing: 1e308 / 0.5 overflows to inf and inf - inf is NaN, while the
    # shifted logits are <= 0 and dividing them by T can at worst reach -inf, where exp gives 0
    # (so that overflow is expected, not warned about).
    with np.errstate(over="ignore"):
        E = np.exp((Z - Z.max(axis=0, keepdims=True)) / temperature)
    return E / E.sum(axis=0, keepdims=True)


def safe_norms(V, axis: int = 0) -> np.ndarray:
    """Euclidean norms along ``axis``, scaled first so 1e200 does not overflow to inf."""
    V = np.asarray(V, dtype=float)
    scale = np.max(np.abs(V), axis=axis, keepdims=True)
    scale = np.where(scale > 0, scale, 1.0)
    return np.squeeze(scale, axis=axis) * np.linalg.norm(V / scale, axis=axis)


def normalize_columns(V) -> np.ndarray:
    """Columns scaled to unit length; zero columns stay zero (they have no direction).

    Parameters
    ----------
    V : array_like, shape (D,) or (D, K)
    """
    V = np.asarray(V, dtype=float)
    n = safe_norms(V, axis=0)
    return V / np.where(n > ZERO_NORM, n, 1.0)


def unit_weights(W) -> np.ndarray:
    """:func:`normalize_columns` of ``W`` (D, K), where columns that point the same way come out
    the same unit vector, not two a rounding apart: (-2.25, 1.02) and (-3.3075, 1.4994) differed
    by 1e-16, so the plane drew a border between two classes that tie everywhere."""
    N = normalize_columns(W)
    for j in range(1, N.shape[1]):
        for i in range(j):
            if np.any(N[:, i]) and np.max(np.abs(N[:, j] - N[:, i])) <= 8 * np.finfo(float).eps:
                N[:, j] = N[:, i]
                break
    return N


def cosines(W, X) -> np.ndarray:
    """``cos(theta_k)`` between each column of ``W`` and each sample; NaN where a vector is 0.

    Parameters
    ----------
    W : array_like, shape (D, K)
    X : array_like, shape (D,) or (D, N)

    Returns
    -------
    ndarray, shape (K,) or (K, N), clipped to [-1, 1].
    """
    W = np.asarray(W, dtype=float)
    X = np.asarray(X, dtype=float)
    wn, xn = safe_norms(W), safe_norms(X)
    # Normalising before the product keeps huge vectors finite; column_dots gives identical
    # weights identical cosines.
    C = column_dots(normalize_columns(W), normalize_columns(X))
    zero = (wn <= ZERO_NORM)[:, None] if X.ndim == 2 else wn <= ZERO_NORM
    zero = zero | (xn <= ZERO_NORM)
    return np.where(zero, np.nan, np.clip(C, -1.0, 1.0))


def angles(W, X) -> np.ndarray:
    """Angles ``theta_k`` in radians, in [0, pi]; NaN where a vector is zero.

    Uses ``2 atan2(||u - v||, ||u + v||)`` on the unit vectors (Kahan), which
    stays accurate near 0 and pi where ``arccos`` loses half its digits.

    Parameters
    ----------
    W : array_like, shape (D, K)
    X : array_like, shape (D,) or (D, N)

    Returns
    -------
    ndarray, shape (K,) or (K, N)
    """
    U = normalize_columns(W)
    V = normalize_columns(X)
    Vb = V[:, None] if V.ndim == 1 else V[:, None, :]
    Ub = U if V.ndim == 1 else U[:, :, None]
    theta = 2.0 * np.arctan2(np.linalg.norm(Ub - Vb, axis=0), np.linalg.norm(Ub + Vb, axis=0))
    return np.where(np.isnan(cosines(W, X)), np.nan, theta)


@dataclass(frozen=True)
class Analysis:
    """Everything the explorer shows about one sample (arrays are shape (K,))."""

    norms: np.ndarray
    sample_norm: float
    cosines: np.ndarray
    angles: np.ndarray
    logits: np.ndarray
    probabilities: np.ndarray
    predicted: int
    winners: tuple[int, ...]  # every class tied for the largest logit: see :func:`winners`

    @property
    def dot_terms(self) -> np.ndarray:
        """``||w_k|| ||x|| cos(theta_k)`` (equals ``w_k . x``); 0 where the angle is undefined."""
        return np.nan_to_num(self.norms * self.sample_norm * self.cosines)


def analyze(W, x, b=None, temperature: float = 1.0) -> Analysis:
    """Logits, geometry and probabilities of one sample.

    Parameters
    ----------
    W : array_like, shape (D, K)
    x : array_like, shape (D,)
    b : array_like, shape (K,), optional
    temperature : float
        Softmax temperature ``T > 0``.

    Returns
    -------
    Analysis
        ``norms`` (K,), ``sample_norm``, ``cosines`` and ``angles`` (K,) with NaN
        where ``w_k`` or ``x`` is zero, ``logits`` ``z = W^T x + b``,
        ``probabilities = softmax(z / T)``, ``predicted = argmax z`` and ``winners``, every
        class that ties for the largest logit (:func:`winners`).
    """
    W = np.asarray(W, dtype=float)
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be (D,), got shape {x.shape}")
    z = logits(W, x, b)
    p = softmax(z, temperature)
    return Analysis(
        norms=safe_norms(W),
        sample_norm=float(safe_norms(x)),
        cosines=cosines(W, x),
        angles=angles(W, x),
        logits=z,
        probabilities=p,
        predicted=int(np.argmax(z)),
        winners=_tied(W, x, as_bias(b, W.shape[1]), z),
    )


def winners(W, x, b=None) -> tuple[int, ...]:
    """The classes whose logit ``z_k = w_k^T x + b_k`` is the largest, ties included, in class order.

    A tie is decided within the rounding of the numbers: ``z_k`` ties the largest ``z_m`` where
    ``z_m - z_k <= slack_k + slack_m`` (:func:`logit_slack`). x = (1.1, 2.1) lies on the
    border of w1 = (2.5, 0) and w2 = (0.4, 1.1): z1 = z2 = 2.75, which floats compute as
    2.75 and 2.7500000000000004, and "w2 wins" would be false.

    Parameters
    ----------
    W : array_like, shape (D, K)
    x : array_like, shape (D,)
    b : array_like, shape (K,), optional

    Returns
    -------
    tuple of int
        At least one index; more than one only for a tie.
    """
    W = np.asarray(W, dtype=float)
    x = np.asarray(x, dtype=float)
    b = as_bias(b, W.shape[1])
    return _tied(W, x, b, logits(W, x, b))


def logit_slack(W, x, b=None) -> np.ndarray:
    """How far each logit may be from its exact value by rounding alone, shape (K,).

    ``(D + 3) eps s_k`` with ``s_k = sum_d |w_dk x_d| + |b_k|``: a bound on the rounding of the
    typed decimals to floats and of their sum. Two logits within ``slack_j + slack_k`` of each
    other may be equal, so they tie (:func:`winners`) and may read the same.

    Parameters
    ----------
    W : array_like, shape (D, K)
    x : array_like, shape (D,)
    b : array_like, shape (K,), optional
    """
    W = np.asarray(W, dtype=float)
    x = np.asarray(x, dtype=float)
    size = np.abs(W * x[:, None]).sum(axis=0) + np.abs(as_bias(b, W.shape[1]))
    return (W.shape[0] + 3) * np.finfo(float).eps * size


def cosine_slack(W, x) -> np.ndarray:
    """How far each cosine may be from its exact value by rounding alone, shape (K,).

    ``(3 D + 7) eps``: :func:`cosines` rounds each unit vector (``(D + 2) eps`` each) and their
    dot product (``(D + 3) eps``, its terms summing to at most 1). Two cosines within
    ``2 (3 D + 7) eps`` of each other may be equal and may read the same.

    Parameters
    ----------
    W : array_like, shape (D, K)
    x : array_like, shape (D,)
    """
    D, K = np.shape(W)
    return np.full(K, (3 * D + 7) * np.finfo(float).eps)


def angle_slack(W, x) -> np.ndarray:
    """How far each angle (radians) may be from its exact value by rounding alone, shape (K,).

    :func:`angles` takes half the angle from the unit vectors' difference and sum, whose rounding
    it moves by at most as much as the unit vectors' own: the bound of :func:`cosine_slack`.
    Like it, it depends on ``D`` alone; ``x`` is taken so that every slack takes ``(W, x)``.

    Parameters
    ----------
    W : array_like, shape (D, K)
    x : array_like, shape (D,)
    """
    return cosine_slack(W, x)


def probability_slack(z, z_slack, temperature: float = 1.0) -> np.ndarray:
    """How far each softmax probability may be from its exact value by rounding, shape (K,).

    ``p_k (2 max_j slack_j / T + eps (|z_k| + max |z|) / T + (K + 4) eps)``: a logit moved by
    ``dz`` moves ``p_k`` by ``p_k (dz_k - sum_j p_j dz_j) / T``, then the shift by the largest
    logit, ``exp`` and the sum round. Classes whose logits tie within :func:`logit_slack` have
    probabilities within the sum of these, so they read alike too.

    Parameters
    ----------
    z : array_like, shape (K,)
        Logits.
    z_slack : array_like, shape (K,)
        Their slack, :func:`logit_slack`.
    temperature : float
    """
    z = np.asarray(z, dtype=float)
    p = softmax(z, temperature)
    eps = np.finfo(float).eps
    shifted = eps * np.abs(z) + eps * np.max(np.abs(z))  # scaled before the sum: 2e308 is inf
    return p * ((2.0 * np.max(z_slack) + shifted) / temperature + (z.size + 4) * eps)


def _tied(W: np.ndarray, x: np.ndarray, b: np.ndarray, z: np.ndarray) -> tuple[int, ...]:
    top = int(np.argmax(z))
    # Each slack scaled before the sum: a slack summed from sizes overflowed at |b| = 1e308, and
    # an infinite slack made every class a winner.
    slack = logit_slack(W, x, b)
    return tuple(int(k) for k in np.flatnonzero(z >= z[top] - (slack + slack[top])))


@dataclass(frozen=True)
class Regions:
    """Argmax class and its probability on a grid.

    ``xs`` (R,) and ``ys`` (R,) are the grid coordinates; ``classes`` and
    ``probabilities`` are (R, R), indexed ``[row = y, column = x]`` like an image
    with y increasing upwards.
    """

    xs: np.ndarray
    ys: np.ndarray
    classes: np.ndarray
    probabilities: np.ndarray


def grid(extent, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell-centred grid over ``extent = (xmin, xmax, ymin, ymax)``.

    Returns ``xs`` (R,), ``ys`` (R,) and the points ``P`` (2, R*R), row-major in y.
    """
    xmin, xmax, ymin, ymax = map(float, extent)
    r = int(resolution)
    xs = xmin + (np.arange(r) + 0.5) * (xmax - xmin) / r
    ys = ymin + (np.arange(r) + 0.5) * (ymax - ymin) / r
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.stack([gx.ravel(), gy.ravel()])


def decision_regions(
    W, b, extent, resolution: int, *, temperature: float = 1.0, normalize_x: bool = False
) -> Regions:
    """Predicted class and its probability at every grid point of the plane.

    Parameters
    ----------
    W : array_like, shape (2, K)
    b : array_like, shape (K,) or None
    extent : (xmin, xmax, ymin, ymax)
    resolution : int
        Grid points per axis, R.
    temperature : float
    normalize_x : bool
        Evaluate each grid point as the unit vector in its direction (the
        NormFace view), so the regions become wedges.

    Returns
    -------
    Regions
        ``classes[r, c]`` is ``argmax_k z_k`` at ``(xs[c], ys[r])``.
    """
    xs, ys, P = grid(extent, resolution)
    if normalize_x:
        P = normalize_columns(P)
    Z = logits(W, P, b)
    prob = softmax(Z, temperature)
    cls = np.argmax(Z, axis=0)
    shape = (len(ys), len(xs))
    top = np.take_along_axis(prob, cls[None, :], axis=0)[0]
    return Regions(xs, ys, cls.reshape(shape), top.reshape(shape))


@dataclass(frozen=True)
class Border:
    """A segment of the border between classes ``i`` and ``j``: from ``start`` to ``end``."""

    i: int
    j: int
    start: tuple[float, float]
    end: tuple[float, float]


def _clip_line(a, c, extent):
    """The segment of the line ``a . p + c = 0`` inside the box, or None."""
    xmin, xmax, ymin, ymax = extent
    # hypot, not sqrt(a . a): a . a underflows to 0 for |a| ~ 1e-170 although the line is real.
    n = float(np.hypot(a[0], a[1]))
    if n == 0:
        return None
    # A point on the line and its direction; t runs along the direction.
    a_hat = a / n
    with np.errstate(over="ignore", invalid="ignore"):
        p0 = -(c / n) * a_hat
    if not np.all(np.isfinite(p0)):  # |c| / |a| overflows: the line is farther than any box
        return None
    d = np.array([-a_hat[1], a_hat[0]])
    lo, hi = -np.inf, np.inf
    for axis, (low, high) in enumerate(((xmin, xmax), (ymin, ymax))):
        if abs(d[axis]) < 1e-15:
            if not low <= p0[axis] <= high:
                return None
            continue
        t1, t2 = (low - p0[axis]) / d[axis], (high - p0[axis]) / d[axis]
        lo, hi = max(lo, min(t1, t2)), min(hi, max(t1, t2))
    if not lo < hi:
        return None
    return p0, d, lo, hi


# Relative size under which a quantity in region_borders counts as rounding noise.
PARALLEL = 1e-12


def region_borders(W, b, extent) -> list[Border]:
    """Segments of the pairwise lines ``(w_i - w_j)^T x + (b_i - b_j) = 0`` that are real borders.

    A point of the line between i and j is a border only where i and j tie for
    the largest logit; elsewhere a third class wins and the line is hidden.

    Parameters
    ----------
    W : array_like, shape (2, K)
    b : array_like, shape (K,) or None
    extent : (xmin, xmax, ymin, ymax)

    Returns
    -------
    list of Border
        Identical or parallel weight pairs have no border (one class always wins
        or the two always tie), so they contribute nothing.
    """
    W = np.asarray(W, dtype=float)
    k = W.shape[1]
    b = as_bias(b, k)
    # Scale so the arithmetic below stays finite for huge weights (|Ws|, |bs| < 2). A power of two
    # divides exactly, so the differences below are those of the given weights.
    top = max(float(np.max(np.abs(W))), float(np.max(np.abs(b))), 1e-300)
    scale = float(np.ldexp(1.0, np.frexp(top)[1] - 1))
    Ws, bs = W / scale, b / scale
    out: list[Border] = []
    for i in range(k):
        for j in range(i + 1, k):
            a, c = Ws[:, i] - Ws[:, j], bs[i] - bs[j]
            if not np.any(a):
                continue
            seg = _clip_line(a, c, extent)
            if seg is None:
                continue
            p0, d, lo, hi = seg
            # z_i - z_k along the line is linear in t: alpha + beta t >= 0 for every k.
            for m in range(k):
                if m in (i, j):
                    continue
                e = Ws[:, i] - Ws[:, m]
                # The biases' difference first: (e . p0 + b_i) - b_m would round e . p0 ~ 1e-16
                # away against biases of 1, though equal biases cancel exactly.
                alpha, beta = e @ p0 + (bs[i] - bs[m]), e @ d
                # Parallel lines, judged relative to the size of the terms: an absolute cut-off
                # would call every line parallel once the weights are small next to the biases
                # (weights 1e-16, biases 1). A tilt of 1e-12 relative to e is rounding; its
                # crossing, if real, ties class m within 1e-12 all along the segment anyway.
                if abs(beta) <= PARALLEL * np.hypot(e[0], e[1]):
                    # z_i - z_m is constant along the line: m wins all of it only if it is ahead
                    # by more than rounding (three classes tying along one line keep the border).
                    noise = np.hypot(e[0], e[1]) * np.hypot(p0[0], p0[1]) + abs(bs[i] - bs[m])
                    if alpha < -PARALLEL * noise:
                        lo, hi = 1.0, 0.0
                    continue
                with np.errstate(over="ignore"):  # a tie past float range: +-inf is its limit
                    t = -alpha / beta
                if beta > 0:
                    lo = max(lo, t)
                else:
                    hi = min(hi, t)
            if lo < hi:
                s, e_ = p0 + lo * d, p0 + hi * d
                out.append(Border(i, j, (float(s[0]), float(s[1])), (float(e_[0]), float(e_[1]))))
    return out


@dataclass(frozen=True)
class DirectionBorders:
    """Directions ``phi`` (M,) in (-pi, pi] where the winner changes between classes ``i`` (M,) and
    ``j`` (M,), ``i < j``: the borders of the wedges of a classifier that sees only x's direction."""

    phi: np.ndarray
    i: np.ndarray
    j: np.ndarray


def border_directions(W, b=None) -> DirectionBorders:
    """Directions where the top class changes for a normalised sample, ``x = u(phi) = (cos phi, sin phi)``.

    With x normalised the logits ``z_k(phi) = w_k^T u(phi) + b_k`` depend only on the direction, so
    the decision regions are wedges from the origin and their borders are rays. Classes ``i`` and
    ``j`` tie where ``(w_i - w_j)^T u = b_j - b_i``, that is ``A cos phi + B sin phi = C`` with
    ``(A, B) = w_i - w_j`` and ``C = b_j - b_i``. With ``R = hypot(A, B)`` and ``phi_0 = atan2(B, A)``
    this is ``R cos(phi - phi_0) = C``, so

        phi = phi_0 +- arccos(C / R)    where |C| < R.

    A root is a border only where ``i`` and ``j`` are the top two, i.e. no third class ``m`` is
    ahead: ``(w_m - w_i)^T u + (b_m - b_i) <= 0``, differences taken first so that biases of 1 do
    not round away weights of 1e-16. Every pair is solved at once (no loop over pairs).

    Parameters
    ----------
    W : array_like, shape (2, K)
        Class weights as columns (already normalised if the classifier normalises them).
    b : array_like, shape (K,), optional
        Biases; zeros if omitted.

    Returns
    -------
    DirectionBorders
        ``phi``, ``i``, ``j`` of shape (M,), ordered by pair ``(i, j)`` then ``phi``. Between two
        consecutive directions (around the circle) one class wins; across each the winner changes.

    Notes
    -----
    Singular cases:

    - ``w_i = w_j`` (a zero row ``(A, B) = 0``, e.g. two equal or two zero weights): ``z_i - z_j``
      is the constant ``b_i - b_j``. One class always beats the other, or (equal biases) they tie
      everywhere and the tie goes to the lower index: the winner never changes, no border.
    - ``|C| > R``: no solution, one class is ahead in every direction.
    - ``|C| = R``: a double root where ``z_i - z_j`` touches 0 without changing sign (the two tie
      in one direction only, the same class wins on both sides), so it is no border.
    - Three or more classes tying for the top in one direction: a third class tying ``i`` and
      ``j`` (within a relative 1e-12, rounding) does not hide the root, so the ray is kept (once
      for each pair that ties there).
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != 2:
        raise ValueError(f"W must be (2, K), got shape {W.shape}")
    k = W.shape[1]
    b = as_bias(b, k)
    empty = DirectionBorders(np.zeros(0), np.zeros(0, dtype=int), np.zeros(0, dtype=int))
    if k < 2:
        return empty
    # Scale by a power of two (exact, so the differences are those of the given values) to keep
    # hypot and the dot products finite for huge weights: |Ws|, |bs| < 2.
    top = max(float(np.max(np.abs(W))), float(np.max(np.abs(b))), 1e-300)
    scale = float(np.ldexp(1.0, np.frexp(top)[1] - 1))
    Ws, bs = W / scale, b / scale
    i, j = np.triu_indices(k, 1)
    A, B = Ws[0, i] - Ws[0, j], Ws[1, i] - Ws[1, j]
    C = bs[j] - bs[i]
    R = np.hypot(A, B)
    # |C| < R excludes the zero rows (R = 0), the pairs with no solution and the double roots.
    ok = np.abs(C) < R
    i, j, A, B, C, R = i[ok], j[ok], A[ok], B[ok], C[ok], R[ok]
    phi0 = np.arctan2(B, A)
    half = np.arccos(C / R)
    phi = np.concatenate([phi0 - half, phi0 + half])
    i, j = np.concatenate([i, i]), np.concatenate([j, j])
    # Into (-pi, pi]: atan2 of the unit vector does it without a branch on the boundaries.
    phi = np.arctan2(np.sin(phi), np.cos(phi))
    U = np.stack([np.cos(phi), np.sin(phi)])  # (2, M)
    # z_m - z_i at each root for every class m, (K, M): the weights' and biases' differences first.
    dW = Ws[:, :, None] - Ws[:, i][:, None, :]  # (2, K, M)
    lead = (dW * U[:, None, :]).sum(axis=0) + (bs[:, None] - bs[i][None, :])
    noise = np.hypot(dW[0], dW[1]) + np.abs(bs[:, None] - bs[i][None, :])
    ahead = lead > PARALLEL * noise
    m = np.arange(k)[:, None]
    ahead &= (m != i[None, :]) & (m != j[None, :])
    keep = ~ahead.any(axis=0)
    order = np.lexsort((phi[keep], j[keep], i[keep]))
    return DirectionBorders(phi[keep][order], i[keep][order], j[keep][order])


def wedge_borders(W, b, extent) -> list[Border]:
    """The borders of a classifier that sees only x's direction: rays from the origin, clipped to the box.

    The rays point along :func:`border_directions`; each runs from the origin (or where it enters
    the box) to the edge of ``extent = (xmin, xmax, ymin, ymax)``. This is what the decision
    regions of :func:`decision_regions` with ``normalize_x=True`` look like, whatever the biases.

    Parameters
    ----------
    W : array_like, shape (2, K)
    b : array_like, shape (K,) or None
    extent : (xmin, xmax, ymin, ymax)

    Returns
    -------
    list of Border
        One segment per ray that meets the box, in the order of :func:`border_directions`.
    """
    rays = border_directions(W, b)
    xmin, xmax, ymin, ymax = map(float, extent)
    out: list[Border] = []
    for phi, i, j in zip(rays.phi, rays.i, rays.j, strict=True):
        d = (float(np.cos(phi)), float(np.sin(phi)))
        # The ray is t d with t >= 0; each axis's slab low <= t d_k <= high narrows [lo, hi]. Where
        # the ray leaves the box, that coordinate is set to the box's edge itself: t d_k would round
        # (4 / d_k * d_k need not be 4).
        lo, hi = 0.0, np.inf
        start, end = [0.0, 0.0], [0.0, 0.0]
        for axis, (low, high) in enumerate(((xmin, xmax), (ymin, ymax))):
            dk = d[axis]
            if dk == 0.0:
                if not low <= 0.0 <= high:
                    lo, hi = 1.0, 0.0
                continue
            (t_in, edge_in), (t_out, edge_out) = sorted(((low / dk, low), (high / dk, high)))
            if t_in > lo:
                lo, start = t_in, [t_in * d[0], t_in * d[1]]
                start[axis] = edge_in
            if t_out < hi:
                hi, end = t_out, [t_out * d[0], t_out * d[1]]
                end[axis] = edge_out
        if lo < hi:
            out.append(Border(int(i), int(j), (start[0] + 0.0, start[1] + 0.0), (end[0], end[1])))
    return out


@dataclass(frozen=True)
class BatchAnalysis:
    """``analyze`` for N samples at once: arrays are (K, N) unless noted."""

    norms: np.ndarray  # (K,)
    sample_norms: np.ndarray  # (N,)
    cosines: np.ndarray
    angles: np.ndarray
    logits: np.ndarray
    probabilities: np.ndarray
    predicted: np.ndarray  # (N,)


def analyze_batch(W, X, b=None, temperature: float = 1.0) -> BatchAnalysis:
    """Column-wise ``analyze``: ``Z = W^T X + b`` (b broadcast along the columns), softmax down each column.

    Parameters
    ----------
    W : array_like, shape (D, K)
    X : array_like, shape (D, N)
        Samples as columns; a (D,) sample is treated as N = 1.
    b : array_like, shape (K,), optional
    temperature : float

    Returns
    -------
    BatchAnalysis
        Column n equals ``analyze(W, X[:, n], b, temperature)``.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    Z = logits(W, X, b)
    return BatchAnalysis(
        norms=safe_norms(W),
        sample_norms=safe_norms(X),
        cosines=cosines(W, X),
        angles=angles(W, X),
        logits=Z,
        probabilities=softmax(Z, temperature),
        predicted=np.argmax(Z, axis=0),
    )


def dot_terms(w, x) -> np.ndarray:
    """The terms ``w_d x_d`` of ``w^T x = sum_d w_d x_d`` (shape (D,)), for writing it out."""
    return np.asarray(w, dtype=float) * np.asarray(x, dtype=float)
