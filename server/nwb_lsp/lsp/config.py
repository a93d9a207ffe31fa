"""The server's settings: the client's ``nwb`` configuration section, validated.

Bad values fall back to defaults with a logged warning; the server never fails on a
setting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from nwb_lsp.findings import FindingFilter, Severity

log = logging.getLogger(__name__)


@dataclass
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    workers: int = 2
    watch: bool = True
    spec_paths: tuple[str, ...] = ()
    debounce: float = 0.3
    timeout: float = 60.0  # seconds per .nwb file (and per command on one)
    worker_max_tasks: int = 100  # a worker is replaced after this many tasks
    worker_max_memory: float = 1024.0  # ... or once its RSS passes this (MB)

    @property
    def filter(self) -> FindingFilter:
        return FindingFilter(self.select, self.ignore, self.severity)


def _codes(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    log.warning("nwb.%s must be a list of codes; ignoring %r", name, value)
    return ()


def parse_settings(raw: Any) -> Settings:
    settings = Settings()
    if not isinstance(raw, dict):
        if raw is not None:
            log.warning("nwb settings must be an object; using defaults")
        return settings
    settings.select = _codes(raw.get("select", []), "select")
    settings.ignore = _codes(raw.get("ignore", []), "ignore")
    for code, level in (raw.get("severity") or {}).items():
        try:
            settings.severity[str(code)] = Severity(level)
        except ValueError:
            log.warning("nwb.severity.%s: %r is not error/warning/info", code, level)
    workers = raw.get("workers", settings.workers)
    if isinstance(workers, int) and 1 <= workers <= 64:
        settings.workers = workers
    else:
        log.warning("nwb.workers must be 1..64; using %d", settings.workers)
    if isinstance(raw.get("watch", True), bool):
        settings.watch = raw.get("watch", True)
    settings.spec_paths = _codes(raw.get("specPaths", []), "specPaths")
    for key, attr in (
        ("debounce", "debounce"),
        ("timeout", "timeout"),
        ("workerMaxMemory", "worker_max_memory"),
    ):
        value = raw.get(key, getattr(settings, attr))
        if isinstance(value, int | float) and value >= 0:
            setattr(settings, attr, float(value))
        else:
            log.warning("nwb.%s must be a non-negative number", key)
    tasks = raw.get("workerMaxTasks", settings.worker_max_tasks)
    if isinstance(tasks, int) and not isinstance(tasks, bool) and tasks >= 0:
        settings.worker_max_tasks = tasks
    else:
        log.warning("nwb.workerMaxTasks must be a whole number >= 0 (0: no limit)")
    return settings
