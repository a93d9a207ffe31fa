"""NWB dtype rules, shared with the generated models: see ``nwb_lsp.schema.dtypes``."""

from nwb_lsp.schema.dtypes import allowed, describe, found

__all__ = ["allowed", "describe", "found"]
