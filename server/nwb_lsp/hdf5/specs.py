"""The specifications an NWB file carries: ``/specifications/<ns>/<version>/<source>``.

pynwb and MatNWB cache every namespace a file uses, at the version used, as scalar
string datasets holding JSON (older writers wrote YAML-compatible JSON too). The
``namespace`` source holds the namespace file itself; every other source holds one
schema file. We return them parsed, every version present, so the schema layer can
pick the versions the file was written with. An entry that cannot be read (a damaged
object, a name that is not UTF-8) is recorded as a ``Problem`` and the rest is read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import h5py

from nwb_lsp.hdf5.records import Problem, ProblemKind, display_name

SpecTree = dict[str, dict[str, dict[str, Any]]]
_SKIP = object()  # a source that is not a scalar or cannot be read


def _parse(raw: Any) -> Any:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    text = str(raw)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        # Some writers stored YAML; a malformed entry stays a string for the schema
        # layer to report rather than failing the whole read.
        import yaml  # seldom needed: most files carry JSON

        try:
            return yaml.safe_load(text)
        except Exception:  # PyYAML's constructors raise ValueError too (a 13th month)
            return text


def _children(
    group: h5py.Group, path: str, problems: list[Problem]
) -> Iterator[tuple[str, str, h5py.Group | h5py.Dataset]]:
    """``(name, path, object)`` of each child that can be opened."""
    try:
        raws = list(group.id)
    except Exception as exc:  # libhdf5 errors surface as various types
        problems.append(Problem(ProblemKind.UNREADABLE_OBJECT, path, str(exc)))
        return
    for raw in raws:
        name, valid = display_name(raw)
        child = f"{path}/{name}"
        if not valid:
            problems.append(
                Problem(ProblemKind.INVALID_NAME, child, "the name is not UTF-8")
            )
        try:
            # only what the file holds: a link's target may be anything, anywhere
            if group.id.links.get_info(raw).type == h5py.h5l.TYPE_HARD:
                yield name, child, group[raw]
        except Exception as exc:
            problems.append(Problem(ProblemKind.UNREADABLE_OBJECT, child, str(exc)))


def _source(dset: h5py.Dataset, path: str, problems: list[Problem]) -> Any:
    """The parsed text of a scalar source dataset (``_SKIP`` for other shapes)."""
    try:
        if dset.shape != ():
            return _SKIP
        raw = dset[()]
    except Exception as exc:  # a damaged heap or header: libhdf5 raises varied types
        problems.append(
            Problem(ProblemKind.UNREADABLE_VALUES, path, f"cannot read the spec: {exc}")
        )
        return _SKIP
    return _parse(raw)


def _read_group(group: h5py.Group, problems: list[Problem]) -> SpecTree:
    tree: SpecTree = {}
    top = "/specifications"
    for ns_name, ns_path, ns_group in _children(group, top, problems):
        if not isinstance(ns_group, h5py.Group):
            continue
        for version, v_path, v_group in _children(ns_group, ns_path, problems):
            if not isinstance(v_group, h5py.Group):
                continue
            sources: dict[str, Any] = {}
            for source, s_path, dset in _children(v_group, v_path, problems):
                if isinstance(dset, h5py.Dataset):
                    parsed = _source(dset, s_path, problems)
                    if parsed is not _SKIP:
                        sources[source] = parsed
            tree.setdefault(ns_name, {})[version] = sources
    return tree


def read_specs_as_dicts(
    group: h5py.Group | str | Path, problems: list[Problem] | None = None
) -> SpecTree:
    """Parsed cached specs: ``{namespace: {version: {source: parsed}}}``.

    ``group`` is the ``/specifications`` group, a file (its ``/specifications`` is
    used), or a path to a file. A file without cached specs gives ``{}``. Entries
    that cannot be read are left out and, when ``problems`` is given, recorded there.
    """
    found = [] if problems is None else problems
    if isinstance(group, str | Path):
        with h5py.File(group, "r", locking=False) as f:
            return read_specs_as_dicts(f, found)
    if isinstance(group, h5py.File) or group.name == "/":
        spec_group = group.get("specifications")
        if not isinstance(spec_group, h5py.Group):
            return {}
        return _read_group(spec_group, found)
    return _read_group(group, found)
