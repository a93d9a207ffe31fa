"""Resident memory of the language server and of the processes it started, from /proc.

The server runs its HDF5 work in worker processes (forked from a forkserver it
starts), so "the server's memory" is two figures: the server process itself, and the
sum over its descendants (forkserver, workers, multiprocessing's resource tracker).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def rss_mb(pid: int) -> float:
    """VmRSS of ``pid`` in MB; 0 when the process is gone."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _parent(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # the command name (field 2) is parenthesised and may hold spaces
    return int(stat.rsplit(")", 1)[1].split()[1])


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid``, at any depth."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            parent = _parent(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    out: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        child = todo.pop()
        out.append(child)
        todo.extend(children.get(child, []))
    return sorted(out)


@dataclass(frozen=True)
class MemorySample:
    """RSS of the server and of its helper processes after ``edits`` edits."""

    edits: int
    commands: int
    server_mb: float
    workers_mb: float
    workers: int

    def line(self) -> str:
        return (
            f"{self.edits:>6} edits {self.commands:>4} commands  "
            f"server {self.server_mb:6.1f} MB  "
            f"workers {self.workers_mb:6.1f} MB ({self.workers} processes)"
        )


def sample(pid: int, edits: int, commands: int) -> MemorySample:
    helpers = descendants(pid)
    return MemorySample(
        edits,
        commands,
        rss_mb(pid),
        sum(rss_mb(p) for p in helpers),
        len(helpers),
    )
