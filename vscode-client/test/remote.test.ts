import assert from "node:assert/strict";
import { test } from "node:test";

import { redactUrl, remoteUrlProblem } from "../src/remote";

test("http, https and s3 URLs are accepted", () => {
  for (const url of [
    "https://api.dandiarchive.org/api/assets/abc/download/",
    "http://127.0.0.1:8000/files/a.nwb",
    "  s3://dandiarchive/blobs/abc  ",
  ]) {
    assert.equal(remoteUrlProblem(url), undefined, url);
  }
});

test("anything else says what is wanted", () => {
  assert.match(remoteUrlProblem("") ?? "", /https:\/\//);
  assert.match(remoteUrlProblem("/data/a.nwb") ?? "", /not a URL/);
  assert.match(remoteUrlProblem("ftp://host/a.nwb") ?? "", /ftp:\/\/ is not read/);
  assert.match(remoteUrlProblem("s3://bucket") ?? "", /needs a key/);
});

test("credentials are masked as the server masks them", () => {
  assert.equal(
    redactUrl("https://me:pw@host:8443/a.nwb?X-Amz-Signature=abc&X-Amz-Date=1#x"),
    "https://***@host:8443/a.nwb?X-Amz-Signature=***&X-Amz-Date=***",
  );
  assert.equal(redactUrl("s3://bucket/key.nwb"), "s3://bucket/key.nwb");
});
