"""The specification language's LinkML schema and what is generated from it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from nwb_lsp.schema.installed import installed_namespace_files

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = ROOT / "schemas"


def _regenerate_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "regenerate", SCHEMAS / "regenerate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_models_and_json_schema_are_what_the_schema_generates() -> None:
    regenerate = _regenerate_module()
    for path, text in regenerate.generate().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run python schemas/regenerate.py"
        )


def test_every_element_of_the_language_is_documented() -> None:
    schema = yaml.safe_load((SCHEMAS / "nwb_spec_language.yaml").read_text())
    missing = [
        f"{name}.{slot}"
        for name, cls in schema["classes"].items()
        for slot, definition in (cls.get("attributes") or {}).items()
        if not definition.get("description")
    ]
    missing += [n for n, c in schema["classes"].items() if not c.get("description")]
    missing += [
        f"{name}.{value}"
        for name, enum in schema["enums"].items()
        for value, definition in enum["permissible_values"].items()
        if not (definition or {}).get("description")
    ]
    assert missing == []


def test_the_vocabulary_is_complete() -> None:
    schema = yaml.safe_load((SCHEMAS / "nwb_spec_language.yaml").read_text())
    dtypes = set(schema["enums"]["PrimitiveDtype"]["permissible_values"])
    assert {"short", "uint64", "bytes", "isodatetime", "datetime", "utf-8"} <= dtypes
    assert "utf-8" in dtypes and "utf_8" not in dtypes
    group = schema["classes"]["TypedSpec"]["attributes"]
    assert {"neurodata_type_def", "data_type_def", "data_type_inc"} <= set(group)


@pytest.fixture(scope="module")
def json_schema() -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "nwb_spec_language.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_json_schema_accepts_the_installed_core(
    json_schema: jsonschema.protocols.Validator,
) -> None:
    files = [
        p
        for folder in sorted({ns.parent for ns in installed_namespace_files().values()})
        for p in sorted(folder.glob("*.yaml"))
    ]
    for path in files:
        errors = list(json_schema.iter_errors(yaml.safe_load(path.read_text())))
        assert errors == [], f"{path.name}: {errors[0].message}"


def test_json_schema_rejects_a_broken_spec(
    json_schema: jsonschema.protocols.Validator,
) -> None:
    broken = {"groups": [{"neurodata_type_def": "A", "dcs": "typo"}]}
    assert list(json_schema.iter_errors(broken))
    bad_dtype = {"datasets": [{"name": "x", "doc": "d", "attributes": [
        {"name": "a", "doc": "a", "dtype": "txt"}]}]}  # fmt: skip
    assert list(json_schema.iter_errors(bad_dtype))
