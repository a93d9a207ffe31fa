"""Best practices for optical physiology, images and image series.

A RoiResponseSeries has one column of data per ROI and names rows of a
PlaneSegmentation; wavelengths are in nanometres; image masks match the reference
images. An ImageSeries' external files exist and are relative to the NWB file; a
very large ImageSeries belongs in external files. An Images container orders
each image once; an IndexSeries indexes Images, not a TimeSeries.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

from nwb_lsp.hdf5.records import ObjectRecord, Via
from nwb_lsp.rules.bestpractice.ecephys import orientation, region_table
from nwb_lsp.rules.bestpractice.read import child_path, number, record_at
from nwb_lsp.rules.bestpractice.registry import CRITICAL, VIOLATION, Note, best_practice
from nwb_lsp.rules.bestpractice.series import part, shape
from nwb_lsp.rules.context import CheckContext

MIN_LAMBDA = 10.0  # nm: smaller values are likely in another unit
LARGE = 20e9


@best_practice(
    "B501",
    "check_roi_response_series_dims",
    CRITICAL,
    "RoiResponseSeries",
    "data's second dimension differs from the number of ROIs",
    why="each column of data is one ROI; a mismatch means transposed data",
    fix="write data as (time, rois)",
)
def roi_dims(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    dims, rois = shape(ctx, record, "data"), shape(ctx, record, "rois")
    if dims is not None and rois is not None and len(dims) == 2:
        for note in orientation(dims, 1, rois[0], "rois"):
            yield Note(
                note.message.replace("electrodes", "rois"), child_path(record, "data")
            )


@best_practice(
    "B502",
    "check_roi_response_series_link_to_plane_segmentation",
    VIOLATION,
    "RoiResponseSeries",
    "rois does not refer to a PlaneSegmentation",
    why="the ROIs' masks live in a PlaneSegmentation",
    fix="make rois a region of the PlaneSegmentation",
)
def roi_table(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    table = region_table(ctx, part(ctx, record, "rois"))
    if table is not None and not ctx.is_a(
        ctx.index.objects.get(table), "PlaneSegmentation"
    ):
        yield Note(f"rois refers to {table}, not a PlaneSegmentation")


def _wavelength(ctx: CheckContext, record: ObjectRecord, name: str) -> Iterator[Note]:
    value = number(ctx, child_path(record, name))
    if value is not None and value < MIN_LAMBDA:
        yield Note(f"{name} of {value:g} should be in nm", child_path(record, name))


@best_practice(
    "B503",
    "check_emission_lambda_in_nm",
    VIOLATION,
    "OpticalChannel",
    "emission_lambda is below 10, likely not in nm",
    why="wavelengths are in nanometres",
    fix="write emission_lambda in nm",
)
def emission(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    yield from _wavelength(ctx, record, "emission_lambda")


@best_practice(
    "B504",
    "check_excitation_lambda_in_nm",
    VIOLATION,
    "ImagingPlane",
    "excitation_lambda is below 10, likely not in nm",
    why="wavelengths are in nanometres",
    fix="write excitation_lambda in nm",
)
def excitation(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    yield from _wavelength(ctx, record, "excitation_lambda")


@best_practice(
    "B505",
    "check_plane_segmentation_image_mask_shape_against_ref_images",
    VIOLATION,
    "PlaneSegmentation",
    "image masks and reference images differ in shape",
    why="a mask is drawn over its reference image, pixel for pixel",
    fix="write masks with the shape of the reference images",
)
def mask_shape(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    mask = shape(ctx, record, "image_mask")
    images = ctx.index.objects.get(child_path(record, "reference_images"))
    if mask is None or images is None:
        return
    for name in images.children:
        image = record_at(ctx, child_path(images, name))  # a link to an ImageSeries
        data = shape(ctx, image, "data") if image is not None else None
        if data is not None and data[1:] != mask[1:]:
            yield Note(
                f"image_mask of shape {mask[1:]} differs from reference image "
                f"'{name}' of shape {data[1:]}"
            )


def _external(ctx: CheckContext, record: ObjectRecord) -> list[str]:
    files = part(ctx, record, "external_file")
    if files is None or not files.shape or ctx.values is None:
        return []
    return ctx.values.strings(files.path)


@best_practice(
    "B510",
    "check_image_series_external_file_valid",
    CRITICAL,
    "ImageSeries",
    "an external file (a relative path) does not exist",
    why="the frames of the series are in that file",
    fix="put the file beside the NWB file, at the path stored",
)
def external_exists(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    base = Path(ctx.index.path).resolve().parent
    for name in _external(ctx, record):
        if not Path(name).is_absolute() and not (base / name).exists():
            yield Note(
                f"the external file '{name}' does not exist",
                child_path(record, "external_file"),
            )


@best_practice(
    "B511",
    "check_image_series_external_file_relative",
    VIOLATION,
    "ImageSeries",
    "an external file is named by an absolute path",
    why="absolute paths break when the files are moved or shared",
    fix="store the path relative to the NWB file",
)
def external_relative(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for name in _external(ctx, record):
        if PureWindowsPath(name).is_absolute() or PurePosixPath(name).is_absolute():
            yield Note(
                f"the external file '{name}' is an absolute path",
                child_path(record, "external_file"),
            )


@best_practice(
    "B512",
    "check_image_series_data_size",
    VIOLATION,
    "ImageSeries",
    "the ImageSeries holds more than 20 GB",
    why="video this large is better kept in external files",
    fix="store the frames in external files (format='external')",
)
def image_size(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    data = part(ctx, record, "data")
    if ctx.is_a(record, "TwoPhotonSeries") or data is None or data.compression:
        return  # nwbinspector measures compressed data by its storage size
    if data.shape and data.dtype and _size(data) > LARGE:
        yield Note(f"the ImageSeries holds {_size(data) / 1e9:.1f} GB")


def _size(record: ObjectRecord) -> float:
    count = 1
    for d in record.shape or ():
        count *= d
    return float(count * (record.dtype.itemsize if record.dtype else 0))


def _ordered(ctx: CheckContext, record: ObjectRecord) -> ObjectRecord | None:
    return part(ctx, record, "order_of_images")


@best_practice(
    "B514",
    "check_order_of_images_unique",
    VIOLATION,
    "Images",
    "order_of_images names an image more than once",
    why="each image has one place in the order",
    fix="list each image once in order_of_images",
)
def order_unique(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    order = _ordered(ctx, record)
    if order is None:
        return
    refs = [
        r
        for r in ctx.index.references
        if r.source == order.path and r.via is Via.DATASET
    ]
    if any(r.count > 1 for r in refs):
        yield Note("order_of_images should have unique values", order.path)


@best_practice(
    "B515",
    "check_order_of_images_len",
    VIOLATION,
    "Images",
    "order_of_images and the images differ in number",
    why="order_of_images orders every image of the container",
    fix="list every image once in order_of_images",
)
def order_length(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    order = _ordered(ctx, record)
    images = [c for c in ctx.index.children(record.path) if ctx.is_a(c, "Image")]
    if order is not None and order.shape and order.shape[0] != len(images):
        yield Note(
            f"{order.shape[0]} entries in order_of_images for {len(images)} images",
            order.path,
        )


@best_practice(
    "B516",
    "check_index_series_points_to_image",
    VIOLATION,
    "IndexSeries",
    "an IndexSeries indexes a TimeSeries (deprecated)",
    why="IndexSeries should index an Images container since NWB 2.5",
    fix="point indexed_images at an Images container",
)
def index_series(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if part(ctx, record, "indexed_timeseries") is not None:
        yield Note("pointing an IndexSeries to a TimeSeries is deprecated; use Images")
