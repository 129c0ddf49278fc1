//! Command-line parsing with the reference installer's flags and messages.

use std::path::{Path, PathBuf};

/// Default `--install-dir`.
pub const DEFAULT_INSTALL_DIR: &str = "/usr/local/aws-cli";
/// Default `--bin-dir`.
pub const DEFAULT_BIN_DIR: &str = "/usr/local/bin";
/// Default `--keep`: the current and the previous version.
pub const DEFAULT_KEEP: usize = 2;

/// One-line usage printed after an argument error.
pub const SHORT_USAGE: &str = "Usage: install [-i|--install-dir <path>] [-b|--bin-dir <path>] [-u|--update] [--keep <n>] [--channel <url> [--allow-downgrade] [--dry-run]] [--rollback] [--uninstall] [--verify-zip <zip> <sig>] [-h|--help]";

/// Full help text for `-h`/`--help`.
pub const HELP: &str = "\
Installs the AWS Command Line Interface version 2 (aws2) from this bundle.

Usage:
  install [-i|--install-dir <path>] [-b|--bin-dir <path>] [-u|--update] [--keep <n>]
  install --update --channel <url> [--allow-downgrade] [--dry-run] [-i <path>] [-b <path>] [--keep <n>]
  install --rollback [-i <path>] [-b <path>]
  install --uninstall [-i <path>] [-b <path>]
  install --verify-zip <zip> <sig>

Options:
  -i, --install-dir <path>  Directory of the installed versions. Each version goes in
                            <path>/v2/<version> and <path>/v2/current points to the active one.
                            Default: /usr/local/aws-cli
  -b, --bin-dir <path>      Directory for the links aws2 and aws2_completer, which point into
                            <install-dir>/v2/current/bin. Default: /usr/local/bin
  -u, --update              Update an existing installation to this bundle's version.
      --keep <n>            Versions to keep after an update, the current one included.
                            Default: 2 (the current and the previous version).
      --channel <url>       Install the newest version of the update channel at <url>
                            (https://, http:// or file:// URL or a directory; the
                            channel.json there, or the .json file named) instead of this
                            bundle's version. The channel manifest and the bundle must be
                            signed by a built-in key; nothing is installed otherwise.
                            The channel's key list must be signed by a key trusted here, and
                            its index must not be expired or older than one seen before.
      --allow-downgrade     With --channel: install the channel's newest version even if it
                            is older than the installed one.
      --dry-run             With --channel: check the channel and print what would change,
                            without changing anything.
      --rollback            Switch back to the previous installed version.
      --uninstall           Remove the bin-dir links and the install directory. Only files
                            the installer created are removed.
      --verify-zip <zip> <sig>
                            Check the detached OpenPGP signature <sig> of the downloaded
                            bundle <zip> against the built-in release key(s), without gpg.
  -h, --help                Show this help and exit.

The bundle is verified before anything is installed: the signature of its manifest against
the built-in key(s), then the SHA-256 of every file.
";

/// Where to install and where to put the links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// `-i/--install-dir`, made absolute.
    pub install_dir: PathBuf,
    /// `-b/--bin-dir`, made absolute.
    pub bin_dir: PathBuf,
}

/// Options of an install or update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallOptions {
    /// Target directories.
    pub dirs: Dirs,
    /// `-u/--update` was given.
    pub update: bool,
    /// Number of versions to keep, at least 1.
    pub keep: usize,
}

/// Options of an update from a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelOptions {
    /// Target directories, `-u`, `--keep`.
    pub install: InstallOptions,
    /// `--channel`: the channel URL (or a local directory).
    pub url: String,
    /// `--allow-downgrade` was given.
    pub allow_downgrade: bool,
    /// `--dry-run`: check the channel and report what would change, change nothing.
    pub dry_run: bool,
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print help.
    Help,
    /// Install or update from the bundle next to this program.
    Install(InstallOptions),
    /// Switch back to the previous version.
    Rollback(Dirs),
    /// Remove the installation.
    Uninstall(Dirs),
    /// Install or update from an update channel.
    Channel(ChannelOptions),
    /// Check a zip's detached signature.
    VerifyZip {
        /// The downloaded zip.
        zip: PathBuf,
        /// Its detached signature.
        sig: PathBuf,
    },
}

