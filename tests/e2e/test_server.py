"""End to end over stdio: diagnostics for .nwb files and spec YAML, navigation,
commands, progress, watched files and a crashing worker."""

from __future__ import annotations

import asyncio
import shutil
import sys
import uuid
from pathlib import Path

import h5py
import pytest
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient

from .conftest import wait_for_diagnostics

BROKEN_SPEC = """\
groups:
- neurodata_type_def: LabSeries
  neurodata_type_inc: TimeSeriez
  doc: A series.
"""
FIXED_SPEC = BROKEN_SPEC.replace("TimeSeriez", "TimeSeries")


def open_document(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="yaml", version=1, text=text
            )
        )
    )


async def test_nwb_diagnostics_after_the_initial_scan(
    client: LanguageClient, workspace: Path
) -> None:
    uri = from_fs_path(str(workspace / "broken.nwb"))
    diags = await wait_for_diagnostics(client, uri, lambda d: len(d) > 0)
    assert [d.code for d in diags] == ["M010"]
    assert not diags[0].message.startswith("/")  # the point first, not the path
    assert diags[0].data == {"hdf5_path": "/acquisition/ephys/data"}
    [where] = diags[0].related_information or []
    assert where.location.uri == uri and where.location.range.start.line == 0
    assert where.message == "HDF5 object /acquisition/ephys/data"
    clean = from_fs_path(str(workspace / "realistic.nwb"))
    assert list(await wait_for_diagnostics(client, clean)) == []


async def test_progress_was_reported(client: LanguageClient) -> None:
    def kinds() -> list[str]:
        return [type(v).__name__ for vs in client.progress_reports.values() for v in vs]

    while "WorkDoneProgressEnd" not in kinds():
        await client.wait_for_notification(types.PROGRESS)
    kinds = kinds()
    assert kinds[0] == "WorkDoneProgressBegin" and kinds[-1] == "WorkDoneProgressEnd"


async def test_spec_diagnostics_with_exact_range_then_cleared(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "lab.extensions.yaml"
    path.write_text(BROKEN_SPEC)
    uri = from_fs_path(str(path))
    open_document(client, uri, BROKEN_SPEC)
    diags = await spec_diagnostics(client, uri, lambda d: len(d) > 0)
    assert [(d.code, d.range) for d in diags] == [
        ("Y006", types.Range(start=types.Position(2, 22), end=types.Position(2, 32)))
    ]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangeWholeDocument(text=FIXED_SPEC)
            ],
        )
    )
    assert list(await spec_diagnostics(client, uri, lambda d: len(d) == 0)) == []


async def spec_diagnostics(client: LanguageClient, uri: str, predicate):  # type: ignore[no-untyped-def]
    """Pushed diagnostics, or pulled ones when the client declares pull support
    (the server then does not push, so clients never see them twice)."""
    caps = client.capabilities
    if caps and caps.text_document and caps.text_document.diagnostic:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri)
            )
        )
        assert predicate(report.items)
        return report.items
    return await wait_for_diagnostics(client, uri, predicate)


async def test_pull_diagnostics_with_result_id(
    client: LanguageClient, workspace: Path
) -> None:
    uri = from_fs_path(str(workspace / "pull.extensions.yaml"))
    text = BROKEN_SPEC.replace("LabSeries", "PulledSeries")
    open_document(client, uri, text)
    params = types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)
    )
    full = await client.text_document_diagnostic_async(params)
    assert [d.code for d in full.items] == ["Y006"]
    params.previous_result_id = full.result_id
    again = await client.text_document_diagnostic_async(params)
    assert again.kind == "unchanged" and again.result_id == full.result_id


async def test_hover_and_definition_into_core(
    client: LanguageClient, workspace: Path
) -> None:
    uri = from_fs_path(str(workspace / "nav.extensions.yaml"))
    text = FIXED_SPEC.replace("LabSeries", "NavSeries")
    open_document(client, uri, text)
    at = types.TextDocumentPositionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(2, 25),
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=at.text_document, position=at.position)
    )
    assert hover is not None and "NWBDataInterface" in hover.contents.value
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=at.text_document, position=at.position)
    )
    assert found and found[0].uri.endswith("nwb.base.yaml")


