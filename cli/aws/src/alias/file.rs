//! The alias file, `~/.aws/cli/alias`: `[toplevel]` aliases and `[command <lineage>]` ones.

use crate::error::CliError;
use aws2_config::ini::{self, IniDocument};
use std::path::PathBuf;

/// The aliases of the file, by section.
#[derive(Debug, Default)]
pub struct AliasFile {
    doc: Option<IniDocument>,
}

impl AliasFile {
    /// Reads `~/.aws/cli/alias`; a missing file holds no aliases.
    pub fn load() -> Result<Self, CliError> {
        let Some(path) = path() else {
            return Ok(Self::default());
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(Self::default());
        };
        Self::parse(&text).map_err(|_| {
            CliError::other(format!("Unable to parse config file: {}", path.display()))
        })
    }

    /// The aliases of `text`.
    pub fn parse(text: &str) -> Result<Self, ini::IniError> {
        Ok(Self {
            doc: Some(ini::parse_flat(text)?),
        })
    }

    /// The value of alias `name` in `[toplevel]` (`lineage` empty) or in
    /// `[command <lineage>]`, stripped of surrounding whitespace.
    pub fn get(&self, lineage: &[String], name: &str) -> Option<String> {
        let doc = self.doc.as_ref()?;
        let section = doc.sections.iter().find(|s| {
            if lineage.is_empty() {
                return s.name == "toplevel";
            }
            let mut parts = s.name.split_whitespace();
            parts.next() == Some("command") && parts.eq(lineage.iter().map(String::as_str))
        })?;
        let value = section.get(name)?.as_text()?;
        Some(value.trim().to_owned())
    }
}

/// `~/.aws/cli/alias` as Python's `expanduser` spells it: `HOME` with its trailing slashes
/// dropped, even when empty.
fn path() -> Option<PathBuf> {
    let home = std::env::var("HOME").ok()?;
    Some(PathBuf::from(format!(
        "{}/.aws/cli/alias",
        home.trim_end_matches('/')
    )))
}
