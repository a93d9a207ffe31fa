"""Spec YAML documents in the editor: diagnostics (push and pull), hover, navigation.

Which YAML files are spec files: ``*.namespace.yaml`` and files whose top level is
``groups:``/``datasets:``. Diagnostics are recomputed after each change, debounced per
document (``nwb.debounce`` seconds), pushed with ``textDocument/publishDiagnostics``,
and served to pull clients with ``result_id`` caching (``uri@version``).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from nwb_lsp.findings import Position as SpecPosition
from nwb_lsp.findings import Range
from nwb_lsp.lsp.convert import diagnostic, spec_position, to_lsp_range
from nwb_lsp.lsp.server import NwbLanguageServer
from nwb_lsp.spec.fixes import TextEdit
from nwb_lsp.spec.intelligence import SymbolNode

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def is_spec(ls: NwbLanguageServer, uri: str, text: str) -> bool:
    """A namespace file, a file a known namespace lists as a source, or YAML whose
    top level declares groups or datasets."""
    if not uri.endswith((".yaml", ".yml")):
        return False
    if uri.endswith((".namespace.yaml", ".namespace.yml")):
        return True
    if any(line.startswith(("groups:", "datasets:")) for line in text.splitlines()):
        return True
    return ls.specs.is_source(_path(uri))


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def _refresh(ls: NwbLanguageServer, uri: str) -> list[types.Diagnostic]:
    doc = ls.workspace.get_text_document(uri)
    path = _path(uri)
    ls.specs.set_document(path, doc.source)
    from_pipeline = [f for per in ls.pipeline.values() for f in per.get(path, [])]
    found = ls.settings.filter.apply([*ls.specs.diagnostics(path), *from_pipeline])
    lines = doc.lines
    codec = ls.workspace.position_codec
    diags = []
    for f in found:
        d = diagnostic(f, uri=uri)
        d.range = codec.range_to_client_units(lines, d.range)
        diags.append(d)
    ls.spec_results[uri] = (f"{uri}@{doc.version}", diags)
    return diags


def _publish_later(ls: NwbLanguageServer, uri: str, delay: float) -> None:
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()

    async def run() -> None:
        await asyncio.sleep(delay)
        try:
            diags = _refresh(ls, uri)
        except Exception:
            log.exception("spec diagnostics failed for %s", uri)
            return
        if _client_pulls(ls):
            return  # the client asks with textDocument/diagnostic; no duplicates
        version = ls.workspace.get_text_document(uri).version
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version)
        )

    ls.pending[uri] = asyncio.ensure_future(run())


def _run_pipeline(ls: NwbLanguageServer, uri: str) -> None:
    """After a namespace file is opened or saved, run it through the schema pipeline
    in a worker and re-publish the documents its findings (old or new) are on."""
    path = _path(uri)
    document = ls.specs.documents.get(path)
    if document is None or document.kind != "namespace":
        return

    async def run() -> None:
        try:
            result = await ls.run_in_worker(
                "nwb_lsp.tasks.spec_pipeline",
                path,
                list(ls.settings.spec_paths),
                timeout=max(ls.settings.timeout, 300.0),
            )
        except Exception:
            log.exception("schema pipeline failed for %s", path)
            return
        touched = set(ls.pipeline.get(path, {})) | set(result)
        ls.pipeline[path] = result
        for doc_uri in list(ls.workspace.text_documents):
            if _path(doc_uri) in touched:
                _publish_later(ls, doc_uri, 0)

    key = f"pipeline:{path}"
    previous = ls.pending.pop(key, None)
    if previous is not None:
        previous.cancel()
    ls.pending[key] = asyncio.ensure_future(run())


def safe(empty: Any) -> Callable[[F], F]:
    """A failing feature logs its error and answers ``empty``: one broken request
    never takes the server (or the editor's session) down."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def run(ls: NwbLanguageServer, params: Any) -> Any:
            try:
                return fn(ls, params)
            except Exception:
                log.exception("%s failed", fn.__name__)
                return copy.copy(empty)

        return run  # type: ignore[return-value]

    return wrap


def _client_pulls(ls: NwbLanguageServer) -> bool:
    text = ls.client_capabilities.text_document
    return bool(text and text.diagnostic)


def register(server: NwbLanguageServer) -> None:
    register_symbols(server)
    register_edits(server)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(
        ls: NwbLanguageServer, params: types.DidOpenTextDocumentParams
    ) -> None:
        if is_spec(ls, params.text_document.uri, params.text_document.text):
            _publish_later(ls, params.text_document.uri, 0)
            ls.specs.set_document(
                _path(params.text_document.uri), params.text_document.text
            )
            _run_pipeline(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(
        ls: NwbLanguageServer, params: types.DidChangeTextDocumentParams
    ) -> None:
        uri = params.text_document.uri
        if is_spec(ls, uri, ls.workspace.get_text_document(uri).source):
            _publish_later(ls, uri, ls.settings.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(
        ls: NwbLanguageServer, params: types.DidSaveTextDocumentParams
    ) -> None:
        uri = params.text_document.uri
        if is_spec(ls, uri, ls.workspace.get_text_document(uri).source):
            _publish_later(ls, uri, 0)
            _run_pipeline(ls, uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(
        ls: NwbLanguageServer, params: types.DidCloseTextDocumentParams
    ) -> None:
        uri = params.text_document.uri
        ls.spec_results.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="nwb-lsp",
            inter_file_dependencies=True,
            workspace_diagnostics=False,
        ),
    )
    def document_diagnostic(
        ls: NwbLanguageServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        doc = ls.workspace.get_text_document(uri)
        result_id = f"{uri}@{doc.version}"
        cached = ls.spec_results.get(uri)
        if cached and cached[0] == result_id and params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        items = _refresh(ls, uri) if is_spec(ls, uri, doc.source) else []
        return types.RelatedFullDocumentDiagnosticReport(
            items=items, result_id=result_id
        )

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @safe(None)
    def hover(ls: NwbLanguageServer, params: types.HoverParams) -> types.Hover | None:
        pos = _from_client(ls, params.text_document.uri, params.position)
        text = ls.specs.hover(_path(params.text_document.uri), pos)
        if text is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @safe([])
    def definition(
        ls: NwbLanguageServer, params: types.DefinitionParams
    ) -> list[types.Location]:
        pos = _from_client(ls, params.text_document.uri, params.position)
        found = ls.specs.definition(_path(params.text_document.uri), pos)
        return [_location(ls, d.path, d.range) for d in found]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @safe([])
    def references(
        ls: NwbLanguageServer, params: types.ReferenceParams
    ) -> list[types.Location]:
        pos = _from_client(ls, params.text_document.uri, params.position)
        found = ls.specs.references(_path(params.text_document.uri), pos)
        return [_location(ls, p, r) for p, r in found]


def register_symbols(server: NwbLanguageServer) -> None:
    kinds = {
        "type": types.SymbolKind.Class,
        "group": types.SymbolKind.Module,
        "dataset": types.SymbolKind.Array,
        "attribute": types.SymbolKind.Property,
        "link": types.SymbolKind.Field,
    }

    def convert(node: SymbolNode) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=node.name,
            kind=kinds[node.kind],
            range=to_lsp_range(node.range),
            selection_range=to_lsp_range(node.selection),
            children=[convert(c) for c in node.children],
        )

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @safe([])
    def document_symbol(
        ls: NwbLanguageServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        uri = params.text_document.uri
        if uri not in ls.spec_results and _path(uri) not in ls.specs.documents:
            _refresh(ls, uri)
        return [convert(n) for n in ls.specs.document_symbols(_path(uri))]

    @server.feature(types.WORKSPACE_SYMBOL)
    @safe([])
    def workspace_symbol(
        ls: NwbLanguageServer, params: types.WorkspaceSymbolParams
    ) -> list[types.WorkspaceSymbol]:
        return [
            types.WorkspaceSymbol(
                name=d.name,
                kind=types.SymbolKind.Class,
                location=types.Location(
                    uri=from_fs_path(d.path), range=to_lsp_range(d.range)
                ),
            )
            for d in ls.specs.workspace_symbols(params.query)
        ]

    completion_kinds = {
        "type": types.CompletionItemKind.Class,
        "key": types.CompletionItemKind.Property,
        "value": types.CompletionItemKind.Value,
    }

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[":", " "]),
    )
    @safe([])
    def completion(
        ls: NwbLanguageServer, params: types.CompletionParams
    ) -> list[types.CompletionItem]:
        uri = params.text_document.uri
        _refresh(ls, uri)  # complete against the text as typed
        pos = _from_client(ls, uri, params.position)
        return [
            types.CompletionItem(
                label=c.label,
                kind=completion_kinds[c.kind],
                detail=c.detail or None,
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=c.documentation
                )
                if c.documentation
                else None,
            )
            for c in ls.specs.completion(_path(uri), pos)
        ]


