//! `aws s3 cp`, `mv`, `rm` and `sync`: read the options, plan the tasks, run them through the
//! transfer manager and report each one as the Python CLI does.

use super::copy_rules::{self, CaseConflicts, Verdict};
use super::plan::{self, Action, PlanError, PlanOptions, Task};
use crate::api;
use crate::args::Args;
use crate::checksum::Algorithm;
use crate::error::S3Error;
use crate::filter::Filters;
use crate::mime;
use crate::paths::Location;
use crate::progress::Progress;
use crate::report::{ProgressStyle, Reporter, Verbosity};
use crate::transfer::{Engine, Extra};
use crate::Context;
use aws2_core::{Timestamp, Value};

/// Which command is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `cp`.
    Cp,
    /// `mv`.
    Mv,
    /// `rm`.
    Rm,
    /// `sync`.
    Sync,
}

/// Object attributes from the options (`--acl`, `--storage-class`, `--cache-control`, …).
fn object_extra(args: &Args) -> Result<Extra, S3Error> {
    let mut extra = Extra::new();
    for (opt, member) in [
        ("acl", "ACL"),
        ("storage-class", "StorageClass"),
        ("checksum-algorithm", "ChecksumAlgorithm"),
        ("cache-control", "CacheControl"),
        ("content-disposition", "ContentDisposition"),
        ("content-encoding", "ContentEncoding"),
        ("content-language", "ContentLanguage"),
        ("sse", "ServerSideEncryption"),
        ("sse-kms-key-id", "SSEKMSKeyId"),
        ("website-redirect", "WebsiteRedirectLocation"),
        ("request-payer", "RequestPayer"),
    ] {
        if let Some(v) = args.value(opt) {
            extra.insert(member.into(), Value::String(v.into()));
        }
    }
    // `--grants Permission=Grantee_Type=Grantee_ID ...`: each grant sets one Grant* member to
    // the grantee text, as the AWS CLI maps them.
    for (_, grant) in args.values_of(&["grants"]) {
        let (permission, grantee) = grant.split_once('=').ok_or_else(|| {
            S3Error::Other("grants should be of the form permission=principal".into())
        })?;
        let member = match permission {
            "read" => "GrantRead",
            "full" => "GrantFullControl",
            "readacl" => "GrantReadACP",
            "writeacl" => "GrantWriteACP",
            _ => {
                return Err(S3Error::Other(
                    "permission must be one of: read|readacl|writeacl|full".into(),
                ))
            }
        };
        extra.insert(member.into(), Value::String(grantee.into()));
    }
    if let Some(v) = args.value("expires") {
        let t = Timestamp::parse(v)
            .map_err(|e| S3Error::Other(format!("Invalid value for --expires: {e}")))?;
        extra.insert("Expires".into(), Value::Timestamp(t));
    }
    if let Some(v) = args.value("metadata") {
        let mut map = indexmap::IndexMap::new();
        for pair in v.split(',').filter(|p| !p.is_empty()) {
            let (k, val) = pair.split_once('=').ok_or_else(|| {
                S3Error::Other(format!(
                    "Error parsing parameter '--metadata': expected key=value, got {pair:?}"
                ))
            })?;
            map.insert(k.trim().to_owned(), Value::String(val.to_owned()));
        }
        extra.insert("Metadata".into(), Value::Map(map));
    }
    Ok(extra)
}

fn verbosity(args: &Args) -> Verbosity {
    if args.flag("quiet") {
        Verbosity::Quiet
    } else if args.flag("only-show-errors") {
        Verbosity::OnlyErrors
    } else {
        Verbosity::Normal
    }
}

/// An SSE-C key option's value: the text given, or the bytes of the `file://` or
/// `fileb://` file it names; `None` when absent or empty (as the AWS CLI takes an empty key).
fn customer_key(ctx: &Context<'_>, args: &Args, name: &str) -> Result<Option<Value>, S3Error> {
    let Some(text) = args.value(name) else {
        return Ok(None);
    };
    let loaded = match ctx.param_files {
        Some(read) => read(text)
            .map_err(|e| S3Error::Other(format!("Error parsing parameter '--{name}': {e}")))?,
        None => None,
    };
    Ok(match loaded {
        Some(bytes) => (!bytes.is_empty()).then_some(Value::Blob(bytes)),
        None => (!text.is_empty()).then(|| Value::String(text.to_owned())),
    })
}

