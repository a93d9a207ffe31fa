"""A long editing session keeps nothing per closed document, and cancelled requests
do not fill the log; driven over stdio as VS Code (pull diagnostics).

The server writes its log to a file (``serve --log-file``) the tests read.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient
from tests.e2e.conftest import open_workspace

DATA = Path(__file__).parents[1] / "data"
LOG = Path(tempfile.mkdtemp(prefix="nwb-lsp-e2e-log-")) / "server.log"
UNKNOWN_CANCEL = "Cancel notification for unknown message id"


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(
        server_command=[
            sys.executable,
            "-m",
            "nwb_lsp",
            "serve",
            "--log-file",
            str(LOG),
        ],
        server_env={**os.environ, "NWB_LSP_CACHE": str(LOG.parent / "models")},
    ),
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("session")
    lsp_client.set_configuration({"debounce": 0, "timeout": 2}, section="nwb")

    await open_workspace(lsp_client, root, "s")
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


def spec(type_name: str, parent: str = "NWBDataInterface") -> str:
    return (
        f"groups:\n- neurodata_type_def: {type_name}\n"
        f"  neurodata_type_inc: {parent}\n  doc: A type.\n"
    )


def open_document(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )


def close_document(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )


async def pull(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri))
    )
    return list(report.items)


async def held(client: LanguageClient) -> dict[str, int]:
    answer = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="nwb.debugMemory", arguments=[])
    )
    return dict(answer["held"])


async def test_closed_documents_leave_nothing_behind(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    for n in range(20):  # documents never saved: opened, checked, closed
        uri = from_fs_path(str(root / f"scratch{n}.extensions.yaml"))
        open_document(client, uri, spec(f"Scratch{n}"))
        assert await pull(client, uri) == []
        close_document(client, uri)
    saved = root / "saved.extensions.yaml"
    saved.write_text(spec("OnDisk"))
    saved_uri = from_fs_path(str(saved))
    open_document(client, saved_uri, spec("EditedNotSaved"))
    assert await pull(client, saved_uri) == []
    close_document(client, saved_uri)

    uri = from_fs_path(str(root / "user.extensions.yaml"))
    uses = "".join(
        spec(f"Uses{name}", name).removeprefix("groups:\n")
        for name in ("Scratch3", "EditedNotSaved", "OnDisk")
    )
    open_document(client, uri, "groups:\n" + uses)
    diags = await pull(client, uri)
    # closed, unsaved text no longer defines types; the file on disk does
    assert [(d.code, d.range.start.line) for d in diags] == [
        ("Y006", 2),
        ("Y006", 5),
    ]
    assert "'Scratch3'" in diags[0].message
    assert "'EditedNotSaved'" in diags[1].message
    state = await held(client)
    assert state["open_documents"] == 1
    assert state["spec_documents"] == 2  # the open one and saved.extensions.yaml
    assert state["spec_results"] == 1
    assert state["pending"] == 0
    close_document(client, uri)


async def test_nothing_is_kept_per_edit_or_per_command(client: LanguageClient) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = from_fs_path(str(root / "typing.extensions.yaml"))
    text = spec("Typed")
    open_document(client, uri, text)
    for version in range(2, 52):  # typing at the end of the doc string
        at = types.Position(3, len("  doc: A type.") + version - 2)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangePartial(types.Range(at, at), "x")],
            )
        )
    assert await pull(client, uri) == []
    nwb = from_fs_path(str(DATA / "realistic.nwb"))
    for _ in range(3):  # an async command's result is the client's, not the server's
        tree = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="nwb.showTree", arguments=[nwb])
        )
        assert "/acquisition/ephys" in tree["lines"]
    state = await held(client)
    assert state["request_futures"] == 1  # nwb.debugMemory's own, while it runs
    assert state["pending"] == 0
    close_document(client, uri)


async def test_cancelling_an_answered_request_is_not_a_warning(
    client: LanguageClient,
) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    uri = from_fs_path(str(root / "cancel.extensions.yaml"))
    open_document(client, uri, spec("Cancelled"))
    answered = str(uuid.uuid4())
    await client.protocol.send_request_async(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri)),
        msg_id=answered,
    )
    never_sent = str(uuid.uuid4())
    for msg_id in (answered, never_sent):
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))
    await pull(client, uri)  # answered after both cancels were handled
    warnings = [line for line in LOG.read_text().splitlines() if UNKNOWN_CANCEL in line]
    # a cancel for an id the server never received is still a warning
    assert len(warnings) == 1 and never_sent in warnings[0]
    assert " WARNING " in warnings[0]


async def test_a_failed_command_is_one_line_for_the_user_and_the_log(
    client: LanguageClient, tmp_path: Path
) -> None:
    fifo = tmp_path / "stuck.nwb"  # refused before any worker opens it
    os.mkfifo(fifo)
    missing = tmp_path / "missing.nwb"
    before = len(LOG.read_text().splitlines())
    messages = []
    for path in (fifo, missing):
        with pytest.raises(Exception) as failed:
            await client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="nwb.showTree", arguments=[from_fs_path(str(path))]
                )
            )
        messages.append(str(failed.value))
    refused = "stuck.nwb: a FIFO (named pipe), not a regular file: not read"
    assert messages[0].endswith(refused)
    assert "missing.nwb: no such file" in messages[1]
    assert all("Traceback" not in m and "\n" not in m.strip() for m in messages)
    logged = LOG.read_text().splitlines()[before:]
    assert not [line for line in logged if " ERROR " in line or "Traceback" in line]
