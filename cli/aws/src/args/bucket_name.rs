//! The S3 bucket-name check botocore makes before it builds a request (`validate_bucket_name`):
//! a `Bucket` parameter must be a plain bucket name or an access point ARN.

use aws2_core::Value;
use regex::Regex;
use std::sync::OnceLock;

/// A plain bucket name.
const VALID_BUCKET: &str = r"^[a-zA-Z0-9.\-_]{1,255}$";

/// An S3 or Object Lambda access point ARN, or an Outposts access point ARN.
const VALID_S3_ARN: &str = concat!(
    r"^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:]",
    r"[a-zA-Z0-9\-.]{1,63}$",
    "|",
    r"^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:]",
    r"[a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$",
);

fn patterns() -> &'static (Regex, Regex) {
    static PATTERNS: OnceLock<(Regex, Regex)> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        (
            Regex::new(VALID_BUCKET).expect("bucket pattern"),
            Regex::new(VALID_S3_ARN).expect("ARN pattern"),
        )
    })
}

/// Refuses the `Bucket` of an `s3` operation's input that is neither a bucket name nor an
/// access point ARN, with botocore's report; other services and inputs pass.
pub fn check(service_model: &str, input: &Value) -> Result<(), String> {
    if service_model != "s3" {
        return Ok(());
    }
    let Some(Value::String(bucket)) = input.get("Bucket") else {
        return Ok(());
    };
    let (name, arn) = patterns();
    if name.is_match(bucket) || arn.is_match(bucket) {
        return Ok(());
    }
    Err(format!(
        "Parameter validation failed:\nInvalid bucket name \"{bucket}\": Bucket name must match \
         the regex \"{VALID_BUCKET}\" or be an ARN matching the regex \"{VALID_S3_ARN}\""
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(bucket: &str) -> Value {
        Value::from_json(&serde_json::json!({ "Bucket": bucket }))
    }

    #[test]
    fn names_and_access_points_pass_and_others_are_refused() {
        assert!(check("s3", &input("my-bucket.1_x")).is_ok());
        assert!(check(
            "s3",
            &input("arn:aws:s3:us-east-1:123456789012:accesspoint/ap-1")
        )
        .is_ok());
        let refused = check("s3", &input("s3:")).unwrap_err();
        assert!(refused.starts_with("Parameter validation failed:\nInvalid bucket name \"s3:\""));
        assert!(check("s3", &input("a/b")).is_err());
        assert!(check("sqs", &input("a/b")).is_ok());
    }
}
