"""LinkML translation and generated pydantic models, cached per spec set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nwb_lsp.cli import main
from nwb_lsp.hdf5.index import build_index
from nwb_lsp.schema.catalog import catalog_for_index, catalog_for_namespace_file
from nwb_lsp.schema.provider import ModelProvider

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def test_models_of_an_extension_file(cache: Path) -> None:
    index = build_index(CORPUS / "2.1.0_nwbfile_with_extension.nwb")
    provider = ModelProvider(catalog_for_index(index), cache)
    model = provider.model("ndx-testextension", "TimeSeriesWithID")
    series = provider.model("core", "TimeSeries")
    assert issubclass(model, series)
    assert {"id", "description", "data"} <= set(model.model_fields)
    assert provider.path.is_file()
    assert provider.model("core", "NoSuchType") is None


def test_two_versions_never_collide(cache: Path) -> None:
    old = ModelProvider(
        catalog_for_index(build_index(CORPUS / "1.1.2_nwbfile.nwb")), cache
    )
    new = ModelProvider(
        catalog_for_index(build_index(CORPUS / "2.1.0_nwbfile_with_extension.nwb")),
        cache,
    )
    assert old.module_name != new.module_name
    assert old.model("core", "TimeSeries") is not new.model("core", "TimeSeries")


def test_warm_load_does_not_import_linkml(cache: Path) -> None:
    index = build_index(CORPUS / "2.1.0_nwbfile_with_extension.nwb")
    ModelProvider(catalog_for_index(index), cache).module()  # make sure it is cached
    code = (
        "import sys\n"
        "from nwb_lsp.hdf5.index import build_index\n"
        "from nwb_lsp.schema.catalog import catalog_for_index\n"
        "from nwb_lsp.schema.provider import ModelProvider\n"
        f"p = ModelProvider(catalog_for_index(build_index({str(index.path)!r})), "
        f"__import__('pathlib').Path({str(cache)!r}))\n"
        "assert p.model('core', 'TimeSeries') is not None\n"
        "print(any(m.startswith('linkml') for m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


def test_malformed_spec_is_a_finding_and_the_rest_builds(
    tmp_path: Path, cache: Path
) -> None:
    (tmp_path / "ext.yaml").write_text(
        yaml.safe_dump(
            {
                "groups": [
                    {
                        "neurodata_type_def": "Good",
                        "neurodata_type_inc": "NWBDataInterface",
                        "doc": "fine",
                        "attributes": [{"name": "x", "dtype": "int32", "doc": "x"}],
                    },
                    {
                        "neurodata_type_def": "Bad",
                        "neurodata_type_inc": "NWBDataInterface",
                        "doc": "bad",
                        "attributes": "not a list",
                    },
                ]
            }
        )
    )
    (tmp_path / "ndx-m.namespace.yaml").write_text(
        yaml.safe_dump(
            {
                "namespaces": [
                    {
                        "name": "ndx-m",
                        "version": "0.1.0",
                        "schema": [{"namespace": "core"}, {"source": "ext.yaml"}],
                    }
                ]
            }
        )
    )
    provider = ModelProvider(
        catalog_for_namespace_file(tmp_path / "ndx-m.namespace.yaml"), cache
    )
    assert provider.model("ndx-m", "Good") is not None
    assert provider.model("ndx-m", "Bad") is not None
    (bad,) = provider.findings
    assert bad.code == "S007" and "type Bad" in bad.message
    assert bad.spec is not None and bad.spec.neurodata_type == "Bad"


def test_models_command(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NWB_LSP_CACHE", str(cache))
    out_yaml, out_py = tmp_path / "s.yaml", tmp_path / "m.py"
    source = str(CORPUS / "2.1.0_nwbfile_with_extension.nwb")
    assert (
        main(["models", source, "--linkml", str(out_yaml), "--pydantic", str(out_py)])
        == 0
    )
    schema = yaml.safe_load(out_yaml.read_text())
    assert schema["classes"]["TimeSeriesWithID"]["is_a"] == "TimeSeries"
    assert "class TimeSeriesWithID(TimeSeries):" in out_py.read_text()
    assert main(["models", source, "--linkml", str(out_yaml)]) == 2  # no --force
