"""The released core and hdmf-common schemas shipped with nwb-lsp, and which one a
file that carries no specs is validated against."""

from __future__ import annotations

import glob
import json
import shutil
from pathlib import Path

import h5py
import pytest

from nwb_lsp.hdf5.index import build_index
from nwb_lsp.schema.catalog import TypeCatalog, catalog_for_index
from nwb_lsp.schema.linkml import to_linkml
from nwb_lsp.schema.namespaces import from_namespace_files
from nwb_lsp.schema.released import (
    DATA,
    Release,
    not_on_pypi,
    released_namespace,
    released_spec_files,
    releases,
    shipped,
)
from nwb_lsp.spec import check_spec_files
from nwb_lsp.validate import validate_nwb_file

CORPUS = Path(__file__).parents[2] / "data" / "corpus"
ROOT = Path(__file__).parents[3]
CORES = [
    "2.0.0", "2.0.1", "2.0.2", "2.1.0", "2.2.2", "2.2.4", "2.2.5", "2.3.0", "2.4.0",
    "2.5.0", "2.6.0-alpha", "2.7.0", "2.8.0", "2.9.0", "2.10.0", "2.11.0",
]  # fmt: skip
COMMONS = [
    "1.0.0", "1.1.0", "1.1.2", "1.1.3", "1.2.0", "1.3.0", "1.5.0", "1.5.1", "1.6.0",
    "1.7.0", "1.8.0", "1.9.0", "1.10.0",
]  # fmt: skip
# core -> the hdmf-common it was published with (cores before 2.2 import none)
PAIRED = {
    "2.2.2": "1.1.3",
    "2.2.4": "1.1.3",
    "2.2.5": "1.1.3",
    "2.3.0": "1.5.0",
    "2.4.0": "1.5.0",
    "2.5.0": "1.5.1",
    "2.6.0-alpha": "1.5.1",
    "2.7.0": "1.8.0",
    "2.8.0": "1.8.0",
    "2.9.0": "1.8.0",
    "2.10.0": "1.9.0",
    "2.11.0": "1.10.0",
}


def test_every_release_on_pypi_ships_with_its_provenance() -> None:
    assert list(shipped("core")) == CORES
    assert list(shipped("hdmf-common")) == COMMONS
    assert list(shipped("hdmf-experimental")) == [f"0.{n}.0" for n in range(1, 7)]
    assert sorted(not_on_pypi("core")) == ["2.2.0", "2.2.1", "2.2.3", "2.6.0"]
    assert sorted(not_on_pypi("hdmf-common")) == ["1.1.1", "1.2.1", "1.4.0"]
    manifest = json.loads((DATA / "releases.json").read_text(encoding="utf-8"))
    for entry, release in zip(manifest["releases"], releases(), strict=True):
        assert sorted(p.name for p in release.folder.iterdir()) == sorted(
            entry["files"]
        )
        assert release.source["package"] in ("pynwb", "hdmf")
        assert len(release.source["sha256"]) == 64
    for name in ("LICENSE-nwb-schema.txt", "LICENSE-hdmf-common-schema.txt"):
        assert "Redistribution and use" in (DATA / name).read_text(encoding="utf-8")


def test_package_data_globs_take_every_released_file_into_the_wheel() -> None:
    # setuptools expands package-data globs like glob(recursive=True) under the
    # package; a file no pattern takes is silently left out of the wheel. The
    # checkout's copy: under CI the package itself is imported from site-packages.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package = ROOT / "server" / "nwb_lsp"
    patterns = config["tool"]["setuptools"]["package-data"]["nwb_lsp"]
    taken = {
        Path(p)
        for pattern in patterns
        for p in glob.glob(str(package / pattern), recursive=True)
    }
    released = package / "schema" / "released"
    shipped_files = {p for p in released.rglob("*") if p.is_file()}
    assert len(shipped_files) == 272
    assert shipped_files - taken == set()


@pytest.mark.parametrize("version", CORES)
def test_every_shipped_core_loads_with_no_schema_findings(version: str) -> None:
    choice = released_spec_files(version)
    assert (choice.core_version, choice.exact) == (version, True)
    catalog = TypeCatalog.build(
        from_namespace_files(choice.namespace_files.values(), "released")
    )
    _, untranslatable = to_linkml(catalog)
    assert catalog.findings + untranslatable == []
    namespaces = catalog.spec_set.namespaces
    assert namespaces["core"].version == version
    assert {ns.origin for ns in namespaces.values()} == {"released"}
    common = namespaces.get("hdmf-common")
    assert (common.version if common else None) == PAIRED.get(version)
    assert catalog.is_a("ElectricalSeries", "TimeSeries")


