//! The shared config and credentials files: where they are, lazy loading, and the profile map
//! built from them (config profiles merged with credentials-file profiles, key by key, the
//! credentials file winning).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::env::Env;
use crate::error::{ConfigError, Result};
use crate::ini::{self, IniDocument, IniSection, IniValue};
use crate::shell;

/// Default location of the config file.
pub const DEFAULT_CONFIG_FILE: &str = "~/.aws/config";
/// Default location of the credentials file.
pub const DEFAULT_CREDENTIALS_FILE: &str = "~/.aws/credentials";

/// Which of the two shared files a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `~/.aws/config` (or `AWS_CONFIG_FILE`).
    Config,
    /// `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`).
    Credentials,
}

/// A file path as configured (for display) and as used (expanded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLocation {
    /// The path as the user wrote it (`~/.aws/config`, or the variable's value).
    pub display: String,
    /// The path with `~` expanded.
    pub path: PathBuf,
}

/// One profile: its keys from both files, config keys first, credentials keys overriding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile name.
    pub name: String,
    /// Keys, values, and the file each came from.
    pub entries: Vec<(String, IniValue, FileKind)>,
}

impl Profile {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&IniValue> {
        self.entry(key).map(|(v, _)| v)
    }

    /// A plain (non-nested) value.
    pub fn get_text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(IniValue::as_text)
    }

    /// The value of `key` and the file it came from.
    pub fn entry(&self, key: &str) -> Option<(&IniValue, FileKind)> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, f)| (v, *f))
    }

    /// Whether `key` is present.
    pub fn has(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    fn set(&mut self, key: &str, value: IniValue, kind: FileKind) {
        match self.entries.iter_mut().find(|(k, _, _)| k == key) {
            Some(slot) => {
                slot.1 = value;
                slot.2 = kind;
            }
            None => self.entries.push((key.to_string(), value, kind)),
        }
    }
}

/// The config file, organised as botocore organises it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigFileData {
    /// `[default]` and `[profile name]` sections, by profile name, in first-seen order.
    pub profiles: Vec<IniSection>,
    /// `[sso-session name]` sections, by session name.
    pub sso_sessions: Vec<IniSection>,
    /// `[services name]` sections, by name.
    pub services: Vec<IniSection>,
    /// Any other section (`[plugins]`, `[preview]`, ...), by its header text.
    pub other: Vec<IniSection>,
}

impl ConfigFileData {
    /// Organise a parsed config file.
    pub fn from_document(doc: IniDocument) -> Self {
        let mut data = ConfigFileData::default();
        for section in doc.sections {
            let header = section.name.clone();
            if header.starts_with("profile") {
                insert_named(&mut data.profiles, &header, section);
            } else if header.starts_with("sso-session") {
                insert_named(&mut data.sso_sessions, &header, section);
            } else if header.starts_with("services") {
                insert_named(&mut data.services, &header, section);
            } else if header == "default" {
                upsert(&mut data.profiles, "default".to_string(), section.entries);
            } else {
                data.other.push(section);
            }
        }
        data
    }

    /// An `[sso-session name]` section.
    pub fn sso_session(&self, name: &str) -> Option<&IniSection> {
        self.sso_sessions.iter().find(|s| s.name == name)
    }

    /// A `[services name]` section.
    pub fn services_section(&self, name: &str) -> Option<&IniSection> {
        self.services.iter().find(|s| s.name == name)
    }

    /// A non-profile section such as `[plugins]`.
    pub fn other_section(&self, name: &str) -> Option<&IniSection> {
        self.other.iter().find(|s| s.name == name)
    }
}

/// `[profile name]`: the name is the second of exactly two shell words; other headers are
/// ignored, as botocore ignores them.
fn insert_named(list: &mut Vec<IniSection>, header: &str, section: IniSection) {
    let Ok(parts) = shell::split(header) else {
        return;
    };
    if let [_, name] = parts.as_slice() {
        upsert(list, name.clone(), section.entries);
    }
}

fn upsert(list: &mut Vec<IniSection>, name: String, entries: Vec<(String, IniValue)>) {
    match list.iter_mut().find(|s| s.name == name) {
        Some(existing) => existing.entries = entries,
        None => list.push(IniSection { name, entries }),
    }
}

