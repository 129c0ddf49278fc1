//! The canonical request pieces: URI path, query string and headers, per the SigV4 rules.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters `A-Z a-z 0-9 - _ . ~`.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Like [`UNRESERVED`] but keeps `/`.
const PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Headers never signed: hop-by-hop or changed by proxies and the transport.
const UNSIGNED_HEADERS: [&str; 5] = [
    "authorization",
    "expect",
    "transfer-encoding",
    "user-agent",
    "x-amzn-trace-id",
];

/// The parts of a URL the signer needs; path and query are kept exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `host[:port]` as written, without user info.
    pub authority: &'a str,
    /// The host without the port.
    pub host: &'a str,
    /// The explicit port, if any.
    pub port: Option<&'a str>,
    /// The scheme, lower case as written.
    pub scheme: &'a str,
    /// The raw path (may be empty).
    pub path: &'a str,
    /// The raw query, without `?` (may be empty).
    pub query: &'a str,
}

/// Splits `scheme://authority/path?query#fragment` without normalizing anything.
pub fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let rest = rest.split('#').next().unwrap_or("");
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let after = &rest[auth_end..];
    let (path, query) = match after.split_once('?') {
        Some((p, q)) => (p, q),
        None => (after, ""),
    };
    let (host, port) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(i) => {
                let port = authority[i + 1..].strip_prefix(':');
                (&authority[..=i], port)
            }
            None => (authority, None),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    Some(UrlParts {
        authority,
        host,
        port,
        scheme,
        path,
        query,
    })
}

/// The `host` header value for a URL: the host in lower case (as botocore takes it from the
/// parsed URL), plus the port unless it is the scheme's default.
pub fn host_header(parts: &UrlParts<'_>) -> String {
    let host = parts.host.to_ascii_lowercase();
    let default = matches!(
        (parts.scheme.to_ascii_lowercase().as_str(), parts.port),
        ("http", Some("80")) | ("https", Some("443"))
    );
    match parts.port {
        Some(p) if !default && !p.is_empty() => format!("{host}:{p}"),
        _ => host,
    }
}

/// Percent-encodes every byte except the unreserved characters.
pub fn encode_unreserved(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// The canonical URI. S3 (`normalize = false`) signs the path exactly as sent; other services
/// sign the path with dot segments and repeated slashes removed, percent-encoded once more.
pub fn canonical_path(raw: &str, normalize: bool) -> String {
    if !normalize {
        return if raw.is_empty() {
            "/".to_string()
        } else {
            raw.to_string()
        };
    }
    let normalized = aws2_text::path::remove_dot_segments(raw);
    utf8_percent_encode(&normalized, PATH).to_string()
}

/// The canonical query string: each name and value decoded, re-encoded with only the unreserved
/// characters left as they are, and sorted by name then value.
pub fn canonical_query(raw: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (reencode(k), reencode(v))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn reencode(s: &str) -> String {
    let decoded = percent_decode_str(s).decode_utf8_lossy();
    encode_unreserved(&decoded)
}

/// Canonical headers and the signed-header list, from the request's headers (the host header
/// must already be among them). Names are lower-cased and sorted, values trimmed with inner
/// runs of whitespace collapsed, repeated headers joined with commas in order.
pub fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut merged: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in headers {
        let name = name.trim().to_ascii_lowercase();
        if UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        match merged.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => merged.push((name, vec![value])),
        }
    }
    merged.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonical = String::new();
    for (name, values) in &merged {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(&values.join(","));
        canonical.push('\n');
    }
    let signed = merged
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (canonical, signed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls_without_normalizing() {
        let p = split_url("https://user:pw@h.example:8443/a/../b%20c?x=1#f").unwrap();
        assert_eq!(p.host, "h.example");
        assert_eq!(p.port, Some("8443"));
        assert_eq!(p.path, "/a/../b%20c");
        assert_eq!(p.query, "x=1");
        assert_eq!(host_header(&p), "h.example:8443");
        let p = split_url("https://h.example:443").unwrap();
        assert_eq!(host_header(&p), "h.example");
        assert_eq!(p.path, "");
        assert!(split_url("not a url").is_none());
    }

    #[test]
    fn paths_and_queries() {
        assert_eq!(canonical_path("//example//", true), "/example/");
        assert_eq!(canonical_path("/a%20b", true), "/a%2520b");
        assert_eq!(canonical_path("/a%20b//c", false), "/a%20b//c");
        assert_eq!(canonical_query("b=2&a=&a=1&c"), "a=&a=1&b=2&c=");
        assert_eq!(canonical_query("k=a+b%2Fc"), "k=a%2Bb%2Fc");
    }
}
