"""What git ignores under a folder, so that a walk for files to check leaves it out.

Inside a git work tree git itself answers, once per walked folder:
``git ls-files --others --ignored --exclude-standard --directory`` lists every
ignored path that is not tracked (a wholly ignored folder as one entry, which git
does not enter). Every source of rules git knows counts — ``.gitignore`` at every
level, ``.git/info/exclude``, the user's ``core.excludesFile`` — and a tracked file
is never ignored, as in git.

Without a git executable, or when git refuses the repository (e.g. one owned by
another user), the work tree's ``.gitignore`` files and ``.git/info/exclude`` are
matched with the pathspec library's gitwildmatch patterns instead: tracked files are
then not known, and the user's global excludes file is not read.

A folder that git ignores itself, when named explicitly, is walked without these
rules: an explicit path is always checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

GIT_TIMEOUT = 120.0  # seconds; listing a huge untracked tree is slow, not stuck


class IgnoreRules(Protocol):
    """Answers whether a path under the walked folder is ignored."""

    reason: str

    def ignored(self, path: Path, *, is_dir: bool) -> bool: ...


def ignore_rules(root: Path) -> IgnoreRules | None:
    """The ignore rules that hold under ``root``; ``None`` outside a work tree or
    when ``root`` itself is ignored."""
    git = shutil.which("git")
    if git is not None:
        inside = _git(git, root, "rev-parse", "--is-inside-work-tree")
        if inside is not None:
            return _listing(git, root) if inside.strip() == b"true" else None
    top = _work_tree_top(root)
    return _patterns(top, root) if top is not None else None


@dataclass
class GitListing:
    """Ignored paths under ``root`` as git lists them (folders end in ``/``)."""

    root: Path
    paths: frozenset[str]
    reason: str = "ignored by git"

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        rel = path.relative_to(self.root).as_posix()
        return (rel + "/" if is_dir else rel) in self.paths


def _git(git: str, root: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(
            [git, "-C", str(root), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _listing(git: str, root: Path) -> GitListing | None:
    out = _git(
        git,
        root,
        *("ls-files", "-z", "--others", "--ignored", "--exclude-standard"),
        "--directory",
    )
    paths = frozenset(os.fsdecode(p) for p in (out or b"").split(b"\0") if p)
    if out is None or "./" in paths:  # root itself is ignored (git may fail then)
        return None
    return GitListing(root, paths)


def _work_tree_top(root: Path) -> Path | None:
    here = root.absolute()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


@dataclass
class GitignorePatterns:
    """``.gitignore`` files and ``.git/info/exclude`` matched with pathspec."""

    top: Path
    reason: str = "matched by .gitignore"
    _specs: dict[Path, Any] = field(default_factory=dict)

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        target = path.absolute()
        suffix = "/" if is_dir else ""
        verdict: bool | None = None
        # lowest precedence first: info/exclude, then .gitignore from the top down
        bases = [self.top, *_folders_between(self.top, target.parent)]
        sources = [self.top / ".git" / "info" / "exclude"]
        sources += [base / ".gitignore" for base in bases]
        for base, source in zip([self.top, *bases], sources, strict=True):
            spec = self._spec(source)
            if spec is not None:
                found = spec.check_file(target.relative_to(base).as_posix() + suffix)
                verdict = found.include if found.include is not None else verdict
        return bool(verdict)

    def _spec(self, source: Path) -> Any:
        if source not in self._specs:
            self._specs[source] = _load_patterns(source)
        return self._specs[source]


def _folders_between(top: Path, folder: Path) -> list[Path]:
    """``top``'s sub-folders down to ``folder`` (inclusive), outermost first."""
    out, current = [], top
    for part in folder.relative_to(top).parts:
        current = current / part
        out.append(current)
    return out


def _load_patterns(source: Path) -> Any:
    import pathspec

    try:
        lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _patterns(top: Path, root: Path) -> GitignorePatterns | None:
    try:
        import pathspec  # noqa: F401
    except ImportError:
        return None
    rules = GitignorePatterns(top)
    here = root.absolute()
    if here != top and rules.ignored(here, is_dir=True):
        return None
    return rules
