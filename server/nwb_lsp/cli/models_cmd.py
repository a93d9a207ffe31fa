"""``nwb-lsp models``: export the LinkML schema and pydantic models of a spec set."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nwb_lsp.cli.common import CliError, existing_file, write_text_atomic

NAME = "models"
HELP = (
    "Export the LinkML schema and the generated pydantic models of the specs an .nwb "
    "file carries, or of a namespace YAML and what it imports."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="an .nwb file or a *.namespace.yaml")
    parser.add_argument("--linkml", metavar="OUT.yaml", help="write the LinkML schema")
    parser.add_argument(
        "--pydantic", metavar="OUT.py", help="write the pydantic models"
    )
    parser.add_argument("--force", action="store_true", help="overwrite outputs")


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.cli.formats import to_text
    from nwb_lsp.findings import FileReport
    from nwb_lsp.schema.catalog import catalog_for_index, catalog_for_namespace_file
    from nwb_lsp.schema.provider import ModelProvider

    source = existing_file(args.source)
    if not (args.linkml or args.pydantic):
        raise CliError("nothing to do: give --linkml and/or --pydantic")
    if source.suffix in (".yaml", ".yml"):
        catalog = catalog_for_namespace_file(source)
    else:
        from nwb_lsp.cli.inputs import load_index

        catalog = catalog_for_index(load_index(args.source))
    provider = ModelProvider(catalog)
    if args.linkml:
        write_text_atomic(Path(args.linkml), provider.linkml_yaml(), force=args.force)
        print(args.linkml)
    if args.pydantic:
        write_text_atomic(
            Path(args.pydantic), provider.pydantic_code(), force=args.force
        )
        print(args.pydantic)
    notes = [*catalog.findings, *provider.findings]
    if notes:
        sys.stderr.write(to_text([FileReport(str(source), "nwb", tuple(notes))]))
    return 0
