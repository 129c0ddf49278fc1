//! The commands of the CLI itself (`s3 …`, `configure …`, `sso login|logout`) as data: names,
//! descriptions, synopses and options. Read by the help pages and by `aws_completer` (which
//! compiles this file too), so it depends on nothing.

/// One custom command.
pub struct Command {
    /// The subcommand (`cp`).
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
    /// Synopsis lines after the command name.
    pub synopsis: &'static [&'static str],
    /// Options: name (with dashes), type, description.
    pub options: &'static [(&'static str, &'static str, &'static str)],
}

/// A custom top-level command and its subcommands.
pub struct Group {
    /// The top-level command (`s3`).
    pub name: &'static str,
    /// What the group is for.
    pub description: &'static str,
    /// Its subcommands.
    pub commands: &'static [Command],
}

const RECURSIVE: (&str, &str, &str) = (
    "--recursive",
    "boolean",
    "Command is performed on all files or objects under the specified directory or prefix.",
);
const DRYRUN: (&str, &str, &str) = (
    "--dryrun",
    "boolean",
    "Displays the operations that would be performed using the specified command without actually running them.",
);
const QUIET: (&str, &str, &str) = (
    "--quiet",
    "boolean",
    "Does not display the operations performed from the specified command.",
);
const INCLUDE: (&str, &str, &str) = (
    "--include",
    "string",
    "Don't exclude files or objects in the command that match the specified pattern.",
);
const EXCLUDE: (&str, &str, &str) = (
    "--exclude",
    "string",
    "Exclude all files or objects from the command that matches the specified pattern.",
);
const ONLY_ERRORS: (&str, &str, &str) = (
    "--only-show-errors",
    "boolean",
    "Only errors and warnings are displayed. All other output is suppressed.",
);
const NO_PROGRESS: (&str, &str, &str) = (
    "--no-progress",
    "boolean",
    "File transfer progress is not displayed.",
);
const STORAGE_CLASS: (&str, &str, &str) = ("--storage-class", "string", "The type of storage to use for the object: STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE, GLACIER_IR.");
const ACL: (&str, &str, &str) = ("--acl", "string", "Sets the ACL for the object: private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read, bucket-owner-full-control, log-delivery-write.");
const SSE: (&str, &str, &str) = (
    "--sse",
    "string",
    "Server-side encryption of the object in S3: AES256 or aws:kms.",
);
const CONTENT_TYPE: (&str, &str, &str) = (
    "--content-type",
    "string",
    "The content type of the uploaded files; by default it is guessed from the file name.",
);
const METADATA: (&str, &str, &str) = (
    "--metadata",
    "map",
    "A map of metadata to store with the objects in S3 (KeyName1=string,KeyName2=string).",
);
const SIZE_ONLY: (&str, &str, &str) = ("--size-only", "boolean", "Makes the size of each key the only criteria used to decide whether to sync from source to destination.");
const EXACT_TIMESTAMPS: (&str, &str, &str) = ("--exact-timestamps", "boolean", "When syncing from S3 to local, same-sized items are ignored only when the timestamps match exactly.");
const DELETE: (&str, &str, &str) = (
    "--delete",
    "boolean",
    "Files that exist in the destination but not in the source are deleted during sync.",
);
const FOLLOW: (&str, &str, &str) = (
    "--no-follow-symlinks",
    "boolean",
    "Symbolic links are not followed (they are followed by default).",
);
const IGNORE_GLACIER: (&str, &str, &str) = ("--ignore-glacier-warnings", "boolean", "Turns off glacier warnings: objects in the GLACIER and DEEP_ARCHIVE storage classes are left out of downloads and copies without a warning, and do not make the return code 2.");
const FORCE_GLACIER: (&str, &str, &str) = (
    "--force-glacier-transfer",
    "boolean",
    "Forces a transfer request on all Glacier objects in a sync or recursive copy.",
);
const EXPECTED_SIZE: (&str, &str, &str) = (
    "--expected-size",
    "string",
    "The expected size of a stream in bytes, needed when uploading a stream larger than 50 GB.",
);

