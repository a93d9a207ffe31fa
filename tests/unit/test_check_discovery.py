"""Which files ``nwb-lsp check DIR`` checks: environments, build trees, installed
packages and git-ignored paths are left out (and the user told); explicit paths are
always checked; spec YAML is recognised by its top-level keys."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nwb_lsp.checking import discover
from nwb_lsp.checking.gitignore import GitignorePatterns
from nwb_lsp.cli import main

DATA = Path(__file__).parents[1] / "data"
BAD = DATA / "corpus" / "1.5.1_timeseries_no_unit.nwb"  # one M010 error
BROKEN_SPEC = DATA / "spec" / "ndx-broken"
GIT = shutil.which("git")


def _put(root: Path, *names: str) -> None:
    for name in names:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".nwb"):
            shutil.copy(BAD, target)
        else:
            target.write_text("")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _rel(root: Path, paths: list[Path]) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A Python project with data, a venv, packages and build output."""
    root = tmp_path / "project"
    _put(
        root,
        "pyproject.toml",
        "data/session.nwb",
        "data/raw/sub-1.nwb",
        "venv/pyvenv.cfg",
        "venv/lib/python3.11/site-packages/pynwb/tests/bad.nwb",
        "env/conda-meta/history",
        "env/share/x.nwb",
        "lib/site-packages/y.nwb",
        "web/node_modules/pkg/z.nwb",
        "build/lib/pkg/data.nwb",
        "dist/old.nwb",
        ".tox/py311/w.nwb",
        "tools/dist/pkg.egg-info/PKG-INFO",
        "tools/dist/q.nwb",
        "tools/build/kept.nwb",  # no packaging file beside it: user data
    )
    return root


def test_environments_packages_and_build_output_are_left_out(project: Path) -> None:
    found = discover([project])
    assert _rel(project, found.files) == [
        "data/raw/sub-1.nwb",
        "data/session.nwb",
        "tools/build/kept.nwb",
    ]
    assert sorted((_rel(project, [s.path])[0], s.reason) for s in found.skipped) == [
        ("build", "Python build output"),
        ("dist", "Python build output"),
        ("env", "a conda environment"),
        ("lib/site-packages", "installed Python packages"),
        ("tools/dist", "Python build output"),
        ("venv", "a Python virtual environment"),
        ("web/node_modules", "installed Node.js packages"),
    ]


def test_an_explicit_path_is_always_checked(project: Path) -> None:
    _put(project, "venv/share/notes.nwb")
    found = discover([project / "venv", project / "dist" / "old.nwb"])
    # the folder named is walked, though what it holds is still filtered
    assert _rel(project, found.files) == ["venv/share/notes.nwb", "dist/old.nwb"]
    assert [(_rel(project, [s.path])[0], s.reason) for s in found.skipped] == [
        ("venv/lib/python3.11/site-packages", "installed Python packages")
    ]


@pytest.mark.skipif(GIT is None, reason="needs git")
def test_git_ignored_paths_are_left_out(project: Path) -> None:
    _git(project, "init", "-q")
    (project / ".gitignore").write_text("scratch/\n*.tmp.nwb\n!keep.tmp.nwb\n")
    (project / "data" / ".gitignore").write_text("raw/\n")
    _put(project, "scratch/a.nwb", "data/b.tmp.nwb", "data/keep.tmp.nwb")
    _put(project, "data/tracked.tmp.nwb")
    _git(project, "add", "-f", "data/tracked.tmp.nwb")  # tracked: never ignored
    found = discover([project])
    assert _rel(project, found.files) == [
        "data/keep.tmp.nwb",
        "data/session.nwb",
        "data/tracked.tmp.nwb",
        "tools/build/kept.nwb",
    ]
    ignored = [s for s in found.skipped if s.reason == "ignored by git"]
    assert sorted(_rel(project, [s.path for s in ignored])) == [
        "data/b.tmp.nwb",
        "data/raw",
        "scratch",
    ]
    # a folder git ignores, named explicitly, is checked whole
    assert _rel(project, discover([project / "scratch"]).files) == ["scratch/a.nwb"]
    # an ignored file named explicitly is checked
    named = project / "data" / "b.tmp.nwb"
    assert discover([named]).files == [named]