/// The customer-provided keys (SSE-C) of a transfer, checked as the AWS CLI checks them.
struct CustomerKeys {
    /// `--sse-c` and `--sse-c-key`: the object written (uploads, copies) or read (downloads).
    object: Option<(String, Value)>,
    /// `--sse-c-copy-source` and `--sse-c-copy-source-key`: the source object of a copy.
    copy_source: Option<(String, Value)>,
}

impl CustomerKeys {
    /// Pairs each algorithm with its key (`keys` holds the loaded `--sse-c-key` and
    /// `--sse-c-copy-source-key`); a copy-source key needs two S3 paths.
    fn new(
        args: &Args,
        keys: (Option<Value>, Option<Value>),
        s3_to_s3: bool,
    ) -> Result<CustomerKeys, S3Error> {
        let pair = |option: &str, key: Option<Value>| {
            let algorithm = args.value(option).filter(|a| !a.is_empty());
            match (algorithm, key) {
                (Some(a), Some(k)) => Ok(Some((a.to_owned(), k))),
                (None, None) => Ok(None),
                (Some(_), None) => Err(S3Error::Validation(format!(
                    "If --{option} is specified, --{option}-key must be specified as well."
                ))),
                (None, Some(_)) => Err(S3Error::Validation(format!(
                    "If --{option}-key is specified, --{option} must be specified as well."
                ))),
            }
        };
        let object = pair("sse-c", keys.0)?;
        let copy_source = pair("sse-c-copy-source", keys.1)?;
        if copy_source.is_some() && !s3_to_s3 {
            return Err(S3Error::Validation(
                "--sse-c-copy-source is only supported for copy operations.".into(),
            ));
        }
        Ok(CustomerKeys {
            object,
            copy_source,
        })
    }

    /// Adds `{prefix}SSECustomerAlgorithm` and `{prefix}SSECustomerKey` for `key`.
    fn insert(extra: &mut Extra, prefix: &str, key: &Option<(String, Value)>) {
        if let Some((algorithm, key)) = key {
            extra.insert(
                format!("{prefix}SSECustomerAlgorithm"),
                Value::String(algorithm.clone()),
            );
            extra.insert(format!("{prefix}SSECustomerKey"), key.clone());
        }
    }

    /// The members of the object's own key (`PutObject`, `GetObject`, a copy's destination).
    fn object_members(&self) -> Extra {
        let mut extra = Extra::new();
        Self::insert(&mut extra, "", &self.object);
        extra
    }

    /// The members naming the key of a copy's source (`CopyObject`, `UploadPartCopy`).
    fn copy_source_members(&self) -> Extra {
        let mut extra = Extra::new();
        Self::insert(&mut extra, "CopySource", &self.copy_source);
        extra
    }

    /// The members of the `HeadObject` of a single source object: the copy source's key for
    /// copies, the object's key otherwise.
    fn head_members(&self, s3_to_s3: bool) -> Extra {
        let mut extra = Extra::new();
        let key = if s3_to_s3 {
            &self.copy_source
        } else {
            &self.object
        };
        Self::insert(&mut extra, "", key);
        extra
    }
}

/// Members of the requests that read an object (`GetObject`, `HeadObject`) besides the key:
/// the request payer.
fn read_extra(args: &Args) -> Extra {
    let mut extra = Extra::new();
    if let Some(payer) = args.value("request-payer") {
        extra.insert("RequestPayer".into(), Value::String(payer.into()));
    }
    if let Some(mode) = args.value("checksum-mode") {
        extra.insert("ChecksumMode".into(), Value::String(mode.into()));
    }
    extra
}

/// The checksum of uploads without `--checksum-algorithm`: CRC64NVME in the AWS CLI v2 (the
/// Python CLI v1 uses CRC32).
const DEFAULT_CHECKSUM: Algorithm = Algorithm::Crc64Nvme;

