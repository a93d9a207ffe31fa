"""Spec YAML documents in the editor: hover, navigation, completion, symbols, rename
and quick fixes (their diagnostics and lifecycle are ``spec_diagnostics``).

Each request first brings the spec workspace up to the document's current text (a
parse, only when the text changed since the last one), so answers never lag behind
the debounced diagnostics.
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.uris import from_fs_path

from nwb_lsp.findings import Position as SpecPosition
from nwb_lsp.findings import Range
from nwb_lsp.lsp.convert import diagnostic, spec_position, to_lsp_range
from nwb_lsp.lsp.server import NwbLanguageServer
from nwb_lsp.lsp.spec_diagnostics import path_of, sync
from nwb_lsp.spec.fixes import TextEdit
from nwb_lsp.spec.intelligence import SymbolNode

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


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


def register(server: NwbLanguageServer) -> None:
    register_symbols(server)
    register_edits(server)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @safe(None)
    def hover(ls: NwbLanguageServer, params: types.HoverParams) -> types.Hover | None:
        pos = _from_client(ls, params.text_document.uri, params.position)
        text = ls.specs.hover(path_of(params.text_document.uri), pos)
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
        found = ls.specs.definition(path_of(params.text_document.uri), pos)
        return [_location(ls, d.path, d.range) for d in found]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @safe([])
    def references(
        ls: NwbLanguageServer, params: types.ReferenceParams
    ) -> list[types.Location]:
        pos = _from_client(ls, params.text_document.uri, params.position)
        found = ls.specs.references(path_of(params.text_document.uri), pos)
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
        sync(ls, uri)
        return [convert(n) for n in ls.specs.document_symbols(path_of(uri))]

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
        pos = _from_client(ls, uri, params.position)  # against the text as typed
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
            for c in ls.specs.completion(path_of(uri), pos)
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
        found = ls.specs.prepare_rename(path_of(params.text_document.uri), pos)
        return to_lsp_range(found) if found is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True)
    )
    @safe(None)
    def rename(
        ls: NwbLanguageServer, params: types.RenameParams
    ) -> types.WorkspaceEdit | None:
        pos = _from_client(ls, params.text_document.uri, params.position)
        edits = ls.specs.rename(path_of(params.text_document.uri), pos, params.new_name)
        return workspace_edit(edits) if edits else None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @safe([])
    def code_action(
        ls: NwbLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        path = path_of(params.text_document.uri)
        sync(ls, params.text_document.uri)
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
    doc = sync(ls, uri)
    converted = ls.workspace.position_codec.position_from_client_units(doc.lines, pos)
    return spec_position(converted)
