"""Training as pure NumPy: a linear classifier and a small MLP learn with softmax or any margin loss.

Conventions as in :mod:`softmaxviz.core`: ``W`` is ``(D, K)`` with the class weights ``w_k`` as
columns, ``X`` is ``(D, N)`` with the samples as columns, ``b`` is ``(K,)``, labels ``y`` are
``(N,)`` ints in ``[0, K)``, and angles are radians. Images (Part B) are rows, ``(N, P)``, as
scikit-learn gives them; :meth:`FeatureFit.embed` returns columns again.

Every loss is the mean over the samples of the margin cross-entropy of :mod:`softmaxviz.margins`,

    L(W, b) = (1/N) sum_n L_kind(W, x_n, y_n)   (+ (weight_decay / 2) ||W||_F^2 in fit_linear),

computed for all samples at once by :func:`batch_margin` (the tests check it sample by sample
against :func:`softmaxviz.margins.margin_loss` and :func:`~softmaxviz.margins.margin_gradients`).

Part A, :func:`fit_linear`: gradient descent on ``W`` and ``b`` of a linear classifier on 2D or 3D
points from :func:`make_data`. It is resumable: pass the returned weights back as ``W0``, ``b0``
(and ``start_step`` for mini-batches) and a run in chunks equals one long run.

Part B, :func:`fit_features`: the MLP of :mod:`softmaxviz.mlp` maps the 8x8 digits of
:func:`load_digits` to a 2D or 3D feature, followed by a loss head ``W`` ``(dim, K)`` (with a bias
for softmax only). Resumable too: pass the returned :class:`FeatureFit` back as ``state``.

Seeds: ``numpy.random.default_rng`` seeded with ``(seed, purpose, ...)`` tuples, so the weight
initialisation, the MLP initialisation and each epoch's shuffle draw from independent streams and
a result depends only on the seed and the number of steps or epochs done, not on how they were
split into calls.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import ThreadpoolController

from softmaxviz.core import ZERO_NORM, angles, as_bias, safe_norms, softmax
from softmaxviz.kinds import KINDS, Kind

# The per-kind target logits and the parameter checks are margins' own: one source of the formulas,
# so the batched loss here cannot drift from the one-sample loss the margin lab shows.
from softmaxviz.margins import _TARGETS, _resolve
from softmaxviz.mlp import AdamState, adam_init, adam_step, init_mlp, mlp_backward, mlp_forward
from softmaxviz.strings import Invalid

__all__ = [
    "DATASETS",
    "FEATURE_EPOCHS",
    "HEAD_INITS",
    "WARMUP_EPOCHS",
    "BatchMargin",
    "Divergence",
    "FeatureFit",
    "FeatureHistory",
    "LinearFit",
    "batch_margin",
    "fit_features",
    "fit_linear",
    "held_out_split",
    "init_weights",
    "inter_angle",
    "intra_angle",
    "load_digits",
    "make_data",
    "predict",
]

# Purposes that split one seed into independent random streams (see the module docstring).
_INIT, _SHUFFLE, _MLP = 1, 2, 3


# --- the loss of a batch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchMargin:
    """The margin loss of N samples at once, and its gradients.

    Attributes
    ----------
    logits : ndarray, shape (K, N)
        Column n is ``margin_logits(W, X[:, n], y[n], kind)``.
    losses : ndarray, shape (N,)
        ``losses[n]`` is ``margin_loss(W, X[:, n], y[n], kind)``.
    loss : float
        Their mean.
    predicted : ndarray of int, shape (N,)
        The class with the largest logit *without* the margin (see :func:`predict`).
    dW : ndarray, shape (D, K), or None
        Gradient of the mean loss: ``(1/N) sum_n margin_gradients(W, X[:, n], y[n], kind)[0]``.
    db : ndarray, shape (K,), or None
        Gradient of the mean loss with respect to softmax's bias (zeros for the other kinds,
        which have none).
    dX : ndarray, shape (D, N), or None
        Column n is ``(1/N) margin_gradients(W, X[:, n], y[n], kind)[1]``.
    """

    logits: np.ndarray
    losses: np.ndarray
    loss: float
    predicted: np.ndarray
    dW: np.ndarray | None = None
    db: np.ndarray | None = None
    dX: np.ndarray | None = None


def batch_margin(W, X, y, kind: str, *, gradients: bool = True, **params) -> BatchMargin:
    """:func:`~softmaxviz.margins.margin_loss` and its gradients for every column of ``X`` at once.

    Same formulas, conventions, parameters and singular points as
    :func:`~softmaxviz.margins.margin_gradients`, vectorised over the samples: with
    ``G = dL_n/dZ = softmax(Z) - e_y`` (each column's target entry computed as minus the sum of the
    others, so a confident sample keeps its gradient) softmax gives ``dW = X G^T / N``,
    ``db = G 1 / N`` and ``dX = W G / N``. The other kinds write ``z_jn = S_jn F_jn(theta_jn)``;
    for the plain cosine of a non-target class the chain through the angle collapses to
    ``dc/dw_j = (x̂ - c ŵ_j)/||w_j||`` and ``dc/dx = (ŵ_j - c x̂)/||x||``, so their sums over
    samples are two matrix products; only the target's term goes through its angle, exactly as in
    ``margin_gradients`` (no ``1/sin theta`` is formed).

    Parameters
    ----------
    W : array_like, shape (D, K)
    X : array_like, shape (D, N)
        Samples as columns; every kind but softmax needs each of them non-zero.
    y : array_like of int, shape (N,)
        Labels in [0, K).
    kind : str
        A key of :data:`softmaxviz.kinds.KINDS`.
    gradients : bool
        Also compute ``dW``, ``db`` and ``dX`` (else they are None).
    **params
        The kind's parameters (softmax's bias as ``b``), defaults from the registry.

    Returns
    -------
    BatchMargin

    Raises
    ------
    ValueError
        As :func:`~softmaxviz.margins.margin_logits`, naming the first zero sample or weight.
    """
    spec, p = _resolve(kind, params)
    W, X, y = _check_batch(W, X, y)
    b = as_bias(p.get("b"), W.shape[1], finite=True, who="softmax: ")
    return _head_pass(spec, p, W, X, y, b, gradients=gradients)


def predict(W, X, kind: str = "softmax", b=None) -> np.ndarray:
    """The predicted class of every sample: the largest logit *without* a margin.

    A margin only moves the target logit while training; a prediction knows no target. So softmax
    and L-Softmax predict ``argmax_k w_k^T x + b_k`` and the kinds that normalise ``w``
    (NormFace, SphereFace, CosFace, AM-Softmax, ArcFace, combined) ``argmax_k cos theta_k``, the
    nearest class weight in angle (their scales ``s ||x||`` are the same for every class).

    Parameters
    ----------
    W : array_like, shape (D, K)
    X : array_like, shape (D, N)
    kind : str
    b : array_like, shape (K,), optional
        softmax's bias; ignored by the other kinds.

    Returns
    -------
    ndarray of int, shape (N,)
        Ties go to the lower index; a zero sample of an angular kind gets class 0.
    """
    spec = KINDS[kind.name if isinstance(kind, Kind) else kind]
    W = np.asarray(W, dtype=float)
    X = np.asarray(X, dtype=float)
    return _predict(spec, W, X, as_bias(b, W.shape[1]))


def _predict(spec: Kind, W: np.ndarray, X: np.ndarray, b: np.ndarray) -> np.ndarray:
    if spec.normalizes_w:
        wn = safe_norms(W, axis=0)
        return np.argmax((W / np.where(wn > ZERO_NORM, wn, 1.0)).T @ X, axis=0)
    return np.argmax(W.T @ X + (b[:, None] if spec.has_bias else 0.0), axis=0)


def _check_batch(W, X, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    W = np.asarray(W, dtype=float)
    X = np.asarray(X, dtype=float)
    if W.ndim != 2 or W.shape[1] < 1:
        raise ValueError(f"W must be (D, K) with K >= 1, got shape {W.shape}")
    if X.ndim != 2 or X.shape[0] != W.shape[0]:
        raise ValueError(f"X must be ({W.shape[0]}, N) to match W {W.shape}, got shape {X.shape}")
    if not (np.isfinite(W).all() and np.isfinite(X).all()):
        raise ValueError("W and X must be finite")
    return W, X, _labels(y, X.shape[1], W.shape[1])


def _labels(y, n: int, k: int | None) -> np.ndarray:
    """``y`` as an int array of shape (n,) with labels in [0, k) (any k >= 0 when k is None)."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"y must have shape ({n},), got {y.shape}")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must hold integer class indices, got dtype {y.dtype}")
    y = y.astype(np.intp)
    if y.size and (y.min() < 0 or (k is not None and y.max() >= k)):
        bad = y[(y < 0) | (y >= (k if k is not None else np.inf))][0]
        raise ValueError(f"labels must be in [0, {k}), got {bad}")
    return y


