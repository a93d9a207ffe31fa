"""Pydantic models of a spec set: generated once through LinkML, then cached on disk.

``ModelProvider(catalog)`` turns the catalog into a LinkML schema and runs linkml's
pydantic generator — the slow part, paid once per spec set. The generated module is
written atomically to the user cache directory under the spec set's content hash, so
every later run and process loads it without linkml. Beside it goes the module's
compiled code (like a ``.pyc``, but written even under ``PYTHONDONTWRITEBYTECODE``,
and checked against the source's size and modification time): compiling the 3 MB
module costs more than loading its classes. Each spec set gets its own module name
(``nwb_lsp_models_<hash>``), so models of two NWB versions never collide in
``sys.modules`` and can never be shadowed by an installed package.

One extension of linkml's output: the generated ``ConfiguredBaseModel`` derives from
``nwb_lsp.schema.runtime.NwbModel`` instead of pydantic's ``BaseModel``, which adds
what LinkML cannot express — the HDF5 path of an instance read from a file, and the
check of a dataset's lazy array against its spec's dtype (minimum precision) and
shape (alternative layouts). ``GENERATION`` is part of the cache key, so a change of
the translation or of this step never reuses stale modules.
"""

from __future__ import annotations

import contextlib
import importlib.util
import marshal
import os
import re
import struct
import sys
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from nwb_lsp.fileio import write_bytes_atomic, write_text_atomic
from nwb_lsp.findings import Finding
from nwb_lsp.schema.catalog import TypeCatalog


def cache_dir() -> Path:
    """``$NWB_LSP_CACHE`` or the platform's user cache directory for nwb-lsp."""
    override = os.environ.get("NWB_LSP_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nwb-lsp")) / "models"


GENERATION = "6"  # bump when the translation or the post-processing changes
_BASE = "class ConfiguredBaseModel(BaseModel):\n    model_config = ConfigDict(\n"
_NWB_BASE = (
    "from nwb_lsp.schema.runtime import NwbModel\n\n\n"
    "class ConfiguredBaseModel(NwbModel):\n    model_config = ConfigDict(\n"
    "        defer_build = True,\n"
)
_REBUILD = re.compile(r"^\w+\.model_rebuild\(\)\n", re.MULTILINE)


def _extend(code: str) -> str:
    """Generated code with ``ConfiguredBaseModel`` based on ``NwbModel``, and each
    model's validator built when the model is first used rather than at import (a
    file uses a few dozen of a spec set's hundreds of types; building all of them
    would double the warm load). Forward references resolve then, so linkml's
    trailing ``model_rebuild()`` calls, which would build every model, go."""
    if _BASE not in code:
        raise RuntimeError("linkml's generated code has no ConfiguredBaseModel")
    return _REBUILD.sub("", code.replace(_BASE, _NWB_BASE, 1))


class ModelProvider:
    def __init__(self, catalog: TypeCatalog, directory: Path | None = None) -> None:
        self.catalog = catalog
        import hashlib  # OpenSSL costs a checking worker 4 MB: only models need it

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

        from nwb_lsp.schema.linkml import to_linkml

        # The schema object itself, not its YAML: dumping and re-parsing it would
        # double the generation time for the same output.
        schema, self.findings = to_linkml(self.catalog, f"nwb_{self.key}")
        code = _extend(PydanticGenerator(schema).serialize())
        write_text_atomic(self.path, code)
        return code

    def module(self) -> ModuleType:
        if self._module is not None:
            return self._module
        if self.module_name in sys.modules:
            self._module = sys.modules[self.module_name]
            self._cache_here(self._module)
            return self._module
        self.pydantic_code()
        code = self._code()
        spec = importlib.util.spec_from_file_location(self.module_name, self.path)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[self.module_name] = module
        try:
            exec(code, module.__dict__)
        except BaseException:
            del sys.modules[self.module_name]
            raise
        # The writer caches the specs a tree's models came from (nwb_lsp.io.planner).
        module.NWB_CATALOG = self.catalog  # type: ignore[attr-defined]
        self._module = module
        return module

    def _cache_here(self, module: ModuleType) -> None:
        """A module this process loaded from another cache directory is cached in
        this one too, so other processes using this directory find it."""
        source = getattr(module, "__file__", None)
        if self.path.is_file() or not source or not Path(source).is_file():
            return
        with contextlib.suppress(OSError):  # a read-only cache works, only slower
            write_bytes_atomic(self.path, Path(source).read_bytes())

    @property
    def code_path(self) -> Path:
        tag = sys.implementation.cache_tag or "python"
        return self.directory / f"{self.module_name}.{tag}.code"

    def _code(self) -> CodeType:
        """The module's compiled code: from the code cache when it matches the source,
        else compiled and cached (a broken or stale cache file is replaced)."""
        stat = self.path.stat()
        header = importlib.util.MAGIC_NUMBER + struct.pack(
            "<qq", stat.st_mtime_ns, stat.st_size
        )
        try:
            data = self.code_path.read_bytes()
            if data.startswith(header):
                code = marshal.loads(data[len(header) :])
                if isinstance(code, CodeType):
                    return code
        except (OSError, ValueError, EOFError, TypeError):
            pass
        code = compile(self.path.read_bytes(), str(self.path), "exec")
        with contextlib.suppress(OSError):  # a read-only cache works, only slower
            write_bytes_atomic(self.code_path, header + marshal.dumps(code))
        return code

    def model(self, namespace: str | None, type_name: str) -> Any:
        """The pydantic class of ``type_name`` (``None`` if the spec set lacks it)."""
        typedef = self.catalog.get(type_name, namespace)
        if typedef is None:
            return None
        from nwb_lsp.schema.runtime import built

        cls = getattr(self.module(), type_name, None)
        return built(cls) if cls is not None else None
