"""Checking many paths: which files a path holds, and their reports.

``discovery`` turns the paths a user gives into the files to check — NWB files and
NWB spec YAML — skipping Python environments, build trees, installed packages and
whatever git ignores (``gitignore``); ``runner`` checks NWB files in worker processes
and spec YAML in the spec layer. This package runs in the process that talks to the
user (the CLI) or the editor (the language server), so it never imports h5py.
"""

from __future__ import annotations

from nwb_lsp.checking.discovery import (
    Discovery,
    Skipped,
    collect_paths,
    discover,
    is_spec_path,
    looks_like_spec,
)
from nwb_lsp.checking.runner import DEFAULT_TIMEOUT, check_paths, report_from_outcome

__all__ = [
    "DEFAULT_TIMEOUT",
    "Discovery",
    "Skipped",
    "check_paths",
    "collect_paths",
    "discover",
    "is_spec_path",
    "looks_like_spec",
    "report_from_outcome",
]
