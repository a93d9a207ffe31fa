"""Spec YAML never crashes the checker: bytes that are not UTF-8, deep nesting,
recursive aliases, Python tags and values their tag cannot be each end in one
finding at the exact place, and the rest of the file is still checked."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from nwb_lsp.findings import Finding, Range
from nwb_lsp.spec import SpecWorkspace, check_spec_files

GOOD = """\
groups:
- neurodata_type_def: LabSeries
  neurodata_type_inc: TimeSeries
  doc: A series by Muller.
  attributes:
  - name: note
    dtype: text
    doc: A note.
"""


def _check(tmp_path: Path, data: bytes, name: str = "ext.yaml") -> list[Finding]:
    path = tmp_path / name
    path.write_bytes(data)
    (report,) = check_spec_files([path], pipeline=False)
    return list(report.findings)


def _where(found: list[Finding]) -> list[tuple[str, Range | None]]:
    return [(f.code, f.location.range) for f in found]


def test_latin1_bytes_are_reported_at_the_first_bad_byte(tmp_path: Path) -> None:
    data = GOOD.replace("Muller", "Müller").encode("latin-1")
    (found,) = _check(tmp_path, data)
    assert (found.code, found.location.range) == ("Y019", Range.of(3, 20, 3, 21))
    assert "byte 0xFC (file offset 93) is not valid UTF-8" in found.message


def test_two_bad_bytes_in_a_valid_file_give_one_finding(tmp_path: Path) -> None:
    data = GOOD.encode().replace(b"A note.", b"A \xff\xfe note.")
    found = _check(tmp_path, data)
    assert _where(found) == [("Y019", Range.of(7, 11, 7, 12))]


def test_the_rest_of_an_undecodable_file_is_still_checked(tmp_path: Path) -> None:
    data = GOOD.replace("Muller", "Müller").replace("text", "txt").encode("cp1252")
    assert [f.code for f in _check(tmp_path, data)] == ["Y019", "Y009"]


def test_binary_bytes(tmp_path: Path) -> None:
    data = b"groups:\n- doc: \x00\x01\x9c\xff\n" + bytes(range(256))
    found = _check(tmp_path, data)
    assert _where(found) == [
        ("Y001", Range.of(1, 7, 1, 8)),  # NUL is UTF-8 but not YAML
        ("Y019", Range.of(1, 9, 1, 10)),
    ]
    assert "character U+0000 is not allowed in YAML" in found[0].message


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (b"", "utf-8")],
    ids=["bom", "no bom"],
)
def test_utf8_with_or_without_bom_is_clean(
    tmp_path: Path, bom: bytes, encoding: str
) -> None:
    assert _check(tmp_path, bom + GOOD.encode(encoding)) == []


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"), "UTF-16-LE"),
        (codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"), "UTF-16-BE"),
        (GOOD.encode("utf-16-le"), "UTF-16-LE"),
        (GOOD.encode("utf-32-be"), "UTF-32-BE"),
    ],
    ids=["utf-16-le bom", "utf-16-be bom", "utf-16-le", "utf-32-be"],
)
def test_utf16_and_utf32_are_read_with_a_warning(
    tmp_path: Path, data: bytes, name: str
) -> None:
    (found,) = _check(tmp_path, data)
    assert (found.code, found.severity.value) == ("Y020", "warning")
    assert f"this file is {name}" in found.message
    broken = GOOD.replace("text", "txt").encode("utf-16")
    assert [f.code for f in _check(tmp_path, broken)] == ["Y020", "Y009"]


def test_a_folder_or_fifo_is_not_read(tmp_path: Path) -> None:
    """Opening a FIFO to read it would wait for a writer forever."""
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for report in check_spec_files([folder, fifo], pipeline=False):
        (found,) = report.findings
        assert (found.code, found.location.range) == ("Y019", Range.of(0, 0, 0, 0))
        assert "not a regular file" in found.message


def test_a_file_that_cannot_be_opened(tmp_path: Path) -> None:
    link = tmp_path / "dangling.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    (report,) = check_spec_files([link], pipeline=False)
    (found,) = report.findings
    assert found.code == "Y019"
    assert found.message == "cannot read the file: No such file or directory"


def test_a_lone_surrogate_from_an_editor() -> None:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", GOOD.replace("Muller", "M\udcfcller"))
    found = ws.diagnostics("/x/ext.yaml")
    assert _where(found) == [("Y019", Range.of(3, 20, 3, 21))]


def _diagnostics(text: str) -> list[Finding]:
    ws = SpecWorkspace()
    ws.set_document("/x/ext.yaml", text)
    return ws.diagnostics("/x/ext.yaml")


DEEP = {
    "flow sequences": "[" * 10_000 + "]" * 10_000,
    "unclosed flow sequences": "[" * 10_000,
    "flow mappings": "{a: " * 10_000 + "}" * 10_000,
}


@pytest.mark.parametrize("case", DEEP)
def test_deep_flow_nesting_stops_at_the_limit(case: str) -> None:
    (found,) = _diagnostics(DEEP[case])
    assert found.code == "Y021"
    assert "nested deeper than 100 levels" in found.message
    r = found.location.range
    # at the level past the limit, or where libyaml's own limit (PyYAML >= 6.0.4:
    # its scanner reads flow text ahead of the events) stopped reading
    ours = 100 if "sequences" in case else 400
    assert r is not None and r.start.line == 0
    assert r.start.character in (ours, 10 * ours), r


def test_deep_block_sequences_stop_at_the_limit() -> None:
    text = "".join(" " * (2 * i) + "-\n" for i in range(3_000))
    (found,) = _diagnostics(text)
    assert found.code == "Y021"
    assert found.location.range == Range.of(100, 200, 100, 201)


def test_a_recursive_alias_is_refused() -> None:
    text = "groups:\n- &g {doc: d, neurodata_type_def: G, groups: [*g]}\n"
    found = {f.code: f for f in _diagnostics(text)}
    assert found["Y022"].location.range == Range.of(1, 46, 1, 48)
    assert "alias '*g' is inside the node '&g' it names" in found["Y022"].message
    assert "null" in found["Y022"].message  # and the rules see a null there


def test_a_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = GOOD.replace(
        "    doc: A note.",
        f"    doc: !!python/object/apply:os.system ['touch {marker}']",
    )
    found = {f.code: f for f in _diagnostics(text)}
    assert not marker.exists()
    assert found["Y023"].location.range == Range.of(7, 9, 7, 42)
    tag = "tag:yaml.org,2002:python/object/apply:os.system"
    assert f"the tag '{tag}' is not used in spec YAML" in found["Y023"].message


VALUES = {
    "custom tag": ("    doc: !custom A note.", Range.of(7, 9, 7, 24), "tag '!custom'"),
    "int tag": ("    doc: !!int A note.", Range.of(7, 9, 7, 22), "valid int"),
    "bad date": ("    doc: 2021-13-45", Range.of(7, 9, 7, 19), "valid timestamp"),
    "huge int": ("    doc: " + "9" * 5_000, Range.of(7, 9, 7, 5_009), "valid int"),
    "list as key": ("    doc: A note.\n    [a, b]: c", Range.of(8, 4, 8, 10), "key"),
    "repeated key": ("    doc: A note.\n    doc: again", Range.of(8, 4, 8, 7), "twice"),
}


@pytest.mark.parametrize("case", VALUES)
def test_values_a_reader_refuses(case: str) -> None:
    line, where, message = VALUES[case]
    found = _diagnostics(GOOD.replace("    doc: A note.", line))
    assert ("Y023", where) in _where(found)
    assert any(message in f.message for f in found if f.code == "Y023")


def test_merge_keys_are_expanded() -> None:
    text = GOOD.replace(
        "  - name: note\n    dtype: text\n    doc: A note.\n",
        "  - &base {name: note, dtype: text, doc: A note.}\n"
        "  - <<: *base\n    name: other\n",
    )
    assert _diagnostics(text) == []


def test_more_than_one_document_is_a_syntax_error() -> None:
    found = _diagnostics(GOOD + "---\ngroups: []\n")
    assert _where(found) == [("Y001", Range.of(8, 0, 8, 1))]


def test_a_source_that_does_not_look_like_a_spec(tmp_path: Path) -> None:
    """``nwb-lsp check DIR`` does not collect a binary file, but the namespace
    listing it says what is wrong with it, and skips model generation."""
    namespace = tmp_path / "ndx-x.namespace.yaml"
    namespace.write_text(
        "namespaces:\n- name: ndx-x\n  version: 0.1.0\n  doc: x\n  author: [a]\n"
        "  contact: [a@b.c]\n  schema:\n  - namespace: core\n  - source: x.yaml\n"
    )
    (tmp_path / "x.yaml").write_bytes(b"\xc7\xff\x00 binary")
    (report,) = check_spec_files([namespace])
    (found,) = report.findings
    assert (found.code, found.location.range) == ("Y019", Range.of(8, 12, 8, 18))
    assert found.message.startswith("source 'x.yaml', line 1: byte 0xC7")


def test_check_dir_finds_specs_in_any_encoding(tmp_path: Path) -> None:
    from nwb_lsp.checking import collect_paths

    (tmp_path / "latin1.yaml").write_bytes(GOOD.replace("Mu", "Mü").encode("latin-1"))
    (tmp_path / "utf16.yaml").write_bytes(GOOD.encode("utf-16"))
    (tmp_path / "namespace.yaml").write_text("namespaces:\n- name: x\n")
    (tmp_path / "other.yaml").write_text("key: value\n")
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)))
    found = [p.name for p in collect_paths([tmp_path])]
    assert found == ["latin1.yaml", "namespace.yaml", "utf16.yaml"]
