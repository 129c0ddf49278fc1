//! Shared helpers: a temporary home with config and credentials files and an environment
//! that points at them.
#![allow(dead_code)]

use std::path::PathBuf;

use aws2_config::{CommandLine, Env, Session};

pub const AKID: &str = "AKIAIOSFODNN7EXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxrFiCYEXAMPLEKEY";

pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Self {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join(".aws/config")
    }

    pub fn credentials_path(&self) -> PathBuf {
        self.dir.path().join(".aws/credentials")
    }

    pub fn write_config(&self, text: &str) -> &Self {
        std::fs::create_dir_all(self.dir.path().join(".aws")).unwrap();
        std::fs::write(self.config_path(), text).unwrap();
        self
    }

    pub fn write_credentials(&self, text: &str) -> &Self {
        std::fs::create_dir_all(self.dir.path().join(".aws")).unwrap();
        std::fs::write(self.credentials_path(), text).unwrap();
        self
    }

    /// An environment with only HOME set (default file locations under it).
    pub fn env(&self) -> Env {
        Env::empty().with("HOME", self.dir.path().to_string_lossy().to_string())
    }

    pub fn session(&self, env: Env, cli: CommandLine) -> Session {
        Session::new(env, cli)
    }

    pub fn read_config(&self) -> String {
        std::fs::read_to_string(self.config_path()).unwrap_or_default()
    }

    pub fn read_credentials(&self) -> String {
        std::fs::read_to_string(self.credentials_path()).unwrap_or_default()
    }
}

/// Print a pass-count summary line to both stdout and stderr.
pub fn report(name: &str, passed: usize, total: usize) {
    println!("{name}: {passed}/{total} passed");
    eprintln!("{name}: {passed}/{total} passed");
}
pub mod servers;