/// The algorithm of `--checksum-algorithm`, if given.
fn checksum_algorithm(args: &Args) -> Option<Algorithm> {
    args.value("checksum-algorithm").and_then(Algorithm::parse)
}

/// `--checksum-algorithm` goes with uploads and copies, `--checksum-mode` with downloads, as
/// the AWS CLI checks them.
fn check_checksum_paths(args: &Args, src: &Location, dest: &Location) -> Result<(), S3Error> {
    let kind = |l: &Location| match l {
        Location::Local(_) => "<LocalPath>",
        Location::S3(_) => "<S3Uri>",
    };
    let received = format!("{} {}", kind(src), kind(dest));
    let check = |option: &str, allowed: &[&str]| {
        if args.value(option).is_none() || allowed.contains(&received.as_str()) {
            return Ok(());
        }
        Err(S3Error::Validation(format!(
            "Expected {option} parameter to be used with one of following path formats: {}. Instead, received {received}.",
            allowed.join(", ")
        )))
    };
    check(
        "checksum-algorithm",
        &["<LocalPath> <S3Uri>", "<S3Uri> <S3Uri>"],
    )?;
    check("checksum-mode", &["<S3Uri> <LocalPath>"])
}

/// See [`crate::source_region`].
pub fn source_region(subcommand: &str, args: &Args) -> Option<String> {
    let transfer = matches!(subcommand, "cp" | "mv" | "sync");
    let s3_to_s3 = transfer
        && args.positionals.len() == 2
        && args
            .positionals
            .iter()
            .all(|p| matches!(Location::parse(p), Location::S3(_)));
    s3_to_s3
        .then(|| args.value("source-region").map(str::to_owned))
        .flatten()
}

/// The AWS CLI's error for paths of the wrong kinds (two local paths, a local path to `rm`).
fn invalid_argument_type(command: Command) -> S3Error {
    let (name, usage) = match command {
        Command::Cp => ("cp", PATHS_USAGE),
        Command::Mv => ("mv", PATHS_USAGE),
        Command::Sync => ("sync", PATHS_USAGE),
        Command::Rm => ("rm", "<S3Uri>"),
    };
    S3Error::Validation(format!(
        "usage: aws s3 {name} {usage}\nError: Invalid argument type"
    ))
}

/// The path forms of `cp`, `mv` and `sync`.
const PATHS_USAGE: &str = "<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>";

