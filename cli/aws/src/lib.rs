//! What the `aws` and `aws_completer` binaries share, so that both agree on every name: the
//! argument tables built from the models (with the AWS CLI's renames and customizations), the
//! global options, the commands the CLI adds, errors, and shell completion.

pub mod args;
pub mod command;
pub mod completer;
pub mod customizations;
pub mod error;
pub mod globals;
