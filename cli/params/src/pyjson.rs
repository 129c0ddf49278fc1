//! JSON text read as Python's `json.loads` reads it, which is how the AWS CLI reads JSON
//! parameter values and `--cli-input-json`: the same values, object keys in order (a repeated
//! key keeps its first position and its last value), and the same errors, found in the order
//! Python's scanner finds them (`Expecting ',' delimiter: line 3 column 7 (char 18)`).
//!
//! Python also accepts `NaN`, `Infinity` and `-Infinity`, and reads numbers too large for a
//! float as infinities. JSON has no such numbers, so these values come back as the strings
//! `"NaN"`, `"Infinity"` and `"-Infinity"`, the form the rest of the workspace gives
//! non-finite floats in JSON.

use serde_json::{Map, Number, Value};

/// A document Python's `json.loads` refuses; Display gives Python's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    /// A `JSONDecodeError`, e.g. `Expecting ',' delimiter: line 1 column 6 (char 5)`.
    #[error("{message}: line {line} column {column} (char {pos})")]
    Syntax {
        /// What went wrong, e.g. `Expecting ',' delimiter`.
        message: &'static str,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error, counted from the last newline before it.
        column: usize,
        /// 0-based offset of the error, in characters.
        pos: usize,
    },
    /// An integer literal longer than Python converts (a plain `ValueError`).
    #[error(
        "Exceeds the limit (4300 digits) for integer string conversion: value has {digits} \
         digits; use sys.set_int_max_str_digits() to increase the limit"
    )]
    IntTooLong {
        /// Digits in the literal, sign excluded.
        digits: usize,
    },
    /// Arrays and objects nested deeper than the AWS CLI's Python stack allows (a
    /// `RecursionError`, which the AWS CLI prints bare rather than as invalid JSON).
    #[error(
        "maximum recursion depth exceeded while decoding a JSON {container} from a unicode string"
    )]
    TooDeep {
        /// `array` or `object`: the container that went one level too deep.
        container: &'static str,
    },
}

impl JsonError {
    /// Whether Python raises this as a `ValueError`, which the AWS CLI reports as
    /// `Invalid JSON: <message>` (every error but [`JsonError::TooDeep`]).
    pub fn is_value_error(&self) -> bool {
        !matches!(self, JsonError::TooDeep { .. })
    }
}

/// Arrays and objects a parameter value may nest: one more and the AWS CLI v2 runs out of
/// Python stack while decoding it (measured on the AWS CLI v2 2.36.7).
pub const MAX_DEPTH: usize = 978;

/// Arrays and objects `--cli-input-json` may nest (in the AWS CLI v2, as deep as a parameter).
pub const CLI_INPUT_MAX_DEPTH: usize = 978;

/// Most digits Python converts to an integer (`sys.get_int_max_str_digits()`).
const MAX_INT_DIGITS: usize = 4300;

/// Parses a parameter value as a whole document (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    parse_nested(text, MAX_DEPTH)
}

