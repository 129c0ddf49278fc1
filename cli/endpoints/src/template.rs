//! Template strings: `"https://{Bucket}.s3.{PartitionResult#dnsSuffix}"`.
//!
//! A string is a template when it holds at least one `{name}` or `{name#path}` placeholder.
//! `{{` and `}}` stand for literal braces. The part after `#` is a `getAttr` path.

use crate::path::{parse_path, PathSeg};

/// One piece of a template.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// Literal text.
    Text(String),
    /// A variable's value, optionally followed by an attribute path.
    Var { name: String, path: Vec<PathSeg> },
}

/// Whether `s` holds a placeholder, so that it must be read as a template.
pub(crate) fn is_template(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(open) = bytes[i..].iter().position(|&b| b == b'{') {
        let start = i + open + 1;
        let len = bytes[start..]
            .iter()
            .take_while(|&&b| {
                b.is_ascii_alphanumeric() || matches!(b, b'_' | b'#' | b'[' | b']' | b'.')
            })
            .count();
        if len > 0 && bytes.get(start + len) == Some(&b'}') {
            return true;
        }
        i = start;
    }
    false
}

/// Splits a template into pieces; `None` when the braces do not balance.
pub(crate) fn parse_template(s: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut field = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '{' => return None,
                        c => field.push(c),
                    }
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                let (name, path) = match field.split_once('#') {
                    Some((name, rest)) => (name.to_owned(), parse_path(&rest.replace('#', "."))),
                    None => (field, Vec::new()),
                };
                if name.is_empty() {
                    return None;
                }
                pieces.push(Piece::Var { name, path });
            }
            '}' => return None,
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_placeholders() {
        assert!(is_template("https://{Region}.example.com"));
        assert!(is_template("{url#scheme}://x"));
        assert!(is_template("{uri_encoded_bucket}"));
        assert!(!is_template("no braces"));
        assert!(!is_template("{not a template}"));
        assert!(!is_template("{}"));
    }

    #[test]
    fn parses_pieces_and_escapes() {
        let pieces = parse_template("a{{b}}{X}c{Y#z.w}").unwrap();
        assert_eq!(pieces.len(), 4);
        assert!(matches!(&pieces[0], Piece::Text(t) if t == "a{b}"));
        assert!(matches!(&pieces[1], Piece::Var { name, path } if name == "X" && path.is_empty()));
        assert!(matches!(&pieces[3], Piece::Var { name, path } if name == "Y" && path.len() == 2));
        assert!(parse_template("a{b").is_none());
        assert!(parse_template("a}b").is_none());
    }
}
