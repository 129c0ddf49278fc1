//! Tokenizer for JMESPath expressions, mirroring the reference lexer.

use super::{Caret, ErrorKind, QueryError};
use serde_json::Value;

/// One token kind with its payload.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Dot,
    Star,
    RBracket,
    Comma,
    Colon,
    Current,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Flatten,
    Filter,
    LBracket,
    UnquotedIdent(String),
    QuotedIdent(String),
    Literal(Value),
    Number(i64),
    Or,
    Pipe,
    And,
    Expref,
    Lt,
    Lte,
    Gt,
    Gte,
    Eq,
    Ne,
    Not,
    Eof,
}

/// A token and its character position in the expression.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: usize,
}

fn lex_err(pos: usize, msg: String) -> QueryError {
    QueryError::pointing(
        ErrorKind::Syntax,
        format!("Bad jmespath expression: {msg}"),
        Caret::Plain(pos),
    )
}

/// Splits `expr` into tokens, ending with `Tok::Eof`.
pub(crate) fn tokenize(expr: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = expr.chars().collect();
    if chars.is_empty() {
        return Err(QueryError::new(
            ErrorKind::Syntax,
            "Invalid jmespath expression: cannot be empty".to_string(),
        ));
    }
    let mut out = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        let start = i;
        let simple = match c {
            '.' => Some(Tok::Dot),
            '*' => Some(Tok::Star),
            ']' => Some(Tok::RBracket),
            ',' => Some(Tok::Comma),
            ':' => Some(Tok::Colon),
            '@' => Some(Tok::Current),
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            '{' => Some(Tok::LBrace),
            '}' => Some(Tok::RBrace),
            _ => None,
        };
        if let Some(tok) = simple {
            out.push(Token { tok, pos: start });
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < n && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                s.push(chars[i]);
                i += 1;
            }
            out.push(Token {
                tok: Tok::UnquotedIdent(s),
                pos: start,
            });
            continue;
        }
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '[' => {
                let tok = match chars.get(i + 1) {
                    Some(']') => {
                        i += 2;
                        Tok::Flatten
                    }
                    Some('?') => {
                        i += 2;
                        Tok::Filter
                    }
                    _ => {
                        i += 1;
                        Tok::LBracket
                    }
                };
                out.push(Token { tok, pos: start });
            }
            '\'' => {
                let (raw, next) = consume_until(&chars, i, '\'')?;
                i = next;
                out.push(Token {
                    tok: Tok::Literal(Value::String(raw.replace("\\'", "'"))),
                    pos: start,
                });
            }
            '`' => {
                let (raw, next) = consume_until(&chars, i, '`')?;
                i = next;
                let lexeme = raw.replace("\\`", "`");
                let value = match serde_json::from_str::<Value>(&lexeme) {
                    Ok(v) => v,
                    Err(_) => {
                        let quoted = format!("\"{}\"", lexeme.trim_start());
                        serde_json::from_str::<Value>(&quoted)
                            .map_err(|_| lex_err(start, format!("Bad token {lexeme}")))?
                    }
                };
                out.push(Token {
                    tok: Tok::Literal(value),
                    pos: start,
                });
            }
            '"' => {
                let (raw, next) = consume_until(&chars, i, '"')?;
                i = next;
                let lexeme = format!("\"{raw}\"");
                let s = serde_json::from_str::<String>(&lexeme)
                    .map_err(|_| lex_err(start, format!("Invalid quoted identifier {lexeme}")))?;
                out.push(Token {
                    tok: Tok::QuotedIdent(s),
                    pos: start,
                });
            }
            '|' | '&' | '<' | '>' | '!' => {
                let next = chars.get(i + 1).copied();
                let (double, tok) = match (c, next) {
                    ('|', Some('|')) => (true, Tok::Or),
                    ('|', _) => (false, Tok::Pipe),
                    ('&', Some('&')) => (true, Tok::And),
                    ('&', _) => (false, Tok::Expref),
                    ('<', Some('=')) => (true, Tok::Lte),
                    ('<', _) => (false, Tok::Lt),
                    ('>', Some('=')) => (true, Tok::Gte),
                    ('>', _) => (false, Tok::Gt),
                    ('!', Some('=')) => (true, Tok::Ne),
                    _ => (false, Tok::Not),
                };
                i += if double { 2 } else { 1 };
                out.push(Token { tok, pos: start });
            }
            '=' => {
                if chars.get(i + 1) == Some(&'=') {
                    i += 2;
                    out.push(Token {
                        tok: Tok::Eq,
                        pos: start,
                    });
                } else {
                    return Err(lex_err(start, "Unknown token '='".to_string()));
                }
            }
            '-' | '0'..='9' => {
                let mut s = String::from(c);
                i += 1;
                while i < n && chars[i].is_ascii_digit() {
                    s.push(chars[i]);
                    i += 1;
                }
                if s == "-" {
                    return Err(lex_err(start, "Unknown token '-'".to_string()));
                }
                let v: i64 = s
                    .parse()
                    .map_err(|_| lex_err(start, format!("Number out of range {s}")))?;
                out.push(Token {
                    tok: Tok::Number(v),
                    pos: start,
                });
            }
            other => return Err(lex_err(start, format!("Unknown token {other}"))),
        }
    }
    out.push(Token {
        tok: Tok::Eof,
        pos: n,
    });
    Ok(out)
}

/// Reads from the delimiter at `start` to the matching closing delimiter.
/// A backslash keeps itself and the next character. Returns the text between
/// the delimiters and the index after the closing one.
fn consume_until(chars: &[char], start: usize, delim: char) -> Result<(String, usize), QueryError> {
    let mut buf = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => {
                return Err(lex_err(start, format!("Unclosed {delim} delimiter")));
            }
            Some(&c) if c == delim => return Ok((buf, i + 1)),
            Some('\\') => {
                buf.push('\\');
                i += 1;
                match chars.get(i) {
                    None => return Err(lex_err(start, format!("Unclosed {delim} delimiter"))),
                    Some(&c) => buf.push(c),
                }
                i += 1;
            }
            Some(&c) => {
                buf.push(c);
                i += 1;
            }
        }
    }
}
