//! The AWS CLI shorthand syntax: `Key=Value,List=a,b,Nested={K=[x,y]}`.
//!
//! The grammar (AWS CLI v2, including `key@=file://path`):
//!
//! ```text
//! parameter    = keyval *("," keyval)
//! keyval       = key ("=" / "@=") [values]        ; "@=" loads file:// and fileb:// values
//! key          = 1*([a-zA-Z0-9] / "-" / "_" / "." / "#" / "/" / ":")
//! values       = csv-list / explicit-list / hash-literal
//! csv-list     = first-value *("," second-value)  ; one item is a scalar, more are a list
//! explicit-list = "[" [explicit-value *("," explicit-value)] "]"
//! hash-literal = "{" [keyval *("," keyval)] "}"
//! explicit-value = explicit-list / hash-literal / first-value
//! first-value  = single-quoted / double-quoted / word
//! ```
//!
//! The parser is purely syntactic: every leaf is a JSON string. Type coercion against the
//! operation's input shape is [`crate::coerce`]'s job. Behaviour (backtracking over a trailing
//! `key=`, escapes, whitespace, caret positions in errors) follows the AWS CLI exactly.

mod chars;
mod error;

pub(crate) use chars::is_regex_space as is_python_space;
pub use error::{error_location, ShorthandError};

use crate::paramfile::{FileResolver, LocalFiles};
use chars::{is_first_follow, is_key, is_second_follow, is_start, is_token_space};
use serde_json::{Map, Value};

/// Deepest nesting of `[...]` and `{...}` accepted; the AWS CLI's own limit is near 490.
pub const MAX_DEPTH: usize = 400;

/// Parses `input` as shorthand, loading `@=` values from the local file system.
pub fn parse(input: &str) -> Result<Value, ShorthandError> {
    parse_with(input, &LocalFiles)
}

/// Parses `input` as shorthand, loading `@=` values through `files`.
pub fn parse_with(input: &str, files: &dyn FileResolver) -> Result<Value, ShorthandError> {
    Parser {
        input,
        chars: input.chars().collect(),
        index: 0,
        resolve_files: false,
        files,
        depth: 0,
    }
    .parameter()
}

/// Which of the two unquoted-word classes a value uses.
#[derive(Clone, Copy)]
enum Word {
    First,
    Second,
}

struct Parser<'a> {
    input: &'a str,
    chars: Vec<char>,
    index: usize,
    resolve_files: bool,
    files: &'a dyn FileResolver,
    depth: usize,
}

type Result<T, E = ShorthandError> = std::result::Result<T, E>;

