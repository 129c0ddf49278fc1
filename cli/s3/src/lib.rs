//! The high-level `aws s3` commands — `ls`, `mb`, `rb`, `cp`, `mv`, `rm`, `sync`, `presign`,
//! `website` —
//! and the transfer manager under them (multipart uploads, ranged downloads and multipart
//! copies with bounded concurrency and memory).
//!
//! Not for: building clients, reading configuration or parsing global options (the `aws`
//! binary passes a ready [`aws2_client::Client`] and the settings in a [`Context`]).

pub mod api;
pub mod args;
pub mod bandwidth;
pub mod buffers;
pub mod cancel;
pub use aws2_core::checksum;
pub mod commands;
pub mod error;
pub mod filter;
pub mod format;
pub mod local;
pub mod mime;
pub mod paths;
pub mod pool;
pub mod progress;
mod receive;
pub mod report;
mod runtime;
mod send;
pub mod settings;
pub mod stream;
pub mod transfer;

pub use args::Args;
pub use commands::presign::PresignConfig;
pub use error::S3Error;
pub use settings::TransferSettings;

use commands::transfer::Command;

/// Reads an option value that names a parameter file: the bytes of `fileb://path`, the text
/// of `file://path`, `Ok(None)` for any other value; the error is the message to print.
pub type ParamFileReader = dyn Fn(&str) -> Result<Option<Vec<u8>>, String> + Sync;

/// What the commands need from the caller.
pub struct Context<'a> {
    /// An S3 client.
    pub client: &'a aws2_client::Client,
    /// The client for the source bucket of an S3-to-S3 `cp`, `mv` or `sync` given
    /// `--source-region` (see [`source_region`]); `None` uses `client` for both sides.
    pub source_client: Option<&'a aws2_client::Client>,
    /// Transfer tuning from the profile's `s3` settings.
    pub settings: TransferSettings,
    /// The configured region (for `mb`'s location constraint).
    pub region: Option<String>,
    /// Where output goes.
    pub printer: &'a dyn report::Printer,
    /// Reads `file://` and `fileb://` values of the options that take them (the SSE-C
    /// keys); `None` takes every value literally.
    pub param_files: Option<&'a ParamFileReader>,
}

/// The region of `--source-region` when the command line is a `cp`, `mv` or `sync` between
/// two S3 locations, the only case where the source bucket is reached through a client of
/// its own (`None` otherwise).
pub fn source_region(subcommand: &str, args: &Args) -> Option<String> {
    commands::transfer::source_region(subcommand, args)
}

/// The subcommands `aws s3` knows.
pub const SUBCOMMANDS: &[&str] = &[
    "cp", "ls", "mb", "mv", "presign", "rb", "rm", "sync", "website",
];

/// Runs `aws s3 <subcommand> ...` (everything but `presign`, see [`presign`]) with its
/// options as the `aws` command line parser read them; returns the exit code (0, 1 when a
/// transfer failed, 2 when files were skipped).
pub fn run(ctx: &Context<'_>, subcommand: &str, args: &Args) -> Result<i32, S3Error> {
    match subcommand {
        "ls" => commands::ls::run(ctx, args),
        "mb" => commands::bucket::make_bucket(ctx, args),
        "rb" => commands::bucket::remove_bucket(ctx, args),
        "cp" => commands::transfer::run(ctx, Command::Cp, args),
        "mv" => commands::transfer::run(ctx, Command::Mv, args),
        "rm" => commands::transfer::run(ctx, Command::Rm, args),
        "sync" => commands::transfer::run(ctx, Command::Sync, args),
        "website" => commands::website::run(ctx, args),
        other => run_unknown(other),
    }
}

/// The usage error for a subcommand `aws s3` does not know.
pub fn run_unknown(subcommand: &str) -> Result<i32, S3Error> {
    Err(S3Error::Usage(format!(
        "argument subcommand: {}",
        aws2_pyrepr::difflib::invalid_choice(subcommand, SUBCOMMANDS)
    )))
}

/// Runs `aws s3 presign ...`.
pub fn presign(
    config: &PresignConfig,
    printer: &dyn report::Printer,
    args: &Args,
) -> Result<i32, S3Error> {
    commands::presign::run(config, printer, args)
}
