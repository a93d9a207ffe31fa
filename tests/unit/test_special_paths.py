"""Paths that are not plain NWB files, through ``nwb-lsp check`` in a real process.

A directory named ``*.nwb`` is walked like any directory and its report says it is
one; a FIFO is refused at once (opening it would block); a symbolic link loop is
called a loop, not a missing file. The language server checks the paths its
workspace scan finds (``**/*.nwb``) with the same function, so it reports the same.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any


def check(*paths: Path) -> tuple[int, dict[str, list[tuple[str, str]]]]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "nwb_lsp",
            "check",
            "--format",
            "json",
            "--timeout",
            "60",
        ]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    return proc.returncode, {
        Path(f["path"]).name: [(x["code"], x["message"]) for x in f["findings"]]
        for f in report["files"]
    }


def test_a_directory_named_like_an_nwb_file_is_walked_and_reported(
    data_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "session.nwb"
    folder.mkdir()
    shutil.copy(data_dir / "realistic.nwb", folder / "inside.nwb")
    shutil.copy(data_dir / "realistic_movie.avi", folder / "realistic_movie.avi")
    code, files = check(folder)
    assert code == 0
    assert files == {
        "session.nwb": [
            (
                "F014",
                "a directory, not an NWB file: the NWB files inside it are checked "
                "as files of their own",
            )
        ],
        "inside.nwb": [],
    }


def test_fifos_and_link_loops_are_named_not_hung_on(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.mkfifo(folder / "pipe.nwb")
    (folder / "a.nwb").symlink_to(folder / "b.nwb")
    (folder / "b.nwb").symlink_to(folder / "a.nwb")
    code, files = check(folder, folder / "a.nwb")
    assert code == 1
    assert [c for c, _ in files["pipe.nwb"]] == ["F012"]
    assert files["a.nwb"] == [
        ("F013", f"a symbolic link loop: {folder / 'a.nwb'} never leads to a file")
    ]
    assert [c for c, _ in files["b.nwb"]] == ["F013"]
