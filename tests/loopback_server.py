"""A real HTTP server on the loopback (127.0.0.1, a free port) for the ``--remote`` tests.

Each path is a case of link rot as real hosts serve it; every request is counted, with the
number in flight at once and the time it started, so a test can check the client's limits.
Nothing is ever sent off the machine.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 56
HUGE = 1 << 34  # 16 GiB announced; the client must never read it


class Tally:
    """What every server of a test saw (shared by many servers: the whole run's in-flight count)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter[tuple[int, str, str]] = Counter()  # (port, method, path)
        self.starts: dict[int, list[float]] = {}
        self.in_flight: Counter[int] = Counter()
        self.max_in_flight: Counter[int] = Counter()
        self.total_in_flight = 0
        self.max_total_in_flight = 0
        self.body_bytes_sent = 0
        self.rate_limited: set[int] = set()
        self.sent_headers: set[str] = set()  # names of the request headers any request carried

    @property
    def count(self) -> int:
        return sum(self.requests.values())

    def enter(self, port: int, method: str, path: str) -> None:
        with self.lock:
            self.requests[(port, method, path)] += 1
            self.starts.setdefault(port, []).append(time.monotonic())
            self.in_flight[port] += 1
            self.max_in_flight[port] = max(self.max_in_flight[port], self.in_flight[port])
            self.total_in_flight += 1
            self.max_total_in_flight = max(self.max_total_in_flight, self.total_in_flight)

    def leave(self, port: int) -> None:
        with self.lock:
            self.in_flight[port] -= 1
            self.total_in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_GET(self) -> None:
        self._serve("GET")

    def _serve(self, method: str) -> None:
        tally, port = self.server.tally, self.server.server_address[1]
        path = self.path.split("?")[0]
        tally.enter(port, method, path)
        with tally.lock:
            tally.sent_headers.update(name.lower() for name in self.headers)
        try:
            self._answer(method, path)
        finally:
            tally.leave(port)

    def _send(self, status: int, content_type: str | None, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def _answer(self, method: str, path: str) -> None:
        tally = self.server.tally
        port = self.server.server_address[1]
        if path.startswith("/img") or path == "/image.png":
            self._send(200, "image/png", PNG, {"Set-Cookie": "visitor=1; Path=/"})
        elif path.startswith("/page"):
            self._send(200, "text/html; charset=utf-8", b"<html>ok</html>")
        elif path in {"/missing.png", "/gone"}:
            self._send(404, "text/html", b"<html>not found</html>")
        elif path == "/html-200.png":
            self._send(200, "text/html; charset=utf-8", b"<html>this image was removed</html>")
        elif path == "/moved.png":
            self._send(301, None, headers={"Location": "/image.png"})
        elif path == "/moved-page":
            self._send(308, None, headers={"Location": f"http://127.0.0.1:{port}/page-new"})
        elif path == "/temporary":
            self._send(302, None, headers={"Location": "/page-elsewhere"})
        elif path == "/loop-a":
            self._send(301, None, headers={"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(302, None, headers={"Location": "/loop-a"})
        elif path == "/busy":
            with tally.lock:
                first = port not in tally.rate_limited
                tally.rate_limited.add(port)
            if first:
                self._send(429, "text/plain", b"slow down", {"Retry-After": "1"})
            else:
                self._send(200, "text/html", b"<html>ok now</html>")
        elif path == "/too-busy":
            self._send(429, "text/plain", b"come back tomorrow", {"Retry-After": "86400"})
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", b"late")
        elif path == "/reset":
            with contextlib.suppress(OSError):
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
            self.close_connection = True
            self.connection.close()
        elif path == "/no-head.png":
            if method == "HEAD":
                self._send(405, "text/plain", b"", {"Allow": "GET"})
            else:
                self._send(200, "image/png", PNG)
        elif path == "/huge.png":
            self._huge(method)
        elif path == "/server-error":
            self._send(503, "text/plain", b"down")
        else:
            self._send(404, "text/plain", b"no such case")

    def _huge(self, method: str) -> None:
        """HEAD refused, so the client has to GET a body it must not read whole."""
        if method == "HEAD":
            self._send(405, "text/plain", b"")
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        chunk = b"\0" * 65536
        deadline = time.monotonic() + 5
        try:
            while time.monotonic() < deadline:
                self.wfile.write(chunk)
                with self.server.tally.lock:
                    self.server.tally.body_bytes_sent += len(chunk)
        except OSError:
            pass  # the client closed the connection: what it should do
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, tally: Tally) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tally = tally


@contextlib.contextmanager
def serving(count: int = 1, tally: Tally | None = None) -> Iterator[tuple[list[str], Tally]]:
    """``count`` servers on the loopback: their base URLs (``http://127.0.0.1:PORT``) and the tally."""
    tally = tally or Tally()
    servers = [_Server(tally) for _ in range(count)]
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield [f"http://127.0.0.1:{s.server_address[1]}" for s in servers], tally
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
