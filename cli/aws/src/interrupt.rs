//! Ctrl-C during a service operation: the AWS CLI v2 ends the command with a line break on
//! standard output and exit code 130 (128 + SIGINT), whatever request is in flight. The `s3`
//! commands install their own handler, which lets transfers clean up first.

use std::io::Write;

/// Installs the handler (once per process; a second handler is not installed).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let mut out = std::io::stdout();
        let _ = out.write_all(b"\n");
        let _ = out.flush();
        std::process::exit(crate::error::INTERRUPTED_RC);
    });
}