@pytest.mark.parametrize("version", COMMONS)
def test_every_shipped_hdmf_common_loads_with_no_schema_findings(version: str) -> None:
    path = released_namespace("hdmf-common", version)
    assert path is not None and path.parent.name == version
    catalog = TypeCatalog.build(from_namespace_files([path], "released"))
    _, untranslatable = to_linkml(catalog)
    assert catalog.findings + untranslatable == []
    assert catalog.is_a("VectorIndex", "Data")


# Spec-language errata of the published schemas, each fixed by a later release:
# TwoPhotonSeries.field_of_view's 'required' key (dropped in 2.2.0) and its flat
# dims against nested shapes (2.2.5); SpikeEventSeries.data's 3-D shape that
# ElectricalSeries did not allow (2.0.1 added the layout).
FIELD_OF_VIEW = [
    ("nwb.ophys.yaml", "Y002", "'required' is not a key of a dataset"),
    ("nwb.ophys.yaml", "Y010", "dims and shape must have the same nesting"),
]
ERRATA = {
    "2.0.0": [
        ("nwb.ecephys.yaml", "Y018", "shape [null, null, null] fits none of the"),
        *FIELD_OF_VIEW,
    ],
    "2.0.1": FIELD_OF_VIEW,
    "2.0.2": FIELD_OF_VIEW,
    "2.1.0": FIELD_OF_VIEW,
    "2.2.2": FIELD_OF_VIEW[1:],
    "2.2.4": FIELD_OF_VIEW[1:],
}


@pytest.mark.parametrize(
    "release", releases(), ids=lambda r: f"{r.folder.parent.name}-{r.folder.name}"
)
def test_shipped_yaml_passes_the_spec_checker_but_for_published_errata(
    release: Release,
) -> None:
    reports = check_spec_files(sorted(release.folder.glob("*.yaml")), pipeline=False)
    found = sorted(
        (Path(report.path).name, f.code, f.message)
        for report in reports
        for f in report.findings
    )
    expected = ERRATA.get(release.namespaces.get("core", ""), [])
    assert [(name, code) for name, code, _ in found] == [
        (name, code) for name, code, _ in sorted(expected)
    ]
    for (_, _, message), (_, _, fragment) in zip(found, sorted(expected), strict=True):
        assert fragment in message


@pytest.mark.parametrize(
    ("nwb_version", "core", "exact", "note"),
    [
        ("2.1.0", "2.1.0", True, "(the version of its nwb_version attribute)"),
        (" 2.5.0 ", "2.5.0", True, "(the version of its nwb_version attribute)"),
        ("2.6.0-alpha", "2.6.0-alpha", True, "its nwb_version attribute"),
        ("2.0b", "2.0.1", False, "pynwb 1.0.0-1.0.2 wrote nwb_version '2.0b'"),
        ("2.0.0b", "2.0.0", False, "nwb_version '2.0.0b' is a pre-release of 2.0.0"),
        ("2.7.0-alpha", "2.7.0", False, "'2.7.0-alpha' is a pre-release of 2.7.0"),
        ("2.6.0", "2.6.0-alpha", False, "2.6.0 is in no PyPI artefact; 2.6.0-alpha"),
        ("2.2.0", "2.2.2", False, "2.2.2 is the nearest release after it"),
        ("2.2.3", "2.2.4", False, "2.2.4 is the nearest release after it"),
        ("2.5.3", "2.5.0", False, "'2.5.3' is not a released version; 2.5.0 is"),
        ("2.2.3-dev", "2.2.2", False, "is a pre-release; 2.2.2 is the nearest"),
        ("2.12.0-alpha", "2.11.0", False, "2.11.0 is the nearest release before it"),
        ("3.7", "2.11.0", False, "newest shipped NWB core 2.11.0 with hdmf-common"),
        ("1.2.0", "2.11.0", False, "nwb_version '1.2.0' is not a released version"),
        ("NWB-1.0.5", "2.11.0", False, "nwb_version 'NWB-1.0.5' is not a version"),
        (None, "2.11.0", False, "(the file has no nwb_version attribute)"),
    ],
)
def test_nwb_version_picks_the_release(
    nwb_version: str | None, core: str, exact: bool, note: str
) -> None:
    choice = released_spec_files(nwb_version)
    assert (choice.core_version, choice.exact) == (core, exact)
    assert note in choice.describe()
    assert choice.namespace_files["core"].parent.name == core


@pytest.mark.parametrize(
    ("name", "version", "folder"),
    [
        ("hdmf-common", "1.8.0", "hdmf-common/1.8.0"),
        ("hdmf-common", "1.4.0", "hdmf-common/1.5.0"),  # not on PyPI: the next
        ("hdmf-common", "1.2.1", "hdmf-common/1.2.0"),
        ("hdmf-common", None, "hdmf-common/1.10.0"),
        ("hdmf-experimental", "0.6.0", "hdmf-common/1.9.0"),  # first published
        ("core", "2.2.1", "core/2.2.2"),
        ("ndx-events", "0.4.0", None),
    ],
)
def test_released_namespace_at_a_version_or_the_nearest(
    name: str, version: str | None, folder: str | None
) -> None:
    path = released_namespace(name, version)
    assert (path.parent.relative_to(DATA).as_posix() if path else None) == folder


