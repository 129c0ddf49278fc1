//! `--output yaml` and `yaml-stream`: block-style YAML laid out as the AWS CLI
//! v2 prints it (a YAML 1.2 safe dumper: keys sorted, 2-space indentation,
//! sequences under a key not indented, strings quoted only when needed,
//! long scalars folded at column 80).

use crate::pyfmt::{float_repr, is_float_text, number_text};
use serde_json::{Map, Value};

const BEST_WIDTH: usize = 80;

/// Renders `value` as a YAML document.
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        root: false,
    };
    match value {
        Value::Array(items) if !items.is_empty() => e.sequence(items, 0),
        Value::Object(map) if !map.is_empty() => e.mapping(map, 0),
        other => {
            if let Value::Array(_) | Value::Object(_) = other {
                e.write(&scalar(other).0);
                e.out.push('\n');
                return e.out;
            }
            let (text, style) = scalar(other);
            e.root = true;
            e.scalar(&text, style, 0, true);
            e.out.push('\n');
            if style == Style::Plain {
                e.out.push_str("...\n");
            }
            return e.out;
        }
    }
    e.out.push('\n');
    e.out
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
}

struct Emitter {
    out: String,
    column: usize,
    /// Writing a document that is a single scalar (no enclosing indent).
    root: bool,
}

impl Emitter {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.column += s.chars().count();
    }

    fn newline(&mut self, indent: usize) {
        self.out.push('\n');
        self.column = 0;
        self.write(&" ".repeat(indent));
    }

    /// A block mapping whose first key is written at the current position.
    fn mapping(&mut self, map: &Map<String, Value>, indent: usize) {
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (i, (k, v)) in entries.into_iter().enumerate() {
            if i > 0 {
                self.newline(indent);
            }
            let (text, style) = string_scalar(k, true);
            self.scalar(&text, style, indent + 2, false);
            self.write(":");
            match v {
                Value::Object(m) if !m.is_empty() => {
                    self.newline(indent + 2);
                    self.mapping(m, indent + 2);
                }
                Value::Array(a) if !a.is_empty() => {
                    self.newline(indent);
                    self.sequence(a, indent);
                }
                other => {
                    let (text, style) = scalar(other);
                    self.write(" ");
                    self.scalar(&text, style, indent + 2, true);
                }
            }
        }
    }

    /// A block sequence whose first dash is written at the current position.
    fn sequence(&mut self, items: &[Value], indent: usize) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.newline(indent);
            }
            self.write("- ");
            match item {
                Value::Object(m) if !m.is_empty() => self.mapping(m, indent + 2),
                Value::Array(a) if !a.is_empty() => self.sequence(a, indent + 2),
                other => {
                    let (text, style) = scalar(other);
                    self.scalar(&text, style, indent + 2, true);
                }
            }
        }
    }

    /// Writes a scalar, folding long plain and single-quoted text at spaces.
    fn scalar(&mut self, text: &str, style: Style, indent: usize, split: bool) {
        match style {
            Style::Plain => self.plain(text, indent, split),
            Style::Single => self.single(text, indent, split),
            Style::Double => self.double(text),
        }
    }

    fn plain(&mut self, text: &str, indent: usize, split: bool) {
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        let mut spaces = false;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end && self.column >= BEST_WIDTH && split {
                        self.newline(indent);
                    } else {
                        let s: String = chars[start..end].iter().collect();
                        self.write(&s);
                    }
                    start = end;
                }
            } else if ch.is_none() || ch == Some(' ') {
                let s: String = chars[start..end].iter().collect();
                if split
                    && !self.root
                    && self.column + s.chars().count() > BEST_WIDTH
                    && self.column > indent
                {
                    self.newline(indent);
                }
                self.write(&s);
                start = end;
            }
            spaces = ch == Some(' ');
        }
    }

    fn single(&mut self, text: &str, indent: usize, split: bool) {
        self.write("'");
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        let mut spaces = false;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > BEST_WIDTH
                        && split
                        && start != 0
                        && end != chars.len()
                    {
                        self.newline(indent);
                    } else {
                        let s: String = chars[start..end].iter().collect();
                        self.write(&s);
                    }
                    start = end;
                }
            } else if ch.is_none() || ch == Some(' ') || ch == Some('\'') {
                let s: String = chars[start..end].iter().collect();
                self.write(&s);
                start = end;
            }
            if ch == Some('\'') {
                self.write("''");
                start = end + 1;
            }
            spaces = ch == Some(' ');
        }
        self.write("'");
    }

    fn double(&mut self, text: &str) {
        let mut s = String::from("\"");
        for c in text.chars() {
            match c {
                '"' => s.push_str("\\\""),
                '\\' => s.push_str("\\\\"),
                '\0' => s.push_str("\\0"),
                '\x07' => s.push_str("\\a"),
                '\x08' => s.push_str("\\b"),
                '\t' => s.push_str("\\t"),
                '\n' => s.push_str("\\n"),
                '\x0b' => s.push_str("\\v"),
                '\x0c' => s.push_str("\\f"),
                '\r' => s.push_str("\\r"),
                '\x1b' => s.push_str("\\e"),
                '\u{85}' => s.push_str("\\N"),
                '\u{a0}' => s.push_str("\\_"),
                '\u{2028}' => s.push_str("\\L"),
                '\u{2029}' => s.push_str("\\P"),
                c if printable(c) => s.push(c),
                c if (c as u32) <= 0xff => s.push_str(&format!("\\x{:02X}", c as u32)),
                c if (c as u32) <= 0xffff => s.push_str(&format!("\\u{:04X}", c as u32)),
                c => s.push_str(&format!("\\U{:08X}", c as u32)),
            }
        }
        s.push('"');
        self.write(&s);
    }
}

