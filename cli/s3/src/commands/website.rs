//! `aws s3 website`: sets a bucket's static website configuration.

use crate::api::{self, input, s};
use crate::args::Args;
use crate::error::S3Error;
use crate::Context;
use aws2_core::Value;

/// Runs `website`.
pub fn run(ctx: &Context<'_>, args: &Args) -> Result<i32, S3Error> {
    let Some(path) = args.positionals.first() else {
        return Err(S3Error::Usage(
            "the following arguments are required: paths".into(),
        ));
    };
    if args.positionals.len() > 1 {
        return Err(S3Error::UnknownOptions(args.positionals[1..].to_vec()));
    }
    let bucket = path.strip_prefix("s3://").unwrap_or(path);
    let bucket = bucket.split('/').next().unwrap_or(bucket);
    let mut config = input(vec![]);
    if let Some(index) = args.value("index-document") {
        config.insert(
            "IndexDocument".into(),
            Value::Map(input(vec![("Suffix", s(index))])),
        );
    }
    if let Some(error) = args.value("error-document") {
        config.insert(
            "ErrorDocument".into(),
            Value::Map(input(vec![("Key", s(error))])),
        );
    }
    let req = input(vec![
        ("Bucket", s(bucket)),
        ("WebsiteConfiguration", Value::Map(config)),
    ]);
    api::call(ctx.client, "PutBucketWebsite", req).map_err(S3Error::Other)?;
    Ok(0)
}
