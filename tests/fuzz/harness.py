"""Running generated cases through ``nwb-lsp check --format json`` and classifying
what happened to each one.

A batch of cases is checked by one real ``nwb-lsp check`` process, started in a
session of its own so that every process it starts (the fork server, workers, index
helpers) can be found afterwards. Each case gets one outcome class:

* ``verdict`` — a JSON report for the file, without the two classes below;
* ``internal`` — the report holds ``F008`` or ``F009`` (nwb-lsp failed on the file,
  or one of its rules on an object: a bug);
* ``timeout`` — the report holds ``F006`` (the per-file timeout), or the whole
  process ran past the batch's limit and was killed;
* ``traceback`` — a traceback on stderr, no parsable JSON, or no report for the file;
* ``leftover`` — a process of the session outlived ``nwb-lsp check``;
* ``changed`` — the input's bytes differ after the check (nwb-lsp must never write
  to a file it checks).

A batch with a traceback, a crash or a timeout is checked again one case at a time,
so the class lands on the case that caused it.

One libhdf5 bug is known: a global heap collection (where variable-length strings
live) whose object list holds an entry of index 0 and size 0 makes libhdf5's
``H5HG__cache_heap_deserialize`` loop forever, in any program reading a string
stored there. nwb-lsp contains it (the worker is killed at the timeout: ``F006``,
the other files are checked). A case whose file holds such a heap is classed
``libhdf5-loop`` when it times out (``heap_loop`` finds the heap from the bytes).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CLASSES = (
    "verdict",
    "internal",
    "timeout",
    "traceback",
    "leftover",
    "changed",
    "libhdf5-loop",
)
SETTLE = 5.0  # seconds a session's processes get to exit after nwb-lsp check does


@dataclass(frozen=True)
class Case:
    index: int
    kind: str  # mutation kind, e.g. "byte_flip" or "spec:truncation"
    path: Path


@dataclass(frozen=True)
class Outcome:
    case: Case
    klass: str
    detail: str = ""


def digest(path: Path) -> str:
    """A hash of a file, or of every file under a folder (paths and bytes)."""
    h = hashlib.sha256()
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    for file in files:
        if file.is_file() and not file.is_symlink():
            h.update(str(file).encode())
            h.update(file.read_bytes())
    return h.hexdigest()


def heap_loop(path: Path) -> int | None:
    """The file offset of a global heap collection libhdf5 would never finish
    reading (see the module's docstring), or None."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    at = data.find(b"GCOL\x01")
    while at >= 0:
        size = int.from_bytes(data[at + 8 : at + 16], "little")
        if _spins(data[at : at + size], size):
            return at
        at = data.find(b"GCOL\x01", at + 1)
    return None


def _spins(heap: bytes, size: int) -> bool:
    """libhdf5's walk over a collection's objects (8-byte lengths): an object of
    index 0 (free space) and size 0 never moves it forward."""
    p = 16  # after signature, version, reserved bytes and the collection's size
    while 16 <= size <= len(heap) and p < size and p + 16 <= size:
        index = int.from_bytes(heap[p : p + 2], "little")
        length = int.from_bytes(heap[p + 8 : p + 16], "little")
        need = 16 + (length + 7) // 8 * 8 if index else length
        if need == 0:
            return True
        p += need
    return False


def _session_processes(sid: int) -> list[int]:
    """Live processes of session ``sid`` (Linux ``/proc``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state ppid pgrp sid
            found.append(int(entry.name))
    return found


def _leftovers(sid: int) -> list[int]:
    """Processes still alive ``SETTLE`` seconds after the session leader ended
    (polled: most end within milliseconds); they are then killed."""
    deadline = time.monotonic() + SETTLE
    alive = _session_processes(sid)
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = _session_processes(sid)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return alive


@dataclass
class Run:
    """What one ``nwb-lsp check`` process did."""

    reports: dict[str, list[str]] | None  # path -> finding codes; None: no JSON
    stderr: str
    killed: bool
    leftovers: list[int]


def run_check(paths: Sequence[Path], *, timeout: float, jobs: int) -> Run:
    limit = 60 + timeout * len(paths) / max(jobs, 1)
    command = [
        sys.executable, "-m", "nwb_lsp", "check", "--format", "json",
        "--timeout", f"{timeout:g}", "-j", str(jobs), *map(str, paths),
    ]  # fmt: skip
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        text=True,
        errors="replace",
    )
    killed = False
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        killed = True
    return Run(_parse(out), err, killed, _leftovers(proc.pid))


def _parse(out: str) -> dict[str, list[str]] | None:
    try:
        report = json.loads(out)
        return {f["path"]: [x["code"] for x in f["findings"]] for f in report["files"]}
    except (ValueError, KeyError, TypeError):
        return None


def classify(case: Case, run: Run, changed: bool) -> Outcome:
    codes = (run.reports or {}).get(str(case.path))
    if changed:
        return Outcome(case, "changed", "the input's bytes changed")
    if run.killed:
        return _timeout(case, "nwb-lsp check ran past the batch limit")
    if "Traceback" in run.stderr or codes is None:
        return Outcome(case, "traceback", _last_lines(run.stderr))
    failed = [c for c in ("F008", "F009") if c in codes]  # the file, or one rule
    if failed:
        return Outcome(case, "internal", f"{failed[0]} in the report")
    if "F006" in codes:
        return _timeout(case, "F006 in the report")
    if run.leftovers:
        return Outcome(case, "leftover", f"processes left: {run.leftovers}")
    return Outcome(case, "verdict")


def _timeout(case: Case, detail: str) -> Outcome:
    at = heap_loop(case.path)
    if at is not None:
        return Outcome(case, "libhdf5-loop", f"{detail}; global heap at byte {at}")
    return Outcome(case, "timeout", detail)


def _last_lines(text: str, n: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[-n:]) or "no report for the file"


def check_batch(
    cases: Sequence[Case], *, timeout: float = 30.0, jobs: int = 2
) -> list[Outcome]:
    """Every case checked; a batch that misbehaves is split down to single cases."""
    before = {c.index: digest(c.path) for c in cases}
    run = run_check([c.path for c in cases], timeout=timeout, jobs=jobs)
    outcomes = [classify(c, run, digest(c.path) != before[c.index]) for c in cases]
    trouble = run.killed or run.reports is None or "Traceback" in run.stderr
    if trouble and len(cases) > 1:
        return [o for c in cases for o in check_batch([c], timeout=timeout, jobs=1)]
    if run.leftovers and len(cases) > 1:  # which case left them is not known
        return [o for c in cases for o in check_batch([c], timeout=timeout, jobs=1)]
    return outcomes
