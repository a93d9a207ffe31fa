"""``workspace/executeCommand``: validate, graph, references, truncate, tree, models.

Every command takes the ``.nwb`` file's URI first and runs its HDF5 work in a worker.
A failing command answers with an LSP error; the server keeps running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pygls.uris import to_fs_path

from nwb_lsp.lsp.server import NwbLanguageServer


def _path(uri: Any) -> str:
    if not isinstance(uri, str):
        raise ValueError("the first argument must be the file's URI")
    path = to_fs_path(uri) if "://" in uri else uri
    if not path or not Path(path).exists():
        raise ValueError(f"{uri}: no such file")
    return path


def _arg(args: tuple[Any, ...], i: int, default: Any = None) -> Any:
    return args[i] if len(args) > i and args[i] is not None else default


def register(server: NwbLanguageServer) -> None:
    @server.command("nwb.validate")
    async def validate(ls: NwbLanguageServer, *args: Any) -> list[dict[str, Any]]:
        from nwb_lsp.lsp.nwb_files import validate as run

        report = await run(ls, Path(_path(_arg(args, 0))), retry=False)
        return [f.to_dict() for f in report.findings]

    @server.command("nwb.graph")
    async def graph(ls: NwbLanguageServer, *args: Any) -> Any:
        return await ls.run_in_worker(
            "nwb_lsp.tasks.graph",
            _path(_arg(args, 0)),
            _arg(args, 1, "json"),
            _arg(args, 2),
            bool(_arg(args, 3, False)),
        )

    @server.command("nwb.findReferences")
    async def find_references(
        ls: NwbLanguageServer, *args: Any
    ) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await ls.run_in_worker(
            "nwb_lsp.tasks.references", _path(_arg(args, 0)), str(_arg(args, 1, "/"))
        )
        return result

    @server.command("nwb.truncate")
    async def truncate(ls: NwbLanguageServer, *args: Any) -> str:
        result: str = await ls.run_in_worker(
            "nwb_lsp.tasks.truncate",
            _path(_arg(args, 0)),
            _arg(args, 1),
            int(_arg(args, 2, 10)),
            bool(_arg(args, 3, False)),
        )
        return result

    @server.command("nwb.showTree")
    async def show_tree(ls: NwbLanguageServer, *args: Any) -> dict[str, Any]:
        result: dict[str, Any] = await ls.run_in_worker(
            "nwb_lsp.tasks.tree", _path(_arg(args, 0))
        )
        return result

    @server.command("nwb.exportModels")
    async def export_models(ls: NwbLanguageServer, *args: Any) -> list[str]:
        result: list[str] = await ls.run_in_worker(
            "nwb_lsp.tasks.export_models",
            _path(_arg(args, 0)),
            _arg(args, 1),
            bool(_arg(args, 2, False)),
            timeout=600,
        )
        return result
