"""transport: Nagle's algorithm off on the server's sockets (see softmaxviz/ui/transport.py)."""

from __future__ import annotations

import gc
import socket
import weakref

from softmaxviz.ui.transport import nodelay_all


class Gone:
    pass


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_the_listener_and_open_connections_get_nodelay_and_new_connections_inherit_it():
    # Bound the way Streamlit binds its listener: proto 0, so asyncio leaves Nagle on.
    listener = socket.socket(family=socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    closed = socket.socket(family=socket.AF_INET)
    closed.close()
    try:
        assert listener.proto == 0 and nodelay(accepted) == 0
        gone = Gone()
        dead = weakref.proxy(gone)
        del gone
        gc.collect()
        # A dead weak proxy (gc.get_objects() returns such) must not raise ReferenceError.
        assert nodelay_all([listener, accepted, udp, closed, "not a socket", dead]) == 2
        assert nodelay(listener) and nodelay(accepted)
        later = socket.create_connection(listener.getsockname())
        accepted_later, _ = listener.accept()
        assert nodelay(accepted_later)  # inherited from the listener (Linux)
        later.close()
        accepted_later.close()
    finally:
        for s in (listener, client, accepted, udp):
            s.close()


def test_by_default_every_socket_the_process_holds_is_found():
    listener = socket.socket(family=socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:
        assert nodelay_all() >= 1
        assert nodelay(listener)
    finally:
        listener.close()
