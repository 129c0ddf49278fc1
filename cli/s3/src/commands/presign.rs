//! `aws s3 presign`: a SigV4 query-signed GET URL for an object.

use crate::args::Args;
use crate::error::S3Error;
use crate::paths::S3Path;
use aws2_http::sigv4::{self, PayloadHash, SigningParams, SigningSettings};
use aws2_http::{Credentials, Request};
use std::time::{Duration, SystemTime};

/// What a pre-signed URL needs besides the object.
#[derive(Debug, Clone)]
pub struct PresignConfig {
    /// The credentials to sign with.
    pub credentials: Credentials,
    /// The signing region.
    pub region: String,
    /// `--endpoint-url` or the configured endpoint, if any (path-style URLs are used then).
    pub endpoint_url: Option<String>,
}

fn encode_key(key: &str) -> String {
    let mut out = String::new();
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn virtual_host_ok(bucket: &str) -> bool {
    (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !bucket.starts_with('-')
        && !bucket.ends_with('-')
}

/// The object URL before signing.
pub fn object_url(config: &PresignConfig, path: &S3Path) -> String {
    let key = encode_key(&path.key);
    match &config.endpoint_url {
        Some(url) => format!("{}/{}/{key}", url.trim_end_matches('/'), path.bucket),
        None if virtual_host_ok(&path.bucket) => format!(
            "https://{}.s3.{}.amazonaws.com/{key}",
            path.bucket, config.region
        ),
        None => format!(
            "https://s3.{}.amazonaws.com/{}/{key}",
            config.region, path.bucket
        ),
    }
}

/// Signs a GET of `path` valid for `expires` from `time`.
pub fn presign_url(
    config: &PresignConfig,
    path: &S3Path,
    expires: Duration,
    time: SystemTime,
) -> Result<String, S3Error> {
    let request = Request::new("GET", object_url(config, path));
    let params = SigningParams {
        credentials: &config.credentials,
        region: &config.region,
        service: "s3",
        time,
        settings: SigningSettings {
            payload: PayloadHash::Unsigned,
            content_sha256_header: false,
            normalize_path: false,
            sign_session_token: true,
        },
    };
    sigv4::presign(&request, &params, expires)
        .map(|(url, _)| url)
        .map_err(|e| S3Error::Other(e.to_string()))
}

/// Runs `presign`.
pub fn run(
    config: &PresignConfig,
    printer: &dyn crate::report::Printer,
    args: &Args,
) -> Result<i32, S3Error> {
    let Some(path) = args.positionals.first() else {
        return Err(S3Error::Usage(
            "the following arguments are required: path".into(),
        ));
    };
    if args.positionals.len() > 1 {
        return Err(S3Error::UnknownOptions(args.positionals[1..].to_vec()));
    }
    let text = if path.starts_with("s3://") {
        path.clone()
    } else {
        format!("s3://{path}")
    };
    let target = S3Path::parse(&text)
        .filter(|p| !p.bucket.is_empty())
        .ok_or_else(|| S3Error::Other(format!("Invalid S3 path: {path}")))?;
    let secs = args.int("expires-in")?.unwrap_or(3600);
    if secs <= 0 {
        return Err(S3Error::Other(format!(
            "Invalid value for --expires-in: {secs}"
        )));
    }
    let url = presign_url(
        config,
        &target,
        Duration::from_secs(secs as u64),
        SystemTime::now(),
    )?;
    printer.out(&url);
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_urls() {
        let mut config = PresignConfig {
            credentials: Credentials::new("AKID", "SECRET"),
            region: "us-west-2".into(),
            endpoint_url: None,
        };
        let p = S3Path::parse("s3://my-bucket/a b+c").unwrap();
        assert_eq!(
            object_url(&config, &p),
            "https://my-bucket.s3.us-west-2.amazonaws.com/a%20b%2Bc"
        );
        let dotted = S3Path::parse("s3://my.bucket/k").unwrap();
        assert_eq!(
            object_url(&config, &dotted),
            "https://s3.us-west-2.amazonaws.com/my.bucket/k"
        );
        config.endpoint_url = Some("http://127.0.0.1:9000/".into());
        let url =
            presign_url(&config, &p, Duration::from_secs(60), SystemTime::UNIX_EPOCH).unwrap();
        assert!(url.starts_with(
            "http://127.0.0.1:9000/my-bucket/a%20b%2Bc?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        ));
        assert!(url.contains("X-Amz-Expires=60"));
        assert!(url.contains("X-Amz-Signature="));
    }
}
