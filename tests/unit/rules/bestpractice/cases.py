"""NWB files for the best-practice parity test: one clean, one per check.

``clean()`` builds a file nwbinspector finds nothing in; each case changes it so
that it breaks exactly one check (named by the case), with pynwb where pynwb
allows the mistake and with h5py after writing where it refuses (``POST``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import h5py
import numpy as np
from hdmf.common import DynamicTable, DynamicTableRegion, VectorData
from pynwb import NWBHDF5IO, NWBFile, TimeSeries
from pynwb.base import ImageReferences, Images
from pynwb.behavior import CompassDirection, SpatialSeries
from pynwb.device import Device
from pynwb.ecephys import ElectricalSeries
from pynwb.file import Subject
from pynwb.image import GrayscaleImage, ImageSeries, IndexSeries
from pynwb.misc import Units
from pynwb.ophys import (
    ImageSegmentation,
    ImagingPlane,
    OpticalChannel,
    RoiResponseSeries,
)
from tests.unit.rules.bestpractice.edits import POST

START = datetime(2020, 5, 17, 10, 30, tzinfo=timezone.utc)
Edit = Callable[[NWBFile], None]


def clean(meta: dict[str, object], subject: dict[str, object] | None) -> NWBFile:
    """The clean file, with ``meta`` and ``subject`` changed (None: no subject)."""
    fields: dict[str, object] = {
        "session_description": "a session",
        "identifier": "clean",
        "session_start_time": START,
        "experimenter": ["Doe, Jane"],
        "institution": "A University",
        "keywords": ["test"],
        "experiment_description": "an experiment",
        "session_id": "s1",
        "related_publications": ["doi:10.1000/xyz"],
    }
    fields.update(meta)
    nwbfile = NWBFile(**{k: v for k, v in fields.items() if v is not None})  # type: ignore[arg-type]
    if subject is not None:
        person = {**SUBJECT, **subject}
        nwbfile.subject = Subject(**{k: v for k, v in person.items() if v is not None})  # type: ignore[arg-type]
    nwbfile.add_acquisition(_series())
    return nwbfile


def _series(name: str = "signal", **kwargs: object) -> TimeSeries:
    args: dict[str, object] = {
        "name": name,
        "data": np.linspace(0.0, 1.0, 20),
        "unit": "V",
        "rate": 10.0,
        "description": "a voltage",
    }
    args.update(kwargs)
    return TimeSeries(**args)  # type: ignore[arg-type]


def _misc(nwbfile: NWBFile, table: DynamicTable) -> None:
    module = nwbfile.create_processing_module("misc", "tables")
    module.add(table)


def _table(
    *columns: tuple[str, list[object]], ids: list[int] | None = None
) -> DynamicTable:
    vectors = [VectorData(name=n, description=f"the {n}", data=d) for n, d in columns]
    kwargs: dict[str, object] = {
        "name": "table",
        "description": "a table",
        "columns": vectors,
    }
    if ids is not None:
        kwargs["id"] = ids
    return DynamicTable(**kwargs)  # type: ignore[arg-type]


def _units(
    nwbfile: NWBFile, *spikes: list[float], resolution: float | None = 1e-4
) -> None:
    units = Units(name="units", description="sorted units", resolution=resolution)
    for times in spikes:
        units.add_unit(spike_times=times)
    nwbfile.units = units


def _observed(nwbfile: NWBFile, *units: tuple[list[float], list[list[float]]]) -> None:
    """Units with spike times and observed intervals, one (spikes, intervals) each."""
    table = Units(name="units", description="sorted units", resolution=1e-4)
    for spikes, intervals in units:
        table.add_unit(spike_times=spikes, obs_intervals=intervals)
    nwbfile.units = table


def _trials(nwbfile: NWBFile, *rows: tuple[float, float]) -> None:
    for start, stop in rows:
        nwbfile.add_trial(start_time=start, stop_time=stop)


def _electrodes(nwbfile: NWBFile, count: int) -> DynamicTableRegion:
    device = nwbfile.create_device("probe", description="a probe")
    group = nwbfile.create_electrode_group(
        "shank", description="a shank", location="CA1", device=device
    )
    for _ in range(count):
        nwbfile.add_electrode(group=group, location="CA1")
    return nwbfile.create_electrode_table_region(list(range(count)), "all electrodes")


def _spatial(nwbfile: NWBFile, data: np.ndarray, unit: str) -> None:
    module = nwbfile.create_processing_module("behavior", "behaviour")
    module.add(
        SpatialSeries(
            name="position",
            description="where",
            data=data,
            unit=unit,
            reference_frame="the arena",
            rate=10.0,
        )
    )


SUBJECT: dict[str, object] = {
    "subject_id": "m1",
    "species": "Mus musculus",
    "sex": "M",
    "age": "P90D",
    "description": "a mouse",
    "weight": "20 g",
}
META: dict[str, dict[str, object]] = {
    "check_session_start_time_old_date": {
        "session_start_time": datetime(1970, 1, 1, tzinfo=timezone.utc)
    },
    "check_session_start_time_future_date": {
        "session_start_time": datetime(2100, 1, 1, tzinfo=timezone.utc)
    },
    "check_experimenter_exists": {"experimenter": None},
    "check_experimenter_form": {"experimenter": ["John Smith"]},
    "check_experiment_description": {"experiment_description": None},
    "check_institution": {"institution": None},
    "check_keywords": {"keywords": None},
    "check_doi_publications": {"related_publications": ["my paper"]},
    "check_session_id_no_slashes": {"session_id": "a/b"},
    "check_empty_string_for_optional_attribute": {"lab": ""},
}
SUBJECTS: dict[str, dict[str, object] | None] = {
    "check_subject_exists": None,
    "check_subject_age": {"age": "90 days"},
    "check_subject_proper_age_range": {"age": "P3D/P1D"},
    "check_subject_id_exists": {"subject_id": None},
    "check_subject_id_no_slashes": {"subject_id": "m/1"},
    "check_subject_weight": {"weight": "20"},
    "check_subject_sex": {"sex": "male"},
    "check_subject_species_exists": {"species": None},
    "check_subject_species_form": {"species": "mouse"},
}


def _acquire(**kwargs: object) -> Edit:
    return lambda nwbfile: nwbfile.add_acquisition(_series("extra", **kwargs))


def _ecephys(
    nwbfile: NWBFile, data: np.ndarray, electrodes: int, **kwargs: object
) -> None:
    region = _electrodes(nwbfile, electrodes)
    nwbfile.add_acquisition(
        ElectricalSeries(
            name="ephys",
            description="raw voltage",
            data=data,
            electrodes=region,
            rate=1000.0,
            **kwargs,  # type: ignore[arg-type]
        )
    )


def _imaging(nwbfile: NWBFile, emission: float, excitation: float) -> ImagingPlane:
    device = nwbfile.create_device("scope", description="a microscope")
    channel = OpticalChannel("green", "green channel", emission)
    return nwbfile.create_imaging_plane(
        name="plane",
        optical_channel=channel,
        description="a plane",
        device=device,
        excitation_lambda=excitation,
        indicator="GCaMP6f",
        location="CA1",
        imaging_rate=30.0,
    )


def _roi(nwbfile: NWBFile) -> None:
    plane = _imaging(nwbfile, 520.0, 488.0)
    cells = ImageSegmentation(name="segmentation")
    masks = cells.create_plane_segmentation(
        name="cells", description="cells", imaging_plane=plane
    )
    for _ in range(3):
        masks.add_roi(image_mask=np.ones((4, 4)))
    region = masks.create_roi_table_region("all cells", region=[0, 1, 2])
    module = nwbfile.create_processing_module("ophys", "optical")
    module.add(cells)
    module.add(
        RoiResponseSeries(
            name="fluorescence",
            description="dF/F",
            data=np.ones((3, 20)),
            rois=region,
            unit="n.a.",
            rate=30.0,
        )
    )


def _images(nwbfile: NWBFile, order: list[int]) -> None:
    pictures = [
        GrayscaleImage(name=f"image{i}", data=np.zeros((4, 4)), description="blank")
        for i in range(2)
    ]
    refs = ImageReferences(name="order_of_images", data=[pictures[i] for i in order])
    images = Images(
        name="images", images=pictures, description="pictures", order_of_images=refs
    )
    nwbfile.add_acquisition(images)


def _external(name: str) -> Edit:
    return lambda nwbfile: nwbfile.add_acquisition(
        ImageSeries(
            name="movie",
            description="a movie",
            external_file=[name],
            format="external",
            starting_frame=[0],
            timestamps=[0.0, 0.5],
            unit="n.a.",
        )
    )


CASES: dict[str, Edit] = {
    "check_processing_module_name": lambda f: f.create_processing_module(
        "stuff", "x"
    ).add(_series("inner")),
    "check_description": _acquire(description="no description"),
    "check_regular_timestamps": _acquire(rate=None, timestamps=np.arange(20) / 10.0),
    "check_data_orientation": _acquire(data=np.ones((3, 20))),
    "check_timestamps_match_first_dimension": _acquire(
        rate=None, timestamps=np.array([0.0, 0.3, 0.5] * 6 + [7.0, 0.1]).cumsum()
    ),
    "check_timestamps_ascending": _acquire(
        rate=None, timestamps=np.array([0.0, 2.0, 1.0, *list(range(3, 20))], float)
    ),
    "check_timestamps_without_nans": _acquire(
        rate=None,
        timestamps=np.array([0.0, 0.3, np.nan] + [x * 1.7 for x in range(2, 19)]),
    ),
    "check_timestamp_of_the_first_sample_is_not_negative": _acquire(starting_time=-1.0),
    "check_missing_unit": _acquire(unit=""),
    "check_resolution": _acquire(resolution=-2.0),
    "check_time_series_duration": _acquire(
        rate=None, data=np.ones(3), timestamps=np.array([0.0, 1.0, 4e7])
    ),
    "check_time_series_data_is_not_empty": _acquire(data=np.zeros(0)),
    "check_rate_not_below_threshold": _acquire(data=np.ones(3), rate=0.005),
    "check_empty_table": lambda f: _misc(f, _table(("score", np.zeros(0)))),
    "check_single_row": lambda f: _misc(f, _table(("score", [0.5]))),
    "check_ids_unique": lambda f: _misc(f, _table(("score", [0.5, 0.7]), ids=[3, 3])),
    "check_column_binary_capability": lambda f: _misc(
        f, _table(("hit", [0.0, 1.0, 1.0]))
    ),
    "check_table_values_for_dict": lambda f: _misc(
        f, _table(("meta", ["{'a': 1}", "{'a': 2}"]))
    ),
    "check_col_not_nan": lambda f: _misc(f, _table(("score", [np.nan, np.nan]))),
    "check_table_time_columns_are_not_negative": lambda f: _misc(
        f, _table(("event_time", [-1.0, 2.0]))
    ),
    "check_time_intervals_start_time_not_constant": lambda f: _trials(
        f, (1.0, 2.0), (1.0, 3.0)
    ),
    "check_time_interval_time_columns": lambda f: _trials(f, (2.0, 3.0), (1.0, 4.0)),
    "check_time_intervals_stop_after_start": lambda f: _trials(
        f, (1.0, 0.5), (2.0, 3.0)
    ),
    "check_time_intervals_duration": lambda f: _trials(f, (1.0, 2.0), (3.0, 4e7)),
    "check_units_table_has_spikes": lambda f: setattr(f, "units", _no_spikes()),
    "check_negative_spike_times": lambda f: _units(f, [-1.5, 0.25]),
    "check_units_resolution_is_set": lambda f: _units(f, [0.5, 1.25], resolution=None),
    "check_units_resolution_is_valid": lambda f: _units(f, [0.5, 1.25], resolution=0.1),
    "check_spike_times_not_in_samples": lambda f: _units(f, [1.0, 2.0, 3.0]),
    "check_ascending_spike_times": lambda f: _units(f, [0.25, 1.5], [0.75, 0.5]),
    "check_units_table_duration": lambda f: _units(f, [0.5, 4e7 + 0.5]),
    "check_spike_times_not_in_unobserved_interval": lambda f: _observed(
        f, ([0.5, 1.5], [[0.0, 2.0]]), ([0.5, 2.5], [[0.0, 1.0], [2.0, 2.25]])
    ),
    "check_electrical_series_dims": lambda f: _ecephys(f, np.ones((100, 3)), 4),
    "check_electrical_series_unscaled_data": lambda f: _ecephys(
        f, np.ones((100, 4), dtype="int16"), 4
    ),
    "check_emission_lambda_in_nm": lambda f: _imaging(f, 5.0, 488.0),
    "check_excitation_lambda_in_nm": lambda f: _imaging(f, 520.0, 5.0),
    "check_roi_response_series_dims": _roi,
    "check_image_series_external_file_valid": _external("missing.avi"),
    "check_image_series_external_file_relative": _external("/absolute/missing.avi"),
    "check_order_of_images_unique": lambda f: _images(f, [0, 0]),
    "check_order_of_images_len": lambda f: _images(f, [0]),
    "check_spatial_series_dims": lambda f: _spatial(f, np.ones((20, 4)), "meters"),
    "check_spatial_series_radians_magnitude": lambda f: _spatial(
        f, np.full(20, 10.0), "radians"
    ),
    "check_spatial_series_degrees_magnitude": lambda f: _spatial(
        f, np.full(20, 400.0), "degrees"
    ),
    "check_spatial_series_unit": lambda f: _spatial(f, np.ones(20), "feet"),
    "check_compass_direction_unit": lambda f: _compass(f),
    "check_name_colons": lambda f: None,  # renamed with h5py (pynwb refuses)
    "check_name_slashes": lambda f: None,
    "check_rate_is_not_zero": lambda f: None,  # set with h5py (pynwb refuses)
    "check_rate_is_positive": lambda f: None,
    "check_file_extension": lambda f: None,  # written as .h5
    "check_dynamic_table_region_data_validity": lambda f: _ecephys(
        f, np.ones((100, 2)), 2, conversion=1e-6
    ),
    "check_image_series_data_size": lambda f: None,  # replaced with h5py
    "check_large_dataset_compression": lambda f: None,
    "check_small_dataset_compression": lambda f: None,  # replaced with h5py
    "check_intracellular_electrode_cell_id_exists": lambda f: (
        f.create_icephys_electrode(
            name="pipette", description="a pipette", device=_device(f)
        )
    ),
    "check_optogenetic_stimulus_site_has_optogenetic_series": lambda f: (
        f.create_ogen_site(
            name="site",
            device=_device(f),
            description="a site",
            excitation_lambda=470.0,
            location="VISp",
        )
    ),
    "check_index_series_points_to_image": lambda f: _index_series(f),
    "check_electrical_series_reference_electrodes_table": lambda f: _other_region(f),
    "check_plane_segmentation_image_mask_shape_against_ref_images": lambda f: _masks(f),
}
NAMES = sorted([*META, *SUBJECTS, *CASES])


def _device(nwbfile: NWBFile) -> Device:
    return nwbfile.create_device("rig", description="a rig")


def _index_series(nwbfile: NWBFile) -> None:
    """Written indexing Images; ``POST`` points it at a TimeSeries instead."""
    nwbfile.add_acquisition(
        ImageSeries(
            name="movie",
            description="a movie",
            data=np.zeros((2, 4, 4)),
            unit="n.a.",
            timestamps=[0.0, 0.5],
        )
    )
    _images(nwbfile, [0, 1])
    nwbfile.add_acquisition(
        IndexSeries(
            name="index",
            description="frames shown",
            data=np.array([0, 1], dtype="uint32"),
            indexed_images=nwbfile.acquisition["images"],
            timestamps=[0.0, 0.7],
            unit="N/A",
        )
    )


def _other_region(nwbfile: NWBFile) -> None:
    _electrodes(nwbfile, 2)
    other = _table(("gain", [1.5, 2.5]))
    _misc(nwbfile, other)
    region = DynamicTableRegion(
        name="electrodes", data=[0, 1], description="rows of another table", table=other
    )
    nwbfile.add_acquisition(
        ElectricalSeries(
            name="ephys",
            description="raw voltage",
            data=np.ones((100, 2)),
            electrodes=region,
            rate=1000.0,
        )
    )


def _masks(nwbfile: NWBFile) -> None:
    plane = _imaging(nwbfile, 520.0, 488.0)
    reference = ImageSeries(
        name="mean",
        description="mean image",
        data=np.zeros((1, 5, 5)),
        unit="n.a.",
        rate=1.0,
    )
    nwbfile.add_acquisition(reference)
    cells = ImageSegmentation(name="segmentation")
    masks = cells.create_plane_segmentation(
        name="cells",
        description="cells",
        imaging_plane=plane,
        reference_images=reference,
    )
    for _ in range(2):
        masks.add_roi(image_mask=np.ones((4, 4)))
    nwbfile.create_processing_module("ophys", "optical").add(cells)


def _no_spikes() -> Units:
    units = Units(name="units", description="sorted units")
    units.add_column("quality", "how good")
    units.add_row(quality=0.5)
    units.add_row(quality=0.75)
    return units


def _compass(nwbfile: NWBFile) -> None:
    module = nwbfile.create_processing_module("behavior", "behaviour")
    heading = SpatialSeries(
        name="heading",
        description="where to",
        data=np.ones(20),
        unit="meters",
        reference_frame="north",
        rate=10.0,
    )
    module.add(CompassDirection(spatial_series=heading))


def write(folder: Path, name: str) -> Path:
    """The file of case ``name`` (``clean`` for the clean one)."""
    nwbfile = clean(META.get(name, {}), SUBJECTS.get(name, {}))
    if name in CASES:
        CASES[name](nwbfile)
    path = folder / f"{name}{'.h5' if name == 'check_file_extension' else '.nwb'}"
    with NWBHDF5IO(path, "w") as io:
        io.write(nwbfile)
    if name in POST:
        with h5py.File(path, "a") as f:
            POST[name](f)
    if name == "check_timestamps_match_first_dimension":
        with h5py.File(path, "a") as f:
            del f["acquisition/extra/data"]
            f.create_dataset("acquisition/extra/data", data=np.ones(10))
            f["acquisition/extra/data"].attrs.update(
                {"unit": "V", "conversion": 1.0, "offset": 0.0, "resolution": -1.0}
            )
    return path


def write_late_decrease(path: Path) -> None:
    """A clean file with a series whose 300th timestamp goes back in time."""
    nwbfile = clean({}, {})
    stamps = np.cumsum(np.random.default_rng(1).uniform(0.5, 1.5, 500))
    stamps[300] = stamps[299] - 0.25
    nwbfile.add_acquisition(
        _series("late", data=np.ones(500), rate=None, timestamps=stamps)
    )
    with NWBHDF5IO(path, "w") as io:
        io.write(nwbfile)


def write_late_unit(path: Path) -> None:
    """A clean file whose fifth unit spikes outside its observed intervals."""
    nwbfile = clean({}, {})
    inside = ([0.5, 1.5], [[0.0, 2.0]])
    _observed(nwbfile, inside, inside, inside, inside, ([0.5, 3.0], [[0.0, 2.0]]))
    with NWBHDF5IO(path, "w") as io:
        io.write(nwbfile)
