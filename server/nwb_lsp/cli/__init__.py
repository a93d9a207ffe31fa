"""The ``nwb-lsp`` command line: one sub-command per module in this package.

Each command module exposes ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``, and keeps heavy imports inside ``run`` so that ``--help`` and
start-up stay fast. This package is the only place in nwb-lsp allowed to ``print``:
everywhere else stdout may be a language server's protocol channel.

Exit codes: 0 success; 1 problems found (``check``, ``models``); 2 usage errors,
unreadable input or an output that cannot be written; 3 an internal error (a bug);
130 interrupted (Ctrl-C); 141 the output pipe was closed (``| head``). Every error
is one line on stderr, never a traceback (``NWB_LSP_TRACEBACK=1`` shows the
traceback of an internal error).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from nwb_lsp import __version__
from nwb_lsp.cli.common import CliError

# Sub-commands in the order ``--help`` lists them.
COMMANDS = ("check", "cache", "graph", "refs", "truncate", "models", "serve")


class Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line (``--help`` still shows the usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"nwb_lsp.cli.{name}_cmd")
    except ModuleNotFoundError as exc:
        if exc.name == f"nwb_lsp.cli.{name}_cmd":
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
        return _fail(args.command, str(exc), 2)
    except KeyboardInterrupt:
        print("nwb-lsp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (``| head``): say nothing more on a closed pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # an input or output the checks above could not foresee
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(args.command, f"{where}{exc.strerror or exc}", 2)
    except Exception as exc:
        if os.environ.get("NWB_LSP_TRACEBACK"):
            raise
        message = f"internal error: {type(exc).__name__}: {exc} (a bug: please report)"
        return _fail(args.command, message, 3)


def run() -> NoReturn:
    """The ``nwb-lsp`` script and ``python -m nwb_lsp``: ``main``, then exit at
    once. What exiting must do (``atexit`` handlers: temporary files, child
    processes; flushing the output) is done, but the interpreter is not torn down
    module by module, which costs a one-shot ``check`` some 40 ms after its last
    line is written. ``--help``, ``--version`` and usage errors exit as usual."""
    code = main()
    finish = getattr(atexit, "_run_exitfuncs", None)  # CPython's; else exit as usual
    if finish is None:
        sys.exit(code)
    finish()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _fail(command: str, message: str, code: int) -> int:
    print(f"nwb-lsp {command}: error: {message}", file=sys.stderr)
    return code
