//! `aws s3 ls`: buckets, or the objects and common prefixes under a path.

use crate::api::{self, Page};
use crate::args::Args;
use crate::error::S3Error;
use crate::format::{date_time, human_size};
use crate::Context;

/// Runs `ls`.
pub fn run(ctx: &Context<'_>, args: &Args) -> Result<i32, S3Error> {
    if args.positionals.len() > 1 {
        return Err(S3Error::UnknownOptions(args.positionals[1..].to_vec()));
    }
    let path = args
        .positionals
        .first()
        .map(String::as_str)
        .unwrap_or("s3://");
    let path = path.strip_prefix("s3://").unwrap_or(path);
    if path.is_empty() {
        list_buckets(ctx, args)?;
        return Ok(0);
    }
    let (bucket, prefix) = path.split_once('/').unwrap_or((path, ""));
    let recursive = args.flag("recursive");
    let human = args.flag("human-readable");
    let page_size = args.int("page-size")?;
    let mut count = 0u64;
    let mut total = 0u64;
    let mut found = false;
    let delimiter = (!recursive).then_some("/");
    api::list_objects(
        ctx.client,
        bucket,
        prefix,
        delimiter,
        page_size,
        |page: Page| {
            found |= !page.prefixes.is_empty() || !page.objects.is_empty();
            for p in &page.prefixes {
                let trimmed = p.strip_suffix('/').unwrap_or(p);
                let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
                ctx.printer.out(&format!("{:>30} {name}/", "PRE"));
            }
            for o in &page.objects {
                count += 1;
                total += o.size;
                let size = if human {
                    human_size(o.size)
                } else {
                    o.size.to_string()
                };
                let name = if recursive {
                    o.key.as_str()
                } else {
                    o.key.rsplit('/').next().unwrap_or(&o.key)
                };
                ctx.printer.out(&format!(
                    "{} {size:>10} {name}",
                    date_time(o.modified as i64)
                ));
            }
            Ok(())
        },
    )?;
    if args.flag("summarize") {
        let size = if human {
            human_size(total)
        } else {
            total.to_string()
        };
        ctx.printer
            .out(&format!("\nTotal Objects: {count}\n   Total Size: {size}"));
    }
    Ok(if !prefix.is_empty() && !found { 1 } else { 0 })
}

/// Lists the buckets a page at a time (`--page-size`), those whose names begin with
/// `--bucket-name-prefix` and that are in `--bucket-region` when given.
fn list_buckets(ctx: &Context<'_>, args: &Args) -> Result<(), S3Error> {
    let page_size = args.int("page-size")?;
    let mut token: Option<String> = None;
    loop {
        let mut req = api::input(vec![]);
        if let Some(prefix) = args.value("bucket-name-prefix") {
            req.insert("Prefix".into(), api::s(prefix));
        }
        if let Some(region) = args.value("bucket-region") {
            req.insert("BucketRegion".into(), api::s(region));
        }
        if let Some(n) = page_size {
            req.insert("MaxBuckets".into(), aws2_core::Value::Integer(n));
        }
        if let Some(t) = token.take() {
            req.insert("ContinuationToken".into(), api::s(t));
        }
        let listing = api::call_checked(ctx.client, "ListBuckets", req)?;
        for b in api::list(&listing, "Buckets") {
            let when = api::time(b, "CreationDate").unwrap_or(0.0);
            let name = api::text(b, "Name").unwrap_or_default();
            ctx.printer
                .out(&format!("{} {name}", date_time(when as i64)));
        }
        match api::text(&listing, "ContinuationToken") {
            Some(next) if !next.is_empty() => token = Some(next.to_owned()),
            _ => return Ok(()),
        }
    }
}
