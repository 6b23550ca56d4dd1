"""A small multilayer perceptron in pure NumPy, forward and backward by hand, and the Adam optimiser.

Conventions as in :mod:`softmaxviz.core`: activations are columns, ``A`` is ``(units, N)`` for N
samples, and a dense layer holds ``W`` ``(in, out)`` and ``b`` ``(out,)`` with

    Z = W^T A + b,

the same formula as the classifier's logits ``Z = W^T X + b``. Hidden layers are followed by a
PReLU (He et al., 2015), ``h = z`` for ``z > 0`` and ``h = a z`` otherwise, with one learned slope
``a`` per unit; ReLU is the PReLU with its slopes fixed at 0. The last layer is linear: its output
is the feature (the embedding) that goes to a loss head.

The parameters are a plain ``dict`` of arrays so the optimiser can walk them by name:

    W1 (P, H1), b1 (H1,), a1 (H1,), W2 (H1, H2), b2 (H2,), a2 (H2,), ..., WL (H_{L-1}, dim), bL (dim,)

``a<l>`` is present only with PReLU; without it the layer is a ReLU.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "AdamState",
    "MLPCache",
    "adam_init",
    "adam_step",
    "dense_backward",
    "dense_forward",
    "init_mlp",
    "layer_count",
    "mlp_backward",
    "mlp_forward",
    "prelu_backward",
    "prelu_forward",
]

ACTIVATIONS = ("prelu", "relu")

# PReLU's initial slope, the value He et al. (2015) start from.
PRELU_SLOPE = 0.25


# --- layers ----------------------------------------------------------------------------------------


def dense_forward(W: np.ndarray, b: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``Z = W^T A + b`` with ``W`` (in, out), ``b`` (out,), ``A`` (in, N); returns (out, N)."""
    return W.T @ A + b[:, None]


