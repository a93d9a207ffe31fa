"""Work the language server sends to worker processes, as picklable in and out.

Each function reads one HDF5 file (so it must not run in the server process) and
returns plain data the server can put in a command's response. ``encoded`` runs one
of them and returns its result as JSON text: encoding a graph of thousands of nodes
here, in the worker, keeps that work off the server's event loop.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nwb_lsp.fileio import write_text_atomic
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.records import FileIndex


class UnreadableFile(ValueError):
    """A command's file could not be read at all (not HDF5, a FIFO, truncated...)."""


def readable_index(path: str) -> FileIndex:
    """The index of ``path``; raises UnreadableFile with the reason when its contents
    could not be read at all, so a command fails instead of answering about nothing."""
    index = build_index(path)
    problem = index.unread()
    if problem is not None:
        raise UnreadableFile(problem.message)
    return index


def encoded(task: str, *args: Any) -> str:
    """The result of ``task`` (a function of this module) as JSON text."""
    if task not in ENCODABLE:
        raise ValueError(f"{task} is not a task of this module")
    result = globals()[task](*args)
    return json.dumps(result, separators=(",", ":"))


def graph(
    path: str, fmt: str = "json", output: str | None = None, force: bool = False
) -> Any:
    """Node-link JSON of the dependency graph, or the path it was written to."""
    from nwb_lsp.hdf5.export import render_graph
    from nwb_lsp.hdf5.graph import graph_from_index

    text = render_graph(graph_from_index(readable_index(path)), fmt)
    if output:
        target = Path(output)
        if target.exists() and not force:
            raise FileExistsError(f"{target} exists (pass force to overwrite)")
        return str(write_text_atomic(target, text))
    return json.loads(text) if fmt == "json" else text


def references(path: str, hdf5_path: str) -> list[dict[str, Any]]:
    from nwb_lsp.hdf5.references import reference_edges

    return [
        {"path": e.source, "via": e.via.value, "name": e.name, "count": e.count}
        for e in reference_edges(readable_index(path), hdf5_path)
    ]


def truncate(path: str, target: str | None, n: int, force: bool) -> str:
    from nwb_lsp.hdf5.truncate import truncate_file

    return str(truncate_file(path, target, n, force=force))


def tree(path: str) -> dict[str, Any]:
    """The file's outline (``hdf5/outline.py``): text, each object's line, and
    each object's details for the custom editor."""
    from nwb_lsp.hdf5.outline import file_outline

    return file_outline(readable_index(path))


def export_models(
    path: str, out_dir: str | None = None, force: bool = False
) -> list[str]:
    """Write the file's LinkML schema and pydantic models; return their paths."""
    from nwb_lsp.schema.catalog import catalog_for_index
    from nwb_lsp.schema.provider import ModelProvider

    source = Path(path)
    folder = Path(out_dir) if out_dir else source.parent
    targets = [
        folder / f"{source.stem}.linkml.yaml",
        folder / f"{source.stem}_models.py",
    ]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise FileExistsError(f"{', '.join(existing)} exists (pass force to overwrite)")
    provider = ModelProvider(catalog_for_index(readable_index(path)))
    write_text_atomic(targets[0], provider.linkml_yaml())
    write_text_atomic(targets[1], provider.pydantic_code())
    return [str(t) for t in targets]


def spec_pipeline(namespace: str, search: list[str]) -> dict[str, list[Any]]:
    """A namespace file (as saved) through the schema pipeline: its findings by the
    path of the document each belongs to. Runs in a worker: generation imports
    linkml and takes seconds the first time for a spec set."""
    from nwb_lsp.spec.pipeline import pipeline_findings
    from nwb_lsp.spec.workspace import SpecWorkspace

    workspace = SpecWorkspace()
    for folder in [str(Path(namespace).parent), *search]:
        workspace.add_search_path(folder)
    document = workspace.load(namespace)  # any encoding; never raises
    return dict(pipeline_findings(workspace, document))


ENCODABLE = ("graph", "references", "tree", "truncate", "export_models")
