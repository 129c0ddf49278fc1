//! `ec2 bundle-instance --bucket --prefix --owner-akid --owner-sak --policy`: the S3 storage of
//! the bundle from simple options, with the upload policy the AWS CLI v2 writes when none is
//! given (24 hours for the bucket and prefix) and its signature made with the owner's secret
//! key, which is itself never sent.

use super::registry::{Customization, InputContext, Target};
use super::{custom_arg, one};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use base64::Engine;
use hmac::{Hmac, Mac};
use indexmap::IndexMap;

/// The simple options: name, `S3Storage` member (`None`: the secret key), help text.
const OPTIONS: &[(&str, Option<&str>, &str)] = &[
    (
        "bucket",
        Some("Bucket"),
        "The bucket to store the bundled image in: one you own, or a new one that EC2 creates for you.",
    ),
    ("prefix", Some("Prefix"), "The prefix of the names of the image's parts in the bucket."),
    ("owner-akid", Some("AWSAccessKeyId"), "The access key ID of the bucket's owner."),
    (
        "owner-sak",
        None,
        "The secret access key of the bucket's owner: it signs the upload policy and is not sent.",
    ),
    (
        "policy",
        Some("UploadPolicy"),
        "The S3 upload policy that lets EC2 put the image into the bucket. Without it, a policy for the bucket and prefix, valid for 24 hours, is made and signed with --owner-sak.",
    ),
];

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    arguments: Some(add_options),
    input: Some(build_storage),
    ..Customization::of("ec2", |op| op == "BundleInstance")
};

fn add_options(_: &Target<'_>, args: &mut Vec<Argument>) {
    if let Some(storage) = args.iter_mut().find(|a| a.name == "storage") {
        storage.required = false;
    }
    for (name, _, doc) in OPTIONS {
        args.push(Argument {
            doc,
            ..custom_arg(name, ArgKind::Single, false)
        });
    }
}

/// The simple options given, with a value that is not empty.
fn given<'a>(cx: &'a InputContext<'_>) -> impl Iterator<Item = (Option<&'static str>, &'a str)> {
    OPTIONS
        .iter()
        .filter_map(|(name, member, _)| one(cx.parsed, name).map(|v| (*member, v)))
        .filter(|(_, v)| !v.is_empty())
}

fn build_storage(cx: &InputContext<'_>, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    let storage_given = matches!(input.get("Storage"), Some(v) if !is_empty(v));
    if storage_given && given(cx).next().is_some() {
        return Err(CliError::Validation(
            "Mixing the --storage option with the simple, scalar options is not recommended."
                .into(),
        ));
    }
    let mut secret = None;
    for (member, value) in given(cx) {
        let s3 = s3_of(input);
        match member {
            Some("UploadPolicy") => {
                let policy = crate::args::lenient_base64::decode(value)
                    .ok_or_else(|| CliError::other(format!("Invalid base64: \"{value}\"")))?;
                s3.insert("UploadPolicy".into(), Value::Blob(policy));
            }
            Some(member) => {
                s3.insert(member.into(), Value::String(value.into()));
            }
            None => secret = Some(value),
        }
    }
    // The AWS CLI v2 reads these members without checking for them, and fails as Python does.
    let Some(Value::Map(storage)) = input.get_mut("Storage") else {
        return Err(CliError::other("'Storage'"));
    };
    let Some(Value::Map(s3)) = storage.get_mut("S3") else {
        return Err(CliError::other("'S3'"));
    };
    if !s3.contains_key("UploadPolicy") {
        let text = |key: &str| match s3.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(CliError::other(format!("'{key}'"))),
        };
        let (bucket, prefix) = (text("Bucket")?, text("Prefix")?);
        let expires = chrono::Utc::now() + chrono::Duration::hours(24);
        let policy = upload_policy(&expires.format("%Y-%m-%dT%H:%M:%S.%6fZ").to_string(), &bucket, &prefix);
        s3.insert("UploadPolicy".into(), Value::Blob(policy.into_bytes()));
    }
    if !s3.contains_key("UploadPolicySignature") {
        if let (Some(Value::Blob(policy)), Some(secret)) = (s3.get("UploadPolicy"), secret) {
            let signature = sign(policy, secret);
            s3.insert("UploadPolicySignature".into(), Value::String(signature));
        }
    }
    Ok(())
}

/// Whether a value given for `--storage` counts as not given (Python's falsy values).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// The `Storage.S3` structure of the input, made when missing.
fn s3_of(input: &mut IndexMap<String, Value>) -> &mut IndexMap<String, Value> {
    structure(structure(input, "Storage"), "S3")
}

/// The structure `key` of `map`, made (or put in place of another value) when missing.
fn structure<'a>(map: &'a mut IndexMap<String, Value>, key: &str) -> &'a mut IndexMap<String, Value> {
    let slot = map.entry(key.to_owned()).or_insert(Value::Null);
    if !matches!(slot, Value::Map(_)) {
        *slot = Value::Map(IndexMap::new());
    }
    match slot {
        Value::Map(m) => m,
        _ => unreachable!("made a map above"),
    }
}

/// The upload policy the AWS CLI v2 writes: the bucket, the `ec2-bundle-read` ACL and keys
/// under the prefix, until `expires`.
fn upload_policy(expires: &str, bucket: &str, prefix: &str) -> String {
    format!(
        "{{\"expiration\": \"{expires}\",\"conditions\": [{{\"bucket\": \"{bucket}\"}},{{\"acl\": \"ec2-bundle-read\"}},[\"starts-with\", \"$key\", \"{prefix}\"]]}}"
    )
}

/// The policy's signature: HMAC-SHA1 of its base64 form under the secret key, in base64.
fn sign(policy: &[u8], secret: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b64.encode(policy).as_bytes());
    b64.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_are_signed_over_their_base64_form() {
        let policy = upload_policy("2026-12-04T00:00:00.000000Z", "b", "p");
        assert!(policy.starts_with("{\"expiration\": \"2026-12-04T00:00:00.000000Z\",\"conditions\": [{\"bucket\": \"b\"}"));
        // HMAC-SHA1 of base64("abc") = "YWJj" under the key "key".
        assert_eq!(sign(b"abc", "key"), "wDJ30rePC+4eEMmTwbndpMFZ/CM=");
    }
}
