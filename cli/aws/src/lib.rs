//! The `aws` and `aws_completer` binaries' code: the argument tables built from the models
//! (with the AWS CLI's renames and customizations), the global options, the commands the CLI
//! adds (each declared once with what runs it), errors, help, and shell completion. The
//! binaries are thin `main`s over it.

pub mod alias;
pub mod app;
pub mod args;
pub mod call_error;
pub mod command;
pub mod completer;
pub mod customizations;
pub mod debug_log;
pub mod errno;
pub mod error;
pub mod failure;
pub mod globals;
pub mod help;
pub mod history;
pub mod input;
pub mod interrupt;
pub mod output_choice;
pub mod pager;
pub mod plugins;
pub mod presigned;
pub mod service_api;
pub mod session;
pub mod session_plugin;
pub mod skeleton;
pub mod version;
