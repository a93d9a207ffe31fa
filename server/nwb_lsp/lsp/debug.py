"""``nwb.debugMemory``: the server's own account of what it holds in memory.

For finding what a long session keeps. The command answers with the server's RSS,
the size of each piece of per-document state (open documents, spec documents
indexed, diagnostics and result ids, pending work, schema-pipeline findings of
namespace files, pygls' in-flight requests), live objects by type, and — when the
server was started with ``NWB_LSP_TRACEMALLOC=<frames>`` — the Python allocations
by source line and how they changed since the previous call. It reads nothing from
disk and changes nothing.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import os
import tracemalloc
from pathlib import Path
from typing import Any

from nwb_lsp.lsp.server import NwbLanguageServer

TRACE_ENV = "NWB_LSP_TRACEMALLOC"
TOP = 15
_previous: list[tracemalloc.Snapshot] = []


def rss_mb() -> float | None:
    """The process's resident set in MB (Linux), else ``None``."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def held(ls: NwbLanguageServer) -> dict[str, int]:
    """How many entries each piece of the server's state has."""
    protocol: Any = ls.protocol
    return {
        "open_documents": len(ls.workspace.text_documents),
        "spec_documents": len(ls.specs.documents),
        "spec_results": len(ls.spec_results),
        "pipeline_namespaces": len(ls.pipeline),
        "pipeline_findings": sum(
            len(found) for per in ls.pipeline.values() for found in per.values()
        ),
        "pending": len(ls.pending),
        "request_futures": len(getattr(protocol, "_request_futures", {})),
        "result_types": len(getattr(protocol, "_result_types", {})),
        "asyncio_tasks": _tasks(),
    }


def _tasks() -> int:
    try:
        return len(asyncio.all_tasks())
    except RuntimeError:
        return 0


def objects_by_type() -> dict[str, int]:
    counts = collections.Counter(type(o).__name__ for o in gc.get_objects())
    return dict(counts.most_common(TOP))


def allocations() -> dict[str, Any] | None:
    """Traced allocations by line, and the change since the previous call."""
    if not tracemalloc.is_tracing():
        return None
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, tracemalloc.__file__)]
    )
    current, peak = tracemalloc.get_traced_memory()
    out: dict[str, Any] = {
        "traced_mb": round(current / 2**20, 2),
        "peak_mb": round(peak / 2**20, 2),
        "top": [str(s) for s in snapshot.statistics("lineno")[:TOP]],
    }
    if _previous:
        diff = snapshot.compare_to(_previous[0], "lineno")
        out["growth"] = [str(s) for s in diff[:TOP]]
    _previous[:] = [snapshot]
    return out


def start_tracing() -> None:
    """Trace allocations when ``NWB_LSP_TRACEMALLOC`` holds a frame count."""
    frames = os.environ.get(TRACE_ENV, "")
    if frames.isdigit() and int(frames) > 0 and not tracemalloc.is_tracing():
        tracemalloc.start(int(frames))


def register(server: NwbLanguageServer) -> None:
    start_tracing()

    @server.command("nwb.debugMemory")
    def debug_memory(ls: NwbLanguageServer, *_args: Any) -> dict[str, Any]:
        gc.collect()
        return {
            "rss_mb": rss_mb(),
            "held": held(ls),
            "objects": len(gc.get_objects()),
            "objects_by_type": objects_by_type(),
            "allocations": allocations(),
        }
