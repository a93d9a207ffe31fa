"""Spec YAML that used to crash the checker, opened in the real language server
(``nwb-lsp serve`` over stdio, pytest-lsp as a VS Code client, pull diagnostics):
each document gets its finding, and the server goes on answering."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

MODEL_CACHE = tempfile.mkdtemp(prefix="nwb-lsp-spec-server-")

DOCUMENTS = {
    "deep.yaml": ("groups: " + "[" * 10_000 + "]" * 10_000 + "\n", "Y021"),
    "unclosed.yaml": ("groups: " + "[" * 10_000 + "\n", "Y021"),
    "recursive.yaml": (
        "groups:\n- &g {doc: d, neurodata_type_def: G, groups: [*g]}\n",
        "Y022",
    ),
    "tagged.yaml": (
        "groups:\n- neurodata_type_def: T\n  neurodata_type_inc: TimeSeries\n"
        "  doc: !!python/object/apply:os.getcwd []\n",
        "Y023",
    ),
    "surrogate.yaml": (
        "groups:\n- neurodata_type_def: T\n  neurodata_type_inc: TimeSeries\n"
        "  doc: M\udcfcller\n",
        "Y019",
    ),
}


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "nwb_lsp", "serve"],
        server_env={**os.environ, "NWB_LSP_CACHE": MODEL_CACHE},
    ),
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("specs")

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(_params: types.RegistrationParams) -> None:
        """The server watches files; nothing to do here."""

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=from_fs_path(str(root)),
        )
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest.mark.parametrize("name", DOCUMENTS)
async def test_a_hostile_document_gets_its_finding(
    client: LanguageClient, name: str
) -> None:
    text, code = DOCUMENTS[name]
    uri = from_fs_path(str(Path(client.root) / name))  # type: ignore[attr-defined]
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert code in {str(d.code) for d in report.items}
    # and the server still answers about the document
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(symbols, list)
