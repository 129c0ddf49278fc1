//! Small renderings the AWS CLI's messages take from its runtime: an OS error as
//! `[Errno 2] No such file or directory: 'path'` and a string's quoted representation.

use std::fmt::Write as _;

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
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                let _ = match code {
                    0..=0xff => write!(out, "\\x{code:02x}"),
                    0x100..=0xffff => write!(out, "\\u{code:04x}"),
                    _ => write!(out, "\\U{code:08x}"),
                };
            }
        }
    }
    out.push(quote);
    out
}

fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control() || c.is_whitespace() || ('\u{80}'..='\u{a0}').contains(&c) || c == '\u{ad}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_picks_quotes_like_python() {
        assert_eq!(py_repr("nope"), "'nope'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(py_repr("tab\there\\"), "'tab\\there\\\\'");
        assert_eq!(py_repr("\u{1}"), "'\\x01'");
    }

    #[test]
    fn os_error_has_errno_and_path() {
        let err = std::fs::read("/definitely/not/here").unwrap_err();
        assert_eq!(
            os_error_text(&err, "/definitely/not/here"),
            "[Errno 2] No such file or directory: '/definitely/not/here'"
        );
    }
}
