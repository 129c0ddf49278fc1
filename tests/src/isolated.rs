//! Runs any `aws` program in a fresh isolated environment: a temporary `HOME` and working
//! directory, empty config and credentials files, the test keys, `us-east-1`, no pager, and
//! no other `AWS_*` variable of the caller.

use crate::cli::Outcome;
use std::path::Path;
use std::process::{Command, Stdio};

/// A temporary working directory with its own `HOME`, config and credentials files.
pub struct Isolated {
    dir: tempfile::TempDir,
}

impl Isolated {
    /// Creates the directory.
    pub fn new() -> Isolated {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("home")).expect("home dir");
        std::fs::write(dir.path().join("config"), "").expect("config file");
        std::fs::write(dir.path().join("credentials"), "").expect("credentials file");
        Isolated { dir }
    }

    /// The working directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the working directory, with the directories its name has.
    pub fn write(&self, name: &str, contents: &[u8]) {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("test file directory");
        }
        std::fs::write(path, contents).expect("write test file");
    }

    /// Makes `name` in the working directory a symbolic link to `target`, which need not exist.
    #[cfg(unix)]
    pub fn symlink(&self, name: &str, target: &str) {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("test link directory");
        }
        std::os::unix::fs::symlink(target, path).expect("test symlink");
    }

    /// Reads a file of the working directory, `None` when it is missing.
    pub fn read(&self, name: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.path().join(name)).ok()
    }

    /// Runs `program args --endpoint-url endpoint` here; the directory's path is replaced by
    /// `<dir>` in the output.
    pub fn run(&self, program: &Path, args: &[String], endpoint: &str) -> Outcome {
        self.run_with_env(program, args, endpoint, &[])
    }

    /// [`Isolated::run`] with more environment variables set.
    pub fn run_with_env(
        &self,
        program: &Path,
        args: &[String],
        endpoint: &str,
        env: &[(&str, &str)],
    ) -> Outcome {
        let dir = self.dir.path();
        let mut cmd = Command::new(program);
        cmd.args(args).args(["--endpoint-url", endpoint]);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                cmd.env_remove(&key);
            }
        }
        let out = cmd
            .env_remove("COLUMNS")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", dir.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
            .env("AWS_PAGER", "")
            .env("HOME", dir.join("home"))
            .envs(env.iter().copied())
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
        let path = dir.to_string_lossy().into_owned();
        let clean = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&path, "<dir>");
        Outcome {
            stdout: clean(&out.stdout),
            stderr: clean(&out.stderr),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

impl Default for Isolated {
    fn default() -> Self {
        Isolated::new()
    }
}

/// What the working directory of a command holds besides the config files.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    /// Files (name, contents); names may have directories.
    pub files: Vec<(String, Vec<u8>)>,
    /// Symbolic links (name, target).
    pub links: Vec<(String, String)>,
}

/// Runs one command in a fresh [`Isolated`] directory holding `tree`.
pub fn run(program: &Path, args: &[String], endpoint: &str, tree: &Tree) -> Outcome {
    let place = Isolated::new();
    for (name, contents) in &tree.files {
        place.write(name, contents);
    }
    #[cfg(unix)]
    for (name, target) in &tree.links {
        place.symlink(name, target);
    }
    place.run(program, args, endpoint)
}