def _head_pass(
    spec: Kind, p: Mapping, W: np.ndarray, X: np.ndarray, y: np.ndarray, b: np.ndarray, *, gradients: bool
) -> BatchMargin:
    """:func:`batch_margin` without the checks: ``p`` resolved, ``b`` (K,) (zeros but for softmax)."""
    n = X.shape[1]
    cols = np.arange(n)
    if not spec.angular:
        Z = W.T @ X + b[:, None]
        losses = _cross_entropies(Z, y, cols)
        predicted = np.argmax(Z, axis=0)
        if not gradients:
            return BatchMargin(Z, losses, float(losses.mean()), predicted)
        G = _loss_slopes(Z, y, cols) / n
        return BatchMargin(Z, losses, float(losses.mean()), predicted, X @ G.T, G.sum(axis=1), W @ G)

    wn, xn = safe_norms(W, axis=0), safe_norms(X, axis=0)
    _require_directions(wn, xn, spec.name)
    W_hat, X_hat = W / wn, X / xn
    C = np.clip(W_hat.T @ X_hat, -1.0, 1.0)
    # Only the target's angle is needed (its F is not a plain cosine), in Kahan's form as margins.
    W_y, c_y = W_hat[:, y], C[y, cols]
    theta_y = 2.0 * np.arctan2(np.linalg.norm(W_y - X_hat, axis=0), np.linalg.norm(W_y + X_hat, axis=0))
    F_y, dF_y = _TARGETS[spec.name](theta_y, c_y, p)
    s = p.get("s", 1.0)
    wf = np.ones_like(wn) if spec.normalizes_w else wn
    xf = np.ones_like(xn) if spec.normalizes_x else xn
    S = s * wf[:, None] * xf[None, :]
    F = C.copy()
    F[y, cols] = F_y
    Z = S * F
    losses = _cross_entropies(Z, y, cols)
    # The prediction knows no margin: the plain logits S C, whose argmax is _predict's.
    predicted = np.argmax(S * C, axis=0)
    if not gradients:
        return BatchMargin(Z, losses, float(losses.mean()), predicted)

    G = _loss_slopes(Z, y, cols) / n
    # dL/dz_jn * S_jn / ||w_j|| and dL/dz_jn * S_jn / ||x_n||, without dividing a norm by itself.
    a_w = G * s * xf[None, :]
    if spec.normalizes_w:
        a_w = a_w / wn[:, None]
    a_x = G * s * wf[:, None]
    if spec.normalizes_x:
        a_x = a_x / xn[None, :]
    target = np.zeros_like(G, dtype=bool)
    target[y, cols] = True
    # Non-target entries: F = cos theta, whose angle chain is the cosine's gradient.
    other_w, other_x = np.where(target, 0.0, a_w), np.where(target, 0.0, a_x)
    dW = X_hat @ other_w.T - W_hat * (other_w * C).sum(axis=1)
    dX = W_hat @ other_x - X_hat * (other_x * C).sum(axis=0)
    # Where the norm is not normalised away, its own derivative: dS/dw_j = (S/||w_j||) ŵ_j.
    if not spec.normalizes_w:
        dW += W_hat * (a_w * F).sum(axis=1)
    if not spec.normalizes_x:
        dX += X_hat * (a_x * F).sum(axis=0)
    # Target entries: -F'(theta_y) times the unit direction of dc/dw (resp. dc/dx), as margins does.
    u_w = _tangents(X_hat, W_y, theta_y)
    u_x = _tangents(W_y, X_hat, theta_y)
    dW += (u_w * (-dF_y * a_w[y, cols])) @ target.T.astype(float)
    dX += u_x * (-dF_y * a_x[y, cols])
    return BatchMargin(Z, losses, float(losses.mean()), predicted, dW, np.zeros(W.shape[1]), dX)


def _require_directions(wn: np.ndarray, xn: np.ndarray, kind: str) -> None:
    zero = np.flatnonzero(xn <= ZERO_NORM)
    if zero.size:
        raise Invalid("zero_sample", n=int(zero[0]) + 1, kind=kind)
    zero = np.flatnonzero(wn <= ZERO_NORM)
    if zero.size:
        raise Invalid("zero_weight", k=int(zero[0]) + 1, kind=kind)


