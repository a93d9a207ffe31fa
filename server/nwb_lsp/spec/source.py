"""Spec files as text: their bytes decoded the way YAML readers see them.

YAML is Unicode. A file may open with a byte order mark (UTF-8, UTF-16 or UTF-32);
without one, the YAML specification tells UTF-16 and UTF-32 from UTF-8 by where the
zero bytes of the first character fall. pynwb and hdmf open spec files as text in
the platform's encoding, which is UTF-8 nearly everywhere, so:

* UTF-8, with or without a byte order mark: decoded, nothing to say;
* UTF-16 or UTF-32: decoded, so the file is still checked, with a warning
  (``Y020``) that pynwb and hdmf will not read it;
* bytes that are not UTF-8 (a Latin-1 ``ü``, a binary file): an error (``Y019``) at
  the first bad byte — the line and column of the character where decoding stopped —
  and the rest decoded with U+FFFD for each bad byte, so the file is still checked.
  A file that cannot be read at all (permissions, a folder, a FIFO) is a ``Y019``
  too.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from nwb_lsp.findings import Finding, Location, Range, Severity, define_code, finding
from nwb_lsp.spec.limits import BEYOND_LIMIT, DEFAULT_LIMITS, Limits

NOT_TEXT = define_code(
    "Y019",
    Severity.ERROR,
    "a spec file that cannot be read as UTF-8 text",
    "spec",
)
WIDE_ENCODING = define_code(
    "Y020",
    Severity.WARNING,
    "a spec file saved as UTF-16 or UTF-32, which pynwb and hdmf do not read",
    "spec",
)

# UTF-32 first: its little-endian mark starts with UTF-16's.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# What YAML 1.1 readers (PyYAML, libyaml) count as a line break.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_SPEC_START = re.compile(r"^(groups|datasets|namespaces)\s*:", re.MULTILINE)
_HEAD = 65536


@dataclass(frozen=True)
class SpecText:
    """A spec file's text and what decoding it had to say."""

    text: str
    findings: tuple[Finding, ...] = ()


def locate(text: str, index: int) -> tuple[int, int]:
    """The 0-based line and column of character ``index`` in ``text``."""
    line, start = 0, 0
    for match in _BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start


def encoding_of(data: bytes) -> tuple[str, int]:
    """The encoding of YAML ``data`` and the length of its byte order mark."""
    for mark, name in _MARKS:
        if data.startswith(mark):
            return name, len(mark)
    head = data[:4]
    if len(head) == 4 and head[:3] == b"\0\0\0":
        return "utf-32-be", 0
    if len(head) == 4 and head[1:] == b"\0\0\0":
        return "utf-32-le", 0
    if len(head) >= 2 and head[0] == 0:
        return "utf-16-be", 0
    if len(head) >= 2 and head[1] == 0 and head[0] != 0:
        return "utf-16-le", 0
    return "utf-8", 0


def decode(data: bytes) -> SpecText:
    """``data`` as text; see the module docstring."""
    encoding, skip = encoding_of(data)
    body = data[skip:]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        return _undecodable(body, encoding, exc)
    if encoding == "utf-8":
        return SpecText(text)
    note = finding(
        WIDE_ENCODING,
        f"this file is {encoding.upper()}; pynwb and hdmf read spec files as "
        "UTF-8 (the platform's encoding): save it as UTF-8",
        Location(range=Range.of(0, 0, 0, 0)),
    )
    return SpecText(text, (note,))


def _undecodable(body: bytes, encoding: str, exc: UnicodeDecodeError) -> SpecText:
    prefix = body[: exc.start].decode(encoding, "replace")
    line, column = locate(prefix, len(prefix))
    bad = body[exc.start : exc.start + 1].hex().upper()
    message = (
        f"byte 0x{bad} (file offset {exc.start}) is not valid {encoding.upper()}: "
        "save the file as UTF-8"
    )
    where = Location(range=Range.of(line, column, line, column + 1))
    return SpecText(
        body.decode(encoding, "replace"), (finding(NOT_TEXT, message, where),)
    )


def read_spec(path: Path, limits: Limits = DEFAULT_LIMITS) -> SpecText:
    """The text of the spec file at ``path``, never raising: a file that cannot be
    read, or is larger than ``limits.max_bytes``, is empty text with a finding."""
    start = Location(range=Range.of(0, 0, 0, 0))
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block
            message = "not a regular file: spec files are read as text files"
            return SpecText("", (finding(NOT_TEXT, message, start),))
        size = status.st_size
        if size > limits.max_bytes:
            message = (
                f"the file is {size / 1e6:.1f} MB; spec files larger than "
                f"{limits.max_bytes / 1e6:.1f} MB are not checked"
            )
            return SpecText("", (finding(BEYOND_LIMIT, message, start),))
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return SpecText(
            "", (finding(NOT_TEXT, f"cannot read the file: {reason}", start),)
        )
    return decode(data)


def is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a name the system refuses (too long, a NUL in
    it — a namespace may list any text as a source) or a symlink loop is not."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def resolved(path: Path) -> Path:
    """``path`` absolute with symlinks followed, or only absolute when the system
    refuses to follow it."""
    try:
        return path.resolve()
    except (OSError, ValueError, RuntimeError):
        return path.absolute()


def looks_like_spec(path: Path) -> bool:
    """A namespace file, or YAML whose top level declares groups, datasets or
    namespaces (in any of the encodings ``decode`` reads)."""
    if path.name.endswith((".namespace.yaml", ".namespace.yml")):
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
    except (OSError, ValueError):
        return False
    encoding, skip = encoding_of(head)
    text = head[skip:].decode(encoding, "replace")
    return _SPEC_START.search(text) is not None
