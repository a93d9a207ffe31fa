"""Types defined inside other types, at any depth (``neurodata_type_def`` nested).

Core 2.0-2.1 defines ``Device`` inside NWBFile's untyped ``general/devices`` and
``Subject`` inside ``general``; extensions nest definitions too. Each is a type of its
namespace: known to the catalog, counted by quantities, modelled.
"""

from __future__ import annotations

import h5py

from nwb_lsp.schema.catalog import TypeCatalog, entry_type
from nwb_lsp.schema.namespaces import Namespace, SpecSet

from .conftest import Edited, codes, typed_group

OLD_CORE = "corpus/1.1.2_nwbfile.nwb"  # pynwb 1.1.2, core 2.1.0 cached


def test_nested_definitions_of_core_2_1_are_known(edited: Edited) -> None:
    def edit(f: h5py.File) -> None:
        typed_group(f, "/general/devices/amp", "Device")
        subject = typed_group(f, "/general/subject", "Subject")
        subject.create_dataset("species", data="Mus musculus")

    assert codes(edited(OLD_CORE, edit)) == set()


def test_quantity_of_a_nested_definition_counts_its_type(edited: Edited) -> None:
    # general/devices asks for one or more Device groups ('+').
    findings = edited(OLD_CORE, lambda f: f.require_group("/general/devices"))
    too_few = [f for f in findings if f.code == "M011"]
    assert [(f.location.hdf5_path, "1 Device" in f.message) for f in too_few] == [
        ("/general/devices", True)
    ]


def test_a_sibling_type_does_not_satisfy_a_nested_definition(edited: Edited) -> None:
    # An NWBContainer that is not a Device does not count as one.
    findings = edited(
        OLD_CORE,
        lambda f: typed_group(f, "/general/devices/thing", "NWBContainer"),
    )
    assert ("M011", "/general/devices") in codes(findings)


def _nested_spec() -> SpecSet:
    doc = {
        "groups": [
            {
                "neurodata_type_def": "Outer",
                "neurodata_type_inc": "Container",
                "groups": [
                    {
                        "name": "untyped",
                        "groups": [
                            {
                                "name": "deeper",
                                "datasets": [
                                    {
                                        "neurodata_type_def": "Inner",
                                        "dtype": "int",
                                        "quantity": "*",
                                    }
                                ],
                            }
                        ],
                    }
                ],
            },
            {"data_type_def": "Container"},
        ]
    }
    ns = Namespace("ndx-nested", "0.1.0", sources=[("ndx-nested.ext", doc)])
    return SpecSet(namespaces={"ndx-nested": ns})


def test_catalog_collects_definitions_under_untyped_groups_at_any_depth() -> None:
    catalog = TypeCatalog.build(_nested_spec())
    inner = catalog.get("Inner")
    assert inner is not None and inner.kind == "dataset"
    assert inner.namespace == "ndx-nested"
    assert catalog.ancestors("Outer") == ["Container"]


def test_entry_type_prefers_the_definition() -> None:
    assert entry_type({"neurodata_type_def": "A", "neurodata_type_inc": "B"}) == "A"
    assert entry_type({"data_type_inc": "B"}) == "B"
    assert entry_type({"name": "x"}) is None