impl Parser<'_> {
    fn parameter(&mut self) -> Result<Value> {
        let mut params = Map::new();
        let (key, val) = self.keyval()?;
        params.insert(key, val);
        let mut last_index = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, val) = self.keyval()?;
            if params.contains_key(&key) {
                return Err(ShorthandError::DuplicateKey {
                    key,
                    input: self.input.to_owned(),
                    index: last_index + 1,
                });
            }
            params.insert(key, val);
            last_index = self.index;
        }
        Ok(Value::Object(params))
    }

    fn keyval(&mut self) -> Result<(String, Value)> {
        let key = self.key();
        self.file_operator()?;
        Ok((key, self.values()?))
    }

    /// `=` or `@=`; remembers whether values must be loaded from files.
    fn file_operator(&mut self) -> Result<()> {
        self.resolve_files = self.expect('@', true).is_ok();
        self.expect('=', true)
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self.current().is_some_and(is_key) {
            self.index += 1;
        }
        self.chars[start..self.index].iter().collect()
    }

    fn values(&mut self) -> Result<Value> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<Value> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first];
        loop {
            match self.list_item() {
                Ok((item, last)) => {
                    list.push(item);
                    if last {
                        break;
                    }
                }
                Err(err @ ShorthandError::Syntax { .. }) if !self.at_eof() => {
                    // `a=b,c,d=e`: the item was really the next key; back up to its comma.
                    drop(err);
                    self.backtrack_to(',');
                    break;
                }
                Err(err) => return Err(err),
            }
        }
        if list.len() == 1 {
            return Ok(list.swap_remove(0));
        }
        Ok(Value::Array(list))
    }

    /// One more item of a comma-separated list and whether the input ends after it.
    fn list_item(&mut self) -> Result<(Value, bool)> {
        let current = self.second_value()?;
        self.consume_whitespace();
        if self.at_eof() {
            return Ok((current, true));
        }
        self.expect(',', true)?;
        Ok((current, false))
    }

    fn explicit_list(&mut self) -> Result<Value> {
        self.nested(Self::explicit_list_body)
    }

    /// Runs `body` one nesting level deeper, refusing input nested beyond [`MAX_DEPTH`].
    fn nested(&mut self, body: fn(&mut Self) -> Result<Value>) -> Result<Value> {
        if self.depth >= MAX_DEPTH {
            return Err(ShorthandError::TooDeep);
        }
        self.depth += 1;
        let result = body(self);
        self.depth -= 1;
        result
    }

    fn explicit_list_body(&mut self) -> Result<Value> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Value::Array(values))
    }

    fn explicit_value(&mut self) -> Result<Value> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    fn hash_literal(&mut self) -> Result<Value> {
        self.nested(Self::hash_literal_body)
    }

    fn hash_literal_body(&mut self) -> Result<Value> {
        self.expect('{', true)?;
        let mut keyvals = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.file_operator()?;
            let value = self.explicit_value()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            keyvals.insert(key, value);
        }
        self.expect('}', false)?;
        Ok(Value::Object(keyvals))
    }

    fn first_value(&mut self) -> Result<Value> {
        match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted_value(q),
            _ => {
                // An empty word is allowed here: `a=` and `a=,b=c` give "".
                let word = self.word(Word::First).unwrap_or_default();
                self.finish_word(&word)
            }
        }
    }

    fn second_value(&mut self) -> Result<Value> {
        match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted_value(q),
            _ => match self.word(Word::Second) {
                Some(word) => self.finish_word(&word),
                None => Err(self.syntax_error("<second>", "<none>")),
            },
        }
    }

    /// Unescapes `\,` and drops trailing whitespace of an unquoted word.
    fn finish_word(&self, word: &str) -> Result<Value> {
        let processed = word.replace("\\,", ",");
        self.leaf(processed.trim_end_matches(chars::is_regex_space).to_owned())
    }

    /// Consumes an unquoted word of the given class; `None` when none starts here.
    fn word(&mut self, class: Word) -> Option<String> {
        let follow = match class {
            Word::First => is_first_follow,
            Word::Second => is_second_follow,
        };
        let start = self.index;
        let mut i = start;
        let mut first = true;
        loop {
            if self.chars.get(i) == Some(&'\\') && self.chars.get(i + 1) == Some(&',') {
                i += 2;
            } else if self
                .chars
                .get(i)
                .is_some_and(|&c| if first { is_start(c) } else { follow(c) })
            {
                i += 1;
            } else {
                break;
            }
            first = false;
        }
        if i == start {
            return None;
        }
        self.index = i;
        Some(self.chars[start..i].iter().collect())
    }

    /// A value in `quote`s; `\<quote>` and `\\` are its escapes.
    fn quoted_value(&mut self, quote: char) -> Result<Value> {
        let Some(end) = self.quoted_end(quote) else {
            let name = if quote == '\'' {
                "<singled quoted>"
            } else {
                "<double quoted>"
            };
            return Err(self.syntax_error(name, "<none>"));
        };
        let body: String = self.chars[self.index + 1..end - 1].iter().collect();
        self.index = end;
        let escaped = format!("\\{quote}");
        let value = body
            .replace(&escaped, &quote.to_string())
            .replace("\\\\", "\\");
        self.leaf(value)
    }

    /// End (exclusive) of the quoted string starting at the current index. A `\<quote>` is an
    /// escape unless the string would then never close, in which case the last such backslash
    /// is taken literally and its quote closes the string.
    fn quoted_end(&self, quote: char) -> Option<usize> {
        let mut i = self.index + 1;
        let mut last_escape = None;
        while let Some(&c) = self.chars.get(i) {
            if c == '\\' && self.chars.get(i + 1) == Some(&quote) {
                last_escape = Some(i);
                i += 2;
            } else if c == quote {
                return Some(i + 1);
            } else {
                i += 1;
            }
        }
        last_escape.map(|at| at + 2)
    }

    /// A string leaf, loaded from a file when it follows `@=` and names one.
    fn leaf(&self, value: String) -> Result<Value> {
        if self.resolve_files {
            if let Some(loaded) = self.files.resolve(&value)? {
                return Ok(loaded);
            }
        }
        Ok(Value::String(value))
    }

    fn expect(&mut self, expected: char, consume_whitespace: bool) -> Result<()> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(self.syntax_error(&expected.to_string(), "EOF")),
            Some(actual) if actual != expected => {
                return Err(self.syntax_error(&expected.to_string(), &actual.to_string()))
            }
            Some(_) => self.index += 1,
        }
        if consume_whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    fn syntax_error(&self, expected: &str, actual: &str) -> ShorthandError {
        ShorthandError::Syntax {
            input: self.input.to_owned(),
            expected: expected.to_owned(),
            actual: actual.to_owned(),
            index: self.index,
        }
    }

    fn current(&self) -> Option<char> {
        self.chars.get(self.index).copied()
    }

    fn at_eof(&self) -> bool {
        self.index >= self.chars.len()
    }

    fn backtrack_to(&mut self, target: char) {
        while self.index > 0 && self.chars.get(self.index) != Some(&target) {
            self.index -= 1;
        }
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(is_token_space) {
            self.index += 1;
        }
    }
}
