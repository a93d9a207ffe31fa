"""A real LSP client for the soak: pygls' ``LanguageClient`` driving ``nwb-lsp serve``.

It speaks to the server exactly as an editor does (stdio, JSON-RPC) and measures what
a user feels: the time from a ``didChange`` to the diagnostics of that version —
pushed (``textDocument/publishDiagnostics``) or, for a client that declares pull
diagnostics, the answer to ``textDocument/diagnostic``. A pulling client also
cancels its previous pull when the document changes, as VS Code does (the request
has usually been answered by then). The server's stderr (its log) is drained and
its lines kept by level.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import re
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from .edits import Change, SpecEditor

LOG_LINE = re.compile(r"^\S+ \S+ \S+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")
WAIT = 120.0  # seconds: a diagnostics answer slower than this is a failure


class SoakClient:
    """One server process and the documents the soak has open in it."""

    def __init__(self, settings: dict[str, Any], pull: bool, env: dict[str, str]):
        self.settings = settings
        self.pull = pull
        self.env = env
        self.client = LanguageClient("nwb-lsp-soak", "1")
        self.editors: dict[str, SpecEditor] = {}
        self.versions: dict[str, int] = {}
        self.paths: dict[str, Path] = {}
        self.published: dict[str, int] = {}
        self.signal = asyncio.Event()
        self.log_levels: collections.Counter[str] = collections.Counter()
        self.log_tail: collections.deque[str] = collections.deque(maxlen=200)
        self.commands: list[str] = []
        self._last_pull: dict[str, str] = {}
        self._tasks: list[asyncio.Task[None]] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                self.published[params.uri] = params.version
            self.signal.set()

        @self.client.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list[Any]:
            return [self.settings for _ in params.items]

    @property
    def pid(self) -> int:
        return self.client._server.pid  # type: ignore[union-attr]

    async def start(self, workspace: Path) -> None:
        await self.client.start_io(
            sys.executable, "-m", "nwb_lsp", "serve", env=self.env
        )
        stderr = self.client._server.stderr  # type: ignore[union-attr]
        self._tasks.append(asyncio.create_task(self._drain(stderr)))
        text = types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities() if self.pull else None,
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                version_support=True
            ),
        )
        caps = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(configuration=True),
            text_document=text,
        )
        root = from_fs_path(str(workspace))
        result = await self.client.initialize_async(
            types.InitializeParams(
                capabilities=caps,
                root_uri=root,
                workspace_folders=[types.WorkspaceFolder(root, "soak")],
            )
        )
        provider = result.capabilities.execute_command_provider
        self.commands = list(provider.commands) if provider else []
        self.client.initialized(types.InitializedParams())

    async def _drain(self, stream: asyncio.StreamReader) -> None:
        """Read the server's log so its pipe never fills (a full pipe blocks it)."""
        while line := await stream.readline():
            text = line.decode(errors="replace").rstrip()
            match = LOG_LINE.match(text)
            self.log_levels[match.group(1) if match else "continued"] += 1
            self.log_tail.append(text)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()
        for task in self._tasks:
            await task

    # -- documents ------------------------------------------------------------------

    async def open(self, path: Path, text: str | None = None, seed: int = 0) -> str:
        """Open a document and wait for its first diagnostics."""
        uri = from_fs_path(str(path))
        body = text if text is not None else path.read_text(encoding="utf-8")
        self.editors[uri] = SpecEditor(body, seed)
        self.paths[uri] = path
        self.versions[uri] = 1
        self.published.pop(uri, None)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri, "yaml", 1, body)
            )
        )
        await self._diagnostics(uri, 1)
        return uri

    async def reopen(self, uri: str) -> None:
        """Close a document mid-work and open it again with the text as it was;
        the same edit script goes on."""
        editor = self.editors[uri]
        self.close(uri)
        await self.open(self.paths[uri], editor.text)
        self.editors[uri] = editor

    def close(self, uri: str) -> None:
        self.editors.pop(uri)
        if not self.paths[uri].exists():
            self.paths.pop(uri)  # scratch documents: forget them
        self.published.pop(uri, None)
        self._last_pull.pop(uri, None)
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )

    async def edit(self, uri: str, change: Change) -> float:
        """Send one change; the milliseconds until its diagnostics arrive."""
        self.versions[uri] += 1
        version = self.versions[uri]
        sent = time.perf_counter()
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            types.Position(*change.start), types.Position(*change.end)
                        ),
                        text=change.text,
                    )
                ],
            )
        )
        await self._diagnostics(uri, version)
        return (time.perf_counter() - sent) * 1000

    async def _diagnostics(self, uri: str, version: int) -> None:
        if self.pull:
            await self._pull(uri)
            return
        deadline = time.monotonic() + WAIT
        while self.published.get(uri, 0) < version:
            self.signal.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                tail = "\n".join(list(self.log_tail)[-30:])
                raise TimeoutError(f"no diagnostics for {uri} v{version}; log:\n{tail}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.signal.wait(), left)

    async def _pull(self, uri: str) -> None:
        previous = self._last_pull.get(uri)
        if previous is not None:
            # what VS Code does when the document changes under a pull it sent
            self.client.protocol.notify(
                types.CANCEL_REQUEST, types.CancelParams(id=previous)
            )
        msg_id = str(uuid.uuid4())
        self._last_pull[uri] = msg_id
        params = types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
        await asyncio.wait_for(
            self.client.protocol.send_request_async(
                types.TEXT_DOCUMENT_DIAGNOSTIC, params, msg_id=msg_id
            ),
            WAIT,
        )

    # -- commands -------------------------------------------------------------------

    async def command(self, name: str, *args: Any) -> Any:
        return await self.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=name, arguments=list(args))
        )
