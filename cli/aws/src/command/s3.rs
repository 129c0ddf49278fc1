//! The `aws s3` commands: `ls`, `cp`, `mv`, `rm`, `sync`, `mb`, `rb`, `presign`, `website`,
//! declared with the options `aws2-s3` implements, in the AWS CLI v2's order; running one
//! builds the S3 client and settings and hands the parsed options to `aws2-s3`.

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use aws2_config::credentials::{CredentialChain, RemoteClients};
use aws2_s3::report::StdPrinter;
use aws2_s3::{Args, Context, PresignConfig, S3Error, TransferSettings};
use std::sync::Arc;

const PATHS_2: &str = "<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>";
const TRANSFER_PATHS: O = O::positional("paths", Nargs::Exactly(2), PATHS_2);
const S3URI_PATH: O = O::positional("path", Nargs::One, "<S3Uri>");

const RECURSIVE: O = O::flag(
    "recursive",
    "Command is performed on all files or objects under the specified directory or prefix.",
);
const DRYRUN: O = O::flag("dryrun", "Displays the operations that would be performed using the specified command without actually running them.");
const QUIET: O = O::flag(
    "quiet",
    "Does not display the operations performed from the specified command.",
);
const INCLUDE: O = O::value(
    "include",
    "Don't exclude files or objects in the command that match the specified pattern.",
);
const EXCLUDE: O = O::value(
    "exclude",
    "Exclude all files or objects from the command that matches the specified pattern.",
);
const ONLY_ERRORS: O = O::flag(
    "only-show-errors",
    "Only errors and warnings are displayed. All other output is suppressed.",
);
const NO_PROGRESS: O = O::flag("no-progress", "File transfer progress is not displayed.");
const STORAGE_CLASS: O = O::value("storage-class", "The type of storage to use for the object: STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE, GLACIER_IR.").choices(&[
    "STANDARD",
    "REDUCED_REDUNDANCY",
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER",
    "DEEP_ARCHIVE",
    "GLACIER_IR",
]);
const ACL: O = O::value("acl", "Sets the ACL for the object: private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read, bucket-owner-full-control, log-delivery-write.").choices(&[
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
    "log-delivery-write",
]);
const FOLLOW: O = O::flag(
    "follow-symlinks",
    "Symbolic links are followed (the default); only for uploads from the local filesystem.",
);
const NO_FOLLOW: O = O::flag(
    "no-follow-symlinks",
    "Symbolic links are not followed (they are followed by default).",
);
const NO_GUESS_MIME_TYPE: O = O::flag(
    "no-guess-mime-type",
    "Do not try to guess the mime type for uploaded files. By default the mime type of a file is guessed when it is uploaded.",
);
const SSE: O = O::value(
    "sse",
    "Server-side encryption of the object in S3: AES256 or aws:kms; given alone, AES256.",
)
.nargs(Nargs::Optional("AES256"))
.choices(&["AES256", "aws:kms"]);
const SSE_C: O = O::value("sse-c", "Server-side encryption with customer-provided keys: AES256 (the only value, also when given alone); requires --sse-c-key.")
    .nargs(Nargs::Optional("AES256"))
    .choices(&["AES256"]);
const SSE_C_KEY: O = O::value("sse-c-key", "The customer-provided encryption key for server-side encryption with --sse-c: 32 bytes, given raw or as fileb://.").typed("blob");
const SSE_KMS_KEY_ID: O = O::value("sse-kms-key-id", "The customer-managed AWS Key Management Service (KMS) key ID to use for server-side encryption with --sse aws:kms.");
const SSE_C_COPY_SOURCE: O = O::value("sse-c-copy-source", "Decrypts the source object of an S3-to-S3 copy that was encrypted with a customer-provided key: AES256 (also when given alone); requires --sse-c-copy-source-key.")
    .nargs(Nargs::Optional("AES256"))
    .choices(&["AES256"]);
const SSE_C_COPY_SOURCE_KEY: O = O::value("sse-c-copy-source-key", "The customer-provided key the source object of an S3-to-S3 copy was encrypted with: 32 bytes, given raw or as fileb://.").typed("blob");
const GRANTS: O = O::value("grants", "Grant specific permissions to individual users or groups: Permission=Grantee_Type=Grantee_ID, where Permission is read, readacl, writeacl or full and Grantee_Type is uri, emailaddress or id.")
    .nargs(Nargs::OneOrMore)
    .typed("list");
