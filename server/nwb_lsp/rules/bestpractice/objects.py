"""Best practices for any neurodata object: its name and its description.

Names with slashes or colons break paths and URLs built from them; a missing or
placeholder description ('no description', pynwb's default) leaves readers
guessing what an object holds.
"""

from __future__ import annotations

from collections.abc import Iterator

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import attr_text, child_path, declares, text
from nwb_lsp.rules.bestpractice.registry import (
    CRITICAL,
    SUGGESTION,
    Note,
    best_practice,
)
from nwb_lsp.rules.context import CheckContext

PLACEHOLDERS = ("no description", "no desc", "none", "placeholder")


@best_practice(
    "B121",
    "check_name_slashes",
    CRITICAL,
    None,
    "an object's name contains a slash or backslash",
    why="slashes in names break HDF5 paths and the paths tools build from them",
    fix="rename the object without '/' or '\\'",
)
def name_slashes(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if record.path != "/" and "\\" in record.name:
        yield Note(f"the name '{record.name}' contains slashes")


@best_practice(
    "B122",
    "check_name_colons",
    SUGGESTION,
    None,
    "an object's name contains a colon",
    why="colons in names break paths on some systems and in URLs",
    fix="rename the object without ':'",
)
def name_colons(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if ":" in record.name:
        yield Note(f"the name '{record.name}' contains colons")


@best_practice(
    "B123",
    "check_description",
    SUGGESTION,
    None,
    "an object's description is missing or a placeholder",
    why="the description is how readers learn what an object holds",
    fix="write a real description (not 'no description')",
)
def description(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if record.neurodata_type == "NWBFile":
        return
    kind = declares(ctx, record, "description")
    if kind is None:
        return
    path = child_path(record, "description")
    value = attr_text(record, "description") if kind == "attribute" else text(ctx, path)
    if kind == "attribute" and "description" in record.attrs and value is None:
        return  # not text: nwbinspector skips it too
    if value is None or value.strip(" ") == "":
        yield Note("description is missing")
    elif value.lower().strip(".") in PLACEHOLDERS:
        yield Note(f"description ('{value}') is a placeholder")
