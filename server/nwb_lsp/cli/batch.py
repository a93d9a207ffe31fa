"""``check``'s options for many files: a list file, a Dask cluster, the results cache.

* ``--from-file LIST``: paths (or URLs) one per line, as a dandiset's asset list;
  ``#`` starts a comment, blank lines are skipped, ``-`` reads the list from stdin.
  They are checked after the paths on the command line, in their order.
* ``--scheduler ADDRESS | local[:N]``: check NWB files on a Dask cluster (one task
  per file) instead of local worker processes; ``local:N`` starts a LocalCluster of
  N single-threaded worker processes on 127.0.0.1.
* ``--cache-dir DIR`` / ``$NWB_LSP_CACHE_DIR`` and ``--no-cache``: where the results
  cache lives, or not using it at all (see ``nwb_lsp.checking.cache``).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from nwb_lsp.cli.common import CliError

if TYPE_CHECKING:
    from nwb_lsp.checking.cache import ResultsCache
    from nwb_lsp.checking.executors import Executor


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from-file",
        metavar="LIST",
        help="also check the paths listed in LIST, one per line ('#' comments, "
        "blank lines skipped; '-' reads standard input)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="check NWB files on a Dask cluster: a scheduler address "
        "(tcp://host:8786) or local[:N] to start N local workers (default 2); "
        "needs the 'cluster' extra (pip install 'nwb-lsp[cluster]')",
    )
    add_cache_dir(parser)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor store results in the results cache",
    )


def add_cache_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="folder of the results cache (default: $NWB_LSP_CACHE_DIR, else the "
        "user cache directory, e.g. ~/.cache/nwb-lsp)",
    )


def batch_inputs(args: argparse.Namespace) -> list[str]:
    """The paths on the command line, then those of ``--from-file``."""
    paths = list(args.paths)
    if args.from_file is not None:
        paths += _listed(args.from_file)
    if not paths:
        raise CliError("no paths given (name files or folders, or use --from-file)")
    return paths


def _listed(source: str) -> list[str]:
    if source == "-":
        return read_list(sys.stdin)
    try:
        with open(source, encoding="utf-8") as fh:
            return read_list(fh)
    except FileNotFoundError:
        raise CliError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{source}: is a directory, expected a list of paths") from None
    except UnicodeDecodeError:
        raise CliError(f"{source}: not UTF-8 text") from None


def read_list(lines: TextIO) -> list[str]:
    """One path per line; ``#`` comments and blank lines left out."""
    out = []
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            out.append(text)
    return out


@contextlib.contextmanager
def checking_setup(
    args: argparse.Namespace,
) -> Iterator[tuple[Executor | None, ResultsCache | None]]:
    """The executor (``None``: local workers) and cache (``None``: not used) the
    options ask for; both released afterwards."""
    from nwb_lsp.checking.cache import ResultsCache
    from nwb_lsp.checking.identity import cache_folder

    cache = None if args.no_cache else ResultsCache(cache_folder(args.cache_dir))
    executor = _executor(args.scheduler) if args.scheduler else None
    try:
        yield executor, cache
    finally:
        if executor is not None:
            executor.close()
        if cache is not None:
            cache.close()


def _executor(scheduler: str) -> Executor:
    from nwb_lsp.checking.cluster import DaskExecutor, parse_scheduler

    try:
        parse_scheduler(scheduler)
        return DaskExecutor(scheduler)
    except ImportError as exc:
        raise CliError(
            f"--scheduler needs Dask distributed ({exc.name} is not installed): "
            "pip install 'nwb-lsp[cluster]'"
        ) from None
    except ValueError as exc:
        raise CliError(f"--scheduler: {exc}") from None
    except (OSError, TimeoutError) as exc:
        raise CliError(f"--scheduler {scheduler}: cannot reach it ({exc})") from None