const WEBSITE_REDIRECT: O = O::value("website-redirect", "If the bucket is configured as a website, redirects requests for this object to another object in the same bucket or to an external URL.");
const CONTENT_TYPE: O = O::value(
    "content-type",
    "The content type of the uploaded files; by default it is guessed from the file name.",
);
const CACHE_CONTROL: O = O::value(
    "cache-control",
    "Specifies caching behavior along the request/reply chain.",
);
const CONTENT_DISPOSITION: O = O::value(
    "content-disposition",
    "Specifies presentational information for the object.",
);
const CONTENT_ENCODING: O = O::value("content-encoding", "Specifies what content encodings have been applied to the object and thus what decoding mechanisms must be applied to obtain the media-type referenced by the Content-Type header field.");
const CONTENT_LANGUAGE: O = O::value("content-language", "The language the content is in.");
const EXPIRES: O = O::value(
    "expires",
    "The date and time at which the object is no longer cacheable.",
);
const SOURCE_REGION: O = O::value("source-region", "When transferring objects from an S3 bucket to an S3 bucket, this specifies the region of the source bucket; by default it is the region of the destination bucket.");
const PAGE_SIZE: O = O::value(
    "page-size",
    "The number of results to return in each response to a list operation.",
)
.typed("integer");
const IGNORE_GLACIER: O = O::flag("ignore-glacier-warnings", "Turns off glacier warnings: objects in the GLACIER and DEEP_ARCHIVE storage classes are left out of downloads and copies without a warning, and do not make the return code 2.");
const FORCE_GLACIER: O = O::flag(
    "force-glacier-transfer",
    "Forces a transfer request on all Glacier objects in a sync or recursive copy.",
);
const REQUEST_PAYER: O = O::value(
    "request-payer",
    "Confirms that the requester knows that they will be charged for the request.",
)
.nargs(Nargs::Optional("requester"))
.choices(&["requester"]);
const CHECKSUM_MODE: O = O::value(
    "checksum-mode",
    "To retrieve the checksum, this mode must be enabled: ENABLED.",
)
.choices(&["ENABLED"]);
const CHECKSUM_ALGORITHM: O = O::value("checksum-algorithm", "Indicates the algorithm used to create the checksum for the object: CRC64NVME, CRC32, SHA256, SHA1, CRC32C, SHA512, XXHASH64, XXHASH3 or XXHASH128.")
    .choices(aws2_core::checksum::CHOICES);
const METADATA: O = O::value(
    "metadata",
    "A map of metadata to store with the objects in S3 (KeyName1=string,KeyName2=string).",
)
.typed("map");
const METADATA_DIRECTIVE: O = O::value("metadata-directive", "Specifies whether the metadata is copied from the source object or replaced with metadata provided when copying S3 objects: COPY or REPLACE.")
    .choices(&["COPY", "REPLACE"]);
const PROGRESS_FREQUENCY: O = O::value("progress-frequency", "Number of seconds to wait before updating file transfer progress. This flag is only applied when the quiet and only-show-errors flags are not provided.").typed("integer");
const PROGRESS_MULTILINE: O = O::flag("progress-multiline", "Show progress on multiple lines.");
const COPY_PROPS: O = O::value("copy-props", "Determines which properties are copied from the source S3 object (S3 to S3 copies only): none (no properties), metadata-directive (content-type, content-language, content-encoding, content-disposition, cache-control, expires and metadata), default (those and the tags) or all (also annotations). If --metadata-directive is set, --copy-props has no effect.")
    .choices(&["none", "metadata-directive", "default", "all"]);
const CASE_CONFLICT: O = O::value("case-conflict", "Configures behavior when attempting to download multiple objects whose keys differ only by case, which can cause undefined behavior on case-insensitive filesystems: error (abort the downloads), warn (download with a warning), skip (leave the object out with a warning) or ignore (the default).")
    .choices(&["ignore", "skip", "warn", "error"]);
const NO_OVERWRITE: O = O::flag("no-overwrite", "This flag prevents overwriting of files at the destination. With this flag, only files not present at the destination will be transferred.");
const VALIDATE_SAME_S3_PATHS: O = O::flag("validate-same-s3-paths", "Resolves the source and destination S3 URIs to their underlying buckets and verifies that the file or object is not being moved onto itself; the same as setting AWS_CLI_S3_MV_VALIDATE_SAME_S3_PATHS to true.");
const EXPECTED_SIZE: O = O::value(
    "expected-size",
    "The expected size of a stream in bytes, needed when uploading a stream larger than 50 GB.",
);

/// The options of `cp`, `mv` and `sync` before their own (the AWS CLI's `TRANSFER_ARGS`).
macro_rules! transfer_args {
    ($($rest:expr),* $(,)?) => {
        &[
            TRANSFER_PATHS, DRYRUN, QUIET, INCLUDE, EXCLUDE, ACL, FOLLOW, NO_FOLLOW,
            NO_GUESS_MIME_TYPE, SSE, SSE_C, SSE_C_KEY, SSE_KMS_KEY_ID, SSE_C_COPY_SOURCE,
            SSE_C_COPY_SOURCE_KEY, STORAGE_CLASS, GRANTS, WEBSITE_REDIRECT, CONTENT_TYPE,
            CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_LANGUAGE, EXPIRES,
            SOURCE_REGION, ONLY_ERRORS, NO_PROGRESS, PROGRESS_FREQUENCY, PROGRESS_MULTILINE,
            PAGE_SIZE, IGNORE_GLACIER, FORCE_GLACIER, REQUEST_PAYER, CHECKSUM_MODE,
            CHECKSUM_ALGORITHM, METADATA, COPY_PROPS, METADATA_DIRECTIVE, $($rest),*
        ]
    };
}

