"""The results cache: hits, misses when the file or the rules change, what is never
stored, a damaged database rebuilt, and many processes writing at once."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import h5py
import pytest

from nwb_lsp.checking import check_paths
from nwb_lsp.checking.cache import ResultsCache, cacheable
from nwb_lsp.checking.codec import report_from_json, report_to_json
from nwb_lsp.checking.executors import LocalExecutor
from nwb_lsp.checking.identity import file_identity, rule_selection
from nwb_lsp.cli import main
from nwb_lsp.codes import load_all
from nwb_lsp.findings import (
    FileReport,
    FindingFilter,
    Inspector,
    Location,
    Range,
    Related,
    Severity,
    SpecRef,
    finding,
)
from nwb_lsp.rules import file_level
from nwb_lsp.urls import RemoteOptions

DATA = Path(__file__).resolve().parents[2] / "data"


class Counting(LocalExecutor):
    """The local pool, counting the files it was asked to check."""

    def __init__(self) -> None:
        super().__init__(1)
        self.checked: list[str] = []

    def check(
        self,
        paths: Sequence[str],
        *,
        timeout: float | None,
        filter: FindingFilter | None,
        remote: RemoteOptions | None = None,
    ) -> Iterator[tuple[int, FileReport]]:
        self.checked += paths
        yield from super().check(paths, timeout=timeout, filter=filter, remote=remote)


def _aged(path: Path) -> Path:
    """``path`` last modified a minute ago: settled, so its report may be stored."""
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


def _no_version(path: Path) -> Path:
    with h5py.File(path, "w") as f:
        f.attrs["note"] = "no nwb_version"
    return _aged(path)


def _run(
    paths: list[Path], cache: ResultsCache, flt: FindingFilter | None = None
) -> tuple[list[FileReport], list[str]]:
    counting = Counting()
    reports = check_paths(paths, filter=flt, executor=counting, cache=cache)
    return reports, counting.checked


def test_an_unchanged_file_is_not_checked_twice(tmp_path: Path) -> None:
    path = _no_version(tmp_path / "a.nwb")
    cache = ResultsCache(tmp_path / "cache")
    first, checked = _run([path], cache)
    again, checked_again = _run([path], cache)
    assert checked == [str(path)] and checked_again == []
    assert again == first
    assert "F003" in [f.code for f in again[0].findings]


def test_a_changed_file_or_rule_selection_misses(tmp_path: Path) -> None:
    path = _no_version(tmp_path / "a.nwb")
    cache = ResultsCache(tmp_path / "cache")
    _run([path], cache)
    _, checked = _run([path], cache, FindingFilter(ignore=("F003",)))
    assert checked == [str(path)]
    _aged(shutil.copy(DATA / "realistic.nwb", path))  # same name, other contents
    shutil.copy(DATA / "realistic_movie.avi", tmp_path)
    reports, checked = _run([path], cache)
    assert checked == [str(path)]
    assert reports[0].findings == ()


def test_a_file_modified_just_now_is_not_stored(tmp_path: Path) -> None:
    path = _no_version(tmp_path / "a.nwb")
    os.utime(path)  # now: a change within the same time tick would not show
    cache = ResultsCache(tmp_path / "cache")
    _run([path], cache)
    _, checked = _run([path], cache)
    assert checked == [str(path)]
    assert cache.info().entries == 0


def test_an_engine_change_misses(tmp_path: Path) -> None:
    path = _no_version(tmp_path / "a.nwb")
    _run([path], ResultsCache(tmp_path / "cache", engine="1"))
    _, checked = _run([path], ResultsCache(tmp_path / "cache", engine="2"))
    assert checked == [str(path)]


@pytest.mark.parametrize("code", ["F004", "F005", "F006", "F008", "F020", "T006"])
def test_reports_about_the_moment_are_never_stored(tmp_path: Path, code: str) -> None:
    load_all()
    report = FileReport("a.nwb", "nwb", (finding(code, "now", Location("/")),))
    cache = ResultsCache(tmp_path)
    assert not cacheable(report)
    assert not cache.put(report, "local:1", "{}")
    assert cache.get("a.nwb", "local:1", "{}") is None


def test_a_timed_out_file_is_checked_again(tmp_path: Path, hanging: Path) -> None:
    cache = ResultsCache(tmp_path / "cache")
    reports = check_paths([hanging], timeout=2, cache=cache)
    assert [f.code for f in reports[0].findings] == ["F006"]
    assert cache.info().entries == 0


def test_spec_reports_and_odd_paths_are_not_stored(tmp_path: Path) -> None:
    assert not cacheable(FileReport("ns.yaml", "spec", ()))
    fifo = tmp_path / "pipe.nwb"
    os.mkfifo(fifo)
    assert file_identity(str(fifo)) is None
    assert file_identity(str(tmp_path / "missing.nwb")) is None
    assert file_identity("https://example.org/a.nwb") is None


def test_a_report_survives_the_round_trip() -> None:
    where = Location(range=Range.of(1, 2, 3, 4), file="other.yaml")
    report = FileReport(
        "a.nwb",
        "nwb",
        (
            finding(
                file_level.CORRUPT,
                "broken ✓",
                Location("/x"),
                related=(Related(where, "see"),),
                spec=SpecRef("core", "2.7.0", "TimeSeries"),
                severity=Severity.INFO,
            ),
            replace(
                finding(file_level.CORRUPT, "a best practice", Location("/")),
                inspector=Inspector("check_subject_exists", "CRITICAL"),
            ),
        ),
    )
    assert report_from_json(report_to_json(report)) == report
    with pytest.raises(ValueError):
        report_from_json('{"path": "a"}')


def test_a_damaged_database_is_rebuilt(tmp_path: Path) -> None:
    path = _no_version(tmp_path / "a.nwb")
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "results.sqlite3").write_bytes(b"not a database at all" * 200)
    _reports, checked = _run([path], ResultsCache(folder))
    assert checked == [str(path)]
    _, checked = _run([path], ResultsCache(folder))
    assert checked == []
    with sqlite3.connect(folder / "results.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_cli_survives_a_damaged_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _no_version(tmp_path / "a.nwb")
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "results.sqlite3").write_bytes(os.urandom(8192))
    assert main(["check", "-q", "--cache-dir", str(folder), str(path)]) == 1
    assert main(["check", "-q", "--cache-dir", str(folder), str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count("F003") == 2
    assert main(["cache", "info", "--cache-dir", str(folder)]) == 0
    assert "entries: 1" in capsys.readouterr().out
    assert main(["cache", "clear", "--cache-dir", str(folder)]) == 0
    assert "1 stored report(s) removed" in capsys.readouterr().out
    assert ResultsCache(folder).info().entries == 0


def test_an_unwritable_folder_costs_only_the_caching(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    cache = ResultsCache(blocker / "cache")
    report = FileReport("a.nwb", "nwb", ())
    assert not cache.put(report, "local:1", "{}")
    assert cache.get("a.nwb", "local:1", "{}") is None


WRITER = """
import sys
from pathlib import Path
from nwb_lsp.checking.cache import ResultsCache
from nwb_lsp.checking.identity import rule_selection
from nwb_lsp.findings import FileReport
folder, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
cache = ResultsCache(folder, engine="test")
for i in range(count):
    report = FileReport(f"{worker}-{i}.nwb", "nwb", ())
    assert cache.put(report, f"local:{i}", rule_selection(None)), i
cache.close()
"""


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    # processes of their own (no import of this test module, which an installed,
    # non-editable nwb-lsp cannot give a spawned child)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(w), "150"])
        for w in range(4)
    ]
    assert [p.wait(timeout=120) for p in writers] == [0, 0, 0, 0]
    cache = ResultsCache(tmp_path, engine="test")
    assert cache.info().entries == 600
    assert cache.get("3-149.nwb", "local:149", "{}") == FileReport("3-149.nwb", "nwb")


def test_best_practice_settings_are_part_of_the_rule_selection() -> None:
    """A report made without best practices is not served to a run that asks for
    them, nor one made under another configuration or threshold."""
    plain = rule_selection(FindingFilter())
    variants = [
        FindingFilter(best_practices=True),
        FindingFilter(best_practices=True, importance={"B101": "CRITICAL"}),
        FindingFilter(best_practices=True, threshold=Severity.WARNING),
    ]
    keys = {plain, *(rule_selection(f) for f in variants)}
    assert len(keys) == 1 + len(variants)