async def _command(client: LanguageClient, name: str, *args: object) -> object:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=name, arguments=list(args))
    )


async def test_commands(client: LanguageClient, workspace: Path) -> None:
    uri = from_fs_path(str(workspace / "broken.nwb"))
    findings = await _command(client, "nwb.validate", uri)
    assert [f["code"] for f in findings] == ["M010"]
    refs = await _command(
        client, "nwb.findReferences", uri, "/general/extracellular_ephys/electrodes"
    )
    assert {
        "path": "/units/electrodes",
        "via": "attribute",
        "name": "table",
        "count": 1,
    } in refs
    tree = await _command(client, "nwb.showTree", uri)
    line = tree["text"].splitlines()[tree["lines"]["/acquisition/ephys"]]
    assert "ephys" in line and "<ElectricalSeries>" in line
    graph = await _command(client, "nwb.graph", uri, "json")
    assert any(n["id"] == "/acquisition/ephys" for n in graph["nodes"])
    target = workspace / "small" / f"{uuid.uuid4().hex}.nwb"
    target.parent.mkdir(exist_ok=True)
    assert await _command(client, "nwb.truncate", uri, str(target), 2, False) == str(
        target
    )
    with pytest.raises(Exception, match="exists"):
        await _command(client, "nwb.truncate", uri, str(target), 2, False)


async def test_watched_file_change_revalidates(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / f"late-{uuid.uuid4().hex[:8]}.nwb"
    staging = workspace.parent / path.name  # written outside, then moved in
    shutil.copy(workspace / "realistic.nwb", staging)
    with h5py.File(staging, "a") as f:
        f["acquisition/ephys"].attrs["neurodata_type"] = "NoSuchSeries"
    staging.replace(path)
    uri = from_fs_path(str(path))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Created)]
        )
    )
    diags = await wait_for_diagnostics(client, uri, lambda d: len(d) > 0)
    assert "M001" in {d.code for d in diags}


async def test_corrupt_file_gets_a_finding_and_server_answers(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "cut.nwb"
    path.write_bytes((workspace / "realistic.nwb").read_bytes()[:4000])
    uri = from_fs_path(str(path))
    findings = await _command(client, "nwb.validate", uri)
    assert [f["code"] for f in findings] == ["F002"]
    tree = await _command(
        client, "nwb.showTree", from_fs_path(str(workspace / "realistic.nwb"))
    )
    assert "/" in tree["lines"]


async def test_completion_and_symbols(client: LanguageClient, workspace: Path) -> None:
    uri = from_fs_path(str(workspace / "sym.extensions.yaml"))
    text = FIXED_SPEC.replace("LabSeries", "SymSeries")
    open_document(client, uri, text)
    doc = types.TextDocumentIdentifier(uri=uri)
    items = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc, position=types.Position(2, 22))
    )
    labels = {i.label for i in (items.items if hasattr(items, "items") else items)}
    assert {"TimeSeries", "DynamicTable"} <= labels
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc)
    )
    assert [s.name for s in symbols] == ["SymSeries"]
    found = await client.workspace_symbol_async(
        types.WorkspaceSymbolParams(query="sym")
    )
    assert [s.name for s in found] == ["SymSeries"]


async def test_export_models(
    client: LanguageClient, workspace: Path, tmp_path: Path
) -> None:
    uri = from_fs_path(str(workspace / "realistic.nwb"))
    paths = await _command(client, "nwb.exportModels", uri, str(tmp_path))
    assert [Path(p).name for p in paths] == [
        "realistic.linkml.yaml",
        "realistic_models.py",
    ]
    assert "class ElectricalSeries(" in Path(paths[1]).read_text()


