"""Every namespace the installed pynwb and hdmf declare is known: hdmf-common's
``namespace.yaml`` declares ``hdmf-common`` and ``hdmf-experimental``, so an
extension may include either (no ``Y014``) and use their types."""

from __future__ import annotations

from pathlib import Path

from nwb_lsp.schema.installed import (
    declared_namespaces,
    hdmf_common_namespace_file,
    installed_namespace_files,
)
from nwb_lsp.spec import check_spec_files

NAMESPACE = """\
namespaces:
- name: ndx-enum
  version: 0.1.0
  doc: Uses hdmf-experimental.
  author: [A]
  contact: [a@b.c]
  schema:
  - namespace: core
  - namespace: hdmf-experimental
  - source: ndx-enum.extensions.yaml
"""
EXTENSION = """\
datasets:
- neurodata_type_def: LabEnum
  neurodata_type_inc: EnumData
  doc: Labels.
"""


def test_installed_namespaces_include_hdmf_experimental() -> None:
    found = installed_namespace_files()
    common = hdmf_common_namespace_file()
    assert common is not None
    assert {"core", "hdmf-common", "hdmf-experimental"} <= set(found)
    assert found["hdmf-experimental"] == found["hdmf-common"] == common
    assert declared_namespaces(common) == ("hdmf-common", "hdmf-experimental")


def test_an_extension_including_hdmf_experimental(tmp_path: Path) -> None:
    namespace = tmp_path / "ndx-enum.namespace.yaml"
    namespace.write_text(NAMESPACE)
    (tmp_path / "ndx-enum.extensions.yaml").write_text(EXTENSION)
    files = [namespace, tmp_path / "ndx-enum.extensions.yaml"]
    reports = check_spec_files(files, pipeline=False)
    assert [(r.path, r.findings) for r in reports] == [(str(p), ()) for p in files]
    namespace.write_text(NAMESPACE.replace("hdmf-experimental", "hdmf-experimentl"))
    (report, _) = check_spec_files(files, pipeline=False)
    (found,) = report.findings
    assert (found.code, found.location.range.start.line) == ("Y014", 8)  # type: ignore[union-attr]
