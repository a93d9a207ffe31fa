"""The results cache: a file's report is not computed twice while the file is unchanged.

One SQLite database (``results.sqlite3``, in WAL mode so that many processes of one
host — CLI runs, language servers — read while one writes; WAL shares memory, so
not over a network file system from several hosts) keeps one report per checked
file and rule selection. A stored report is used when three things match what the
caller has now:

* the file's *identity*: for a local file its size, ``st_mtime_ns``, device and
  inode (a file rewritten in place or replaced by a rename gets a new one). A remote
  file's identity will be its size and ETag or Last-Modified, as ``remote:...``;
  identities are opaque strings here, compared for equality only;
* the *engine*: nwb-lsp's version plus a fingerprint of its installed source and
  data files, and the versions of pynwb and hdmf (whose core specs a file without
  its own specs is checked against), so an upgrade or an edited checkout misses;
* the *rule selection*: ``--select``/``--ignore`` and severity overrides.

What is never stored (``cacheable``): spec YAML (its report depends on the files
beside it); a report with a finding that describes the moment rather than the file —
being written (F004), a crash or a timeout of the worker (F005, F006), a file that
vanished or could not be opened (F007, F013), not a regular file (F012), nwb-lsp's
own failures (F008, F009), a remote server's failures (F015-F019) and a task the
cluster lost (F020); findings about other
files, which may appear or change without this one changing (a missing external
link target, G002/G003; a missing external movie, T006); and any report whose
file changed while it was checked (identity before and after differ) or was
modified less than 2 s before (a change within the file system's time tick would
not show). A report
with no such finding is kept even when the file links to other files: a linked
file that later breaks shows up once the file changes, with ``--no-cache`` or
after ``nwb-lsp cache clear``.

The cache is an optimisation and never a reason to fail: a database that is not
SQLite or is damaged is deleted and rebuilt; one that stays busy past the timeout,
or a folder that cannot be written, costs only the caching.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from nwb_lsp.checking.codec import report_from_json, report_to_json
from nwb_lsp.checking.identity import engine_version
from nwb_lsp.findings import FileReport

log = logging.getLogger(__name__)
T = TypeVar("T")
DB_NAME = "results.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT = 10.0  # seconds a writer waits for another before giving up the write
NOT_CACHED = frozenset(
    {"F004", "F005", "F006", "F007", "F008", "F009", "F012", "F013", "F020"}
    | {"F015", "F016", "F017", "F018", "F019"}  # a remote server's passing state
    | {"G002", "G003", "T006"}  # about other files, which may appear later
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    path TEXT NOT NULL,
    selection TEXT NOT NULL,
    engine TEXT NOT NULL,
    identity TEXT NOT NULL,
    report TEXT NOT NULL,
    stored REAL NOT NULL,
    PRIMARY KEY (path, selection, engine)
)
"""


def cacheable(report: FileReport) -> bool:
    """Whether ``report`` describes the file itself, not the moment it was read."""
    return report.kind == "nwb" and not any(
        f.code in NOT_CACHED for f in report.findings
    )


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    size_bytes: int


class ResultsCache:
    """Stored reports in ``folder / results.sqlite3``; safe across threads and
    processes; every failure is logged and turns into a miss."""

    def __init__(self, folder: Path, *, engine: str | None = None) -> None:
        self.path = Path(folder) / DB_NAME
        self.engine = engine if engine is not None else engine_version()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._disabled = False

    def get(self, path: str, identity: str, selection: str) -> FileReport | None:
        """The report stored for ``path`` with this identity, if any."""
        row = self._run(
            "SELECT identity, report FROM reports "
            "WHERE path = ? AND selection = ? AND engine = ?",
            (path, selection, self.engine),
        )
        if not row or row[0][0] != identity:
            return None
        try:
            return report_from_json(row[0][1])
        except ValueError:
            return None  # written by something else: checked again, then replaced

    def put(self, report: FileReport, identity: str, selection: str) -> bool:
        """Store ``report`` (if ``cacheable``); whether it was stored."""
        if not cacheable(report):
            return False
        stored = self._run(
            "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?)",
            (
                report.path,
                selection,
                self.engine,
                identity,
                report_to_json(report),
                time.time(),
            ),
        )
        return stored is not None

    def clear(self) -> int:
        """Forget every stored report; how many there were."""
        count = self.info().entries
        self._run("DELETE FROM reports", ())
        self._run("VACUUM", ())
        return count

    def info(self) -> CacheInfo:
        rows = self._run("SELECT count(*) FROM reports", ())
        size = sum(
            p.stat().st_size
            for p in (self.path, _sidecar(self.path, "-wal"))
            if p.exists()
        )
        return CacheInfo(self.path, rows[0][0] if rows else 0, size)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _run(
        self, sql: str, params: tuple[object, ...]
    ) -> list[tuple[Any, ...]] | None:
        """Rows of ``sql``; ``None`` when the cache could not answer. A damaged
        database is rebuilt once and the statement tried again."""
        with self._lock:
            for attempt in (1, 2):
                db = self._connect()
                if db is None:
                    return None
                try:
                    return _patiently(partial(_rows, db, sql, params))
                except sqlite3.OperationalError as exc:  # busy too long, full
                    log.warning("results cache %s: %s", self.path, exc)
                    return None
                except sqlite3.DatabaseError as exc:  # not a database, malformed
                    log.warning("results cache %s rebuilt: %s", self.path, exc)
                    self._discard()
                    if attempt == 2:
                        self._disabled = True
        return None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._disabled:
            return self._db
        try:
            self._db = _open(self.path)
        except sqlite3.OperationalError as exc:
            log.warning("results cache %s not used: %s", self.path, exc)
            self._disabled = True
        except (sqlite3.DatabaseError, OSError) as exc:
            log.warning("results cache %s rebuilt: %s", self.path, exc)
            self._discard()
            try:
                self._db = _open(self.path)
            except (sqlite3.DatabaseError, OSError) as again:
                log.warning("results cache %s not used: %s", self.path, again)
                self._disabled = True
        return self._db

    def _discard(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        for suffix in ("", "-wal", "-shm"):
            _sidecar(self.path, suffix).unlink(missing_ok=True)


def _rows(
    db: sqlite3.Connection, sql: str, params: tuple[object, ...]
) -> list[tuple[Any, ...]]:
    return list(db.execute(sql, params))


def _patiently(action: Callable[[], T]) -> T:
    """``action()``, tried again while another process holds the database.

    SQLite's busy timeout does not cover every wait: switching a new database to
    WAL, or a write in WAL mode racing another connection's, can fail at once with
    "database is locked" however long the timeout; four processes filling one new
    cache meet that within seconds."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _open(path: Path) -> sqlite3.Connection:
    """The database at ``path``, created when missing, in WAL mode (patiently:
    other processes may be creating it at the same moment)."""
    return _patiently(lambda: _open_once(path))


def _open_once(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise sqlite3.OperationalError(str(exc)) from exc
    db = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
    )
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):  # an older layout: start afresh
            db.execute("DROP TABLE IF EXISTS reports")
        db.execute(_SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except sqlite3.Error:
        db.close()
        raise
    return db


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)
