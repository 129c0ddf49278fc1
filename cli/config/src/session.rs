//! A session: the environment, the global command-line options and the shared files, with
//! per-setting resolution (command line > environment > files > default).

use std::collections::BTreeMap;

use crate::env::Env;
use crate::error::{ConfigError, Result};
use crate::files::{FileKind, Profile, SharedFiles};
use crate::ini::{IniSection, IniValue};
use crate::settings::{ensure_boolean, setting_def, OUTPUT_FORMATS, RETRY_MODES};

/// Values given as global command-line options, by logical setting name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// `--profile`.
    pub profile: Option<String>,
    values: BTreeMap<String, String>,
}

impl CommandLine {
    /// No options.
    pub fn new() -> Self {
        CommandLine::default()
    }

    /// With `--profile`.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    /// With the option of setting `name` (`region`, `output`, `endpoint_url`, ...).
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// The option given for setting `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

/// Where a resolved value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line option (the flag).
    CommandLine(String),
    /// An environment variable (its name).
    Env(String),
    /// A shared file (which one, and its path as configured).
    File(FileKind, String),
    /// The built-in default.
    Default,
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The value.
    pub value: String,
    /// Where it came from.
    pub source: Source,
}

/// The profile in use and how it was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChoice {
    /// The profile name (`default` when nothing chose one).
    pub name: String,
    /// `CommandLine("--profile")`, `Env(var)` or `Default`.
    pub source: Source,
}

/// Environment variables that select the profile, first one set wins.
pub const PROFILE_ENV_VARS: &[&str] = &["AWS_PROFILE", "AWS_DEFAULT_PROFILE"];

/// Configuration of one invocation. Files are read only when a setting needs them.
#[derive(Debug, Clone)]
pub struct Session {
    env: Env,
    cli: CommandLine,
    files: SharedFiles,
}

impl Session {
    /// A session over this environment and these command-line options.
    pub fn new(env: Env, cli: CommandLine) -> Self {
        let files = SharedFiles::from_env(&env);
        Session { env, cli, files }
    }

    /// The environment.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The command-line options.
    pub fn command_line(&self) -> &CommandLine {
        &self.cli
    }

    /// The shared files.
    pub fn files(&self) -> &SharedFiles {
        &self.files
    }

    /// The selected profile: `--profile`, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`,
    /// else `default`.
    pub fn profile(&self) -> ProfileChoice {
        if let Some(p) = &self.cli.profile {
            return ProfileChoice {
                name: p.clone(),
                source: Source::CommandLine("--profile".into()),
            };
        }
        for var in PROFILE_ENV_VARS {
            if let Some(v) = self.env.get(var) {
                return ProfileChoice {
                    name: v.to_string(),
                    source: Source::Env((*var).into()),
                };
            }
        }
        ProfileChoice {
            name: "default".into(),
            source: Source::Default,
        }
    }

    /// Whether `--profile` was given (which disables the environment credential provider).
    pub fn profile_on_command_line(&self) -> bool {
        self.cli.profile.is_some()
    }

    /// The selected profile's keys. A profile named explicitly (option or variable) must
    /// exist; a missing `default` profile is simply empty.
    pub fn scoped_profile(&self) -> Result<Option<&Profile>> {
        let choice = self.profile();
        let found = self.files.profile(&choice.name)?;
        if found.is_none() && choice.source != Source::Default {
            return Err(ConfigError::ProfileNotFound(choice.name));
        }
        Ok(found)
    }

    /// Resolve a setting of [`crate::settings::SETTINGS`] by its logical name.
    pub fn setting(&self, name: &str) -> Result<Option<Resolved>> {
        let Some(def) = setting_def(name) else {
            return Err(ConfigError::Usage(format!("unknown setting {name}")));
        };
        if let Some(v) = self.cli.get(name) {
            return Ok(Some(Resolved {
                value: v.to_string(),
                source: Source::CommandLine(def.flag.unwrap_or(name).to_string()),
            }));
        }
        if let Some(found) = self.env_value(def.env) {
            return Ok(Some(found));
        }
        if let Some(key) = def.config_key {
            if let Some(found) = self.profile_value(key)? {
                return Ok(Some(found));
            }
        }
        if let Some(found) = self.env_value(def.fallback_env) {
            return Ok(Some(found));
        }
        Ok(def.default.map(|d| Resolved {
            value: d.to_string(),
            source: Source::Default,
        }))
    }

