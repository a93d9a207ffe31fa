"""Reading an NWB file into the generated pydantic models.

``HDF5IO(path).read()`` (``path`` a file or the URL of one: ``http(s)://``,
``s3://``, read without downloading it) returns the file as instances of the
models generated from the specs it carries (``schema/provider.py``);
``read(hdf5_path)`` returns the object at any path — a typed object, a group
inside one, or a dataset (its model, with the dataset's attributes and its values
as a ``LazyArray``). Children are reachable by their names in the file
(``nwbfile.acquisition["ephys"]``, or ``.ephys``), as in pynwb.
Nothing is read but metadata: a dataset's values are a ``LazyArray`` that reads only
what is indexed, and the models check its dtype and shape against the spec
(``schema/runtime.py``). Object references — in attributes, links and datasets of
references — resolve to the referenced model instances, which keep their HDF5 path
(``instance.hdf5_path``).

``HDF5IO`` is a context manager (``with HDF5IO(path) as io:``); it holds no open file,
since arrays open the file for each read, so they stay readable after the block. A
missing file raises ``FileNotFoundError``, a path the file does not hold ``KeyError``.
With ``strict=True`` (the default) a file with errors raises ``NwbReadError`` listing
every error finding: the same findings ``nwb-lsp check`` reports, plus anything the
models reject (``M040``). With ``strict=False`` it returns a ``ReadResult`` holding
what could be built (objects the models reject are built unvalidated, with ``None``
for the fields the file lacks) and all findings. This runs HDF5 work in the calling
process; the CLI and the language server run it in workers instead
(``nwb_lsp.workers``).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from nwb_lsp.findings import Finding, Location, Severity, finding
from nwb_lsp.hdf5.records import FileIndex
from nwb_lsp.hdf5.write_plan import DatasetOptions
from nwb_lsp.io.builder import MODEL_REJECTED, ModelBuilder
from nwb_lsp.io.planner import WRITE_REJECTED, Planner
from nwb_lsp.schema.catalog import TypeCatalog, catalog_for_index
from nwb_lsp.schema.provider import ModelProvider
from nwb_lsp.schema.runtime import NwbModel
from nwb_lsp.urls import is_url

__all__ = [
    "HDF5IO",
    "MODEL_REJECTED",
    "WRITE_REJECTED",
    "DatasetOptions",
    "NwbReadError",
    "NwbWriteError",
    "ReadResult",
]

# the file could not be read at all: not HDF5, corrupt, its server failed (F015-F019)
UNREAD = ("F001", "F002", "F015", "F016", "F017", "F018", "F019")


class NwbReadError(Exception):
    """A file that breaks its specs; ``findings`` lists every error."""

    def __init__(self, path: str, findings: list[Finding]) -> None:
        self.path = path
        self.findings = findings
        lines = [f"{path}: {len(findings)} error(s)"]
        lines += [
            f"  {f.location.hdf5_path}: {f.code} {f.message}" for f in findings[:50]
        ]
        if len(findings) > 50:
            lines.append(f"  ... and {len(findings) - 50} more")
        super().__init__("\n".join(lines))


class NwbWriteError(NwbReadError):
    """A tree that cannot be written; ``findings`` lists every error (``M041``)."""


@dataclass
class ReadResult:
    value: Any
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


class HDF5IO:
    """An NWB file read into generated models (``mode="r"``, read-only), or written
    from them (``mode="w"``)."""

    def __init__(self, path: str | os.PathLike[str], mode: str = "r") -> None:
        if mode not in ("r", "w"):
            raise ValueError(f"mode must be 'r' or 'w', not {mode!r}")
        # a URL (http, https, s3) stays a string: it is read where it is
        self.path: Path | str = (
            path if isinstance(path, str) and is_url(path) else Path(path)
        )
        self.mode = mode
        if mode == "w" and isinstance(self.path, str):
            raise ValueError(f"{self.path}: a URL can be read, not written")
        if mode == "r" and isinstance(self.path, Path) and not self.path.exists():
            raise FileNotFoundError(errno.ENOENT, "no such file", str(self.path))
        self._index: FileIndex | None = None
        self._catalog: TypeCatalog | None = None
        self._provider: ModelProvider | None = None

    def __enter__(self) -> HDF5IO:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Forget the index and models; arrays already read stay readable."""
        self._index = None
        self._catalog = None
        self._provider = None

    @property
    def index(self) -> FileIndex:
        if self._index is None:
            # h5py only when a file is read: the rule-code registry imports this
            # package and must not pull h5py into the CLI or the language server.
            from nwb_lsp.hdf5.index import build_index

            self._index = build_index(self.path)
        return self._index

    def make_provider(self) -> ModelProvider:
        """The schema pipeline's provider of models for this file's specs."""
        if self._provider is None:
            self._catalog = catalog_for_index(self.index)
            self._provider = ModelProvider(self._catalog)
        return self._provider

    def read(self, hdf5_path: str | None = None, *, strict: bool = True) -> Any:
        """The file (or the object at ``hdf5_path``) as model instances."""
        from nwb_lsp.validate import validate_nwb_file

        if self.mode != "r":
            raise ValueError(f"{self.path}: opened for writing (mode='w')")
        path = "/" + (hdf5_path or "/").strip("/")
        if self.index.objects and path not in self.index.objects:
            raise KeyError(f"{self.path}: no object at {path}")
        report = validate_nwb_file(self.path, index=self.index)
        findings = list(report.findings)
        value = None
        if not any(f.code in UNREAD for f in findings):
            builder = ModelBuilder(self.path, self.index, self.make_provider())
            value = builder.read(path)
            findings.extend(builder.findings)
        result = ReadResult(value, findings)
        if strict:
            if result.errors:
                raise NwbReadError(str(self.path), result.errors)
            return value
        return result

    def write(
        self,
        root: Any,
        *,
        overwrite: bool = False,
        dataset_options: dict[str, DatasetOptions] | None = None,
    ) -> Path:
        """Write a tree of model instances (usually an ``NWBFile``) to ``path``.

        Every error of the tree is collected first (``NwbWriteError``, ``M041``);
        nothing is written then. The file appears whole or not at all (written
        under a temporary name, then renamed); an existing file is replaced only
        with ``overwrite=True``. ``dataset_options`` maps a dataset's HDF5 path to
        its chunking and compression."""
        if self.mode != "w":
            raise ValueError(f"{self.path}: opened for reading; use mode='w'")
        if not isinstance(root, NwbModel):
            raise TypeError(f"write takes a model instance, not {type(root).__name__}")
        target = Path(self.path)  # mode "w" never holds a URL (__init__)
        if target.exists() and not overwrite:
            raise FileExistsError(
                errno.EEXIST,
                "exists; pass overwrite=True to replace it",
                str(target),
            )
        planner = Planner(dataset_options)
        plan = planner.run(root)
        if planner.findings:
            raise NwbWriteError(str(self.path), planner.findings)
        from nwb_lsp.hdf5.writer import ObjectWriteError, write_plan

        try:
            return write_plan(plan, target, overwrite=overwrite)
        except ObjectWriteError as exc:
            where = Location(hdf5_path=exc.path)
            failed = finding(WRITE_REJECTED, f"cannot write: {exc.reason}", where)
            raise NwbWriteError(str(self.path), [failed]) from exc
