//! AWS Signature Version 4: signing a request's headers, or pre-signing a URL (query auth).
//!
//! A pure function of the request, the credentials, region, signing name, time and settings.

mod canonical;
mod time;

use std::io::Read;
use std::time::{Duration, SystemTime};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::message::{Body, Request};
use crate::Credentials;

pub use canonical::{canonical_headers, canonical_path, canonical_query, encode_unreserved};
pub use time::amz_date;

/// The hex SHA-256 of the empty string.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// The payload hash that leaves the body out of the signature (S3 over HTTPS).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// How the body enters the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadHash {
    /// Hash the body (a streaming body is read once for this).
    Compute,
    /// Sign `UNSIGNED-PAYLOAD` instead of the body's hash.
    Unsigned,
    /// Use this hex SHA-256 the caller already knows.
    Precomputed(String),
}

/// The service-specific rules of a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    /// How the body is hashed.
    pub payload: PayloadHash,
    /// Send the payload hash as `x-amz-content-sha256` (always for S3).
    pub content_sha256_header: bool,
    /// Normalize and re-encode the path (every service but S3).
    pub normalize_path: bool,
    /// Sign `X-Amz-Security-Token`; when false it is added after the signature is computed.
    pub sign_session_token: bool,
}

impl Default for SigningSettings {
    fn default() -> Self {
        SigningSettings {
            payload: PayloadHash::Compute,
            content_sha256_header: false,
            normalize_path: true,
            sign_session_token: true,
        }
    }
}

impl SigningSettings {
    /// S3's rules: `x-amz-content-sha256` always, paths signed exactly as sent.
    pub fn s3() -> Self {
        SigningSettings {
            content_sha256_header: true,
            normalize_path: false,
            ..SigningSettings::default()
        }
    }
}

/// Everything a signature depends on besides the request.
#[derive(Clone, Debug)]
pub struct SigningParams<'a> {
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name, e.g. `s3` or `execute-api`.
    pub service: &'a str,
    /// The signing time (already corrected for clock skew).
    pub time: SystemTime,
    /// The service's rules.
    pub settings: SigningSettings,
}

/// The intermediate and final values of one signature (for tests and `--debug`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The hex signature.
    pub signature: String,
    /// The `Authorization` header value (empty for a pre-signed URL).
    pub authorization: String,
}

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum SignError {
    /// The URL has no scheme or host.
    #[error("cannot sign request: invalid URL {0:?}")]
    InvalidUrl(String),
    /// Reading a streaming body to hash it failed.
    #[error("cannot sign request: reading the body failed: {0}")]
    Body(#[from] std::io::Error),
}

/// Signs a request in place: sets `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials),
/// `x-amz-content-sha256` (when asked), `Host` (if missing) and `Authorization`.
pub fn sign(request: &mut Request, params: &SigningParams<'_>) -> Result<Signature, SignError> {
    let parts = canonical::split_url(&request.url)
        .ok_or_else(|| SignError::InvalidUrl(redact_url(&request.url)))?;
    let host = canonical::host_header(&parts);
    let path = canonical::canonical_path(parts.path, params.settings.normalize_path);
    let query = canonical::canonical_query(parts.query);

    let date = amz_date(params.time);
    request.remove_header("authorization");
    if request.header("host").is_none() {
        request.headers.push(("Host".to_string(), host));
    }
    request.set_header("X-Amz-Date", date.clone());
    let token = params.credentials.session_token.as_deref();
    if let (Some(token), true) = (token, params.settings.sign_session_token) {
        request.set_header("X-Amz-Security-Token", token);
    }
    let payload = payload_hash(&request.body, &params.settings.payload)?;
    if params.settings.content_sha256_header {
        request.set_header("X-Amz-Content-SHA256", payload.clone());
    }

    let (headers, signed) = canonical::canonical_headers(&request.headers);
    let canonical_request = format!(
        "{}\n{path}\n{query}\n{headers}\n{signed}\n{payload}",
        request.method.to_ascii_uppercase()
    );
    let scope = scope(&date, params);
    let string_to_sign = string_to_sign(&date, &scope, &canonical_request);
    let signature = signature(params, &date, &string_to_sign);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={signed}, Signature={signature}",
        params.credentials.access_key_id
    );
    request.set_header("Authorization", authorization.clone());
    if let (Some(token), false) = (token, params.settings.sign_session_token) {
        request.set_header("X-Amz-Security-Token", token);
    }
    Ok(Signature {
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    })
}

/// Pre-signs a request as a URL valid for `expires` (query-string auth). The request's headers
/// other than `Host` are signed too and must be sent with the URL.
pub fn presign(
    request: &Request,
    params: &SigningParams<'_>,
    expires: Duration,
) -> Result<(String, Signature), SignError> {
    let secs = i64::try_from(expires.as_secs()).unwrap_or(i64::MAX);
    presign_for_seconds(request, params, secs)
}

