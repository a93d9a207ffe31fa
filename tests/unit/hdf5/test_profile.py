"""Value profiles for best-practice checks: one bounded pass, a budget, samples."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np
import pytest

from nwb_lsp.hdf5 import values
from nwb_lsp.hdf5.profile import profile_blocks
from nwb_lsp.hdf5.values import ValueReader


def _blocks(*parts: list[float]) -> list[tuple[np.ndarray, int]]:
    return [(np.asarray(p, dtype=np.float64), len(p)) for p in parts]


def test_a_decrease_across_blocks_is_found_at_its_index() -> None:
    found = profile_blocks(5, _blocks([0.0, 1.0, 2.0], [1.5, 3.0]))
    assert found.first_decrease == 3
    assert (found.minimum, found.maximum, found.first, found.last) == (0, 3, 0, 3)
    assert not found.regular


def test_regular_steps_and_repeats() -> None:
    found = profile_blocks(4, _blocks([0.0, 0.1], [0.2, 0.3]))
    assert found.regular and found.step == pytest.approx(0.1)
    assert found.first_repeat is None
    assert profile_blocks(3, _blocks([1.0, 1.0, 2.0])).first_repeat == 1


def test_breaks_leave_out_the_steps_between_units() -> None:
    # units [0.5, 0.9] and [0.2, 0.4]: the step 0.9 -> 0.2 starts a new unit
    found = profile_blocks(4, _blocks([0.5, 0.9, 0.2, 0.4]), np.array([2]))
    assert found.first_decrease is None
    assert profile_blocks(4, _blocks([0.5, 0.9, 0.2, 0.4])).first_decrease == 2


def test_nan_is_counted_and_stepped_over() -> None:
    found = profile_blocks(4, _blocks([0.0, np.nan, 2.0, 3.0]))
    assert found.nan_count == 1 and not found.all_nan
    assert found.first_decrease is None
    assert (found.minimum, found.maximum) == (0.0, 3.0)
    assert profile_blocks(2, _blocks([np.nan, np.nan])).all_nan


def test_whole_numbers_and_distinct_values() -> None:
    found = profile_blocks(4, _blocks([1.0, 0.0, 1.0, 0.0]))
    assert found.integral and found.distinct == {0.0, 1.0}
    assert not profile_blocks(2, _blocks([1.0, 1.5])).integral


def _dataset(tmp_path: Path, data: np.ndarray) -> Path:
    path = tmp_path / "values.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("x", data=data)
    return path


def test_within_the_budget_every_value_is_read(tmp_path: Path) -> None:
    data = np.arange(1000, dtype=np.float64)
    data[700] = 0.0
    with ValueReader(_dataset(tmp_path, data)) as reader:
        found = reader.profile("/x")
    assert found is not None and found.first_decrease == 700
    assert found.sampled is None and found.count == 1000


def test_past_the_budget_a_sample_is_judged_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(values, "SAMPLE", 100)
    data = np.arange(1000, dtype=np.float64)
    data[700] = 0.0
    with ValueReader(_dataset(tmp_path, data), budget=10) as reader:
        found = reader.profile("/x")
        assert reader.budget == 10  # a sample does not spend the budget
    assert found is not None and found.count == 100
    assert found.first_decrease is None
    assert found.sampled == "the first 100 of 1,000 rows"


def test_the_budget_is_spent_across_datasets(tmp_path: Path) -> None:
    path = tmp_path / "two.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("a", data=np.arange(100, dtype=np.float64))
        f.create_dataset("b", data=np.arange(100, dtype=np.float64))
    with ValueReader(path, budget=1000) as reader:
        first, second = reader.profile("/a"), reader.profile("/b")
    assert first is not None and first.sampled is None  # 800 bytes: read whole
    assert second is not None and second.count == 100  # what is left is too little:
    assert second.sampled is None  # sampled, but the sample holds every row


def test_a_profile_is_kept_for_the_next_check(tmp_path: Path) -> None:
    with ValueReader(_dataset(tmp_path, np.arange(10.0)), budget=1000) as reader:
        assert reader.profile("/x") is reader.profile("/x")
        assert reader.budget == 1000 - 80


def test_text_has_no_profile(tmp_path: Path) -> None:
    path = tmp_path / "text.h5"
    with h5py.File(path, "w") as f:
        f.create_dataset("t", data=["a", "b"])
    with ValueReader(path) as reader:
        assert reader.profile("/t") is None
        assert reader.head("/t") is None


def test_a_stream_gives_every_value_in_blocks_with_their_offsets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(values, "CHUNK", 4)
    with ValueReader(_dataset(tmp_path, np.arange(10.0)), budget=1000) as reader:
        stream = reader.stream("/x")
        assert stream is not None and stream.sampled is None
        blocks = [(offset, block.tolist()) for offset, block in stream.blocks]
        assert reader.budget == 1000 - 80
    assert [offset for offset, _ in blocks] == [0, 4, 8]
    assert [v for _, b in blocks for v in b] == list(np.arange(10.0))


def test_past_the_budget_a_stream_is_a_sample_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(values, "SAMPLE", 6)
    monkeypatch.setattr(values, "CHUNK", 4)
    with ValueReader(_dataset(tmp_path, np.arange(10.0)), budget=10) as reader:
        stream = reader.stream("/x")
        assert stream is not None
        assert [b.size for _, b in stream.blocks] == [4, 2]
    assert stream.sampled == "the first 6 of 10 rows"
