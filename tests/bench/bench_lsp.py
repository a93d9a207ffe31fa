"""Benchmark: the language server as an editor sees it.

    python tests/bench/bench_lsp.py [--edits 100]

1. Latency from a one-line ``didChange`` on a core-sized spec file (the installed
   ``nwb.file.yaml``) to its diagnostics, p50/p95 over N edits, with the debounce set
   to 0 so it is not counted.
2. Server start to the first, and to all, ``.nwb`` diagnostics on a workspace holding
   the test corpus; the server's RSS after that (workers reported separately).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from nwb_lsp.schema.installed import core_namespace_file

CORPUS = Path(__file__).parents[1] / "data" / "corpus"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def start(root: Path, events: dict[str, Any]) -> LanguageClient:
    client = LanguageClient("bench", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        events.setdefault(params.uri, []).append((time.perf_counter(), params))
        events["_signal"].set()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def configuration(params: types.ConfigurationParams) -> list[Any]:
        return [{"debounce": 0, "workers": 2}]

    await client.start_io(sys.executable, "-m", "nwb_lsp", "serve")
    caps = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(configuration=True)
    )
    await client.initialize_async(
        types.InitializeParams(
            capabilities=caps,
            root_uri=from_fs_path(str(root)),
            workspace_folders=[types.WorkspaceFolder(from_fs_path(str(root)), "bench")],
        )
    )
    client.initialized(types.InitializedParams())
    return client


async def wait_until(events: dict[str, Any], predicate: Any) -> None:
    while not predicate():
        events["_signal"].clear()
        await asyncio.wait_for(events["_signal"].wait(), 120)


async def edits(n: int) -> list[float]:
    source = core_namespace_file().parent / "nwb.file.yaml"  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "nwb.file.yaml"
        shutil.copy(source, path)
        events: dict[str, Any] = {"_signal": asyncio.Event()}
        client = await start(root, events)
        uri = from_fs_path(str(path))
        text = path.read_text()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri, "yaml", 1, text)
            )
        )
        await wait_until(events, lambda: uri in events)
        lines = text.splitlines(keepends=True)
        doc_line = next(i for i, line in enumerate(lines) if "doc:" in line)
        latencies = []
        for version in range(2, n + 2):
            edited = lines[doc_line].rstrip("\n") + f" edit {version}\n"
            change = types.TextDocumentContentChangePartial(
                range=types.Range(
                    types.Position(doc_line, 0), types.Position(doc_line + 1, 0)
                ),
                text=edited,
            )
            seen = len(events[uri])
            sent = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                    [change],
                )
            )
            lines[doc_line] = edited
            await wait_until(events, lambda s=seen: len(events[uri]) > s)
            latencies.append((events[uri][-1][0] - sent) * 1000)
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return latencies


async def startup() -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for path in CORPUS.glob("*.nwb"):
            shutil.copy(path, root / path.name)
        files = len(list(root.glob("*.nwb")))
        events: dict[str, Any] = {"_signal": asyncio.Event()}
        begin = time.perf_counter()
        client = await start(root, events)
        await wait_until(events, lambda: len(events) > 1)
        first = time.perf_counter() - begin
        await wait_until(events, lambda: len(events) - 1 >= files)
        every = time.perf_counter() - begin
        rss = rss_mb(client._server.pid)  # type: ignore[union-attr]
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return first, every, rss, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    lat = sorted(asyncio.run(edits(args.edits)))
    p95 = lat[int(0.95 * (len(lat) - 1))]
    print(
        f"didChange -> diagnostics on nwb.file.yaml over {len(lat)} edits: "
        f"p50 {statistics.median(lat):.1f} ms, p95 {p95:.1f} ms"
    )
    first, every, rss, files = asyncio.run(startup())
    print(
        f"server start -> first .nwb diagnostics: {first:.2f} s; all {files} files: "
        f"{every:.2f} s; server RSS after: {rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