/// [`presign`] with `X-Amz-Expires` given as any number of seconds, as botocore signs it
/// (the services refuse the URLs of a negative or too long validity when they are used).
pub fn presign_for_seconds(
    request: &Request,
    params: &SigningParams<'_>,
    expires: i64,
) -> Result<(String, Signature), SignError> {
    let parts = canonical::split_url(&request.url)
        .ok_or_else(|| SignError::InvalidUrl(redact_url(&request.url)))?;
    let mut headers = request.headers.clone();
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        headers.push(("host".to_string(), canonical::host_header(&parts)));
    }
    let (canonical_headers, signed) = canonical::canonical_headers(&headers);
    let date = amz_date(params.time);
    let scope = scope(&date, params);
    let mut added = vec![
        ("X-Amz-Algorithm", ALGORITHM.to_string()),
        (
            "X-Amz-Credential",
            format!("{}/{scope}", params.credentials.access_key_id),
        ),
        ("X-Amz-Date", date.clone()),
        ("X-Amz-Expires", expires.to_string()),
        ("X-Amz-SignedHeaders", signed.clone()),
    ];
    if let Some(token) = &params.credentials.session_token {
        added.push(("X-Amz-Security-Token", token.clone()));
    }
    let added_query = added
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_unreserved(v)))
        .collect::<Vec<_>>()
        .join("&");
    let full_query = if parts.query.is_empty() {
        added_query.clone()
    } else {
        format!("{}&{added_query}", parts.query)
    };
    let payload = match &params.settings.payload {
        PayloadHash::Compute => payload_hash(&request.body, &PayloadHash::Compute)?,
        other => payload_hash(&Body::empty(), other)?,
    };
    let canonical_request = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed}\n{payload}",
        request.method.to_ascii_uppercase(),
        canonical::canonical_path(parts.path, params.settings.normalize_path),
        canonical::canonical_query(&full_query),
    );
    let string_to_sign = string_to_sign(&date, &scope, &canonical_request);
    let signature = signature(params, &date, &string_to_sign);
    let base = request.url.split('#').next().unwrap_or(&request.url);
    let base = base.split('?').next().unwrap_or(base);
    let url = format!("{base}?{full_query}&X-Amz-Signature={signature}");
    Ok((
        url,
        Signature {
            canonical_request,
            string_to_sign,
            signature,
            authorization: String::new(),
        },
    ))
}

/// The SigV4 signature of a canonical request the caller wrote itself, at `timestamp`
/// (`20261203T120000`, as botocore's request context holds it: without the `Z`). Git's
/// credential helper for CodeCommit signs such `GIT` requests.
pub fn sign_canonical_request(
    credentials: &Credentials,
    region: &str,
    service: &str,
    timestamp: &str,
    canonical_request: &str,
) -> String {
    let day = timestamp.get(..8).unwrap_or(timestamp);
    let scope = format!("{day}/{region}/{service}/aws4_request");
    let string_to_sign = string_to_sign(timestamp, &scope, canonical_request);
    signed_with_derived_key(
        &credentials.secret_access_key,
        day,
        region,
        service,
        &string_to_sign,
    )
}

/// The hex SHA-256 of bytes.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn payload_hash(body: &Body, mode: &PayloadHash) -> Result<String, SignError> {
    Ok(match mode {
        PayloadHash::Unsigned => UNSIGNED_PAYLOAD.to_string(),
        PayloadHash::Precomputed(h) => h.clone(),
        PayloadHash::Compute => match body {
            Body::Bytes(b) => sha256_hex(b),
            Body::Stream { open, .. } => {
                let mut reader = open()?;
                let mut hasher = Sha256::new();
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = reader.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buf[..n]);
                }
                hex::encode(hasher.finalize())
            }
        },
    })
}

fn scope(date: &str, params: &SigningParams<'_>) -> String {
    format!(
        "{}/{}/{}/aws4_request",
        &date[..8],
        params.region,
        params.service
    )
}

fn string_to_sign(date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn signature(params: &SigningParams<'_>, date: &str, string_to_sign: &str) -> String {
    let c = params.credentials;
    signed_with_derived_key(
        &c.secret_access_key,
        &date[..8],
        params.region,
        params.service,
        string_to_sign,
    )
}

/// The hex HMAC of `string_to_sign` under the key derived from the secret for the day,
/// region and service.
fn signed_with_derived_key(
    secret: &str,
    day: &str,
    region: &str,
    service: &str,
    string_to_sign: &str,
) -> String {
    let secret = format!("AWS4{secret}");
    let k_date = hmac(secret.as_bytes(), day.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    hex::encode(hmac(&k_signing, string_to_sign.as_bytes()))
}

/// A URL with its query dropped, for error messages (queries may carry signatures).
fn redact_url(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
}
