"""``nwb-lsp graph``: export a file's dependency graph."""

from __future__ import annotations

import argparse
import sys

from nwb_lsp.cli.arguments import add_remote_arguments, remote_options
from nwb_lsp.cli.common import CliError, output_file, write_output
from nwb_lsp.cli.inputs import load_index

NAME = "graph"
HELP = "Export the dependency graph of an NWB file (children, references, links)."
# nwb_lsp.hdf5.export.FORMATS, spelled out so that the CLI starts without networkx
FORMATS = ("json", "graphml", "dot", "mermaid", "html")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the .nwb file, or its URL")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json: networkx node-link data (default); graphml; dot; mermaid; "
        "html: one self-contained page with the interactive viewer (open it in a "
        "browser: collapsible groups, focus on k hops, a tree and a details pane)",
    )
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    parser.add_argument(
        "--filter",
        nargs="?",
        const="",
        action="append",
        metavar="PATH|TYPE",
        help="alone: drop untyped leaves and the VectorIndex columns of tables; "
        "with /a/path (globs allowed) or a neurodata type (and its subtypes): keep "
        "those objects, what holds them and what they point to (repeatable)",
    )
    parser.add_argument(
        "--max-nodes",
        type=int,
        metavar="N",
        help="keep at most N nodes, collapsing the rest (the picture says so)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite --output")
    add_remote_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.hdf5.export import render_graph
    from nwb_lsp.hdf5.graph import graph_from_index
    from nwb_lsp.hdf5.graph_view import view_graph
    from nwb_lsp.schema.catalog import catalog_for_index

    if args.max_nodes is not None and args.max_nodes < 1:
        raise CliError("--max-nodes must be at least 1")
    target = output_file(args.output, force=args.force) if args.output else None
    index = load_index(args.file, remote_options(args))
    select = [p for p in args.filter or [] if p]
    types = [p for p in select if not p.startswith("/")]
    try:
        graph = view_graph(
            graph_from_index(index),
            select=select,
            prune="" in (args.filter or []),
            max_nodes=args.max_nodes,
            is_a=catalog_for_index(index).is_a if types else None,
        )
    except ValueError as exc:
        raise CliError(f"--filter: {exc}") from exc
    text = render_graph(graph, args.format)
    text += "" if text.endswith("\n") else "\n"
    if target is not None:
        write_output(target, text)
    else:
        sys.stdout.write(text)
    return 0
