"""Opening a file to read it: what the path is, whether a writer has it, how to open.

nwb-lsp looks at a path itself before libhdf5 does:

* Only a regular file is opened. Opening a FIFO blocks until a writer appears, and a
  device may never end, so libhdf5 would hang until the worker's timeout: they are
  refused at once. A directory is said to be one (the CLI and the language server
  check the NWB files inside it as files of their own); a symbolic link loop, a link
  to nothing and a permission problem are each named.
* A file being written. HDF5 marks a file open for writing in its superblock
  (versions 2 and 3, written with ``libver="latest"``: file-consistency flags, bit 0
  write access, bit 2 SWMR write), and a writer holds an exclusive lock on the file
  (``flock``, listed in ``/proc/locks`` on Linux). Both are read without taking a
  lock, so a checker never blocks a writer (files are opened with ``locking=False``
  for the same reason). A file a SWMR writer has open is read in SWMR mode, which
  libhdf5 keeps consistent; a file marked open for writing without SWMR cannot be
  opened until the writer closes it (or, when the writer crashed, ``h5clear -s``).

Inside a file, libhdf5 opens other files on its own: the target of an external link
met on a path, the raw data of a dataset stored in external files, the sources of a
virtual dataset. Any of them may be a FIFO or a device too, so nwb-lsp never lets a
path lookup cross an external link (``object_exists`` resolves paths itself) and
reads the values of a dataset stored elsewhere only when every file it names is a
regular file (``raw_data_problem``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import h5py

from nwb_lsp.hdf5.records import Problem, ProblemKind

SIGNATURE = b"\x89HDF\r\n\x1a\n"
WRITE_ACCESS = 0x01  # superblock v2/v3 file-consistency flags
SWMR_WRITE = 0x04
_SPECIAL = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


@dataclass(frozen=True)
class Superblock:
    """Where HDF5's superblock starts (after any user block), its version, flags."""

    offset: int
    version: int
    flags: int  # file-consistency flags; 0 for versions 0 and 1, which keep none

    @property
    def swmr_writing(self) -> bool:
        return self.version >= 2 and bool(self.flags & SWMR_WRITE)

    @property
    def open_for_write(self) -> bool:
        return self.version >= 2 and bool(self.flags & (WRITE_ACCESS | SWMR_WRITE))


def open_for_reading(
    path: Path, problems: list[Problem], *, note_writer: bool = True
) -> h5py.File | None:
    """``path`` opened read-only without locks, or None with the reason recorded.

    A file a writer has open is still read; ``problems`` then says so, unless
    ``note_writer`` is False (a second opening of a file whose first one said it:
    looking for a writer's lock reads the whole system's lock table)."""
    problem = path_problem(path)
    if problem is not None:
        problems.append(problem)
        return None
    block = superblock(path)
    writer = writer_note(path, block) if note_writer else None
    try:
        handle = h5py.File(
            path, "r", locking=False, swmr=block is not None and block.swmr_writing
        )
    except Exception as exc:  # libhdf5 reports a damaged file as various types
        problems.append(_open_problem(exc, block, writer))
        return None
    if writer is not None:
        problems.append(Problem(ProblemKind.BEING_WRITTEN, "/", writer))
    return handle


def path_problem(path: Path) -> Problem | None:
    """Why ``path`` is not a regular file nwb-lsp may read, or None when it is."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _stat_problem(path, exc)
    if stat.S_ISDIR(mode):
        return Problem(
            ProblemKind.DIRECTORY,
            "/",
            "a directory, not an NWB file: the NWB files inside it are checked as "
            "files of their own",
        )
    if not stat.S_ISREG(mode):
        what = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
        return Problem(
            ProblemKind.NOT_A_FILE, "/", f"{what}, not a regular file: not read"
        )
    if not os.access(path, os.R_OK):
        return Problem(ProblemKind.INACCESSIBLE, "/", "permission denied")
    return None


def _stat_problem(path: Path, exc: OSError) -> Problem:
    if exc.errno == errno.ELOOP:
        return Problem(
            ProblemKind.INACCESSIBLE,
            "/",
            f"a symbolic link loop: {path} never leads to a file",
        )
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return Problem(
            ProblemKind.MISSING_FILE,
            "/",
            f"a symbolic link to {os.readlink(path)}, which does not exist",
        )
    if isinstance(exc, FileNotFoundError):
        return Problem(ProblemKind.MISSING_FILE, "/", f"{path}: no such file")
    return Problem(ProblemKind.INACCESSIBLE, "/", f"cannot be read: {exc.strerror}")


def superblock(path: Path) -> Superblock | None:
    """The superblock, found where HDF5 looks for it: at 0, 512, 1024, 2048, ...
    (a user block may precede it), or None when there is no HDF5 signature."""
    try:
        with path.open("rb") as fh:
            return superblock_in(fh, os.fstat(fh.fileno()).st_size)
    except OSError:
        return None


class SeekableReader(Protocol):
    """What ``superblock_in`` reads: a local file, or a remote one's source."""

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def read(self, size: int = -1, /) -> bytes | None: ...


