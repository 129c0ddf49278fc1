//! JSON parameter values, parsed with the AWS CLI's rules and error wording
//! (`Expecting value: line 1 column 6 (char 5)`), keeping the order of object keys; a repeated
//! key keeps its first position and its last value.

use serde_json::{Map, Number, Value};

/// A JSON document that could not be parsed; Display gives the AWS CLI's wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}: line {line} column {column} (char {pos})")]
pub struct JsonError {
    /// What went wrong, e.g. `Expecting ',' delimiter`.
    pub message: &'static str,
    /// 1-based line of the error.
    pub line: usize,
    /// 1-based column of the error.
    pub column: usize,
    /// 0-based character offset of the error.
    pub pos: usize,
}

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 900;

/// Parses a whole JSON document (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let chars: Vec<char> = text.chars().collect();
    let p = JsonParser {
        s: &chars,
        depth: std::cell::Cell::new(0),
    };
    if chars.first() == Some(&'\u{feff}') {
        return Err(p.error("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
    }
    let start = p.skip_ws(0);
    let (value, end) = p.value(start)?;
    let end = p.skip_ws(end);
    if end != chars.len() {
        return Err(p.error("Extra data", end));
    }
    Ok(value)
}

struct JsonParser<'a> {
    s: &'a [char],
    depth: std::cell::Cell<usize>,
}

type Parsed = Result<(Value, usize), JsonError>;