fn printable(c: char) -> bool {
    let cp = c as u32;
    (c == '\n' || (0x20..=0x7e).contains(&cp))
        || ((cp == 0x85
            || (0xa0..=0xd7ff).contains(&cp)
            || (0xe000..=0xfffd).contains(&cp)
            || (0x10000..0x10ffff).contains(&cp))
            && cp != 0xfeff)
}

/// The text and style of a non-container value (empty containers are flow).
fn scalar(v: &Value) -> (String, Style) {
    match v {
        Value::Null => ("null".to_string(), Style::Plain),
        Value::Bool(b) => (b.to_string(), Style::Plain),
        Value::Number(n) => {
            let text = n.to_string();
            if is_float_text(&text) {
                let f: f64 = text.parse().unwrap_or(f64::NAN);
                let t = if f.is_nan() {
                    ".nan".to_string()
                } else if f.is_infinite() {
                    if f > 0.0 { ".inf" } else { "-.inf" }.to_string()
                } else {
                    float_repr(f).to_lowercase()
                };
                (t, Style::Plain)
            } else {
                (number_text(n), Style::Plain)
            }
        }
        Value::String(s) => string_scalar(s, false),
        Value::Array(_) => ("[]".to_string(), Style::Plain),
        Value::Object(_) => ("{}".to_string(), Style::Plain),
    }
}

