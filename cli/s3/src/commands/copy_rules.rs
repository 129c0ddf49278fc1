//! The rules of `cp`, `mv` and `sync` that the AWS CLI v2 adds on top of the transfers:
//! `--no-overwrite`, `--copy-props`, `--case-conflict` and the checks of `mv` between S3
//! paths (`--validate-same-s3-paths`).

use crate::args::Args;
use crate::error::S3Error;
use crate::transfer::Extra;
use aws2_core::Value;
use std::collections::HashSet;
use std::sync::Mutex;

/// The members `--no-overwrite` adds to uploads and copies: the server refuses to replace
/// an object that exists (`PreconditionFailed`), and the transfer is skipped.
pub fn no_overwrite_members(extra: &mut Extra) {
    extra.insert("IfNoneMatch".into(), Value::String("*".into()));
}

/// Whether a transfer's error is the refusal `--no-overwrite` asks for.
pub fn is_precondition_failed(error: &str) -> bool {
    error.contains("(PreconditionFailed)")
}

/// The directives a single-request copy gets from `--copy-props` (none when
/// `--metadata-directive` is given, which turns `--copy-props` off): `none` copies neither
/// metadata nor tags, `metadata-directive` copies metadata but not tags, `default` and `all`
/// copy both.
pub fn copy_props_members(args: &Args, extra: &mut Extra) {
    if args.value("metadata-directive").is_some() {
        return;
    }
    let replace = |extra: &mut Extra, member: &str| {
        extra.insert(member.into(), Value::String("REPLACE".into()));
    };
    match args.value("copy-props") {
        Some("none") => {
            replace(extra, "MetadataDirective");
            replace(extra, "TaggingDirective");
        }
        Some("metadata-directive") => replace(extra, "TaggingDirective"),
        _ => {}
    }
}

/// The check of `mv` between two S3 paths: a file is never moved onto itself (the same key,
/// or the source's name under a destination prefix). With `--validate-same-s3-paths` (or
/// `AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS=true`) an S3 on Outposts access point alias, whose
/// bucket cannot be resolved, is refused.
pub fn check_mv_paths(args: &Args, src: &str, dest: &str) -> Result<(), S3Error> {
    if same_path(src, dest) {
        return Err(S3Error::Validation(format!(
            "Cannot mv a file onto itself: {src} - {dest}"
        )));
    }
    let validate = args.flag("validate-same-s3-paths")
        || std::env::var("AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS")
            .is_ok_and(|v| v.eq_ignore_ascii_case("true"));
    let outposts_alias = |path: &str| bucket(path).ends_with("--op-s3");
    if validate && same_key(src, dest) && (outposts_alias(src) || outposts_alias(dest)) {
        return Err(S3Error::Validation("Can't resolve underlying bucket name of s3 outposts access point alias. Use arn instead to resolve the bucket name and validate the mv command.".into()));
    }
    Ok(())
}

fn split(path: &str) -> (&str, &str) {
    let rest = path.strip_prefix("s3://").unwrap_or(path);
    rest.split_once('/').unwrap_or((rest, ""))
}

fn bucket(path: &str) -> &str {
    split(path).0
}

/// The AWS CLI's comparison of two S3 paths of a move.
fn same_path(src: &str, dest: &str) -> bool {
    if src == dest {
        return true;
    }
    match dest.strip_suffix('/') {
        Some(prefix) => {
            let base = src.rsplit('/').next().unwrap_or(src);
            src == format!("{prefix}/{base}")
        }
        None => false,
    }
}

/// Whether the keys of two S3 paths are the same path (buckets aside).
fn same_key(src: &str, dest: &str) -> bool {
    same_path(
        &format!("/{}", split(src).1),
        &format!("/{}", split(dest).1),
    )
}

/// The AWS CLI's page on case conflicts.
const DOC_URI: &str = "https://docs.aws.amazon.com/cli/latest/topic/s3-case-insensitivity.html";

/// What `--case-conflict` does when a download's key differs only by case from one already
/// downloaded or being downloaded by the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseConflict {
    /// Download it anyway (the default).
    Ignore,
    /// Leave it out, with a warning.
    Skip,
    /// Download it, with a warning.
    Warn,
    /// Stop the command.
    Error,
}

/// What one download does under [`CaseConflict`].
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Download it.
    Go,
    /// Download it after printing this warning.
    Warn(String),
    /// Leave it out after printing this warning.
    Skip(String),
    /// Stop with this error.
    Fail(String),
}

/// The keys downloaded so far, lower-cased, and what to do on a conflict.
#[derive(Debug)]
pub struct CaseConflicts {
    mode: CaseConflict,
    seen: Mutex<HashSet<String>>,
}

impl CaseConflicts {
    /// The rule of `--case-conflict` (for downloads of several objects only).
    pub fn from_args(args: &Args) -> CaseConflicts {
        let mode = match args.value("case-conflict") {
            Some("skip") => CaseConflict::Skip,
            Some("warn") => CaseConflict::Warn,
            Some("error") => CaseConflict::Error,
            _ => CaseConflict::Ignore,
        };
        CaseConflicts {
            mode,
            seen: Mutex::new(HashSet::new()),
        }
    }

    /// Whether the rule does anything.
    pub fn active(&self) -> bool {
        self.mode != CaseConflict::Ignore
    }

    /// The verdict on downloading `src` (an `s3://` path) to `dest`, whose name relative to
    /// the destination is `relative`.
    pub fn check(&self, relative: &str, src: &str, dest: &str) -> Verdict {
        if !self.active() {
            return Verdict::Go;
        }
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.insert(relative.to_lowercase()) {
            return Verdict::Go;
        }
        let why =
            "because a file whose name differs only by case either exists or is being downloaded.";
        match self.mode {
            CaseConflict::Ignore => Verdict::Go,
            CaseConflict::Skip => Verdict::Skip(format!("warning: Skipping {src} -> {dest} {why}")),
            CaseConflict::Warn => Verdict::Warn(format!("warning: Downloading {src} -> {dest} despite a file whose name differs only by case either existing or being downloaded. This behavior is not defined on case-insensitive filesystems and may result in overwriting existing files or race conditions between concurrent downloads. For more information, see {DOC_URI}.")),
            CaseConflict::Error => Verdict::Fail(format!("Failed to download {src} -> {dest} {why}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mv_onto_itself_is_refused() {
        let args = Args::default();
        assert!(check_mv_paths(&args, "s3://b/k", "s3://b/k").is_err());
        assert!(check_mv_paths(&args, "s3://b/d/k", "s3://b/d/").is_err());
        assert!(check_mv_paths(&args, "s3://b/k", "s3://c/k").is_ok());
        let validate = Args {
            options: vec![("validate-same-s3-paths".into(), None)],
            ..Args::default()
        };
        let e = check_mv_paths(&validate, "s3://x--op-s3/k", "s3://b/k").unwrap_err();
        assert!(e.to_string().contains("outposts access point alias"));
    }

    #[test]
    fn copy_props_set_the_directives() {
        let with = |value: &str| {
            let args = Args {
                options: vec![("copy-props".into(), Some(value.into()))],
                ..Args::default()
            };
            let mut extra = Extra::new();
            copy_props_members(&args, &mut extra);
            let mut keys: Vec<String> = extra.keys().cloned().collect();
            keys.sort();
            keys
        };
        assert_eq!(with("none"), ["MetadataDirective", "TaggingDirective"]);
        assert_eq!(with("metadata-directive"), ["TaggingDirective"]);
        assert!(with("default").is_empty());
    }
}
