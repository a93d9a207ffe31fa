"""``workspace/executeCommand``: validate, graph, references, truncate, tree, models.

Every command takes the ``.nwb`` file's URI first and runs its HDF5 work in a worker,
within ``nwb.timeout`` seconds (60 by default; ``nwb.exportModels`` at least
``MODEL_TIMEOUT``: generating the models of a spec set it has not seen takes minutes
on a slow machine). ``nwb.validate`` also takes the URL of a remote NWB file
(``https://``, ``http://``, ``s3://bucket/key``): read where it is, its diagnostics
published to the URL with credentials redacted. A failing command answers with an
LSP error; the server keeps running. The server keeps nothing of a command's result
once it has answered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pygls.uris import to_fs_path

from nwb_lsp.lsp.protocol import EncodedResult, RequestFailed
from nwb_lsp.lsp.server import NwbLanguageServer
from nwb_lsp.urls import is_url

MODEL_TIMEOUT = 300.0  # seconds


def _path(uri: Any) -> str:
    if not isinstance(uri, str):
        raise RequestFailed("the first argument must be the file's URI")
    path = to_fs_path(uri) if "://" in uri else uri
    if not path or not Path(path).exists():
        raise RequestFailed(f"{uri}: no such file")
    return path


def _location(uri: Any) -> Path | str:
    """A file's path, or the URL of a remote NWB file (``http(s)://``, ``s3://``),
    passed on as it is."""
    if isinstance(uri, str) and is_url(uri):
        return uri
    return Path(_path(uri))


def _arg(args: tuple[Any, ...], i: int, default: Any = None) -> Any:
    return args[i] if len(args) > i and args[i] is not None else default


async def _task(
    ls: NwbLanguageServer,
    task: str,
    path: str,
    *args: Any,
    timeout: float | None = None,
) -> EncodedResult:
    """Run a function of ``nwb_lsp.tasks`` on ``path`` in a worker; its result comes
    back as JSON, sent to the client as it is."""
    try:
        text = await ls.run_in_worker(
            "nwb_lsp.tasks.encoded", task, path, *args, timeout=timeout
        )
    except RequestFailed as exc:
        raise RequestFailed(f"{Path(path).name}: {exc}") from None
    return EncodedResult(text)


def register(server: NwbLanguageServer) -> None:
    @server.command("nwb.validate")
    async def validate(ls: NwbLanguageServer, *args: Any) -> EncodedResult:
        from nwb_lsp.lsp.nwb_files import validate as run

        report = await run(ls, _location(_arg(args, 0)), retry=False)
        return EncodedResult(json.dumps([f.to_dict() for f in report.findings]))

    @server.command("nwb.graph")
    async def graph(ls: NwbLanguageServer, *args: Any) -> EncodedResult:
        fmt, output, force = _arg(args, 1, "json"), _arg(args, 2), _arg(args, 3)
        return await _task(ls, "graph", _path(_arg(args, 0)), fmt, output, bool(force))

    @server.command("nwb.findReferences")
    async def find_references(ls: NwbLanguageServer, *args: Any) -> EncodedResult:
        target = str(_arg(args, 1, "/"))
        return await _task(ls, "references", _path(_arg(args, 0)), target)

    @server.command("nwb.truncate")
    async def truncate(ls: NwbLanguageServer, *args: Any) -> EncodedResult:
        target, n, force = _arg(args, 1), int(_arg(args, 2, 10)), _arg(args, 3)
        return await _task(ls, "truncate", _path(_arg(args, 0)), target, n, bool(force))

    @server.command("nwb.showTree")
    async def show_tree(ls: NwbLanguageServer, *args: Any) -> EncodedResult:
        return await _task(ls, "tree", _path(_arg(args, 0)))

    @server.command("nwb.exportModels")
    async def export_models(ls: NwbLanguageServer, *args: Any) -> EncodedResult:
        out, force = _arg(args, 1), bool(_arg(args, 2, False))
        limit = max(ls.settings.timeout, MODEL_TIMEOUT)
        return await _task(
            ls, "export_models", _path(_arg(args, 0)), out, force, timeout=limit
        )
