"""Structural edits of NWB files with h5py: objects and attributes deleted, replaced
or retyped, names and text that are not UTF-8, references turned into other types,
soft links to ancestors (cycles), external links to nowhere, huge attribute counts,
wrong dtypes and shapes, damaged cached specs.

Each edit picks its target with ``rng`` from the file's objects in sorted order, so
the same seed and index give the same file.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import h5py
import numpy as np

NOT_UTF8 = (b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\x80abc")


ANY = (h5py.Group, h5py.Dataset)


def _objects(f: h5py.File, kind: type | tuple[type, ...] = ANY) -> list[str]:
    """Paths of the groups and datasets (not the cached specs), sorted."""
    found: list[str] = []

    def visit(name: str | bytes, obj: object) -> None:
        # a name that is not UTF-8 comes as bytes: not a target of further edits
        if not isinstance(name, str) or name.startswith("specifications"):
            return
        if isinstance(obj, kind):
            found.append("/" + name)

    f.visititems(visit)
    return sorted(found)


def _with_attrs(f: h5py.File) -> list[str]:
    return [p for p in ["/", *_objects(f)] if len(f[p].attrs)]


def _bad(rng: random.Random, text: str) -> bytes:
    raw = text.encode()
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + rng.choice(NOT_UTF8) + raw[at:]


def _value(rng: random.Random, f: h5py.File) -> Any:
    """A value of some type an attribute or a small dataset might wrongly hold."""
    target = f[rng.choice(["/", *_objects(f)])]
    return rng.choice(
        (
            lambda: np.int64(rng.randrange(-5, 5)),
            lambda: np.float64(rng.random()),
            lambda: "text",
            lambda: np.array([1, 2, 3], dtype="u1"),
            lambda: np.zeros((0,), dtype="f8"),
            lambda: np.bool_(True),
            lambda: h5py.Empty("f8"),
            lambda: target.ref,
            lambda: np.array([(1, 2.0)], dtype=[("a", "i4"), ("b", "f8")]),
            lambda: np.array(["x", "y"], dtype=h5py.string_dtype()),
        )
    )()


def delete_object(rng: random.Random, f: h5py.File) -> None:
    del f[rng.choice(_objects(f))]


def replace_object(rng: random.Random, f: h5py.File) -> None:
    """A dataset where a group was, a group where a dataset was, or a scalar."""
    path = rng.choice(_objects(f))
    was_group = isinstance(f[path], h5py.Group)
    del f[path]
    if was_group and rng.random() < 0.5:
        f.create_dataset(path, data=rng.random())
    elif was_group:
        f.create_dataset(path, data=np.arange(rng.randrange(5)))
    else:
        f.create_group(path).attrs["neurodata_type"] = rng.choice(
            ("TimeSeries", "VectorData", "NoSuchType")
        )


def retype_attribute(rng: random.Random, f: h5py.File) -> None:
    path = rng.choice(_with_attrs(f))
    attrs = f[path].attrs
    name = rng.choice(sorted(attrs))
    value = _value(rng, f)
    del attrs[name]
    attrs[name] = value


def delete_attribute(rng: random.Random, f: h5py.File) -> None:
    path = rng.choice(_with_attrs(f))
    attrs = f[path].attrs
    for name in rng.sample(sorted(attrs), rng.randint(1, len(attrs))):
        del attrs[name]


def non_utf8_name(rng: random.Random, f: h5py.File) -> None:
    """Rename an object or an attribute to bytes that are not UTF-8."""
    if rng.random() < 0.5:
        path = rng.choice(_objects(f))
        parent, _, name = path.rpartition("/")
        new = parent.lstrip("/").encode() + b"/" + _bad(rng, name)
        f.id.links.create_hard(new.lstrip(b"/"), f.id, path.encode())
        del f[path]
        return
    attrs = f[rng.choice(_with_attrs(f))].attrs
    name = rng.choice(sorted(attrs))
    attrs.create(_bad(rng, name), attrs[name])
    del attrs[name]


def non_utf8_text(rng: random.Random, f: h5py.File) -> None:
    """Text attributes or string datasets holding bytes that are not UTF-8."""
    texts = [
        p
        for p in _objects(f, h5py.Dataset)
        if h5py.check_string_dtype(f[p].dtype) is not None and f[p].shape
    ]
    if texts and rng.random() < 0.5:
        dset = f[rng.choice(texts)]
        dset[0] = _bad(rng, "text")
        return
    path = rng.choice(_with_attrs(f))
    attrs = f[path].attrs
    name = rng.choice(sorted(attrs))
    attrs.create(name, _bad(rng, str(attrs[name])[:40]), dtype=h5py.string_dtype())


def _references(f: h5py.File) -> list[tuple[str, str | None]]:
    """(object path, attribute name or None for the dataset itself) of every
    reference-holding attribute or dataset."""
    found: list[tuple[str, str | None]] = []
    for path in ["/", *_objects(f)]:
        obj = f[path]
        for name in sorted(obj.attrs):
            if h5py.check_ref_dtype(obj.attrs.get_id(name).dtype) is not None:
                found.append((path, name))
        if isinstance(obj, h5py.Dataset) and _holds_refs(obj.dtype):
            found.append((path, None))
    return found


def _holds_refs(dtype: np.dtype) -> bool:
    if dtype.names:
        return any(_holds_refs(dtype.fields[n][0]) for n in dtype.names)
    return h5py.check_ref_dtype(dtype) is not None


def reference_retype(rng: random.Random, f: h5py.File) -> None:
    """A reference turned into text, a number or a null reference, or its target
    deleted (a dangling reference)."""
    refs = _references(f)
    if not refs:
        return retype_attribute(rng, f)
    path, name = rng.choice(refs)
    how = rng.choice(("text", "number", "null", "dangling"))
    if how == "dangling" and _delete_a_target(f, path, name):
        return
    value: Any = b"/acquisition" if how == "text" else np.int32(7)
    if name is not None:
        del f[path].attrs[name]
        if how in ("null", "dangling"):
            f[path].attrs.create(name, None, shape=(), dtype=h5py.ref_dtype)
        else:
            f[path].attrs[name] = value
        return
    shape = f[path].shape
    del f[path]
    if how in ("null", "dangling"):
        f.create_dataset(path, shape=shape, dtype=h5py.ref_dtype)
    else:
        f.create_dataset(path, data=np.full(shape, value))


def _delete_a_target(f: h5py.File, path: str, name: str | None) -> bool:
    stored = f[path].attrs[name] if name else f[path][()]
    if stored.dtype.names if isinstance(stored, np.ndarray) else False:
        stored = stored[stored.dtype.names[-1]]
    refs = [r for r in np.asarray(stored, dtype=object).ravel() if r]
    target = f[refs[0]].name if refs and isinstance(refs[0], h5py.Reference) else None
    if target in (None, "/"):
        return False
    del f[target]
    return True


def soft_link_cycle(rng: random.Random, f: h5py.File) -> None:
    """Soft links to an ancestor, to themselves, or to each other."""
    groups = ["/", *_objects(f, h5py.Group)]
    group = rng.choice(groups)
    base = "" if group == "/" else group
    how = rng.choice(("ancestor", "self", "pair", "replace"))
    here = f"{base}/loop{rng.randrange(10**6)}"
    if how == "ancestor":
        ancestors = [g for g in groups if g == "/" or group.startswith(g + "/")]
        f[here] = h5py.SoftLink(rng.choice([*ancestors, group]))
    elif how == "self":
        f[here] = h5py.SoftLink(here)
    elif how == "pair":
        f[here] = h5py.SoftLink(f"{here}b")
        f[f"{here}b"] = h5py.SoftLink(here)
    elif group != "/":
        parent = group.rpartition("/")[0] or "/"
        del f[group]
        f[group] = h5py.SoftLink(parent)


def external_link_nowhere(rng: random.Random, f: h5py.File) -> None:
    """External links to a missing file, this file, a directory, a FIFO, a file that
    is not HDF5, or a missing object."""
    folder = Path(f.filename).parent
    how = rng.choice(("missing", "self", "directory", "fifo", "text", "object"))
    name = {"self": Path(f.filename).name, "missing": "nowhere.nwb"}.get(
        how, f"{how}.nwb"
    )
    if how == "directory":
        (folder / name).mkdir(exist_ok=True)
    elif how == "fifo" and not (folder / name).exists():
        os.mkfifo(folder / name)
    elif how == "text":
        (folder / name).write_text("not hdf5")
    target = rng.choice(("/", "/acquisition", "/no/such/object"))
    paths = _objects(f)
    path = rng.choice(paths) if paths and rng.random() < 0.5 else "/acquisition/linked"
    if path in f:
        del f[path]
    f[path] = h5py.ExternalLink(name, target)


def huge_attribute_count(rng: random.Random, f: h5py.File) -> None:
    """Thousands of attributes on a group: in the object header (compact storage,
    the default format) or, when the file is opened in the latest format, on a new
    group that keeps them in dense storage."""
    if f.libver[0] == "latest":
        group, count = f.create_group(f"/many{rng.randrange(1000)}"), 20_000
    else:
        group = f[rng.choice(["/", *_objects(f, h5py.Group)])]
        count = rng.randrange(500, 5_000)
    space = h5py.h5s.create(h5py.h5s.SCALAR)
    for i in range(count):
        attr = h5py.h5a.create(
            group.id, f"extra{i}".encode(), h5py.h5t.STD_I32LE, space
        )
        attr.write(np.array(i, dtype="i4"))


def wrong_dtype(rng: random.Random, f: h5py.File) -> None:
    path = rng.choice(_objects(f, h5py.Dataset))
    old = f[path]
    shape, attrs = old.shape, dict(old.attrs)
    dtype = rng.choice(
        (
            "S3",
            h5py.string_dtype(),
            "?",
            "i1",
            "f2",
            "c16",
            "V4",
            np.dtype([("x", "i4"), ("y", "f8")]),
            h5py.vlen_dtype("i4"),
            h5py.enum_dtype({"A": 0, "B": 1}, basetype="u1"),
        )
    )
    del f[path]
    new = f.create_dataset(path, shape=shape, dtype=dtype)
    for key, value in attrs.items():
        new.attrs[key] = value


def wrong_shape(rng: random.Random, f: h5py.File) -> None:
    path = rng.choice(_objects(f, h5py.Dataset))
    old = f[path]
    dtype, attrs = old.dtype, dict(old.attrs)
    del f[path]
    how = rng.choice(("scalar", "empty", "rank", "sparse", "null"))
    if how == "scalar":
        new = f.create_dataset(path, shape=(), dtype=dtype)
    elif how == "empty":
        new = f.create_dataset(path, shape=(0,), dtype=dtype)
    elif how == "rank":
        new = f.create_dataset(path, shape=(2, 3, 4), dtype=dtype)
    elif how == "sparse":  # an extent of 10**12 rows, one chunk written
        new = f.create_dataset(path, shape=(10**12,), chunks=(1024,), dtype=dtype)
        new[:3] = new[:3]  # stored: the fill value, whatever the dtype
    else:
        new = f.create_dataset(path, data=h5py.Empty("f8"))
    for key, value in attrs.items():
        new.attrs[key] = value


def stored_elsewhere(rng: random.Random, f: h5py.File) -> None:
    """A dataset whose values lie in other files (external raw storage, or the
    sources of a virtual dataset): missing, a FIFO, a directory, too short."""
    numeric = [
        p
        for p in _objects(f, h5py.Dataset)
        if f[p].dtype.kind in "iuf" and len(f[p].shape) == 1 and f[p].shape[0]
    ]
    if not numeric:
        return wrong_shape(rng, f)
    path = rng.choice(numeric)
    shape, dtype, attrs = f[path].shape, f[path].dtype, dict(f[path].attrs)
    folder = Path(f.filename).parent.resolve()
    how = rng.choice(("missing", "fifo", "directory", "short"))
    where = folder / f"stored_{how}.bin"
    if how == "fifo" and not where.exists():
        os.mkfifo(where)
    elif how == "directory":
        where.mkdir(exist_ok=True)
    elif how == "short":
        where.write_bytes(b"\0" * 3)
    del f[path]
    if rng.random() < 0.5:
        size = shape[0] * dtype.itemsize
        new = f.create_dataset(
            path, shape=shape, dtype=dtype, external=[(str(where), 0, size)]
        )
    else:
        layout = h5py.VirtualLayout(shape=shape, dtype=dtype)
        layout[:] = h5py.VirtualSource(str(where), "data", shape=shape, dtype=dtype)
        new = f.create_virtual_dataset(path, layout)
    for key, value in attrs.items():
        new.attrs[key] = value


def damage_specs(rng: random.Random, f: h5py.File) -> None:
    """Cached specs deleted, or a source that is not JSON, nests too deep, is
    not UTF-8, or is a number."""
    specs = f.get("specifications")
    if not isinstance(specs, h5py.Group) or rng.random() < 0.2:
        if "specifications" in f:
            del f["specifications"]
        return
    sources: list[str] = []

    def visit(name: str, obj: object) -> None:
        if isinstance(obj, h5py.Dataset):
            sources.append(name)

    specs.visititems(visit)
    path = f"specifications/{rng.choice(sorted(sources))}"
    text = str(f[path][()][:2000])
    value = rng.choice(
        (
            "{not json",
            text[: len(text) // 2],
            "[" * 100_000,
            json.dumps({"namespaces": [{"name": 5}]}),
            _bad(rng, "{}"),
            np.float64(3.5),
        )
    )
    del f[path]
    f[path] = value


MUTATORS = {
    "delete_object": delete_object,
    "replace_object": replace_object,
    "retype_attribute": retype_attribute,
    "delete_attribute": delete_attribute,
    "non_utf8_name": non_utf8_name,
    "non_utf8_text": non_utf8_text,
    "reference_retype": reference_retype,
    "soft_link_cycle": soft_link_cycle,
    "external_link_nowhere": external_link_nowhere,
    "huge_attribute_count": huge_attribute_count,
    "wrong_dtype": wrong_dtype,
    "wrong_shape": wrong_shape,
    "damage_specs": damage_specs,
    "stored_elsewhere": stored_elsewhere,
}
