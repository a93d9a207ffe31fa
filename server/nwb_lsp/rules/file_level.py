"""File-level findings: the file cannot be read, is incomplete, or is not NWB.

These come from the problems the index pass and the value reader recorded (neither
ever raises) and from the root group's attributes. Worker failures (a crash or a hang
while reading the file) are reported here too, by the code that runs the worker.
"""

from __future__ import annotations

from collections.abc import Iterable

from nwb_lsp.findings import Finding, Location, Severity, define_code, finding
from nwb_lsp.hdf5.records import (
    FATAL_PROBLEMS,
    FileIndex,
    ObjectKind,
    Problem,
    ProblemKind,
)
from nwb_lsp.rules.context import Values

NOT_HDF5 = define_code("F001", Severity.ERROR, "the file is not an HDF5 file", "file")
CORRUPT = define_code(
    "F002", Severity.ERROR, "the HDF5 file is truncated or corrupt", "file"
)
NO_NWB_VERSION = define_code(
    "F003", Severity.ERROR, "the root group has no nwb_version attribute", "file"
)
LOCKED = define_code(
    "F004",
    Severity.WARNING,
    "the file is being written by another process; its contents may change",
    "file",
)
WORKER_CRASHED = define_code(
    "F005", Severity.ERROR, "reading the file crashed the HDF5 library", "file"
)
WORKER_TIMEOUT = define_code(
    "F006", Severity.ERROR, "reading the file did not finish in time", "file"
)
MISSING_FILE = define_code("F007", Severity.ERROR, "the file does not exist", "file")
INTERNAL_ERROR = define_code(
    "F008", Severity.ERROR, "nwb-lsp failed while checking the file (a bug)", "file"
)
LEGACY_NWB = define_code(
    "F010",
    Severity.ERROR,
    "an NWB 1.x file: a different format; convert it to NWB 2",
    "file",
)
NOT_A_FILE = define_code(
    "F012",
    Severity.ERROR,
    "the path is not a regular file (a FIFO, device or socket); it is not read",
    "file",
)
INACCESSIBLE = define_code(
    "F013",
    Severity.ERROR,
    "the file cannot be opened (permission denied, a symbolic link loop)",
    "file",
)
DIRECTORY = define_code(
    "F014",
    Severity.INFO,
    "a directory named like an NWB file: the NWB files inside it are checked",
    "file",
)
REMOTE_UNREACHABLE = define_code(
    "F015",
    Severity.ERROR,
    "a remote file's server cannot be reached (DNS or connection error)",
    "file",
)
REMOTE_HTTP = define_code(
    "F016",
    Severity.ERROR,
    "a remote file's server answered an HTTP error (4xx, 5xx; S3: denied, no such key)",
    "file",
)
REMOTE_NO_RANGE = define_code(
    "F017",
    Severity.ERROR,
    "a remote file's server ignores Range requests: not downloaded whole unless "
    "--allow-full-download",
    "file",
)
REMOTE_TIMEOUT = define_code(
    "F018",
    Severity.ERROR,
    "a remote file's server did not answer in time, after retries",
    "file",
)
REMOTE_CUT = define_code(
    "F019",
    Severity.ERROR,
    "the connection to a remote file's server was cut mid-read, after retries",
    "file",
)
UNREADABLE_OBJECT = define_code(
    "H001", Severity.ERROR, "an object in the file cannot be read", "hdf5"
)
UNREADABLE_ATTRIBUTE = define_code(
    "H002", Severity.ERROR, "an attribute cannot be read", "hdf5"
)
ATTRIBUTES_SKIPPED = define_code(
    "H006",
    Severity.WARNING,
    "an object keeps too many attributes in its header to read them all",
    "hdf5",
)
UNREADABLE_VALUES = define_code(
    "H003", Severity.ERROR, "the values of a dataset cannot be read", "hdf5"
)
INVALID_NAME = define_code(
    "H004", Severity.ERROR, "a link or attribute name is not valid UTF-8", "hdf5"
)
INVALID_TEXT = define_code(
    "H005", Severity.ERROR, "a text value is not valid UTF-8", "hdf5"
)