    /// The value of a setting, without its source.
    pub fn value(&self, name: &str) -> Result<Option<String>> {
        Ok(self.setting(name)?.map(|r| r.value))
    }

    fn env_value(&self, vars: &[&str]) -> Option<Resolved> {
        vars.iter().find_map(|var| {
            self.env.get(var).map(|v| Resolved {
                value: v.to_string(),
                source: Source::Env((*var).to_string()),
            })
        })
    }

    /// A plain key of the selected profile, with the file it came from.
    pub fn profile_value(&self, key: &str) -> Result<Option<Resolved>> {
        let Some(profile) = self.scoped_profile()? else {
            return Ok(None);
        };
        Ok(match profile.entry(key) {
            Some((IniValue::Text(v), kind)) => Some(Resolved {
                value: v.clone(),
                source: Source::File(kind, self.files.location(kind).display.clone()),
            }),
            _ => None,
        })
    }

    /// The region, or the AWS CLI's "You must specify a region" error.
    pub fn region(&self) -> Result<String> {
        match self.setting("region")? {
            Some(r) if !r.value.is_empty() => Ok(r.value),
            _ => Err(ConfigError::NoRegion),
        }
    }

    /// The region if one is configured.
    pub fn region_opt(&self) -> Result<Option<String>> {
        Ok(self.value("region")?.filter(|r| !r.is_empty()))
    }

    /// The output format, checked against the formats the CLI knows.
    pub fn output(&self) -> Result<String> {
        let value = self.value("output")?.unwrap_or_else(|| "json".into());
        check_choice("output", &value, OUTPUT_FORMATS)?;
        Ok(value)
    }

    /// The retry mode, checked.
    pub fn retry_mode(&self) -> Result<String> {
        let value = self
            .value("retry_mode")?
            .unwrap_or_else(|| "standard".into());
        if !RETRY_MODES.contains(&value.as_str()) {
            return Err(ConfigError::RetryMode(value));
        }
        Ok(value)
    }

    /// `max_attempts`, if set: a positive integer.
    pub fn max_attempts(&self) -> Result<Option<u32>> {
        self.integer("max_attempts").and_then(|v| match v {
            Some(0) => Err(ConfigError::InvalidValue {
                name: "max_attempts".into(),
                problem: "must be at least 1".into(),
            }),
            other => Ok(other),
        })
    }

    /// A boolean setting (botocore's rule: only `true`, any case, is true).
    pub fn boolean(&self, name: &str) -> Result<bool> {
        Ok(self.value(name)?.is_some_and(|v| ensure_boolean(&v)))
    }

    /// An integer setting, if set.
    pub fn integer(&self, name: &str) -> Result<Option<u32>> {
        match self.value(name)? {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<u32>()
                .map(Some)
                .map_err(|_| ConfigError::InvalidValue {
                    name: name.to_string(),
                    problem: format!("expected a whole number, got \"{v}\""),
                }),
        }
    }

    /// `cli_timestamp_format`: `iso8601` or `wire`.
    pub fn cli_timestamp_format(&self) -> Result<String> {
        let v = self.value("cli_timestamp_format")?.unwrap_or_default();
        check_choice("cli_timestamp_format", &v, &["iso8601", "wire"])?;
        Ok(v)
    }

    /// `cli_binary_format`: `base64` or `raw-in-base64-out`.
    pub fn cli_binary_format(&self) -> Result<String> {
        let v = self.value("cli_binary_format")?.unwrap_or_default();
        check_choice("cli_binary_format", &v, &["base64", "raw-in-base64-out"])?;
        Ok(v)
    }

    /// The pager command; `None` when paging is off (`--no-cli-pager` or an empty value).
    pub fn cli_pager(&self) -> Result<Option<String>> {
        if self.cli.get("cli_pager").is_some() {
            return Ok(None);
        }
        Ok(self.value("cli_pager")?.filter(|p| !p.is_empty()))
    }

    /// A key of a nested block of the selected profile (`s3`, `api_versions`, a service).
    pub fn nested(&self, block: &str, key: &str) -> Result<Option<String>> {
        Ok(self
            .scoped_profile()?
            .and_then(|p| p.get(block))
            .and_then(|v| v.nested_get(key))
            .map(str::to_string))
    }

