//! `aws s3 mb` and `aws s3 rb` (with `--force`, which empties the bucket first).

use crate::api::{self, input, s};
use crate::args::Args;
use crate::error::S3Error;
use crate::paths::S3Path;
use crate::report::{Reporter, Verbosity};
use crate::Context;
use aws2_core::Value;

fn bucket_arg(args: &Args, command: &str) -> Result<S3Path, S3Error> {
    let Some(path) = args.positionals.first() else {
        return Err(S3Error::Usage(
            "the following arguments are required: path".into(),
        ));
    };
    if args.positionals.len() > 1 {
        return Err(S3Error::UnknownOptions(args.positionals[1..].to_vec()));
    }
    let parsed = S3Path::parse(path).unwrap_or(S3Path {
        bucket: String::new(),
        key: String::new(),
    });
    if parsed.bucket.is_empty() {
        return Err(S3Error::Other(format!(
            "<S3Uri> must be a valid S3 path for {command}: {path}"
        )));
    }
    Ok(parsed)
}

/// Runs `mb`.
pub fn make_bucket(ctx: &Context<'_>, args: &Args) -> Result<i32, S3Error> {
    let path = bucket_arg(args, "mb")?;
    let mut req = input(vec![("Bucket", s(&path.bucket))]);
    let mut config = input(vec![]);
    // us-east-1 takes no location constraint (it refuses one naming itself).
    if let Some(region) = ctx.region.as_deref().filter(|r| *r != "us-east-1") {
        config.insert("LocationConstraint".into(), s(region));
    }
    let tags: Vec<&str> = args.values_of(&["tags"]).map(|(_, v)| v).collect();
    if !tags.is_empty() {
        let tags = tags
            .chunks(2)
            .map(|pair| Value::Map(input(vec![("Key", s(pair[0])), ("Value", s(pair[1]))])))
            .collect();
        config.insert("Tags".into(), Value::List(tags));
    }
    if !config.is_empty() {
        req.insert("CreateBucketConfiguration".into(), Value::Map(config));
    }
    match api::call(ctx.client, "CreateBucket", req) {
        Ok(_) => {
            ctx.printer.out(&format!("make_bucket: {}", path.bucket));
            Ok(0)
        }
        Err(e) => {
            ctx.printer
                .err(&format!("make_bucket failed: s3://{} {e}", path.bucket));
            Ok(1)
        }
    }
}

/// Runs `rb`.
pub fn remove_bucket(ctx: &Context<'_>, args: &Args) -> Result<i32, S3Error> {
    let path = bucket_arg(args, "rb")?;
    if args.flag("force") {
        let reporter = Reporter::new(ctx.printer, Verbosity::Normal);
        // Objects are deleted as they are listed, a page at a time.
        let listed = crate::pool::pipeline(
            ctx.settings.max_queue_size,
            ctx.settings.max_concurrent_requests,
            |submit| {
                for object in api::Objects::new(ctx.client, &path.bucket, "") {
                    submit(object?);
                }
                Ok::<(), String>(())
            },
            |o: api::Object| {
                let target = path.with_key(o.key);
                match api::delete(ctx.client, &target.bucket, &target.key) {
                    Ok(()) => reporter.success(&format!("delete: {target}")),
                    Err(e) => reporter.failure(&format!("delete failed: {target} {e}")),
                }
            },
        );
        if let Err(e) = listed {
            reporter.fatal(&e);
            return Ok(1);
        }
        if reporter.exit_code() != 0 {
            return Err(S3Error::Other(
                "remove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted.".into(),
            ));
        }
    }
    match api::call(
        ctx.client,
        "DeleteBucket",
        input(vec![("Bucket", s(&path.bucket))]),
    ) {
        Ok(_) => {
            ctx.printer.out(&format!("remove_bucket: {}", path.bucket));
            Ok(0)
        }
        Err(e) => {
            ctx.printer
                .err(&format!("remove_bucket failed: s3://{} {e}", path.bucket));
            Ok(1)
        }
    }
}
