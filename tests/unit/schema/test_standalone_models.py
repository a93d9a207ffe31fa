"""An extension's models import without nwb-lsp: ``nwb-lsp models NS.yaml --pydantic``.

The modules are imported in a fresh interpreter (``python -I -S``) whose path holds
the output folder and links to pydantic, numpy and their dependencies only, so
``import nwb_lsp`` (and linkml, h5py) fails there for real, installed or editable.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from nwb_lsp.cli import main

PUBLISHED = Path(__file__).parents[2] / "data" / "spec" / "published"
POSE = PUBLISHED / "ndx-pose" / "ndx-pose.namespace.yaml"
SOUND = PUBLISHED / "ndx-sound" / "ndx-sound.namespace.yaml"

PROBE = """
import json, sys
sys.path[:0] = [{out!r}, {site!r}]
verdict = {{}}
for name in ("nwb_lsp", "linkml", "h5py"):
    try:
        __import__(name)
        verdict[name] = "importable"
    except ImportError:
        verdict[name] = "missing"
import {module} as ext
skeleton = ext.Skeleton(
    name="mouse",
    nodes=ext.SkeletonNodes(array=["nose", "tail"]),
    edges=ext.SkeletonEdges(array=[[0, 1]]),
)
verdict["built"] = [skeleton.name, skeleton.nodes.array, skeleton.edges.array]
verdict["base"] = {{
    c.__name__: c.__module__
    for c in type(skeleton).__mro__
    if c.__name__ in ("Skeleton", "NWBDataInterface", "NwbModel")
}}
for bad in ([[0.5, 1]], [[0, 1, 2]]):
    try:
        ext.SkeletonEdges(array=bad)
        verdict.setdefault("refused", []).append(None)
    except ValueError as exc:
        verdict.setdefault("refused", []).append(str(exc))
verdict["modules"] = sorted(
    m for m in sys.modules if m.split(".")[0] in ("nwb_lsp", "linkml", "h5py")
)
print(json.dumps(verdict))
"""


def _closure(names: list[str]) -> list[md.Distribution]:
    """The installed distributions ``names`` need at run time."""
    found: dict[str, md.Distribution] = {}
    pending = list(names)
    while pending:
        dist = md.distribution(pending.pop())
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in found:
            continue
        found[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                pending.append(req.name)
    return list(found.values())


def _isolated_site(folder: Path) -> Path:
    """A folder of links to pydantic's and numpy's packages, and nothing else."""
    folder.mkdir()
    for dist in _closure(["pydantic", "numpy"]):
        for top in {Path(str(f)).parts[0] for f in dist.files or []}:
            source = Path(str(dist.locate_file(top)))
            if top.endswith(".dist-info") or top in ("..", "__pycache__"):
                continue
            if source.exists() and not (folder / top).exists():
                (folder / top).symlink_to(source)
    return folder


def _probe(out: Path, site: Path, module: str) -> dict[str, object]:
    script = PROBE.format(out=str(out), site=str(site), module=module)
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=site,
    )
    assert done.returncode == 0, done.stderr
    verdict: dict[str, object] = json.loads(done.stdout)
    return verdict


@pytest.fixture(scope="module")
def pose(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pose")
    assert main(["models", str(POSE), "--pydantic", str(out / "ndx_pose.py")]) == 0
    return out


def test_the_extension_imports_and_validates_without_nwb_lsp(
    pose: Path, tmp_path: Path
) -> None:
    verdict = _probe(pose, _isolated_site(tmp_path / "site"), "ndx_pose")
    assert verdict["nwb_lsp"] == verdict["linkml"] == verdict["h5py"] == "missing"
    assert verdict["built"] == ["mouse", ["nose", "tail"], [[0, 1]]]
    assert verdict["base"] == {
        "Skeleton": "ndx_pose",
        "NWBDataInterface": "core_models",
        "NwbModel": "nwb_runtime",
    }
    refused = verdict["refused"]
    assert isinstance(refused, list)
    assert "must be integers" in refused[0]
    assert "must have shape [any, 2], found [1, 3]" in refused[1]
    assert verdict["modules"] == []


def test_the_extension_holds_only_its_own_classes(pose: Path) -> None:
    extension = (pose / "ndx_pose.py").read_text()
    core = (pose / "core_models.py").read_text()
    assert len(extension) * 5 < len(core)
    assert "class Skeleton(NWBDataInterface):" in extension
    assert "class TimeSeries(" not in extension
    assert "class TimeSeries(NWBDataInterface):" in core
    assert "nwb_lsp" not in extension + core
    assert "from core_models import (" in extension
    assert "from nwb_runtime import NwbModel" in core


def test_shared_modules_are_kept_or_refused(
    pose: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("nwb_runtime.py", "core_models.py"):
        (out / name).write_bytes((pose / name).read_bytes())
    assert main(["models", str(SOUND), "--pydantic", str(out / "sound.py")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        str(out / "sound.py"),
        f"{out / 'nwb_runtime.py'} (unchanged)",
        f"{out / 'core_models.py'} (unchanged)",
    ]
    (out / "core_models.py").write_text("# edited\n")
    args = ["models", str(SOUND), "--pydantic", str(out / "again.py")]
    assert main(args) == 2
    assert "core_models.py: already exists (use --force" in capsys.readouterr().err
    assert not (out / "again.py").exists()
    assert (out / "core_models.py").read_text() == "# edited\n"
    assert main([*args, "--force"]) == 0
    assert (out / "core_models.py").read_bytes() == (
        pose / "core_models.py"
    ).read_bytes()


def test_runtime_and_core_where_the_flags_say(
    pose: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "lib").mkdir()
    runtime, core = tmp_path / "lib" / "base.py", tmp_path / "lib" / "nwbcore.py"
    ext = tmp_path / "sound.py"
    flags = ["--runtime", str(runtime), "--core", str(core)]
    assert main(["models", str(SOUND), "--pydantic", str(ext), *flags]) == 0
    assert capsys.readouterr().out.splitlines() == [str(ext), str(runtime), str(core)]
    assert "from nwbcore import (" in ext.read_text()
    assert "from base import NwbModel" in core.read_text()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--core", "core-models.py"], "must be a Python module file"),
        (["--runtime", "x.py", "--core", "x.py"], "must differ"),
    ],
    ids=["not-a-module-name", "same-file"],
)
def test_bad_layouts_are_usage_errors(
    tmp_path: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = [str(tmp_path / e) if e.endswith(".py") else e for e in extra]
    args = ["models", str(SOUND), "--pydantic", str(tmp_path / "s.py"), *extra]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_runtime_flags_need_a_namespace_and_pydantic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["models", str(SOUND), "--linkml", str(tmp_path / "s.yaml")]
    assert main([*args, "--core", str(tmp_path / "c.py")]) == 2
    assert "go with a namespace YAML and --pydantic" in capsys.readouterr().err
