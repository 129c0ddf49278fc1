//! Redaction of secrets in what `--debug` logs: signatures, tokens, secret keys, passwords.

const REDACTED: &str = "<redacted>";

/// Header names whose whole value is secret.
const SECRET_HEADERS: [&str; 4] = [
    "x-amz-security-token",
    "x-amz-server-side-encryption-customer-key",
    "x-amz-copy-source-server-side-encryption-customer-key",
    "x-amz-sso_bearer_token",
];

/// Query parameters whose value is secret.
const SECRET_QUERY: [&str; 3] = ["x-amz-signature", "x-amz-security-token", "signature"];

/// Body fields (XML elements, JSON keys, form fields; case-insensitive) whose value is secret.
const SECRET_FIELDS: [&str; 10] = [
    "secretaccesskey",
    "webidentitytoken",
    "tokencode",
    "sessiontoken",
    "accesstoken",
    "refreshtoken",
    "clientsecret",
    "password",
    "oldpassword",
    "newpassword",
];

/// The URL with secret query values replaced.
pub fn redact_url(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_string();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if SECRET_QUERY.iter().any(|s| k.eq_ignore_ascii_case(s)) => {
                format!("{k}={REDACTED}")
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// One header value made safe to log.
pub fn redact_header(name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" {
        if let Some(i) = value.find("Signature=") {
            return format!("{}Signature={REDACTED}", &value[..i]);
        }
        if let Some((scheme, _)) = value.split_once(' ') {
            return format!("{scheme} {REDACTED}");
        }
        return REDACTED.to_string();
    }
    if SECRET_HEADERS.contains(&lower.as_str()) {
        return REDACTED.to_string();
    }
    value.to_string()
}

/// Headers as `{'Name': 'value', ...}` with secrets replaced.
pub fn redact_headers(headers: &[(String, String)]) -> String {
    let items: Vec<String> = headers
        .iter()
        .map(|(n, v)| format!("'{n}': '{}'", redact_header(n, v)))
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// A body as text with the values of secret fields replaced (XML, JSON and form encodings).
pub fn redact_body(body: &[u8]) -> String {
    const LOGGED_BODY_LIMIT: usize = 64 * 1024;
    let Ok(text) = std::str::from_utf8(body) else {
        return format!("<{} bytes of binary data>", body.len());
    };
    if body.len() > LOGGED_BODY_LIMIT {
        return format!("<{} bytes>", body.len());
    }
    let mut text = text.to_owned();
    let form = !text.contains(['<', '{']) && text.contains('=');
    for field in SECRET_FIELDS {
        text = if form {
            redact_form(&text, field)
        } else {
            redact_json(&redact_xml(&text, field), field)
        };
    }
    text
}

/// Replaces the text of `<Field>...</Field>` elements.
fn redact_xml(text: &str, field: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let (open, close) = (format!("<{field}>"), format!("</{field}>"));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(i) = lower[pos..].find(&open) {
        let start = pos + i + open.len();
        let Some(j) = lower[start..].find(&close) else {
            break;
        };
        out.push_str(&text[pos..start]);
        out.push_str(REDACTED);
        pos = start + j;
    }
    out.push_str(&text[pos..]);
    out
}

/// Replaces string values of `"field": "..."` members.
fn redact_json(text: &str, field: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let key = format!("\"{field}\"");
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(i) = lower[pos..].find(&key) {
        let mut k = pos + i + key.len();
        while k < bytes.len() && bytes[k].is_ascii_whitespace() {
            k += 1;
        }
        if k >= bytes.len() || bytes[k] != b':' {
            out.push_str(&text[pos..pos + i + key.len()]);
            pos = pos + i + key.len();
            continue;
        }
        k += 1;
        while k < bytes.len() && bytes[k].is_ascii_whitespace() {
            k += 1;
        }
        if k >= bytes.len() || bytes[k] != b'"' {
            out.push_str(&text[pos..k]);
            pos = k;
            continue;
        }
        let value_start = k + 1;
        let mut end = value_start;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let end = end.min(bytes.len());
        out.push_str(&text[pos..value_start]);
        out.push_str(REDACTED);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Replaces values of `field=...` in form-encoded text.
fn redact_form(text: &str, field: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case(field) => format!("{k}={REDACTED}"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_form() {
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=abc123";
        assert_eq!(
            redact_header("Authorization", auth),
            "AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=<redacted>"
        );
        assert_eq!(
            redact_header("Authorization", "Bearer tok"),
            "Bearer <redacted>"
        );
        assert_eq!(redact_header("X-Amz-Security-Token", "tok"), "<redacted>");
        assert_eq!(
            redact_url("https://h/k?X-Amz-Signature=abc&X-Amz-Security-Token=t&a=1"),
            "https://h/k?X-Amz-Signature=<redacted>&X-Amz-Security-Token=<redacted>&a=1"
        );
        let xml = "<SecretAccessKey>s3cr3t</SecretAccessKey><SessionToken>t0k</SessionToken>";
        let out = redact_body(xml.as_bytes());
        assert!(!out.contains("s3cr3t") && !out.contains("t0k"), "{out}");
        let json = r#"{"roleCredentials": {"secretAccessKey" : "s3cr3t", "sessionToken":"a\"b"}}"#;
        let out = redact_body(json.as_bytes());
        assert!(!out.contains("s3cr3t") && !out.contains("a\\\"b"), "{out}");
        let form = "Action=ChangePassword&OldPassword=p1&NewPassword=p2";
        assert_eq!(
            redact_body(form.as_bytes()),
            "Action=ChangePassword&OldPassword=<redacted>&NewPassword=<redacted>"
        );
    }
}
