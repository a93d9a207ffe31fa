"""Pydantic models of a spec set: generated once through LinkML, then cached on disk.

``ModelProvider(catalog)`` turns the catalog into a LinkML schema and runs linkml's
pydantic generator — the slow part, paid once per spec set. The generated module is
written atomically to the user cache directory under the spec set's content hash, so
every later run and process loads it with a plain import (linkml is not imported on
that warm path). Each spec set gets its own module name (``nwb_lsp_models_<hash>``),
so models of two NWB versions never collide in ``sys.modules`` and can never be
shadowed by an installed package.

One extension of linkml's output: the generated ``ConfiguredBaseModel`` derives from
``nwb_lsp.schema.runtime.NwbModel`` instead of pydantic's ``BaseModel``, which adds
what LinkML cannot express — the HDF5 path of an instance read from a file, and the
check of a dataset's lazy array against its spec's dtype (minimum precision) and
shape (alternative layouts). ``GENERATION`` is part of the cache key, so a change of
the translation or of this step never reuses stale modules.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from nwb_lsp.fileio import write_text_atomic
from nwb_lsp.findings import Finding
from nwb_lsp.schema.catalog import TypeCatalog


def cache_dir() -> Path:
    """``$NWB_LSP_CACHE`` or the platform's user cache directory for nwb-lsp."""
    override = os.environ.get("NWB_LSP_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nwb-lsp")) / "models"


GENERATION = "3"  # bump when the translation or the post-processing changes
_BASE = "class ConfiguredBaseModel(BaseModel):"
_NWB_BASE = (
    "from nwb_lsp.schema.runtime import NwbModel\n\n\n"
    "class ConfiguredBaseModel(NwbModel):"
)


def _extend(code: str) -> str:
    """Generated code with ``ConfiguredBaseModel`` based on ``NwbModel``."""
    if _BASE not in code:
        raise RuntimeError("linkml's generated code has no ConfiguredBaseModel")
    return code.replace(_BASE, _NWB_BASE, 1)


class ModelProvider:
    def __init__(self, catalog: TypeCatalog, directory: Path | None = None) -> None:
        self.catalog = catalog
        digest = hashlib.sha256(f"{GENERATION}:{catalog.content_hash}".encode())
        self.key = digest.hexdigest()[:16]
        self.directory = directory or cache_dir()
        self.findings: list[Finding] = []
        self._module: ModuleType | None = None

    @property
    def module_name(self) -> str:
        return f"nwb_lsp_models_{self.key}"

    @property
    def path(self) -> Path:
        return self.directory / f"{self.module_name}.py"

    def linkml_yaml(self) -> str:
        from linkml_runtime.dumpers import yaml_dumper

        from nwb_lsp.schema.linkml import to_linkml

        schema, self.findings = to_linkml(self.catalog, f"nwb_{self.key}")
        text: str = yaml_dumper.dumps(schema)
        return text

    def pydantic_code(self) -> str:
        """The generated module's source (from the cache when it is there)."""
        if self.path.is_file():
            return self.path.read_text(encoding="utf-8")
        from linkml.generators.pydanticgen import PydanticGenerator

        code = _extend(PydanticGenerator(self.linkml_yaml()).serialize())
        write_text_atomic(self.path, code)
        return code

    def module(self) -> ModuleType:
        if self._module is not None:
            return self._module
        if self.module_name in sys.modules:
            self._module = sys.modules[self.module_name]
            return self._module
        self.pydantic_code()
        spec = importlib.util.spec_from_file_location(self.module_name, self.path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[self.module_name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[self.module_name]
            raise
        self._module = module
        return module

    def model(self, namespace: str | None, type_name: str) -> Any:
        """The pydantic class of ``type_name`` (``None`` if the spec set lacks it)."""
        typedef = self.catalog.get(type_name, namespace)
        if typedef is None:
            return None
        return getattr(self.module(), type_name, None)