@pytest.mark.skipif(GIT is None, reason="needs git to compare with")
def test_without_git_gitignore_patterns_agree_with_git(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    names = [
        "a.nwb",
        "b.tmp.nwb",
        "keep.tmp.nwb",
        "sub/c.tmp.nwb",
        "sub/d.nwb",
        "sub/deep/e.nwb",
        "out/f.nwb",
        "x/out/g.nwb",
        "anchored/h.nwb",
        "sub/anchored/i.nwb",
        "sub/local.nwb",
        "sub/excluded.nwb",
    ]
    _put(root, *names)
    _git(root, "init", "-q")
    (root / ".gitignore").write_text(
        "# comment\n*.tmp.nwb\n!keep.tmp.nwb\nout/\n/anchored/\n"
    )
    (root / "sub" / ".gitignore").write_text("local.nwb\ndeep\n")
    (root / ".git" / "info" / "exclude").write_text("excluded.nwb\n")
    rules = GitignorePatterns(root)
    candidates = [*names, "out", "x/out", "anchored", "sub/anchored", "sub/deep"]
    ours = {
        name
        for name in candidates
        if rules.ignored(root / name, is_dir=(root / name).is_dir())
    }
    git = subprocess.run(
        ["git", "check-ignore", "--stdin"],
        cwd=root,
        input="\n".join(candidates),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ours == set(git.stdout.split())
    assert ours >= {"b.tmp.nwb", "out", "anchored", "sub/local.nwb"}


def test_without_git_the_cli_reads_gitignore(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _put(root, "a.nwb", "scratch/b.nwb")
    (root / ".git").mkdir()  # a work tree, as far as a walk can tell
    (root / ".gitignore").write_text("scratch/\n")
    bin_dir = Path(sys.executable).parent  # python, nwb-lsp; git is elsewhere
    env = {**os.environ, "PATH": str(bin_dir)}
    if (bin_dir / "git").exists():
        pytest.skip("git lives beside python here")
    done = subprocess.run(
        [sys.executable, "-m", "nwb_lsp", "check", str(root), "-v", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    files = [f["path"] for f in json.loads(done.stdout)["files"]]
    assert files == [str(root / "a.nwb")]
    assert f"skipped {root / 'scratch'}/: matched by .gitignore" in done.stderr


def test_the_user_is_told_what_was_left_out(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(project), "-q", "--select", "F"]) == 0
    assert capsys.readouterr().err == ""  # -q: findings only
    assert main(["check", str(project), "--select", "F"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "skipped 7 paths (Python build output: 3, a Python virtual environment: 1, "
        "a conda environment: 1, installed Node.js packages: 1, "
        "installed Python packages: 1); -v lists them",
        "3 files checked: 0 error(s), 0 warning(s), 0 note(s)",
    ]
    assert main(["check", str(project), "-v", "--select", "F"]) == 0
    verbose = capsys.readouterr().err.splitlines()
    assert f"skipped {project / 'venv'}/: a Python virtual environment" in verbose
    assert (
        f"skipped {project / 'web' / 'node_modules'}/: installed Node.js packages"
        in verbose
    )
    assert len(verbose) == 8


def test_spec_yaml_is_found_by_its_top_level_keys(tmp_path: Path) -> None:
    """hdmf-common names its namespace file ``namespace.yaml``: found by its
    ``namespaces`` key; other YAML in the folder is not a spec."""
    shutil.copytree(BROKEN_SPEC, tmp_path / "spec")
    folder = tmp_path / "spec"
    (folder / "ndx-broken.namespace.yaml").rename(folder / "namespace.yaml")
    (folder / "config.yml").write_text("jobs:\n  test: {}\n")
    found = discover([tmp_path])
    assert _rel(tmp_path, found.files) == [
        "spec/namespace.yaml",
        "spec/ndx-broken.extensions.yaml",
    ]
    assert found.skipped == []


def test_a_spec_file_checked_alone_sees_its_namespace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a pre-commit hook passes it: types from the namespace's other schema
    files resolve, as when the whole folder is checked."""
    (tmp_path / "ndx-two.namespace.yaml").write_text(
        "namespaces:\n- name: ndx-two\n  doc: two files\n  version: 0.1.0\n"
        "  author: [a]\n  contact: [a@example.org]\n  schema:\n"
        "  - namespace: core\n  - source: ndx-two.base.yaml\n"
        "  - source: ndx-two.more.yaml\n"
    )
    (tmp_path / "ndx-two.base.yaml").write_text(
        "groups:\n- neurodata_type_def: BaseThing\n"
        "  neurodata_type_inc: NWBDataInterface\n  doc: a base\n"
    )
    more = tmp_path / "ndx-two.more.yaml"
    more.write_text(
        "groups:\n- neurodata_type_def: MoreThing\n"
        "  neurodata_type_inc: BaseThing\n  doc: more\n"
        "  attributes:\n  - name: gain\n    dtype: float32\n    doc: the gain\n"
    )
    assert main(["check", str(more), "-q"]) == 0
    assert capsys.readouterr().out == ""
    more.write_text(more.read_text().replace("float32", "float3"))
    assert main(["check", str(more), "-q"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{more}:7:12: error Y009 'float3' is not a dtype")