def dense_backward(W: np.ndarray, A: np.ndarray, dZ: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a dense layer from ``dZ = dL/dZ`` (out, N).

    ``dL/dW = A dZ^T`` (in, out), ``dL/db = sum_n dZ[:, n]`` (out,), ``dL/dA = W dZ`` (in, N).
    """
    return A @ dZ.T, dZ.sum(axis=1), W @ dZ


def prelu_forward(a: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """``H = Z`` where ``Z > 0``, ``a Z`` elsewhere; ``a`` (units,) is broadcast along the samples."""
    return np.where(Z > 0, Z, a[:, None] * Z)


def prelu_backward(a: np.ndarray, Z: np.ndarray, dH: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of :func:`prelu_forward` from ``dH = dL/dH`` (units, N).

    ``dL/da_u = sum_n [Z_un <= 0] Z_un dH_un`` and ``dL/dZ = dH`` where ``Z > 0``, ``a dH`` elsewhere.
    At the kink ``Z = 0`` the left slope is taken (any value in [a, 1] is a generalised gradient).
    """
    positive = Z > 0
    return np.where(positive, 0.0, Z * dH).sum(axis=1), np.where(positive, dH, a[:, None] * dH)


# --- the network -----------------------------------------------------------------------------------


def init_mlp(
    sizes: Sequence[int], seed: int | np.random.SeedSequence, activation: str = "prelu"
) -> dict[str, np.ndarray]:
    """Parameters of an MLP with layer widths ``sizes = (P, H1, ..., dim)``.

    Weights are drawn from ``N(0, 2 / fan_in)`` (He initialisation, which keeps the variance of
    ReLU-like activations constant through the layers), biases start at 0 and PReLU slopes at 0.25.
    The last layer is initialised the same way; it is linear.

    Parameters
    ----------
    sizes : sequence of int
        At least two widths: the input P, any hidden widths, the output dimension.
    seed : int or numpy.random.SeedSequence
        Seeds ``numpy.random.default_rng``; the same seed gives the same parameters.
    activation : {"prelu", "relu"}

    Returns
    -------
    dict of str to ndarray
        ``W1, b1, a1, ..., WL, bL`` as in the module docstring.
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must hold at least two positive widths, got {sizes}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    rng = np.random.default_rng(seed)
    params: dict[str, np.ndarray] = {}
    last = len(sizes) - 1
    for layer, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes), start=1):
        params[f"W{layer}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        params[f"b{layer}"] = np.zeros(fan_out)
        if layer < last and activation == "prelu":
            params[f"a{layer}"] = np.full(fan_out, PRELU_SLOPE)
    return params


def layer_count(params: Mapping[str, np.ndarray]) -> int:
    """The number of dense layers L (``W1`` to ``WL``)."""
    count = 0
    while f"W{count + 1}" in params:
        count += 1
    if count == 0:
        raise ValueError("params hold no layer W1")
    return count


@dataclass(frozen=True)
class MLPCache:
    """What :func:`mlp_backward` reuses from the forward pass: each layer's input and pre-activation."""

    inputs: tuple[np.ndarray, ...]  # A_{l-1} (in, N), the input of layer l
    pre: tuple[np.ndarray, ...]  # Z_l (out, N), before the activation (hidden layers only)


def mlp_forward(params: Mapping[str, np.ndarray], X: np.ndarray) -> tuple[np.ndarray, MLPCache]:
    """The features ``F`` (dim, N) of the samples ``X`` (P, N), and the cache for the backward pass.

    ``A_0 = X``, ``A_l = act(W_l^T A_{l-1} + b_l)`` for the hidden layers, ``F = W_L^T A_{L-1} + b_L``.
    """
    count = layer_count(params)
    A = np.asarray(X, dtype=float)
    inputs, pre = [], []
    for layer in range(1, count + 1):
        inputs.append(A)
        Z = dense_forward(params[f"W{layer}"], params[f"b{layer}"], A)
        if layer == count:
            return Z, MLPCache(tuple(inputs), tuple(pre))
        pre.append(Z)
        A = prelu_forward(_slopes(params, layer, Z), Z)
    raise AssertionError("unreachable")  # pragma: no cover


def mlp_backward(
    params: Mapping[str, np.ndarray], cache: MLPCache, dF: np.ndarray
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Gradients of the loss with respect to every parameter, from ``dF = dL/dF`` (dim, N).

    Returns
    -------
    grads : dict of str to ndarray
        The same keys and shapes as ``params``.
    dX : ndarray, shape (P, N)
        ``dL/dX``, the gradient with respect to the input (used by the gradient checks).
    """
    count = layer_count(params)
    grads: dict[str, np.ndarray] = {}
    dZ = np.asarray(dF, dtype=float)
    for layer in range(count, 0, -1):
        dW, db, dA = dense_backward(params[f"W{layer}"], cache.inputs[layer - 1], dZ)
        grads[f"W{layer}"], grads[f"b{layer}"] = dW, db
        if layer == 1:
            return grads, dA
        Z = cache.pre[layer - 2]
        da, dZ = prelu_backward(_slopes(params, layer - 1, Z), Z, dA)
        if f"a{layer - 1}" in params:
            grads[f"a{layer - 1}"] = da
    raise AssertionError("unreachable")  # pragma: no cover


def _slopes(params: Mapping[str, np.ndarray], layer: int, Z: np.ndarray) -> np.ndarray:
    """Layer ``layer``'s PReLU slopes, or zeros (a ReLU) when the parameters hold none."""
    key = f"a{layer}"
    return params[key] if key in params else np.zeros(Z.shape[0])


# --- Adam ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdamState:
    """Adam's step count and running moments, one entry per parameter name."""

    t: int
    m: Mapping[str, np.ndarray]
    v: Mapping[str, np.ndarray]


def adam_init(params: Mapping[str, np.ndarray]) -> AdamState:
    """Adam's state before the first step: zero moments shaped like ``params``."""
    return AdamState(
        0, {k: np.zeros_like(p) for k, p in params.items()}, {k: np.zeros_like(p) for k, p in params.items()}
    )


def adam_step(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    state: AdamState,
    lr: float,
    *,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[dict[str, np.ndarray], AdamState]:
    """One Adam step (Kingma and Ba, 2015); returns new parameters and state, the inputs are untouched.

    ``m = beta1 m + (1 - beta1) g``, ``v = beta2 v + (1 - beta2) g^2`` and
    ``p = p - lr m_hat / (sqrt(v_hat) + eps)`` with the bias-corrected ``m_hat = m / (1 - beta1^t)``
    and ``v_hat = v / (1 - beta2^t)``. A parameter without a gradient in ``grads`` is left as it is.
    """
    t = state.t + 1
    # Both corrections folded into one step size, as in the paper's "more efficient" ordering.
    step = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
    new_params, m_new, v_new = dict(params), dict(state.m), dict(state.v)
    for key, g in grads.items():
        m = beta1 * state.m[key] + (1.0 - beta1) * g
        v = beta2 * state.v[key] + (1.0 - beta2) * (g * g)
        new_params[key] = params[key] - step * m / (np.sqrt(v) + eps)
        m_new[key], v_new[key] = m, v
    return new_params, AdamState(t, m_new, v_new)
