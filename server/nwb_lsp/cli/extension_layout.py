"""Where ``nwb-lsp models NAMESPACE.yaml --pydantic ext.py`` puts its three modules.

The extension module imports the other two by their file names, so each must be a
Python module name (``core_models.py``, not ``core-models.py``). The runtime and
core modules are shared by every extension of one core: an existing one with the
very text that would be written is kept, one with other text is replaced only with
``--force``. Everything is checked before anything is written, and each file is
written atomically.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nwb_lsp.cli.common import CliError, output_file, write_output

if TYPE_CHECKING:
    from nwb_lsp.schema.standalone import ExtensionModules

RUNTIME_DEFAULT = "nwb_runtime.py"
CORE_DEFAULT = "core_models.py"


@dataclass(frozen=True)
class Layout:
    extension: Path
    runtime: Path
    core: Path

    @classmethod
    def beside(
        cls,
        extension: Path,
        runtime: str | None,
        core: str | None,
        linkml: Path | None = None,
    ) -> Layout:
        """The layout the flags give, checked: module names, folders, no clashes."""
        layout = cls(
            extension,
            _module_file(runtime or extension.parent / RUNTIME_DEFAULT, "--runtime"),
            _module_file(core or extension.parent / CORE_DEFAULT, "--core"),
        )
        _module_file(extension, "--pydantic")
        paths = [p.resolve() for p in (extension, layout.runtime, layout.core)]
        if linkml is not None:
            paths.append(linkml.resolve())
        if len(set(paths)) != len(paths):
            raise CliError("--pydantic, --runtime, --core and --linkml must differ")
        return layout

    @property
    def runtime_module(self) -> str:
        return self.runtime.stem

    @property
    def core_module(self) -> str:
        return self.core.stem


def _module_file(path: str | Path, flag: str) -> Path:
    target = output_file(path, force=True)  # its folder; replacing is decided later
    if target.suffix != ".py" or not target.stem.isidentifier():
        raise CliError(
            f"{flag} {target}: must be a Python module file (name.py, name an "
            "identifier), since the extension module imports it by that name"
        )
    return target


def _shared_unchanged(target: Path, text: str, *, force: bool) -> bool:
    """Whether the shared module ``target`` already holds ``text`` (nothing to
    write); refused when it holds other text and ``force`` is not given."""
    if not target.exists():
        return False
    try:
        if target.read_text(encoding="utf-8") == text:
            return True
    except (OSError, UnicodeDecodeError):
        pass
    if not force:
        raise CliError(f"{target}: already exists (use --force to overwrite)")
    return False


def write_layout(
    layout: Layout, modules: ExtensionModules, *, force: bool
) -> Iterator[str]:
    """Write the modules, saying for each its path (and whether it was kept)."""
    shared = ((layout.runtime, modules.runtime), (layout.core, modules.core))
    kept = {path for path, text in shared if _shared_unchanged(path, text, force=force)}
    output_file(layout.extension, force=force)  # still free (checked again now)
    writes = [(layout.extension, modules.extension), *shared]
    for path, text in writes:
        if path in kept:
            yield f"{path} (unchanged)"
        else:
            yield str(write_output(path, text))
