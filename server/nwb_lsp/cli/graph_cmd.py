"""``nwb-lsp graph``: export a file's dependency graph."""

from __future__ import annotations

import argparse
import sys

from nwb_lsp.cli.common import output_file, write_output
from nwb_lsp.cli.inputs import load_index

NAME = "graph"
HELP = "Export the dependency graph of an NWB file (children, references, links)."
FORMATS = ("json", "graphml", "dot", "mermaid")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the .nwb file")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json: networkx node-link data (default); graphml; dot; mermaid",
    )
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    parser.add_argument(
        "--filter",
        action="store_true",
        help="drop untyped leaves and the VectorIndex columns of tables",
    )
    parser.add_argument("--force", action="store_true", help="overwrite --output")


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.hdf5.export import render_graph
    from nwb_lsp.hdf5.graph import filter_dependency_graph, graph_from_index

    target = output_file(args.output, force=args.force) if args.output else None
    graph = graph_from_index(load_index(args.file))
    if args.filter:
        graph = filter_dependency_graph(graph)
    text = render_graph(graph, args.format)
    text += "" if text.endswith("\n") else "\n"
    if target is not None:
        write_output(target, text)
    else:
        sys.stdout.write(text)
    return 0
