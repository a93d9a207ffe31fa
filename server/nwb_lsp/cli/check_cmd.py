"""``nwb-lsp check``: validate NWB files (and spec YAML) and report findings."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nwb_lsp.cli.arguments import (
    add_remote_arguments,
    remote_options,
    rule_codes,
    seconds,
    whole_number,
)
from nwb_lsp.cli.batch import add_batch_arguments, batch_inputs, checking_setup
from nwb_lsp.cli.common import CliError
from nwb_lsp.urls import is_url

if TYPE_CHECKING:
    from nwb_lsp.checking import Discovery, Skipped
    from nwb_lsp.findings import FileReport, FindingFilter

NAME = "check"
HELP = "Validate .nwb files and NWB spec YAML; exit 1 when any error is found."
# nwb_lsp.checking.DEFAULT_TIMEOUT (a test keeps them equal); importing it here
# would slow every command's start-up
DEFAULT_TIMEOUT = 60.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories (searched for *.nwb and spec YAML, leaving out "
        "Python environments, build output and what git ignores), or URLs of NWB "
        "files (http://, https://, s3://bucket/key), read without downloading them",
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
        help="only these codes or prefixes, e.g. G,M010 (repeatable; any case)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODES",
        help="skip these codes or prefixes (repeatable; any case)",
    )
    parser.add_argument(
        "--best-practices",
        action="store_true",
        help="also run the best-practice checks (B codes: nwbinspector's checks); "
        "[tool.nwb-lsp] in the nearest pyproject.toml may say best-practices, "
        "select, ignore, severity, config and threshold",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="an nwbinspector config (YAML: check names under CRITICAL, "
        "BEST_PRACTICE_VIOLATION, BEST_PRACTICE_SUGGESTION, SKIP), or 'dandi'; "
        "turns best practices on",
    )
    parser.add_argument(
        "--threshold",
        metavar="LEVEL",
        help="drop findings less severe than LEVEL: error, warning, info, or "
        "CRITICAL, BEST_PRACTICE_VIOLATION, BEST_PRACTICE_SUGGESTION",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="count findings by code (text: instead of the findings; json: a "
        "'statistics' object beside them)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=whole_number(1),
        default=1,
        help="files checked in parallel (worker processes)",
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds allowed per file before it is reported ({DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text format: no summary line and no notes; only findings",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every path left out of the check, with the reason",
    )
    add_remote_arguments(parser)
    add_batch_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.checking import check_paths
    from nwb_lsp.cli.common import progress

    args.paths = batch_inputs(args)
    for raw in args.paths:
        # lexists: a symbolic link loop or a link to nothing is reported as such
        if not is_url(raw) and not os.path.lexists(raw):
            raise CliError(f"{raw}: no such file or directory")
    if args.statistics and args.format not in ("text", "json"):
        raise CliError("--statistics works with --format text or json")
    flt = finding_filter(args)
    found = _discover(args)
    files = found.files
    ticks = iter(progress(range(len(files)), len(files), "checking"))
    with checking_setup(args) as (executor, cache):
        reports = check_paths(
            files,
            jobs=args.jobs,
            timeout=args.timeout,
            filter=flt,
            on_done=lambda _r: _tick(ticks),
            executor=executor,
            cache=cache,
            remote=remote_options(args),
        )
    return _report(args, reports, found)


def finding_filter(args: argparse.Namespace) -> FindingFilter:
    """The command line over ``[tool.nwb-lsp]`` of the nearest pyproject.toml:
    ``--select`` replaces its select, ``--ignore`` adds to its ignore, ``--config``
    and ``--threshold`` add to or replace what it says."""
    from nwb_lsp.checking import config

    try:
        found = config.find_pyproject(Path.cwd())
        settings = config.from_pyproject(found) if found else config.Settings()
        if args.config:
            config.apply_inspector(settings, args.config)
        if args.threshold:
            settings.threshold = config.level(args.threshold)
    except config.ConfigError as exc:
        raise CliError(str(exc)) from None
    where = f"[tool.nwb-lsp] in {found}" if found else ""
    settings.select = rule_codes(
        args.select or settings.select,
        "--select" if args.select else f"select of {where}",
    )
    settings.ignore = (
        *rule_codes(settings.ignore, f"ignore of {where}"),
        *rule_codes(args.ignore, "--ignore"),
    )
    rule_codes(settings.severity, f"severity of {where}")
    settings.best_practices = settings.best_practices or args.best_practices
    return settings.filter()


def _discover(args: argparse.Namespace) -> Discovery:
    """The files to check; what was left out is said on stderr."""
    from nwb_lsp.checking import discover

    found = discover(args.paths)
    if args.verbose or not args.quiet:
        for line in skipped_notes(found.skipped, verbose=args.verbose):
            print(line, file=sys.stderr)
    if not found.files and not _only_non_spec(args.paths, found):
        raise CliError("no .nwb or spec YAML files found in the given paths")
    return found


def _report(
    args: argparse.Namespace, reports: list[FileReport], found: Discovery
) -> int:
    """Print the reports; the exit code (1 when any finding is an error)."""
    from nwb_lsp.checking.discovery import NOT_SPEC
    from nwb_lsp.cli.formats import render, summary

    named = [(str(s.path), s.reason) for s in found.skipped if s.reason == NOT_SPEC]
    text = render(args.format, reports, statistics=args.statistics, skipped=named)
    sys.stdout.write(text)
    if args.format == "text" and not args.quiet:
        print(summary(reports), file=sys.stderr)
    return 1 if any(r.has_errors for r in reports) else 0


def _only_non_spec(paths: Sequence[str], found: Discovery) -> bool:
    """Every path given was a YAML file that is not a spec (a pre-commit hook passes
    every YAML file): nothing to check, which is no error."""
    from nwb_lsp.checking.discovery import NOT_SPEC

    given = {str(Path(p)) for p in paths}
    return {str(s.path) for s in found.skipped if s.reason == NOT_SPEC} == given


def skipped_notes(skipped: Sequence[Skipped], *, verbose: bool) -> list[str]:
    """What to tell about the paths left out: each explicit YAML file that is not a
    spec; the rest one by one when ``verbose``, else counted by reason."""
    from nwb_lsp.checking.discovery import NOT_SPEC

    named = [s for s in skipped if s.reason == NOT_SPEC]
    walked = [s for s in skipped if s.reason != NOT_SPEC]
    lines = [f"{s.path}: {s.reason}; skipped" for s in named]
    if verbose:
        lines += [f"skipped {_shown(s)}: {s.reason}" for s in walked]
    elif walked:
        counts = Counter(s.reason for s in walked)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        parts = ", ".join(f"{reason}: {n}" for reason, n in ranked)
        noun = "path" if len(walked) == 1 else "paths"
        lines.append(f"skipped {len(walked)} {noun} ({parts}); -v lists them")
    return lines


def _shown(s: Skipped) -> str:
    return f"{s.path}/" if s.is_dir else str(s.path)


def _tick(ticks: Iterator[int]) -> None:
    next(ticks, None)
