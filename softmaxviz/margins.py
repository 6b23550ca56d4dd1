"""Margin-based softmax losses as pure NumPy: NormFace, L-Softmax, SphereFace, CosFace, AM-Softmax,
ArcFace and the combined margin.

Conventions as in :mod:`softmaxviz.core`: ``W`` is ``(D, K)`` with the class weights ``w_j`` as
columns, ``x`` is ``(D,)``, the label ``y`` is an int in ``[0, K)``, ``theta_j`` (radians, in
[0, pi]) is the angle between ``w_j`` and ``x`` and ``c_j = cos(theta_j)``.

Every method keeps the cross-entropy ``L = -log softmax(z)_y`` and changes only the logits:

    kind        target logit z_y               other logits z_j (j != y)   parameters [defaults]
    softmax     w_y^T x + b_y                  w_j^T x + b_j               b [0]
    normface    s cos(theta_y)                 s cos(theta_j)              s [16]
    lsoftmax    ||w_y|| ||x|| psi_m(theta_y)   ||w_j|| ||x|| cos(theta_j)  m >= 1 [2], lam >= 0 [0]
    sphereface  ||x|| psi_m(theta_y)           ||x|| cos(theta_j)          m >= 1 [4], lam >= 0 [0]
    cosface     s (cos(theta_y) - m)           s cos(theta_j)              s [64], m [0.35]
    amsoftmax   s (cos(theta_y) - m)           s cos(theta_j)              s [30], m [0.35]
    arcface     s cos(theta_y + m)             s cos(theta_j)              s [64], m [0.5], easy_margin [off]
    combined    s (cos(m1 theta_y + m2) - m3)  s cos(theta_j)              s [64], m1 [1], m2 [0.3], m3 [0.2]

Scales s are > 0 and additive margins m, m2, m3 >= 0 (ArcFace's m in [0, pi], m1 > 0): a negative
margin would let two classes win at the same point.

``psi_m`` is the monotone extension of ``cos(m theta)`` (see :func:`psi`). With ``lam > 0`` the
L-Softmax and SphereFace targets are annealed as in the original implementations,
``(lam * plain + margin) / (1 + lam)``, where ``plain`` is the target's logit without margin.
ArcFace switches to the reference implementation's fallback where ``theta_y + m`` passes pi (see
:func:`target_logit`); the combined margin has no fallback.

Each target logit is at most the plain logit at the same angle (for the combined margin only while
``m1 >= 1`` and ``m1 theta + m2 <= pi``), so to win, a sample must beat the other classes by a
margin: the decision regions of :func:`margin_classes_at` and :func:`margin_regions` leave an
ambiguous band between classes.

A zero vector has no angle, so every kind but softmax rejects a zero ``x`` or ``w_j`` with a
``ValueError`` naming it; softmax needs no angle and takes zero vectors. L-Softmax, which keeps
``||w_j||``, needs only the target's angle: a zero ``w_j`` of another class has the logit
``w_j^T x = 0``, and in its regions a zero ``w_j`` has the logits' limit, 0.

References: NormFace (Wang et al., 2017); L-Softmax (Liu et al., ICML 2016); SphereFace / A-Softmax
(Liu et al., CVPR 2017); CosFace (Wang et al., CVPR 2018); AM-Softmax (Wang et al., IEEE SPL 2018);
ArcFace and its combined margin (Deng et al., CVPR 2019, and the insightface code).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from softmaxviz.core import ZERO_NORM, angles, as_bias, column_dots, cosines, grid, safe_norms, softmax
from softmaxviz.kinds import KINDS, Kind

__all__ = [
    "KINDS",
    "Kind",
    "binary_border",
    "cross_entropy",
    "margin_classes_at",
    "margin_gradients",
    "margin_logits",
    "margin_loss",
    "margin_regions",
    "other_logit",
    "pair_border",
    "pair_classes",
    "psi",
    "target_logit",
]

# Rounding may push an angle computed as theta + m, or a cosine ratio, a few ulps past its range.
_SLACK = 1e-12


# --- the monotone cos(m theta) ------------------------------------------------------------------


def _psi_with_slope(theta: np.ndarray, m: float) -> tuple[np.ndarray, np.ndarray]:
    """``psi_m(theta)`` and ``d psi_m / d theta = -(-1)^k m sin(m theta)``."""
    # At theta = pi with an integer m, floor(m theta / pi) = m is one interval too far.
    k = np.clip(np.floor(theta * m / np.pi), 0, np.ceil(m) - 1)
    sign = 1.0 - 2.0 * (k % 2)
    return sign * np.cos(m * theta) - 2.0 * k, -sign * m * np.sin(m * theta)


def psi(theta, m: float) -> np.ndarray:
    """The monotone extension of ``cos(m theta)`` used by L-Softmax and SphereFace.

    ``psi(theta) = (-1)^k cos(m theta) - 2k`` for ``theta`` in ``[k pi/m, (k+1) pi/m]``,
    ``k = floor(theta m / pi)``, capped at ``ceil(m) - 1`` so ``theta = pi`` stays in the last
    interval. Each piece falls from ``1 - 2k`` to ``-1 - 2k``, so psi is continuous, strictly
    decreasing on [0, pi] and even C^1 (both one-sided slopes vanish at the joints).

    ``m`` is any real ``>= 1``: it is not truncated to an integer, and ``psi(theta, 1) = cos(theta)``.
    For a non-integer ``m`` the last piece is cut short at pi.

    Parameters
    ----------
    theta : array_like
        Angles in radians, in [0, pi]; NaN passes through.
    m : float
        Angular margin, ``m >= 1``.

    Returns
    -------
    ndarray, same shape as ``theta``.
    """
    m = _real("m", m, "psi")
    if not m >= 1:
        raise ValueError(f"psi: m must be >= 1, got {m}")
    return _psi_with_slope(_as_angles(theta), m)[0]


# --- the registry ---------------------------------------------------------------------------------
# KINDS and Kind come from softmaxviz.kinds, the one registry of the loss kinds: each kind's
# parameters with their defaults (``KINDS[name].defaults``) and constraints (``.rules``), and which
# vectors its logits see only through their direction (``.normalizes_w``, ``.normalizes_x``).

_CHECKS: dict[str, Callable[[float], bool]] = {
    "> 0": lambda v: v > 0,
    ">= 0": lambda v: v >= 0,
    ">= 1": lambda v: v >= 1,
    "in [0, π]": lambda v: 0 <= v <= np.pi,
}


def _real(name: str, value, where: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{where}: {name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{where}: {name} must be finite, got {value}")
    return value


def _resolve(kind, params: Mapping[str, object]) -> tuple[Kind, dict]:
    """The registry entry and its defaults overridden by ``params``, every value checked.

    softmax's ``b`` is only checked where K is known (:func:`_bias`).
    """
    name = kind.name if isinstance(kind, Kind) else kind
    if not isinstance(name, str) or name not in KINDS:
        raise ValueError(f"unknown kind {name!r}; the kinds are {', '.join(KINDS)}")
    spec = KINDS[name]
    unknown = sorted(set(params) - set(spec.defaults))
    if unknown:
        have = ", ".join(spec.defaults)
        raise ValueError(f"{name} has no parameter {', '.join(unknown)}; its parameters are {have}")
    p = {**spec.defaults, **params}
    for key, rule in spec.rules.items():
        if rule == "vector (K,)":
            continue
        if rule == "bool":
            if not isinstance(p[key], bool | np.bool_):
                raise ValueError(f"{name}: {key} must be True or False, got {p[key]!r}")
            p[key] = bool(p[key])
            continue
        p[key] = _real(key, p[key], name)
        if not _CHECKS[rule](p[key]):
            raise ValueError(f"{name}: {key} must be {rule}, got {p[key]}")
    return spec, p


# --- target logits as functions of the angle -----------------------------------------------------
# Each returns F(theta_y) and dF/dtheta for the target, where z_y = S_y F and S_y is the kind's
# scale (s, ||w_y|| ||x|| or ||x||). ``c`` is cos(theta) as the caller computed it (a dot product of
# unit vectors in margin_logits): the plain parts and ArcFace's branch test use it, as the
# reference implementations use the cosine from their normalised linear layer.


def _plain_target(theta, c, p):
    return c, -np.sin(theta)


def _cosface_target(theta, c, p):
    return c - p["m"], -np.sin(theta)


def _psi_target(theta, c, p):
    value, slope = _psi_with_slope(theta, p["m"])
    lam = p["lam"]
    return (lam * c + value) / (1.0 + lam), (-lam * np.sin(theta) + slope) / (1.0 + lam)


def _arcface_target(theta, c, p):
    m = p["m"]
    if p["easy_margin"]:
        use, fallback = c > 0, c
    else:
        # cos(theta) > cos(pi - m) <=> theta + m < pi; beyond, the reference's linear fallback.
        use, fallback = c > np.cos(np.pi - m), c - m * np.sin(m)
    return np.where(use, np.cos(theta + m), fallback), np.where(use, -np.sin(theta + m), -np.sin(theta))


def _combined_target(theta, c, p):
    a = p["m1"] * theta + p["m2"]
    return np.cos(a) - p["m3"], -p["m1"] * np.sin(a)


_TARGETS = {
    "softmax": _plain_target,
    "normface": _plain_target,
    "lsoftmax": _psi_target,
    "sphereface": _psi_target,
    "cosface": _cosface_target,
    "amsoftmax": _cosface_target,
    "arcface": _arcface_target,
    "combined": _combined_target,
}


def _as_angles(theta) -> np.ndarray:
    theta = np.asarray(theta, dtype=float)
    outside = (theta < -_SLACK) | (theta > np.pi + _SLACK)
    if np.any(outside):
        raise ValueError(f"angles must lie in [0, π] radians, got {theta[outside].ravel()[0]}")
    return np.clip(theta, 0.0, np.pi)


def target_scale(spec: Kind, p: dict, w_norm, x_norm):
    """``S = s * (||w|| unless normalised) * (||x|| unless normalised)``; s is 1 where absent."""
    s = p.get("s", 1.0)
    return s * (1.0 if spec.normalizes_w else w_norm) * (1.0 if spec.normalizes_x else x_norm)


def target_logit(theta, kind, *, w_norm: float = 1.0, x_norm: float = 1.0, **params) -> np.ndarray:
    """The target logit ``z_y`` as a function of ``theta_y`` (no bias), for every kind.

    ``z_y = S F(theta_y)`` with ``S = s`` for the kinds that normalise both vectors,
    ``||w|| ||x||`` for softmax and lsoftmax and ``||x||`` for sphereface, and ``F`` the kind's
    target from the module table (softmax and normface: ``cos(theta)``).

    ArcFace follows the reference implementation past ``theta + m = pi``, where ``cos(theta + m)``
    would start to rise again: with ``easy_margin=False`` the target is ``s (cos(theta) - m sin m)``
    wherever ``cos(theta) <= cos(pi - m)``; with ``easy_margin=True`` the margin applies only where
    ``cos(theta) > 0`` and the target is ``s cos(theta)`` elsewhere. Both switches jump: at
    ``theta = pi - m`` from ``-s`` to ``-s (cos m + m sin m)``, at ``theta = pi/2`` from ``-s sin m``
    to 0.

    The combined margin is ``s (cos(m1 theta + m2) - m3)`` at every angle, exactly as the mxnet
    reference computes it, with no fallback: beyond ``m1 theta + m2 = pi`` it is no longer monotone
    in theta (it rises again towards theta = pi).

    Parameters
    ----------
    theta : array_like
        ``theta_y`` in radians, in [0, pi].
    kind : str
        A key of :data:`KINDS`.
    w_norm, x_norm : float
        ``||w_y||`` and ``||x||``; only used where the kind does not normalise that vector.
    **params
        The kind's parameters (defaults in :data:`KINDS`). softmax's ``b`` is accepted and left
        out: a bias is not a function of the angle.

    Returns
    -------
    ndarray, same shape as ``theta``.
    """
    spec, p = _resolve(kind, params)
    theta = _as_angles(theta)
    value, _ = _TARGETS[spec.name](theta, np.cos(theta), p)
    return target_scale(spec, p, _norm("w_norm", w_norm), _norm("x_norm", x_norm)) * value


def other_logit(theta, kind, *, w_norm: float = 1.0, x_norm: float = 1.0, **params) -> np.ndarray:
    """A non-target logit ``z_j = S cos(theta_j)`` as a function of ``theta_j`` (no bias).

    ``S`` is ``||w|| ||x||`` for softmax and lsoftmax, ``||x||`` for sphereface and ``s`` for
    normface, cosface, amsoftmax, arcface and combined. Parameters as in :func:`target_logit`.

    Returns
    -------
    ndarray, same shape as ``theta``.
    """
    spec, p = _resolve(kind, params)
    theta = _as_angles(theta)
    return target_scale(spec, p, _norm("w_norm", w_norm), _norm("x_norm", x_norm)) * np.cos(theta)


def _norm(name: str, value) -> float:
    value = _real(name, value, "logit curve")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def binary_border(theta1, kind, **params) -> np.ndarray:
    """Class 1's decision border for two classes with unit weights and a unit sample.

    A sample at angles ``(theta1, theta2)`` to ``(w1, w2)`` is on class 1's border when its
    target logit ties with class 2's plain logit, ``target_logit(theta1) = other_logit(theta2)``,
    so ``theta2 = arccos(target(theta1) / S)`` with ``S`` the other logit's scale (s, or 1).
    For example softmax and normface: ``theta2 = theta1``; sphereface and lsoftmax (lam = 0):
    ``theta2 = m theta1`` while ``m theta1 <= pi``; cosface: ``cos(theta2) = cos(theta1) - m``;
    arcface: ``theta2 = theta1 + m`` while that is ``<= pi``. Class 1 wins with its margin where
    ``theta2`` is larger than the border. Class 2's border is the same curve with the axes swapped;
    between the two lies the ambiguous band (see :func:`pair_classes` for the band itself).

    This is :func:`pair_border` with ``w_norms = (1, 1)``, ``x_norm = 1`` and no biases.

    Parameters
    ----------
    theta1 : array_like
        Angles to ``w1`` in radians, in [0, pi].
    kind : str
    **params
        The kind's parameters. softmax's ``b`` is accepted and left out (as in target_logit).

    Returns
    -------
    ndarray, same shape as ``theta1``: ``theta2`` in radians, NaN where no ``theta2`` in [0, pi]
    solves the tie (the target is below ``-S``, so class 1 cannot win at that ``theta1``).
    """
    return pair_border(theta1, kind, **params)


@dataclass(frozen=True)
class _Pair:
    """Two classes' logits as functions of their own angle: ``z_k = scales[k] F(theta) + biases[k]``
    for the target (``F`` the kind's), ``scales[k] cos(theta) + biases[k]`` for the plain logit."""

    target_of: Callable[[np.ndarray], np.ndarray]  # F
    scales: tuple[float, float]
    biases: tuple[float, float]

    def target(self, k: int, theta: np.ndarray) -> np.ndarray:
        return self.scales[k] * self.target_of(theta) + self.biases[k]

    def plain(self, k: int, theta: np.ndarray) -> np.ndarray:
        return self.scales[k] * np.cos(theta) + self.biases[k]


def _pair(kind, w_norms, x_norm, biases, params) -> _Pair:
    spec, p = _resolve(kind, params)
    n1, n2 = (_norm("w_norm", n) for n in w_norms)
    xn = _norm("x_norm", x_norm)
    b1, b2 = (_real("bias", b, "pair") for b in biases)
    if (b1 or b2) and not spec.has_bias:
        raise ValueError(f"{spec.name} has no biases, got {b1}, {b2}")
    return _Pair(
        lambda theta: _TARGETS[spec.name](theta, np.cos(theta), p)[0],
        (target_scale(spec, p, n1, xn), target_scale(spec, p, n2, xn)),
        (b1, b2),
    )


def pair_border(
    theta1, kind, *, w_norms=(1.0, 1.0), x_norm: float = 1.0, biases=(0.0, 0.0), **params
) -> np.ndarray:
    """Class 1's decision border against class 2 alone, for given lengths and biases.

    Class 1 wins with its margin where its target logit beats class 2's plain logit,
    ``T1(theta1) = S1 F(theta1) + b1 > S2 cos(theta2) + b2`` (``S_k`` the kind's scale of
    class k: ``s``, ``||w_k|| ||x||`` or ``||x||``, see :func:`target_logit`). As ``cos`` falls
    on [0, pi], that is ``theta2 > arccos(r)``, ``r = (T1(theta1) - b2) / S2``: the border.
    L-Softmax's border depends on ``||w1|| / ||w2||`` (``||x||`` scales both logits alike),
    SphereFace's and the kinds that normalise both vectors' on the angles alone, softmax's on
    both lengths, ``||x||`` and ``b1 - b2``. Class 2's border is this function with the two
    lengths and the two biases swapped, read with the axes swapped.

    Parameters
    ----------
    theta1 : array_like
        Angles to ``w1`` in radians, in [0, pi].
    kind : str
    w_norms : (float, float)
        ``||w1||`` and ``||w2||`` (>= 0); used where the kind does not normalise w.
    x_norm : float
        ``||x||`` (>= 0); used where the kind does not normalise x.
    biases : (float, float)
        ``b1`` and ``b2``; only a kind with biases (softmax) may have them non-zero.
    **params
        The kind's parameters. softmax's ``b`` is accepted and left out: ``biases`` are used.

    Returns
    -------
    ndarray, same shape as ``theta1``: ``theta2`` in radians, NaN where no ``theta2`` in [0, pi]
    ties: ``r > 1`` (class 1 wins at every ``theta2``), ``r < -1`` (at none), or ``S2 = 0``
    (class 2's logit is the constant ``b2``: class 1 wins at every or no ``theta2``).
    """
    pair = _pair(kind, w_norms, x_norm, biases, params)
    theta1 = _as_angles(theta1)
    if pair.scales[1] == 0:
        return np.full(theta1.shape, np.nan)
    ratio = (pair.target(0, theta1) - pair.biases[1]) / pair.scales[1]
    inside = np.abs(ratio) <= 1.0 + _SLACK
    with np.errstate(invalid="ignore"):
        return np.where(inside, np.arccos(np.clip(ratio, -1.0, 1.0)), np.nan)


def pair_classes(
    theta1, theta2, kind, *, w_norms=(1.0, 1.0), x_norm: float = 1.0, biases=(0.0, 0.0), **params
) -> np.ndarray:
    """Which of two classes wins with its margin at angles ``(theta1, theta2)``, or -1.

    Class 1 (0) wins where ``lead1 = T1(theta1) - P2(theta2) > 0`` and class 2 (1) where
    ``lead2 = T2(theta2) - P1(theta1) > 0``, ``T_k`` the target and ``P_k`` the plain logit of
    class k with its length and bias (as in :func:`pair_border`). Where neither leads, the band,
    the answer is -1; where both do (a negative effective margin) the larger lead wins, class 1
    on a tie, as in :func:`margin_classes_at`, which this is for K = 2 at the given lengths.
    The two angles are taken as independent, as they are for D >= 3.

    Parameters
    ----------
    theta1, theta2 : array_like, broadcastable
        Angles to ``w1`` and ``w2`` in radians, in [0, pi].
    kind, w_norms, x_norm, biases, **params
        As in :func:`pair_border`.

    Returns
    -------
    ndarray of int, the broadcast shape: 0, 1 or -1.
    """
    pair = _pair(kind, w_norms, x_norm, biases, params)
    theta1, theta2 = np.broadcast_arrays(_as_angles(theta1), _as_angles(theta2))
    lead1 = pair.target(0, theta1) - pair.plain(1, theta2)
    lead2 = pair.target(1, theta2) - pair.plain(0, theta1)
    return np.where((lead1 > 0) & (lead1 >= lead2), 0, np.where(lead2 > 0, 1, -1)).astype(int)


# --- one sample: logits, loss, gradients ----------------------------------------------------------


def _check_sample(W, x, label) -> tuple[np.ndarray, np.ndarray, int]:
    W = np.asarray(W, dtype=float)
    x = np.asarray(x, dtype=float)
    if W.ndim != 2 or W.shape[1] < 1:
        raise ValueError(f"W must be (D, K) with K >= 1, got shape {W.shape}")
    if x.shape != (W.shape[0],):
        raise ValueError(f"x must be ({W.shape[0]},) to match W {W.shape}, got shape {x.shape}")
    if not (np.isfinite(W).all() and np.isfinite(x).all()):
        raise ValueError("W and x must be finite")
    if isinstance(label, bool | np.bool_) or not isinstance(label, numbers.Integral):
        raise ValueError(f"label must be an integer class index, got {label!r}")
    if not 0 <= label < W.shape[1]:
        raise ValueError(f"label must be in [0, {W.shape[1]}), got {label}")
    return W, x, int(label)


def _require_directions(wn: np.ndarray, xn, kind: str, needed=None) -> None:
    """Refuse a zero ``x`` or a zero ``w_j`` among ``needed`` (default every j): no angle."""
    if np.any(np.asarray(xn) <= ZERO_NORM):
        raise ValueError(f"x is the zero vector: its angle to the weights is undefined ({kind} needs it)")
    zero = np.flatnonzero(wn <= ZERO_NORM)
    if needed is not None:
        zero = zero[np.isin(zero, needed)]
    if zero.size:
        raise ValueError(f"w{zero[0] + 1} is the zero vector: its angle to x is undefined ({kind} needs it)")


@dataclass(frozen=True)
class _Forward:
    """The logits of one sample and what the backward pass reuses (arrays are (K,) unless noted)."""

    z: np.ndarray
    W_hat: np.ndarray  # (D, K) unit weights
    x_hat: np.ndarray  # (D,) unit sample
    wn: np.ndarray  # ||w_j||
    xn: float  # ||x||
    c: np.ndarray  # cos(theta_j)
    F: np.ndarray  # z_j / S_j: cos(theta_j), or the target's F(theta_y) at j = y
    dF: np.ndarray  # dF/dtheta_j
    s: float
    wf: np.ndarray  # ||w_j||, or 1 where w is normalised
    xf: float  # ||x||, or 1 where x is normalised


def _forward(spec: Kind, p: dict, W: np.ndarray, x: np.ndarray, y: int) -> _Forward:
    wn, xn = safe_norms(W, axis=0), float(safe_norms(x))
    # A kind that keeps ||w_j|| (L-Softmax) needs only the target's angle: another class's logit
    # ||w_j|| ||x|| cos(theta_j) is w_j^T x, 0 for a zero w_j, as in the reference implementation.
    _require_directions(wn, xn, spec.name, None if spec.normalizes_w else [y])
    zero = wn <= ZERO_NORM
    # core.cosines and core.angles on vectors normalised once (they would normalise four times).
    x_hat = x / xn
    # A zero w_j (not the target's) stands on x's ray: its logit S_j F_j is 0 through S_j = 0, and
    # the chain rule below gives dz_j/dw_j = ||x|| x̂ = x and dz_j/dx = 0, the plain logit's own.
    W_hat = np.where(zero, x_hat[:, None], W / np.where(zero, 1.0, wn))
    # column_dots, not BLAS: identical weights must get identical cosines (ties stay ties).
    c = np.clip(column_dots(W_hat, x_hat), -1.0, 1.0)
    U, v = W_hat, x_hat[:, None]
    theta = 2.0 * np.arctan2(np.linalg.norm(U - v, axis=0), np.linalg.norm(U + v, axis=0))
    F, dF = c.copy(), -np.sin(theta)
    F[y], dF[y] = _TARGETS[spec.name](theta[y], c[y], p)
    s = p.get("s", 1.0)
    wf = np.ones_like(wn) if spec.normalizes_w else wn
    xf = 1.0 if spec.normalizes_x else xn
    return _Forward(s * wf * xf * F, W_hat, x_hat, wn, xn, c, F, dF, s, wf, xf)


def margin_logits(W, x, label: int, kind: str, **params) -> np.ndarray:
    """The logits that go into the cross-entropy: the target transformed, the others plain.

    ``z_j = S_j cos(theta_j)`` for ``j != y`` and ``z_y = S_y F(theta_y)``, with the scale
    ``S_j`` and target ``F`` of the module table (see :func:`target_logit` for ArcFace's fallback
    and the combined margin). softmax is ``W^T x + b`` exactly as :func:`softmaxviz.core.logits`.

    Parameters
    ----------
    W : array_like, shape (D, K)
        Class weights as columns.
    x : array_like, shape (D,)
    label : int
        The true class ``y``, in [0, K).
    kind : str
        A key of :data:`KINDS`.
    **params
        The kind's parameters; the rest take their defaults from :data:`KINDS`.

    Returns
    -------
    ndarray, shape (K,)

    Raises
    ------
    ValueError
        Unknown kind or parameter, a parameter out of range, bad shapes or label, or (every kind
        but softmax) a zero ``x`` or ``w_j``: its angle is undefined.
    """
    spec, p = _resolve(kind, params)
    W, x, y = _check_sample(W, x, label)
    if not spec.angular:
        return _softmax_logits(W, x, p)
    return _forward(spec, p, W, x, y).z


def _softmax_logits(W: np.ndarray, x: np.ndarray, p: dict) -> np.ndarray:
    # Bit for bit softmaxviz.core.logits (column_dots): identical columns give identical logits.
    return column_dots(W, x) + as_bias(p["b"], W.shape[1], finite=True, who="softmax: ")


def cross_entropy(z: np.ndarray, y: int) -> float:
    """``L = log sum_j e^{z_j - z_y} = log1p(sum_{j != y} e^{z_j - z_y})`` for logits ``z`` (K,).

    With ``u`` the differences ``z_j - z_y`` (j != y) and the target's own 0, and ``top = max u``,
    ``L = top + log1p(sum of e^{u_j - top} over every u_j but one maximal one)``: that one term
    is exactly 1, so nothing is added to 1 and lost. A confident sample (target far ahead) keeps
    its loss of 1e-32 instead of ``log(1 + 1e-32) = 0``; a wrong one (top > 0) cannot overflow.
    Both terms are >= 0, so the loss is too.
    """
    u = np.append(np.delete(z, y) - z[y], 0.0)
    k = int(np.argmax(u))
    top = u[k]
    return float(top + np.log1p(np.sum(np.exp(np.delete(u, k) - top))))


def _loss_slopes(z: np.ndarray, y: int) -> np.ndarray:
    """``g = dL/dz = softmax(z) - e_y`` (K,), with ``g_y = -sum_{j != y} p_j``.

    ``p_y - 1`` cancels to exactly 0 once the other probabilities sum below ~1e-16, and takes the
    target's gradient with it; the sum of the others keeps full relative precision.
    """
    g = softmax(z)
    g[y] = -np.sum(np.delete(g, y))
    return g


def margin_loss(W, x, label: int, kind: str, **params) -> float:
    """Cross-entropy of the margin logits, ``L = -log softmax(z)_y = log sum_j e^{z_j} - z_y``.

    Computed as ``L = log1p(sum_{j != y} e^{z_j - z_y})`` with the largest difference taken out
    first (see :func:`cross_entropy`), so it is finite and ``>= 0`` for any finite logits (even norms
    of 1e6 in L-Softmax, logits of 1e12) and keeps its relative precision however confident the
    sample: a loss of 1e-32 is 1e-32, not 0 (until ``e^{z_j - z_y}`` underflows, below ~1e-308).
    Parameters and errors as in :func:`margin_logits`.

    Returns
    -------
    float
    """
    return cross_entropy(margin_logits(W, x, label, kind, **params), int(label))


def margin_gradients(W, x, label: int, kind: str, **params) -> tuple[np.ndarray, np.ndarray]:
    """Analytic gradients of :func:`margin_loss` with respect to ``W`` and ``x``.

    With ``p = softmax(z)`` and ``g = p - e_y = dL/dz``, computed with
    ``g_y = -sum_{j != y} p_j`` (not ``p_y - 1``, which cancels to 0 for a confident sample) so
    every gradient keeps its relative precision however small, softmax gives ``dL/dW = x g^T`` and
    ``dL/dx = W g``. Every other kind writes ``z_j = S_j F_j(theta_j)`` with the scale
    ``S_j = s (||w_j|| unless normalised) (||x|| unless normalised)`` and ``F_j = cos`` except
    the target's ``F_y``, and chains

        dz_j/dw_j = F_j dS_j/dw_j + S_j F_j'(theta_j) dtheta_j/dw_j,
        dS_j/dw_j = (S_j/||w_j||) ŵ_j   (0 where w is normalised; likewise for x),
        dtheta_j/dw_j = -(x̂ - c_j ŵ_j) / (||w_j|| sin theta_j),
        dtheta_j/dx   = -(ŵ_j - c_j x̂) / (||x|| sin theta_j).

    This is the cosine chain rule ``dc_j/dw_j = (x̂ - c_j ŵ_j)/||w_j||``,
    ``dc_j/dx = (ŵ_j - c_j x̂)/||x||`` with ``dF/dc = -F'(theta)/sin theta`` (for example
    ``dpsi/dc = (-1)^k m sin(m theta)/sin theta``, ``d cos(theta + m)/dc = sin(theta + m)/sin theta``),
    arranged so no ``1/sin theta`` is ever formed: ``F'(theta)`` is finite everywhere and
    ``(x̂ - c_j ŵ_j)/sin theta_j`` is a unit vector, taken from its own length.

    Singular points: at ``theta_j`` in {0, pi} that unit vector has no direction and is set to 0
    (also where rounding alone separates the two directions, ``RAY_TOLERANCE``).
    This is the exact gradient wherever ``F'`` vanishes there (every plain cosine; psi at 0, and
    at pi for an integer m; ArcFace's fallbacks at pi). Elsewhere (ArcFace at theta_y = 0, the
    combined margin at 0 or pi, psi at pi for a non-integer m) the logit has a cone-shaped kink
    with no gradient, and 0 is an element of its generalised (Clarke) gradient. The jumps of
    ArcFace's fallback (at ``theta_y = pi - m``, or pi/2 with ``easy_margin``) have no derivative
    at all; either side's formula is returned there.

    Parameters and errors as in :func:`margin_logits`.

    Returns
    -------
    dW : ndarray, shape (D, K)
    dx : ndarray, shape (D,)
    """
    spec, p = _resolve(kind, params)
    W, x, y = _check_sample(W, x, label)
    if not spec.angular:
        g = _loss_slopes(_softmax_logits(W, x, p), y)
        return np.outer(x, g), W @ g
    f = _forward(spec, p, W, x, y)
    g = _loss_slopes(f.z, y)
    W_hat, x_hat = f.W_hat, f.x_hat
    u_w = _unit_columns(x_hat[:, None] - f.c * W_hat)  # direction of dc_j/dw_j
    u_x = _unit_columns(W_hat - x_hat[:, None] * f.c)  # direction of dc_j/dx through class j
    # dL/dz_j * S_j / ||w_j|| and dL/dz_j * S_j / ||x||, without dividing a norm by itself.
    a_w = g * f.s * f.xf * (1.0 / f.wn if spec.normalizes_w else 1.0)
    a_x = g * f.s * f.wf * (1.0 / f.xn if spec.normalizes_x else 1.0)
    dW = a_w * ((0.0 if spec.normalizes_w else f.F) * W_hat - f.dF * u_w)
    dx = ((0.0 if spec.normalizes_x else f.F) * x_hat[:, None] - f.dF * u_x) @ a_x
    return dW, dx


# A difference of two unit vectors this short is rounding, not a direction: x placed on w's ray
# (x = w / 2, typed or snapped) leaves up to ~2 eps of noise in x̂ - c ŵ, whose "unit" direction
# is arbitrary and gave ArcFace's target gradient a sideways part where the docstring promises 0.
RAY_TOLERANCE = 16 * np.finfo(float).eps


def _unit_columns(V: np.ndarray) -> np.ndarray:
    """Columns scaled to unit length; columns no longer than rounding (``RAY_TOLERANCE``) are 0."""
    # The columns are differences of unit vectors: no overflow, so no need for safe_norms.
    n = np.linalg.norm(V, axis=0)
    return np.divide(V, n, out=np.zeros_like(V), where=n > RAY_TOLERANCE)


# --- the plane --------------------------------------------------------------------------------------


def margin_classes_at(W, P, kind: str, *, b=None, **params) -> np.ndarray:
    """Which class a sample at each point would win with its margin, or -1 (any D).

    A point ``p`` belongs to class ``k`` when a sample there labelled ``k`` wins: its target
    logit beats every other class's plain logit, ``lead_k = z_k^target(p) - max_{j != k} z_j(p) > 0``
    (the logits of ``margin_logits(W, p, k, kind)``). Where no class wins by its margin the point
    is ambiguous (-1); so is the origin for every kind but softmax (it has no angle), and so are
    exact ties. Without a margin (softmax, normface) only such measure-zero sets are ambiguous.

    With a negative effective margin (the combined margin for ``m1 < 1`` or past
    ``m1 theta + m2 > pi``) two classes can win at once; the one with the larger lead is reported
    (the lower index on a tie).

    Parameters
    ----------
    W : array_like, shape (D, K)
    P : array_like, shape (D, N) or (D,)
        Points as columns, or one point.
    kind : str
    b : array_like, shape (K,), optional
        softmax's biases (zeros if omitted); ignored by the other kinds, which have none.
    **params
        The kind's parameters.

    Returns
    -------
    ndarray of int, shape (N,) (or a 0-d array for one point)
    """
    spec, p = _resolve(kind, params)
    if spec.has_bias:
        p = {**p, "b": b}
    W = np.asarray(W, dtype=float)
    P = np.asarray(P, dtype=float)
    if W.ndim != 2 or W.shape[1] < 1:
        raise ValueError(f"W must be (D, K) with K >= 1, got shape {W.shape}")
    if P.ndim not in (1, 2) or P.shape[0] != W.shape[0]:
        raise ValueError(f"P must be ({W.shape[0]}, N) or ({W.shape[0]},) to match W, got shape {P.shape}")
    if not (np.isfinite(W).all() and np.isfinite(P).all()):
        raise ValueError("W and P must be finite")
    one = P.ndim == 1
    P = P[:, None] if one else P
    k = W.shape[1]

    if not spec.angular:
        plain = column_dots(W, P) + as_bias(p["b"], k, finite=True, who="softmax: ")[:, None]
        target = plain
        undefined = np.zeros(P.shape[1], dtype=bool)
    else:
        wn, pn = safe_norms(W, axis=0), safe_norms(P, axis=0)
        # L-Softmax's logits are ||w_j|| ||p|| times a bounded F: 0 for a zero w_j, its limit.
        _require_directions(wn, 1.0, spec.name, None if spec.normalizes_w else [])
        undefined = pn <= ZERO_NORM
        # The origin has no angle: any stand-in works, its class is set to -1 below.
        C = np.nan_to_num(cosines(W, P), nan=0.0)
        theta = np.nan_to_num(angles(W, P), nan=np.pi / 2)
        S = target_scale(spec, p, wn[:, None], pn[None, :])
        plain = S * C
        target = S * _TARGETS[spec.name](theta, C, p)[0]

    lead = np.empty_like(plain)
    for j in range(k):
        others = np.delete(plain, j, axis=0)
        lead[j] = target[j] - (others.max(axis=0) if k > 1 else -np.inf)
    best = np.argmax(lead, axis=0)
    wins = np.take_along_axis(lead, best[None, :], axis=0)[0] > 0
    classes = np.where(wins & ~undefined, best, -1)
    return classes[0] if one else classes


def margin_regions(
    W, kind: str, extent, resolution: int, *, b=None, **params
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`margin_classes_at` on the plane's grid, for D = 2: the margin decision regions.

    ``classes[r, c]`` is the class a sample at ``(xs[c], ys[r])`` wins with its margin, -1 in
    the ambiguous band (no class wins by its margin), at the origin (every kind but softmax: no
    angle) and on exact ties.

    Parameters
    ----------
    W : array_like, shape (2, K)
    kind : str
    extent : (xmin, xmax, ymin, ymax)
    resolution : int
        Grid points per axis, R; the cell-centred grid of :func:`softmaxviz.core.grid`.
    b : array_like, shape (K,), optional
        softmax's biases (zeros if omitted); ignored by the other kinds, which have none.
    **params
        The kind's parameters.

    Returns
    -------
    classes : ndarray of int, shape (R, R)
        Indexed ``[row = y, column = x]`` like :class:`softmaxviz.core.Regions`.
    xs, ys : ndarray, shape (R,)
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != 2:
        raise ValueError(f"W must be (2, K), got shape {W.shape}")
    if isinstance(resolution, bool) or not isinstance(resolution, numbers.Integral) or resolution < 1:
        raise ValueError(f"resolution must be a positive integer, got {resolution!r}")
    xs, ys, P = grid(extent, resolution)
    classes = margin_classes_at(W, P, kind, b=b, **params)
    return classes.reshape(len(ys), len(xs)), xs, ys