_CODES = {
    ProblemKind.NOT_HDF5: NOT_HDF5,
    ProblemKind.TRUNCATED: CORRUPT,
    ProblemKind.LOCKED: LOCKED,
    ProblemKind.BEING_WRITTEN: LOCKED,
    ProblemKind.MISSING_FILE: MISSING_FILE,
    ProblemKind.NOT_A_FILE: NOT_A_FILE,
    ProblemKind.INACCESSIBLE: INACCESSIBLE,
    ProblemKind.DIRECTORY: DIRECTORY,
    ProblemKind.REMOTE_UNREACHABLE: REMOTE_UNREACHABLE,
    ProblemKind.REMOTE_HTTP: REMOTE_HTTP,
    ProblemKind.REMOTE_NO_RANGE: REMOTE_NO_RANGE,
    ProblemKind.REMOTE_TIMEOUT: REMOTE_TIMEOUT,
    ProblemKind.REMOTE_CUT: REMOTE_CUT,
    ProblemKind.UNREADABLE_OBJECT: UNREADABLE_OBJECT,
    ProblemKind.UNREADABLE_ATTRIBUTE: UNREADABLE_ATTRIBUTE,
    ProblemKind.ATTRIBUTES_SKIPPED: ATTRIBUTES_SKIPPED,
    ProblemKind.UNREADABLE_VALUES: UNREADABLE_VALUES,
    ProblemKind.INVALID_NAME: INVALID_NAME,
    ProblemKind.INVALID_TEXT: INVALID_TEXT,
}

FATAL = FATAL_PROBLEMS  # after these the file's contents were not read


def problem_findings(problems: Iterable[Problem]) -> Iterable[Finding]:
    """A finding for each recorded problem that has a code (broken references are
    reported by the link rules, with the referencing object's type)."""
    for problem in problems:
        code = _CODES.get(problem.kind)
        if code is not None:
            yield finding(
                code, problem.message, Location(hdf5_path=problem.path or "/")
            )


def check(index: FileIndex, values: Values | None = None) -> Iterable[Finding]:
    """Findings from the index pass's problems and the root group's attributes."""
    yield from problem_findings(index.problems)
    if any(p.kind in FATAL for p in index.problems):
        return
    legacy = legacy_version(index, values)
    if legacy is not None:
        yield finding(
            LEGACY_NWB,
            f"NWB 1.x file (version {legacy}): a different format; convert it to "
            "NWB 2 (it is not checked against the NWB 2 schema)",
            Location(hdf5_path="/"),
        )
        return
    root = index.objects.get("/")
    if root is not None and "nwb_version" not in root.attrs:
        yield finding(
            NO_NWB_VERSION,
            "the root group has no 'nwb_version' attribute: this is not an NWB file, "
            "or its writer did not finish",
            Location(hdf5_path="/"),
        )


def legacy_version(index: FileIndex, values: Values | None) -> str | None:
    """The version of an NWB 1.x file, or None. NWB 1.x keeps its version in a
    ``/nwb_version`` dataset ("NWB-1.0.6" or "1.0.6"); NWB 2 in a root attribute."""
    if index.nwb_version is not None:
        bare = index.nwb_version.strip().upper().removeprefix("NWB-")
        return index.nwb_version.strip() if bare.startswith("1.") else None
    record = index.objects.get("/nwb_version")
    if record is None or record.kind is not ObjectKind.DATASET:
        return None
    # No NWB 2 file has this dataset: whatever it holds, the file is NWB 1.x.
    text = values.text(record.path) if values is not None else None
    return (text or "unknown").strip()


def stops_checking(findings: Iterable[Finding]) -> bool:
    """Whether the file-level findings leave nothing else to check."""
    return any(f.code == LEGACY_NWB for f in findings)
