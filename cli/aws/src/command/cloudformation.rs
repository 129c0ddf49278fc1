//! `aws cloudformation package` and `aws cloudformation deploy`, beside the operations of
//! the CloudFormation API: `package` uploads the local artifacts a template refers to (code
//! folders zipped, nested templates packaged in turn) and writes the template that points
//! at them; `deploy` creates a change set for a template, waits for it, executes it and
//! waits for the stack.

mod artifacts;
mod deploy;
mod package;
mod template;
mod uploader;
mod zip;

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};
use crate::args::argparse::Parsed;
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;

const TEMPLATE_FILE: &str = "The path where your AWS CloudFormation template is located.";
const S3_PREFIX: &str = "A prefix name that the command adds to the artifacts' name when it \
                         uploads them to the S3 bucket. The prefix name is a path name \
                         (folder name) for the S3 bucket.";
const KMS_KEY_ID: &str = "The ID of an AWS KMS key that the command uses to encrypt \
                          artifacts that are at rest in the S3 bucket.";
const FORCE_UPLOAD: &str = "Indicates whether to override existing files in the S3 bucket. \
                            Specify this flag to upload artifacts even if they  match \
                            existing artifacts in the S3 bucket.";

/// The `cloudformation` commands the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "cloudformation",
    description: "AWS CloudFormation, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[
        CommandSpec {
            name: "package",
            description: "Packages the local artifacts (local paths) that your AWS \
                          CloudFormation template references. The command uploads local \
                          artifacts, such as source code for an AWS Lambda function or a \
                          Swagger file for an AWS API Gateway REST API, to an S3 bucket. The \
                          command returns a copy of your template, replacing references to \
                          local artifacts with the S3 location where the command uploaded \
                          the artifacts.",
            options: &[
                O::value("template-file", TEMPLATE_FILE).required(),
                O::value(
                    "s3-bucket",
                    "The name of the S3 bucket where this command uploads the artifacts \
                     that are referenced in your template.",
                )
                .required(),
                O::value("s3-prefix", S3_PREFIX),
                O::value("kms-key-id", KMS_KEY_ID),
                O::value(
                    "output-template-file",
                    "The path to the file where the command writes the output AWS \
                     CloudFormation template. If you don't specify a path, the command \
                     writes the template to the standard output.",
                ),
                O::flag(
                    "use-json",
                    "Indicates whether to use JSON as the format for the output AWS \
                     CloudFormation template. YAML is used by default.",
                ),
                O::flag("force-upload", FORCE_UPLOAD),
                O::value(
                    "metadata",
                    "A map of metadata to attach to *ALL* the artifacts that are \
                     referenced in your template.",
                )
                .typed("map"),
            ],
        },
        CommandSpec {
            name: "deploy",
            description: "Deploys the specified AWS CloudFormation template by creating and \
                          then executing a change set. The command terminates after AWS \
                          CloudFormation executes the change set. If you want to view the \
                          change set before AWS CloudFormation executes it, use the \
                          --no-execute-changeset flag.",
            options: &[
                O::value("template-file", TEMPLATE_FILE).required(),
                O::value(
                    "stack-name",
                    "The name of the AWS CloudFormation stack you're deploying to. If you \
                     specify an existing stack, the command updates the stack. If you \
                     specify a new stack, the command creates it.",
                )
                .required(),
                O::value(
                    "s3-bucket",
                    "The name of the S3 bucket where this command uploads your \
                     CloudFormation template. This is required the deployments of \
                     templates sized greater than 51,200 bytes",
                ),
                O::flag("force-upload", FORCE_UPLOAD),
                O::value("s3-prefix", S3_PREFIX),
                O::value("kms-key-id", KMS_KEY_ID),
                O::value(
                    "parameter-overrides",
                    "A list of parameter structures that specify input parameters for \
                     your stack template. If you're updating a stack and you don't specify \
                     a parameter, the command uses the stack's existing value. For new \
                     stacks, you must specify parameters that don't have a default value. \
                     Syntax: ParameterKey1=ParameterValue1 \
                     ParameterKey2=ParameterValue2 ... or JSON file (see Examples)",
                )
                .nargs(Nargs::OneOrMore),
                O::value(
                    "capabilities",
                    "A list of capabilities that you must specify before AWS \
                     Cloudformation can create certain stacks. Some stack templates might \
                     include resources that can affect permissions in your AWS account, \
                     for example, by creating new AWS Identity and Access Management (IAM) \
                     users. For those stacks, you must explicitly acknowledge their \
                     capabilities by specifying this parameter.  The only valid values are \
                     CAPABILITY_IAM and CAPABILITY_NAMED_IAM. If you have IAM resources, \
                     you can specify either capability. If you have IAM resources with \
                     custom names, you must specify CAPABILITY_NAMED_IAM. If you don't \
                     specify this parameter, this action returns an \
                     InsufficientCapabilities error.",
                )
                .nargs(Nargs::OneOrMore)
                .typed("list"),
                O::flag(
                    "no-execute-changeset",
                    "Indicates whether to execute the change set. Specify this flag if you \
                     want to view your stack changes before executing the change set. The \
                     command creates an AWS CloudFormation change set and then exits \
                     without executing the change set. After you view the change set, \
                     execute it to implement your changes.",
                ),
                O::flag(
                    "disable-rollback",
                    "Preserve the state of previously provisioned resources when the \
                     execute-change-set operation fails.",
                ),
                O::flag(
                    "no-disable-rollback",
                    "Roll back all resource changes when the execute-change-set operation \
                     fails.",
                ),
                O::value(
                    "role-arn",
                    "The Amazon Resource Name (ARN) of an AWS Identity and Access \
                     Management (IAM) role that AWS CloudFormation assumes when executing \
                     the change set.",
                ),
                O::value(
                    "notification-arns",
                    "Amazon Simple Notification Service topic Amazon Resource Names (ARNs) \
                     that AWS CloudFormation associates with the stack.",
                )
                .nargs(Nargs::OneOrMore)
                .typed("list"),
                O::flag(
                    "fail-on-empty-changeset",
                    "Specify if the CLI should return a non-zero exit code when there are \
                     no changes to be made to the stack. By default, a zero exit code is \
                     returned, and this is the same behavior that occurs when \
                     `--no-fail-on-empty-changeset` is specified. If \
                     `--fail-on-empty-changeset` is specified, then the CLI will return a \
                     non-zero exit code.",
                ),
                O::flag(
                    "no-fail-on-empty-changeset",
                    "Causes the CLI to return an exit code of 0 if there are no changes to \
                     be made to the stack.",
                ),
                O::value(
                    "tags",
                    "A list of tags to associate with the stack that is created or \
                     updated. AWS CloudFormation also propagates these tags to resources in \
                     the stack if the resource supports it. Syntax: TagKey1=TagValue1 \
                     TagKey2=TagValue2 ...",
                )
                .nargs(Nargs::OneOrMore)
                .typed("list"),
            ],
        },
    ],
};

/// Runs `aws cloudformation package|deploy` (`words` from `cloudformation` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let name = words.get(1).map(String::as_str).unwrap_or_default();
    let spec = GROUP
        .command(name)
        .ok_or_else(|| CliError::other(format!("unknown command {name}")))?;
    let args = custom::parse(spec, &words[2..])?;
    match name {
        "package" => package::run(globals, &args),
        _ => deploy::run(globals, &args),
    }
}

/// The values of the last `name` given (argparse's `store`), `None` when not given.
fn last_values<'a>(args: &'a Parsed, name: &str) -> Option<Vec<&'a str>> {
    args.given
        .iter()
        .rev()
        .find(|g| g.name == name)
        .map(|g| g.values.iter().map(String::as_str).collect())
}

/// A switch and its `--no-` form sharing one setting: whichever came last; off when neither.
fn switch(args: &Parsed, on: &str, off: &str) -> bool {
    args.given
        .iter()
        .rev()
        .find(|g| g.name == on || g.name == off)
        .is_some_and(|g| g.name == on)
}
