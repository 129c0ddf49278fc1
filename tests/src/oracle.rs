//! The reference AWS CLI v2 2.36.7, which every differential test compares with.
//!
//! `scripts/test` installs it from `../shared/oracle/` into its own virtual environment
//! (`$HOME/.cache/aws-cli-v2`); `AWS_V2_BIN` names another installation of the same release.

use std::path::PathBuf;
use std::process::Command;

/// The release the oracle must be.
pub const V2_VERSION: &str = "2.36.7";

/// The path of the reference `aws` program.
///
/// Panics with the command that installs it when it is missing, so that a test never passes
/// without having run the oracle.
pub fn v2_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("AWS_V2_BIN") {
        return PathBuf::from(path);
    }
    let home = std::env::var_os("HOME").expect("HOME is set");
    let bin = PathBuf::from(home).join(".cache/aws-cli-v2/bin/aws");
    assert!(
        bin.exists(),
        "the AWS CLI v2 {V2_VERSION} oracle is not installed at {}: run scripts/test \
         (or install ../shared/oracle/*.whl into $HOME/.cache/aws-cli-v2)",
        bin.display()
    );
    bin
}

/// The path of the reference `aws_completer`, beside [`v2_bin`].
pub fn v2_completer_bin() -> PathBuf {
    v2_bin().with_file_name("aws_completer")
}

/// A command that runs the reference `aws`, with nothing set but the program.
pub fn v2_command() -> Command {
    Command::new(v2_bin())
}

/// A command that runs the reference installation's own Python, which imports `awscli` (and
/// `ruamel.yaml` with its libyaml-based `ruamel.yaml.clib`) exactly as the reference `aws` does.
pub fn v2_python_command() -> Command {
    Command::new(v2_bin().with_file_name("python"))
}
