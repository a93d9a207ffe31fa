"""Spec YAML: documents with positions, a workspace type index, rules, navigation."""

from nwb_lsp.spec.checker import check_spec_files
from nwb_lsp.spec.workspace import SpecWorkspace

__all__ = ["SpecWorkspace", "check_spec_files"]
