"""A loopback proxy that delays every chunk of bytes by a fixed time in each direction, so a
browser on this machine sees the round trip of a hosted app (40 ms each way = 80 ms RTT, about
what an app on Community Cloud shows a nearby user).

It relays TCP bytes, so HTTP, keep-alive and WebSocket all pass through unchanged. Each chunk
read from one side is written to the other ``--delay-ms`` after it arrived, in order; bandwidth
is not limited. It listens on 127.0.0.1 only, forwards to 127.0.0.1 only, and exits after
``--seconds`` (its bounded lifetime) or on SIGTERM.

``python bench/delay_proxy.py --listen 8600 --upstream 8501 [--delay-ms 40] [--seconds 600]``
runs until its lifetime ends; bench/live_rate.py starts and stops it itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

HOST = "127.0.0.1"
CHUNK = 65536


async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay_s: float) -> None:
    """Copy ``reader`` to ``writer``, each chunk ``delay_s`` after it was read (order kept)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def read() -> None:
        try:
            while chunk := await reader.read(CHUNK):
                queue.put_nowait((loop.time() + delay_s, chunk))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((loop.time() + delay_s, b""))  # end of stream, delayed like the data

    async def write() -> None:
        try:
            while True:
                due, chunk = await queue.get()
                await asyncio.sleep(max(due - loop.time(), 0))
                if not chunk:
                    break
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(OSError, RuntimeError):
                if writer.can_write_eof():
                    writer.write_eof()

    await asyncio.gather(read(), write())


async def handle(
    client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter, upstream: int, delay_s: float
) -> None:
    try:
        server_reader, server_writer = await asyncio.open_connection(HOST, upstream)
    except OSError:
        client_writer.close()
        return
    try:
        await asyncio.gather(
            pump(client_reader, server_writer, delay_s), pump(server_reader, client_writer, delay_s)
        )
    finally:
        for w in (client_writer, server_writer):
            w.close()
            with contextlib.suppress(OSError, ConnectionError):
                await w.wait_closed()


async def serve(listen: int, upstream: int, delay_ms: float, seconds: float) -> None:
    delay_s = delay_ms / 1000
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncio.start_server(lambda r, w: handle(r, w, upstream, delay_s), HOST, listen)
    async with server:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
    # Connections still open end with the process.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", type=int, required=True, help="port on 127.0.0.1 to accept on")
    parser.add_argument("--upstream", type=int, required=True, help="port on 127.0.0.1 to forward to")
    parser.add_argument("--delay-ms", type=float, default=40.0, help="delay of every chunk, each way")
    parser.add_argument("--seconds", type=float, default=600.0, help="lifetime, then exit")
    args = parser.parse_args()
    asyncio.run(serve(args.listen, args.upstream, args.delay_ms, args.seconds))


if __name__ == "__main__":
    main()
