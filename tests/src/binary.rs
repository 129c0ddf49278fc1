//! Finds the `aws` binary under test, building it once per test process.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

/// The path of our `aws` binary.
///
/// `AWS2_BIN` names a prebuilt binary; otherwise `cargo build -p aws2-cli --bin aws --features
/// aws2-cli/test-hooks` runs once in the target directory of the running test executable and
/// its `debug/aws` is returned. The test hooks (the credential clock of `AWS2_TEST_CLOCK_FILE`)
/// do nothing unless a test sets their variables; release builds never have them.
pub fn aws_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("AWS2_BIN") {
            return PathBuf::from(path);
        }
        let profile_dir = profile_dir();
        let target_dir = profile_dir
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| profile_dir.clone());
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "aws2-cli", "--bin", "aws"])
            .args(["--features", "aws2-cli/test-hooks"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the aws binary failed");
        let bin = profile_dir.join(format!("aws{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} was not built", bin.display());
        bin
    })
    .clone()
}

/// `target/<profile>`: the test executable lives in its `deps` folder.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let deps = exe.parent().expect("deps dir");
    match deps.file_name().and_then(|n| n.to_str()) {
        Some("deps") => deps.parent().expect("profile dir").to_path_buf(),
        _ => deps.to_path_buf(),
    }
}
