"""Damaged files: what cannot be read is a finding at that object, never a crash.

Each test damages a small file written with pynwb in one way — a corrupt chunk, a
name or a text that is not UTF-8, a damaged cached spec — and checks the finding at
the object concerned, and that the rest of the file is still checked (a ``T003`` on
another series is still found).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np
import pytest
from hdmf.backends.hdf5 import H5DataIO
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.image import ImageSeries

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.hdf5.records import Problem, ProblemKind
from nwb_lsp.hdf5.values import ValueReader
from nwb_lsp.validate import validate_nwb_file

BACKWARDS = ("T003", "/acquisition/backwards/timestamps")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A series with compressed timestamps, one with decreasing timestamps (T003),
    an ImageSeries with an external file, trials with a ragged column."""
    nwb = NWBFile(
        session_description="damaged files",
        identifier="damaged",
        session_start_time=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
    )
    stamps = H5DataIO(np.arange(100.0), compression="gzip", chunks=(50,))
    nwb.add_acquisition(
        TimeSeries(name="ts", data=np.arange(100.0), unit="m", timestamps=stamps)
    )
    nwb.add_acquisition(
        TimeSeries(name="backwards", data=[1.0, 2.0], unit="m", timestamps=[1.0, 0.0])
    )
    nwb.add_acquisition(
        ImageSeries(
            name="movie",
            external_file=["movie.avi"],
            format="external",
            starting_frame=[0],
            timestamps=[0.0],
            unit="n/a",
        )
    )
    nwb.add_trial_column(name="tags_per_trial", description="ragged", index=True)
    nwb.add_trial(start_time=0.0, stop_time=1.0, tags_per_trial=["a", "b"])
    path = tmp_path_factory.mktemp("damaged") / "base.nwb"
    with NWBHDF5IO(path, "w") as io:
        io.write(nwb)
    (path.parent / "movie.avi").write_bytes(b"")
    return path


Damage = Callable[[Callable[[h5py.File], None]], Path]


@pytest.fixture()
def damage(base: Path, tmp_path: Path) -> Damage:
    """A copy of the base file, edited with h5py."""

    def run(edit: Callable[[h5py.File], None]) -> Path:
        path = tmp_path / "damaged.nwb"
        shutil.copy(base, path)
        shutil.copy(base.parent / "movie.avi", tmp_path / "movie.avi")
        with h5py.File(path, "a") as f:
            edit(f)
        return path

    return run


def found(path: Path) -> list[tuple[str, str, str]]:
    report = validate_nwb_file(path)
    return [(f.code, f.location.hdf5_path or "", f.message) for f in report.findings]


def codes_at(path: Path) -> list[tuple[str, str]]:
    return [(code, where) for code, where, _ in found(path)]


def zero_first_chunk(path: Path, dataset: str) -> None:
    with h5py.File(path, "r") as f:
        chunk = f[dataset].id.get_chunk_info(0)
    with path.open("r+b") as fh:
        fh.seek(chunk.byte_offset)
        fh.write(b"\0" * chunk.size)


def test_base_file_is_clean_but_for_its_decreasing_timestamps(base: Path) -> None:
    assert codes_at(base) == [BACKWARDS]


def unchanged(f: h5py.File) -> None:
    """No edit: a plain copy, to damage byte by byte."""


def test_a_corrupt_chunk_is_one_finding_at_its_dataset(damage: Damage) -> None:
    path = damage(unchanged)
    zero_first_chunk(path, "acquisition/ts/timestamps")
    findings = found(path)
    assert [(c, w) for c, w, _ in findings] == [
        BACKWARDS,
        ("H003", "/acquisition/ts/timestamps"),
    ]
    assert "filter returned failure" in findings[1][2]


def test_value_reader_records_a_failure_once_and_answers_unknown(
    damage: Damage,
) -> None:
    path = damage(unchanged)
    zero_first_chunk(path, "acquisition/ts/timestamps")
    where = "/acquisition/ts/timestamps"
    with ValueReader(path) as values:
        assert values.summary(where) is None
        assert values.first_duplicate(where) is None
        assert values.summary("/acquisition/backwards/timestamps") is not None
    assert [(p.kind, p.path) for p in values.problems] == [
        (ProblemKind.UNREADABLE_VALUES, where)
    ]


