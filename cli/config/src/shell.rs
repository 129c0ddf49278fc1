//! POSIX shell word splitting and quoting, as Python's `shlex.split` / `shlex.quote` do it.

/// Splits `text` into words as `shlex.split` does (POSIX mode, no comments); the error is
/// Python's message (`No closing quotation`, `No escaped character`).
pub fn split(text: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => {
                word.push(chars.next().ok_or("No escaped character")?);
                in_word = true;
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => word.push(ch),
                        None => return Err("No closing quotation"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\')) => word.push(ch),
                            Some(ch) => {
                                word.push('\\');
                                word.push(ch);
                            }
                            None => return Err("No closing quotation"),
                        },
                        Some(ch) => word.push(ch),
                        None => return Err("No closing quotation"),
                    }
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Quote `s` for a POSIX shell the way `shlex.quote` does.
pub fn quote(s: &str) -> String {
    if s.is_empty() {
        return "''".to_string();
    }
    let safe = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\"'\"'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_shlex() {
        assert_eq!(
            split(r#""/a b/c.sh" x "p q" 'r s' t\ u"#).unwrap(),
            vec!["/a b/c.sh", "x", "p q", "r s", "t u"]
        );
        assert_eq!(split("\"open"), Err("No closing quotation"));
        assert_eq!(split("end\\"), Err("No escaped character"));
        assert_eq!(
            split(r#"a 'b c' "d \" \x" e\ f"#).unwrap(),
            vec!["a", "b c", r#"d " \x"#, "e f"]
        );
        assert_eq!(quote("it's"), "'it'\"'\"'s'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("my name"), "'my name'");
    }
}
