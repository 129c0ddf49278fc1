//! Character classes of the shorthand grammar, defined over Unicode code points exactly as the
//! AWS CLI's regular expressions define them (code points above U+FFFF belong to no class).

/// Whitespace as a Python regular expression's `\s` (and `str.isspace`) sees it.
pub(crate) fn is_regex_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Whitespace skipped between tokens: the ASCII set of Python's `string.whitespace`.
pub(crate) fn is_token_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}')
}

/// First character of an unquoted value.
pub(crate) fn is_start(c: char) -> bool {
    matches!(c,
        '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z' | '|'..='\u{ffff}')
}

/// Following characters of a value in a key's first position or inside `[...]`/`{...}`.
pub(crate) fn is_first_follow(c: char) -> bool {
    is_regex_space(c)
        || matches!(c,
            '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|' | '~'..='\u{ffff}')
}

/// Following characters of the second and later items of a comma-separated list.
pub(crate) fn is_second_follow(c: char) -> bool {
    is_regex_space(c) || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='\u{ffff}')
}

/// Characters allowed in a key.
pub(crate) fn is_key(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
}
