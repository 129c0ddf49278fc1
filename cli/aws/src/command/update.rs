//! `aws update`: updates an installation made by aws2's `install` program from its signed
//! update channel, as the AWS CLI v2's `update` does for official installs (same messages where
//! they apply).
//!
//! The running binary must be `<install-dir>/v2/<version>/dist/aws` of such an installation
//! (with its signed `manifest.json` and `dist/install` beside it) and `<install-dir>/v2/.install.json`
//! must say where its links are. The work is done by that version's own `install --update
//! --channel`: it checks the channel's key list, the index's signature, expiry and serial, the
//! bundle's size, hash and signatures, installs the new version side by side and switches
//! `current` atomically; it trusts the keys built into the installed release, and changes
//! nothing when any check fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;

/// `aws update`: a command of its own, without subcommands.
pub const GROUP: GroupSpec = GroupSpec {
    name: "update",
    description: "Update the AWS CLI to the latest version. Note that update is only supported if the current CLI instance was installed using an official installer, install script, or the update command. Other distribution mechanisms such as source or container images are not supported.",
    extends_service: false,
    own: Some(&UPDATE),
    commands: &[],
};

/// The options of `aws update`.
const UPDATE: CommandSpec = CommandSpec {
    name: "update",
    description: "Update the AWS CLI to the latest version from the installation's signed update channel.",
    options: &[
        O::value("channel", "The URL of the update channel to update from; by default the channel the installation was last updated from."),
        O::flag("dry-run", "Check the channel and the new version without installing it."),
    ],
};

/// Runs `aws update [--channel URL] [--dry-run]` (`words` from `update` on).
pub fn run(_globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let args = custom::parse(&UPDATE, &words[1..])?;
    let channel = args.value("channel").map(str::to_owned);
    let dry_run = args.flag("dry-run");
    let exe = std::env::current_exe().map_err(|e| CliError::other(e.to_string()))?;
    let install = Installation::of(&exe).ok_or_else(|| {
        CliError::other(
            "Detected distribution source: source. `aws update` is only supported on AWS CLI instances installed using an official installer, install script, or the `aws update` command.",
        )
    })?;
    let info = install.info().ok_or_else(|| {
        CliError::other(
            "Install-time metadata could not be found. Reinstall using the install script or an official installer and try again.",
        )
    })?;
    let channel = channel.or(info.channel).ok_or_else(|| {
        CliError::other(
            "No update channel is known for this installation. Run `aws update --channel <url>` once; later updates use the same channel.",
        )
    })?;
    if dry_run {
        println!("Checking for AWS CLI updates (source: exe)");
    } else {
        println!("Updating AWS CLI (source: exe)");
    }
    let mut command = Command::new(&install.installer);
    command
        .arg("--install-dir")
        .arg(&install.root)
        .arg("--bin-dir")
        .arg(&info.bin_dir)
        .args(["--update", "--channel", &channel]);
    if dry_run {
        command.arg("--dry-run");
    }
    let status = command
        .status()
        .map_err(|e| CliError::other(format!("cannot run {}: {e}", install.installer.display())))?;
    match status.code() {
        Some(0) => Ok(0),
        // The installer printed its one-line reason; nothing was changed.
        Some(_) => Ok(255),
        None => Err(CliError::other(format!(
            "The update was interrupted ({status}); the previous version is still installed. Run `aws update` again to complete it."
        ))),
    }
}

/// An installation made by aws2's installer, found from the running binary.
struct Installation {
    /// `<install-dir>`.
    root: PathBuf,
    /// `<install-dir>/v2/<version>/dist/install`.
    installer: PathBuf,
}

/// `v2/.install.json`, as the installer writes it.
#[derive(serde::Deserialize)]
struct InstallInfo {
    bin_dir: PathBuf,
    #[serde(default)]
    channel: Option<String>,
}

impl Installation {
    /// The installation whose `v2/<version>/dist/aws` is `exe`, if it is one.
    fn of(exe: &Path) -> Option<Installation> {
        let dist = exe.parent()?;
        let version_dir = dist.parent()?;
        let v2 = version_dir.parent()?;
        let ours = dist.file_name()? == "dist"
            && v2.file_name()? == "v2"
            && version_dir.join("manifest.json").is_file()
            && version_dir.join("manifest.json.sig").is_file()
            && dist.join("install").is_file();
        ours.then(|| Installation {
            root: v2.parent().map(Path::to_path_buf).unwrap_or_default(),
            installer: dist.join("install"),
        })
    }

    /// Its install metadata, if readable.
    fn info(&self) -> Option<InstallInfo> {
        let bytes = std::fs::read(self.root.join("v2").join(".install.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}
