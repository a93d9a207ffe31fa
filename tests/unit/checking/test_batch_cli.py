"""``check --from-file``: paths from a list, reported in the list's order; the new
options' usage errors are one line."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import h5py
import pytest

from nwb_lsp.cli import main
from nwb_lsp.cli.batch import read_list

DATA = Path(__file__).resolve().parents[2] / "data"


def _files(folder: Path) -> list[Path]:
    shutil.copy(DATA / "realistic.nwb", folder / "a.nwb")
    shutil.copy(DATA / "realistic_movie.avi", folder)
    (folder / "b.nwb").write_bytes(b"not HDF5")
    with h5py.File(folder / "c.nwb", "w") as f:
        f.attrs["note"] = "no version"
    return [folder / "c.nwb", folder / "a.nwb", folder / "b.nwb"]


def test_a_list_is_read_without_comments_and_blank_lines() -> None:
    text = "# assets of a dandiset\n\n  sub-1/a.nwb  \n#sub-2/b.nwb\nc.nwb\n"
    assert read_list(io.StringIO(text)) == ["sub-1/a.nwb", "c.nwb"]


def test_listed_files_are_reported_in_the_lists_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    order = _files(tmp_path)
    listing = tmp_path / "assets.txt"
    listing.write_text("# newest first\n" + "\n".join(map(str, order)) + "\n\n")
    options = ["--no-cache", "-j", "2", "--format", "json"]
    code = main(["check", *options, "--from-file", str(listing)])
    assert code == 1
    files = json.loads(capsys.readouterr().out)["files"]
    assert [r["path"] for r in files] == [str(p) for p in order]
    assert [[f["code"] for f in r["findings"]][:1] for r in files] == [
        ["F003"],
        [],
        ["F001"],
    ]


def test_a_missing_list_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--from-file", str(tmp_path / "none.txt")]) == 2
    err = capsys.readouterr().err
    assert err == f"nwb-lsp check: error: {tmp_path / 'none.txt'}: no such file\n"


def test_no_paths_at_all_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    assert main(["check", "--from-file", str(empty)]) == 2
    assert "no paths given" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["local:0", "local:x"])
def test_a_bad_local_cluster_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    pytest.importorskip("distributed")
    (tmp_path / "a.nwb").write_bytes(b"x")
    assert main(["check", "--scheduler", value, str(tmp_path / "a.nwb")]) == 2
    assert "expected local or local:N" in capsys.readouterr().err
