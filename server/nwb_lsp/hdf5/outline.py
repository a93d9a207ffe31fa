"""The outline of an NWB file: one line per HDF5 object, for readers and editors.

The outline is what ``nwb.showTree`` answers and what the VS Code custom editor for
``.nwb`` draws: the objects of the index in path order (the root first, each group's
members below it, indented by depth), then the cached ``/specifications`` last (the
index pass reads them as parsed specs, not as objects, so their lines are built from
``FileIndex.specs``: namespace, version, source). Besides the text it gives

* ``lines``: each object's line, so a finding at an HDF5 path lands on its object
  (or, for a path not shown, on its nearest ancestor);
* ``objects``: what a details pane shows per path: kind, neurodata type, shape and
  dtype of datasets, the target of links, attributes (as short text), and the
  references going out of the object (each a clickable jump to its target).

Nothing here reads a dataset's values: shapes and dtypes come from the index.
"""

from __future__ import annotations

from typing import Any

from nwb_lsp.hdf5.records import ArraySummary, FileIndex, ObjectKind, ObjectRecord

SPECIFICATIONS = "/specifications"
MAX_ATTR_TEXT = 200  # characters of an attribute value shown in the details pane


def file_outline(index: FileIndex) -> dict[str, Any]:
    """``{"text", "lines", "objects"}`` for the file behind ``index``."""
    rows: list[tuple[str, str, dict[str, Any]]] = []
    for path in sorted(index.objects, key=lambda p: (p != "/", p.split("/"))):
        rec = index.objects[path]
        rows.append((path, _line(rec), _details(rec)))
    rows.extend(_spec_rows(index))
    _add_references(index, {path: details for path, _, details in rows})
    lines = {path: i for i, (path, _, _) in enumerate(rows)}
    return {
        "text": "".join(f"{text}\n" for _, text, _ in rows),
        "lines": lines,
        "objects": {path: details for path, _, details in rows},
    }


def _indent(path: str) -> str:
    return "" if path == "/" else "  " * path.count("/")


def _line(rec: ObjectRecord) -> str:
    parts = [_indent(rec.path) + rec.name]
    if rec.neurodata_type:
        parts.append(f"<{rec.neurodata_type}>")
    if rec.kind is ObjectKind.DATASET:
        parts.append(f"{_shape_text(rec.shape)} {_dtype(rec)}")
    elif rec.link is not None:
        parts.append(f"-> {_link_target(rec)}")
    return "  ".join(parts)


def _shape_text(shape: tuple[int, ...] | None) -> str:
    return "scalar" if shape == () else str(list(shape or []))


def _dtype(rec: ObjectRecord) -> str:
    return rec.dtype.kind.value if rec.dtype else "?"


def _link_target(rec: ObjectRecord) -> str:
    assert rec.link is not None
    if rec.link.target_file:
        return f"{rec.link.target_file}:{rec.link.target_path}"
    return rec.link.target_path


def _details(rec: ObjectRecord) -> dict[str, Any]:
    details: dict[str, Any] = {
        "kind": rec.kind.value,
        "type": rec.neurodata_type,
        "attrs": {key: _attr_text(value) for key, value in rec.attrs.items()},
        "refs": [],
    }
    if rec.kind is ObjectKind.DATASET:
        details["shape"] = list(rec.shape) if rec.shape is not None else None
        details["dtype"] = _dtype(rec)
    if rec.link is not None:
        details["target"] = rec.link.target_path
        details["targetFile"] = rec.link.target_file
        details["targetExists"] = rec.link.target_exists
    return details


def _attr_text(value: Any) -> str:
    if isinstance(value, ArraySummary):
        return f"<array shape={list(value.shape)} dtype={value.dtype.kind.value}>"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= MAX_ATTR_TEXT else text[: MAX_ATTR_TEXT - 1] + "…"


def _add_references(index: FileIndex, objects: dict[str, dict[str, Any]]) -> None:
    """Each object's outgoing references (links are shown by ``target``)."""
    for ref in index.references:
        details = objects.get(ref.source)
        if details is None or ref.via.value in ("soft_link", "external_link"):
            continue
        details["refs"].append(
            {
                "target": ref.target,
                "via": ref.via.value,
                "name": ref.name,
                "count": ref.count,
            }
        )


def _spec_rows(index: FileIndex) -> list[tuple[str, str, dict[str, Any]]]:
    """``/specifications/<namespace>/<version>/<source>`` as outline rows."""
    if not index.specs:
        return []
    rows = [(SPECIFICATIONS, "  specifications", _spec_group())]
    for namespace in sorted(index.specs):
        ns_path = f"{SPECIFICATIONS}/{namespace}"
        rows.append((ns_path, f"    {namespace}", _spec_group()))
        for version in sorted(index.specs[namespace]):
            v_path = f"{ns_path}/{version}"
            rows.append((v_path, f"      {version}", _spec_group()))
            for source in sorted(index.specs[namespace][version]):
                line = f"        {source}  scalar text"
                rows.append((f"{v_path}/{source}", line, _spec_source()))
    return rows


def _spec_group() -> dict[str, Any]:
    return {"kind": "group", "type": None, "attrs": {}, "refs": []}


def _spec_source() -> dict[str, Any]:
    """A cached spec source: a scalar text dataset holding JSON."""
    return {**_spec_group(), "kind": "dataset", "shape": [], "dtype": "text"}
