"""What a cached report is keyed by: the file's identity, the engine, the rules.

* ``file_identity(path)``: ``local:<size>:<mtime_ns>:<device>:<inode>`` for a
  regular local file, ``None`` for anything else (a FIFO, a missing file), which is
  then never cached. Remote inputs (``http(s)://``, ``s3://``) get ``None`` too:
  they are checked afresh each time (a server's ETag is not yet asked for).
* ``engine_version()``: nwb-lsp's version, a fingerprint of its installed files
  (names, sizes and modification times, so an edited checkout misses too) and the
  versions of pynwb and hdmf, whose core specs check files that carry none.
* ``settled(path, before)``: whether a report may be stored — the file kept its
  identity while it was checked and was last modified at least 2 s before.
* ``rule_selection(filter)``: ``--select``/``--ignore``, severity overrides and the
  best-practice settings (``--best-practices``, ``--config``, ``--threshold``) as
  canonical JSON.
* ``cache_folder(option)``: ``--cache-dir``, else ``$NWB_LSP_CACHE_DIR``, else the
  platform's user cache directory (``~/.cache/nwb-lsp`` on Linux).
"""

from __future__ import annotations

import functools
import json
import os
import stat
import time
from pathlib import Path

from nwb_lsp import __version__
from nwb_lsp.findings import FindingFilter

CACHE_ENV = "NWB_LSP_CACHE_DIR"
REMOTE_PREFIXES = ("http://", "https://", "s3://")
SETTLE_SECONDS = 2.0
_FINGERPRINTED = (".py", ".yaml", ".json", ".txt")


def file_identity(path: str) -> str | None:
    """The identity of a local regular file, or ``None`` (never cached)."""
    if path.startswith(REMOTE_PREFIXES):
        return None
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return f"local:{st.st_size}:{st.st_mtime_ns}:{st.st_dev}:{st.st_ino}"


def settled(path: str, before: str) -> bool:
    """Whether a report of ``path`` made since it had identity ``before`` may be
    stored: the file is unchanged, and was last modified long enough ago
    (``SETTLE_SECONDS``) that a later change would show in its modification time.
    A file system keeps times at a coarse tick, so a change within the tick of the
    last one would otherwise leave a stale report behind (git's "racy clean")."""
    if file_identity(path) != before:
        return False
    try:
        age = time.time() - os.stat(path).st_mtime
    except OSError:
        return False
    return age >= SETTLE_SECONDS


def rule_selection(flt: FindingFilter | None) -> str:
    """The rule selection a report was made with, as canonical text."""
    if flt is None:
        return "{}"
    chosen = {
        "select": sorted(flt.select),
        "ignore": sorted(flt.ignore),
        "severity": {c: s.value for c, s in sorted(flt.severity_overrides.items())},
        "best_practices": flt.best_practices,
        "importance": dict(sorted(flt.importance.items())),
        "threshold": flt.threshold.value if flt.threshold is not None else None,
    }
    return json.dumps(chosen, sort_keys=True, separators=(",", ":"))


@functools.lru_cache(maxsize=1)
def engine_version() -> str:
    """nwb-lsp's version, its files' fingerprint and the spec packages' versions."""
    import hashlib  # with OpenSSL, 4 MB: only a run that uses the cache pays it
    from importlib import metadata

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for folder, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(_FINGERPRINTED):
                st = os.stat(os.path.join(folder, name))
                rel = os.path.relpath(os.path.join(folder, name), package)
                digest.update(f"{rel}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    for dist in ("pynwb", "hdmf"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=none\n".encode())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def cache_folder(option: str | None = None) -> Path:
    """Where the results cache lives (``--cache-dir``, the environment, the
    platform's user cache directory)."""
    if option:
        return Path(option).expanduser()
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nwb-lsp"))
