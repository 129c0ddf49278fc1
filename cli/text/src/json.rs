//! JSON string literals as Python's `json.dumps` writes them.

/// How characters outside printable ASCII are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// `ensure_ascii=True`: every character outside ` `..`~` as `\uXXXX` (UTF-16 units).
    Ascii,
    /// `ensure_ascii=False`: only control characters escaped, the rest as UTF-8.
    Utf8,
}

/// Appends `s` to `out` as a quoted JSON string.
pub fn write_string(out: &mut String, s: &str, escape: Escape) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if escape == Escape::Ascii && (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a quoted JSON string.
pub fn string(s: &str, escape: Escape) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s, escape);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_python() {
        assert_eq!(string("a\"b\\c\n", Escape::Ascii), r#""a\"b\\c\n""#);
        assert_eq!(
            string("\u{1}\u{7f}é😀", Escape::Ascii),
            r#""\u0001\u007f\u00e9\ud83d\ude00""#
        );
        assert_eq!(string("\u{1}é", Escape::Utf8), "\"\\u0001é\"");
    }
}
