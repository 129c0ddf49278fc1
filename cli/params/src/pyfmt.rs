//! Small renderings the AWS CLI's messages take from its runtime: an OS error as
//! `[Errno 2] No such file or directory: 'path'` and a string's quoted representation.

/// An I/O error about `path` as the AWS CLI prints it.
pub(crate) fn os_error_text(err: &std::io::Error, path: &str) -> String {
    match err.raw_os_error() {
        Some(code) => {
            let full = err.to_string();
            let suffix = format!(" (os error {code})");
            let reason = full.strip_suffix(&suffix).unwrap_or(&full);
            format!("[Errno {code}] {reason}: {}", py_repr(path))
        }
        None => err.to_string(),
    }
}

/// A string quoted and escaped the way Python's `repr` shows it.
pub(crate) fn py_repr(s: &str) -> String {
    aws2_pyrepr::str_repr(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_error_has_errno_and_path() {
        let err = std::fs::read("/definitely/not/here").unwrap_err();
        assert_eq!(
            os_error_text(&err, "/definitely/not/here"),
            "[Errno 2] No such file or directory: '/definitely/not/here'"
        );
    }
}
