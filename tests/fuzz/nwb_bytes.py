"""Byte-level damage to NWB files: flips, truncations, zeroed ranges, broken chunks
and heaps, and files that are not HDF5 at all.

Offsets are drawn from ``rng`` alone (relative to the file's size, or to the
addresses of its object headers and chunks, which are the same for the same seed),
so a case is reproduced by its seed and index.
"""

from __future__ import annotations

import random
from pathlib import Path

import h5py

SIGNATURE = b"\x89HDF\r\n\x1a\n"


def _headers(path: Path) -> list[int]:
    """File addresses of the object headers, in a stable order."""
    found: list[int] = []
    with h5py.File(path, "r") as f:
        found.append(h5py.h5o.get_info(f.id).addr)

        def visit(name: str, obj: object) -> None:
            found.append(h5py.h5o.get_info(obj.id).addr)  # type: ignore[attr-defined]

        f.visititems(visit)
    return sorted(set(found))


def _datasets(path: Path, want: str) -> list[str | bytes]:
    """Paths of datasets that are chunked (``want="chunked"``) or hold
    variable-length strings in contiguous storage (``want="vlen"``)."""
    out: list[str | bytes] = []
    with h5py.File(path, "r") as f:

        def visit(name: str | bytes, obj: object) -> None:
            if not isinstance(obj, h5py.Dataset):
                return
            chunked = bool(obj.chunks) and obj.id.get_num_chunks() > 0
            vlen = (
                h5py.check_string_dtype(obj.dtype) is not None
                and obj.dtype.kind == "O"
                and obj.id.get_offset() is not None
            )
            if (want == "chunked" and chunked) or (want == "vlen" and vlen):
                out.append(name)

        f.visititems(visit)
    return sorted(out, key=repr)  # names that are not UTF-8 come as bytes


def _write_at(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def byte_flip(rng: random.Random, path: Path) -> None:
    """Flip bits of 1-16 bytes anywhere in the file."""
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def header_flip(rng: random.Random, path: Path) -> None:
    """Flip bytes inside object headers, where libhdf5's decoders read."""
    headers = _headers(path)
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 6)):
        i = min(len(data) - 1, rng.choice(headers) + rng.randrange(64))
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))


def truncate(rng: random.Random, path: Path) -> None:
    """Cut the file anywhere, in its first kilobyte, or just after a header."""
    size = path.stat().st_size
    where = rng.choice(("anywhere", "start", "header"))
    if where == "anywhere":
        cut = rng.randrange(size)
    elif where == "start":
        cut = rng.randrange(min(size, 1024))
    else:
        cut = min(size - 1, rng.choice(_headers(path)) + rng.randrange(256))
    with path.open("r+b") as fh:
        fh.truncate(cut)


def zero_range(rng: random.Random, path: Path) -> None:
    size = path.stat().st_size
    length = rng.choice((8, 64, 512, 4096))
    _write_at(path, rng.randrange(size), b"\0" * length)


def not_hdf5(rng: random.Random, path: Path) -> None:
    """Replace the file by something that is not HDF5 (or only looks like it)."""
    noise = rng.randbytes(rng.choice((0, 1, 7, 100, 5000)))
    content = rng.choice(
        (
            b"",
            noise,
            b"this is not an NWB file\n" * 40,
            SIGNATURE,  # a signature and nothing else
            SIGNATURE + noise,
            b"\0" * 512 + SIGNATURE + noise,  # after a user block
            b"PK\x03\x04" + noise,  # a zip archive
            b'{"nwb_version": "2.7.0"}',
        )
    )
    path.write_bytes(content)


def corrupt_chunk(rng: random.Random, path: Path) -> None:
    """Zero, scramble or shorten-by-garbage one chunk of a chunked dataset."""
    chunked = _datasets(path, "chunked")
    if not chunked:
        return byte_flip(rng, path)
    with h5py.File(path, "r") as f:
        dset = f[rng.choice(chunked)].id
        chunk = dset.get_chunk_info(rng.randrange(dset.get_num_chunks()))
    fill = rng.choice((b"\0" * chunk.size, rng.randbytes(chunk.size)))
    _write_at(path, chunk.byte_offset, fill)


def vlen_heap(rng: random.Random, path: Path) -> None:
    """Point a variable-length string at no heap (address or index garbage)."""
    strings = _datasets(path, "vlen")
    if not strings:
        return byte_flip(rng, path)
    with h5py.File(path, "r") as f:
        offset = f[rng.choice(strings)].id.get_offset()
    # a heap id: 4 bytes length, 8 bytes collection address, 4 bytes index
    part = rng.choice(((0, 4), (4, 8), (12, 4)))
    _write_at(path, offset + part[0], rng.randbytes(part[1]))


MUTATORS = {
    "byte_flip": byte_flip,
    "header_flip": header_flip,
    "truncate": truncate,
    "zero_range": zero_range,
    "not_hdf5": not_hdf5,
    "corrupt_chunk": corrupt_chunk,
    "vlen_heap": vlen_heap,
}
