//! The help topics (`aws help topics`, `config-vars`, `return-codes`, `s3-config`, `s3-faq`,
//! `s3-case-insensitivity`, `ddb-expressions`), written for this CLI. Each is kept as light markup: `# ` starts a section, `o ` a bullet, lines indented
//! by four spaces are shown as they are, other blocks are wrapped paragraphs.

use super::operation::BODY;
use super::page::{words, Page, Style};

/// A topic: name, category of the topic guide, one-line summary, text.
struct Topic {
    name: &'static str,
    category: &'static str,
    summary: &'static str,
    text: &'static str,
}

/// The categories of the topic guide, in its order.
const CATEGORIES: &[&str] = &["General", "S3", "ddb"];

const TOPICS: &[Topic] = &[
    Topic {
        name: "config-vars",
        category: "General",
        summary: "Configuration Variables for the AWS CLI",
        text: CONFIG_VARS,
    },
    Topic {
        name: "return-codes",
        category: "General",
        summary: "Describes the various return codes of the AWS CLI",
        text: RETURN_CODES,
    },
    Topic {
        name: "s3-config",
        category: "S3",
        summary: "Advanced configuration for AWS S3 Commands",
        text: S3_CONFIG,
    },
    Topic {
        name: "s3-faq",
        category: "S3",
        summary: "Frequented Asked Questions for Amazon S3 in the AWS CLI",
        text: S3_FAQ,
    },
    Topic {
        name: "s3-case-insensitivity",
        category: "S3",
        summary: "Using 'aws s3' commands on case-insensitive filesystems",
        text: S3_CASE_INSENSITIVITY,
    },
    Topic {
        name: "ddb-expressions",
        category: "ddb",
        summary: "Details on the expression syntax for the ddb commands",
        text: DDB_EXPRESSIONS,
    },
];

/// Names of the topics `aws help <topic>` accepts.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = TOPICS.iter().map(|t| t.name).collect();
    names.push("topics");
    names
}

/// Writes a topic; `false` when there is no topic of that name.
pub fn render(page: &mut Page, name: &str) -> bool {
    if name == "topics" {
        page.section("NAME");
        page.line(BODY, "AWS CLI Topic Guide -");
        page.section("DESCRIPTION");
        page.text(
            BODY,
            "The topic guide explains parts of the CLI in more depth than the command pages. \
             aws help topics lists the topics; aws help <topicname> shows one of them, by the \
             name it has in that list.",
        );
        page.section("AVAILABLE TOPICS");
        for category in CATEGORIES {
            page.blank();
            page.line(3, category);
            let mut topics: Vec<&Topic> =
                TOPICS.iter().filter(|t| t.category == *category).collect();
            topics.sort_by_key(|t| t.name);
            for t in topics {
                page.blank();
                let entry = format!("{}: {}", t.name, t.summary);
                page.wrap(BODY, "o ", &words(&entry, Style::Plain));
            }
        }
        return true;
    }
    let Some(topic) = TOPICS.iter().find(|t| t.name == name) else {
        return false;
    };
    page.section("NAME");
    page.line(BODY, &format!("{} - {}", topic.name, topic.summary));
    markup(page, topic.text);
    true
}

fn markup(page: &mut Page, text: &str) {
    for block in text.split("\n\n") {
        let block = block.trim_matches('\n');
        if let Some(title) = block.strip_prefix("# ") {
            page.section(title);
        } else if block.starts_with("    ") {
            page.blank();
            for line in block.lines() {
                page.line(BODY + 3, line.strip_prefix("    ").unwrap_or(line));
            }
        } else if let Some(item) = block.strip_prefix("o ") {
            page.blank();
            page.wrap(BODY, "o ", &words(item, Style::Plain));
        } else if !block.is_empty() {
            page.blank();
            page.text(BODY, block);
        }
    }
}

const CONFIG_VARS: &str = r#"
# DESCRIPTION

Configuration values for the AWS CLI can come from several sources: as a command line option, as an environment variable, or in the AWS CLI config file (~/.aws/config) and credentials file (~/.aws/credentials). Command line options take precedence over environment variables, which take precedence over the files.

The files are shared with the other AWS SDKs and tools. Their locations can be changed with AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. The config file holds named profiles as [profile name] sections (and [default]); the credentials file holds [name] sections with keys only.

# GENERAL OPTIONS

Each setting below is shown with the config file key, the environment variable and the command line option that set it, where they exist.

o profile: the profile to use. Environment AWS_PROFILE (AWS_DEFAULT_PROFILE is read too), option --profile.

o region: the AWS Region to send requests to. Environment AWS_REGION or AWS_DEFAULT_REGION, option --region.

o output: the default output format, one of json, text, table, yaml, yaml-stream. Environment AWS_DEFAULT_OUTPUT, option --output.

o cli_timestamp_format: iso8601 (the default) prints timestamps in ISO 8601; wire prints them as the service sent them.

o cli_binary_format: base64 (the default) or raw-in-base64-out; see --cli-binary-format in aws help.

