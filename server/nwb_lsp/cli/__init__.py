"""The ``nwb-lsp`` command line: one sub-command per module in this package.

Each command module exposes ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and keeps heavy imports inside ``run`` so that ``--help`` and
start-up stay fast. This package is the only place in nwb-lsp allowed to ``print``:
everywhere else stdout may be a language server's protocol channel.

Exit codes: 0 success, 1 problems found (``check``), 2 usage errors or unreadable
input — reported as one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from nwb_lsp import __version__
from nwb_lsp.cli.common import CliError

# Sub-commands in the order ``--help`` lists them.
COMMANDS = ("check", "graph", "refs", "truncate", "models", "serve")


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"nwb_lsp.cli.{name}_cmd")
    except ModuleNotFoundError as exc:
        if exc.name == f"nwb_lsp.cli.{name}_cmd":
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nwb-lsp",
        description="Validate NWB files and NWB specification YAML; "
        "serve them to editors over the Language Server Protocol.",
    )
    parser.add_argument("--version", action="version", version=f"nwb-lsp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _load(name)
        if module is None:
            continue
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args))
    except CliError as exc:
        print(f"nwb-lsp {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nwb-lsp: interrupted", file=sys.stderr)
        return 130
