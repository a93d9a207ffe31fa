"""``nwb-lsp refs``: every object that references or links to an HDF5 path.

Text: one line per referrer (``path<TAB>via [name] [xN]``, ``xN`` when it refers N
times); none is said on stderr. JSON: a list of ``{path, via, name, count}``.
"""

from __future__ import annotations

import argparse
import json
import sys

from nwb_lsp.cli.arguments import add_remote_arguments, remote_options
from nwb_lsp.cli.common import CliError
from nwb_lsp.cli.inputs import load_index

NAME = "refs"
HELP = "List every object that references or links to an HDF5 path."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the .nwb file, or its URL")
    parser.add_argument("hdf5_path", help="the referenced object, e.g. /acquisition/ts")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_remote_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.hdf5.references import reference_edges

    index = load_index(args.file, remote_options(args))
    path = "/" + args.hdf5_path.strip("/")
    if path not in index.objects:
        raise CliError(f"{args.file}: no object at {path}")
    edges = reference_edges(index, path)
    rows = [
        {"path": e.source, "via": e.via.value, "name": e.name, "count": e.count}
        for e in edges
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=1))
        return 0
    if not edges:
        print(f"nothing references or links to {path}", file=sys.stderr)
    for edge in edges:
        where = f" {edge.name}" if edge.name else ""
        times = f" x{edge.count}" if edge.count > 1 else ""
        print(f"{edge.source}\t{edge.via.value}{where}{times}")
    return 0
