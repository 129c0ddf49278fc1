//! S3 requests sent to a bucket's wrong region, as botocore's `S3RegionRedirectorv2` handles
//! them: some failures (a HEAD answered 301 or 400, `AuthorizationHeaderMalformed` naming a
//! region, `PermanentRedirect`, a 301/302/307 status, `IllegalLocationConstraintException`)
//! make the client look for the bucket's region (the `x-amz-bucket-region` header, the error's
//! `Region`, else a `HeadBucket` of its own) and, when it finds one, send the request once more
//! with the endpoint and signature of that region.

use aws2_core::protocol::ServiceError;
use aws2_core::Value;

/// The header that names a bucket's region.
pub const BUCKET_REGION_HEADER: &str = "x-amz-bucket-region";

/// What the failed response said besides its parsed error.
#[derive(Debug, Clone, Default)]
pub struct Hint {
    /// The status code.
    pub status: u16,
    /// Its `x-amz-bucket-region` header.
    pub bucket_region: Option<String>,
}

impl Hint {
    /// The hint of a response.
    pub fn of(response: &aws2_http::Response) -> Hint {
        Hint {
            status: response.status,
            bucket_region: response.header(BUCKET_REGION_HEADER).map(str::to_owned),
        }
    }
}

/// The bucket of a request that may be redirected: an S3 operation's `Bucket`, unless it is
/// an ARN (access points are never redirected).
pub fn bucket(service: &str, input: &Value) -> Option<String> {
    if service != "s3" {
        return None;
    }
    let bucket = input.get("Bucket")?.as_str()?;
    (!bucket.starts_with("arn:")).then(|| bucket.to_owned())
}

/// Whether the failure of `operation` is one botocore answers by looking for the region.
pub fn applies(operation: &str, hint: &Hint, error: &ServiceError) -> bool {
    let code = error.code.as_str();
    let head_status = matches!(code, "301" | "400");
    let head_object = head_status && operation == "HeadObject";
    let head_bucket = head_status && operation == "HeadBucket" && hint.bucket_region.is_some();
    let wrong_signing_region =
        code == "AuthorizationHeaderMalformed" && error_region(error).is_some();
    let redirect_status = matches!(hint.status, 301 | 302 | 307);
    let permanent = code == "PermanentRedirect";
    let opt_in = code == "IllegalLocationConstraintException" && operation != "CreateBucket";
    head_object || head_bucket || wrong_signing_region || redirect_status || permanent || opt_in
}

/// The region the failure itself names: the header, then the error's `Region`.
pub fn named_region(hint: &Hint, error: &ServiceError) -> Option<String> {
    hint.bucket_region
        .clone()
        .or_else(|| error_region(error).map(str::to_owned))
}

/// The `Region` of an error's details.
fn error_region(error: &ServiceError) -> Option<&str> {
    error.fields.get("Error")?.get("Region")?.as_str()
}

/// Whether `region` can be a host label, as botocore requires of a region it redirects to.
pub fn valid_region(region: &str) -> bool {
    let bytes = region.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-')
        && !bytes.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: &str, region: Option<&str>) -> ServiceError {
        let mut details = indexmap::IndexMap::new();
        if let Some(r) = region {
            details.insert("Region".to_owned(), Value::String(r.into()));
        }
        let mut fields = indexmap::IndexMap::new();
        fields.insert("Error".to_owned(), Value::Map(details));
        ServiceError {
            code: code.into(),
            message: String::new(),
            status: 400,
            request_id: None,
            fields: Value::Map(fields),
        }
    }

    #[test]
    fn the_failures_botocore_redirects() {
        let plain = Hint {
            status: 400,
            bucket_region: None,
        };
        let with_region = Hint {
            status: 400,
            bucket_region: Some("eu-west-1".into()),
        };
        assert!(applies("HeadObject", &plain, &error("400", None)));
        assert!(!applies("GetObject", &plain, &error("400", None)));
        assert!(!applies("HeadBucket", &plain, &error("400", None)));
        assert!(applies("HeadBucket", &with_region, &error("301", None)));
        assert!(applies(
            "ListObjectsV2",
            &plain,
            &error("AuthorizationHeaderMalformed", Some("eu-west-1"))
        ));
        assert!(!applies(
            "ListObjectsV2",
            &plain,
            &error("AuthorizationHeaderMalformed", None)
        ));
        assert!(applies(
            "GetObject",
            &plain,
            &error("PermanentRedirect", None)
        ));
        let moved = Hint {
            status: 307,
            bucket_region: None,
        };
        assert!(applies(
            "PutObject",
            &moved,
            &error("TemporaryRedirect", None)
        ));
        assert!(!applies(
            "CreateBucket",
            &plain,
            &error("IllegalLocationConstraintException", None)
        ));
        assert_eq!(
            named_region(&plain, &error("x", Some("ap-south-1"))).as_deref(),
            Some("ap-south-1")
        );
        assert_eq!(
            named_region(&with_region, &error("x", Some("ap-south-1"))).as_deref(),
            Some("eu-west-1")
        );
    }

    #[test]
    fn buckets_and_regions() {
        let input = |b: &str| {
            let mut m = indexmap::IndexMap::new();
            m.insert("Bucket".to_owned(), Value::String(b.into()));
            Value::Map(m)
        };
        assert_eq!(bucket("s3", &input("b")).as_deref(), Some("b"));
        assert_eq!(
            bucket("s3", &input("arn:aws:s3:us-east-1:1:accesspoint/a")),
            None
        );
        assert_eq!(bucket("sqs", &input("b")), None);
        assert!(valid_region("eu-west-1"));
        assert!(!valid_region("123"));
        assert!(!valid_region("-a"));
        assert!(!valid_region("a.b"));
        assert!(!valid_region(""));
    }
}
