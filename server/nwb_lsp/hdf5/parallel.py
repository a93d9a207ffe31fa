"""Indexing one large group's children in several processes.

Reading object headers is CPU-bound work inside libhdf5, which serialises every call
behind one lock, so threads cannot share it. A file with thousands of objects usually
keeps them in one group (``/acquisition`` with 10,000 TimeSeries, a table with
thousands of columns). When the walk meets the first group with at least
``SPLIT_MIN`` children and more than one CPU is available, the walker keeps the first
share of the children and hands each other share to a helper process, which opens the
file read-only, walks its share with the same ``Walker`` and sends back plain records.
Shares are merged in file order, so the index is the one a single walk would build:

* helpers start with the addresses the walk has already seen, so they skip hard
  links to groups walked earlier just as the walk would;
* if a share reached an object that an earlier share also reached (two hard links to
  one object, across shares), which one is "first" depends on file order, so that share
  is walked again here instead of merged;
* a helper that fails (cannot start, crashes, sends garbage) costs time, not
  correctness: its share is walked here.

A helper sends its records in batches as it goes, so its memory stays small.

Where it can (Linux, one Python thread, no HDF5 file open), the walk forks its
helpers before it opens the file: a forked helper shares the walker's imported
modules and costs a few milliseconds, where a new interpreter importing h5py costs
about 0.4 s of CPU and 25 MB. A forked helper waits for its share, or for its pipe
to close when the file holds no group large enough (``PREFORKED_SPLIT_MIN``
children; ``SPLIT_MIN`` for new interpreters, which only pay for themselves on
larger groups). libhdf5 has no file open in the parent at the fork, so the child
inherits no open-file state: it opens the file itself, as a new interpreter would.

Helpers die with their parent (``PR_SET_PDEATHSIG`` on Linux), so a worker killed on
timeout leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import h5py

from nwb_lsp.hdf5.opening import open_for_reading
from nwb_lsp.hdf5.records import FileIndex, ObjectRecord, Problem, Reference
from nwb_lsp.hdf5.walker import Walker, limit_metadata_cache

SPLIT_MIN = 2000  # children of one group, for helpers that are new interpreters
PREFORKED_SPLIT_MIN = 1000  # for helpers forked before the file was opened
BATCH = 200  # records per message from a helper (what it holds at a time)
MAX_PROCESSES = 4
_HELPER = "from nwb_lsp.hdf5.parallel import helper_main; helper_main()"


def available_processes() -> int:
    """CPUs this process may run on (affinity-aware), at most ``MAX_PROCESSES``.

    ``NWB_LSP_INDEX_PROCESSES`` overrides it (1 turns splitting off)."""
    configured = os.environ.get("NWB_LSP_INDEX_PROCESSES", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_PROCESSES))


@dataclass
class ShareResult:
    """What a helper learned about its share of the children (or, on the wire, one
    batch of it: the last batch carries ``seen`` and ``last=True``)."""

    objects: dict[str, ObjectRecord] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    raw_paths: dict[str, bytes] = field(default_factory=dict)
    seen: dict[int, str] = field(default_factory=dict)  # only addresses new to it
    last: bool = False


def _receive(stream: IO[bytes]) -> ShareResult:
    """Join a helper's batches; raises if the helper stops before its last one."""
    whole = ShareResult()
    while True:
        part = pickle.load(stream)
        if not isinstance(part, ShareResult):
            raise TypeError(f"a helper sent {type(part).__name__}")
        _absorb(whole, part)
        if part.last:
            whole.seen = part.seen
            return whole