const S3: Group = Group {
    name: "s3",
    description: "This section explains prominent concepts and notations in the set of high-level S3 commands provided. A path argument is either a local path (a file or directory) or an S3 URI, s3://bucket/key or s3://bucket/prefix/. Use aws s3api for the low-level S3 operations. The transfer settings are described in aws help s3-config.",
    commands: &[
        Command { name: "ls", description: "List S3 objects and common prefixes under a prefix or all S3 buckets.", synopsis: &["<S3Uri> or NONE", "[--recursive]", "[--page-size <value>]", "[--human-readable]", "[--summarize]", "[--request-payer <value>]", "[--bucket-name-prefix <value>]", "[--bucket-region <value>]"], options: &[RECURSIVE, ("--bucket-name-prefix", "string", "Limits the response to bucket names that begin with the specified bucket name prefix."), ("--bucket-region", "string", "Limits the response to buckets that are located in the specified Amazon Web Services Region."), ("--page-size", "integer", "The number of results to return in each response to a list operation."), ("--human-readable", "boolean", "Displays file sizes in human readable format."), ("--summarize", "boolean", "Displays summary information (number of objects, total size)."), ("--request-payer", "string", "Confirms that the requester knows that they will be charged for the request.")] },
        Command { name: "cp", description: "Copies a local file or S3 object to another location locally or in S3.", synopsis: &["<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>", "[--dryrun]", "[--quiet]", "[--include <value>]", "[--exclude <value>]", "[--acl <value>]", "[--sse <value>]", "[--storage-class <value>]", "[--content-type <value>]", "[--metadata <value>]", "[--expected-size <value>]", "[--recursive]", "[--no-follow-symlinks]", "[--no-progress]", "[--only-show-errors]"], options: &[DRYRUN, QUIET, INCLUDE, EXCLUDE, ACL, SSE, STORAGE_CLASS, CONTENT_TYPE, METADATA, EXPECTED_SIZE, RECURSIVE, FOLLOW, NO_PROGRESS, ONLY_ERRORS, IGNORE_GLACIER, FORCE_GLACIER] },
        Command { name: "mv", description: "Moves a local file or S3 object to another location locally or in S3: a copy followed by a delete of the source.", synopsis: &["<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>", "[--dryrun]", "[--quiet]", "[--include <value>]", "[--exclude <value>]", "[--acl <value>]", "[--sse <value>]", "[--storage-class <value>]", "[--recursive]", "[--no-progress]", "[--only-show-errors]"], options: &[DRYRUN, QUIET, INCLUDE, EXCLUDE, ACL, SSE, STORAGE_CLASS, RECURSIVE, NO_PROGRESS, ONLY_ERRORS, IGNORE_GLACIER, FORCE_GLACIER] },
        Command { name: "rm", description: "Deletes an S3 object.", synopsis: &["<S3Uri>", "[--dryrun]", "[--quiet]", "[--recursive]", "[--include <value>]", "[--exclude <value>]", "[--only-show-errors]"], options: &[DRYRUN, QUIET, RECURSIVE, INCLUDE, EXCLUDE, ONLY_ERRORS] },
        Command { name: "sync", description: "Syncs directories and S3 prefixes. Recursively copies new and updated files from the source directory to the destination. Only creates folders in the destination if they contain one or more files.", synopsis: &["<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>", "[--dryrun]", "[--quiet]", "[--include <value>]", "[--exclude <value>]", "[--acl <value>]", "[--sse <value>]", "[--storage-class <value>]", "[--size-only]", "[--exact-timestamps]", "[--delete]", "[--no-follow-symlinks]", "[--no-progress]", "[--only-show-errors]"], options: &[DRYRUN, QUIET, INCLUDE, EXCLUDE, ACL, SSE, STORAGE_CLASS, SIZE_ONLY, EXACT_TIMESTAMPS, DELETE, FOLLOW, NO_PROGRESS, ONLY_ERRORS, IGNORE_GLACIER, FORCE_GLACIER] },
        Command { name: "mb", description: "Creates an S3 bucket.", synopsis: &["<S3Uri>", "[--tags <key> <value>]"], options: &[("--tags", "list", "Tags to add to the bucket, as --tags key value; the option can be given once for each tag.")] },
        Command { name: "rb", description: "Deletes an empty S3 bucket. A bucket must be completely empty of objects and versioned objects before it can be deleted; --force deletes the objects first.", synopsis: &["<S3Uri>", "[--force]"], options: &[("--force", "boolean", "Deletes all objects in the bucket including the bucket itself.")] },
        Command { name: "presign", description: "Generate a pre-signed URL for an Amazon S3 object. This allows anyone who receives the pre-signed URL to retrieve the S3 object with an HTTP GET request.", synopsis: &["<S3Uri>", "[--expires-in <value>]"], options: &[("--expires-in", "integer", "Number of seconds until the pre-signed URL expires. Default is 3600 seconds. Maximum is 604800 seconds.")] },
        Command { name: "website", description: "Set the website configuration for a bucket.", synopsis: &["<S3Uri>", "[--index-document <value>]", "[--error-document <value>]"], options: &[("--index-document", "string", "A suffix that is appended to a request that is for a directory on the website endpoint (e.g. index.html)."), ("--error-document", "string", "The object key name to use when a 4XX class error occurs.")] },
    ],
};