/// `aws s3`.
pub const GROUP: GroupSpec = GroupSpec {
    name: "s3",
    description: "This section explains prominent concepts and notations in the set of high-level S3 commands provided. A path argument is either a local path (a file or directory) or an S3 URI, s3://bucket/key or s3://bucket/prefix/. Use aws s3api for the low-level S3 operations. The transfer settings are described in aws help s3-config.",
    extends_service: false,
    own: None,
    commands: &[
        CommandSpec {
            name: "ls",
            description: "List S3 objects and common prefixes under a prefix or all S3 buckets.",
            options: &[
                O::positional("paths", Nargs::Optional(""), "<S3Uri> or NONE"),
                RECURSIVE,
                PAGE_SIZE,
                O::flag("human-readable", "Displays file sizes in human readable format."),
                O::flag("summarize", "Displays summary information (number of objects, total size)."),
                REQUEST_PAYER,
                O::value("bucket-name-prefix", "Limits the response to bucket names that begin with the specified bucket name prefix."),
                O::value("bucket-region", "Limits the response to buckets that are located in the specified Amazon Web Services Region."),
            ],
        },
        CommandSpec {
            name: "cp",
            description: "Copies a local file or S3 object to another location locally or in S3.",
            options: transfer_args![EXPECTED_SIZE, RECURSIVE, CASE_CONFLICT, NO_OVERWRITE],
        },
        CommandSpec {
            name: "mv",
            description: "Moves a local file or S3 object to another location locally or in S3: a copy followed by a delete of the source.",
            options: transfer_args![RECURSIVE, VALIDATE_SAME_S3_PATHS, CASE_CONFLICT, NO_OVERWRITE],
        },
        CommandSpec {
            name: "rm",
            description: "Deletes an S3 object.",
            options: &[
                O::positional("paths", Nargs::One, "<S3Uri>"),
                DRYRUN,
                QUIET,
                RECURSIVE,
                REQUEST_PAYER,
                INCLUDE,
                EXCLUDE,
                ONLY_ERRORS,
                PAGE_SIZE,
            ],
        },
        CommandSpec {
            name: "sync",
            description: "Syncs directories and S3 prefixes. Recursively copies new and updated files from the source directory to the destination. Only creates folders in the destination if they contain one or more files.",
            options: transfer_args![
                CASE_CONFLICT,
                NO_OVERWRITE,
                O::flag("size-only", "Makes the size of each key the only criteria used to decide whether to sync from source to destination."),
                O::flag("exact-timestamps", "When syncing from S3 to local, same-sized items are ignored only when the timestamps match exactly."),
                O::flag("delete", "Files that exist in the destination but not in the source are deleted during sync."),
            ],
        },
        CommandSpec {
            name: "mb",
            description: "Creates an S3 bucket.",
            options: &[
                S3URI_PATH,
                O::value("tags", "Tags to add to the bucket, as --tags key value; the option can be given once for each tag.")
                    .nargs(Nargs::Exactly(2))
                    .typed("list"),
            ],
        },
        CommandSpec {
            name: "rb",
            description: "Deletes an empty S3 bucket. A bucket must be completely empty of objects and versioned objects before it can be deleted; --force deletes the objects first.",
            options: &[
                S3URI_PATH,
                O::flag("force", "Deletes all objects in the bucket including the bucket itself."),
            ],
        },
        CommandSpec {
            name: "presign",
            description: "Generate a pre-signed URL for an Amazon S3 object. This allows anyone who receives the pre-signed URL to retrieve the S3 object with an HTTP GET request.",
            options: &[
                S3URI_PATH,
                O::value("expires-in", "Number of seconds until the pre-signed URL expires. Default is 3600 seconds. Maximum is 604800 seconds.")
                    .typed("integer"),
            ],
        },
        CommandSpec {
            name: "website",
            description: "Set the website configuration for a bucket.",
            options: &[
                O::positional("paths", Nargs::One, "<S3Uri>"),
                O::value("index-document", "A suffix that is appended to a request that is for a directory on the website endpoint (e.g. index.html)."),
                O::value("error-document", "The object key name to use when a 4XX class error occurs."),
            ],
        },
    ],
};