def _specless(tmp_path: Path, nwb_version: str, source: str = "1.0.2_nwbfile") -> Path:
    path = tmp_path / f"{source}_{nwb_version}.nwb"
    shutil.copy(CORPUS / f"{source}.nwb", path)
    with h5py.File(path, "a") as f:
        f.attrs["nwb_version"] = nwb_version
    return path


@pytest.mark.parametrize(
    ("nwb_version", "message"),
    [
        ("2.1.0", "validated against NWB core 2.1.0 (the version of its nwb_version"),
        (
            "3.7",
            "validated against the newest shipped NWB core 2.11.0 with hdmf-common "
            "1.10.0 (nwb_version '3.7' is not a released version)",
        ),
    ],
)
def test_specless_file_says_which_release_it_was_validated_against(
    tmp_path: Path, nwb_version: str, message: str
) -> None:
    catalog = catalog_for_index(build_index(_specless(tmp_path, nwb_version)))
    (s004,) = catalog.findings
    assert (s004.code, s004.location.hdf5_path) == ("S004", "/")
    assert s004.message.startswith("the file carries no cached specifications; ")
    assert message in s004.message


def test_pynwb_102_files_validate_against_core_201() -> None:
    for name in ("1.0.2_nwbfile", "1.0.2_str_experimenter", "1.0.2_str_pub"):
        report = validate_nwb_file(CORPUS / f"{name}.nwb")
        assert [f.code for f in report.findings] == ["S004"], name
        assert "NWB core 2.0.1 (pynwb 1.0.0-1.0.2" in report.findings[0].message


@pytest.mark.parametrize(
    ("nwb_version", "errors"),
    [
        ("2.0.2", []),  # a scalar experimenter is what 2.0.x allowed
        ("2.1.0", [("M021", "/general/experimenter", "array of shape [any]")]),
        ("2.11.0", [("M021", "/general/experimenter", "array of shape [any]")]),
    ],
)
def test_the_same_file_is_judged_by_the_rules_of_its_version(
    tmp_path: Path, nwb_version: str, errors: list[tuple[str, str, str]]
) -> None:
    path = _specless(tmp_path, nwb_version, "1.0.2_str_experimenter")
    found = [f for f in validate_nwb_file(path).findings if f.severity.value == "error"]
    assert len(found) == len(errors)
    for f, (code, where, fragment) in zip(found, errors, strict=True):
        assert (f.code, f.location.hdf5_path) == (code, where)
        assert fragment in f.message


def test_nested_type_definitions_of_early_cores_are_children_of_that_type() -> None:
    # Cores before 2.2.3 define some types where they are used (Subject inside
    # NWBFile/general, SpecFile with no parent at all); the child is of that type.
    choice = released_spec_files("2.0.1")
    catalog = TypeCatalog.build(
        from_namespace_files(choice.namespace_files.values(), "released")
    )
    schema, _ = to_linkml(catalog)
    general = schema.classes["NWBFile__general"].attributes
    assert general["subject"].range == "Subject"
    specifications = schema.classes["NWBFile__general__specifications"].attributes
    assert specifications["specfile"].range == "SpecFile"
    assert specifications["specfile"].multivalued
    segmentation = schema.classes["ImageSegmentation"].attributes
    assert segmentation["planesegmentation"].range == "PlaneSegmentation"


def _with_general_child(path: Path, name: str, neurodata_type: str) -> Path:
    with h5py.File(path, "a") as f:
        child = f["general"].create_group(name)
        child.attrs["neurodata_type"] = neurodata_type
        child.attrs["namespace"] = "core"
    return path


@pytest.mark.parametrize(
    ("nwb_version", "written", "errors"),
    [
        ("2.1.0", "Subject", []),
        ("2.1.0", "Device", [("M005", "/general/subject", "must be a Subject")]),
        ("2.11.0", "Subject", []),
        ("2.11.0", "Device", [("M005", "/general/subject", "must be a Subject")]),
    ],
)
def test_types_defined_inside_untyped_groups_are_known_and_required(
    tmp_path: Path, nwb_version: str, written: str, errors: list[tuple[str, str, str]]
) -> None:
    path = _with_general_child(_specless(tmp_path, nwb_version), "subject", written)
    found = [
        (f.code, f.location.hdf5_path, f.message)
        for f in validate_nwb_file(path).findings
        if f.severity.value == "error"
    ]
    assert [(code, where) for code, where, _ in found] == [
        (code, where) for code, where, _ in errors
    ]
    for (_, _, message), (_, _, fragment) in zip(found, errors, strict=True):
        assert fragment in message
