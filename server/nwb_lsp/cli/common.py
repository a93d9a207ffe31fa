"""Helpers shared by the CLI commands: errors, input and output files, progress.

Every file a command writes goes through ``output_file`` (checked before any work
starts) and ``write_output``: like ``cp``, a command never creates a missing folder,
refuses to replace a file without ``--force``, and says in one line why a write
failed.
"""

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


def output_file(path: str | Path, *, force: bool, replace: bool = True) -> Path:
    """``path`` as a place to write a file: its folder must exist, and an existing
    file is replaced only with ``force`` (``replace=False``: appended to, as a log)."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise CliError(f"{target}: is a directory, expected a file name")
    if not folder.exists():
        raise CliError(f"{target}: no such directory {str(folder)!r} (create it first)")
    if not folder.is_dir():
        raise CliError(f"{target}: {str(folder)!r} is not a directory")
    if replace and target.exists() and not force:
        raise CliError(f"{target}: already exists (use --force to overwrite)")
    return target


def write_output(target: Path, text: str) -> Path:
    """Write ``text`` to ``target`` (checked by ``output_file``) atomically."""
    try:
        return fileio.write_text_atomic(target, text)
    except OSError as exc:
        raise CliError(f"{target}: cannot write: {exc.strerror or exc}") from exc


def write_text_atomic(target: Path, text: str, *, force: bool) -> Path:
    """Write ``text`` to ``target`` safely; an existing file needs ``force``."""
    return write_output(output_file(target, force=force), text)


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
