//! Comparing the requests two CLIs send for one command: each request is brought to a
//! canonical form in which only what must differ between two runs is masked (signatures,
//! dates, the user agent, invocation ids, generated UUIDs, multipart boundaries), then the two
//! lists are compared request by request.
//!
//! Query strings, form bodies and JSON bodies whose only difference is the order of their
//! parameters or keys are equal (neither order matters to a service), but are reported as not
//! byte-identical.

use crate::recorder::Recorded;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A request with the values that must differ between runs masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    /// The method.
    pub method: String,
    /// The path as sent.
    pub path: String,
    /// The query string as sent, masked.
    pub query: String,
    /// Lower-case header names with their masked values, sorted.
    pub headers: BTreeMap<String, String>,
    /// The masked body.
    pub body: Vec<u8>,
    /// The body's content type, for comparing it by its syntax.
    pub content_type: String,
}

/// How two requests compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    /// Equal after masking.
    Equal(Agreement),
    /// Different: one line per difference.
    Different(Vec<String>),
}

/// How closely two equal requests (or all requests of a command) agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    /// Byte for byte, not only up to the order of query parameters, form fields or JSON keys.
    pub byte_identical: bool,
    /// Ours carried the HTTP library's `Accept: */*` where v2 sends no `Accept`.
    pub default_accept: bool,
}

impl Agreement {
    /// Full agreement.
    pub const EXACT: Agreement = Agreement {
        byte_identical: true,
        default_accept: false,
    };
}

/// The `Accept` header reqwest adds to every request that has none; it offers no way to
/// leave it out, so it is the one header ours may carry where v2 sends nothing.
pub const DEFAULT_ACCEPT: &str = "*/*";

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

fn uuid_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    )
}

/// Replaces UUIDs (generated idempotency tokens) with `<uuid>`; also in their
/// percent-encoded form there is nothing to encode, so one pattern covers query strings.
fn mask_uuids(text: &str) -> String {
    uuid_re().replace_all(text, "<uuid>").into_owned()
}

