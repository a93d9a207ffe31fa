"""Helpers shared by the CLI commands: errors, safe output files, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from nwb_lsp import fileio

T = TypeVar("T")


class CliError(Exception):
    """A usage or input error: printed as one line on stderr, exit code 2."""


def existing_file(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise CliError(f"{path}: no such file")
    if p.is_dir():
        raise CliError(f"{path}: is a directory, expected a file")
    return p


def write_text_atomic(target: Path, text: str, *, force: bool) -> Path:
    """Write ``text`` to ``target`` safely; an existing file needs ``force``."""
    if target.exists() and not force:
        raise CliError(f"{target}: already exists (use --force to overwrite)")
    return fileio.write_text_atomic(target, text)


def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    width = 30
    for i, item in enumerate(items, 1):
        done = int(width * i / total)
        bar = "#" * done + "-" * (width - done)
        print(f"\r{label} [{bar}] {i}/{total}", end="", file=sys.stderr, flush=True)
        yield item
    print(file=sys.stderr)


def counter(label: str) -> Callable[[int], None] | None:
    """A progress callback drawing ``label: N objects`` on stderr (terminals only)."""
    if not sys.stderr.isatty():
        return None

    def show(count: int) -> None:
        print(f"\r{label}: {count} objects", end="", file=sys.stderr, flush=True)

    return show