/// Parses a whole document, refusing arrays and objects nested more than `max_depth` deep.
pub fn parse_nested(text: &str, max_depth: usize) -> Result<Value, JsonError> {
    let chars: Vec<char> = text.chars().collect();
    let scanner = Scanner {
        s: &chars,
        max_depth,
    };
    // `json.loads` refuses a byte order mark before anything else.
    if chars.first() == Some(&'\u{feff}') {
        return Err(scanner.syntax("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
    }
    let start = scanner.skip_space(0);
    let (value, end) = scanner.value(start)?;
    let end = scanner.skip_space(end);
    if end < chars.len() {
        return Err(scanner.syntax("Extra data", end));
    }
    Ok(value)
}

/// One document, as characters (Python counts positions in code points).
struct Scanner<'a> {
    s: &'a [char],
    max_depth: usize,
}

/// A value and the index just past it.
type Scanned<T> = Result<(T, usize), JsonError>;

/// An array or object being read: its contents so far (and, for an object, the key whose
/// value comes next).
enum Open {
    Array(Vec<Value>),
    Object(Map<String, Value>, String),
}

impl Scanner<'_> {
    fn syntax(&self, message: &'static str, pos: usize) -> JsonError {
        let before = &self.s[..pos.min(self.s.len())];
        let line = 1 + before.iter().filter(|&&c| c == '\n').count();
        let line_start = before
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |nl| nl + 1);
        let column = pos - line_start + 1;
        JsonError::Syntax {
            message,
            line,
            column,
            pos,
        }
    }

    fn get(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn is(&self, i: usize, c: char) -> bool {
        self.get(i) == Some(c)
    }

    fn is_digit(&self, i: usize) -> bool {
        self.get(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// Past JSON whitespace: space, tab, newline and carriage return only.
    fn skip_space(&self, mut i: usize) -> usize {
        while matches!(self.get(i), Some(' ' | '\t' | '\n' | '\r')) {
            i += 1;
        }
        i
    }

    fn word_at(&self, i: usize, word: &str) -> bool {
        (i..).zip(word.chars()).all(|(k, c)| self.is(k, c))
    }

    /// The value starting exactly at `i`; `Expecting value` when none does.
    ///
    /// Python reads nested arrays and objects recursively; here they are kept on a stack of
    /// their own so that deep documents cannot exhaust the thread's stack, and every check
    /// comes in the same order.
    fn value(&self, mut i: usize) -> Scanned<Value> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            // One value at `i`: a scalar, or the start of an array or object.
            let (mut value, mut end) = match self.get(i) {
                Some(c @ ('[' | '{')) => {
                    if open.len() >= self.max_depth {
                        let container = if c == '[' { "array" } else { "object" };
                        return Err(JsonError::TooDeep { container });
                    }
                    let first = self.skip_space(i + 1);
                    if c == '[' {
                        if self.is(first, ']') {
                            (Value::Array(Vec::new()), first + 1)
                        } else {
                            open.push(Open::Array(Vec::new()));
                            i = first;
                            continue;
                        }
                    } else if self.is(first, '}') {
                        (Value::Object(Map::new()), first + 1)
                    } else {
                        let (key, next) = self.key(first)?;
                        open.push(Open::Object(Map::new(), key));
                        i = next;
                        continue;
                    }
                }
                _ => self.scalar(i)?,
            };
            // Put the finished value into the innermost open container, closing containers
            // for as long as they end right after it.
            loop {
                let Some(innermost) = open.last_mut() else {
                    return Ok((value, end));
                };
                let after = self.skip_space(end);
                let closed = match innermost {
                    Open::Array(items) => {
                        items.push(value);
                        self.is(after, ']')
                    }
                    Open::Object(map, key) => {
                        map.insert(std::mem::take(key), value);
                        self.is(after, '}')
                    }
                };
                if !closed {
                    if !self.is(after, ',') {
                        return Err(self.syntax("Expecting ',' delimiter", after));
                    }
                    let next = self.skip_space(after + 1);
                    i = match innermost {
                        Open::Array(_) => next,
                        Open::Object(_, key) => {
                            let (name, value_at) = self.key(next)?;
                            *key = name;
                            value_at
                        }
                    };
                    break;
                }
                value = match open.pop() {
                    Some(Open::Array(items)) => Value::Array(items),
                    Some(Open::Object(map, _)) => Value::Object(map),
                    None => unreachable!("an open container was just seen"),
                };
                end = after + 1;
            }
        }
    }

    /// An object's key at `i` and its `:`; returns the key and where its value starts.
    fn key(&self, i: usize) -> Scanned<String> {
        if !self.is(i, '"') {
            return Err(self.syntax("Expecting property name enclosed in double quotes", i));
        }
        let (key, end) = self.string(i)?;
        let colon = self.skip_space(end);
        if !self.is(colon, ':') {
            return Err(self.syntax("Expecting ':' delimiter", colon));
        }
        Ok((key, self.skip_space(colon + 1)))
    }

    /// A string, constant or number at `i`.
    fn scalar(&self, i: usize) -> Scanned<Value> {
        if self.is(i, '"') {
            return self.string(i).map(|(s, end)| (Value::String(s), end));
        }
        // The named constants, each told by its first character as Python tells them.
        let (word, value) = match self.get(i) {
            Some('n') => ("null", Value::Null),
            Some('t') => ("true", Value::Bool(true)),
            Some('f') => ("false", Value::Bool(false)),
            Some('N') => ("NaN", Value::String("NaN".into())),
            Some('I') => ("Infinity", Value::String("Infinity".into())),
            Some('-') => ("-Infinity", Value::String("-Infinity".into())),
            _ => return self.number(i),
        };
        if self.word_at(i, word) {
            return Ok((value, i + word.len()));
        }
        self.number(i)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?` at `start`, else `Expecting value`.
    fn number(&self, start: usize) -> Scanned<Value> {
        let mut i = start;
        if self.is(i, '-') {
            i += 1;
        }
        if self.is(i, '0') {
            i += 1;
        } else if self.get(i).is_some_and(|c| matches!(c, '1'..='9')) {
            while self.is_digit(i) {
                i += 1;
            }
        } else {
            return Err(self.syntax("Expecting value", start));
        }
        let mut is_float = false;
        if self.is(i, '.') && self.is_digit(i + 1) {
            is_float = true;
            i += 1;
            while self.is_digit(i) {
                i += 1;
            }
        }
        if matches!(self.get(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.get(j), Some('+' | '-')) {
                j += 1;
            }
            if self.is_digit(j) {
                is_float = true;
                while self.is_digit(j) {
                    j += 1;
                }
                i = j;
            }
        }
        let text: String = self.s[start..i].iter().collect();
        let value = if is_float {
            let float: f64 = text.parse().unwrap_or(f64::NAN);
            match Number::from_f64(float) {
                Some(n) => Value::Number(n),
                None if float > 0.0 => Value::String("Infinity".into()),
                None => Value::String("-Infinity".into()),
            }
        } else {
            let digits = text.trim_start_matches('-').len();
            if digits > MAX_INT_DIGITS {
                return Err(JsonError::IntTooLong { digits });
            }
            // Exact digits are kept (serde_json's arbitrary precision), as a Python int is.
            Value::Number(
                text.parse()
                    .map_err(|_| self.syntax("Expecting value", start))?,
            )
        };
        Ok((value, i))
    }

    /// The string whose opening quote is at `quote`, and the index past its closing quote.
    fn string(&self, quote: usize) -> Scanned<String> {
        let unterminated = || self.syntax("Unterminated string starting at", quote);
        let mut out = String::new();
        let mut i = quote + 1;
        loop {
            let c = self.get(i).ok_or_else(unterminated)?;
            match c {
                '"' => return Ok((out, i + 1)),
                '\\' => {
                    let escape = self.get(i + 1).ok_or_else(unterminated)?;
                    if escape == 'u' {
                        let (decoded, end) = self.unicode_escape(i + 1)?;
                        out.push(decoded);
                        i = end;
                        continue;
                    }
                    out.push(match escape {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        _ => return Err(self.syntax("Invalid \\escape", i)),
                    });
                    i += 2;
                }
                c if u32::from(c) < 0x20 => {
                    return Err(self.syntax("Invalid control character at", i));
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    /// Four hex digits at `at`, or `None` when any is not one.
    fn hex4(&self, at: usize) -> Option<u32> {
        (at..at + 4).try_fold(0, |code, k| Some(code * 16 + self.get(k)?.to_digit(16)?))
    }

    /// The `\uXXXX` escape whose `u` is at `u`, joined with a following `\uXXXX` low surrogate
    /// when it is a high one; returns the character and the index past the escape(s).
    fn unicode_escape(&self, u: usize) -> Scanned<char> {
        let invalid = |at: usize| self.syntax("Invalid \\uXXXX escape", at);
        // Python wants a character after the four digits (at least the closing quote) before
        // it reads them.
        let end = u + 5;
        if end >= self.s.len() {
            return Err(invalid(u));
        }
        let high = self.hex4(u + 1).ok_or_else(|| invalid(u))?;
        if (0xd800..0xdc00).contains(&high)
            && end + 6 < self.s.len()
            && self.is(end, '\\')
            && self.is(end + 1, 'u')
        {
            let low = self.hex4(end + 2).ok_or_else(|| invalid(end + 1))?;
            if (0xdc00..0xe000).contains(&low) {
                let code = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                return Ok((char::from_u32(code).unwrap_or('\u{fffd}'), end + 6));
            }
        }
        // A lone surrogate, which Rust text cannot hold, becomes U+FFFD.
        Ok((char::from_u32(high).unwrap_or('\u{fffd}'), end))
    }
}
