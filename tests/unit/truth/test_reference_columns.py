"""Datasets of object references (table columns, compound fields) point at objects of
the type their spec declares, as reference attributes already must."""

from __future__ import annotations

import h5py

from .conftest import Edited

ELECTRODES = "/general/extracellular_ephys/electrodes"


def test_electrodes_group_column_must_reference_electrode_groups(
    edited: Edited,
) -> None:
    def edit(f: h5py.File) -> None:
        column = f[f"{ELECTRODES}/group"]
        column[1] = f["/general/devices/probe"].ref

    findings = [f for f in edited("realistic.nwb", edit) if f.code == "G005"]
    assert [
        (f.location.hdf5_path, f.related[0].location.hdf5_path) for f in findings
    ] == [(f"{ELECTRODES}/group", "/general/devices/probe")]
    assert "must reference a ElectrodeGroup" in findings[0].message
    assert "is Device" in findings[0].message


def test_a_column_of_the_right_type_is_clean(edited: Edited) -> None:
    def edit(f: h5py.File) -> None:
        column = f[f"{ELECTRODES}/group"]
        column[1] = column[0]

    assert [f.code for f in edited("realistic.nwb", edit)] == []
