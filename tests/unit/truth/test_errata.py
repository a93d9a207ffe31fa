"""Known errata of published schemas get their own code (M026), still an error."""

from __future__ import annotations

import h5py
import numpy as np

from nwb_lsp.rules.errata import ERRATA

from .conftest import Edited, typed_group

OLD_CORE = "corpus/1.1.2_nwbfile.nwb"  # pynwb 1.1.2, core 2.1.0 cached
ELECTRODES = "/general/extracellular_ephys/electrodes"


def _column(f: h5py.File, name: str, data: object, **kw: object) -> None:
    column = f.create_dataset(f"{ELECTRODES}/{name}", data=data, **kw)
    column.attrs.update(
        {"neurodata_type": "VectorData", "namespace": "core", "description": name}
    )


def _electrodes_with_text_filtering(f: h5py.File) -> None:
    table = typed_group(f, ELECTRODES, "DynamicTable")
    table.attrs["description"] = "electrodes"
    table.attrs["colnames"] = np.array(["filtering"], dtype=object)
    ids = f.create_dataset(f"{ELECTRODES}/id", data=np.arange(2))
    ids.attrs.update({"neurodata_type": "ElementIdentifiers", "namespace": "core"})
    _column(f, "filtering", ["none", "none"], dtype=h5py.string_dtype())


def test_text_filtering_under_core_2_1_is_the_known_erratum(edited: Edited) -> None:
    findings = edited(OLD_CORE, _electrodes_with_text_filtering)
    at_filtering = [
        f for f in findings if f.location.hdf5_path == f"{ELECTRODES}/filtering"
    ]
    assert [(f.code, f.severity.value) for f in at_filtering] == [("M026", "error")]
    message = at_filtering[0].message
    assert "known erratum" in message and "fixed in core 2.4.0" in message
    assert "nwb-schema/pull/478" in message


def test_the_same_dtype_problem_elsewhere_is_a_plain_m020(edited: Edited) -> None:
    def edit(f: h5py.File) -> None:
        _electrodes_with_text_filtering(f)
        _column(f, "x", ["a", "b"], dtype=h5py.string_dtype())

    codes = {(f.code, f.location.hdf5_path) for f in edited(OLD_CORE, edit)}
    assert ("M020", f"{ELECTRODES}/x") in codes


def test_every_erratum_cites_a_source() -> None:
    assert ERRATA and all(e.source.startswith("https://") for e in ERRATA)