class _Forked:
    """A helper forked before the file was opened, waiting for a share on a pipe
    (``None``: the pipe was closed, nothing to walk)."""

    def __init__(self, siblings: list[_Forked]) -> None:
        """``siblings``: helpers forked before this one, whose pipe ends the
        child must not keep open (its sibling would never see its pipe close)."""
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        # Native threads (a BLAS pool) make Python 3.12+ warn about any fork; they
        # reset themselves at fork, and the child runs no Python thread.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the helper
            os.close(task_w)
            os.close(result_r)
            for sibling in siblings:
                sibling.forget()
            os._exit(_serve_forked(task_r, result_w))
        os.close(task_r)
        os.close(result_w)
        self.pid = pid
        self.tasks: IO[bytes] | None = os.fdopen(task_w, "wb")
        self.results = os.fdopen(result_r, "rb")

    def run(self, task: tuple[Any, ...]) -> ShareResult | None:
        try:
            assert self.tasks is not None
            self.tasks.write(pickle.dumps(task))
            self.close_tasks()
            result = _receive(self.results)
        except Exception:  # no result: the share is walked in the parent instead
            result = None
        return result if self.release() == 0 else None

    def forget(self) -> None:
        """Close this helper's pipe ends here (in a sibling helper)."""
        for stream in (self.tasks, self.results):
            if stream is not None:
                with contextlib.suppress(OSError):
                    os.close(stream.fileno())

    def close_tasks(self) -> None:
        if self.tasks is not None:
            with contextlib.suppress(OSError):
                self.tasks.close()
            self.tasks = None

    def release(self) -> int:
        """Let the helper go (it exits once its pipe is closed); its exit status."""
        self.close_tasks()
        with contextlib.suppress(OSError):
            self.results.close()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return -1
        return os.waitstatus_to_exitcode(status)


def _serve_forked(task_r: int, result_w: int) -> int:
    """A forked helper's life: one share from ``task_r``, its records to
    ``result_w``; the exit status."""
    try:
        _die_with_parent()
        with os.fdopen(task_r, "rb") as tasks, os.fdopen(result_w, "wb") as out:
            try:
                task = pickle.load(tasks)
            except EOFError:  # released: the file had no group to share
                return 0
            for part in walk_share(*task):
                pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)
        return 0
    except BaseException:  # the parent walks the share itself
        return 1


