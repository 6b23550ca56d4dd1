"""The server's TCP sockets without Nagle's algorithm.

Streamlit 1.67 serves through uvicorn from a listening socket it binds itself
(``socket.socket(family)``), so the socket's ``proto`` is 0. asyncio turns Nagle's algorithm off
only on sockets whose ``proto`` is ``IPPROTO_TCP``, so here it stays on (the mechanism of uvicorn
issue #3149). Every rerun sends a burst of small websocket messages; with Nagle on, the second
waits for the browser's ACK of the first, which the browser delays by up to 40 ms. Measured on
the live floor (bench/live_floor_app.py, loopback): a fragment run's reply took 51 ms, 11 ms
with ``TCP_NODELAY``. Tornado, which Streamlit used before, bound its sockets with the ``proto``
asyncio looks for, and so had Nagle off.

:func:`disable_nagle` sets ``TCP_NODELAY`` on every open TCP socket of the process: the listening
socket, whose option the connections accepted later inherit on Linux, and the connections already
open (the first visitor's, whose request ran the script that calls it).
"""

from __future__ import annotations

import functools
import gc
import socket

_TCP = (socket.AF_INET, socket.AF_INET6)


def nodelay_all(objects=None) -> int:
    """Set ``TCP_NODELAY`` on every open TCP socket among ``objects`` (default: every object the
    garbage collector tracks, which includes all of the process's ``socket.socket`` objects).
    Returns how many sockets were set."""
    count = 0
    for obj in gc.get_objects() if objects is None else objects:
        # type(), not isinstance(): the latter dereferences a weak proxy, which raises once its
        # object is gone (gc.get_objects() returns such proxies).
        if not issubclass(type(obj), socket.socket):
            continue
        if obj.family not in _TCP or obj.type != socket.SOCK_STREAM:
            continue
        try:
            obj.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # closed, or not (yet) a TCP endpoint
            continue
        count += 1
    return count


@functools.cache
def disable_nagle() -> int:
    """:func:`nodelay_all` once per process (app.py calls it on every run; the scan takes a few
    ms). Returns the number of sockets set at that first call."""
    return nodelay_all()
