//! An independent check of SigV4 pre-signed URLs (query authentication), written from the
//! signature's specification: it recomputes `X-Amz-Signature` from the URL itself, so the
//! tokens of both CLIs, signed at different moments, can each be shown to be valid.

use sha2::{Digest, Sha256};

/// `HMAC-SHA256(key, data)`.
fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut k = if key.len() > BLOCK {
        Sha256::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k.resize(BLOCK, 0);
    let pad = |byte: u8| k.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(data)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Percent-encodes all but `A-Z a-z 0-9 - _ . ~` (and `/` when `keep_slash`).
fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex_pair = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (
            bytes[i],
            hex_pair.and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query parameters of a URL, decoded, in order.
pub fn query_params(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Checks the signature of a token: a pre-signed GET URL printed without its scheme and
/// signed as `https://` + `token`, made with `secret`; `headers` are the signed headers
/// besides `host` (lower-case names). Returns what is wrong.
pub fn verify(token: &str, secret: &str, headers: &[(&str, &str)]) -> Result<(), String> {
    let url = token.trim_end();
    let full = format!("https://{url}");
    let end = url.find(['/', '?']).unwrap_or(url.len());
    let (authority, after) = url.split_at(end);
    let path = after.split('?').next().unwrap_or("");
    // The host as Python's URL parser gives it: lower case, without an empty or default port.
    let host = match authority.rsplit_once(':') {
        Some((h, "443" | "")) => h,
        _ => authority,
    }
    .to_ascii_lowercase();
    let params = query_params(&full);
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .ok_or(format!("no {name} in {url}"))
    };
    let signature = get("X-Amz-Signature")?;
    let date = get("X-Amz-Date")?;
    let credential = get("X-Amz-Credential")?;
    let signed_headers = get("X-Amz-SignedHeaders")?;
    let scope = credential.split_once('/').ok_or("bad credential")?.1;
    let parts: Vec<&str> = scope.split('/').collect();
    let [day, region, service, "aws4_request"] = parts[..] else {
        return Err(format!("bad scope {scope}"));
    };
    let mut query: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "X-Amz-Signature")
        .map(|(k, v)| (encode(k, false), encode(v, false)))
        .collect();
    query.sort();
    let query = query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut all_headers = vec![("host".to_owned(), host)];
    all_headers.extend(
        headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    all_headers.sort();
    let names = all_headers
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    if names != signed_headers {
        return Err(format!("signed headers {signed_headers}, expected {names}"));
    }
    let canonical_headers: String = all_headers
        .iter()
        .map(|(k, v)| format!("{k}:{}\n", v.trim()))
        .collect();
    // Empty segments are left out of the signed path, as for every service but S3.
    let mut path = path.to_owned();
    while path.contains("//") {
        path = path.replace("//", "/");
    }
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        path
    };
    let canonical = format!(
        "GET\n{}\n{query}\n{canonical_headers}\n{signed_headers}\n{}",
        encode(&decode(&path), true),
        hex(&Sha256::digest(b""))
    );
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), day.as_bytes());
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex(&hmac(&key, to_sign.as_bytes()));
    match expected == signature {
        true => Ok(()),
        false => Err(format!(
            "signature {signature}, recomputed {expected} for:\n{canonical}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231, test case 2.
        assert_eq!(
            hex(&hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn finds_wrong_signatures_and_headers() {
        let url = "h/?X-Amz-Credential=AK%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00";
        let err = verify(url, "secret", &[]).unwrap_err();
        assert!(err.contains("recomputed"), "{err}");
        let err = verify(url, "secret", &[("x-k8s-aws-id", "c")]).unwrap_err();
        assert!(err.contains("signed headers host"), "{err}");
    }
}