async def test_rename_and_quick_fix(client: LanguageClient, workspace: Path) -> None:
    uri = from_fs_path(str(workspace / "ren.extensions.yaml"))
    text = BROKEN_SPEC.replace("LabSeries", "RenSeries")
    open_document(client, uri, text)
    doc = types.TextDocumentIdentifier(uri=uri)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=doc, position=types.Position(1, 22), new_name="NewName"
        )
    )
    assert [e.new_text for e in edit.changes[uri]] == ["NewName"]
    problem = types.Diagnostic(
        range=types.Range(types.Position(2, 22), types.Position(2, 32)),
        message="",
        code="Y006",
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc,
            range=problem.range,
            context=types.CodeActionContext(diagnostics=[problem]),
        )
    )
    assert [a.title for a in actions] == ["Replace with 'TimeSeries'"]
    assert actions[0].edit.changes[uri][0].new_text == "TimeSeries"


async def test_hanging_file_costs_a_worker_not_the_server(
    client: LanguageClient, workspace: Path, tmp_path: Path
) -> None:
    # libhdf5 never finishes reading a string whose global heap lists an object of
    # index 0 and size 0 (a FIFO, which used to hang, is now refused at once: F012)
    stuck = tmp_path / "stuck.nwb"
    with h5py.File(stuck, "w") as f:
        f.attrs["note"] = "hello"
    data = bytearray(stuck.read_bytes())
    heap = data.find(b"GCOL")
    data[heap + 16 : heap + 48] = bytes(32)
    stuck.write_bytes(bytes(data))
    findings = await _command(client, "nwb.validate", from_fs_path(str(stuck)))
    assert [f["code"] for f in findings] == ["F006"]
    tree = await _command(
        client, "nwb.showTree", from_fs_path(str(workspace / "realistic.nwb"))
    )
    assert "/acquisition/ephys" in tree["lines"]


async def test_namespace_goes_through_the_schema_pipeline(
    client: LanguageClient, workspace: Path
) -> None:
    """Opening a namespace file runs it through the schema pipeline in a worker; what
    fails there lands on the schema file, at the type concerned."""
    folder = workspace / "ndx-odd"
    folder.mkdir(exist_ok=True)
    schema = folder / "odd.extensions.yaml"
    schema.write_text(
        "groups:\n- neurodata_type_def: Odd\n  neurodata_type_inc: NWBDataInterface\n"
        "  doc: o\n  attributes:\n  - doc: an attribute without a name\n"
        "    dtype: text\n"
    )
    namespace = folder / "ndx-odd.namespace.yaml"
    namespace.write_text(
        "namespaces:\n- name: ndx-odd\n  version: 0.1.0\n  doc: odd\n  schema:\n"
        "  - namespace: core\n  - source: odd.extensions.yaml\n"
    )
    schema_uri = from_fs_path(str(schema))
    open_document(client, schema_uri, schema.read_text())
    open_document(client, from_fs_path(str(namespace)), namespace.read_text())

    caps = client.capabilities
    pulls = bool(caps and caps.text_document and caps.text_document.diagnostic)
    for _ in range(240):
        if pulls:
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(
                    text_document=types.TextDocumentIdentifier(uri=schema_uri)
                )
            )
            diags = list(report.items)
        else:
            diags = list(client.diagnostics.get(schema_uri, []))
        if any(d.code == "S007" for d in diags):
            break
        await asyncio.sleep(0.25)
    found = {(d.code, d.range.start.line) for d in diags}
    assert ("S007", 1) in found  # at the definition of Odd
    assert ("Y012", 5) in found  # the language rule, at the attribute


async def test_validate_command_takes_a_url(
    client: LanguageClient, workspace: Path
) -> None:
    """A remote file (served on loopback by this test) is validated where it is."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "remote"))
    from loopback import FileServer

    with FileServer(workspace) as server:
        url = server.url("broken.nwb") + "?token=s3cr3t"
        findings = await _command(client, "nwb.validate", url)
        assert [f["code"] for f in findings] == ["M010"]
        shown = server.url("broken.nwb") + "?token=***"
        diags = await wait_for_diagnostics(client, shown, lambda d: len(d) > 0)
        assert {d.code for d in diags} == {"M010"}
        gone = server.url("broken.nwb")
    findings = await _command(client, "nwb.validate", gone)  # the server stopped
    assert [f["code"] for f in findings] == ["F015"]