fn convert(e: S3Error) -> CliError {
    match e {
        S3Error::Usage(msg) => CliError::usage(msg),
        S3Error::UnknownOptions(opts) => CliError::unknown_custom_options(&opts),
        S3Error::Validation(msg) => CliError::validation(msg),
        S3Error::Call(call) => crate::call_error::call_error(*call),
        S3Error::Other(msg) => CliError::other(msg),
    }
}

/// Runs `aws s3 ...` (`words` from `s3` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let words = &words[1..];
    let Some(sub) = words.first() else {
        return Err(CliError::usage(
            "the following arguments are required: operation",
        ));
    };
    let args = parse(sub, &words[1..])?;
    let session = crate::session::config_session(globals);
    if sub == "presign" {
        return presign(globals, &session, &args);
    }
    let settings = match TransferSettings::from_lookup(|key| session.s3(key).ok().flatten()) {
        Ok(settings) => settings,
        // As in the AWS CLI, only the transfer commands read (and check) these settings.
        Err(e) if matches!(sub.as_str(), "cp" | "mv" | "rm" | "sync") => {
            return Err(CliError::other(e))
        }
        Err(_) => TransferSettings::default(),
    };
    let region = session.region_opt().map_err(CliError::from)?;
    let service = Arc::new(aws2_core::Service::load("s3")?);
    let client = crate::session::client(globals, &session, service.clone())?;
    let source_client = match aws2_s3::source_region(sub, &args) {
        Some(region) => Some(source_client(globals, region, service)?),
        None => None,
    };
    // Transfers stop and clean up on Ctrl-C; the other commands end at once, as any
    // operation does.
    match sub.as_str() {
        "cp" | "mv" | "rm" | "sync" => aws2_s3::cancel::install_handler(),
        _ => crate::interrupt::install(),
    }
    let ctx = Context {
        client: &client,
        source_client: source_client.as_ref(),
        settings,
        region,
        printer: &StdPrinter,
        param_files: Some(&read_param_file),
    };
    aws2_s3::run(&ctx, sub, &args).map_err(convert)
}

/// Reads the words after `s3 <sub>` with the one parser against the subcommand's
/// declaration (prefixes, `=`, value counts, choices and required paths are settled there),
/// as the options `aws2-s3` runs with.
pub fn parse(sub: &str, words: &[String]) -> Result<Args, CliError> {
    let Some(spec) = GROUP.command(sub) else {
        return Err(aws2_s3::run_unknown(sub).map_or_else(convert, |_| {
            CliError::other(format!("unknown s3 command {sub}"))
        }));
    };
    let parsed = custom::parse(spec, words)?;
    let mut args = Args::default();
    for given in &parsed.given {
        if spec.options[given.index].positional {
            args.positionals.extend(given.values.iter().cloned());
        } else if given.values.is_empty() {
            args.options.push((given.name.clone(), None));
        } else {
            let values = given.values.iter().cloned().map(Some);
            args.options.extend(values.map(|v| (given.name.clone(), v)));
        }
    }
    Ok(args)
}

/// The client of the source bucket of an S3-to-S3 transfer with `--source-region`: the
/// profile's settings in that region. As in the AWS CLI, `--endpoint-url` names the
/// destination's endpoint only (an endpoint URL from the configuration still applies).
fn source_client(
    globals: &GlobalOptions,
    region: String,
    service: Arc<aws2_core::Service>,
) -> Result<aws2_client::Client, CliError> {
    let globals = GlobalOptions {
        region: Some(region),
        endpoint_url: None,
        ..globals.clone()
    };
    let session = crate::session::config_session(&globals);
    crate::session::client(&globals, &session, service)
}

/// The contents of a `file://` or `fileb://` option value.
fn read_param_file(value: &str) -> Result<Option<Vec<u8>>, String> {
    use aws2_params::paramfile::{load, ParamFileContent};
    Ok(load(value).map_err(|e| e.to_string())?.map(|c| match c {
        ParamFileContent::Text(text) => text.into_bytes(),
        ParamFileContent::Binary(bytes) => bytes,
    }))
}

fn presign(
    globals: &GlobalOptions,
    session: &aws2_config::Session,
    args: &Args,
) -> Result<i32, CliError> {
    let chain = CredentialChain::default_for(session);
    let credentials = match chain
        .resolve(session, &RemoteClients::default())
        .map_err(CliError::from)?
    {
        Some(found) => found.credentials,
        None => return Err(CliError::NoCredentials),
    };
    let endpoint_url = match &globals.endpoint_url {
        Some(url) => Some(url.clone()),
        None => session
            .endpoint_url("S3")
            .map_err(CliError::from)?
            .map(|r| r.value),
    };
    let config = PresignConfig {
        credentials,
        region: session
            .region_opt()
            .map_err(CliError::from)?
            .unwrap_or_else(|| "us-east-1".into()),
        endpoint_url,
    };
    aws2_s3::presign(&config, &StdPrinter, args).map_err(convert)
}
