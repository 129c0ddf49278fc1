//! Running the two command lines under test in one isolated environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Which `aws` runs a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cli {
    /// The AWS CLI v2 2.36.7 ([`crate::oracle::v2_bin`]): the reference.
    Oracle,
    /// Our `aws`.
    Aws2,
}

impl Cli {
    /// A short label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Cli::Oracle => "aws-cli v2",
            Cli::Aws2 => "aws2",
        }
    }
}

/// What a command did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
}

/// An isolated environment for both CLIs: a temporary `HOME` and working directory, empty
/// credentials, test keys, `us-east-1`, and the endpoint of one `moto_server`.
pub struct CliEnv {
    dir: tempfile::TempDir,
    endpoint: String,
    v2_bin: PathBuf,
}

impl CliEnv {
    /// Creates the environment for a server endpoint such as `http://127.0.0.1:5000`.
    pub fn new(endpoint: &str) -> CliEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("home")).expect("home dir");
        std::fs::write(dir.path().join("config"), "").expect("config file");
        std::fs::write(dir.path().join("credentials"), "").expect("credentials file");
        CliEnv {
            dir,
            endpoint: endpoint.to_owned(),
            v2_bin: crate::binary::aws_bin(),
        }
    }

    /// The working directory of every command (relative `file://` paths resolve here).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server endpoint.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Writes a file into the working directory and returns its absolute path.
    pub fn write_file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// Runs one command with `--endpoint-url` appended.
    pub fn run(&self, cli: Cli, args: &[String]) -> Outcome {
        self.run_raw(cli, args, true)
    }

    /// Runs one command; `with_endpoint` appends `--endpoint-url`.
    pub fn run_raw(&self, cli: Cli, args: &[String], with_endpoint: bool) -> Outcome {
        let out = self
            .command(cli, args, with_endpoint)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.label()));
        Outcome {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }

    /// The command line of one command in this environment, not started (for commands a
    /// test talks to while they run); `with_endpoint` appends `--endpoint-url`.
    pub fn command(&self, cli: Cli, args: &[String], with_endpoint: bool) -> Command {
        let program = match cli {
            Cli::Oracle => crate::oracle::v2_bin(),
            Cli::Aws2 => self.v2_bin.clone(),
        };
        let mut cmd = Command::new(program);
        cmd.args(args);
        if with_endpoint {
            cmd.args(["--endpoint-url", &self.endpoint]);
        }
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                cmd.env_remove(&key);
            }
        }
        cmd.env_remove("COLUMNS")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", self.dir.path().join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join("credentials"),
            )
            .env("AWS_PAGER", "")
            .env("HOME", self.dir.path().join("home"))
            .current_dir(self.dir.path());
        cmd
    }

    /// Runs a setup command with our CLI and panics unless it succeeds.
    pub fn setup(&self, args: &[&str]) -> Outcome {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        let out = self.run(Cli::Aws2, &args);
        assert_eq!(
            out.code,
            0,
            "setup `aws {}` failed: {}",
            args.join(" "),
            out.stderr
        );
        out
    }
}
