"""Best practices for a file's metadata: the session, the experimenters, the subject.

DANDI and readers of a dataset rely on these: a subject with an id, a species in
Latin binomial form, an age as an ISO 8601 duration, a sex from a fixed set; a
session start time that is neither in the future nor a placeholder date; names
in DANDI's form; related publications as DOIs; ids without slashes, which break
the paths DANDI builds from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.read import child_path, text, texts
from nwb_lsp.rules.bestpractice.registry import (
    CRITICAL,
    SUGGESTION,
    VIOLATION,
    Note,
    best_practice,
)
from nwb_lsp.rules.context import CheckContext

DURATION = (
    r"P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?"
    r"(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?"
)
SPECIES = r"([A-Z][a-z]* [a-z]+)|(http://purl.obolibrary.org/obo/NCBITaxon_\d+)"
WEIGHT = r"(?i)^\d+(\.\d+)? (kg|g|mg|ug|μg|ng|pg)$"
NAME = r"^([\w\s\-\.']+),\s+([\w\s\-\.']+)$"  # DANDI's pattern for a person
DOI_STARTS = ("doi:", "http://dx.doi.org/", "https://doi.org/")
MODULE_NAMES = ("ophys", "ecephys", "icephys", "behavior", "misc", "ogen", "retinotopy")
OLD_DATE = datetime(1980, 1, 1)
NWB_FILE, SUBJECT = "NWBFile", "Subject"


def _general(ctx: CheckContext, name: str) -> list[str] | None:
    return texts(ctx, f"/general/{name}")


def _start_time(ctx: CheckContext) -> datetime | None:
    value = text(ctx, "/session_start_time")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None  # M023 reports a date-time that is not ISO 8601


@best_practice(
    "B101",
    "check_session_start_time_old_date",
    SUGGESTION,
    NWB_FILE,
    "the session start time is on or before 1980-01-01, likely a placeholder",
    why="a placeholder date hides when the data were recorded",
    fix="set session_start_time to the true start of the recording",
)
def session_start_old(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    start = _start_time(ctx)
    old = (
        OLD_DATE
        if start is None or start.tzinfo is None
        else OLD_DATE.astimezone(start.tzinfo)
    )
    if start is not None and start <= old:
        yield Note(f"the session_start_time ({start}) may not be the true date")


@best_practice(
    "B102",
    "check_session_start_time_future_date",
    CRITICAL,
    NWB_FILE,
    "the session start time is in the future",
    why="a recording cannot start after the file was checked",
    fix="set session_start_time to the true start, with its time zone",
)
def session_start_future(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    start = _start_time(ctx)
    now = datetime.now(timezone.utc) if start and start.tzinfo else datetime.now()
    if start is not None and start >= now:
        yield Note(f"the session_start_time ({start}) is in the future")


@best_practice(
    "B103",
    "check_experimenter_exists",
    SUGGESTION,
    NWB_FILE,
    "no experimenter is named",
    why="readers and DANDI credit the people who ran the experiment",
    fix="add experimenter=['Last, First']",
)
def experimenter_exists(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if not _general(ctx, "experimenter"):
        yield Note("experimenter is missing")


@best_practice(
    "B104",
    "check_experimenter_form",
    SUGGESTION,
    NWB_FILE,
    "an experimenter's name is not in the form 'Last, First'",
    why="DANDI parses names as 'LastName, FirstName'",
    fix="write each experimenter as 'Last, First' or 'Last, First Middle'",
)
def experimenter_form(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for name in _general(ctx, "experimenter") or []:
        if re.match(NAME, name) is None:
            yield Note(
                f"experimenter '{name}' is not in DANDI's form 'LastName, FirstName'",
                child_path(record, "general/experimenter"),
            )


def _missing(ctx: CheckContext, name: str, message: str) -> Iterator[Note]:
    if not _general(ctx, name):
        yield Note(message)


@best_practice(
    "B105",
    "check_experiment_description",
    SUGGESTION,
    NWB_FILE,
    "no experiment description",
    why="the description tells readers what the experiment was",
    fix="set experiment_description",
)
def experiment_description(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    yield from _missing(
        ctx, "experiment_description", "experiment description is missing"
    )


@best_practice(
    "B106",
    "check_institution",
    SUGGESTION,
    NWB_FILE,
    "no institution",
    why="the institution identifies where the data come from",
    fix="set institution",
)
def institution(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    yield from _missing(ctx, "institution", "/general/institution is missing")


@best_practice(
    "B107",
    "check_keywords",
    SUGGESTION,
    NWB_FILE,
    "no keywords",
    why="keywords make the dataset findable on DANDI",
    fix="set keywords=[...]",
)
def keywords(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    yield from _missing(ctx, "keywords", "/general/keywords is missing")


@best_practice(
    "B108",
    "check_subject_exists",
    CRITICAL,
    NWB_FILE,
    "the file has no subject",
    why="DANDI requires the subject (id, species, sex, age) of every session",
    fix="add a Subject to the file (/general/subject)",
)
def subject_exists(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if ctx.index.objects.get("/general/subject") is None:
        yield Note("subject is missing")


@best_practice(
    "B109",
    "check_doi_publications",
    SUGGESTION,
    NWB_FILE,
    "a related publication is not a DOI",
    why="a DOI is a stable link to the publication",
    fix="write related_publications as 'doi:...' or 'https://doi.org/...'",
)
def doi_publications(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    for publication in _general(ctx, "related_publications") or []:
        if not publication.startswith(DOI_STARTS):
            yield Note(
                f"related publication '{publication}' is not 'doi: ###' or a doi link",
                child_path(record, "general/related_publications"),
            )


@best_practice(
    "B118",
    "check_session_id_no_slashes",
    VIOLATION,
    NWB_FILE,
    "the session id contains '/'",
    why="DANDI builds paths from the session id; a slash splits them",
    fix="replace '/' in session_id by '-' or '_'",
)
def session_id_slashes(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    session = text(ctx, "/general/session_id")
    if session and "/" in session:
        yield Note(f"the session_id '{session}' contains '/'")


@best_practice(
    "B120",
    "check_file_extension",
    SUGGESTION,
    NWB_FILE,
    "the file name does not end in .nwb or .nwb.h5",
    why="tools find NWB files by their extension",
    fix="rename the file to end in .nwb",
)
def file_extension(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    suffixes = "".join(Path(ctx.index.path).suffixes)
    if not suffixes.endswith((".nwb", ".nwb.h5")):
        yield Note(f"the file extension '{suffixes}' is not .nwb or .nwb.h5")


@best_practice(
    "B117",
    "check_processing_module_name",
    SUGGESTION,
    "ProcessingModule",
    "a processing module is not named after a modality",
    why="the standard module names tell readers what each module holds",
    fix="name modules " + ", ".join(MODULE_NAMES),
)
def module_name(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if record.name not in MODULE_NAMES:
        yield Note(f"processing module '{record.name}' is not one of the schema names")
