"""What a path is, and whether a writer has the file, before libhdf5 opens it.

Writers are real h5py processes holding the file open (default format, the latest
format, SWMR); each waits on its stdin, so the test decides when it closes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import h5py
import pytest

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.opening import open_for_reading, superblock
from nwb_lsp.hdf5.records import Problem, ProblemKind
from nwb_lsp.validate import validate_nwb_file

WRITER = """
import sys, h5py, numpy as np
path, libver, swmr = sys.argv[1], sys.argv[2] or None, sys.argv[3] == "swmr"
f = h5py.File(path, "w", libver=libver)
f.attrs["nwb_version"] = "2.7.0"
d = f.create_dataset("x", shape=(0,), maxshape=(None,), chunks=(8,), dtype="f8")
if swmr:
    f.swmr_mode = True
f.flush()
print("open", flush=True)
sys.stdin.readline()  # the reader has looked: write more, then close
d.resize((4,))
d[:] = 1.0
f.close()
print("closed", flush=True)
"""


@contextmanager
def writer(path: Path, libver: str = "", mode: str = "") -> Iterator[None]:
    """An h5py process with ``path`` open for writing until the block ends; it must
    then still write and close without error (a reader never blocks it)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), libver, mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline() == "open\n"
        yield
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == "closed\n"
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def kinds(path: Path) -> list[ProblemKind]:
    return [p.kind for p in build_index(path).problems]


def test_a_file_held_open_by_a_default_writer_is_read_with_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "busy.nwb"
    with writer(path):
        index = build_index(path)
        report = validate_nwb_file(path)
        again: list[Problem] = []  # a second pass (values) does not look again
        second = open_for_reading(path, again, note_writer=False)
        assert second is not None and again == []
        second.close()
    assert [p.kind for p in index.problems] == [ProblemKind.BEING_WRITTEN]
    assert "/x" in index.objects  # still read
    f004 = [f for f in report.findings if f.code == "F004"]
    assert len(f004) == 1 and f004[0].location.hdf5_path == "/"
    assert f004[0].severity.value == "warning"
    assert "holds the file open for writing" in f004[0].message
    assert kinds(path) == []  # closed: nothing to say


def test_a_file_marked_open_by_a_latest_format_writer_is_not_checked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "busy.nwb"
    with writer(path, "latest"):
        block = superblock(path)
        assert block is not None and block.version == 3 and block.open_for_write
        problems = build_index(path).problems
        findings = validate_nwb_file(path).findings
    assert [p.kind for p in problems] == [ProblemKind.LOCKED]
    assert "holds the file open for writing" in problems[0].message
    assert "not checked" in problems[0].message
    assert [(f.code, f.location.hdf5_path) for f in findings] == [("F004", "/")]
    assert kinds(path) == []


def test_a_swmr_writers_file_is_read_in_swmr_mode(tmp_path: Path) -> None:
    path = tmp_path / "swmr.nwb"
    with writer(path, "latest", "swmr"):
        index = build_index(path)
    assert [p.kind for p in index.problems] == [ProblemKind.BEING_WRITTEN]
    assert "SWMR writer" in index.problems[0].message
    assert index.objects["/x"].maxshape == (None,)


def test_a_mark_left_by_a_crashed_writer_says_how_to_clear_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "crashed.nwb"
    script = (
        "import h5py, os, sys\n"
        "f = h5py.File(sys.argv[1], 'w', libver='latest')\n"
        "f.flush()\n"
        "os._exit(0)  # no close: the superblock keeps its write mark\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    problems = build_index(path).problems
    assert [p.kind for p in problems] == [ProblemKind.LOCKED]
    assert "h5clear -s" in problems[0].message


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    # opening a FIFO for reading blocks until a writer appears: were it opened,
    # this would hang (the worker-level test checks it within a timeout)
    fifo = tmp_path / "pipe.nwb"
    os.mkfifo(fifo)
    assert build_index(fifo).problems == [
        Problem(
            ProblemKind.NOT_A_FILE,
            "/",
            "a FIFO (named pipe), not a regular file: not read",
        )
    ]


def test_a_device_is_refused() -> None:
    problems = build_index("/dev/null").problems
    assert [(p.kind, p.message) for p in problems] == [
        (ProblemKind.NOT_A_FILE, "a character device, not a regular file: not read")
    ]


def test_a_directory_is_said_to_be_one(tmp_path: Path) -> None:
    folder = tmp_path / "session.nwb"
    folder.mkdir()
    problems = build_index(folder).problems
    assert [p.kind for p in problems] == [ProblemKind.DIRECTORY]
    assert [(f.code, f.severity.value) for f in validate_nwb_file(folder).findings] == [
        ("F014", "info")
    ]


def test_symbolic_links_to_nothing_and_loops(tmp_path: Path) -> None:
    loop_a, loop_b = tmp_path / "a.nwb", tmp_path / "b.nwb"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    dangling = tmp_path / "gone.nwb"
    dangling.symlink_to(tmp_path / "missing.nwb")
    assert build_index(loop_a).problems == [
        Problem(
            ProblemKind.INACCESSIBLE,
            "/",
            f"a symbolic link loop: {loop_a} never leads to a file",
        )
    ]
    assert build_index(dangling).problems == [
        Problem(
            ProblemKind.MISSING_FILE,
            "/",
            f"a symbolic link to {tmp_path / 'missing.nwb'}, which does not exist",
        )
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_said_to_be_one(tmp_path: Path) -> None:
    path = tmp_path / "secret.nwb"
    with h5py.File(path, "w"):
        pass
    path.chmod(0)
    assert kinds(path) == [ProblemKind.INACCESSIBLE]


def test_a_user_block_before_the_superblock(tmp_path: Path) -> None:
    path = tmp_path / "userblock.nwb"
    with h5py.File(path, "w", userblock_size=1024, libver="latest") as f:
        f.attrs["nwb_version"] = "2.7.0"
    block = superblock(path)
    assert block is not None and (block.offset, block.version) == (1024, 3)
    assert not block.open_for_write and kinds(path) == []
