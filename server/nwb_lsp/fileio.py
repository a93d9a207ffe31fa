"""Writing output files safely: a temporary file beside the target, then a rename.

A reader never sees a half-written file, and a failed write leaves the old file (if
any) untouched. The file gets the permissions a plain ``open(..., "w")`` would give
it — those of the file it replaces, or 0666 less the umask — not the 0600 of a
temporary file.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def write_text_atomic(target: Path, text: str) -> Path:
    return write_bytes_atomic(target, text.encode("utf-8"))


def write_bytes_atomic(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_beside(target)
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def temporary_beside(target: Path) -> Path:
    """An empty temporary file in ``target``'s folder, with the permissions the
    target should end up with; the caller renames it over ``target``."""
    fd, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        if hasattr(os, "fchmod"):  # POSIX; Windows has no permission bits to set
            os.fchmod(fd, output_mode(target))
    finally:
        os.close(fd)
    return Path(name)


def output_mode(target: Path) -> int:
    """The mode of the file ``target`` replaces, or 0666 less the process umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    # Elsewhere it can only be read by setting it and setting it back; the lock
    # keeps two readers from taking each other's temporary value for the umask.
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask
