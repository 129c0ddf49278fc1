//! The tokens of `aws ddb`'s expressions (`--filter`, `--projection`, `--key-condition`,
//! `--condition`), as v2's lexer splits them: identifiers, `'quoted'` names, `"string"`,
//! number, `b"base64"`, `true`/`false`/`null` literals, the punctuation and the comparators,
//! with v2's messages for what it cannot read.

use super::types::{decimal_text, Item};
use base64::Engine;

/// One token; `start` and `end` are character positions, as v2 reports them.
#[derive(Debug, Clone)]
pub struct Token {
    /// v2's token type (`unquoted_identifier`, `literal`, `eq`, `eof`, …).
    pub kind: &'static str,
    /// The token's value as Python's `str` shows it in messages.
    pub text: String,
    /// A literal's value.
    pub literal: Option<Item>,
    /// Where the token starts.
    pub start: usize,
    /// Where v2 says it ends (for quoted tokens, their length, as v2 has it).
    pub end: usize,
}

/// An expression's error, with v2's message (a parameter error, exit code 252).
pub type Error = String;

const SIMPLE: &[(char, &str)] = &[
    ('.', "dot"),
    (',', "comma"),
    (':', "colon"),
    ('(', "lparen"),
    (')', "rparen"),
    ('{', "lbrace"),
    ('}', "rbrace"),
    ('[', "lbracket"),
    (']', "rbracket"),
    ('=', "eq"),
];

fn ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

struct Lexer<'a> {
    expression: &'a str,
    chars: Vec<char>,
    pos: usize,
}

/// Splits `expression` into tokens, the last of them `eof`.
pub fn tokenize(expression: &str) -> Result<Vec<Token>, Error> {
    if expression.is_empty() {
        return Err("Expressions must not be empty".into());
    }
    let mut lx = Lexer {
        expression,
        chars: expression.chars().collect(),
        pos: 0,
    };
    let mut tokens = Vec::new();
    while let Some(c) = lx.current() {
        if let Some((_, kind)) = SIMPLE.iter().find(|(ch, _)| *ch == c) {
            tokens.push(token(kind, c.to_string(), None, lx.pos, lx.pos + 1));
            lx.pos += 1;
        } else if ident_start(c) {
            tokens.push(lx.identifier()?);
        } else if c == '\'' {
            let start = lx.pos;
            let text = lx.until('\'')?.replace("\\'", "'");
            tokens.push(token("identifier", text, None, start, lx.py_pos() - start));
        } else if c == '"' {
            tokens.push(lx.string()?);
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            lx.pos += 1;
        } else if c.is_ascii_digit() || c == '-' {
            tokens.push(lx.number()?);
        } else if c == '<' || c == '>' {
            tokens.push(lx.comparator());
        } else {
            return Err(lx.error(&format!("Unrecognized character {c}"), lx.pos));
        }
    }
    let n = lx.chars.len();
    tokens.push(token("eof", String::new(), None, n, n));
    Ok(tokens)
}

fn token(kind: &'static str, text: String, literal: Option<Item>, start: usize, end: usize) -> Token {
    Token {
        kind,
        text,
        literal,
        start,
        end,
    }
}

fn literal(item: Item, text: String, start: usize, end: usize) -> Token {
    token("literal", text, Some(item), start, end)
}

impl Lexer<'_> {
    fn current(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn error(&self, message: &str, position: usize) -> Error {
        format!("{message}\n{}\n{}^", self.expression, " ".repeat(position))
    }

    fn identifier(&mut self) -> Result<Token, Error> {
        let start = self.pos;
        let first = self.chars[start];
        if (first == 'b' || first == 'B') && self.chars.get(start + 1) == Some(&'"') {
            self.pos += 1;
            return self.base64(start);
        }
        while self.current().is_some_and(|c| self.pos == start || ident_char(c)) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        let end = self.pos;
        let lower = text.to_lowercase();
        Ok(match lower.as_str() {
            "and" | "between" | "in" | "or" | "not" => {
                let kind = match lower.as_str() {
                    "and" => "and",
                    "between" => "between",
                    "in" => "in",
                    "or" => "or",
                    _ => "not",
                };
                token(kind, text, None, start, end)
            }
            "true" => literal(Item::Bool(true), "True".into(), start, end),
            "false" => literal(Item::Bool(false), "False".into(), start, end),
            "null" => literal(Item::Null, "None".into(), start, end),
            _ => token("unquoted_identifier", text, None, start, end),
        })
    }

    /// Text up to the closing `delimiter` (a backslash keeps the next character).
    fn until(&mut self, delimiter: char) -> Result<String, Error> {
        let start = self.pos;
        let mut buff = String::new();
        self.pos += 1;
        while self.current() != Some(delimiter) {
            if self.current() == Some('\\') {
                buff.push('\\');
                self.pos += 1;
            }
            let Some(c) = self.current() else {
                return Err(self.error(&format!("Unclosed {delimiter} delimiter"), start));
            };
            buff.push(c);
            self.pos += 1;
        }
        self.pos += 1;
        Ok(buff)
    }

    fn string(&mut self) -> Result<Token, Error> {
        let start = self.pos;
        let text = self.until('"')?.replace("\\\"", "\"");
        Ok(literal(Item::Str(text.clone()), text, start, self.py_pos() - start))
    }

    fn base64(&mut self, start: usize) -> Result<Token, Error> {
        let raw = self.string()?;
        let text = raw.text;
        let alphabet = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
        if !text.is_empty() && !text.starts_with(alphabet) {
            return Err(self.error(&format!("Invalid base64 string b\"{text}\""), start));
        }
        let kept: String = text.chars().filter(|&c| alphabet(c)).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&kept)
            .map_err(|_| self.error(&format!("Invalid base64 string b\"{text}\": Incorrect padding"), start))?;
        Ok(literal(Item::Binary(bytes.clone()), format!("{bytes:?}"), start, raw.end))
    }

    fn digits(&mut self, buff: &mut String) -> Result<(), Error> {
        let first = self.chars[self.pos];
        buff.push(first);
        let begin = buff.len();
        self.pos += 1;
        while let Some(c) = self.current().filter(char::is_ascii_digit) {
            buff.push(c);
            self.pos += 1;
        }
        if first == '-' && buff.len() == begin {
            return Err(self.error(&format!("Unknown token {}", &buff[begin - 1..]), self.py_pos()));
        }
        Ok(())
    }

    fn number(&mut self) -> Result<Token, Error> {
        let start = self.pos;
        let mut buff = String::new();
        self.digits(&mut buff)?;
        let shown = |c: Option<char>| c.map_or("None".to_owned(), |c| c.to_string());
        if self.current() == Some('.') {
            buff.push('.');
            self.pos += 1;
            if !self.current().is_some_and(|c| c.is_ascii_digit()) {
                let message = format!("Invalid fractional character {}", shown(self.current()));
                return Err(self.error(&message, self.py_pos()));
            }
            self.digits(&mut buff)?;
        }
        if self.current().is_some_and(|c| c == 'e' || c == 'E') {
            buff.push(self.chars[self.pos]);
            self.pos += 1;
            if !self.current().is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+') {
                let message = format!("Invalid exponential character {}", shown(self.current()));
                return Err(self.error(&message, self.py_pos()));
            }
            self.digits(&mut buff)?;
        }
        let text = decimal_text(&buff).ok_or_else(|| "[<class 'decimal.ConversionSyntax'>]".to_owned())?;
        let end = start + buff.chars().count();
        Ok(literal(Item::Number(text.clone()), text, start, end))
    }

    fn comparator(&mut self) -> Token {
        let c = self.chars[self.pos];
        self.pos += 1;
        let next = self.current();
        let (kind, text) = match (c, next) {
            ('<', Some('>')) => ("ne", "<>"),
            ('<', Some('=')) => ("lte", "<="),
            ('>', Some('=')) => ("gte", ">="),
            ('<', _) => ("lt", "<"),
            _ => ("gt", ">"),
        };
        if text.len() == 2 {
            self.pos += 1;
        }
        let at = self.py_pos();
        token(kind, text.into(), None, at.saturating_sub(text.len()), at)
    }

    /// v2's position: it never moves past the last character.
    fn py_pos(&self) -> usize {
        self.pos.min(self.chars.len().saturating_sub(1))
    }
}
