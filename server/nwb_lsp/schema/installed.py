"""Where the installed core NWB and hdmf-common schemas live on disk.

pynwb ships the NWB core schema YAML (``pynwb/nwb-schema/core``) and hdmf ships
hdmf-common (``hdmf/common/hdmf-common-schema/common``). We locate those folders
without importing pynwb or hdmf: importing them costs seconds and would load their
own type maps, which we never use.
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
    """Namespace name (``core``, ``hdmf-common``) -> its installed namespace file."""
    out: dict[str, Path] = {}
    core = core_namespace_file()
    if core is not None:
        out["core"] = core
    common = hdmf_common_namespace_file()
    if common is not None:
        out["hdmf-common"] = common
    return out
