"""Best practices for the subject: what DANDI requires to publish a session.

The subject needs an id without slashes, a sex from a fixed set ('XO'/'XX' for
C. elegans), a species in Latin binomial form or an NCBI taxonomy link, an age as
an ISO 8601 duration (or a range 'P1D/P3D' whose bounds increase) or a date of
birth, and a weight with its unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nwb_lsp.hdf5.records import ObjectRecord
from nwb_lsp.rules.bestpractice.metadata import DURATION, SPECIES, WEIGHT
from nwb_lsp.rules.bestpractice.read import child_path, text
from nwb_lsp.rules.bestpractice.registry import (
    CRITICAL,
    SUGGESTION,
    VIOLATION,
    Note,
    best_practice,
)
from nwb_lsp.rules.context import CheckContext

SUBJECT = "Subject"
SEXES = ("M", "F", "O", "U")
C_ELEGANS = ("Caenorhabditis elegans", "C. elegans")
_UNITS = {"Y": 365.25 * 86400, "M": 30 * 86400, "W": 7 * 86400, "D": 86400}
_TIME_UNITS = {"H": 3600, "M": 60, "S": 1}


def _field(ctx: CheckContext, record: ObjectRecord, name: str) -> str | None:
    return text(ctx, child_path(record, name))


def _is_duration(value: str) -> bool:
    return re.fullmatch(DURATION, value) is not None


@best_practice(
    "B110",
    "check_subject_age",
    CRITICAL,
    SUBJECT,
    "the subject's age is missing or not an ISO 8601 duration",
    why="DANDI reads the age as a duration such as 'P90D'",
    fix="set age='P90D' (or a range 'P1D/P3D'), or date_of_birth",
)
def age(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = _field(ctx, record, "age")
    if value is None:
        if _field(ctx, record, "date_of_birth") is None:
            yield Note("the subject has neither age nor date_of_birth")
        return
    if _is_duration(value):
        return
    low, slash, high = value.partition("/")
    if (
        slash
        and all(_is_duration(b) or b == "" for b in (low, high))
        and "/" not in high
    ):
        return
    yield Note(
        f"subject age '{value}' is not an ISO 8601 duration such as 'P90D' "
        "(or a range 'P1D/P3D')",
        child_path(record, "age"),
    )


def _seconds(duration: str) -> float:
    """An approximate length of an ISO 8601 duration (months as 30 days)."""
    date, _, clock = duration[1:].partition("T")
    total = 0.0
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)([YMWD])", date):
        total += float(amount) * _UNITS[unit]
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)([HMS])", clock):
        total += float(amount) * _TIME_UNITS[unit]
    return total


@best_practice(
    "B111",
    "check_subject_proper_age_range",
    SUGGESTION,
    SUBJECT,
    "the bounds of the subject's age range do not increase",
    why="a range 'low/high' must have low < high to mean anything",
    fix="swap or correct the bounds of the age range",
)
def age_range(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = _field(ctx, record, "age")
    if value is None or value.count("/") != 1:
        return
    low, high = value.split("/")
    if _is_duration(low) and _is_duration(high) and _seconds(low) >= _seconds(high):
        yield Note(
            f"the bounds of the age range '{value}' do not increase",
            child_path(record, "age"),
        )


@best_practice(
    "B112",
    "check_subject_id_exists",
    CRITICAL,
    SUBJECT,
    "the subject has no subject_id",
    why="DANDI organises files by subject id",
    fix="set subject_id",
)
def subject_id(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if _field(ctx, record, "subject_id") is None:
        yield Note("subject_id is missing")


@best_practice(
    "B119",
    "check_subject_id_no_slashes",
    VIOLATION,
    SUBJECT,
    "the subject id contains '/'",
    why="DANDI builds paths from the subject id; a slash splits them",
    fix="replace '/' in subject_id by '-' or '_'",
)
def subject_id_slashes(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = _field(ctx, record, "subject_id")
    if value and "/" in value:
        yield Note(
            f"the subject_id '{value}' contains '/'", child_path(record, "subject_id")
        )


@best_practice(
    "B113",
    "check_subject_weight",
    CRITICAL,
    SUBJECT,
    "the subject's weight is not a number and a unit, e.g. '2.3 kg'",
    why="a weight without a unit is ambiguous",
    fix="write weight as '[number] [kg|g|mg|ug|ng|pg]'",
)
def weight(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = _field(ctx, record, "weight")
    if value is not None and not re.fullmatch(WEIGHT, value):
        yield Note(
            f"subject weight '{value}' is not of the form '2.3 kg'",
            child_path(record, "weight"),
        )


@best_practice(
    "B114",
    "check_subject_sex",
    CRITICAL,
    SUBJECT,
    "the subject's sex is missing or not one of M, F, O, U (XO, XX for C. elegans)",
    why="DANDI maps sex to a fixed vocabulary",
    fix="set sex to 'M', 'F', 'O' or 'U' ('XO' or 'XX' for C. elegans)",
)
def sex(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = _field(ctx, record, "sex")
    if not value:
        yield Note("Subject.sex is missing")
        return
    allowed = ("XO", "XX") if _field(ctx, record, "species") in C_ELEGANS else SEXES
    if value not in allowed:
        yield Note(
            f"Subject.sex '{value}' should be one of {', '.join(allowed)}",
            child_path(record, "sex"),
        )


@best_practice(
    "B115",
    "check_subject_species_exists",
    VIOLATION,
    SUBJECT,
    "the subject's species is missing",
    why="DANDI requires the species of every subject",
    fix="set species, e.g. 'Mus musculus'",
)
def species_exists(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    if not _field(ctx, record, "species"):
        yield Note("Subject species is missing")


@best_practice(
    "B116",
    "check_subject_species_form",
    VIOLATION,
    SUBJECT,
    "the subject's species is not a Latin binomial or an NCBI taxonomy link",
    why="DANDI maps the species to the NCBI taxonomy",
    fix="write species as 'Mus musculus' or an NCBITaxon URL",
)
def species_form(ctx: CheckContext, record: ObjectRecord) -> Iterator[Note]:
    value = _field(ctx, record, "species")
    if value and not re.fullmatch(SPECIES, value):
        yield Note(
            f"subject species '{value}' is not in Latin binomial form "
            "('Mus musculus') or an NCBI taxonomy link",
            child_path(record, "species"),
        )
