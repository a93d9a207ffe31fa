"""Only namespaces the schema pipeline can load go through it: the spec rules say
what is wrong with the others, and the pipeline (which reads the files again with a
plain YAML reader) never fails on them. Found by fuzzing."""

from __future__ import annotations

import shutil
from pathlib import Path

from nwb_lsp.findings import Range
from nwb_lsp.spec import check_spec_files

PUBLISHED = Path(__file__).resolve().parents[2] / "data" / "spec" / "published"
NAMESPACE = """\
namespaces:
- name: ndx-x
  version: 0.1.0
  doc: x
  author: [a]
  contact: [a@b.c]
  schema:
  - namespace: core
  - source: {source}
"""


def test_source_names_the_system_refuses(tmp_path: Path) -> None:
    """A name too long for the file system, or with a NUL in it, is a missing
    source, not a crash."""
    for source in ("x" * 5_000, '"a\\0b.yaml"'):
        namespace = tmp_path / "ndx-x.namespace.yaml"
        namespace.write_text(NAMESPACE.format(source=source))
        (report,) = check_spec_files([namespace])
        (found,) = report.findings
        assert (found.code, found.location.range.start) == (  # type: ignore[union-attr]
            "Y013",
            Range.of(8, 12, 8, 12).start,
        )


def test_a_namespace_the_language_rejects_is_not_generated(tmp_path: Path) -> None:
    namespace = tmp_path / "ndx-x.namespace.yaml"
    namespace.write_text(
        NAMESPACE.format(source="x.yaml").replace(
            "  schema:\n  - namespace: core\n  - source: x.yaml\n", "  schema: true\n"
        )
    )
    (report,) = check_spec_files([namespace])
    assert [(f.code, f.location.range) for f in report.findings] == [
        ("Y012", Range.of(6, 10, 6, 14))
    ]


def test_an_import_whose_source_is_broken(tmp_path: Path) -> None:
    """ndx-optogenetics imports ndx-ophys-devices, whose schema file is Latin-1:
    that file says so, and the importing namespace's models are generated without
    reading it."""
    for name in ("ndx-optogenetics", "ndx-ophys-devices"):
        shutil.copytree(PUBLISHED / name, tmp_path / name)
    broken = tmp_path / "ndx-ophys-devices" / "ndx-ophys-devices.extensions.yaml"
    text = broken.read_text()
    broken.write_bytes(text.replace("doc: ", "doc: Müller ", 1).encode("latin-1"))
    files = sorted(tmp_path.glob("*/*.yaml"))
    found = {
        (Path(r.path).name, f.code) for r in check_spec_files(files) for f in r.findings
    }
    assert found == {("ndx-ophys-devices.extensions.yaml", "Y019")}