    /// A setting of the profile's `s3` block (`max_concurrent_requests`, `addressing_style`, ...).
    pub fn s3(&self, key: &str) -> Result<Option<String>> {
        self.nested("s3", key)
    }

    /// The API version pinned for `service` in `api_versions`.
    pub fn api_version(&self, service: &str) -> Result<Option<String>> {
        self.nested("api_versions", service)
    }

    /// The endpoint URL for a service (`service_id` such as `s3`, `dynamodb`, `elastic beanstalk`),
    /// in botocore's order: `--endpoint-url`; unless `ignore_configured_endpoint_urls`:
    /// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `[services]` section,
    /// the profile's `endpoint_url`.
    pub fn endpoint_url(&self, service_id: &str) -> Result<Option<Resolved>> {
        if let Some(v) = self.cli.get("endpoint_url") {
            return Ok(Some(Resolved {
                value: v.to_string(),
                source: Source::CommandLine("--endpoint-url".into()),
            }));
        }
        if self.boolean("ignore_configured_endpoint_urls")? {
            return Ok(None);
        }
        let snake = service_id.replace([' ', '-'], "_").to_lowercase();
        let service_var = format!("AWS_ENDPOINT_URL_{}", snake.to_uppercase());
        for var in [service_var.as_str(), "AWS_ENDPOINT_URL"] {
            if let Some(v) = self.env.get_nonempty(var) {
                return Ok(Some(Resolved {
                    value: v.to_string(),
                    source: Source::Env(var.to_string()),
                }));
            }
        }
        if let Some(section) = self.services_section()? {
            if let Some(v) = section
                .get(&snake)
                .and_then(|v| v.nested_get("endpoint_url"))
            {
                if !v.is_empty() {
                    return Ok(Some(Resolved {
                        value: v.to_string(),
                        source: Source::File(
                            FileKind::Config,
                            self.files.config_location().display.clone(),
                        ),
                    }));
                }
            }
        }
        Ok(self
            .profile_value("endpoint_url")?
            .filter(|r| !r.value.is_empty()))
    }

    /// The `[services name]` section the profile points at with `services = name`.
    pub fn services_section(&self) -> Result<Option<&IniSection>> {
        let Some(name) = self.scoped_profile()?.and_then(|p| p.get_text("services")) else {
            return Ok(None);
        };
        let section = self.files.config()?.and_then(|c| c.services_section(name));
        match section {
            Some(s) => Ok(Some(s)),
            None => Err(ConfigError::InvalidConfig(format!(
                "The profile is configured to use the services section but the \"{name}\" services configuration does not exist."
            ))),
        }
    }

    /// The `[sso-session name]` section the profile points at with `sso_session = name`.
    pub fn sso_session(&self, profile: &Profile) -> Result<Option<&IniSection>> {
        let Some(name) = profile.get_text("sso_session") else {
            return Ok(None);
        };
        let section = self.files.config()?.and_then(|c| c.sso_session(name));
        match section {
            Some(s) => Ok(Some(s)),
            None => Err(ConfigError::InvalidConfig(format!(
                "The specified sso-session does not exist: \"{name}\" (in {})",
                self.files.config_location().display
            ))),
        }
    }

    /// Warnings about the files (returned, never printed): a `[plugins]` section, which this
    /// CLI does not support.
    pub fn warnings(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        if let Some(config) = self.files.config()? {
            if config.other_section("plugins").is_some() {
                out.push(format!(
                    "warning: ignoring the [plugins] section of {}: plugins are not supported",
                    self.files.config_location().display
                ));
            }
        }
        Ok(out)
    }

    /// The names of all profiles, config file first, as `aws configure list-profiles` shows them.
    pub fn available_profiles(&self) -> Result<Vec<String>> {
        Ok(self
            .files
            .profiles()?
            .iter()
            .map(|p| p.name.clone())
            .collect())
    }
}

fn check_choice(name: &str, value: &str, choices: &[&str]) -> Result<()> {
    if choices.contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::InvalidValue {
            name: name.to_string(),
            problem: format!("\"{value}\" is not one of {}", choices.join(", ")),
        })
    }
}