/// Runs `cp`, `mv`, `rm` or `sync`.
pub fn run(ctx: &Context<'_>, command: Command, args: &Args) -> Result<i32, S3Error> {
    let keys = (
        customer_key(ctx, args, "sse-c-key")?,
        customer_key(ctx, args, "sse-c-copy-source-key")?,
    );
    let wanted = if command == Command::Rm { 1 } else { 2 };
    if args.positionals.len() < wanted {
        return Err(S3Error::Usage(
            "the following arguments are required: paths".into(),
        ));
    }
    if args.positionals.len() > wanted {
        return Err(S3Error::UnknownOptions(args.positionals[wanted..].to_vec()));
    }
    let stream = command == Command::Cp && args.positionals.iter().any(|p| p == "-");
    if stream && args.flag("no-overwrite") && args.positionals[1] == "-" {
        return Err(S3Error::Validation(
            "--no-overwrite parameter is not supported for streaming downloads".into(),
        ));
    }
    let src = Location::parse(&args.positionals[0]);
    let dest = args.positionals.get(1).map(|d| Location::parse(d));
    let s3_to_s3 = matches!((&src, &dest), (Location::S3(_), Some(Location::S3(_))));
    if matches!(
        (&src, &dest),
        (Location::Local(_), None | Some(Location::Local(_)))
    ) {
        return Err(invalid_argument_type(command));
    }
    if let Some(dest) = &dest {
        check_checksum_paths(args, &src, dest)?;
    }
    if command == Command::Mv && s3_to_s3 {
        copy_rules::check_mv_paths(args, &args.positionals[0], &args.positionals[1])?;
    }
    if let (Some(dest), false) = (&dest, stream) {
        plan::check_paths(&src, dest).map_err(|e| match e {
            PlanError::Cli(e) => e,
            PlanError::Fatal(e) => S3Error::Other(e),
            PlanError::Interrupted => S3Error::Other(crate::cancel::MESSAGE.into()),
        })?;
    }

    let keys = CustomerKeys::new(args, keys, s3_to_s3)?;
    if stream {
        return run_stream(ctx, args, &keys);
    }
    let mut filters = Filters::default();
    for (name, pattern) in args.values_of(&["include", "exclude"]) {
        filters.push(name == "include", pattern);
    }
    let opts = PlanOptions {
        recursive: command == Command::Sync || args.flag("recursive"),
        filters,
        moving: command == Command::Mv,
        delete: args.flag("delete"),
        size_only: args.flag("size-only"),
        exact_timestamps: args.flag("exact-timestamps"),
        skip_symlinks: args.flag("no-follow-symlinks"),
        force_glacier_transfer: args.flag("force-glacier-transfer"),
        ignore_glacier_warnings: args.flag("ignore-glacier-warnings"),
        page_size: args.int("page-size")?,
        head_extra: {
            let mut extra = read_extra(args);
            extra.extend(keys.head_members(s3_to_s3));
            extra
        },
    };
    // The source bucket of an S3-to-S3 transfer may be in another region (`--source-region`).
    let source_client = match ctx.source_client {
        Some(client) if s3_to_s3 => client,
        _ => ctx.client,
    };
    if command == Command::Rm && matches!(src, Location::Local(_)) {
        return Err(invalid_argument_type(command));
    }
    let dryrun = args.flag("dryrun");
    let reporter = Reporter::new(ctx.printer, verbosity(args));
    // `rm` shows no progress line, as in the Python CLI, which has no `--no-progress` for it.
    let reporter = if dryrun || command == Command::Rm || args.flag("no-progress") {
        reporter
    } else {
        reporter
            .with_progress(Progress::new())
            .with_progress_style(ProgressStyle {
                multiline: args.flag("progress-multiline"),
                frequency: args
                    .int("progress-frequency")?
                    .map_or(0, |s| u64::try_from(s).unwrap_or(0)),
            })
    };
    let mut extra = if dryrun {
        Extra::new()
    } else {
        object_extra(args)?
    };
    extra.extend(keys.object_members());
    // `sync` compares the trees itself: `--no-overwrite` changes nothing there.
    let no_overwrite = args.flag("no-overwrite") && command != Command::Sync;
    if no_overwrite {
        copy_rules::no_overwrite_members(&mut extra);
    }
    let mut download_extra = read_extra(args);
    download_extra.extend(keys.object_members());
    let on_bytes = |n: u64| {
        if let Some(p) = reporter.progress() {
            p.add_bytes(n);
            reporter.tick();
        }
    };
    let runner = Runner {
        engine: Engine::new(ctx.client, ctx.settings)
            .with_checksum(checksum_algorithm(args).unwrap_or(DEFAULT_CHECKSUM))
            .with_progress(&on_bytes),
        source_client,
        extra,
        copy_source_extra: keys.copy_source_members(),
        download_extra,
        content_type: args.value("content-type").map(str::to_owned),
        guess_mime: !args.flag("no-guess-mime-type"),
        metadata_directive: args.value("metadata-directive").map(str::to_owned),
        copy_props: {
            let mut directives = Extra::new();
            copy_rules::copy_props_members(args, &mut directives);
            directives
        },
        no_overwrite,
        reporter: &reporter,
    };
    // Downloads of several objects check their names for case conflicts.
    let downloads_many = opts.recursive && matches!(dest, Some(Location::Local(_)));
    let conflicts = CaseConflicts::from_args(args);
    // Planning hands tasks to the transfers as it lists the source, waiting while
    // `max_queue_size` of them wait to run.
    let planned = crate::pool::pipeline(
        ctx.settings.max_queue_size,
        ctx.settings.max_concurrent_requests,
        |submit| {
            let mut warn = |line: String| reporter.warning(&line);
            let mut emit = |task: Task| {
                if crate::cancel::is_cancelled() {
                    return Err(PlanError::Interrupted);
                }
                if let (true, Action::Download { src, dest, .. }) = (downloads_many, &task.action) {
                    // Named as the AWS CLI names them: `bucket/key` and the absolute path.
                    let dest_text = std::path::absolute(dest)
                        .unwrap_or_else(|_| dest.clone())
                        .to_string_lossy()
                        .into_owned();
                    let src_text = format!("{}/{}", src.bucket, src.key);
                    match conflicts.check(&dest_text, &src_text, &dest_text) {
                        Verdict::Go => {}
                        Verdict::Warn(line) => reporter.notice(&line),
                        Verdict::Skip(line) => {
                            reporter.notice(&line);
                            return Ok(());
                        }
                        Verdict::Fail(line) => return Err(PlanError::Fatal(line)),
                    }
                }
                if dryrun {
                    reporter.dryrun(&format!("{}: {}", task.kind(), task.location()));
                } else {
                    if let Some(p) = reporter.progress() {
                        p.queued(task.size());
                    }
                    submit(task);
                }
                Ok(())
            };
            let planned = match (&src, &dest) {
                (Location::S3(target), _) if command == Command::Rm => {
                    plan::remove_tasks(ctx.client, target, &opts, &mut emit)
                }
                (_, Some(dest)) if command == Command::Sync => plan::sync_tasks(
                    source_client,
                    ctx.client,
                    &src,
                    dest,
                    &opts,
                    &mut warn,
                    &mut emit,
                ),
                (_, Some(dest)) => plan::copy_tasks(
                    source_client,
                    &src,
                    dest,
                    &args.positionals[1],
                    &opts,
                    &mut warn,
                    &mut emit,
                ),
                (_, None) => Err(PlanError::Cli(invalid_argument_type(command))),
            };
            if let Some(p) = reporter.progress() {
                p.all_queued();
            }
            // A listing that fails stops planning at once; what was planned still runs.
            if let Err(PlanError::Fatal(e)) = &planned {
                reporter.fatal(e);
            }
            planned
        },
        |task| {
            if !crate::cancel::is_cancelled() {
                runner.run(&task)
            }
        },
    );
    reporter.finish();
    if let Err(PlanError::Cli(e)) = planned {
        return Err(e);
    }
    if crate::cancel::is_cancelled() {
        if reporter.verbosity() != Verbosity::Quiet {
            ctx.printer.err(crate::cancel::MESSAGE);
        }
        return Ok(crate::cancel::EXIT_CODE);
    }
    Ok(reporter.exit_code())
}

