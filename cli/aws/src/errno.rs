//! Python's text of an `OSError`, which the AWS CLI prints for files it cannot read.

/// An I/O error as Python prints an `OSError`: `[Errno 2] No such file or directory`.
pub fn python_os_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "[Errno 2] No such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "[Errno 13] Permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "[Errno 21] Is a directory".to_owned(),
        _ => match e.raw_os_error() {
            Some(code) => {
                // The system's text, without the " (os error N)" Rust adds to it.
                let text = e.to_string();
                let suffix = format!(" (os error {code})");
                format!(
                    "[Errno {code}] {}",
                    text.strip_suffix(&suffix).unwrap_or(&text)
                )
            }
            None => e.to_string(),
        },
    }
}
