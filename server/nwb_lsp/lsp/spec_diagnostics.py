"""Spec YAML documents in the editor: their lifecycle and their diagnostics.

Which YAML files are spec files: ``*.namespace.yaml``, files a known namespace lists
as a source, and YAML whose top level declares ``groups:``/``datasets:``. After each
change the document is re-parsed (debounced per document, ``nwb.debounce`` seconds);
a client that only accepts pushed diagnostics gets them with
``textDocument/publishDiagnostics``, a client that pulls (``textDocument/diagnostic``)
gets them when it asks, computed once per version (``result_id`` = ``uri@version``)
— never both, and never computed in the background for a pulling client.

What the server keeps of a spec document, and for how long (over a long session
nothing may grow with the number of edits or of documents opened):

* its text: pygls' workspace, while it is open;
* its parse and types: ``ls.specs``, while it is open; once closed, the file as saved
  on disk when there is one (its types go on resolving for other documents), else
  nothing;
* its last diagnostics and their result id: ``ls.spec_results``, while it is open;
* its diagnostics still to compute: ``ls.pending``, until they are published.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from nwb_lsp.lsp.convert import diagnostic
from nwb_lsp.lsp.protocol import RequestFailed
from nwb_lsp.lsp.server import NwbLanguageServer

log = logging.getLogger(__name__)


def is_spec(ls: NwbLanguageServer, uri: str, text: str) -> bool:
    """A namespace file, a file a known namespace lists as a source, or YAML whose
    top level declares groups or datasets."""
    if not uri.endswith((".yaml", ".yml")):
        return False
    if uri.endswith((".namespace.yaml", ".namespace.yml")):
        return True
    if any(line.startswith(("groups:", "datasets:")) for line in text.splitlines()):
        return True
    return ls.specs.is_source(path_of(uri))


def path_of(uri: str) -> str:
    return to_fs_path(uri) or uri


def client_pulls(ls: NwbLanguageServer) -> bool:
    text = ls.client_capabilities.text_document
    return bool(text and text.diagnostic)


def sync(ls: NwbLanguageServer, uri: str) -> TextDocument:
    """Parse the document's current text into the spec workspace, unless the
    workspace holds that text already (or it is YAML of another kind)."""
    doc = ls.workspace.get_text_document(uri)
    path = path_of(uri)
    indexed = ls.specs.documents.get(path)
    if indexed is not None and indexed.text == doc.source:
        return doc
    if indexed is not None or is_spec(ls, uri, doc.source):
        ls.specs.set_document(path, doc.source)
    return doc


def refresh(ls: NwbLanguageServer, uri: str) -> list[types.Diagnostic]:
    """The document's diagnostics now, kept as its latest result."""
    doc = sync(ls, uri)
    path = path_of(uri)
    from_pipeline = [f for per in ls.pipeline.values() for f in per.get(path, [])]
    found = ls.settings.filter.apply([*ls.specs.diagnostics(path), *from_pipeline])
    lines = doc.lines
    codec = ls.workspace.position_codec
    diags = []
    for f in found:
        d = diagnostic(f, uri=uri)
        d.range = codec.range_to_client_units(lines, d.range)
        diags.append(d)
    if uri in ls.workspace.text_documents:  # nothing is kept for closed documents
        ls.spec_results[uri] = (f"{uri}@{doc.version}", diags)
    return diags


def update_later(ls: NwbLanguageServer, uri: str, delay: float) -> None:
    """After ``delay`` seconds without another change: re-parse the document and,
    for a client that does not pull, publish its diagnostics."""

    async def run() -> None:
        await asyncio.sleep(delay)
        try:
            if client_pulls(ls):
                sync(ls, uri)  # the client asks for diagnostics when it wants them
                return
            diags = refresh(ls, uri)
        except Exception:
            log.exception("spec diagnostics failed for %s", uri)
            return
        version = ls.workspace.get_text_document(uri).version
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version)
        )

    ls.schedule(uri, run())


def run_pipeline(ls: NwbLanguageServer, uri: str) -> None:
    """After a namespace file is opened or saved, run it through the schema pipeline
    in a worker and update the documents its findings (old or new) are on."""
    path = path_of(uri)
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
        except RequestFailed as exc:
            log.warning("schema pipeline for %s: %s", path, exc)
            return
        touched = set(ls.pipeline.get(path, {})) | set(result)
        ls.pipeline[path] = result
        for doc_uri in list(ls.workspace.text_documents):
            if path_of(doc_uri) in touched:
                ls.spec_results.pop(doc_uri, None)  # a pull must recompute
                update_later(ls, doc_uri, 0)

    ls.schedule(f"pipeline:{path}", run())


def forget(ls: NwbLanguageServer, uri: str) -> None:
    """A closed document: drop what was kept for it; its types are those of the
    file on disk from now on (or none, for a document never saved)."""
    ls.cancel(uri)
    ls.spec_results.pop(uri, None)
    path = path_of(uri)
    if path not in ls.specs.documents:
        return
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        ls.specs.remove_document(path)
        return
    if ls.specs.set_document(path, text).kind == "unknown":
        ls.specs.remove_document(path)


def register(server: NwbLanguageServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(
        ls: NwbLanguageServer, params: types.DidOpenTextDocumentParams
    ) -> None:
        uri = params.text_document.uri
        if is_spec(ls, uri, params.text_document.text):
            ls.specs.set_document(path_of(uri), params.text_document.text)
            update_later(ls, uri, 0)
            run_pipeline(ls, uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(
        ls: NwbLanguageServer, params: types.DidChangeTextDocumentParams
    ) -> None:
        uri = params.text_document.uri
        if is_spec(ls, uri, ls.workspace.get_text_document(uri).source):
            update_later(ls, uri, ls.settings.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(
        ls: NwbLanguageServer, params: types.DidSaveTextDocumentParams
    ) -> None:
        uri = params.text_document.uri
        if is_spec(ls, uri, ls.workspace.get_text_document(uri).source):
            update_later(ls, uri, 0)
            run_pipeline(ls, uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(
        ls: NwbLanguageServer, params: types.DidCloseTextDocumentParams
    ) -> None:
        uri = params.text_document.uri
        forget(ls, uri)
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
        if cached and cached[0] == result_id:
            if params.previous_result_id == result_id:
                return types.RelatedUnchangedDocumentDiagnosticReport(result_id)
            return types.RelatedFullDocumentDiagnosticReport(
                items=cached[1], result_id=result_id
            )
        items = refresh(ls, uri) if is_spec(ls, uri, doc.source) else []
        return types.RelatedFullDocumentDiagnosticReport(
            items=items, result_id=result_id
        )