def test_text_that_is_not_utf8_is_a_finding_and_kept_escaped(damage: Damage) -> None:
    def edit(f: h5py.File) -> None:
        files = f["acquisition/movie/external_file"]
        files[0] = b"movie\xff.avi"

    findings = found(damage(edit))
    where = "/acquisition/movie/external_file"
    assert (
        "H005",
        where,
        "the dataset holds text that is not UTF-8: 'movie\\xff.avi'",
    ) in findings
    t006 = [m for c, w, m in findings if (c, w) == ("T006", where)]
    assert len(t006) == 1 and "'movie\\xff.avi' does not exist" in t006[0]
    assert BACKWARDS in [(c, w) for c, w, _ in findings]


def _bad_group(f: h5py.File) -> None:
    """Move the decreasing series under a name that is not UTF-8."""
    f.id.links.create_hard(b"acquisition/back\xffwards", f.id, b"acquisition/backwards")
    del f["acquisition/backwards"]


def test_a_link_name_that_is_not_utf8_is_indexed_and_reported(
    damage: Damage,
) -> None:
    path = damage(_bad_group)
    where = "/acquisition/back\\xffwards"
    index = build_index(path)
    assert index.problems == [
        Problem(
            ProblemKind.INVALID_NAME, where, f"the name '{where[13:]}' is not UTF-8"
        )
    ]
    assert index.objects[where].neurodata_type == "TimeSeries"
    assert index.raw_path(f"{where}/timestamps") == (
        b"/acquisition/back\xffwards/timestamps"
    )
    # its values are read through the stored name: the rule still sees them
    assert codes_at(path) == [
        ("H004", where),
        ("T003", f"{where}/timestamps"),
    ]


def test_attribute_names_and_text_that_are_not_utf8(damage: Damage) -> None:
    def edit(f: h5py.File) -> None:
        ts = f["acquisition/ts"]
        space = h5py.h5s.create(h5py.h5s.SCALAR)
        h5py.h5a.create(ts.id, b"bad\xfe", h5py.h5t.NATIVE_INT32, space)
        ts.attrs.create("note", b"caf\xe9", dtype=h5py.string_dtype("utf-8"))

    path = damage(edit)
    index = build_index(path)
    ts = index.objects["/acquisition/ts"]
    assert ts.attrs["bad\\xfe"] == 0 and ts.attrs["note"] == "caf\\xe9"
    assert [(p.kind, p.path, p.message) for p in index.problems] == [
        (
            ProblemKind.INVALID_NAME,
            "/acquisition/ts",
            "the attribute name 'bad\\xfe' is not UTF-8",
        ),
        (
            ProblemKind.INVALID_TEXT,
            "/acquisition/ts",
            "attribute 'note' holds text that is not UTF-8: 'caf\\xe9'",
        ),
    ]
    assert ("H004", "/acquisition/ts") in codes_at(path)


def test_soft_link_to_a_name_that_is_not_utf8_resolves(damage: Damage) -> None:
    def edit(f: h5py.File) -> None:
        _bad_group(f)
        f.id.links.create_soft(b"alias", b"/acquisition/back\xffwards")

    index = build_index(damage(edit))
    link = index.objects["/alias"].link
    assert link is not None and link.target_exists
    assert link.target_path == "/acquisition/back\\xffwards"


def break_vlen_heap_address(path: Path, dataset: str) -> None:
    """Point a contiguous scalar variable-length string at no heap collection."""
    with h5py.File(path, "r") as f:
        offset = f[dataset].id.get_offset()
    with path.open("r+b") as fh:
        fh.seek(offset + 4)  # after the string's length: the collection's address
        fh.write(b"\xff" * 8)


