/**
 * Remote NWB files: the URL a user types for "Validate Remote File (URL)". The
 * server reads http(s):// and s3://bucket/key URLs where they are (nwb-lsp's
 * docs/remote.md); here a typed URL is checked before it is sent, and shown with its
 * credentials masked (userinfo and query values), as the server shows it. Pure: tested
 * without VS Code.
 */

const SCHEMES = ["http:", "https:", "s3:"];

/** Why `text` is not a URL the server reads, or undefined when it is one. */
export function remoteUrlProblem(text: string): string | undefined {
  const value = text.trim();
  if (!value) return "the URL of an NWB file: https://…, http://… or s3://bucket/key";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a URL (https://…, http://… or s3://bucket/key)";
  }
  if (!SCHEMES.includes(url.protocol.toLowerCase())) {
    return `${url.protocol}// is not read; use https://, http:// or s3://`;
  }
  if (!url.hostname) return "the URL names no host (or bucket)";
  if (url.protocol === "s3:" && url.pathname.replace(/^\/+/, "") === "") {
    return "an s3:// URL needs a key: s3://bucket/key";
  }
  return undefined;
}

/** `text` as it may be shown: userinfo and the values of query parameters masked. */
export function redactUrl(text: string): string {
  const value = text.trim();
  const scheme = value.split("://", 1)[0];
  const rest = value.slice(scheme.length + 3);
  const [beforeHash] = rest.split("#", 1);
  const [location, query] = splitOnce(beforeHash, "?");
  const slash = location.indexOf("/");
  const authority = slash < 0 ? location : location.slice(0, slash);
  const path = slash < 0 ? "" : location.slice(slash);
  const at = authority.lastIndexOf("@");
  const host = at < 0 ? authority : `***@${authority.slice(at + 1)}`;
  const masked =
    query === undefined
      ? ""
      : "?" +
        query
          .split("&")
          .filter((item) => item)
          .map((item) => `${item.split("=", 1)[0]}=***`)
          .join("&");
  return `${scheme}://${host}${path}${masked}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}