/// Parses the arguments (without the program name). Errors are complete messages.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut install_dir: Option<PathBuf> = None;
    let mut bin_dir: Option<PathBuf> = None;
    let mut update = false;
    let mut keep = DEFAULT_KEEP;
    let mut mode: Option<&str> = None;
    let mut verify: Option<(PathBuf, PathBuf)> = None;
    let mut channel: Option<String> = None;
    let mut allow_downgrade = false;
    let mut dry_run = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| format!("Missing value for {name}"))
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "-i" | "--install-dir" => install_dir = Some(PathBuf::from(value(flag)?)),
            "-b" | "--bin-dir" => bin_dir = Some(PathBuf::from(value(flag)?)),
            "-u" | "--update" if inline.is_none() => update = true,
            "--keep" => {
                let v = value(flag)?;
                keep = v.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    format!("Invalid value for --keep: {v} (expected a number >= 1)")
                })?;
            }
            "--channel" => {
                set_mode(&mut mode, flag)?;
                channel = Some(value(flag)?);
            }
            "--allow-downgrade" if inline.is_none() => allow_downgrade = true,
            "--dry-run" if inline.is_none() => dry_run = true,
            "--rollback" | "--uninstall" if inline.is_none() => {
                set_mode(&mut mode, flag)?;
            }
            "--verify-zip" => {
                set_mode(&mut mode, flag)?;
                let zip = value(flag)?;
                let sig = it.next().cloned().ok_or_else(|| {
                    "Missing value for --verify-zip: expected <zip> <sig>".to_owned()
                })?;
                verify = Some((PathBuf::from(zip), PathBuf::from(sig)));
            }
            _ => return Err(format!("Got an unexpected argument: {arg}")),
        }
    }
    let dirs = Dirs {
        install_dir: absolute(install_dir.unwrap_or_else(default_install_dir)),
        bin_dir: absolute(bin_dir.unwrap_or_else(|| PathBuf::from(DEFAULT_BIN_DIR))),
    };
    if allow_downgrade && channel.is_none() {
        return Err("--allow-downgrade needs --channel".to_owned());
    }
    if dry_run && channel.is_none() {
        return Err("--dry-run needs --channel".to_owned());
    }
    let install = InstallOptions { dirs, update, keep };
    Ok(match mode {
        Some("--channel") => Command::Channel(ChannelOptions {
            install,
            url: channel.unwrap_or_default(),
            allow_downgrade,
            dry_run,
        }),
        Some("--rollback") => Command::Rollback(install.dirs),
        Some("--uninstall") => Command::Uninstall(install.dirs),
        Some(_) => {
            let (zip, sig) = verify.unwrap_or_default();
            Command::VerifyZip { zip, sig }
        }
        None => Command::Install(install),
    })
}

/// Records the one mode flag allowed per run.
fn set_mode<'a>(mode: &mut Option<&'a str>, flag: &'a str) -> Result<(), String> {
    match mode {
        Some(other) if *other != flag => Err(format!("{other} and {flag} cannot be combined")),
        _ => {
            *mode = Some(flag);
            Ok(())
        }
    }
}

/// The default install directory: the one this program is installed in when it runs from
/// `<install-dir>/v2/<version>/dist/install`, else `/usr/local/aws-cli`.
fn default_install_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| installed_root(&exe))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INSTALL_DIR))
}

/// `<root>` when `exe` is `<root>/v2/<version>/dist/install` and `<root>/v2/current` exists.
fn installed_root(exe: &Path) -> Option<PathBuf> {
    let dist = exe.parent()?;
    let version_dir = dist.parent()?;
    let v2 = version_dir.parent()?;
    let root = v2.parent()?;
    let looks_installed = dist.file_name()? == "dist"
        && v2.file_name()? == "v2"
        && std::fs::symlink_metadata(v2.join("current")).is_ok();
    looks_installed.then(|| root.to_path_buf())
}

/// Makes `path` absolute against the current directory, without resolving links.
fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_reference_flags() {
        let cmd = parse(&args(&["-i", "/opt/a", "-b", "/opt/b", "-u"])).unwrap();
        let Command::Install(opts) = cmd else {
            panic!("{cmd:?}")
        };
        assert_eq!(opts.dirs.install_dir, PathBuf::from("/opt/a"));
        assert_eq!(opts.dirs.bin_dir, PathBuf::from("/opt/b"));
        assert!(opts.update);
        assert_eq!(opts.keep, DEFAULT_KEEP);
        let cmd = parse(&args(&["--install-dir=/x", "--keep", "3"])).unwrap();
        let Command::Install(opts) = cmd else {
            panic!("{cmd:?}")
        };
        assert_eq!(opts.dirs.install_dir, PathBuf::from("/x"));
        assert_eq!(opts.keep, 3);
        assert!(!opts.update);
    }

    #[test]
    fn rejects_bad_arguments() {
        let err = parse(&args(&["--bogus"])).unwrap_err();
        assert_eq!(err, "Got an unexpected argument: --bogus");
        assert!(parse(&args(&["-i"])).unwrap_err().contains("Missing value"));
        assert!(parse(&args(&["--keep", "0"])).is_err());
        assert!(parse(&args(&["--rollback", "--uninstall"])).is_err());
        assert_eq!(parse(&args(&["-u", "-h"])).unwrap(), Command::Help);
        assert!(parse(&args(&["--allow-downgrade"])).is_err());
        assert!(parse(&args(&["--channel", "x", "--rollback"])).is_err());
        assert!(parse(&args(&["--channel"])).is_err());
    }

    #[test]
    fn parses_channel_updates() {
        let cmd = parse(&args(&[
            "-u",
            "--channel",
            "https://h/c",
            "--allow-downgrade",
        ]))
        .unwrap();
        let Command::Channel(opts) = cmd else {
            panic!("{cmd:?}")
        };
        assert_eq!(opts.url, "https://h/c");
        assert!(opts.allow_downgrade && opts.install.update);
        let cmd = parse(&args(&["--channel=file:///c"])).unwrap();
        let Command::Channel(opts) = cmd else {
            panic!("{cmd:?}")
        };
        assert!(!opts.allow_downgrade && !opts.install.update);
    }
}