def _cross_entropies(Z: np.ndarray, y: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``L_n = log sum_j e^{z_jn - z_yn}`` per column, as margins' one-sample cross-entropy.

    With ``U = Z - z_y`` (the target's own entry 0) and ``top = max_j U_j``,
    ``L = top + log1p(sum of e^{U_j - top} over every j but one maximal one)``: that one term is
    exactly 1 and is left out, so a confident sample's 1e-32 is not lost against 1.
    """
    U = Z - Z[y, cols]
    top_k = np.argmax(U, axis=0)
    top = U[top_k, cols]
    E = np.exp(U - top)
    E[top_k, cols] = 0.0
    return top + np.log1p(E.sum(axis=0))


def _loss_slopes(Z: np.ndarray, y: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``G = softmax(Z) - e_y`` per column, with ``G_yn = -sum_{j != y} p_jn`` (not ``p_yn - 1``)."""
    G = softmax(Z)
    G[y, cols] = 0.0
    G[y, cols] = -G.sum(axis=0)
    return G


# Below this angle (radians) between a sample and its class weight the direction of the tangent
# x̂ - c ŵ is lost in rounding: unit vectors carry errors of ~1e-16, so its direction would be off
# by ~1e-16 / theta. There the target is treated as sitting on its kink at theta = 0, whose
# generalised gradient contains 0 (see margin_gradients).
_NO_DIRECTION = 1e-8


def _tangents(A: np.ndarray, B: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Unit columns along the part of ``A[:, n]`` orthogonal to ``B[:, n]`` (both unit columns).

    0 where ``theta`` (their angle) is below _NO_DIRECTION or pi minus it: there is no direction.
    Removing the ``B`` part twice leaves none of it: once, a rounding-sized radial residue would
    remain and, normalised, point along ``B`` when ``A = B`` up to an ulp.
    """
    R = A - B * np.sum(A * B, axis=0)
    R = R - B * np.sum(R * B, axis=0)
    n = np.linalg.norm(R, axis=0)
    defined = (n > 0) & (theta > _NO_DIRECTION) & (theta < np.pi - _NO_DIRECTION)
    return np.divide(R, n, out=np.zeros_like(R), where=defined)


def _paired_angles(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The angle between ``A[:, k]`` and ``B[:, k]`` for each k (Kahan's form); NaN for a zero column."""
    an, bn = safe_norms(A, axis=0), safe_norms(B, axis=0)
    U, V = A / np.where(an > ZERO_NORM, an, 1.0), B / np.where(bn > ZERO_NORM, bn, 1.0)
    theta = 2.0 * np.arctan2(np.linalg.norm(U - V, axis=0), np.linalg.norm(U + V, axis=0))
    return np.where((an > ZERO_NORM) & (bn > ZERO_NORM), theta, np.nan)


# --- weights spread evenly --------------------------------------------------------------------------


def init_weights(D: int, K: int, seed: int = 0, *, norm: float = 1.0, near=None) -> np.ndarray:
    """K class weights of length ``norm`` spread evenly over the directions of D-space.

    The cold-start remedy: weights drawn at random can start two classes in nearly the same
    direction, and an angular loss (whose gradient is tangential) then pulls both classes' samples
    into one wedge before it can push them apart; with a 2D feature they may never separate.

    - D = 2: a regular K-gon, ``phi_k = phi_0 + 2 pi k / K``, with ``phi_0`` drawn from the seed.
    - K <= D + 1: the vertices of a regular simplex, pairwise angle ``arccos(-1/(K - 1))``.
    - otherwise: K charges on the unit sphere that repel each other (Thomson's problem, 600 steps
      from a seeded start), e.g. the triangular bipyramid for K = 5 and the octahedron for K = 6
      in 3D.

    The set is then turned by a random rotation from the seed, so a seed fixes the directions.

    Spread evenly but blind to the data, a weight can start opposite its own class's samples. An
    angular loss barely moves it there: its gradient carries ``d cos theta / d theta = -sin theta``,
    which vanishes at ``theta = pi``, so the class can stay on another class's weight. With
    ``near`` (e.g. each class's mean feature) the weights are spread starting from those
    directions instead: in 2D the K-gon's vertices go to the classes in the angular order of
    ``near``, turned to fit it best (``phi_0`` the circular mean of ``phi(near_k) - 2 pi i_k / K``);
    otherwise the charges start at ``near`` and repel, so neighbours stay neighbours.

    Parameters
    ----------
    D, K : int
        Dimension >= 1 and number of classes >= 1 (with D = 1 only the signs alternate).
    seed : int
    norm : float
        The length of every column, > 0.
    near : array_like, shape (D, K), optional
        Directions to start from; a zero column gets a direction from the seed.

    Returns
    -------
    ndarray, shape (D, K)
    """
    D, K = _positive_int("D", D), _positive_int("K", K)
    if not norm > 0:
        raise ValueError(f"norm must be > 0, got {norm}")
    rng = np.random.default_rng((_seed(seed), _INIT))
    if near is not None:
        near = np.asarray(near, dtype=float)
        if near.shape != (D, K) or not np.isfinite(near).all():
            raise ValueError(f"near must be a finite ({D}, {K}) array, got shape {near.shape}")
        V = _spread_from(near, rng)
        return norm * V / np.linalg.norm(V, axis=0)
    if D == 1:
        return norm * np.where(np.arange(K) % 2 == 0, 1.0, -1.0)[None, :] * rng.choice([-1.0, 1.0])
    if D == 2:
        phi = rng.uniform(0.0, 2.0 * np.pi) + 2.0 * np.pi * np.arange(K) / K
        return norm * np.stack([np.cos(phi), np.sin(phi)])
    if K <= D + 1:
        # The centred unit vectors e_k - 1/K span a (K-1)-space; their coordinates in an orthonormal
        # basis of it (from the SVD) are a regular simplex, padded with zeros up to D.
        E = np.eye(K) - 1.0 / K
        U = np.linalg.svd(E)[0][:, : max(K - 1, 1)]
        V = np.zeros((D, K))
        V[: U.shape[1]] = U.T @ E
        if K == 1:
            V[0, 0] = 1.0
    else:
        V = _repel(rng.normal(size=(D, K)))
    Q, R = np.linalg.qr(rng.normal(size=(D, D)))
    Q = Q * np.where(np.diag(R) < 0, -1.0, 1.0)  # a uniformly random rotation (Haar measure)
    V = Q @ V
    return norm * V / np.linalg.norm(V, axis=0)


def _spread_from(near: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """K directions spread evenly, each starting from (2D: in the angular order of) ``near``'s column."""
    D, K = near.shape
    lengths = np.linalg.norm(near, axis=0)
    start = np.where(lengths > ZERO_NORM, near, rng.normal(size=(D, K)))
    if D == 1:
        return np.where(start >= 0, 1.0, -1.0)
    if D == 2:
        phi = np.arctan2(start[1], start[0])
        order = np.argsort(phi, kind="stable")
        offsets = phi[order] - 2.0 * np.pi * np.arange(K) / K
        turn = np.mean(np.exp(1j * offsets))
        phi0 = float(np.angle(turn)) if abs(turn) > ZERO_NORM else 0.0
        out = np.empty(K)
        out[order] = phi0 + 2.0 * np.pi * np.arange(K) / K
        return np.stack([np.cos(out), np.sin(out)])
    # A little noise from the seed parts columns that start in the same direction.
    return _repel(start / np.linalg.norm(start, axis=0) + 1e-3 * rng.normal(size=(D, K)))


def _repel(V: np.ndarray, steps: int = 600) -> np.ndarray:
    """Unit columns pushed apart by inverse-square forces, renormalised after each step.

    Each step moves a column by at most 0.1, so columns that start close part smoothly instead of
    jumping to wherever a huge first force throws them.
    """
    V = V / np.linalg.norm(V, axis=0)
    k = V.shape[1]
    for _ in range(steps):
        diff = V[:, :, None] - V[:, None, :]
        dist = np.linalg.norm(diff, axis=0) + np.eye(k)
        move = (0.1 / k) * (diff / dist**3).sum(axis=2)
        move *= np.minimum(1.0, 0.1 / np.maximum(np.linalg.norm(move, axis=0), 1e-300))
        V = V + move
        V = V / np.linalg.norm(V, axis=0)
    return V


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _seed(seed) -> int:
    if isinstance(seed, bool | np.bool_) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    return int(seed)


# --- data sets of points ----------------------------------------------------------------------------

# Each data set and its noise when none is given: blobs' is the standard deviation of each
# coordinate, rings' the radial one, spirals' the one of the angle (radians) along each arm.
DATASETS: Mapping[str, float] = {"blobs": 0.45, "rings": 0.12, "spirals": 0.2}
# Points lie within about this radius, inside the page's default view of +-4.
_RADIUS = 3.0


def make_data(
    name: str, n_per_class: int, classes: int = 3, dim: int = 2, seed: int = 0, noise: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """A labelled point set in 2D or 3D, the same for the same arguments.

    - ``"blobs"``: Gaussian clouds of standard deviation ``noise`` around centres at radius 2, spread
      evenly as by :func:`init_weights` (a regular polygon in 2D, spread over the sphere in 3D) but
      in directions of their own, so ``fit_linear``'s default start is not already the answer.
      Separable in angle, so every kind can learn it without a bias.
    - ``"rings"``: class k on the circle (3D: sphere) of radius ``r_k = 3 (k + 1) / K`` with radial
      noise, directions uniform. No linear classifier separates them: the lesson of the data set.
    - ``"spirals"``: K arms ``r = 0.3 + 2.7 t``, ``phi = 2 pi k / K + 1.75 pi t`` for t in [0, 1]
      (the CS231n toy set), angle noise ``noise``; in 3D the arms rise along z, ``z = 3 t - 1.5``.

    Parameters
    ----------
    name : {"blobs", "rings", "spirals"}
    n_per_class : int
        Points per class, >= 1.
    classes : int
        K, from 2 to 6.
    dim : {2, 3}
    seed : int
    noise : float, optional
        >= 0; :data:`DATASETS` gives each set's default.

    Returns
    -------
    X : ndarray, shape (dim, K * n_per_class)
        Samples as columns, class by class.
    y : ndarray of int, shape (K * n_per_class,)
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; the data sets are {', '.join(DATASETS)}")
    n = _positive_int("n_per_class", n_per_class)
    k = _positive_int("classes", classes)
    if not 2 <= k <= 6:
        raise ValueError(f"classes must be from 2 to 6, got {k}")
    if dim not in (2, 3):
        raise ValueError(f"dim must be 2 or 3, got {dim!r}")
    noise = DATASETS[name] if noise is None else float(noise)
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be finite and >= 0, got {noise}")
    rng = np.random.default_rng(_seed(seed))
    y = np.repeat(np.arange(k), n)
    if name == "blobs":
        # Spread like init_weights, but turned by the data's own draw: with the same seed as the
        # starting weights the run would start at its answer.
        centres = init_weights(dim, k, int(rng.integers(2**31)), norm=2.0)
        X = centres[:, y] + noise * rng.normal(size=(dim, k * n))
    elif name == "rings":
        radius = _RADIUS * (y + 1.0) / k + noise * rng.normal(size=k * n)
        X = np.abs(radius) * _random_directions(rng, dim, k * n)
    else:
        t = np.tile(np.linspace(0.0, 1.0, n), k)
        phi = 2.0 * np.pi * y / k + 1.75 * np.pi * t + noise * rng.normal(size=k * n)
        r = 0.3 + (_RADIUS - 0.3) * t
        X = np.stack([r * np.cos(phi), r * np.sin(phi)])
        if dim == 3:
            X = np.vstack([X, _RADIUS * t - _RADIUS / 2])
    return X, y


def _random_directions(rng: np.random.Generator, dim: int, n: int) -> np.ndarray:
    """n directions uniform on the circle or sphere (normalised Gaussians; a zero draw is ~impossible)."""
    V = rng.normal(size=(dim, n))
    return V / np.linalg.norm(V, axis=0)


# --- Part A: a linear classifier ------------------------------------------------------------------


@dataclass(frozen=True)
class Divergence:
    """Why :func:`fit_linear` stopped before the steps it was asked for: step ``step`` (counted as
    :attr:`LinearFit.step` counts, from the run's start) would have left weights that are no number
    or too large to keep, and was not taken.

    Attributes
    ----------
    step : int
        The step refused; the fit's weights are those after step ``step - 1``.
    size : float
        The largest ``|entry|`` of ``W`` and ``b`` that step would have given: NaN or inf where the
        arithmetic overflowed, else a number past ``max_abs``, or within it where the loss was the
        number that overflowed.
    loss : float
        The mean loss at those weights; NaN where the weights were refused before it was computed.
    max_abs : float
        The bound ``fit_linear`` was given.
    lr, weight_decay : float
        The rate and decay the step was taken with: the factor ``1 - lr weight_decay`` that each
        step applies to ``W`` is below -1 (it multiplies the weights by more than 1 in size) exactly
        where ``lr weight_decay > 2``.
    """

    step: int
    size: float
    loss: float
    max_abs: float
    lr: float
    weight_decay: float

    @property
    def factor(self) -> float:
        """``1 - lr weight_decay``, what weight decay multiplies ``W`` by at each step."""
        return 1.0 - self.lr * self.weight_decay

    @property
    def overflowed(self) -> bool:
        """Whether a weight or the loss stopped being a finite number (else a weight passed
        ``max_abs``)."""
        return not np.isfinite(self.size) or (self.size <= self.max_abs and not np.isfinite(self.loss))


@dataclass(frozen=True)
class LinearFit:
    """What :func:`fit_linear` returns: the weights after the last step and one entry per step.

    Every per-step entry is measured on all N samples at the weights *after* that step (also with
    mini-batches), so entry t is what the page draws after step ``step - steps + t + 1``; with
    ``record_start`` one more entry comes first, measured at the weights the fit started from.

    Attributes
    ----------
    W : ndarray, shape (D, K)
    b : ndarray, shape (K,)
        Zeros for every kind but softmax (their logits have no bias).
    losses : ndarray, shape (steps,), or (steps + 1,) with ``record_start``
        The mean margin loss (without the weight-decay term).
    accuracy : ndarray, shape (steps,)
        Fraction of samples whose plain logit (without margin, :func:`predict`) is largest for their
        class.
    norms : ndarray, shape (steps, K)
        ``||w_k||``.
    mean_angles : ndarray, shape (steps, K)
        The angle between ``w_k`` and the mean of class k's samples, radians (NaN for a class with
        no samples or a zero mean).
    step : int
        Steps done in total, ``start_step + steps`` unless training diverged: pass it back as
        ``start_step``.
    stopped : Divergence or None
        Why fewer than ``steps`` steps were done (the histories then hold the steps done); None
        where every step was.
    """

    W: np.ndarray
    b: np.ndarray
    losses: np.ndarray
    accuracy: np.ndarray
    norms: np.ndarray
    mean_angles: np.ndarray
    step: int
    stopped: Divergence | None = None


def fit_linear(
    X,
    y,
    kind: str = "softmax",
    *,
    steps: int,
    lr: float,
    weight_decay: float = 0.0,
    seed: int = 0,
    W0=None,
    b0=None,
    batch_size: int | None = None,
    classes: int | None = None,
    start_step: int = 0,
    max_abs: float = np.inf,
    record_start: bool = False,
    **params,
) -> LinearFit:
    """Gradient descent on a linear classifier's ``W`` and ``b`` with any loss kind.

    Each step is ``W <- W - lr (dL/dW + weight_decay W)`` and ``b <- b - lr dL/db`` with ``L`` the
    mean loss of :func:`batch_margin` over all samples, or over a mini-batch of ``batch_size``
    samples. The mini-batches walk through one shuffle of the samples per epoch (without
    replacement; the shuffle of epoch e depends only on the seed and e), so mini-batch step t is
    the same whether the steps come in one call or in many.

    What the numbers show: with softmax on separable data the loss only reaches 0 as ``||W||`` goes
    to infinity, so the norms keep growing (about logarithmically in the steps). The logits of a
    kind that normalises ``w`` (all but softmax and L-Softmax) do not see ``||w_k||``: its gradient
    is orthogonal to ``w_k``, so a step changes the norm only to second order,
    ``||w - lr g||^2 = ||w||^2 + lr^2 ||g||^2``. Without weight decay the norms creep up by that
    much and stop once the gradient dies down (measured on blobs: 1.0 to 1.2); with it they shrink.

    Divergence: weight decay multiplies ``W`` by ``1 - lr weight_decay`` at each step, so with
    ``lr weight_decay > 2`` that factor is below -1 and the weights grow geometrically, flipping
    sign at every step (lr 5, weight_decay 1: a factor of -4; on the lab's blobs the weights pass
    1e6 at step 10 and the loss every float at step 508); a large ``lr`` on large points overshoots
    too. Training stops before the first step that would leave a
    weight, the bias or the loss not finite, or an entry of ``W`` or ``b`` past ``max_abs``: the
    fit keeps the weights after the last step that did not, and says why in ``stopped``.

    Parameters
    ----------
    X : array_like, shape (D, N)
    y : array_like of int, shape (N,)
    kind : str
        A key of :data:`softmaxviz.kinds.KINDS`.
    steps : int
        Gradient steps, >= 0 (0 returns the start with empty histories).
    lr : float
        Learning rate, > 0.
    weight_decay : float
        L2 penalty ``(weight_decay / 2) ||W||_F^2`` on the weights (not on the bias), >= 0.
    seed : int
        Seeds the starting weights (when ``W0`` is None) and the mini-batch shuffles.
    W0 : array_like, shape (D, K), optional
        Where to start, e.g. the page's weights after the user dragged one; default
        :func:`init_weights` ``(D, K, seed)``.
    b0 : array_like, shape (K,), optional
        softmax's starting bias (zeros if omitted); the other kinds ignore it.
    batch_size : int, optional
        Mini-batch size; None (or >= N) for full-batch gradient descent.
    classes : int, optional
        K; default ``W0.shape[1]``, else ``max(y) + 1``.
    start_step : int
        Steps already done in this run (``LinearFit.step``), to continue its mini-batch sequence.
    max_abs : float
        The largest ``|entry|`` of ``W`` and ``b`` a step may leave (the page's coordinate bound);
        default no bound but finiteness.
    record_start : bool
        Whether the histories open with the start's entry (step ``start_step``), so that a curve
        begins where training began and not after its first step.
    **params
        The kind's parameters (not softmax's ``b``: pass ``b0``).

    Returns
    -------
    LinearFit

    Raises
    ------
    ValueError
        Bad shapes, labels, steps, rates or parameters, and for the angular kinds a zero sample or
        weight (see :func:`batch_margin`).
    """
    if "b" in params:
        raise ValueError("pass softmax's starting bias as b0, not b")
    spec, p = _resolve(kind, params)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] < 1 or not np.isfinite(X).all():
        raise ValueError(f"X must be a finite (D, N) array with N >= 1, got shape {X.shape}")
    d, n = X.shape
    if W0 is not None:
        W = np.array(W0, dtype=float)
        if W.ndim != 2 or W.shape[0] != d or not np.isfinite(W).all():
            raise ValueError(f"W0 must be a finite ({d}, K) array, got shape {W.shape}")
        if classes is not None and classes != W.shape[1]:
            raise ValueError(f"classes={classes} but W0 has {W.shape[1]} columns")
        k = W.shape[1]
    else:
        k = _positive_int("classes", classes) if classes is not None else int(np.max(y)) + 1
        W = init_weights(d, k, seed)
    y = _labels(y, n, k)
    b = as_bias(b0, k, finite=True, who="b0: ").copy() if spec.has_bias else np.zeros(k)
    steps = _count("steps", steps)
    start_step = _count("start_step", start_step)
    lr, weight_decay = float(lr), float(weight_decay)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be finite and > 0, got {lr}")
    if not (np.isfinite(weight_decay) and weight_decay >= 0):
        raise ValueError(f"weight_decay must be finite and >= 0, got {weight_decay}")
    max_abs = float(max_abs)
    if not max_abs > 0:
        raise ValueError(f"max_abs must be > 0, got {max_abs}")
    full = batch_size is None or batch_size >= n
    if not full:
        batch_size = _positive_int("batch_size", batch_size)
        batches = _batch_indices(n, batch_size, _seed(seed), start_step, steps)

    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    means = X @ onehot / np.maximum(onehot.sum(axis=0), 1.0)
    first = int(record_start)
    losses, accuracy = np.empty(first + steps), np.empty(first + steps)
    norms, mean_angles = np.empty((first + steps, k)), np.empty((first + steps, k))

    def record(i: int, at) -> None:
        losses[i] = at.loss
        accuracy[i] = np.mean(at.predicted == y)
        norms[i] = safe_norms(W, axis=0)
        mean_angles[i] = _paired_angles(W, means)

    # Full batch: the pass at W_{t+1} gives both step t's record and step t+1's gradient.
    current = _head_pass(spec, p, W, X, y, b, gradients=full and steps > 0)
    if record_start:
        record(0, current)
    done, stopped = steps, None
    for t in range(steps):
        if full:
            grad = current
        else:
            idx = batches[t]
            grad = _head_pass(spec, p, W, X[:, idx], y[idx], b, gradients=True)
        with np.errstate(over="ignore", invalid="ignore"):  # checked below: the step is refused
            W_next = W - lr * (grad.dW + weight_decay * W if weight_decay else grad.dW)
            b_next = b - lr * grad.db if spec.has_bias else b
        size = float(max(np.max(np.abs(W_next)), np.max(np.abs(b_next), initial=0.0)))
        within = bool(np.isfinite(size) and size <= max_abs)
        loss = np.nan
        if within:
            with np.errstate(over="ignore", invalid="ignore"):  # a loss past any float: refused too
                after = _head_pass(spec, p, W_next, X, y, b_next, gradients=full and t < steps - 1)
            loss = float(after.loss)
        if not (within and np.isfinite(loss)):
            done = t
            stopped = Divergence(start_step + t + 1, size, loss, max_abs, lr, weight_decay)
            break
        W, b, current = W_next, b_next, after
        record(first + t, current)
    return LinearFit(
        W,
        b,
        losses[: first + done],
        accuracy[: first + done],
        norms[: first + done],
        mean_angles[: first + done],
        start_step + done,
        stopped,
    )


def _count(name: str, value) -> int:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def _batch_indices(n: int, batch_size: int, seed: int, start_step: int, steps: int) -> np.ndarray:
    """Rows of sample indices for steps ``start_step, ..., start_step + steps - 1``, (steps, batch_size).

    The stream is one permutation of ``range(n)`` per epoch, epoch e drawn from ``(seed, e)``, cut
    into consecutive batches (a batch may straddle two epochs).
    """
    first = start_step * batch_size
    stop = first + steps * batch_size
    if steps == 0:
        return np.empty((0, batch_size), dtype=np.intp)
    epochs = range(first // n, (stop - 1) // n + 1)
    stream = np.concatenate([np.random.default_rng((seed, _SHUFFLE, e)).permutation(n) for e in epochs])
    offset = first - epochs[0] * n
    return stream[offset : offset + steps * batch_size].reshape(steps, batch_size)


# --- the papers' angles ------------------------------------------------------------------------------


def intra_angle(F, y, W) -> float:
    """Intra: the mean angle between a feature and its class weight, radians (ArcFace's Table).

    ``Intra = (1/N) sum_n theta(f_n, w_{y_n})``, Kahan's form of :func:`softmaxviz.core.angles`.

    Parameters
    ----------
    F : array_like, shape (D, N)
        Features (held-out, for the papers' number) as columns.
    y : array_like of int, shape (N,)
    W : array_like, shape (D, K)

    Returns
    -------
    float
        NaN if a feature or a weight it is compared with is zero, or N = 0.
    """
    F = np.asarray(F, dtype=float)
    W = np.asarray(W, dtype=float)
    y = _labels(y, F.shape[1], W.shape[1])
    if y.size == 0:
        return float("nan")
    return float(np.mean(_paired_angles(F, W[:, y])))


def inter_angle(W) -> float:
    """Inter: the mean over classes of the smallest angle to another class weight, radians.

    ``Inter = (1/K) sum_k min_{j != k} theta(w_k, w_j)``, as in ArcFace's Table. For K evenly
    spread weights in 2D it is ``2 pi / K``; for a regular simplex ``arccos(-1/(K - 1))``.

    Parameters
    ----------
    W : array_like, shape (D, K), K >= 2

    Returns
    -------
    float
        NaN if a weight is zero.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[1] < 2:
        raise ValueError(f"W must be (D, K) with K >= 2, got shape {W.shape}")
    theta = angles(W, W)
    np.fill_diagonal(theta, np.inf)
    return float(np.mean(np.min(theta, axis=1)))


# --- Part B: the digits ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled 8x8 digits (1,797 images; read from the package, never downloaded)."""
    # Imported here, not at the top: scikit-learn takes about a second to import and only this data
    # set needs it, so Part A and every other module stay quick to load.
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    images = bunch.data / 16.0  # pixel counts 0..16 -> [0, 1]
    labels = bunch.target.astype(np.intp)
    images.setflags(write=False)  # cached: nobody may change it for the next caller
    labels.setflags(write=False)
    return images, labels


def load_digits(classes: int | Sequence[int] = 10) -> tuple[np.ndarray, np.ndarray]:
    """The 8x8 handwritten digits of scikit-learn (1,797 images), for the chosen digits.

    Parameters
    ----------
    classes : int or sequence of int
        n for the digits 0 to n - 1 (n from 2 to 10), or distinct digits such as ``(3, 5, 8)``.

    Returns
    -------
    images : ndarray, shape (N, 64)
        Pixel intensities in [0, 1], rows in the data set's order.
    labels : ndarray of int, shape (N,)
        Relabelled ``0 .. len(classes) - 1`` in the order the digits were given.
    """
    if isinstance(classes, numbers.Integral) and not isinstance(classes, bool | np.bool_):
        if not 2 <= classes <= 10:
            raise ValueError(f"classes must be from 2 to 10, got {classes}")
        digits = list(range(int(classes)))
    else:
        digits = [int(c) for c in classes]
        if len(digits) < 2 or len(set(digits)) != len(digits) or not set(digits) <= set(range(10)):
            raise ValueError(f"classes must be at least two distinct digits 0..9, got {classes!r}")
    images, labels = _digits()
    lookup = np.full(10, -1)
    lookup[digits] = np.arange(len(digits))
    keep = lookup[labels] >= 0
    return images[keep], lookup[labels[keep]]


# The held-out split is the same for every training seed: the seeds then measure training, not luck
# in the split.
_SPLIT_SEED = 20261126


def held_out_split(labels, fraction: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """A fixed, stratified split: ``round(fraction n_k)`` samples of each class are held out.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
    fraction : float
        In (0, 1).

    Returns
    -------
    train_index, held_out_index : ndarray of int
        Sorted indices into ``labels``; they partition ``range(N)``. The same labels always give
        the same split.
    """
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be one-dimensional, got shape {labels.shape}")
    labels = _labels(labels, labels.size, None)
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be in (0, 1), got {fraction}")
    rng = np.random.default_rng(_SPLIT_SEED)
    held = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        held.append(rng.permutation(members)[: round(fraction * members.size)])
    held_out = np.sort(np.concatenate(held)) if held else np.empty(0, dtype=np.intp)
    train = np.setdiff1d(np.arange(labels.size), held_out)
    return train, held_out


# Defaults of fit_features (bench/training_bench.py, 2 cores). 3 digits in 2D pass 95 % held out
# after 1 to 3 epochs (under a second); FEATURE_EPOCHS is a default run that leaves the clusters
# time to tighten, and enough for 10 digits to pass 90 %. Adam's rate 3e-3 is the compromise
# between the kinds (10 digits, papers' parameters, 60 epochs, 2 seeds): 1e-2 lifts softmax,
# NormFace and SphereFace to 95-97 % but drops ArcFace (s = 64) to 65-76 %; 1e-3 leaves the kinds
# at 73-94 %.
FEATURE_EPOCHS = 30
_LR = 3e-3
_BATCH = 32
WARMUP_EPOCHS = 10
_HIDDEN = (64, 32)


@dataclass(frozen=True)
class FeatureHistory:
    """One entry per epoch, measured at the end of the epoch.

    Attributes
    ----------
    loss : ndarray
        The mean training loss over the epoch's mini-batches, with the margin the warm-up had
        reached at each batch (so it is the loss that was minimised).
    train_accuracy, held_out_accuracy : ndarray
        Fractions predicted right by :func:`predict` (no margin).
    intra, inter : ndarray
        :func:`intra_angle` of the held-out features and :func:`inter_angle` of ``W``, radians.
    feature_norm : ndarray
        The mean ``||f||`` of the held-out features.
    margin_fraction : ndarray
        How far the warm-up had brought the margin (0 no margin, 1 the full value).
    """

    loss: np.ndarray
    train_accuracy: np.ndarray
    held_out_accuracy: np.ndarray
    intra: np.ndarray
    inter: np.ndarray
    feature_norm: np.ndarray
    margin_fraction: np.ndarray

    def extended(self, other: FeatureHistory) -> FeatureHistory:
        """This history followed by ``other``."""
        return FeatureHistory(
            **{name: np.concatenate([getattr(self, name), getattr(other, name)]) for name in _HISTORY}
        )


_HISTORY = tuple(FeatureHistory.__dataclass_fields__)


@dataclass(frozen=True)
class FeatureFit:
    """What :func:`fit_features` returns; pass it back as ``state`` to train on.

    Attributes
    ----------
    kind : str
    params : Mapping
        The kind's parameters at their full value (after the warm-up).
    W : ndarray, shape (dim, K)
        The loss head's class weights.
    b : ndarray, shape (K,)
        softmax's bias; zeros for the other kinds.
    net : dict of str to ndarray
        The MLP's parameters (see :mod:`softmaxviz.mlp`).
    epoch : int
        Epochs done in total.
    history : FeatureHistory
        One entry per epoch done.
    train_index, held_out_index : ndarray of int
        The fixed split (:func:`held_out_split`) of the rows of ``images``.
    seed, dim, hidden, activation :
        What defines the run; a call that continues it must pass the same.
    optimiser : AdamState
        Adam's moments, so a continued run equals one long run.
    """

    kind: str
    params: Mapping
    W: np.ndarray
    b: np.ndarray
    net: dict
    epoch: int
    history: FeatureHistory
    train_index: np.ndarray
    held_out_index: np.ndarray
    seed: int
    dim: int
    hidden: tuple[int, ...]
    activation: str
    optimiser: AdamState = field(repr=False)

    def embed(self, images) -> np.ndarray:
        """The features of ``images`` (N, P) as columns, shape (dim, N)."""
        with _one_blas_thread():
            return _features(self.net, np.asarray(images, dtype=float).T)

    def predict(self, images) -> np.ndarray:
        """The predicted class of each image (:func:`predict` on its feature), shape (N,)."""
        return _predict(KINDS[self.kind], self.W, self.embed(images), self.b)


def fit_features(
    images,
    labels,
    kind: str = "softmax",
    *,
    dim: int = 2,
    epochs: int,
    seed: int = 0,
    margin_warmup: bool = True,
    warmup_epochs: float = WARMUP_EPOCHS,
    lr: float = _LR,
    batch_size: int = _BATCH,
    hidden: Sequence[int] = _HIDDEN,
    activation: str = "prelu",
    held_out: float = 0.25,
    head_init: str = "class_means",
    center_features: bool = True,
    state: FeatureFit | None = None,
    **params,
) -> FeatureFit:
    """Train an MLP feature and a loss head on images: the papers' 2D/3D feature figure.

    The network is ``P -> 64 -> 32 -> dim`` (PReLU between, the last layer linear), followed by
    the head: logits ``W^T f + b`` for softmax, the margin logits of ``kind`` without bias for the
    others (:func:`batch_margin`). Predictions and accuracies use the logits without margin
    (:func:`predict`).

    The cold start, and what avoids it. A freshly drawn network maps the (non-negative) images into
    one narrow cone of feature directions. A class weight opposite that cone, or opposite its own
    class, learns almost nothing: an angular loss reaches it through ``d cos theta / d theta =
    -sin theta``, which vanishes at ``theta = pi``. Measured (bench/training_bench.py) with weights
    merely spread evenly, a whole class could end on another class's weight (held-out accuracy
    2/3 on 3 digits) for some seeds. Hence two data-dependent starts, both on by default:

    - ``center_features``: the last layer's bias is set so the training images' mean starting
      feature is 0, so the features surround the origin;
    - ``head_init="class_means"``: the class weights are spread evenly starting from each class's
      mean starting feature (:func:`init_weights` with ``near``), so no class starts opposite its
      weight and neighbouring classes stay neighbours. ``"spread"`` ignores the data
      (:func:`init_weights`), ``"random"`` draws ``W`` from N(0, 1): both for comparison.

    Optimiser: Adam (lr 3e-3, mini-batches of 32, a new shuffle each epoch). Adam rather than SGD
    with momentum because the gradients reaching the network scale with the kind (with ``s`` from 1
    to 64, and as ``1/||f||`` and ``1/||w||`` for the angular kinds): Adam's per-parameter step
    size lets one learning rate serve every kind, so two kinds trained side by side differ only in
    their loss.

    Margin warm-up: a margin on a 2D feature from a cold start fights the network before the
    classes have found their directions (SphereFace anneals for the same reason). With
    ``margin_warmup`` every margin parameter moves linearly from its no-margin value
    (``KINDS[kind].no_margin``: 0 for additive margins, 1 for multiplicative ones) to its value
    over the first ``warmup_epochs`` epochs, batch by batch; the scale ``s`` is not ramped.

    Parameters
    ----------
    images : array_like, shape (N, P)
        E.g. :func:`load_digits`'s images.
    labels : array_like of int, shape (N,)
        In [0, K), every class present.
    kind : str
        A key of :data:`softmaxviz.kinds.KINDS`.
    dim : int
        The feature dimension (2 or 3 for the picture).
    epochs : int
        Epochs to train in this call, >= 0 (:data:`FEATURE_EPOCHS` is the page's default run).
    seed : int
        Seeds the network, the head and the shuffles; the split does not depend on it.
    margin_warmup : bool
    warmup_epochs : float
        > 0.
    lr : float
        Adam's learning rate.
    batch_size : int
    hidden : sequence of int
        Hidden widths.
    activation : {"prelu", "relu"}
    held_out : float
        The held-out fraction of :func:`held_out_split`.
    head_init : {"class_means", "spread", "random"}
        The head's starting weights (see above); ignored with ``state``.
    center_features : bool
        Centre the starting features (see above); ignored with ``state``.
    state : FeatureFit, optional
        A result to continue from: it trains ``epochs`` more epochs, exactly as one longer call
        would. ``kind``, ``params``, ``dim``, ``seed``, ``hidden``, ``activation`` and
        ``held_out``'s split must be the state's (ValueError otherwise); ``lr``, ``batch_size`` and
        the warm-up may change.
    **params
        The kind's parameters, defaults from the registry (the papers': s = 64 for ArcFace).

    Returns
    -------
    FeatureFit
    """
    if "b" in params:
        raise ValueError("softmax's bias is learned here; b cannot be given")
    spec, p = _resolve(kind, params)
    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or not np.isfinite(images).all():
        raise ValueError(f"images must be a finite (N, P) array, got shape {images.shape}")
    n = images.shape[0]
    labels = _labels(labels, n, None)
    k = int(labels.max()) + 1 if n else 0
    if k < 2 or np.unique(labels).size != k:
        raise ValueError("labels must hold every class 0 .. K-1, with K >= 2")
    dim = _positive_int("dim", dim)
    epochs = _count("epochs", epochs)
    seed = _seed(seed)
    hidden = tuple(_positive_int("hidden width", h) for h in hidden)
    batch_size = _positive_int("batch_size", batch_size)
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be finite and > 0, got {lr}")
    if not warmup_epochs > 0:
        raise ValueError(f"warmup_epochs must be > 0, got {warmup_epochs}")
    train_index, held_out_index = held_out_split(labels, held_out)

    if state is None:
        net = init_mlp((images.shape[1], *hidden, dim), seed=_stream(seed, _MLP), activation=activation)
        with _one_blas_thread():
            F0 = _features(net, images[train_index].T)
        if center_features:
            # Data-dependent: the last bias cancels the mean starting feature of the training images.
            mean = F0.mean(axis=1)
            net[f"b{len(hidden) + 1}"] = net[f"b{len(hidden) + 1}"] - mean
            F0 = F0 - mean[:, None]
        head = {"head_W": _head_weights(head_init, dim, k, seed, F0, labels[train_index])}
        if spec.has_bias:
            head["head_b"] = np.zeros(k)
        parameters = {**net, **head}
        optimiser = adam_init(parameters)
        start, history = 0, None
    else:
        _check_resume(state, spec.name, p, dim, seed, hidden, activation, k, train_index, held_out_index)
        parameters = {**state.net, "head_W": state.W}
        if spec.has_bias:
            parameters["head_b"] = state.b
        optimiser, start, history = state.optimiser, state.epoch, state.history

    X_train, y_train = images[train_index].T, labels[train_index]
    X_held, y_held = images[held_out_index].T, labels[held_out_index]
    n_train = y_train.size
    batches = -(-n_train // batch_size)
    zero_b = np.zeros(k)
    records = {name: [] for name in _HISTORY}
    with _one_blas_thread():
        for epoch in range(start, start + epochs):
            order = np.random.default_rng((seed, _SHUFFLE, epoch)).permutation(n_train)
            loss_sum = 0.0
            for i in range(batches):
                idx = order[i * batch_size : (i + 1) * batch_size]
                fraction = min(1.0, (epoch + i / batches) / warmup_epochs) if margin_warmup else 1.0
                F, cache = mlp_forward(parameters, X_train[:, idx])
                result = _head_pass(
                    spec,
                    _ramped(spec, p, fraction),
                    parameters["head_W"],
                    F,
                    y_train[idx],
                    parameters.get("head_b", zero_b),
                    gradients=True,
                )
                grads, _ = mlp_backward(parameters, cache, result.dX)
                grads["head_W"] = result.dW
                if spec.has_bias:
                    grads["head_b"] = result.db
                parameters, optimiser = adam_step(parameters, grads, optimiser, lr)
                loss_sum += result.loss * idx.size
            W, b = parameters["head_W"], parameters.get("head_b", zero_b)
            F_held = _features(parameters, X_held)
            F_train = _features(parameters, X_train)
            records["loss"].append(loss_sum / n_train)
            records["train_accuracy"].append(np.mean(_predict(spec, W, F_train, b) == y_train))
            records["held_out_accuracy"].append(np.mean(_predict(spec, W, F_held, b) == y_held))
            records["intra"].append(intra_angle(F_held, y_held, W))
            records["inter"].append(inter_angle(W))
            records["feature_norm"].append(float(np.mean(safe_norms(F_held, axis=0))))
            records["margin_fraction"].append(min(1.0, (epoch + 1) / warmup_epochs) if margin_warmup else 1.0)

    new = FeatureHistory(**{name: np.array(values, dtype=float) for name, values in records.items()})
    net = {key: value for key, value in parameters.items() if not key.startswith("head_")}
    return FeatureFit(
        kind=spec.name,
        params=dict(p),
        W=parameters["head_W"],
        b=parameters.get("head_b", zero_b),
        net=net,
        epoch=start + epochs,
        history=new if history is None else history.extended(new),
        train_index=train_index,
        held_out_index=held_out_index,
        seed=seed,
        dim=dim,
        hidden=hidden,
        activation=activation,
        optimiser=optimiser,
    )


# Evaluate at most this many samples per matrix product: the larger products are where OpenBLAS
# would use its threads (see _one_blas_thread), and chunks keep the temporaries small.
_CHUNK = 256


@functools.lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    # Created once: it looks up the loaded BLAS libraries (about 1 ms); each limit costs ~7 us.
    return ThreadpoolController()


def _one_blas_thread():
    """A context in which BLAS runs on one thread.

    The MLP's products are small (64 x 64 by 64 x 32): on the 2-core machine, busy with the
    Streamlit server and the browser, OpenBLAS's threads waited for the other core and one thread
    trained 4 to 6 times faster (measured: 10 epochs of 10 digits, 0.9 s -> 0.17 s). The limit is
    process-wide while it lasts (OpenBLAS has one setting), and is restored on exit.
    """
    return _blas_controller().limit(limits=1, user_api="blas")


def _features(net: Mapping[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """``mlp_forward(net, X)[0]`` for any number of columns, in chunks of at most _CHUNK."""
    if X.shape[1] <= _CHUNK:
        return mlp_forward(net, X)[0]
    return np.concatenate(
        [mlp_forward(net, X[:, i : i + _CHUNK])[0] for i in range(0, X.shape[1], _CHUNK)], axis=1
    )


HEAD_INITS = ("class_means", "spread", "random")


def _head_weights(head_init: str, dim: int, k: int, seed: int, F0: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The head's starting W (dim, K), see ``fit_features``'s ``head_init``."""
    if head_init == "class_means":
        means = np.stack([F0[:, y == c].mean(axis=1) for c in range(k)], axis=1)
        return init_weights(dim, k, seed, near=means)
    if head_init == "spread":
        return init_weights(dim, k, seed)
    if head_init == "random":
        return np.random.default_rng((seed, _INIT)).normal(size=(dim, k))
    raise ValueError(f"head_init must be one of {HEAD_INITS}, got {head_init!r}")


def _stream(seed: int, purpose: int) -> np.random.SeedSequence:
    return np.random.SeedSequence((seed, purpose))


def _ramped(spec: Kind, p: Mapping, fraction: float) -> Mapping:
    """The kind's parameters with every margin moved ``fraction`` of the way from its no-margin value."""
    if fraction >= 1.0 or not spec.no_margin:
        return p
    return {**p, **{key: off + fraction * (p[key] - off) for key, off in spec.no_margin.items()}}


def _check_resume(state: FeatureFit, kind, p, dim, seed, hidden, activation, k, train_index, held_out_index):
    given = {
        "kind": kind,
        "params": dict(p),
        "dim": dim,
        "seed": seed,
        "hidden": hidden,
        "activation": activation,
    }
    for name, value in given.items():
        if getattr(state, name) != value:
            raise ValueError(f"state was trained with {name}={getattr(state, name)!r}, not {value!r}")
    if state.W.shape[1] != k or not (
        np.array_equal(state.train_index, train_index)
        and np.array_equal(state.held_out_index, held_out_index)
    ):
        raise ValueError("state was trained on other data (classes or held-out split differ)")
