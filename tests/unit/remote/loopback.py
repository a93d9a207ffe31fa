"""Real HTTP servers on 127.0.0.1 for the remote-file tests and the benchmark.

One threaded server (the standard library's) serves files from a folder, under a
``mode`` that makes it behave like the servers a remote reader meets:

* ``range``: honours ``Range`` (206 with ``Content-Range``), as S3 and CDNs do;
* ``norange``: ignores ``Range`` and sends the whole file with 200;
* ``cut``: honours ``Range`` but cuts the connection half-way through every answer
  that starts at or after ``cut_after`` bytes (``cut_times``: only that many times);
* ``hang``: answers GET requests only after ``hang_seconds``;
* ``status``: answers every request with ``status``, ``flaky``: ``status`` the first
  ``flaky_times`` GET requests, then as ``range``.

``/redirect/NAME`` answers 302 to ``/files/NAME`` (DANDI's asset URLs redirect to
S3). Every request waits ``latency`` seconds first (a cloud round trip), and the
server counts requests and body bytes sent.
"""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

_RANGE = re.compile(r"bytes=(\d+)-(\d*)")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        owner = self.server.owner
        owner.count_request(self.command)
        time.sleep(owner.latency)
        if self.path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", "/files/" + self.path.split("/", 2)[2])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = owner.status_for(self.command)
        if status is not None:
            self._plain(status, b"failing on purpose\n", body)
            return
        path = owner.root / self.path.removeprefix("/files/").split("?", 1)[0]
        if not path.is_file():
            self._plain(404, b"not found\n", body)
            return
        if body and owner.mode == "hang":
            time.sleep(owner.hang_seconds)
        self._file(path, body)

    def _plain(self, status: int, text: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if body:
            self.wfile.write(text)

    def _file(self, path: Path, body: bool) -> None:
        size = path.stat().st_size
        owner = self.server.owner
        match = _RANGE.fullmatch(self.headers.get("Range", ""))
        if match and owner.mode != "norange" and body:
            start = int(match.group(1))
            end = min(int(match.group(2) or size - 1), size - 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        else:
            start, end = 0, size - 1
            self.send_response(200)
        length = max(0, end - start + 1)
        self.send_header("Content-Length", str(length))
        if owner.mode != "norange":
            self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if body:
            self._send_bytes(path, start, length)

    def _send_bytes(self, path: Path, start: int, length: int) -> None:
        owner = self.server.owner
        cut = owner.should_cut(start)
        with path.open("rb") as fh:
            fh.seek(start)
            left = length // 2 if cut else length
            try:
                while left > 0:
                    piece = fh.read(min(left, 1 << 20))
                    if not piece:
                        break
                    self.wfile.write(piece)
                    owner.count_bytes(len(piece))
                    left -= len(piece)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
                return
        if cut:
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(2)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FileServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up (as readers do mid-answer) is no error here


class FileServer:
    """A loopback HTTP server over ``root``; a context manager that stops it."""

    def __init__(
        self, root: Path, mode: str = "range", latency: float = 0.0, **settings: Any
    ) -> None:
        self.root = root
        self.mode = mode
        self.latency = latency
        self.status: int = settings.get("status", 500)
        self.cut_after: int = settings.get("cut_after", 0)
        self.cut_times: int | None = settings.get("cut_times")
        self.flaky_times: int = settings.get("flaky_times", 0)
        self.hang_seconds: float = settings.get("hang_seconds", 5.0)
        self.requests = 0
        self.gets = 0
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, name: str, redirect: bool = False) -> str:
        return f"{self.base}/{'redirect' if redirect else 'files'}/{name}"

    def reset(self) -> None:
        with self._lock:
            self.requests = self.gets = self.bytes_sent = 0

    def count_request(self, method: str) -> None:
        with self._lock:
            self.requests += 1
            self.gets += method == "GET"

    def count_bytes(self, count: int) -> None:
        with self._lock:
            self.bytes_sent += count

    def status_for(self, method: str) -> int | None:
        if self.mode == "status":
            return self.status
        if self.mode == "flaky" and method == "GET":
            with self._lock:
                if self.flaky_times > 0:
                    self.flaky_times -= 1
                    return self.status
        return None

    def should_cut(self, start: int) -> bool:
        if self.mode != "cut" or start < self.cut_after:
            return False
        with self._lock:
            if self.cut_times is None:
                return True
            if self.cut_times > 0:
                self.cut_times -= 1
                return True
        return False
