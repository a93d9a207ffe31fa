"""Type catalogs from cached specs, YAML on disk and the installed core."""

from __future__ import annotations

from pathlib import Path

import yaml

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.schema.catalog import catalog_for_index, catalog_for_namespace_file

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def test_file_specs_at_the_version_the_file_uses(data_dir: Path) -> None:
    catalog = catalog_for_index(
        build_index(CORPUS / "2.1.0_nwbfile_with_extension.nwb")
    )
    assert catalog.findings == []
    assert catalog.spec_set.namespaces["core"].version == "2.5.0"
    assert catalog.ancestors("TimeSeriesWithID")[:2] == [
        "TimeSeries",
        "NWBDataInterface",
    ]
    assert catalog.is_a("TimeSeriesWithID", "TimeSeries")
    assert catalog.get("TimeSeriesWithID", "ndx-testextension") is not None
    assert catalog.get("TimeSeriesWithID", "core") is None
    resolved = catalog.resolved("TimeSeriesWithID")
    assert {a["name"] for a in resolved["attributes"]} >= {"id", "description"}
    assert "data" in {d.get("name") for d in resolved["datasets"]}


def test_specless_file_uses_the_released_core_of_its_version() -> None:
    catalog = catalog_for_index(build_index(CORPUS / "1.0.2_nwbfile.nwb"))
    assert [f.code for f in catalog.findings] == ["S004"]
    assert catalog.findings[0].location.hdf5_path == "/"
    assert "validated against NWB core 2.0.1" in catalog.findings[0].message
    assert catalog.spec_set.namespaces["core"].version == "2.0.1"
    assert catalog.is_a("ElectricalSeries", "TimeSeries")


def _write_ns(folder: Path, types: list[dict[str, object]], imports: list[str]) -> Path:
    (folder / "ext.types.yaml").write_text(yaml.safe_dump({"groups": types}))
    schema = [{"namespace": n} for n in imports] + [{"source": "ext.types.yaml"}]
    ns = {"namespaces": [{"name": "ndx-x", "version": "0.1.0", "schema": schema}]}
    path = folder / "ndx-x.namespace.yaml"
    path.write_text(yaml.safe_dump(ns))
    return path


def test_yaml_on_disk_with_core_import_cycles_and_unknown_parents(
    tmp_path: Path,
) -> None:
    path = _write_ns(
        tmp_path,
        [
            {"neurodata_type_def": "A", "neurodata_type_inc": "TimeSeries", "doc": "a"},
            {"neurodata_type_def": "B", "neurodata_type_inc": "C", "doc": "b"},
            {"neurodata_type_def": "C", "neurodata_type_inc": "B", "doc": "c"},
            {"neurodata_type_def": "D", "neurodata_type_inc": "Nope", "doc": "d"},
        ],
        ["core", "ndx-missing"],
    )
    catalog = catalog_for_namespace_file(path)
    assert catalog.is_a("A", "NWBDataInterface")
    codes = sorted(f.code for f in catalog.findings)
    assert codes == ["S001", "S002", "S003", "S003"]
    messages = " ".join(f.message for f in catalog.findings)
    assert "ndx-missing" in messages and "extends Nope" in messages


def test_content_hash_changes_with_specs(tmp_path: Path) -> None:
    one = tmp_path / "one"
    two = tmp_path / "two"
    one.mkdir()
    two.mkdir()
    base = {"neurodata_type_def": "A", "neurodata_type_inc": "TimeSeries", "doc": "a"}
    h1 = catalog_for_namespace_file(_write_ns(one, [base], ["core"])).content_hash
    h2 = catalog_for_namespace_file(_write_ns(two, [base], ["core"])).content_hash
    edited = {**base, "doc": "edited"}
    h3 = catalog_for_namespace_file(_write_ns(two, [edited], ["core"])).content_hash
    assert h1 == h2 != h3