def superblock_in(fh: SeekableReader, size: int) -> Superblock | None:
    """``superblock`` of an open binary file of ``size`` bytes (local or remote);
    raises what its reads raise."""
    offset = 0
    while offset < size:
        fh.seek(offset)
        head = fh.read(24) or b""
        if head[:8] == SIGNATURE:
            version = head[8] if len(head) > 8 else 0
            flags = head[11] if version >= 2 and len(head) > 11 else 0
            return Superblock(offset, version, flags)
        offset = 512 if offset == 0 else offset * 2
    return None


def writer_note(path: Path, block: Superblock | None) -> str | None:
    """Why the file seems to be open for writing elsewhere, or None."""
    if block is not None and block.swmr_writing:
        return (
            "a SWMR writer has the file open: it is read as it stands now and its "
            "contents may change"
        )
    if _write_locked(path):
        return (
            "another process holds the file open for writing: its contents may "
            "change, and what is on disk may be incomplete until the writer closes it"
        )
    return None


def _write_locked(path: Path) -> bool:
    """Whether a process holds a write (exclusive) lock on the file, as HDF5 writers
    do. Linux lists every lock in ``/proc/locks``: reading it takes no lock. Elsewhere
    a shared lock is tried without waiting and released at once."""
    try:
        info = os.stat(path)
        table = Path("/proc/locks").read_text()
    except OSError:
        return _probe_lock(path)
    device = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    for line in table.splitlines():
        # "1: FLOCK  ADVISORY  WRITE 1234 fe:00:1458360 0 EOF"; "1: -> FLOCK ..." waits
        fields = line.split()
        if len(fields) > 5 and fields[3] == "WRITE" and fields[5] == device:
            return True
    return False


def _probe_lock(path: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks to look at
        return False
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing releases the probe's lock
    return False


def _open_problem(
    exc: BaseException, block: Superblock | None, writer: str | None
) -> Problem:
    text = str(exc) or type(exc).__name__
    if block is None:
        return Problem(
            ProblemKind.NOT_HDF5, "/", "not an HDF5 file (no HDF5 signature)"
        )
    if block.open_for_write:
        why = writer or (
            "HDF5 marks the file open for writing, yet no process holds it: if its "
            "writer crashed, `h5clear -s FILE` clears the mark"
        )
        return Problem(
            ProblemKind.LOCKED,
            "/",
            f"{why}; libhdf5 does not open it for reading until the writer closes it, "
            "so it was not checked",
        )
    return Problem(
        ProblemKind.TRUNCATED, "/", f"truncated or corrupt HDF5 file: {text}"
    )


def close_quietly(handle: h5py.File) -> None:
    """Close a file that was only read: a damaged one may fail to close, which
    changes nothing for its reader."""
    with contextlib.suppress(Exception):
        handle.close()


MAX_SOFT_LINKS = 16  # as libhdf5's default limit on links followed in one lookup


def object_exists(f: h5py.File, raw_path: bytes, depth: int = 0) -> bool:
    """Whether ``raw_path`` (stored bytes) leads to an object of ``f``, following
    soft links but never an external link (its target is not opened)."""
    group, prefix = f.id, b""
    parts = [part for part in raw_path.split(b"/") if part]
    for i, part in enumerate(parts):
        try:
            info = group.links.get_info(part)
            if info.type == h5py.h5l.TYPE_SOFT:
                target = group.links.get_val(part)
                rest = b"/".join(parts[i + 1 :])
                base = target if target.startswith(b"/") else prefix + b"/" + target
                joined = base + b"/" + rest if rest else base
                return depth < MAX_SOFT_LINKS and object_exists(f, joined, depth + 1)
            if info.type != h5py.h5l.TYPE_HARD:
                return False  # external (or user-defined) link: not followed
            if i + 1 < len(parts):
                group = h5py.h5o.open(group, part)
                if h5py.h5i.get_type(group) != h5py.h5i.GROUP:
                    return False
        except Exception:  # no such link, or a damaged header
            return False
        prefix += b"/" + part
    return True


def raw_data_problem(dset: h5py.Dataset, directory: Path) -> str | None:
    """Why a dataset's values must not be read here (they lie in files that are
    not regular files), or None."""
    try:
        plist = dset.id.get_create_plist()
        names = [plist.get_external(i)[0] for i in range(plist.get_external_count())]
        if plist.get_layout() == h5py.h5d.VIRTUAL:
            count = plist.get_virtual_count()
            names += [plist.get_virtual_filename(i).encode() for i in range(count)]
    except Exception as exc:  # a damaged creation property list
        return f"its storage cannot be read: {exc}"
    for raw in names:
        name = os.fsdecode(raw)
        if name == ".":  # a virtual dataset's sources in this same file
            continue
        if "%" in name:
            return f"its values lie in files named by the pattern {name!r}: not read"
        # libhdf5 looks for external raw data from the working directory, and for
        # virtual sources beside the file too; a missing one is an error, no hang
        for base in (directory, Path.cwd()):
            problem = path_problem(base / name)
            if problem is not None and problem.kind is not ProblemKind.MISSING_FILE:
                return f"its values lie in {name}: {problem.message}"
    return None
