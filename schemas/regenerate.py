"""Regenerate the files derived from ``nwb_spec_language.yaml``.

    python schemas/regenerate.py          # rewrite them
    python schemas/regenerate.py --check  # exit 1 if a committed file is stale

Writes the pydantic models nwb-lsp validates spec YAML with
(``server/nwb_lsp/spec/language_models.py``, by linkml's pydantic generator) and a
JSON Schema for other YAML tooling (``schemas/nwb_spec_language.schema.json``, by
linkml's JSON Schema generator). ``tests/unit/spec/test_language_schema.py`` runs the
check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "nwb_spec_language.yaml"
MODELS = HERE.parent / "server" / "nwb_lsp" / "spec" / "language_models.py"
JSON_SCHEMA = HERE / "nwb_spec_language.schema.json"
HEADER = (
    "# Generated from schemas/nwb_spec_language.yaml by schemas/regenerate.py with\n"
    "# linkml's pydantic generator. Do not edit; change the schema and regenerate.\n"
    "# ruff: noqa\n"
    "# mypy: ignore-errors\n"
)


def generate() -> dict[Path, str]:
    from linkml.generators.jsonschemagen import JsonSchemaGenerator
    from linkml.generators.pydanticgen import PydanticGenerator

    models = HEADER + PydanticGenerator(str(SOURCE)).serialize()
    # The generator records where the schema was read from; keep the committed file
    # the same on every checkout.
    models = models.replace(str(SOURCE), "schemas/nwb_spec_language.yaml")
    schema = json.loads(
        JsonSchemaGenerator(str(SOURCE), top_class="SchemaFile").serialize()
    )
    # Both kinds of file are roots: a document is a namespace file or a schema file.
    schema.pop("$ref", None)
    schema.update(
        {
            "title": "NWB specification language (namespace or schema file)",
            "anyOf": [
                {"$ref": "#/$defs/NamespaceFile"},
                {"$ref": "#/$defs/SchemaFile"},
            ],
        }
    )
    for key in ("additionalProperties", "properties", "required", "type"):
        schema.pop(key, None)
    _sharpen(schema["$defs"])
    return {
        MODELS: models,
        JSON_SCHEMA: json.dumps(schema, indent=2, sort_keys=True) + "\n",
    }


def _sharpen(defs: dict[str, Any]) -> None:
    """Say in JSON Schema what the LinkML schema leaves as ``AnyValue``: the three
    shapes of a dataset's dtype, and dims/shape as one layout or a list of layouts.
    (Cross-field rules — dims and shape of equal nesting, ``name`` xor
    ``default_name`` — stay with nwb-lsp's own rules.)"""
    defs["AnyValue"] = {"description": "Any YAML value."}
    names = {"type": "array", "items": {"type": "string"}}
    lengths = {"type": "array", "items": {"type": ["integer", "null"]}}
    layouts = {
        "dims": {"anyOf": [names, {"type": "array", "items": names}]},
        "shape": {"anyOf": [lengths, {"type": "array", "items": lengths}]},
    }
    dtype = {
        "anyOf": [
            {"$ref": "#/$defs/PrimitiveDtype"},
            {"$ref": "#/$defs/ReferenceDtype"},
            {"type": "array", "items": {"$ref": "#/$defs/CompoundField"}},
        ]
    }
    for name in ("DatasetSpec", "AttributeSpec"):
        properties = defs[name]["properties"]
        for key, value in layouts.items():
            properties[key] = {**value, "description": properties[key]["description"]}
    dataset = defs["DatasetSpec"]["properties"]
    dataset["dtype"] = {**dtype, "description": dataset["dtype"]["description"]}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for path, text in generate().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        verb = "is stale" if check else "written"
        sys.stderr.write(f"{path.relative_to(HERE.parent)} {verb}\n")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
