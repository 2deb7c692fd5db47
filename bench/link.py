"""A TCP link with a set round-trip time, in front of a database server on this machine (bench/tenants.py).

A server in another zone or region costs every round trip its network's round-trip time; on this machine a
round trip costs tens of microseconds, so what a command's round trips cost a remote user does not show. This
link stands in for the network: a process of its own (so the client's GIL does not slow it) listens on a
loopback port, connects each client to the server, and delivers each chunk of bytes half the round-trip time
after it arrived, in order, in each direction. It also counts the round trips: each time a client sends after
the server has answered it (a new request, once the answer is in), per connection, summed over connections.

Nothing here passes or fails; `Link` is used as ``with Link(port, rtt=0.001) as link:`` and connects to
``link.port``; ``link.trips()`` is the count so far.
"""
from __future__ import annotations

import multiprocessing
import queue
import socket
import threading
import time
from typing import Any


class Link:
    """The link to the server on ``127.0.0.1:<port>``, with round-trip time `rtt` seconds; `port` once entered."""

    def __init__(self, port: int, rtt: float, host: str = "127.0.0.1"):
        self.upstream, self.rtt = (host, port), rtt
        self.port = 0
        self._pipe: Any = None
        self._process: Any = None

    def __enter__(self) -> "Link":
        ours, theirs = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(self.upstream, self.rtt, theirs), daemon=True)
        self._process.start()
        self._pipe = ours
        self.port = ours.recv()
        return self

    def trips(self) -> int:
        """The round trips every connection made so far."""
        self._pipe.send("trips")
        return self._pipe.recv()

    def __exit__(self, *exc) -> None:
        self._process.terminate()
        self._process.join(timeout=5)


def _serve(upstream: tuple[str, int], rtt: float, pipe) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    counts: list[int] = []
    guard = threading.Lock()
    pipe.send(listener.getsockname()[1])

    def answer() -> None:
        while True:
            pipe.recv()
            with guard:
                pipe.send(sum(counts))

    threading.Thread(target=answer, daemon=True).start()
    while True:
        client, _ = listener.accept()
        try:
            server = socket.create_connection(upstream)
        except OSError:
            client.close()
            continue
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with guard:
            counts.append(0)
            slot = len(counts) - 1
        last = ["server"]  # who sent last: a client's send after the server's is a new round trip

        def trip(slot: int = slot, last: list = last) -> None:
            with guard:
                if last[0] == "server":
                    counts[slot] += 1
                last[0] = "client"

        def answered(last: list = last) -> None:
            last[0] = "server"

        _pump(client, server, rtt / 2, trip)
        _pump(server, client, rtt / 2, answered)


def _pump(source: socket.socket, sink: socket.socket, delay: float, seen) -> None:
    """Carry `source`'s bytes to `sink`, each chunk `delay` seconds after it arrived, in order."""
    due: "queue.SimpleQueue[tuple[float, bytes]]" = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if data:
                seen()
            due.put((time.monotonic() + delay, data))
            if not data:
                return

    def write() -> None:
        while True:
            at, data = due.get()
            wait = at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if not data:
                for s in (sink, source):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            try:
                sink.sendall(data)
            except OSError:
                return

    threading.Thread(target=read, daemon=True).start()
    threading.Thread(target=write, daemon=True).start()
