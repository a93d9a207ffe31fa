"""Date-times must be extended ISO 8601 with a ``T`` and a timezone (pynwb)."""

from __future__ import annotations

import h5py
import numpy as np
import pytest

from nwb_lsp.schema.shapes import datetime_problem

from .conftest import Edited

CLEAN = "realistic.nwb"


@pytest.mark.parametrize(
    "text",
    [
        "2018-04-26T12:00:00+02:00",
        "2018-04-26T12:00:00.123456-05:00",
        "2018-04-26T12:00:00Z",
        "2018-04-26T12:00Z",
        "2018-04-26T12:00:00+0200",
    ],
)
def test_accepted(text: str) -> None:
    assert datetime_problem(text) is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2018-04-26 12:00:00+02:00", "not an ISO 8601"),
        ("2018-04-26T12:00:00", "no timezone"),
        ("2018-04-26", "no timezone"),
        ("20180917T141601", "not an ISO 8601"),
        ("2018-13-01T00:00:00Z", "not an ISO 8601"),
        ("yesterday", "not an ISO 8601"),
    ],
)
def test_rejected(text: str, why: str) -> None:
    problem = datetime_problem(text)
    assert problem is not None and why in problem


def _set_scalar(f: h5py.File, path: str, text: str) -> None:
    del f[path]
    f.create_dataset(path, data=text, dtype=h5py.string_dtype())


@pytest.mark.parametrize(
    ("path", "text", "why"),
    [
        ("/session_start_time", "2018-04-26 12:00:00+00:00", "not an ISO 8601"),
        ("/session_start_time", "2018-04-26T12:00:00", "no timezone"),
        ("/timestamps_reference_time", "2018-04-26T12:00:00", "no timezone"),
    ],
)
def test_scalar_datasets(edited: Edited, path: str, text: str, why: str) -> None:
    findings = edited(CLEAN, lambda f: _set_scalar(f, path, text))
    found = [(f.location.hdf5_path, why in f.message) for f in findings]
    assert [f.code for f in findings] == ["M023"]
    assert found == [(path, True)]


def test_file_create_date_array(edited: Edited) -> None:
    def edit(f: h5py.File) -> None:
        del f["/file_create_date"]
        values = np.array(["2020-01-01T00:00:00+00:00", "2020-01-02 00:00:00"], "O")
        f.create_dataset(
            "/file_create_date",
            data=values,
            dtype=h5py.string_dtype(),
            maxshape=(None,),
        )

    findings = edited(CLEAN, edit)
    assert [(f.code, f.location.hdf5_path) for f in findings] == [
        ("M023", "/file_create_date")
    ]
    assert "'2020-01-02 00:00:00' is not an ISO 8601" in findings[0].message