def test_a_damaged_cached_spec_is_a_finding_and_the_rest_is_read(
    damage: Damage,
) -> None:
    source = "/specifications/core/{}/extra"

    def edit(f: h5py.File) -> None:
        nonlocal source
        source = source.format(next(iter(f["specifications/core"])))
        f.create_dataset(source, data='{"groups": []}', dtype=h5py.string_dtype())

    path = damage(edit)
    break_vlen_heap_address(path, source)
    index = build_index(path)
    assert [(p.kind, p.path) for p in index.problems] == [
        (ProblemKind.UNREADABLE_VALUES, source)
    ]
    version = source.split("/")[3]
    assert "namespace" in index.specs["core"][version]
    assert "extra" not in index.specs["core"][version]
    assert ("H003", source) in codes_at(path)


def test_a_summary_of_no_numbers_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "values.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("text", data=["a", "b"], dtype=h5py.string_dtype())
        f.create_dataset("no_columns", shape=(5, 0), dtype="i8")
        f.create_dataset("empty", shape=(0,), dtype="i8")
        f.create_dataset("numbers", data=[3, 1, 2])
    with ValueReader(path) as values:
        assert values.summary("/text") is None
        assert values.summary("/no_columns") is None
        empty = values.summary("/empty")
        assert empty is not None and (empty.length, empty.maximum) == (0, None)
        numbers = values.summary("/numbers")
        assert numbers is not None
        assert (numbers.maximum, numbers.first_decrease) == (3.0, 1)
    assert values.problems == []


def test_a_vector_index_of_text_is_checked_without_failing(damage: Damage) -> None:
    # the trials' ragged column's index made text: its values are no numbers
    def edit(f: h5py.File) -> None:
        where = "intervals/trials/tags_per_trial_index"
        attrs = dict(f[where].attrs)  # the target column among them
        del f[where]
        text = f.create_dataset(where, data=["2"], dtype=h5py.string_dtype())
        text.attrs.update(attrs)

    assert "F008" not in [code for code, _ in codes_at(damage(edit))]


def test_rows_not_stored_are_one_run_of_the_fill_value(tmp_path: Path) -> None:
    # an extent of ten billion rows, two chunks written: reading row by row would
    # take hours; the rows not stored read as the fill value
    path = tmp_path / "sparse.h5"
    with h5py.File(path, "w") as f:
        stamps = f.create_dataset(
            "stamps", shape=(10**10,), maxshape=(None,), chunks=(4,), dtype="f8"
        )
        stamps[:4] = [1.0, 2.0, 3.0, 4.0]
        stamps[8:12] = [9.0, 10.0, 11.0, 12.0]
        ids = f.create_dataset("ids", shape=(10**10,), chunks=(4,), dtype="i8")
        ids[:4] = [5, 6, 7, 8]
        refs = f.create_dataset(
            "refs", shape=(10**10,), chunks=(4,), dtype=h5py.ref_dtype
        )
        refs[:2] = [f["stamps"].ref, f["ids"].ref]
    with ValueReader(path) as values:
        summary = values.summary("/stamps")
        assert summary is not None
        assert (summary.length, summary.minimum, summary.maximum) == (10**10, 0.0, 12.0)
        assert (summary.first_decrease, summary.last) == (4, 0.0)  # the gap's fill
        assert values.first_duplicate("/ids") == 0
    index = build_index(path)
    nulls = [r for r in index.references if r.source == "/refs" and r.target is None]
    assert [r.count for r in nulls] == [10**10 - 2]


def test_a_cached_spec_that_is_neither_json_nor_yaml_stays_text(
    damage: Damage,
) -> None:
    # PyYAML raises ValueError, not a YAMLError, on a date with a 13th month
    source = "/specifications/core/{}/odd"

    def edit(f: h5py.File) -> None:
        nonlocal source
        source = source.format(next(iter(f["specifications/core"])))
        f.create_dataset(source, data="a: 2001-13-45", dtype=h5py.string_dtype())

    index = build_index(damage(edit))
    version = source.split("/")[3]
    assert index.specs["core"][version]["odd"] == "a: 2001-13-45"
    assert index.problems == []