fn is_space_or_break(c: Option<char>) -> bool {
    matches!(
        c,
        None | Some('\0' | ' ' | '\t' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
    )
}

/// Chooses how a string is written, following the YAML emitter's analysis.
fn string_scalar(s: &str, simple_key: bool) -> (String, Style) {
    let text = s.to_string();
    if s.is_empty() {
        return (text, Style::Single);
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut block_ind = s.starts_with("---") || s.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut trailing_space) = (false, false);
    let (mut leading_break, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    let mut preceded_ws = true;
    for i in 0..n {
        let ch = chars[i];
        let followed_ws = is_space_or_break(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(ch) {
                block_ind = true;
            }
            if (ch == '?' || ch == ':') && followed_ws {
                block_ind = true;
            }
            if ch == '-' && followed_ws {
                block_ind = true;
            }
        } else {
            if ch == ':' && followed_ws {
                block_ind = true;
            }
            if ch == '#' && preceded_ws {
                block_ind = true;
            }
        }
        let is_break = matches!(ch, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}');
        if is_break {
            line_breaks = true;
        }
        if !(ch == '\n' || (' '..='~').contains(&ch) || printable(ch)) {
            special = true;
        }
        if ch == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == n - 1;
            break_space |= prev_break;
            prev_space = true;
            prev_break = false;
        } else if is_break {
            leading_break |= i == 0;
            trailing_break |= i == n - 1;
            space_break |= prev_space;
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_ws = is_space_or_break(Some(ch));
    }
    let tab = s.contains('\t');
    let mut plain = !(leading_space || leading_break || trailing_space || trailing_break);
    let mut single = true;
    if break_space {
        plain = false;
        single = false;
    }
    if space_break || special || tab {
        plain = false;
        single = false;
    }
    if line_breaks {
        plain = false;
        single = false;
    }
    if block_ind {
        plain = false;
    }
    if simple_key && line_breaks {
        single = false;
    }
    if plain && resolves_to_other_type(s) {
        plain = false;
    }
    let style = if plain {
        Style::Plain
    } else if single {
        Style::Single
    } else {
        Style::Double
    };
    (text, style)
}

fn all_in(s: &str, allowed: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(allowed)
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

/// True when a plain scalar with this text would load as something other
/// than a string under the YAML 1.2 resolver.
fn resolves_to_other_type(s: &str) -> bool {
    if matches!(
        s,
        "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "~"
            | "null"
            | "Null"
            | "NULL"
            | "="
            | "<<"
    ) {
        return true;
    }
    is_int(s) || is_float(s) || is_timestamp(s)
}

fn is_int(s: &str) -> bool {
    let u = strip_sign(s);
    let dec = |c: char| c.is_ascii_digit() || c == '_';
    if let Some(rest) = u.strip_prefix("0b") {
        return all_in(rest, |c| c == '0' || c == '1' || c == '_');
    }
    if let Some(rest) = u.strip_prefix("0x") {
        return all_in(rest, |c| c.is_ascii_hexdigit() || c == '_');
    }
    if let Some(rest) = u.strip_prefix("0o") {
        return all_in(rest, |c| ('0'..='7').contains(&c) || c == '_');
    }
    all_in(u, dec)
}

fn is_exponent(s: &str) -> bool {
    match s.strip_prefix(['e', 'E']) {
        Some(rest) => all_in(strip_sign(rest), |c| c.is_ascii_digit()),
        None => false,
    }
}

fn is_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let u = strip_sign(s);
    if matches!(u, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let dec_us = |c: char| c.is_ascii_digit() || c == '_';
    if let Some(frac) = u.strip_prefix('.') {
        // .5, .5e+3 (the exponent sign is required in this form)
        let digits_end = frac.find(|c: char| !dec_us(c)).unwrap_or(frac.len());
        let (digits, rest) = frac.split_at(digits_end);
        if digits.is_empty() {
            return false;
        }
        if rest.is_empty() {
            return true;
        }
        return match rest.strip_prefix(['e', 'E']) {
            Some(exp) => (exp.starts_with(['-', '+'])) && all_in(&exp[1..], |c| c.is_ascii_digit()),
            None => false,
        };
    }
    if !u.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let int_end = u.find(|c: char| !dec_us(c)).unwrap_or(u.len());
    let rest = &u[int_end..];
    if let Some(frac) = rest.strip_prefix('.') {
        let frac_end = frac.find(|c: char| !dec_us(c)).unwrap_or(frac.len());
        let exp = &frac[frac_end..];
        return exp.is_empty() || is_exponent(exp);
    }
    is_exponent(rest)
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if b.len() == 10
        && (0..4).all(digit)
        && b[4] == b'-'
        && digit(5)
        && digit(6)
        && b[7] == b'-'
        && digit(8)
        && digit(9)
    {
        return true;
    }
    // yyyy-m(m)-d(d)(T| +)h(h):mm:ss(.frac)?( *(Z|±h(h)(:mm)?))?
    let mut i = 0;
    let take_digits = |i: &mut usize, min: usize, max: usize| -> bool {
        let start = *i;
        while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start >= min
    };
    let expect = |i: &mut usize, c: u8| -> bool {
        if b.get(*i) == Some(&c) {
            *i += 1;
            true
        } else {
            false
        }
    };
    if !(take_digits(&mut i, 4, 4)
        && expect(&mut i, b'-')
        && take_digits(&mut i, 1, 2)
        && expect(&mut i, b'-')
        && take_digits(&mut i, 1, 2))
    {
        return false;
    }
    if matches!(b.get(i), Some(b'T' | b't')) {
        i += 1;
    } else {
        let start = i;
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if !(take_digits(&mut i, 1, 2)
        && expect(&mut i, b':')
        && take_digits(&mut i, 2, 2)
        && expect(&mut i, b':')
        && take_digits(&mut i, 2, 2))
    {
        return false;
    }
    if expect(&mut i, b'.') {
        while digit(i) {
            i += 1;
        }
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if i == b.len() {
        return true;
    }
    if expect(&mut i, b'Z') {
        return i == b.len();
    }
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
        if !take_digits(&mut i, 1, 2) {
            return false;
        }
        if expect(&mut i, b':') && !take_digits(&mut i, 2, 2) {
            return false;
        }
        return i == b.len();
    }
    false
}
