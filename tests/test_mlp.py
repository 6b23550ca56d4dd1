import numpy as np
import pytest
from helpers import numeric_gradient
from hypothesis import given, settings
from hypothesis import strategies as st

from softmaxviz.mlp import (
    adam_init,
    adam_step,
    dense_backward,
    dense_forward,
    init_mlp,
    layer_count,
    mlp_backward,
    mlp_forward,
    prelu_backward,
    prelu_forward,
)

SETTINGS = settings(max_examples=15, deadline=None)


def _away_from_zero(rng, shape, low=0.1):
    """Normal entries pushed at least ``low`` from 0, so no PReLU input sits on its kink."""
    Z = rng.normal(size=shape)
    return np.where(Z >= 0, Z + low, Z - low)


@given(st.integers(0, 2**16))
@SETTINGS
def test_dense_gradients_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    W, b, A, R = rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=(4, 5)), rng.normal(size=(3, 5))

    def loss():  # a random linear functional of the output, so every entry of dZ differs
        return float(np.sum(R * dense_forward(W, b, A)))

    dW, db, dA = dense_backward(W, A, R)
    np.testing.assert_allclose(dW, numeric_gradient(loss, W), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, numeric_gradient(loss, b), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dA, numeric_gradient(loss, A), rtol=1e-6, atol=1e-8)


@given(st.integers(0, 2**16))
@SETTINGS
def test_prelu_gradients_match_finite_differences(seed):
    rng = np.random.default_rng(seed)
    a, Z, R = rng.uniform(-0.5, 0.5, size=3), _away_from_zero(rng, (3, 6)), rng.normal(size=(3, 6))

    def loss():
        return float(np.sum(R * prelu_forward(a, Z)))

    da, dZ = prelu_backward(a, Z, R)
    np.testing.assert_allclose(da, numeric_gradient(loss, a), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dZ, numeric_gradient(loss, Z), rtol=1e-6, atol=1e-8)


def test_prelu_is_identity_for_positive_inputs_and_scales_the_others():
    a = np.array([0.25, 0.0])
    Z = np.array([[2.0, -2.0], [3.0, -3.0]])
    np.testing.assert_array_equal(prelu_forward(a, Z), [[2.0, -0.5], [3.0, 0.0]])


@pytest.mark.parametrize("activation", ["prelu", "relu"])
def test_mlp_gradients_match_finite_differences_for_every_parameter(activation):
    rng = np.random.default_rng(7)
    params = init_mlp((5, 4, 3, 2), seed=3, activation=activation)
    X, R = rng.normal(size=(5, 6)), rng.normal(size=(2, 6))

    def loss():
        return float(np.sum(R * mlp_forward(params, X)[0]))

    _, cache = mlp_forward(params, X)
    grads, dX = mlp_backward(params, cache, R)
    # Hidden pre-activations at exactly 0 would sit on PReLU's kink; these draws keep away from it.
    assert all(np.min(np.abs(Z)) > 1e-4 for Z in cache.pre)
    assert set(grads) == set(params)
    for key in params:
        np.testing.assert_allclose(grads[key], numeric_gradient(loss, params[key]), rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(dX, numeric_gradient(loss, X), rtol=1e-5, atol=1e-8)


def test_relu_network_has_no_slopes_and_prelu_one_per_hidden_layer():
    relu, prelu = init_mlp((64, 64, 32, 2), 0, "relu"), init_mlp((64, 64, 32, 2), 0, "prelu")
    assert sorted(relu) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert sorted(prelu) == ["W1", "W2", "W3", "a1", "a2", "b1", "b2", "b3"]
    assert prelu["W1"].shape == (64, 64) and prelu["W3"].shape == (32, 2) and prelu["a2"].shape == (32,)
    assert layer_count(prelu) == 3


def test_init_mlp_is_deterministic_for_a_seed():
    one, two, other = init_mlp((8, 4, 2), 5), init_mlp((8, 4, 2), 5), init_mlp((8, 4, 2), 6)
    assert all(np.array_equal(one[k], two[k]) for k in one)
    assert not np.array_equal(one["W1"], other["W1"])


def test_init_mlp_rejects_bad_sizes_and_activations():
    with pytest.raises(ValueError, match="two positive widths"):
        init_mlp((8,), 0)
    with pytest.raises(ValueError, match="activation"):
        init_mlp((8, 2), 0, "tanh")


def test_first_adam_step_moves_every_entry_by_the_learning_rate_against_its_gradient():
    # With zero moments the bias-corrected first step is lr g / (|g| + eps): lr sign(g).
    params = {"w": np.array([1.0, -2.0, 3.0])}
    grads = {"w": np.array([0.5, -4.0, 0.1])}
    new, state = adam_step(params, grads, adam_init(params), lr=0.01)
    np.testing.assert_allclose(new["w"], params["w"] - 0.01 * np.sign(grads["w"]), rtol=1e-6)
    assert state.t == 1


def test_adam_leaves_its_inputs_untouched_and_skips_parameters_without_gradient():
    params = {"w": np.ones(2), "frozen": np.ones(2)}
    state = adam_init(params)
    new, _ = adam_step(params, {"w": np.ones(2)}, state, lr=0.1)
    assert np.array_equal(params["w"], np.ones(2)) and np.array_equal(state.m["w"], np.zeros(2))
    assert np.array_equal(new["frozen"], np.ones(2)) and not np.array_equal(new["w"], np.ones(2))