const CONFIGURE: Group = Group {
    name: "configure",
    description: "Configure AWS CLI options. If this command is run with no arguments, you will be prompted for configuration values such as your AWS Access Key Id and your AWS Secret Access Key. You can configure a named profile using the --profile argument. If your config file does not exist (the default location is ~/.aws/config), the AWS CLI will create it for you. To keep an existing value, hit enter when prompted for the value. When you are prompted for information, the current value will be displayed in [brackets]. Note that the configure command only works with values from the config file. It does not use any configuration values from environment variables or the IAM role.",
    commands: &[
        Command { name: "list", description: "Lists the profile, access key, secret key, and region configuration information used for the specified profile, and where each value comes from.", synopsis: &[], options: &[] },
        Command { name: "get", description: "Get a configuration value from the config file. The name is a key of the current profile (region), a dotted name for another profile (profile.dev.region) or a nested value (default.s3.max_concurrent_requests).", synopsis: &["varname"], options: &[] },
        Command { name: "set", description: "Set a configuration value in the config file (credentials keys go to the credentials file). Comments and order of the files are kept.", synopsis: &["varname", "value"], options: &[] },
        Command { name: "import", description: "Import access keys from a CSV file generated by the IAM console.", synopsis: &["--csv <value>", "[--skip-invalid]", "[--profile-prefix <value>]"], options: &[("--csv", "string", "The credentials in CSV format (file:// to read a file)."), ("--skip-invalid", "boolean", "Skip entries that are not valid instead of failing."), ("--profile-prefix", "string", "A prefix added to the profile names.")] },
        Command { name: "list-profiles", description: "List the profiles available to the AWS CLI.", synopsis: &[], options: &[] },
        Command { name: "export-credentials", description: "Export the credentials the CLI resolves for a profile in a format other tools read.", synopsis: &["[--format <value>]"], options: &[("--format", "string", "process (the default, JSON for credential_process), env, env-no-export, powershell or windows-cmd.")] },
        Command { name: "sso", description: "Configure a profile to use IAM Identity Center (SSO) credentials: asks for the start URL and region, signs in, and lets you pick an account and role.", synopsis: &[], options: &[] },
        Command { name: "sso-session", description: "Configure an [sso-session] section of the config file.", synopsis: &[], options: &[] },
    ],
};

const SSO: Group = Group {
    name: "sso",
    description: "IAM Identity Center (SSO) sign-in for the CLI, besides the operations of the SSO portal API.",
    commands: &[
        Command { name: "login", description: "Retrieves and caches an AWS IAM Identity Center access token to exchange for AWS credentials. Opens a browser (or prints a URL and code) to sign in; the token is cached under ~/.aws/sso/cache.", synopsis: &["[--sso-session <value>]", "[--no-browser]", "[--use-device-code]"], options: &[("--sso-session", "string", "The name of the sso-session section to sign in with."), ("--no-browser", "boolean", "Do not open a browser; print the URL to open instead."), ("--use-device-code", "boolean", "Use the device code flow even when a browser could be used.")] },
        Command { name: "logout", description: "Removes all cached IAM Identity Center access tokens and the AWS credentials retrieved with them.", synopsis: &[], options: &[] },
    ],
};

/// Every custom command group.
pub const GROUPS: &[&Group] = &[&S3, &CONFIGURE, &SSO];

/// Names of the subcommands of a custom command.
#[allow(dead_code)] // used by aws_completer and the tests
pub fn subcommands(group: &str) -> Vec<&'static str> {
    GROUPS
        .iter()
        .filter(|g| g.name == group)
        .flat_map(|g| g.commands.iter().map(|c| c.name))
        .collect()
}

/// The options (with dashes) of a custom command's subcommand.
#[allow(dead_code)] // used by aws_completer
pub fn options(group: &str, sub: &str) -> Vec<&'static str> {
    GROUPS
        .iter()
        .filter(|g| g.name == group)
        .flat_map(|g| g.commands.iter().filter(|c| c.name == sub))
        .flat_map(|c| c.options.iter().map(|(name, _, _)| *name))
        .collect()
}
