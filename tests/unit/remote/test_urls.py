"""URLs: which inputs are URLs, how they are shown, and discovery passing them on."""

from __future__ import annotations

from pathlib import Path

import pytest

from nwb_lsp.checking import discover
from nwb_lsp.cli.sarif import file_uri
from nwb_lsp.urls import is_url, redact, scrub, shown


@pytest.mark.parametrize(
    "value",
    [
        "https://host/f.nwb",
        "http://127.0.0.1:8000/f.nwb",
        "s3://bucket/key.nwb",
        "HTTPS://HOST/F.NWB",
    ],
)
def test_urls(value: str) -> None:
    assert is_url(value)


@pytest.mark.parametrize(
    "value",
    [
        "f.nwb",
        "/data/f.nwb",
        "file:///data/f.nwb",
        "https://",
        "ftp://h/f.nwb",
        Path("https://host/f.nwb"),
    ],
)
def test_not_urls(value: object) -> None:
    assert not is_url(value)


def test_redact_masks_userinfo_and_query_values() -> None:
    url = (
        "https://alice:pw@bucket.s3.amazonaws.com:443/a/b.nwb?"
        "X-Amz-Credential=AKIA123&X-Amz-Signature=deadbeef#frag"
    )
    assert redact(url) == (
        "https://***@bucket.s3.amazonaws.com:443/a/b.nwb?"
        "X-Amz-Credential=***&X-Amz-Signature=***"
    )
    assert redact("s3://bucket/key.nwb") == "s3://bucket/key.nwb"
    assert redact("https://host:notaport/x") == "https://***"


def test_scrub_redacts_every_url_in_a_text() -> None:
    text = "404, message='Not Found', url='https://u:p@h/x?sig=s3cr3t' (twice: http://h/y?t=1)"
    out = scrub(text)
    assert "s3cr3t" not in out and "u:p" not in out and "t=1" not in out
    assert "https://***@h/x?sig=***" in out and "http://h/y?t=***" in out


def test_shown_leaves_paths_as_given() -> None:
    assert shown("dir/f.nwb") == "dir/f.nwb"
    assert shown("https://h/f.nwb?k=v") == "https://h/f.nwb?k=***"


def test_discovery_passes_urls_through_untouched(tmp_path: Path) -> None:
    (tmp_path / "local.nwb").write_bytes(b"")
    urls = ["https://h/a.nwb?x=1", "s3://bucket/dir//b.nwb", "http://h/c.yaml"]
    found = discover([*urls, str(tmp_path)])
    assert found.files == [*urls, tmp_path / "local.nwb"]
    assert found.skipped == []


def test_sarif_names_a_remote_file_by_its_url() -> None:
    assert file_uri("https://h/f.nwb?sig=***") == "https://h/f.nwb?sig=***"
