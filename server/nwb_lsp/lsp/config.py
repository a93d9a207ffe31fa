"""The server's settings: the client's ``nwb`` configuration section, validated.

Bad values fall back to defaults with a logged warning; the server never fails on a
setting. The ``[tool.nwb-lsp]`` table of the workspace's ``pyproject.toml`` (and
the nwbinspector config it names) comes first, as for ``nwb-lsp check``; the
client's ``select``/``ignore`` replace its lists when given, ``severity`` adds to
it, ``bestPractices``, ``config`` (an nwbinspector YAML file or ``dandi``) and
``threshold`` add to or replace what it says.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nwb_lsp.checking import config as shared
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
    best_practices: bool = False
    importance: dict[str, str] = field(default_factory=dict)
    threshold: Severity | None = None

    @property
    def filter(self) -> FindingFilter:
        return FindingFilter(
            self.select,
            self.ignore,
            self.severity,
            best_practices=self.best_practices,
            importance=self.importance,
            threshold=self.threshold,
        )


def _project(roots: tuple[Path, ...]) -> Settings:
    """The ``[tool.nwb-lsp]`` table of the first workspace root that has one."""
    settings = Settings()
    for root in roots:
        found = shared.find_pyproject(root)
        if found is None:
            continue
        try:
            project = shared.from_pyproject(found)
        except shared.ConfigError as exc:
            log.warning("%s", exc)
            return settings
        settings.select, settings.ignore = project.select, project.ignore
        settings.severity = dict(project.severity)
        settings.best_practices = project.best_practices
        settings.importance = dict(project.importance)
        settings.threshold = project.threshold
        return settings
    return settings


def _best_practices(settings: Settings, raw: dict[str, Any]) -> None:
    """``bestPractices``, ``config`` and ``threshold`` of the client's section."""
    if isinstance(raw.get("bestPractices"), bool):
        settings.best_practices = settings.best_practices or raw["bestPractices"]
    try:
        if raw.get("config"):
            found = shared.Settings(ignore=settings.ignore)
            shared.apply_inspector(found, str(raw["config"]))
            settings.importance.update(found.importance)
            settings.ignore, settings.best_practices = found.ignore, True
        if raw.get("threshold"):
            settings.threshold = shared.level(str(raw["threshold"]))
    except shared.ConfigError as exc:
        log.warning("nwb settings: %s", exc)


def _codes(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    log.warning("nwb.%s must be a list of codes; ignoring %r", name, value)
    return ()


def parse_settings(raw: Any, roots: tuple[Path, ...] = ()) -> Settings:
    settings = _project(roots)
    if not isinstance(raw, dict):
        if raw is not None:
            log.warning("nwb settings must be an object; using defaults")
        return settings
    settings.select = _codes(raw.get("select", []), "select") or settings.select
    settings.ignore = _codes(raw.get("ignore", []), "ignore") or settings.ignore
    _best_practices(settings, raw)
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
