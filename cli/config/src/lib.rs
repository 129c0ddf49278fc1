//! Configuration for aws2: the shared `~/.aws/config` and `~/.aws/credentials` files,
//! profiles, settings with their precedence (command line > environment > files), the logic
//! of `aws configure`, and the credential providers.
//!
//! This crate does not parse argv and does not print (apart from the terminal prompts of
//! `remote::mfa` and `sso_login::terminal`, which the binary chooses to use): the `aws`
//! binary passes in the global options ([`CommandLine`]) and the environment ([`Env`]), and
//! prints what the functions return. Files are read only when a setting or credential needs them. Providers
//! that must call an AWS API (STS, SSO, the container endpoint, IMDS) do so through the
//! traits of [`credentials::clients`]; [`remote`] implements them over HTTP on top of the
//! core client. [`sso_login`] holds `aws sso login` / `logout` and `aws configure sso`, which
//! talk to the user only through its `LoginUi` trait.

pub mod clock;
pub mod configure;
pub mod credentials;
pub mod env;
pub mod error;
pub mod files;
pub mod ini;
pub mod remote;
pub mod session;
pub mod settings;
pub mod shell;
pub mod sso_login;
pub mod time;
pub mod writer;

pub use env::Env;
pub use error::{ConfigError, Result};
pub use files::{FileKind, Profile, SharedFiles};
pub use session::{CommandLine, ProfileChoice, Resolved, Session, Source};
