//! The library functions of the rules language that work on plain strings.

use std::net::Ipv6Addr;

use crate::value::Value;

/// `isValidHostLabel`: an RFC 1123 label (letters, digits, `-`, 1 to 63 characters, no `-` at
/// either end); with `allow_subdomains`, every `.`-separated label must be one.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_label)
    } else {
        is_single_label(value)
    }
}

fn is_single_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// `aws.isVirtualHostableS3Bucket`: a valid host label (or labels), at least 3 characters, no
/// upper case, not an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    value.len() >= 3
        && !value.chars().any(char::is_uppercase)
        && !looks_like_ipv4(value)
        && is_valid_host_label(value, allow_subdomains)
}

/// Four dot-separated groups of 1 to 3 digits (no range check, as the AWS SDKs do).
fn looks_like_ipv4(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()))
}

/// `uriEncode`: percent-encodes every byte of the UTF-8 text but letters, digits and `-_.~`.
pub fn uri_encode(value: &str) -> String {
    percent_encode(value, b"-_.~")
}

fn percent_encode(value: &str, safe: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || safe.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `substring`: characters `start..stop` (counted from the end when `reverse`); `None` when the
/// range does not fit or the text is not ASCII.
pub fn substring(value: &str, start: i64, stop: i64, reverse: bool) -> Option<String> {
    let len = value.len() as i64;
    if start < 0 || start >= stop || len < stop || !value.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    value.get(from as usize..to as usize).map(str::to_owned)
}

/// `split`: splits on a delimiter into at most `limit` parts (0 means no limit).
pub fn split(value: &str, delimiter: &str, limit: i64) -> Option<Vec<String>> {
    if delimiter.is_empty() || limit < 0 {
        return None;
    }
    Some(if limit == 0 {
        value.split(delimiter).map(str::to_owned).collect()
    } else {
        value
            .splitn(limit as usize, delimiter)
            .map(str::to_owned)
            .collect()
    })
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, with the resource split on
/// `:` and `/` into `resourceId`; `None` when not an ARN or partition, service or resource is empty.
pub fn parse_arn(value: &str) -> Option<Value> {
    if !value.starts_with("arn:") {
        return None;
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = parts.as_slice() else {
        return None;
    };
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource
        .split([':', '/'])
        .map(|s| Value::Str(s.to_owned()))
        .collect();
    Some(Value::Record(vec![
        ("partition".into(), Value::Str((*partition).to_owned())),
        ("service".into(), Value::Str((*service).to_owned())),
        ("region".into(), Value::Str((*region).to_owned())),
        ("accountId".into(), Value::Str((*account).to_owned())),
        ("resourceId".into(), Value::Array(resource_id)),
    ]))
}

/// `parseURL`: an `http`/`https` URL without a query, as `scheme`, `authority`, `path`,
/// `normalizedPath` (dot segments and empty segments removed, percent-encoded, ending in `/`)
/// and `isIp`; `None` for anything else.
pub fn parse_url(value: &str) -> Option<Value> {
    let cleaned: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let url = cleaned.trim_start_matches(|c: char| c <= ' ');
    let (scheme, rest) = url.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !query.is_empty() {
        return None;
    }
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, ""),
        },
        None => ("", rest),
    };
    let host = host_of(authority)?;
    let normalized = aws2_text::path::remove_dot_segments(path);
    let mut normalized_path = percent_encode(&normalized, b"-_.~/");
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    let is_ip = looks_like_ipv4(&host) || is_ipv6_host(value, &host);
    Some(Value::Record(vec![
        ("scheme".into(), Value::Str(scheme)),
        ("authority".into(), Value::Str(authority.to_owned())),
        ("path".into(), Value::Str(path.to_owned())),
        ("normalizedPath".into(), Value::Str(normalized_path)),
        ("isIp".into(), Value::Bool(is_ip)),
    ]))
}

/// The lower-cased host of an authority (brackets removed); `None` when the port is not a number
/// from 0 to 65535.
fn host_of(authority: &str) -> Option<String> {
    let hostinfo = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(bracketed) = hostinfo.strip_prefix('[') {
        let (host, after) = bracketed.split_once(']').unwrap_or((bracketed, ""));
        (host, after.strip_prefix(':'))
    } else {
        match hostinfo.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (hostinfo, None),
        }
    };
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        if !port.bytes().all(|b| b.is_ascii_digit()) || port.parse::<u32>().ok()? > 65535 {
            return None;
        }
    }
    Some(host.to_ascii_lowercase())
}

fn is_ipv6_host(url: &str, host: &str) -> bool {
    if url.contains(['\t', '\r', '\n']) {
        return false;
    }
    let (addr, zone) = match host.split_once('%') {
        Some((addr, zone)) => (addr, Some(zone.strip_prefix("25").unwrap_or(zone))),
        None => (host, None),
    };
    if zone.is_some_and(str::is_empty) {
        return false;
    }
    addr.parse::<Ipv6Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(v: &'a Value, name: &str) -> &'a Value {
        v.field(name).unwrap()
    }

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("-a", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
        assert!(is_virtual_hostable_s3_bucket("bucket.name", true));
    }

    #[test]
    fn urls() {
        let u = parse_url("https://example.com:8443/a/./b/../c").unwrap();
        assert_eq!(
            field(&u, "authority"),
            &Value::Str("example.com:8443".into())
        );
        assert_eq!(field(&u, "normalizedPath"), &Value::Str("/a/c/".into()));
        assert_eq!(field(&u, "isIp"), &Value::Bool(false));
        let ip = parse_url("http://[::1]:80").unwrap();
        assert_eq!(field(&ip, "isIp"), &Value::Bool(true));
        assert_eq!(field(&ip, "normalizedPath"), &Value::Str("/".into()));
        assert!(parse_url("ftp://x").is_none());
        assert!(parse_url("https://x/?a=b").is_none());
        assert!(parse_url("https://x:port/").is_none());
    }

    #[test]
    fn arns_and_strings() {
        let arn = parse_arn("arn:aws:s3:us-east-1:123:accesspoint/ap:x").unwrap();
        assert_eq!(
            field(&arn, "resourceId"),
            &Value::Array(vec![
                Value::Str("accesspoint".into()),
                Value::Str("ap".into()),
                Value::Str("x".into())
            ])
        );
        assert!(parse_arn("arn:aws:s3").is_none());
        assert!(parse_arn("arn::s3:r:a:res").is_none());
        assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(
            split("a--b--c", "--", 2).unwrap(),
            vec!["a".to_string(), "b--c".to_string()]
        );
    }
}
