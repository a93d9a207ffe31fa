"""Python names of spec elements, shared by the translation and the reader."""

from __future__ import annotations

import keyword


def slot_name(name: str) -> str:
    """A spec name as a Python identifier (``my-attr`` -> ``my_attr``)."""
    clean = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    if not clean or clean[0].isdigit() or keyword.iskeyword(clean):
        clean = f"{clean}_"
    return clean
