"""``nwb-lsp check``: validate NWB files (and spec YAML) and report findings."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator

from nwb_lsp.cli.common import CliError

NAME = "check"
HELP = "Validate .nwb files and NWB spec YAML; exit 1 when any error is found."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files or directories (searched for *.nwb and spec YAML)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="CODES",
        help="only these codes or prefixes, e.g. G,M010 (repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODES",
        help="skip these codes or prefixes (repeatable)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        help="files checked in parallel (worker processes)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds allowed per file before it is reported (300)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text format: no summary line; only findings",
    )


def _codes(values: list[str]) -> tuple[str, ...]:
    return tuple(c.strip() for v in values for c in v.split(",") if c.strip())


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.checking import check_paths, collect_paths
    from nwb_lsp.cli.common import progress
    from nwb_lsp.cli.formats import FORMATTERS, summary
    from nwb_lsp.findings import FindingFilter, Severity

    for raw in args.paths:
        # lexists: a symbolic link loop or a link to nothing is reported as such
        if not os.path.lexists(raw):
            raise CliError(f"{raw}: no such file or directory")
    if args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    paths = collect_paths(args.paths)
    if not paths:
        raise CliError("no .nwb or spec YAML files found in the given paths")
    flt = FindingFilter(select=_codes(args.select), ignore=_codes(args.ignore))
    ticks = iter(progress(range(len(paths)), len(paths), "checking"))
    reports = check_paths(
        paths,
        jobs=args.jobs,
        timeout=args.timeout,
        filter=flt,
        on_done=lambda _r: _tick(ticks),
    )
    sys.stdout.write(FORMATTERS[args.format](reports))
    if args.format == "text" and not args.quiet:
        print(summary(reports), file=sys.stderr)
    errors = any(f.severity is Severity.ERROR for r in reports for f in r.findings)
    return 1 if errors else 0


def _tick(ticks: Iterator[int]) -> None:
    next(ticks, None)
