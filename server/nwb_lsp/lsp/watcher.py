"""Watching the workspace with watchdog when the client cannot watch files for us."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from nwb_lsp.lsp.server import NwbLanguageServer

log = logging.getLogger(__name__)
WRITE_EVENTS = {"created", "modified", "moved", "deleted", "closed"}


def start_watchdog(
    ls: NwbLanguageServer, roots: list[Path], loop: asyncio.AbstractEventLoop
) -> Any:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    from nwb_lsp.lsp.nwb_files import schedule

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            # Only changes: opening a file to read it (as our own workers do) must
            # not trigger another validation.
            if event.event_type not in WRITE_EVENTS or event.is_directory:
                return
            for raw in (event.src_path, getattr(event, "dest_path", "")):
                path = str(raw)
                if path.endswith(".nwb"):
                    loop.call_soon_threadsafe(schedule, ls, Path(path))

    observer = Observer()
    for root in roots:
        observer.schedule(Handler(), str(root), recursive=True)
    observer.daemon = True
    observer.start()
    log.info("watching %s with watchdog", ", ".join(map(str, roots)))
    return observer
