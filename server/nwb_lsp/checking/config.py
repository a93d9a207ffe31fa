"""Settings as users already write them: nwbinspector's YAML and ``pyproject.toml``.

Three sources, merged into one ``FindingFilter`` (the command line wins):

* an nwbinspector configuration file (``--config FILE``, or ``dandi`` for DANDI's
  own): lists of check names under ``CRITICAL``, ``BEST_PRACTICE_VIOLATION``,
  ``BEST_PRACTICE_SUGGESTION`` (the check's importance, and so its severity,
  becomes that) and ``SKIP`` (the check is not reported);
* a ``[tool.nwb-lsp]`` table in the nearest ``pyproject.toml``, like ruff's:
  ``select``, ``ignore``, ``severity`` (code -> error/warning/info),
  ``best-practices`` (true/false), ``config`` (an nwbinspector file, relative to
  the pyproject) and ``threshold``;
* ``--threshold LEVEL``: findings less severe than LEVEL are dropped; LEVEL is a
  severity (error, warning, info) or an nwbinspector importance (CRITICAL is error,
  BEST_PRACTICE_VIOLATION warning, BEST_PRACTICE_SUGGESTION info).

A configuration that names an unknown check, code or level is a ``ConfigError``
(the CLI's usage error; the language server logs it and keeps its defaults).
Giving a configuration file turns best practices on.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nwb_lsp.findings import IMPORTANCE_SEVERITY, FindingFilter, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SKIP = "SKIP"
# DANDI's configuration (nwbinspector's internal "dandi" config): the checks DANDI
# raises to CRITICAL, and the one it lowers.
DANDI = {
    "CRITICAL": [
        "check_subject_exists",
        "check_subject_id_exists",
        "check_subject_id_no_slashes",
        "check_subject_sex",
        "check_subject_species_exists",
        "check_subject_species_form",
        "check_subject_age",
        "check_subject_proper_age_range",
        "check_session_id_no_slashes",
    ],
    "BEST_PRACTICE_VIOLATION": ["check_data_orientation"],
}


class ConfigError(ValueError):
    """A configuration that cannot be used, with the reason."""


@dataclass
class Settings:
    """What the configuration sources say; ``filter()`` merges them."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    best_practices: bool = False
    importance: dict[str, str] = field(default_factory=dict)
    threshold: Severity | None = None

    def filter(self) -> FindingFilter:
        return FindingFilter(
            self.select,
            self.ignore,
            dict(self.severity),
            best_practices=self.best_practices,
            importance=dict(self.importance),
            threshold=self.threshold,
        )


def level(text: str) -> Severity:
    """A threshold: a severity or an nwbinspector importance, in any case."""
    upper = str(text).strip().upper()
    if upper in IMPORTANCE_SEVERITY:
        return IMPORTANCE_SEVERITY[upper]
    try:
        return Severity(upper.lower())
    except ValueError:
        names = ", ".join([*(s.value for s in Severity), *IMPORTANCE_SEVERITY])
        raise ConfigError(f"unknown level {text!r}; use one of {names}") from None


def inspector_config(source: str | Path) -> tuple[dict[str, str], list[str]]:
    """An nwbinspector config (a file, or ``dandi``) as B code -> importance, and
    the B codes it skips."""
    raw = DANDI if str(source) == "dandi" else _read_yaml(Path(source))
    from nwb_lsp.rules.bestpractice import by_check_name

    codes = by_check_name()
    importance: dict[str, str] = {}
    skipped: list[str] = []
    for key, names in raw.items():
        if key != SKIP and key not in IMPORTANCE_SEVERITY:
            raise ConfigError(f"{source}: unknown key {key!r} (an importance or SKIP)")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConfigError(f"{source}: {key} must be a list of check names")
        for name in names:
            if name not in codes:
                continue  # a check nwb-lsp does not carry over (see docs/codes.md)
            if key == SKIP:
                skipped.append(codes[name])
            else:
                importance[codes[name]] = key
    return importance, skipped


def _read_yaml(path: Path) -> dict[str, Any]:
    import yaml  # only a run given --config FILE reads YAML: the others start faster

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: an nwbinspector config is a mapping")
    return raw


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.nwb-lsp]`` table, upwards."""
    for folder in [start.resolve(), *start.resolve().parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "nwb-lsp" in _tool(candidate, quiet=True):
            return candidate
    return None


def _tool(path: Path, *, quiet: bool = False) -> dict[str, Any]:
    try:
        tools = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        if quiet:
            return {}
        raise ConfigError(f"{path}: {exc}") from None
    return tools if isinstance(tools, dict) else {}


def from_pyproject(path: Path) -> Settings:
    """The ``[tool.nwb-lsp]`` table of ``path`` as settings."""
    table = _tool(path).get("nwb-lsp", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.nwb-lsp] must be a table")
    settings = Settings(
        select=_codes(table.get("select", []), path, "select"),
        ignore=_codes(table.get("ignore", []), path, "ignore"),
        best_practices=bool(table.get("best-practices", False)),
    )
    for code, value in (table.get("severity") or {}).items():
        settings.severity[str(code).upper()] = _severity(value, path)
    if "threshold" in table:
        settings.threshold = level(str(table["threshold"]))
    if "config" in table:
        apply_inspector(settings, path.parent / str(table["config"]))
    return settings


def apply_inspector(settings: Settings, source: str | Path) -> None:
    """Merge an nwbinspector config into ``settings`` (it turns best practices on)."""
    importance, skipped = inspector_config(source)
    settings.importance.update(importance)
    settings.ignore = (*settings.ignore, *skipped)
    settings.best_practices = True


def _codes(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: [tool.nwb-lsp] {key} must be a list of codes")
    return tuple(v.strip().upper() for v in value if v.strip())


def _severity(value: Any, path: Path) -> Severity:
    try:
        return Severity(str(value).lower())
    except ValueError:
        raise ConfigError(
            f"{path}: severity {value!r} is not error, warning or info"
        ) from None
