"""Spec YAML: documents with positions, a workspace type index, rules, navigation."""

from nwb_lsp.spec.workspace import SpecWorkspace, check_spec_files

__all__ = ["SpecWorkspace", "check_spec_files"]