struct Runner<'a> {
    engine: Engine<'a>,
    /// The client of the source bucket of a copy (deleted from by `mv`).
    source_client: &'a aws2_client::Client,
    /// Members of uploads and of copies' destinations.
    extra: Extra,
    /// Members naming the key of a copy's source.
    copy_source_extra: Extra,
    /// Members of downloads (`GetObject`).
    download_extra: Extra,
    /// The directives of `--copy-props` for copies.
    copy_props: Extra,
    /// `--no-overwrite`: existing destinations are left as they are.
    no_overwrite: bool,
    content_type: Option<String>,
    guess_mime: bool,
    metadata_directive: Option<String>,
    reporter: &'a Reporter<'a>,
}

impl Runner<'_> {
    fn run(&self, task: &Task) {
        let location = task.location();
        let outcome = self.perform(task);
        if let Some(p) = self.reporter.progress() {
            p.file_done();
        }
        match outcome {
            Ok(Done::Transferred) => self
                .reporter
                .success(&format!("{}: {location}", task.kind())),
            // As in the AWS CLI, a destination `--no-overwrite` keeps is skipped quietly.
            Ok(Done::Kept) => {}
            Err(e) if self.no_overwrite && copy_rules::is_precondition_failed(&e) => {}
            Err(_) if crate::cancel::is_cancelled() => {}
            Err(e) => self
                .reporter
                .failure(&format!("{} failed: {location} {e}", task.kind())),
        }
    }

    fn perform(&self, task: &Task) -> Result<Done, String> {
        let client = self.engine.client();
        match &task.action {
            Action::Upload { src, size, dest } => {
                let mut extra = self.extra.clone();
                let guessed = self
                    .guess_mime
                    .then(|| mime::guess(&src.to_string_lossy()))
                    .flatten();
                if let Some(t) = self.content_type.as_deref().or(guessed) {
                    extra.insert("ContentType".into(), Value::String(t.into()));
                }
                self.engine.upload(src, *size, dest, &extra)?;
                if task.moving {
                    std::fs::remove_file(src).map_err(|e| e.to_string())?;
                }
            }
            Action::Download {
                src,
                size,
                modified,
                dest,
            } => {
                if self.no_overwrite && dest.exists() {
                    return Ok(Done::Kept);
                }
                self.engine
                    .download(src, *size, *modified, dest, &self.download_extra)?;
                if task.moving {
                    api::delete(client, &src.bucket, &src.key)?;
                }
            }
            Action::Copy { src, size, dest } => {
                let mut extra = self.extra.clone();
                extra.extend(self.copy_source_extra.clone());
                extra.extend(self.copy_props.clone());
                if let Some(t) = &self.content_type {
                    extra.insert("ContentType".into(), Value::String(t.clone()));
                }
                let directive = self.metadata_directive.clone().or_else(|| {
                    (self.content_type.is_some() || extra.contains_key("Metadata"))
                        .then(|| "REPLACE".to_owned())
                });
                if let Some(d) = directive {
                    extra.insert("MetadataDirective".into(), Value::String(d));
                }
                self.engine.copy(src, *size, dest, &extra)?;
                if task.moving {
                    api::delete(self.source_client, &src.bucket, &src.key)?;
                }
            }
            Action::DeleteS3(target) => api::delete(client, &target.bucket, &target.key)?,
            Action::DeleteLocal(path) => std::fs::remove_file(path).map_err(|e| e.to_string())?,
            Action::Invalid { error, .. } => return Err(error.clone()),
        }
        Ok(Done::Transferred)
    }
}

