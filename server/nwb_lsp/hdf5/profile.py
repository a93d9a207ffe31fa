"""What best-practice checks learn from a dataset's values, in one bounded pass.

nwbinspector's value checks (timestamps ascending, regular, without NaN; spike
times ascending per unit, not in samples; a table column all NaN, binary; time
columns not negative) each read the values they need, often the whole dataset. Here
one pass over the blocks ``values.py`` streams (at most ``CHUNK`` elements at a
time) answers all of them at once, as a small ``Profile``: counts, extremes, the
first decrease, the first repeat, whether the steps are regular, whether every value
is a whole number, and up to three distinct values.

``breaks`` are flat positions ``i`` where the step from value ``i - 1`` to ``i`` does
not count (the first spike of each unit of a ragged ``spike_times`` column). A NaN
neither decreases nor repeats: the steps next to it are left out. Steps are compared
rounded to 9 decimals, like nwbinspector's ``is_regular_series``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

Block = tuple[np.ndarray, int]  # values, and how many elements they stand for
DECIMALS = 9
SAMPLE = 1 << 20  # values read of a dataset judged on a sample: its first SAMPLE


@dataclass
class Profile:
    """A summary of the values read; ``sampled`` says what part when not all."""

    length: int  # rows of the dataset (its first dimension)
    count: int = 0  # elements read
    nan_count: int = 0
    first: float | None = None
    last: float | None = None
    minimum: float | None = None  # NaN left out
    maximum: float | None = None
    first_decrease: int | None = None
    first_repeat: int | None = None
    step: float | None = None  # the first step, rounded
    regular: bool = True  # every step equal to the first (needs >= 2 steps)
    integral: bool = True  # every finite value a whole number
    distinct: set[float] = field(default_factory=set)  # up to 3 values
    sampled: str | None = None

    @property
    def all_nan(self) -> bool:
        return self.count > 0 and self.nan_count == self.count


def profile_blocks(
    length: int, blocks: Iterable[Block], breaks: np.ndarray | None = None
) -> Profile:
    """One pass over ``blocks`` (flat values in order, see ``values.py``)."""
    found = Profile(length)
    previous: float | None = None
    offset = 0
    for block, count in blocks:
        if block.size:
            _extremes(found, block)
            joined = block if previous is None else np.concatenate(([previous], block))
            start = offset if previous is None else offset - 1
            _steps(found, joined, start, breaks)
            previous = float(block[-1])
        offset += count
    return found


def _extremes(found: Profile, block: np.ndarray) -> None:
    nan = np.isnan(block) if block.dtype.kind == "f" else np.zeros(block.shape, bool)
    found.count += int(block.size)
    found.nan_count += int(nan.sum())
    if found.first is None:
        found.first = float(block[0])
    found.last = float(block[-1])
    finite = block[~nan]
    if not finite.size:
        return
    lo, hi = float(finite.min()), float(finite.max())
    found.minimum = lo if found.minimum is None else min(found.minimum, lo)
    found.maximum = hi if found.maximum is None else max(found.maximum, hi)
    if found.integral and not bool(np.all(finite == np.floor(finite))):
        found.integral = False
    if len(found.distinct) <= 2:
        for value in np.unique(finite[:4096]).tolist():
            found.distinct.add(float(value))
            if len(found.distinct) > 2:
                break


def _steps(
    found: Profile, joined: np.ndarray, start: int, breaks: np.ndarray | None
) -> None:
    """Steps between neighbours; ``start`` is the flat position of ``joined[0]``."""
    if joined.size < 2:
        return
    steps = np.diff(joined)
    valid = ~np.isnan(steps) if steps.dtype.kind == "f" else np.ones(steps.shape, bool)
    if breaks is not None and breaks.size:
        positions = np.arange(start + 1, start + joined.size)
        valid &= ~np.isin(positions, breaks)
    if found.first_decrease is None and (steps[valid] < 0).any():
        found.first_decrease = start + 1 + int(np.argmax(valid & (steps < 0)))
    if found.first_repeat is None and (steps[valid] == 0).any():
        found.first_repeat = start + 1 + int(np.argmax(valid & (steps == 0)))
    if found.regular:
        rounded = np.round(steps.astype(np.float64), DECIMALS)
        if found.step is None:
            found.step = float(rounded[0])
        found.regular = bool(np.all(rounded == found.step))
