"""``nwb-lsp truncate``: a small, valid copy of an NWB file for test data."""

from __future__ import annotations

import argparse
import sys

from nwb_lsp.cli.arguments import add_remote_arguments, remote_options, whole_number
from nwb_lsp.cli.common import CliError, counter, existing_file, output_file
from nwb_lsp.cli.inputs import load_index
from nwb_lsp.urls import is_url

NAME = "truncate"
HELP = (
    "Write a small copy of an NWB file that stays valid: the first N samples of time "
    "series and rows of tables, references re-pointed, links and specs kept."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source", help="the .nwb file to copy (opened read-only), or its URL"
    )
    parser.add_argument(
        "target", nargs="?", help="where to write (default: <stem>_truncated.nwb)"
    )
    parser.add_argument(
        "-n",
        type=whole_number(1),
        default=10,
        help="rows/samples to keep, at least 1 (10)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite the target")
    add_remote_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.hdf5.truncate import TruncateError, default_target, truncate_file

    remote = remote_options(args)
    source = args.source if is_url(args.source) else existing_file(args.source)
    target = output_file(args.target or default_target(source), force=args.force)
    # one clear error for missing, non-HDF5 or corrupt input (or a failing server)
    load_index(args.source, remote)
    try:
        out = truncate_file(
            source,
            target,
            args.n,
            force=args.force,
            progress=counter("copying"),
            remote=remote,
        )
    except TruncateError as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    print(out)
    if sys.stderr.isatty():
        print(f"wrote {out} ({out.stat().st_size} bytes)", file=sys.stderr)
    return 0
