"""Which files the paths a user gives hold that nwb-lsp checks, and what it left out.

A file named explicitly is always checked — except YAML that is not an NWB spec,
which is left out with a note, so a hook may pass every YAML file of a repository.
A directory is walked for ``*.nwb`` files and NWB spec YAML; the walk does not enter:

* hidden folders (``.git``, ``.venv``, ``.tox``, ...), silently, as before;
* Python environments: a folder holding ``pyvenv.cfg`` (venv, virtualenv) or
  ``conda-meta`` (conda);
* installed packages: ``site-packages``, ``dist-packages``, ``node_modules``;
* Python build output: a ``build`` or ``dist`` folder beside ``pyproject.toml``,
  ``setup.py`` or ``setup.cfg``, or holding ``*.egg-info``, ``*.dist-info``,
  wheels or ``bdist.*``;
* whatever git ignores, inside a git work tree (``gitignore``).

A YAML file is a spec when its top level declares ``namespaces``, ``groups`` or
``datasets`` (the keys that make the spec layer call it a namespace or schema
document), or its name ends in ``.namespace.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from nwb_lsp.checking.gitignore import IgnoreRules, ignore_rules
from nwb_lsp.urls import is_url

NWB_SUFFIXES = (".nwb",)
SPEC_SUFFIXES = (".yaml", ".yml")
SPEC_KEYS = ("namespaces:", "groups:", "datasets:")
NOT_SPEC = "not NWB spec YAML (no top-level namespaces, groups or datasets)"

# Folders by name that hold other people's code, never a user's data.
PACKAGE_FOLDERS = {
    "site-packages": "installed Python packages",
    "dist-packages": "installed Python packages",
    "node_modules": "installed Node.js packages",
}
PACKAGING_FILES = ("pyproject.toml", "setup.py", "setup.cfg")
BUILD_MARKS = (".egg-info", ".dist-info", ".whl")


@dataclass(frozen=True)
class Skipped:
    """A path left out of a check, and why (``is_dir``: a folder not entered)."""

    path: Path
    reason: str
    is_dir: bool = False


@dataclass
class Discovery:
    """The files to check, in order (a URL as the string given), and the paths
    left out."""

    files: list[Path | str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def discover(paths: Sequence[str | os.PathLike[str]]) -> Discovery:
    """The files to check under ``paths``, and what was left out and why.

    Every path named ``*.nwb`` is kept whatever it is, so its report says what it
    is: a directory given by name (whose files are walked too), a FIFO or a device
    (refused without being opened), a symbolic link loop (``hdf5/opening.py``)."""
    found = Discovery()
    for raw in paths:
        if is_url(raw):  # a remote NWB file: passed on as given, never a path
            found.files.append(str(raw))
            continue
        path = Path(raw)
        if path.is_dir():
            if path.suffix.lower() == ".nwb":  # its report says it is a directory
                found.files.append(path)
            found.files.extend(sorted(_walk(path, found.skipped)))
        elif is_spec_path(path) and _readable(path) and not looks_like_spec(path):
            found.skipped.append(Skipped(path, NOT_SPEC))
        else:
            found.files.append(path)
    found.files = list(dict.fromkeys(found.files))  # a file named twice is checked once
    return found


def collect_paths(paths: Sequence[str | os.PathLike[str]]) -> list[Path | str]:
    """Files to check: the given files, and NWB/spec files found under directories."""
    return discover(paths).files


def is_spec_path(path: Path | str) -> bool:
    """Whether ``path`` names spec YAML (a URL never does: only NWB files are
    read remotely)."""
    return isinstance(path, Path) and path.suffix.lower() in SPEC_SUFFIXES


def looks_like_spec(path: Path) -> bool:
    """A namespace file, or YAML whose top level declares namespaces, groups or
    datasets, in any encoding the spec layer reads (a Latin-1 spec is still a spec,
    and its check says what is wrong with it)."""
    from nwb_lsp.spec.source import looks_like_spec as sniff

    return sniff(path)


def _readable(path: Path) -> bool:
    # an unreadable file is checked, so that the check says why it failed
    return os.access(path, os.R_OK) and path.is_file()


def _walk(root: Path, skipped: list[Skipped]) -> list[Path]:
    rules = ignore_rules(root)
    files: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        skipped.append(Skipped(where, f"cannot be read ({exc.strerror})", True))

    for folder, dirs, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirs[:] = [d for d in sorted(dirs) if _enter(here / d, rules, skipped)]
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or not _candidate_suffix(path):
                continue
            if rules is not None and rules.ignored(path, is_dir=False):
                skipped.append(Skipped(path, rules.reason))
            elif not is_spec_path(path):
                files.append(path)  # any *.nwb, so a FIFO or a loop is reported
            elif path.is_file() and looks_like_spec(path):  # a FIFO would block
                files.append(path)
    return files


def _enter(folder: Path, rules: IgnoreRules | None, skipped: list[Skipped]) -> bool:
    """Whether the walk enters ``folder``; a folder left out is noted, unless
    hidden."""
    if folder.name.startswith("."):
        return False
    reason = _not_user_data(folder)
    if reason is None and rules is not None and rules.ignored(folder, is_dir=True):
        reason = rules.reason
    if reason is not None:
        skipped.append(Skipped(folder, reason, True))
    return reason is None


def _not_user_data(folder: Path) -> str | None:
    """Why ``folder`` holds environments, packages or build output, if it does."""
    if folder.name in PACKAGE_FOLDERS:
        return PACKAGE_FOLDERS[folder.name]
    if (folder / "pyvenv.cfg").is_file():
        return "a Python virtual environment"
    if (folder / "conda-meta").is_dir():
        return "a conda environment"
    if folder.name in ("build", "dist") and _python_build_output(folder):
        return "Python build output"
    return None


def _python_build_output(folder: Path) -> bool:
    if any((folder.parent / name).is_file() for name in PACKAGING_FILES):
        return True
    try:
        with os.scandir(folder) as entries:
            # what setuptools, pip and build leave at the top; a few entries suffice
            return any(
                e.name.endswith(BUILD_MARKS) or e.name.startswith("bdist.")
                for e in islice(entries, 200)
            )
    except OSError:
        return False


def _candidate_suffix(path: Path) -> bool:
    return path.suffix.lower() in (*NWB_SUFFIXES, *SPEC_SUFFIXES)
