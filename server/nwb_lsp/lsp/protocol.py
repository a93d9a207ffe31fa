"""pygls' JSON-RPC protocol, bounded over a long session and quiet about cancels.

pygls 2 keeps the future of every handler it runs as a generator or coroutine in
``_request_futures`` under the message's id, and removes it only when it answers a
request. Its built-in handlers for notifications (``didOpen``, ``didChange``,
``didClose``) are generators, and ``workspace/executeCommand`` runs an async command
as a nested handler under an id of its own: so every edit left a finished future
behind (about 1 KB), and every command call its whole result (a dependency graph can
be megabytes). Here a handler's future is dropped as soon as it is done.

pygls sends a response by walking its result with the lsprotocol converter and then
encoding it, on the event loop; for a command's result of thousands of entries
that stalls every other message (diagnostics while typing) for a second or more.
A result that is already JSON — an ``EncodedResult``, encoded by the worker that
computed it — is sent as it is.

A request that fails for a reason the user can act on (``RequestFailed``: a file
missing, corrupt or too slow to read) is answered with that one-line message and
logged as one line; pygls would log each with its traceback at error level.
Anything else that fails still reaches pygls, traceback and all.

A client sends ``$/cancelRequest`` for a request it no longer needs; editors do so
routinely (VS Code cancels its pull for diagnostics whenever the document changes),
and mostly after the answer has gone out — always for a request the server answers
synchronously, which pygls never registers as in flight. pygls then logs a warning,
"Cancel notification for unknown message id", for each one, and the editor's output
channel fills with them. The LSP asks servers to ignore a cancel for a finished
request, so for an id the server has answered recently that is logged at debug
level. A cancel for an id the server never received still warns (that is a client
bug), and a cancel of a request still running is handled by pygls as before.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from lsprotocol import types
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)
REMEMBERED = 1024  # answered request ids kept, so the set stays small in a long session


class RequestFailed(Exception):
    """A request that failed for a reason the user can act on; the message is one
    line meant for them."""


class EncodedResult(str):
    """A request's result, already encoded as JSON: sent on without being walked."""


class NwbProtocol(LanguageServerProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._received: OrderedDict[Any, None] = OrderedDict()

    def _execute_handler(
        self,
        msg_id: Any,
        handler: Callable[..., Any],
        callback: Callable[[Future[Any]], None],
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        future = self._request_futures.get(msg_id)
        if future is not None:
            future.add_done_callback(lambda done: self._forget(msg_id, done))

    def _forget(self, msg_id: Any, done: Any) -> None:
        if self._request_futures.get(msg_id) is done:
            del self._request_futures[msg_id]

    def _handle_request(self, msg_id: Any, method_name: str, params: Any) -> None:
        self._received[msg_id] = None
        if len(self._received) > REMEMBERED:
            self._received.popitem(last=False)
        super()._handle_request(msg_id, method_name, params)

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        if msg_id not in self._request_futures and msg_id in self._received:
            log.debug("cancel for request %s, already answered", msg_id)
            return
        super()._handle_cancel_notification(msg_id)

    def _send_handler_result(self, future: Future[Any], *, msg_id: Any) -> None:
        failed = None if future.cancelled() else future.exception()
        if not isinstance(failed, RequestFailed):
            super()._send_handler_result(future, msg_id=msg_id)
            return
        self._request_futures.pop(msg_id, None)
        log.info("request %s failed: %s", msg_id, failed)
        error = types.ResponseError(types.LSPErrorCodes.RequestFailed, str(failed))
        self._send_response(msg_id, error=error)

    def _send_response(
        self, msg_id: Any, result: Any | None = None, error: Any | None = None
    ) -> None:
        if error is not None or not isinstance(result, EncodedResult):
            super()._send_response(msg_id, result, error)
            return
        self._result_types.pop(msg_id, None)
        self._write(
            f'{{"jsonrpc": "2.0", "id": {json.dumps(msg_id)}, "result": {result}}}'
        )

    def _write(self, body: str) -> None:
        """Send one message's JSON, framed as pygls frames its own."""
        if self.writer is None:
            log.error("cannot send a response: no transport")
            return
        data = body.encode(self.CHARSET)
        if self._include_headers:
            header = (
                f"Content-Length: {len(data)}\r\n"
                f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            )
            data = header.encode("ascii") + data
        written = self.writer.write(data)
        if inspect.isawaitable(written):  # a websocket: the write completes later
            self._last_write = asyncio.ensure_future(written)
