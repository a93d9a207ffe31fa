"""What the commands write, and every way writing or a bad argument can fail: one
line on stderr and exit 2, no traceback, no folder created, nothing left behind."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import h5py
import pytest

from nwb_lsp.cli import main

DATA = Path(__file__).parents[1] / "data"
REALISTIC = DATA / "realistic.nwb"
NAMESPACE = DATA / "spec" / "published" / "ndx-pose" / "ndx-pose.namespace.yaml"


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "nwb_lsp", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _one_error_line(done: subprocess.CompletedProcess[str], command: str) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"nwb-lsp {command}: error: ")
    return line


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    "args",
    [
        ["graph", str(REALISTIC), "-o", "{tmp}/missing/x.json"],
        ["truncate", str(REALISTIC), "{tmp}/missing/x.nwb"],
        ["models", str(NAMESPACE), "--linkml", "{tmp}/missing/x.yaml"],
        ["models", str(NAMESPACE), "--pydantic", "{tmp}/missing/x.py"],
        ["serve", "--log-file", "{tmp}/missing/server.log"],
    ],
    ids=["graph", "truncate", "models-linkml", "models-pydantic", "serve-log"],
)
def test_a_missing_folder_is_refused_not_created(
    tmp_path: Path, args: list[str]
) -> None:
    done = _cli(*(a.format(tmp=tmp_path) for a in args))
    line = _one_error_line(done, args[0])
    assert line.endswith(
        f"no such directory '{tmp_path / 'missing'}' (create it first)"
    )
    assert not (tmp_path / "missing").exists()


def test_graph_at_the_filesystem_root_is_refused() -> None:
    missing = Path("/") / f"nwb-lsp-missing-{uuid.uuid4().hex}"
    try:
        done = _cli("graph", str(REALISTIC), "-o", f"{missing}/x.json")
        assert _one_error_line(done, "graph").endswith(
            f"no such directory '{missing}' (create it first)"
        )
        assert not missing.exists()
    finally:  # were it created after all, leave no trace
        shutil.rmtree(missing, ignore_errors=True)


def test_output_under_a_file_is_refused(tmp_path: Path) -> None:
    existing = tmp_path / "existing_file.nwb"
    existing.write_bytes(b"")
    done = _cli("graph", str(REALISTIC), "-o", f"{existing}/x.json")
    assert _one_error_line(done, "graph") == (
        f"nwb-lsp graph: error: {existing}/x.json: '{existing}' is not a directory"
    )


def test_output_into_an_unwritable_place(tmp_path: Path) -> None:
    # /proc takes no new files, whoever runs the test (root included)
    done = _cli("graph", str(REALISTIC), "-o", "/proc/nwb-lsp-graph.json")
    assert _one_error_line(done, "graph").startswith(
        "nwb-lsp graph: error: /proc/nwb-lsp-graph.json: cannot write: "
    )
    done = _cli("truncate", str(REALISTIC), "/proc/nwb-lsp-copy.nwb")
    assert "cannot write" in _one_error_line(done, "truncate")


def test_a_directory_is_no_output_file(tmp_path: Path) -> None:
    done = _cli("graph", str(REALISTIC), "-o", str(tmp_path))
    assert _one_error_line(done, "graph").endswith(
        "is a directory, expected a file name"
    )


def test_an_existing_output_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "g.json"
    target.write_text("keep me")
    done = _cli("graph", str(REALISTIC), "-o", str(target))
    assert _one_error_line(done, "graph").endswith(
        "already exists (use --force to overwrite)"
    )
    assert target.read_text() == "keep me"


def test_outputs_get_the_umask_mode_and_end_with_a_newline(tmp_path: Path) -> None:
    expected = 0o666 & ~_umask()
    graph = tmp_path / "g.json"
    copy = tmp_path / "small.nwb"
    linkml = tmp_path / "m.yaml"
    assert _cli("graph", str(REALISTIC), "-o", str(graph)).returncode == 0
    assert _cli("truncate", str(REALISTIC), str(copy), "-n", "2").returncode == 0
    assert _cli("models", str(NAMESPACE), "--linkml", str(linkml)).returncode == 0
    for path in (graph, copy, linkml):
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert graph.read_text().endswith("}\n")
    assert linkml.read_text().endswith("\n")
    # a file replaced with --force keeps its mode
    graph.chmod(0o640)
    assert _cli("graph", str(REALISTIC), "-o", str(graph), "--force").returncode == 0
    assert stat.S_IMODE(graph.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "g.json",
        "m.yaml",
        "small.nwb",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["truncate", str(REALISTIC), "-n", "0"], "argument -n: must be 1 or more"),
        (["truncate", str(REALISTIC), "-n", "x"], "argument -n: expected a whole"),
        (["serve", "--tcp", "127.0.0.1:99999"], "port must be 1 to 65535, got 99999"),
        (["serve", "--tcp", "127.0.0.1:0"], "port must be 1 to 65535, got 0"),
        (["serve", "--tcp", "2087"], "expected HOST:PORT"),
        (["serve", "--tcp", "localhost:http"], "expected HOST:PORT"),
    ],
)
def test_numbers_out_of_range(args: list[str], message: str) -> None:
    assert message in _one_error_line(_cli(*args), args[0])


def test_serve_on_a_port_in_use() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _cli("serve", "--tcp", f"127.0.0.1:{port}", timeout=120)
    line = _one_error_line(done, "serve")
    assert line.startswith(f"nwb-lsp serve: error: cannot listen on 127.0.0.1:{port}: ")
    assert "in use" in line


def _referenced_three_times(path: Path) -> None:
    with h5py.File(path, "w") as f:
        target = f.create_group("target")
        f.create_group("lonely")
        refs = f.create_dataset("refs", (3,), dtype=h5py.ref_dtype)
        refs[:] = [target.ref] * 3
        f.attrs["nwb_version"] = "2.7.0"


def test_refs_json_keeps_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "refs.nwb"
    _referenced_three_times(path)
    assert main(["refs", str(path), "/target"]) == 0
    assert capsys.readouterr().out == "/refs\tdataset x3\n"
    assert main(["refs", str(path), "/target", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("]\n")
    assert json.loads(out) == [
        {"path": "/refs", "via": "dataset", "name": "", "count": 3}
    ]


def test_refs_says_when_nothing_refers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "refs.nwb"
    _referenced_three_times(path)
    assert main(["refs", str(path), "/lonely"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "nothing references or links to /lonely\n"
    assert main(["refs", str(path), "/lonely", "--format", "json"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_a_closed_pipe_ends_quietly() -> None:
    """The reader of the output went away (``| head`` done): exit 141, no traceback.
    The read end is closed before the command has started up, so its write fails."""
    graph = subprocess.Popen(
        [sys.executable, "-m", "nwb_lsp", "graph", str(REALISTIC)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert graph.stdout is not None and graph.stderr is not None
    graph.stdout.close()
    assert graph.wait(timeout=300) == 141
    assert graph.stderr.read() == b""


def test_the_script_exits_at_once_yet_flushes_and_runs_exit_handlers(
    tmp_path: Path,
) -> None:
    # ``run`` skips tearing the interpreter down, not what exiting must do: every
    # line of a large report reaches a pipe, the exit code is main's, and handlers
    # registered with atexit (temporary files, child processes) still run.
    def script(exit: str) -> subprocess.CompletedProcess[str]:
        source = (
            "import atexit, sys\n"
            "atexit.register(lambda: print('handlers ran', file=sys.stderr))\n"
            "from nwb_lsp.cli import main, run\n"
            "sys.argv = ['nwb-lsp', *sys.argv[1:]]\n"
            f"{exit}\n"
        )
        return subprocess.run(
            [sys.executable, "-c", source, *args],
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )

    args = ["check", "--no-cache", "--select", "B", "--best-practices", str(REALISTIC)]
    done = script("run()")
    whole = script("sys.exit(main())")  # the interpreter's own way out
    assert done.returncode == whole.returncode == 1
    assert done.stdout == whole.stdout and done.stdout.count("\n") > 5
    assert done.stderr.rstrip().endswith("handlers ran")