impl JsonParser<'_> {
    fn error(&self, message: &'static str, pos: usize) -> JsonError {
        let before = &self.s[..pos.min(self.s.len())];
        let line = before.iter().filter(|&&c| c == '\n').count() + 1;
        let column = match before.iter().rposition(|&c| c == '\n') {
            Some(nl) => pos - nl,
            None => pos + 1,
        };
        JsonError {
            message,
            line,
            column,
            pos,
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while matches!(self.at(i), Some(' ' | '\t' | '\n' | '\r')) {
            i += 1;
        }
        i
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(k, c)| self.at(i + k) == Some(c))
    }

    fn value(&self, i: usize) -> Parsed {
        match self.at(i) {
            Some('"') => self.string(i + 1).map(|(s, end)| (Value::String(s), end)),
            Some('{') => self.nested(i, |p| p.object(i + 1)),
            Some('[') => self.nested(i, |p| p.array(i + 1)),
            Some('n') if self.starts_with(i, "null") => Ok((Value::Null, i + 4)),
            Some('t') if self.starts_with(i, "true") => Ok((Value::Bool(true), i + 4)),
            Some('f') if self.starts_with(i, "false") => Ok((Value::Bool(false), i + 5)),
            _ => {
                if let Some(parsed) = self.number(i) {
                    return parsed;
                }
                if self.starts_with(i, "NaN")
                    || self.starts_with(i, "Infinity")
                    || self.starts_with(i, "-Infinity")
                {
                    return Err(self.error("NaN and Infinity are not supported", i));
                }
                Err(self.error("Expecting value", i))
            }
        }
    }

    /// Runs `body` one nesting level deeper, refusing documents nested beyond [`MAX_DEPTH`].
    fn nested(&self, at: usize, body: impl FnOnce(&Self) -> Parsed) -> Parsed {
        if self.depth.get() >= MAX_DEPTH {
            return Err(self.error("Document nested too deeply", at));
        }
        self.depth.set(self.depth.get() + 1);
        let result = body(self);
        self.depth.set(self.depth.get() - 1);
        result
    }

    fn digits(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        i
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`; `None` when no number starts here.
    fn number(&self, start: usize) -> Option<Parsed> {
        let mut i = start;
        if self.at(i) == Some('-') {
            i += 1;
        }
        match self.at(i) {
            Some('0') => i += 1,
            Some('1'..='9') => i = self.digits(i),
            _ => return None,
        }
        let mut is_float = false;
        if self.at(i) == Some('.') && self.at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i = self.digits(i + 1);
            is_float = true;
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some('+' | '-')) {
                j += 1;
            }
            if self.at(j).is_some_and(|c| c.is_ascii_digit()) {
                i = self.digits(j);
                is_float = true;
            }
        }
        let text: String = self.s[start..i].iter().collect();
        let number = if is_float {
            text.parse::<f64>().ok().and_then(Number::from_f64)
        } else {
            text.parse::<Number>().ok()
        };
        Some(match number {
            Some(n) => Ok((Value::Number(n), i)),
            None => Err(self.error("NaN and Infinity are not supported", start)),
        })
    }

    fn object(&self, i: usize) -> Parsed {
        let mut map = Map::new();
        let mut i = self.skip_ws(i);
        if self.at(i) == Some('}') {
            return Ok((Value::Object(map), i + 1));
        }
        loop {
            if self.at(i) != Some('"') {
                return Err(self.error("Expecting property name enclosed in double quotes", i));
            }
            let (key, end) = self.string(i + 1)?;
            i = self.skip_ws(end);
            if self.at(i) != Some(':') {
                return Err(self.error("Expecting ':' delimiter", i));
            }
            i = self.skip_ws(i + 1);
            let (value, end) = self.value(i)?;
            map.insert(key, value);
            i = self.skip_ws(end);
            match self.at(i) {
                Some('}') => return Ok((Value::Object(map), i + 1)),
                Some(',') => i = self.skip_ws(i + 1),
                _ => return Err(self.error("Expecting ',' delimiter", i)),
            }
        }
    }

    fn array(&self, i: usize) -> Parsed {
        let mut items = Vec::new();
        let mut i = self.skip_ws(i);
        if self.at(i) == Some(']') {
            return Ok((Value::Array(items), i + 1));
        }
        loop {
            let (value, end) = self.value(i)?;
            items.push(value);
            i = self.skip_ws(end);
            match self.at(i) {
                Some(']') => return Ok((Value::Array(items), i + 1)),
                Some(',') => i = self.skip_ws(i + 1),
                _ => return Err(self.error("Expecting ',' delimiter", i)),
            }
        }
    }

    /// The string whose opening quote is at `start - 1`; returns it and the index past its end.
    fn string(&self, start: usize) -> Result<(String, usize), JsonError> {
        let begin = start - 1;
        let mut out = String::new();
        let mut i = start;
        loop {
            let Some(c) = self.at(i) else {
                return Err(self.error("Unterminated string starting at", begin));
            };
            match c {
                '"' => return Ok((out, i + 1)),
                '\\' => {
                    let Some(esc) = self.at(i + 1) else {
                        return Err(self.error("Unterminated string starting at", begin));
                    };
                    if esc == 'u' {
                        let (ch, end) = self.unicode_escape(i + 1)?;
                        out.push(ch);
                        i = end;
                        continue;
                    }
                    out.push(match esc {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        _ => return Err(self.error("Invalid \\escape", i)),
                    });
                    i += 2;
                }
                c if u32::from(c) < 0x20 => {
                    return Err(self.error("Invalid control character at", i));
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let text: String = self.s.get(at..at + 4)?.iter().collect();
        if text.chars().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(&text, 16).ok()
        } else {
            None
        }
    }

    /// `\uXXXX` (and a following low surrogate) with the `u` at `u_at`.
    fn unicode_escape(&self, u_at: usize) -> Result<(char, usize), JsonError> {
        let hi = self
            .hex4(u_at + 1)
            .ok_or_else(|| self.error("Invalid \\uXXXX escape", u_at))?;
        let mut end = u_at + 5;
        let mut code = hi;
        if (0xd800..0xdc00).contains(&hi)
            && self.at(end) == Some('\\')
            && self.at(end + 1) == Some('u')
        {
            let lo = self
                .hex4(end + 2)
                .ok_or_else(|| self.error("Invalid \\uXXXX escape", end + 1))?;
            if (0xdc00..0xe000).contains(&lo) {
                code = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                end += 6;
            }
        }
        Ok((char::from_u32(code).unwrap_or('\u{fffd}'), end))
    }
}