/// Both shared files, read on first use.
#[derive(Debug, Clone)]
pub struct SharedFiles {
    config_location: FileLocation,
    credentials_location: FileLocation,
    config: OnceLock<Result<Option<ConfigFileData>>>,
    credentials: OnceLock<Result<Option<IniDocument>>>,
    profiles: OnceLock<Result<Vec<Profile>>>,
}

impl SharedFiles {
    /// The files named by `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` or the defaults.
    pub fn from_env(env: &Env) -> Self {
        let config = env.get("AWS_CONFIG_FILE").unwrap_or(DEFAULT_CONFIG_FILE);
        let creds = env
            .get("AWS_SHARED_CREDENTIALS_FILE")
            .unwrap_or(DEFAULT_CREDENTIALS_FILE);
        SharedFiles::new(
            FileLocation {
                display: config.to_string(),
                path: env.expand_user(config),
            },
            FileLocation {
                display: creds.to_string(),
                path: env.expand_user(creds),
            },
        )
    }

    /// Files at explicit locations.
    pub fn new(config: FileLocation, credentials: FileLocation) -> Self {
        SharedFiles {
            config_location: config,
            credentials_location: credentials,
            config: OnceLock::new(),
            credentials: OnceLock::new(),
            profiles: OnceLock::new(),
        }
    }

    /// Where the config file is.
    pub fn config_location(&self) -> &FileLocation {
        &self.config_location
    }

    /// Where the credentials file is.
    pub fn credentials_location(&self) -> &FileLocation {
        &self.credentials_location
    }

    /// The location of one of the files.
    pub fn location(&self, kind: FileKind) -> &FileLocation {
        match kind {
            FileKind::Config => &self.config_location,
            FileKind::Credentials => &self.credentials_location,
        }
    }

    /// Whether either file has been read yet (for tests of laziness).
    pub fn any_loaded(&self) -> bool {
        self.config.get().is_some() || self.credentials.get().is_some()
    }

    /// The config file (`None` when it does not exist).
    pub fn config(&self) -> Result<Option<&ConfigFileData>> {
        self.config
            .get_or_init(|| {
                Ok(read_document(&self.config_location.path)?.map(ConfigFileData::from_document))
            })
            .as_ref()
            .map(Option::as_ref)
            .map_err(Clone::clone)
    }

    /// The credentials file (`None` when it does not exist).
    pub fn credentials(&self) -> Result<Option<&IniDocument>> {
        self.credentials
            .get_or_init(|| read_document(&self.credentials_location.path))
            .as_ref()
            .map(Option::as_ref)
            .map_err(Clone::clone)
    }

    /// Every profile of both files: config profiles in file order, then profiles found only
    /// in the credentials file.
    pub fn profiles(&self) -> Result<&[Profile]> {
        self.profiles
            .get_or_init(|| self.build_profiles())
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    /// One profile by name.
    pub fn profile(&self, name: &str) -> Result<Option<&Profile>> {
        Ok(self.profiles()?.iter().find(|p| p.name == name))
    }

    fn build_profiles(&self) -> Result<Vec<Profile>> {
        let mut profiles: Vec<Profile> = Vec::new();
        if let Some(config) = self.config()? {
            for section in &config.profiles {
                profiles.push(Profile {
                    name: section.name.clone(),
                    entries: section
                        .entries
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone(), FileKind::Config))
                        .collect(),
                });
            }
        }
        if let Some(creds) = self.credentials()? {
            for section in &creds.sections {
                let idx = match profiles.iter().position(|p| p.name == section.name) {
                    Some(i) => i,
                    None => {
                        profiles.push(Profile {
                            name: section.name.clone(),
                            entries: Vec::new(),
                        });
                        profiles.len() - 1
                    }
                };
                for (k, v) in &section.entries {
                    profiles[idx].set(k, v.clone(), FileKind::Credentials);
                }
            }
        }
        Ok(profiles)
    }
}

/// Read and parse one file; a missing file (or a directory) is `None`.
pub fn read_document(path: &Path) -> Result<Option<IniDocument>> {
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(|e| ConfigError::read(path, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| ConfigError::Parse {
        path: path.display().to_string(),
        problem: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    ini::parse(&text).map(Some).map_err(|e| ConfigError::Parse {
        path: path.display().to_string(),
        problem: e.to_string(),
    })
}
