"""Where the installed core NWB and hdmf-common schemas live on disk.

pynwb ships the NWB core schema YAML (``pynwb/nwb-schema/core``) and hdmf ships
hdmf-common (``hdmf/common/hdmf-common-schema/common``). We locate those folders
without importing pynwb or hdmf: importing them costs seconds and would load their
own type maps, which we never use.

A namespace file may declare several namespaces: hdmf-common's ``namespace.yaml``
declares ``hdmf-common`` and ``hdmf-experimental``. Every namespace the installed
files declare is installed, so an extension may include any of them.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def core_namespace_file() -> Path | None:
    """``nwb.namespace.yaml`` of the NWB core schema installed with pynwb."""
    root = _package_dir("pynwb")
    if root is None:
        return None
    path = root / "nwb-schema" / "core" / "nwb.namespace.yaml"
    return path if path.is_file() else None


@cache
def hdmf_common_namespace_file() -> Path | None:
    """``namespace.yaml`` of hdmf-common, preferring the copy installed with hdmf."""
    candidates = []
    hdmf = _package_dir("hdmf")
    if hdmf is not None:
        candidates.append(hdmf / "common" / "hdmf-common-schema" / "common")
    pynwb = _package_dir("pynwb")
    if pynwb is not None:
        candidates.append(pynwb / "nwb-schema" / "hdmf-common-schema" / "common")
    for folder in candidates:
        path = folder / "namespace.yaml"
        if path.is_file():
            return path
    return None


def installed_namespace_files() -> dict[str, Path]:
    """Namespace name -> the installed namespace file that declares it: ``core``,
    ``hdmf-common``, ``hdmf-experimental`` (two names may share one file)."""
    out: dict[str, Path] = {}
    for expected, path in (
        ("core", core_namespace_file()),
        ("hdmf-common", hdmf_common_namespace_file()),
    ):
        if path is not None:
            for name in declared_namespaces(path) or (expected,):
                out.setdefault(name, path)
    return out


@cache
def declared_namespaces(path: Path) -> tuple[str, ...]:
    """The names of the namespaces a namespace file declares, in order (none when
    it cannot be read)."""
    import yaml  # only when installed extensions are looked up

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ()
    entries = doc.get("namespaces") if isinstance(doc, dict) else None
    return tuple(
        str(entry["name"])
        for entry in entries or []
        if isinstance(entry, dict) and entry.get("name")
    )