o cli_pager: the program output and help are shown through on a terminal. Environment AWS_PAGER, then PAGER; the default is less -R. An empty value turns paging off, as does --no-cli-pager.

o ca_bundle: a CA certificate bundle for TLS. Environment AWS_CA_BUNDLE, option --ca-bundle.

o parameter_validation: set to false to send parameters without checking them against the model first.

o max_attempts and retry_mode: how many times a request is tried and the retry strategy (standard or adaptive). Environment AWS_MAX_ATTEMPTS and AWS_RETRY_MODE.

o endpoint_url: a custom endpoint for every service, or per service in a [services name] section. Environment AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, option --endpoint-url. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the configured ones.

o use_fips_endpoint and use_dualstack_endpoint: send requests to FIPS or dual-stack endpoints. Environment AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT.

# CREDENTIALS

Credentials are looked up in this order: the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN), the assume-role settings of the profile, web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), IAM Identity Center (SSO) settings, the static keys of the profile in the credentials or config file, credential_process, the container credentials endpoint, and the EC2 instance metadata service.

o aws_access_key_id, aws_secret_access_key, aws_session_token: static credentials.

o role_arn with source_profile or credential_source (Environment, Ec2InstanceMetadata, EcsContainer): assume a role; optional external_id, mfa_serial, role_session_name, duration_seconds. The temporary credentials are cached under ~/.aws/cli/cache.

o web_identity_token_file with role_arn: assume a role with a web identity token.

o sso_session (pointing at an [sso-session name] section with sso_start_url and sso_region), sso_account_id, sso_role_name: IAM Identity Center. Sign in with aws sso login; tokens are cached under ~/.aws/sso/cache.

o credential_process: a command that prints credentials as JSON.

o metadata_service_timeout and metadata_service_num_attempts: how the instance metadata service is asked. AWS_EC2_METADATA_DISABLED=true skips it.

# EXAMPLE

    [default]
    region = us-west-2
    output = json

    [profile dev]
    role_arn = arn:aws:iam::123456789012:role/dev
    source_profile = default
"#;

const RETURN_CODES: &str = r#"
# DESCRIPTION

The exit status of an aws command tells a script what happened. These are the codes this CLI returns:

o 0: the command succeeded. No errors were raised by the CLI or the service the request was sent to.

o 1: one or more Amazon S3 transfer operations failed (s3 commands only).

o 2: some files were skipped during an s3 transfer (files that do not exist, special files such as devices, FIFOs or sockets, files that cannot be read, objects in an archive storage class), while the others were transferred.

o 130: the command was interrupted by SIGINT (Ctrl-C).

o 252: the command line was not valid: an unknown command or option, a missing required argument, or a parameter value that is not valid for the command.

o 253: the environment or the configuration is not valid: no region, no credentials, or a setting that cannot be used, kept the command from running.

o 254: the command was parsed and sent, and the service answered with an error. This usually means the request does not fit what the service expects.

o 255: any other failure, such as a request that could not be sent. A failure reported as 255 may get a more specific code later: do not rely on 255 meaning one particular problem.

To see the code of the last command, run:

    echo $?
"#;

const S3_CONFIG: &str = r#"
# DESCRIPTION

The aws s3 transfer commands (cp, mv, sync, rm) read these settings from the s3 section of a profile in the config file. They change how files are transferred, not what is transferred.

    [profile development]
    s3 =
      max_concurrent_requests = 20
      max_queue_size = 10000
      multipart_threshold = 64MB
      multipart_chunksize = 16MB
      max_bandwidth = 50MB/s
      use_accelerate_endpoint = true
      addressing_style = path

They can be set with aws configure set, for example aws configure set default.s3.max_concurrent_requests 20.

# SETTINGS

o max_concurrent_requests: the most requests in flight at one time. Default 10.

o max_queue_size: the most tasks waiting to run. Default 1000.

o multipart_threshold: the size at which a file is transferred in parts instead of one request. Default 8MB. Sizes are bytes or a number with KB, MB, GB or TB (powers of 1024).

o multipart_chunksize: the size of each part of a multipart transfer. Default 8MB; the smallest is 5MB, and a file has at most 10,000 parts, so the size is raised for very large files.

o max_bandwidth: the most bytes per second to upload or download, for example 50MB/s or 1000KB/s. Default: no limit.

o use_accelerate_endpoint: send requests to the S3 Transfer Acceleration endpoint (bucket must have acceleration enabled). true or false.

o use_dualstack_endpoint: send requests to the dual-stack (IPv4 and IPv6) endpoint. true or false.

o addressing_style: path, virtual or auto (the default): how the bucket name is put in the URL.

o payload_signing_enabled: true signs the SHA-256 of every payload, false signs none. When unset, payloads are signed except uploads sent over HTTPS with a checksum (every upload carries a checksum, CRC64NVME unless --checksum-algorithm names another).
"#;

const S3_FAQ: &str = r#"
# DESCRIPTION

Common questions about Amazon S3 in the AWS CLI.

