"""``nwb-lsp models``: export the LinkML schema and pydantic models of a spec set.

The specs are checked first, as ``nwb-lsp check`` checks them — a namespace YAML
with the schema files it lists (findings at the same lines and columns), an NWB
file's cached specs at their HDF5 paths. Findings go to stderr; when any is an
error, nothing is written and the exit code is 1. A YAML file that is not a namespace
file is a usage error (exit 2), said in one line.

For a namespace YAML, ``--pydantic ext.py`` writes the extension's own classes
only, and beside it (or where ``--runtime`` and ``--core`` say) the runtime they
need and the models of the namespaces the extension imports: three modules that
import with pydantic and numpy alone (``schema/standalone.py``). The runtime and
core modules are the same for every extension of a core, so an existing one with
the same text is kept as it is; one with other text needs ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from nwb_lsp.cli.common import CliError, existing_file, output_file, write_output
from nwb_lsp.cli.extension_layout import Layout, write_layout

if TYPE_CHECKING:
    from nwb_lsp.findings import FileReport
    from nwb_lsp.schema.catalog import TypeCatalog

NAME = "models"
HELP = (
    "Export the LinkML schema and the generated pydantic models of the specs an .nwb "
    "file carries, or of a namespace YAML and what it imports; exit 1 (nothing "
    "written) when the specs have errors."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="an .nwb file or a *.namespace.yaml")
    parser.add_argument("--linkml", metavar="OUT.yaml", help="write the LinkML schema")
    parser.add_argument(
        "--pydantic",
        metavar="OUT.py",
        help="write the pydantic models: of an .nwb file, one module of the whole "
        "spec set; of a namespace YAML, the extension's own classes, which with "
        "the --runtime and --core modules import with pydantic and numpy alone",
    )
    parser.add_argument(
        "--runtime",
        metavar="RUNTIME.py",
        help="with a namespace YAML: where the models' base (NwbModel and its "
        "checks, needing only pydantic and numpy) goes (default: nwb_runtime.py "
        "beside the --pydantic file)",
    )
    parser.add_argument(
        "--core",
        metavar="CORE.py",
        help="with a namespace YAML: where the models of the namespaces the "
        "extension imports go (default: core_models.py beside the --pydantic file); "
        "the --pydantic file holds the extension's own classes and imports these",
    )
    parser.add_argument("--force", action="store_true", help="overwrite outputs")


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.checking import is_spec_path

    source = existing_file(args.source)
    if not (args.linkml or args.pydantic):
        raise CliError("nothing to do: give --linkml and/or --pydantic")
    linkml = output_file(args.linkml, force=args.force) if args.linkml else None
    pydantic = output_file(args.pydantic, force=args.force) if args.pydantic else None
    if linkml is not None and pydantic is not None and linkml == pydantic:
        raise CliError("--linkml and --pydantic name the same file")
    layout = None
    if is_spec_path(source) and pydantic is not None:
        layout = Layout.beside(pydantic, args.runtime, args.core, linkml)
    elif args.runtime or args.core:
        raise CliError("--runtime and --core go with a namespace YAML and --pydantic")
    if is_spec_path(source):
        reports, catalog = _namespace_specs(source)
    else:
        reports, catalog = _file_specs(source)
    if _tell(reports):
        print("nwb-lsp models: the specs have errors; nothing written", file=sys.stderr)
        return 1
    if layout is not None:
        return _export_extension(catalog, source, linkml, layout, force=args.force)
    return _export(catalog, source, linkml, pydantic)


def _namespace_specs(source: Path) -> tuple[list[FileReport], TypeCatalog]:
    """The namespace file's check reports (with its schema files) and catalog."""
    from nwb_lsp.checking.runner import check_spec_paths
    from nwb_lsp.schema.catalog import catalog_for_namespace_file
    from nwb_lsp.spec.document import SpecDocument

    try:
        document = SpecDocument.parse(source, source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{source}: cannot read as UTF-8 YAML: {exc}") from exc
    if document.kind != "namespace":
        raise CliError(f"{source}: {_not_namespace(document.kind)}")
    listed = [source.parent / name for name in document.sources()]
    reports = check_spec_paths([source, *(p for p in listed if p.is_file())])
    # the folders check's pipeline searches, so the models come from its cache
    return reports, catalog_for_namespace_file(source, [source.parent])


def _not_namespace(kind: str) -> str:
    if kind == "schema":
        return (
            "a schema file, not a namespace file: give the *.namespace.yaml that "
            "lists it"
        )
    return "not an NWB namespace file (no top-level 'namespaces' list)"


def _file_specs(source: Path) -> tuple[list[FileReport], TypeCatalog]:
    """The findings about an NWB file's cached specs, and their catalog."""
    from nwb_lsp.cli.inputs import load_index
    from nwb_lsp.findings import FileReport
    from nwb_lsp.schema.catalog import catalog_for_index

    catalog = catalog_for_index(load_index(str(source)))
    return [FileReport(str(source), "nwb", tuple(catalog.findings))], catalog


def _tell(reports: list[FileReport]) -> bool:
    """Print the findings on stderr; whether any is an error."""
    from nwb_lsp.cli.formats import to_text

    sys.stderr.write(to_text(reports))
    return any(r.has_errors for r in reports)


def _export(
    catalog: TypeCatalog, source: Path, linkml: Path | None, pydantic: Path | None
) -> int:
    from nwb_lsp.checking import is_spec_path
    from nwb_lsp.findings import FileReport
    from nwb_lsp.schema.provider import ModelProvider

    provider = ModelProvider(catalog)
    makers = ((linkml, provider.linkml_yaml), (pydantic, provider.pydantic_code))
    try:
        texts = [(target, make()) for target, make in makers if target is not None]
    except Exception as exc:  # the generator itself (check reports it as S008)
        print(f"nwb-lsp models: models could not be generated: {exc}", file=sys.stderr)
        return 1
    for target, text in texts:
        print(write_output(target, text))
    if provider.findings and not is_spec_path(source):  # a spec check said them
        _tell([FileReport(str(source), "nwb", tuple(provider.findings))])
    return 0


def _export_extension(
    catalog: TypeCatalog,
    source: Path,
    linkml: Path | None,
    layout: Layout,
    *,
    force: bool,
) -> int:
    """The extension's classes, its runtime and its core models (and LinkML)."""
    from nwb_lsp.schema.provider import ModelProvider
    from nwb_lsp.schema.standalone import extension_modules

    try:
        modules = extension_modules(
            catalog, source, layout.runtime_module, layout.core_module
        )
        schema = ModelProvider(catalog).linkml_yaml() if linkml is not None else None
    except Exception as exc:  # the generator itself (check reports it as S008)
        print(f"nwb-lsp models: models could not be generated: {exc}", file=sys.stderr)
        return 1
    for line in write_layout(layout, modules, force=force):
        print(line)
    if linkml is not None and schema is not None:
        print(write_output(linkml, schema))
    return 0