def may_prefork() -> bool:
    """Whether helpers may be forked from this process now: Linux, one Python
    thread, and no HDF5 file open (the child must inherit no libhdf5 file state)."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        return int(h5py.h5f.get_obj_count(h5py.h5f.OBJ_ALL, h5py.h5f.OBJ_FILE)) == 0
    except Exception:  # cannot tell: start new interpreters instead
        return False


class _Helper:
    """One helper process and the thread feeding it its task and reading its answer
    (so that neither side blocks on a full pipe while the walk goes on): a forked
    one when given, else a new interpreter."""

    def __init__(self, task: tuple[Any, ...], forked: _Forked | None = None) -> None:
        self.result: ShareResult | None = None
        self._forked = forked
        self._thread = threading.Thread(target=self._run, args=(task,), daemon=True)
        self._thread.start()

    def _run(self, task: tuple[Any, ...]) -> None:
        if self._forked is not None:
            self.result = self._forked.run(task)
            return
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.environ.get("PYTHONPATH")
        env = {
            **os.environ,
            "PYTHONPATH": package_root + (os.pathsep + path if path else ""),
        }
        proc = None
        try:
            proc = subprocess.Popen(
                [sys.executable, "-c", _HELPER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(pickle.dumps(task))
            proc.stdin.close()
            result = _receive(proc.stdout)
            if proc.wait() == 0:
                self.result = result
        except Exception:  # no result: the share is walked in the parent instead
            pass
        finally:
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()

    def wait(self) -> ShareResult | None:
        self._thread.join()
        return self.result


class ProcessSplitter:
    """Splits the first large group of a walk across ``processes`` processes."""

    def __init__(
        self,
        path: str,
        processes: int,
        min_children: int | None = None,
        *,
        prefork: bool = False,
    ):
        """``prefork``: fork the helpers now (call before the file is opened, and
        ``close`` after the walk), when ``may_prefork`` allows."""
        self.path = os.path.abspath(path)
        self.processes = processes
        self.forked: list[_Forked] = []
        if prefork and processes > 1 and may_prefork():
            with contextlib.suppress(OSError):  # no fork: new interpreters
                for _ in range(processes - 1):
                    self.forked.append(_Forked(self.forked))
        default = PREFORKED_SPLIT_MIN if self.forked else SPLIT_MIN
        self.min_children = default if min_children is None else min_children
        self.done = False
        self.merged = 0  # shares merged from helpers
        self.walked_here = 0  # shares a helper could not take (failed or conflicted)

    def visit(
        self, walker: Walker, group: h5py.Group, path: str, names: list[bytes]
    ) -> bool:
        if self.done or self.processes < 2 or len(names) < self.min_children:
            return False
        self.done = True  # one split per walk: later groups are walked as usual
        shares = _shares(names, self.processes)
        seen = dict(walker.seen)
        raw = walker.index.raw_path(path)
        # one forked helper per share when the fork worked (processes - 1 of them),
        # handed over: each is released when its share is done
        forked, self.forked = self.forked, []
        helpers = [
            _Helper((self.path, path, raw, share, seen), forked[i] if forked else None)
            for i, share in enumerate(shares[1:])
        ]
        _walk_share(walker, group, path, shares[0])
        for share, helper in zip(shares[1:], helpers, strict=True):
            result = helper.wait()
            if result is None or _conflicts(result.seen, walker.seen):
                _walk_share(walker, group, path, share)
                self.walked_here += 1
            else:
                _merge(walker, result)
                self.merged += 1
        if walker.progress is not None:
            walker.progress(len(walker.index.objects))
        return True

    def close(self) -> None:
        """Release forked helpers that were given no share."""
        for helper in self.forked:
            helper.close_tasks()  # all first: each exits once its own pipe closes
        for helper in self.forked:
            helper.release()
        self.forked = []


def _shares(names: list[bytes], parts: int) -> list[list[bytes]]:
    size, extra = divmod(len(names), parts)
    shares, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        shares.append(names[start:end])
        start = end
    return shares


def _walk_share(
    walker: Walker, group: h5py.Group, path: str, names: list[bytes]
) -> None:
    for name in names:
        walker.visit_link(group, name, path)


def _conflicts(found: dict[int, str], seen: dict[int, str]) -> bool:
    return any(seen.get(addr, path) != path for addr, path in found.items())


def _absorb(into: FileIndex | ShareResult, part: ShareResult) -> None:
    into.objects.update(part.objects)
    into.references.extend(part.references)
    into.problems.extend(part.problems)
    into.raw_paths.update(part.raw_paths)


def _merge(walker: Walker, result: ShareResult) -> None:
    _absorb(walker.index, result)
    for addr, path in result.seen.items():
        walker.seen.setdefault(addr, path)


def walk_share(
    file_path: str,
    group_path: str,
    raw_group_path: bytes,
    names: list[bytes],
    seen: dict[int, str],
) -> Iterator[ShareResult]:
    """Walk ``names`` (children of ``group_path``, whose stored bytes are
    ``raw_group_path``) as the whole walk would, given the addresses it had ``seen``,
    in batches of about ``BATCH`` records (so a helper holds one batch, not its whole
    share)."""
    index = FileIndex(path=file_path)
    f = open_for_reading(Path(file_path), [], note_writer=False)
    if f is None:
        raise OSError(f"{file_path}: cannot be opened again")
    with f:
        limit_metadata_cache(f)
        walker = Walker(f, index)
        walker.seen = dict(seen)
        if raw_group_path != group_path.encode("utf-8"):
            index.raw_paths[group_path] = raw_group_path
        group = f[raw_group_path]
        for name in names:
            walker.visit_link(group, name, group_path)
            if len(index.objects) >= BATCH:
                yield _batch(index)
    last = _batch(index)
    last.raw_paths = index.raw_paths  # kept to the end: descendants' paths need them
    last.seen = {a: p for a, p in walker.seen.items() if a not in seen}
    last.last = True
    yield last


def _batch(index: FileIndex) -> ShareResult:
    """The records ``index`` holds so far, which it then forgets."""
    part = ShareResult(index.objects, index.references, index.problems)
    index.objects, index.references, index.problems = {}, [], []
    return part


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the line above took effect
        sys.exit(1)


def helper_main() -> None:
    """Entry point of a helper process: a pickled task on stdin, a result on stdout."""
    _die_with_parent()
    task = pickle.load(sys.stdin.buffer)
    for part in walk_share(*task):
        pickle.dump(part, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