# DOES THE CLI CHECK CHECKSUMS?

Yes, on uploads and on downloads where it can.

Uploads: every upload sends an x-amz-checksum-<algorithm> header that the CLI computes from the data. The default algorithm is CRC64NVME; --checksum-algorithm on the aws s3 commands chooses another: CRC64NVME (recommended), CRC32, CRC32C, SHA1, SHA256, SHA512, XXHASH64, XXHASH3 or XXHASH128. Amazon S3 computes the checksum of what it received with the same algorithm and refuses to store the object when the two differ; otherwise it keeps the checksum with the object, so that downloads can be checked later.

This applies to the high-level commands that upload (aws s3 cp, aws s3 sync, aws s3 mv) and to the API commands aws s3api put-object and aws s3api upload-part. A command that uploads many files (aws s3 sync) uses one algorithm for all of them.

Downloads: when an object comes back with a checksum other than MD5, the CLI computes the checksum of what it received with that algorithm and compares the two. A mismatch is an error, and the download is not retried. This applies to aws s3 cp, aws s3 sync, aws s3 mv and aws s3api get-object.

Checking object integrity in Amazon S3, in the Amazon S3 User Guide, has more on checksums: https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
"#;

const S3_CASE_INSENSITIVITY: &str = r#"
# DESCRIPTION

How to find and handle case conflicts when one command downloads many objects from S3 to a local filesystem that does not tell upper from lower case.

# CASE CONFLICTS

S3 keys are case-sensitive: one bucket can hold a.txt and A.txt. The commands that download many objects at once are aws s3 sync, aws s3 cp --recursive and aws s3 mv --recursive. On a case-insensitive filesystem, a conflict arises when two keys of one download differ only by case, or when a local file exists whose name differs from a key only by case.

With a.txt and A.txt in a bucket, the command below asks for both objects; only one file can hold them locally, and the download that finishes last wins.

    aws s3 sync s3://examplebucket ./mylocaldir

# FINDING AND HANDLING THEM

--case-conflict chooses what happens:

o error: the command stops at the first conflict and aborts the downloads in progress.

o warn: the CLI prints a warning and downloads both objects.

o skip: the CLI prints a warning and does not download the conflicting object.

o ignore (the default): conflicts are not looked for.

In the example, A.txt is submitted first and a.txt is then found to conflict with it. With error the command fails (A.txt is there if its download had finished, otherwise that download is aborted); with warn a warning is printed and both downloads run side by side; with skip a.txt is not downloaded; with ignore both downloads run side by side with no check.

On a case-sensitive filesystem there is nothing to detect: use --case-conflict ignore.

# S3 EXPRESS DIRECTORY BUCKETS

Conflicts cannot be detected when the source is an S3 Express directory bucket: only warn and ignore are accepted there, and error or skip make the command fail, as in:

    aws s3 cp s3://mydirbucket--usw2-az1--x-s3 ./mylocaldir --recursive --case-conflict error
"#;

const DDB_EXPRESSIONS: &str = r#"
# DESCRIPTION

The ddb commands (ddb select, ddb put) accept expressions that name attributes and hold values directly, without the placeholders and the separate name and value maps the dynamodb commands need. With the dynamodb commands a price range is written as:

    aws dynamodb scan \
        --table-name ProductCatalog \
        --condition-expression "Price between :lo and :hi" \
        --expression-attribute-values file://values.json

where values.json holds:

    {
        ":lo": {"N": "500"},
        ":hi": {"N": "600"}
    }

With ddb select the same request is:

    aws ddb select ProductCatalog --condition 'Price between 500 and 600'

The CLI takes the values out of the expression and builds the placeholders itself; it does so for values of every type.

# ATTRIBUTE NAMES

A name is written bare or in single quotes. Quotes are needed when it starts with a digit or holds anything but ASCII letters and digits: foo, 'foo bar' and 'foo.bar' are all names.

In a path, each name may be quoted on its own: foo.'bar baz'[0].

These words are reserved, in any case, and must be quoted to be used as names: AND, BETWEEN, IN, OR, NOT, SET, REMOVE, ADD, DELETE, TRUE, FALSE, NULL.

# ATTRIBUTE VALUES

o Numbers are written as in JSON: 1, 1.1, 1.1e3, -1.1e-3.

o Strings are written as in JSON, in double quotes, with inner double quotes escaped by a backslash: "foo", "\"hello\" world". The shell may need the backslash escaped too.

o Binary values are base64 between b" and ": b"4pyT".

o Booleans are true and false; null is null.

o Lists are written as in JSON between [ and ], with commas between elements, which may also be binary values and sets: ["foo", b"4pyT", 8].

o Sets are written between { and }, with commas between items. They hold numbers, strings or binary values, all of one type, and at least one: {1, 2, 3}, {"foo", "bar"}, {b"4pyT"}.

o Maps are written as in JSON between { and }, with a colon between each key and its value; keys are strings, values of any type, binary values and sets included: {"foo": {"bar": {b"4pyT"}}}.
"#;