def register_edits(server: NwbLanguageServer) -> None:
    def workspace_edit(edits: dict[str, list[TextEdit]]) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(
            changes={
                from_fs_path(path): [
                    types.TextEdit(range=to_lsp_range(e.range), new_text=e.new_text)
                    for e in items
                ]
                for path, items in edits.items()
            }
        )

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    @safe(None)
    def prepare_rename(
        ls: NwbLanguageServer, params: types.PrepareRenameParams
    ) -> types.Range | None:
        pos = _from_client(ls, params.text_document.uri, params.position)
        found = ls.specs.prepare_rename(_path(params.text_document.uri), pos)
        return to_lsp_range(found) if found is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True)
    )
    @safe(None)
    def rename(
        ls: NwbLanguageServer, params: types.RenameParams
    ) -> types.WorkspaceEdit | None:
        pos = _from_client(ls, params.text_document.uri, params.position)
        edits = ls.specs.rename(_path(params.text_document.uri), pos, params.new_name)
        return workspace_edit(edits) if edits else None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @safe([])
    def code_action(
        ls: NwbLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        path = _path(params.text_document.uri)
        if path not in ls.specs.documents:
            return []
        wanted = {(d.range.start.line, str(d.code)) for d in params.context.diagnostics}
        findings = [
            f
            for f in ls.specs.diagnostics(path)
            if f.location.range is not None
            and (f.location.range.start.line, f.code) in wanted
        ]
        return [
            types.CodeAction(
                title=a.title,
                kind=types.CodeActionKind.QuickFix,
                edit=workspace_edit({a.path: list(a.edits)}),
                diagnostics=[diagnostic(a.finding)],
            )
            for a in ls.specs.code_actions(path, findings)
        ]


def _location(ls: NwbLanguageServer, path: str, r: Range) -> types.Location:
    """A location in the client's position encoding (open documents may hold
    non-ASCII text; files on disk that are not open are converted as read)."""
    uri = from_fs_path(path)
    rng = to_lsp_range(r)
    doc = ls.workspace.text_documents.get(uri)
    lines = doc.lines if doc is not None else _disk_lines(path)
    if lines:
        rng = ls.workspace.position_codec.range_to_client_units(lines, rng)
    return types.Location(uri=uri, range=rng)


def _disk_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.readlines()
    except OSError:
        return []


def _from_client(ls: NwbLanguageServer, uri: str, pos: types.Position) -> SpecPosition:
    doc = ls.workspace.get_text_document(uri)
    converted = ls.workspace.position_codec.position_from_client_units(doc.lines, pos)
    return spec_position(converted)
