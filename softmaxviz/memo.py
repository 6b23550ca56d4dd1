"""Memoise pure functions of NumPy arrays by value.

While one handle is dragged, most of what a page computes depends on the others only: x moves and
the decision regions of W and b stay. ``functools.lru_cache`` cannot key on arrays, so
:func:`by_value` keys each array by its dtype, shape and bytes, and hands every caller with equal
arguments the same result, its arrays made read-only so that no caller can change what the next
one gets.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import TypeVar

import numpy as np

F = TypeVar("F", bound=Callable)

_ARRAY, _LIST, _TUPLE, _DICT = "ndarray", "list", "tuple", "dict"


def freeze(value):
    """A hashable key equal for equal values: arrays by dtype, shape and bytes, containers by
    their items (a list and a tuple of the same items differ, as the function may tell them apart)."""
    if isinstance(value, np.ndarray):
        value = np.ascontiguousarray(value)
        return (_ARRAY, value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, list):
        return (_LIST, tuple(freeze(v) for v in value))
    if isinstance(value, tuple):
        return (_TUPLE, tuple(freeze(v) for v in value))
    if isinstance(value, dict):
        return (_DICT, tuple(sorted((k, freeze(v)) for k, v in value.items())))
    hash(value)  # anything else must be hashable as it is (numbers, strings, None)
    return value


def thaw(key):
    """The value :func:`freeze` made ``key`` from (arrays come back read-only)."""
    if isinstance(key, tuple) and key and key[0] in (_ARRAY, _LIST, _TUPLE, _DICT):
        tag, *rest = key
        if tag == _ARRAY:
            dtype, shape, data = rest
            return np.frombuffer(data, dtype=dtype).reshape(shape)
        if tag == _LIST:
            return [thaw(v) for v in rest[0]]
        if tag == _TUPLE:
            return tuple(thaw(v) for v in rest[0])
        return {k: thaw(v) for k, v in rest[0]}
    return key


def read_only(value):
    """``value`` with every array in it (in tuples, lists, dicts and dataclasses) made read-only."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, (tuple, list)):
        for v in value:
            read_only(v)
    elif isinstance(value, dict):
        for v in value.values():
            read_only(v)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            read_only(getattr(value, field.name))
    return value


def by_value(maxsize: int = 8) -> Callable[[F], F]:
    """Decorate a pure function of arrays (and numbers, strings, lists, tuples, dicts of them):
    calls with equal arguments share one result, computed once, its arrays read-only.

    ``maxsize`` results are kept (least recently used first out); ``cache_info`` and
    ``cache_clear`` are those of ``functools.lru_cache``.
    """

    def wrap(fn: F) -> F:
        @functools.lru_cache(maxsize=maxsize)
        def cached(key):
            args, kwargs = thaw(key)
            return read_only(fn(*args, **kwargs))

        @functools.wraps(fn)
        def call(*args, **kwargs):
            return cached(freeze((args, kwargs)))

        call.cache_info = cached.cache_info
        call.cache_clear = cached.cache_clear
        return call

    return wrap