/// The canonical form of a request.
pub fn canonical(request: &Recorded) -> Canonical {
    static SIG: OnceLock<Regex> = OnceLock::new();
    static CRED_DATE: OnceLock<Regex> = OnceLock::new();
    static TTL: OnceLock<Regex> = OnceLock::new();
    let content_type = request.header("content-type").unwrap_or("").to_owned();
    let mut body = request.body.clone();
    let mut masked_body = false;
    if let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
    {
        let boundary = boundary.trim_matches('"');
        let text = String::from_utf8_lossy(&body).replace(boundary, "<boundary>");
        body = text.into_bytes();
        masked_body = true;
    }
    if let Ok(text) = std::str::from_utf8(&body) {
        let masked = mask_uuids(text);
        if masked != text {
            masked_body = true;
            body = masked.into_bytes();
        }
    }
    let mut headers = BTreeMap::new();
    for (name, value) in &request.headers {
        let name = name.to_ascii_lowercase();
        let value = match name.as_str() {
            "authorization" => {
                let v = re(&SIG, r"Signature=[0-9a-f]+").replace(value, "Signature=<signature>");
                re(&CRED_DATE, r"/\d{8}/")
                    .replace(&v, "/<date>/")
                    .into_owned()
            }
            "x-amz-date" => "<date>".to_owned(),
            "user-agent" => "<user-agent>".to_owned(),
            "amz-sdk-invocation-id" => mask_uuids(value),
            "amz-sdk-request" => re(&TTL, r"ttl=[0-9TZ]+")
                .replace(value, "ttl=<ttl>")
                .into_owned(),
            "content-type" => {
                static BOUNDARY: OnceLock<Regex> = OnceLock::new();
                re(&BOUNDARY, r"boundary=[^;]+")
                    .replace(value, "boundary=<boundary>")
                    .into_owned()
            }
            "content-length" => match value.trim().parse::<usize>() {
                Ok(n) if n == request.body.len() => "<length of the body>".to_owned(),
                _ => format!("{value} (the body has {} bytes)", request.body.len()),
            },
            // Hashes over a body with masked values differ with the values.
            "x-amz-content-sha256" | "content-md5" if masked_body => "<hash>".to_owned(),
            n if n.starts_with("x-amz-checksum-")
                && masked_body
                && !matches!(n, "x-amz-checksum-algorithm" | "x-amz-checksum-type") =>
            {
                "<checksum>".to_owned()
            }
            "x-amz-security-token" => "<token>".to_owned(),
            _ => mask_uuids(value),
        };
        headers
            .entry(name)
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    Canonical {
        method: request.method.clone(),
        path: mask_uuids(request.path()),
        query: mask_uuids(request.query()),
        headers,
        body,
        content_type,
    }
}

/// Compares our request with the reference's.
pub fn compare(reference: &Recorded, ours: &Recorded) -> Comparison {
    let a = canonical(reference);
    let mut b = canonical(ours);
    let default_accept = !a.headers.contains_key("accept")
        && b.headers.get("accept").map(String::as_str) == Some(DEFAULT_ACCEPT);
    if default_accept {
        b.headers.remove("accept");
    }
    if a == b {
        return Comparison::Equal(Agreement {
            byte_identical: true,
            default_accept,
        });
    }
    let mut diffs = Vec::new();
    if a.method != b.method {
        diffs.push(format!("method: v2 {}, aws2 {}", a.method, b.method));
    }
    if a.path != b.path {
        diffs.push(format!("path: v2 {}, aws2 {}", a.path, b.path));
    }
    let mut reordered = false;
    if a.query != b.query {
        if sorted_pairs(&a.query) == sorted_pairs(&b.query) {
            reordered = true;
        } else {
            diffs.push(format!("query: v2 {:?}, aws2 {:?}", a.query, b.query));
        }
    }
    let names: std::collections::BTreeSet<&String> =
        a.headers.keys().chain(b.headers.keys()).collect();
    for name in names {
        match (a.headers.get(name), b.headers.get(name)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => diffs.push(format!(
                "header {name}: v2 {}, aws2 {}",
                shown(x.map(String::as_str)),
                shown(y.map(String::as_str))
            )),
        }
    }
    if a.body != b.body {
        match body_order_only(&a, &b) {
            true => reordered = true,
            false => diffs.push(format!(
                "body: v2 {}, aws2 {}",
                shown_body(&a.body),
                shown_body(&b.body)
            )),
        }
    }
    match diffs.is_empty() {
        true => Comparison::Equal(Agreement {
            byte_identical: !reordered,
            default_accept,
        }),
        false => Comparison::Different(diffs),
    }
}

/// Whether two different bodies hold the same form fields or JSON document.
fn body_order_only(a: &Canonical, b: &Canonical) -> bool {
    if a.content_type
        .starts_with("application/x-www-form-urlencoded")
    {
        let text = |body: &[u8]| String::from_utf8_lossy(body).into_owned();
        return sorted_pairs(&text(&a.body)) == sorted_pairs(&text(&b.body));
    }
    match (
        serde_json::from_slice::<serde_json::Value>(&a.body),
        serde_json::from_slice::<serde_json::Value>(&b.body),
    ) {
        // serde_json's maps compare without regard to key order.
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn sorted_pairs(query: &str) -> Vec<&str> {
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_unstable();
    pairs
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "absent".to_owned(), |v| format!("{v:?}"))
}

fn shown_body(body: &[u8]) -> String {
    const MAX: usize = 600;
    let text = String::from_utf8_lossy(body);
    if text.len() > MAX {
        let cut = (0..=MAX)
            .rev()
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(0);
        format!("{:?}… ({} bytes)", &text[..cut], body.len())
    } else {
        format!("{text:?}")
    }
}

/// Compares the request lists of one command: how closely they agree, or the differences.
pub fn compare_all(reference: &[Recorded], ours: &[Recorded]) -> Result<Agreement, Vec<String>> {
    let mut diffs = Vec::new();
    let mut agreement = Agreement::EXACT;
    if reference.len() != ours.len() {
        diffs.push(format!(
            "v2 sent {} requests ({}), aws2 {} ({})",
            reference.len(),
            summary(reference),
            ours.len(),
            summary(ours)
        ));
    }
    for (i, (a, b)) in reference.iter().zip(ours).enumerate() {
        match compare(a, b) {
            Comparison::Equal(one) => {
                agreement.byte_identical &= one.byte_identical;
                agreement.default_accept |= one.default_accept;
            }
            Comparison::Different(lines) => {
                diffs.extend(lines.into_iter().map(|l| format!("request {}: {l}", i + 1)))
            }
        }
    }
    match diffs.is_empty() {
        true => Ok(agreement),
        false => Err(diffs),
    }
}

fn summary(requests: &[Recorded]) -> String {
    let items: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    items.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(headers: &[(&str, &str)], query: &str, body: &str) -> Recorded {
        Recorded {
            method: "POST".into(),
            target: format!("/p?{query}"),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn masks_what_differs_between_runs() {
        let a = request(
            &[
                ("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123"),
                ("X-Amz-Date", "20240101T000000Z"),
                ("User-Agent", "aws-cli/2.36.7"),
                ("Content-Length", "44"),
            ],
            "a=1",
            "{\"Token\":\"0b7e3d0c-8f0e-4c3a-9d7e-6a1b2c3d4e5f\"}",
        );
        let b = request(
            &[
                ("authorization", "AWS4-HMAC-SHA256 Credential=testing/20250202/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=def456"),
                ("x-amz-date", "20250202T010101Z"),
                ("user-agent", "aws2/2.0.0"),
                ("content-length", "44"),
            ],
            "a=1",
            "{\"Token\":\"11111111-2222-4333-8444-555555555555\"}",
        );
        assert_eq!(compare(&a, &b), Comparison::Equal(Agreement::EXACT));
    }

    #[test]
    fn reports_real_differences_and_order_only_ones() {
        let a = request(
            &[("Accept", "application/json")],
            "a=1&b=2",
            "{\"x\":1,\"y\":2}",
        );
        let reordered = request(
            &[("Accept", "application/json")],
            "b=2&a=1",
            "{\"y\":2,\"x\":1}",
        );
        let up_to_order = Agreement {
            byte_identical: false,
            default_accept: false,
        };
        assert_eq!(compare(&a, &reordered), Comparison::Equal(up_to_order));
        let plain = request(&[], "", "");
        let with_accept = request(&[("accept", "*/*")], "", "");
        let accept_only = Agreement {
            byte_identical: true,
            default_accept: true,
        };
        assert_eq!(
            compare(&plain, &with_accept),
            Comparison::Equal(accept_only)
        );
        assert!(matches!(
            compare(&with_accept, &plain),
            Comparison::Different(_)
        ));
        let other = request(&[], "a=1&b=3", "{\"x\":1}");
        let Comparison::Different(lines) = compare(&a, &other) else {
            panic!("different requests compared equal");
        };
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].starts_with("query:"), "{lines:?}");
        assert_eq!(
            lines[1],
            "header accept: v2 \"application/json\", aws2 absent"
        );
        assert!(lines[2].starts_with("body:"), "{lines:?}");
        let wrong_length = request(&[("Content-Length", "3")], "", "ab");
        let right_length = request(&[("Content-Length", "2")], "", "ab");
        assert!(matches!(
            compare(&right_length, &wrong_length),
            Comparison::Different(_)
        ));
        assert!(compare_all(std::slice::from_ref(&a), &[]).is_err());
        assert_eq!(
            compare_all(std::slice::from_ref(&a), &[reordered]),
            Ok(up_to_order)
        );
        assert_eq!(
            compare_all(std::slice::from_ref(&a), std::slice::from_ref(&a)),
            Ok(Agreement::EXACT)
        );
    }
}
