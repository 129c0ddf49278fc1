//! The `--version` line: `aws-cli/<version> Rust/<rustc> <OS>/<release> <arch>`.

/// The version line the AWS CLI prints for `--version` and in its user agent.
pub fn version_string() -> String {
    let uname = rustix::system::uname();
    format!(
        "aws-cli/{} Rust/{} {}/{} {}",
        env!("CARGO_PKG_VERSION"),
        env!("AWS2_RUSTC_VERSION"),
        uname.sysname().to_string_lossy(),
        uname.release().to_string_lossy(),
        uname.machine().to_string_lossy(),
    )
}
