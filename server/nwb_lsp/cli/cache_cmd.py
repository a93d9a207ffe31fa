"""``nwb-lsp cache``: where the results cache is, what it holds, and clearing it."""

from __future__ import annotations

import argparse

from nwb_lsp.cli.batch import add_cache_dir

NAME = "cache"
HELP = "Show (info) or empty (clear) the results cache of nwb-lsp check."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        choices=("info", "clear"),
        help="info: the database's path, entries and size; clear: forget every "
        "stored report",
    )
    add_cache_dir(parser)


def run(args: argparse.Namespace) -> int:
    from nwb_lsp.checking.cache import ResultsCache
    from nwb_lsp.checking.identity import cache_folder

    cache = ResultsCache(cache_folder(args.cache_dir))
    try:
        if args.action == "clear":
            count = cache.clear()
            print(f"{cache.path}: {count} stored report(s) removed")
        else:
            info = cache.info()
            print(f"path: {info.path}")
            print(f"entries: {info.entries}")
            print(f"size: {info.size_bytes} bytes")
            print(f"engine: {cache.engine}")
    finally:
        cache.close()
    return 0
