import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from softmaxviz.core import Regions
from softmaxviz.memo import by_value, freeze, read_only, thaw

small_shapes = hnp.array_shapes(min_dims=1, max_dims=2, max_side=4)
float_matrices = hnp.arrays(float, small_shapes, elements=st.floats(-5, 5))


@settings(max_examples=40, deadline=None)
@given(float_matrices, st.integers(-3, 3), st.text(max_size=3))
def test_freeze_thaw_round_trip(a, n, s):
    value = ([a, n], (s, None), {"k": a, "m": 2.5})
    back = thaw(freeze(value))
    assert type(back) is tuple and type(back[0]) is list and type(back[1]) is tuple
    np.testing.assert_array_equal(back[0][0], a)
    assert back[0][0].dtype == a.dtype and back[0][0].shape == a.shape
    assert back[0][1:] == [n] and back[1] == (s, None) and back[2]["m"] == 2.5
    assert hash(freeze(value)) == hash(freeze(thaw(freeze(value))))


def test_keys_tell_apart_what_the_function_could():
    assert freeze(np.zeros(2)) != freeze(np.zeros(2, dtype=int))  # same bytes, other dtype
    assert freeze(np.zeros((2, 1))) != freeze(np.zeros((1, 2)))
    assert freeze([1.0, 2.0]) != freeze((1.0, 2.0))
    assert freeze(np.array([1.0, 2.0])) == freeze(np.array([1.0, 2.0])[::1].copy())
    transposed = np.arange(6.0).reshape(2, 3).T  # not contiguous: keyed as its values are
    assert freeze(transposed) == freeze(np.ascontiguousarray(transposed))
    with pytest.raises(TypeError):
        freeze({1, 2})  # a set is not hashable as it is (frozenset is)


def test_by_value_computes_once_per_value_and_shares_read_only():
    calls = []

    @by_value(maxsize=2)
    def double(a, *, scale=1.0):
        calls.append(1)
        return {"out": 2 * scale * np.asarray(a)}

    first = double(np.array([1.0, 2.0]), scale=3.0)
    np.testing.assert_array_equal(first["out"], [6.0, 12.0])
    assert double(np.array([1.0, 2.0]), scale=3.0) is first and len(calls) == 1
    with pytest.raises(ValueError):
        first["out"][0] = 0.0
    double(np.array([1.0, 2.0]), scale=2.0)
    double(np.array([1.0, 2.5]), scale=3.0)
    assert len(calls) == 3 and double.cache_info().currsize == 2
    double(np.array([1.0, 2.0]), scale=3.0)  # pushed out by the two since: computed again
    assert len(calls) == 4
    double.cache_clear()
    assert double.cache_info().currsize == 0


def test_by_value_does_not_keep_errors():
    calls = []

    @by_value()
    def picky(x):
        calls.append(x)
        if x < 0:
            raise ValueError("negative")
        return x

    for _ in range(2):
        with pytest.raises(ValueError):
            picky(-1)
    assert calls == [-1, -1]


def test_read_only_reaches_into_containers_and_dataclasses():
    r = Regions(np.zeros(2), np.zeros(2), np.zeros((2, 2), dtype=int), np.ones((2, 2)))
    out = read_only(([np.zeros(1)], {"a": r}))
    assert not out[0][0].flags.writeable
    assert not any(a.flags.writeable for a in (r.xs, r.ys, r.classes, r.probabilities))
