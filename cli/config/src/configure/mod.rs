//! The logic of `aws configure` and its subcommands, as functions that return the text to
//! print; the binary maps arguments to these calls and prints the results.

pub mod export;
pub mod get;
pub mod import;
pub mod interactive;
pub mod list;
pub mod set;

pub use export::{export_credentials, ExportFormat};
pub use get::configure_get;
pub use import::{import_csv, ImportOptions};
pub use interactive::configure_interactive;
pub use list::configure_list;
pub use set::configure_set;

use crate::error::Result;
use crate::session::Session;

/// What a command prints and its exit status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandOutput {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
    /// The exit status.
    pub exit_code: i32,
}

/// Sections `aws configure set/get` treat as plain sections rather than profiles.
pub const PREDEFINED_SECTION_NAMES: &[&str] = &["plugins"];

/// `[profile name]` header text for a profile (`default` stays `default`; a name with
/// whitespace is shell-quoted).
pub fn profile_to_section(profile: &str) -> String {
    if profile == "default" {
        return profile.to_string();
    }
    if profile.contains([' ', '\t']) {
        format!("profile {}", crate::shell::quote(profile))
    } else {
        format!("profile {profile}")
    }
}

/// `aws configure list-profiles`: every profile name, one per line.
pub fn list_profiles(session: &Session) -> Result<String> {
    Ok(session
        .available_profiles()?
        .into_iter()
        .map(|p| format!("{p}\n"))
        .collect())
}