/// How a task ended that did not fail.
enum Done {
    /// It ran.
    Transferred,
    /// `--no-overwrite` kept the destination as it was.
    Kept,
}

/// `cp -` with standard input or output on one side.
fn run_stream(ctx: &Context<'_>, args: &Args, keys: &CustomerKeys) -> Result<i32, S3Error> {
    let verbosity = match verbosity(args) {
        Verbosity::Quiet => Verbosity::Quiet,
        _ => Verbosity::OnlyErrors,
    };
    let reporter = Reporter::new(ctx.printer, verbosity);
    let engine = Engine::new(ctx.client, ctx.settings)
        .with_checksum(checksum_algorithm(args).unwrap_or(DEFAULT_CHECKSUM));
    let (src, dest) = (&args.positionals[0], &args.positionals[1]);
    match (Location::parse(src), Location::parse(dest)) {
        (Location::Local(_), Location::S3(d)) if src == "-" => {
            let mut extra = object_extra(args)?;
            extra.extend(keys.object_members());
            if let Some(t) = args.value("content-type") {
                extra.insert("ContentType".into(), Value::String(t.into()));
            }
            let expected = args.int("expected-size")?.map(|n| n.max(0) as u64);
            let stdin = std::io::stdin();
            let mut reader = stdin.lock();
            if let Err(e) = crate::stream::upload(&engine, &mut reader, &d, &extra, expected) {
                if !crate::cancel::is_cancelled() {
                    reporter.failure(&format!("upload failed: - to {d} {e}"));
                }
            }
        }
        (Location::S3(s), Location::Local(_)) if dest == "-" => {
            let stdout = std::io::stdout();
            let mut writer = stdout.lock();
            let mut extra = read_extra(args);
            extra.extend(keys.object_members());
            if let Err(e) = crate::stream::download(&engine, &s, &extra, &mut writer) {
                if !crate::cancel::is_cancelled() {
                    reporter.failure(&format!("download failed: {s} to - {e}"));
                }
            }
        }
        _ => return Err(invalid_argument_type(Command::Cp)),
    }
    if crate::cancel::is_cancelled() {
        if reporter.verbosity() != Verbosity::Quiet {
            ctx.printer.err(crate::cancel::MESSAGE);
        }
        return Ok(crate::cancel::EXIT_CODE);
    }
    Ok(reporter.exit_code())
}
