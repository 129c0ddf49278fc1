//! `--output yaml` and `yaml-stream`: YAML laid out byte for byte as the AWS
//! CLI v2 prints it.
//!
//! v2 dumps with ruamel.yaml's safe dumper (`default_flow_style=False`) on top
//! of libyaml's C emitter, and JSON-dumps a response that is a single scalar.
//! The emitter here follows libyaml's rules: keys sorted, 2-space indentation,
//! sequences under a key not indented, empty containers in flow style
//! (`[]`, `{}`), the scalar style chosen by libyaml's analysis (plain, else
//! single-quoted, else double-quoted with escapes), and plain and quoted
//! scalars folded at a space once the column passes 80.

use crate::json::{to_json, JsonStyle};
use crate::pyfmt::{float_repr, is_float_text, number_text};
use crate::yaml_tag;
use serde_json::{Map, Number, Value};

/// libyaml's `best_width`: a scalar may break at a space past this column.
const BEST_WIDTH: usize = 80;
/// libyaml's `best_indent`.
const BEST_INDENT: usize = 2;
/// The longest key (in UTF-8 bytes) libyaml writes as a simple `key: value`.
const MAX_SIMPLE_KEY: usize = 128;

/// Renders `value` as v2's YAML dumper does: a block YAML document for a
/// list or a mapping, a JSON value and a line break for a scalar.
pub fn to_yaml(value: &Value) -> String {
    if let Some(text) = yaml_tag::root_text(value) {
        return text;
    }
    match value {
        Value::Array(_) | Value::Object(_) => {
            let mut e = Emitter::new();
            e.node(value, Context::ROOT);
            // DOCUMENT-END: an implicit end still finishes the last line.
            e.write_indent();
            e.out
        }
        scalar => {
            let mut s = to_json(scalar, JsonStyle::cli());
            s.push('\n');
            s
        }
    }
}

/// Where a node sits (libyaml's `*_context` flags).
#[derive(Clone, Copy)]
struct Context {
    /// The node is a mapping key or value.
    mapping: bool,
    /// The node is a key written as `key:`.
    simple_key: bool,
}

impl Context {
    const ROOT: Context = Context {
        mapping: false,
        simple_key: false,
    };
    const SEQUENCE_ITEM: Context = Context::ROOT;
    const SIMPLE_KEY: Context = Context {
        mapping: true,
        simple_key: true,
    };
    const MAPPING: Context = Context {
        mapping: true,
        simple_key: false,
    };
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Style {
    Plain,
    Single,
    Double,
}

/// What libyaml's `yaml_emitter_analyze_scalar` finds out about a scalar.
#[derive(Debug)]
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
}

/// Output and position, as libyaml's emitter tracks them.
struct Emitter {
    out: String,
    /// Characters (not bytes) written on the current line.
    column: usize,
    /// The last character written is whitespace (or nothing yet).
    whitespace: bool,
    /// Only indentation (and indicators such as `- `) on the current line.
    indention: bool,
    /// The current indentation, `None` before the root node.
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            whitespace: true,
            indention: true,
            indent: None,
            indents: Vec::new(),
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Copies a line break character (`WRITE_BREAK`).
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = Some(match self.indent {
            None if flow => BEST_INDENT,
            None => 0,
            Some(i) if indentless => i,
            Some(i) => i + BEST_INDENT,
        });
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().flatten();
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn node(&mut self, value: &Value, ctx: Context) {
        match value {
            Value::Array(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Object(map) if map.is_empty() => self.empty_flow("{", "}"),
            Value::Object(map) if yaml_tag::split(map).is_some() => self.tagged(map, ctx),
            Value::Array(items) => self.block_sequence(items, ctx),
            Value::Object(map) => self.block_mapping(map),
            Value::String(s) => self.scalar(s, !resolves_to_other_type(s), ctx),
            Value::Number(n) => self.scalar(&number_scalar(n), true, ctx),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, true, ctx),
            Value::Null => self.scalar("null", true, ctx),
        }
    }

    /// A node of [`yaml_tag`]: its tag, then its scalar or the `!!set` mapping.
    fn tagged(&mut self, map: &Map<String, Value>, ctx: Context) {
        let Some((tag, node)) = yaml_tag::split(map) else {
            return;
        };
        if !tag.is_empty() {
            self.write_indicator(tag, true, false, false);
        }
        match node {
            Value::Array(members) if members.is_empty() => self.empty_flow("{", "}"),
            Value::Array(members) => {
                self.increase_indent(false, false);
                for member in members {
                    self.write_indent();
                    self.node(member, Context::SIMPLE_KEY);
                    self.write_indicator(":", false, false, false);
                    self.scalar("null", true, Context::MAPPING);
                }
                self.pop_indent();
            }
            Value::String(text) if tag == "!!binary" => {
                self.increase_indent(true, false);
                self.write_double_quoted(text, !ctx.simple_key);
                self.pop_indent();
            }
            Value::String(text) => self.scalar(text, true, ctx),
            other => self.node(other, ctx),
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn block_sequence(&mut self, items: &[Value], ctx: Context) {
        self.increase_indent(false, ctx.mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::SEQUENCE_ITEM);
        }
        self.pop_indent();
    }

    fn block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            self.write_indent();
            let analysis = analyze(key);
            if !analysis.multiline && key.len() <= MAX_SIMPLE_KEY {
                self.scalar_with(
                    key,
                    &analysis,
                    !resolves_to_other_type(key),
                    Context::SIMPLE_KEY,
                );
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.scalar_with(
                    key,
                    &analysis,
                    !resolves_to_other_type(key),
                    Context::MAPPING,
                );
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, Context::MAPPING);
        }
        self.pop_indent();
    }

    fn scalar(&mut self, text: &str, plain_implicit: bool, ctx: Context) {
        let analysis = analyze(text);
        self.scalar_with(text, &analysis, plain_implicit, ctx);
    }

    /// `yaml_emitter_emit_scalar`: picks the style, then writes the text one
    /// indentation step in.
    fn scalar_with(&mut self, text: &str, analysis: &Analysis, plain_implicit: bool, ctx: Context) {
        let style = select_style(text, analysis, plain_implicit, ctx.simple_key);
        self.increase_indent(true, false);
        let allow_breaks = !ctx.simple_key;
        match style {
            Style::Plain => self.write_spaced(text, allow_breaks, false),
            Style::Single => self.write_spaced(text, allow_breaks, true),
            Style::Double => self.write_double_quoted(text, allow_breaks),
        }
        self.pop_indent();
    }

    /// Plain or single-quoted text (libyaml's `yaml_emitter_write_plain` and
    /// `_write_single_quoted`), folded at a space once past the best width.
    fn write_spaced(&mut self, text: &str, allow_breaks: bool, quoted: bool) {
        if quoted {
            self.write_indicator("'", true, false, false);
        } else if !self.whitespace && !text.is_empty() {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                // Quoted text never folds at its first or last character.
                let inner = !quoted || (i != 0 && i != last);
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && inner
                    && chars.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if quoted && c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if quoted {
            if breaks {
                self.write_indent();
            }
            self.write_indicator("'", false, false, false);
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let escape = match c {
                    '\0' => "0".to_string(),
                    '\x07' => "a".to_string(),
                    '\x08' => "b".to_string(),
                    '\t' => "t".to_string(),
                    '\n' => "n".to_string(),
                    '\x0b' => "v".to_string(),
                    '\x0c' => "f".to_string(),
                    '\r' => "r".to_string(),
                    '\x1b' => "e".to_string(),
                    '"' => "\"".to_string(),
                    '\\' => "\\".to_string(),
                    '\u{85}' => "N".to_string(),
                    '\u{a0}' => "_".to_string(),
                    '\u{2028}' => "L".to_string(),
                    '\u{2029}' => "P".to_string(),
                    c if (c as u32) <= 0xff => format!("x{:02X}", c as u32),
                    c if (c as u32) <= 0xffff => format!("u{:04X}", c as u32),
                    c => format!("U{:08X}", c as u32),
                };
                for e in escape.chars() {
                    self.put(e);
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }
}

/// `yaml_emitter_select_scalar_style` for a block context with no tag.
fn select_style(text: &str, analysis: &Analysis, plain_implicit: bool, simple_key: bool) -> Style {
    let mut style = Style::Plain;
    if simple_key && analysis.multiline {
        style = Style::Double;
    }
    if style == Style::Plain
        && (!analysis.block_plain_allowed || (text.is_empty() && simple_key) || !plain_implicit)
    {
        style = Style::Single;
    }
    if style == Style::Single && !analysis.single_quoted_allowed {
        style = Style::Double;
    }
    style
}

/// A printable character for libyaml (`IS_PRINTABLE`): characters beyond
/// the Basic Multilingual Plane are not, so they are written as escapes.
fn printable(c: char) -> bool {
    let cp = c as u32;
    c == '\n'
        || (0x20..=0x7e).contains(&cp)
        || (0xa0..=0xd7ff).contains(&cp)
        || ((0xe000..=0xfffd).contains(&cp) && cp != 0xfeff)
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// libyaml's `IS_BLANKZ`: a space, tab, line break, NUL or the end of text.
fn is_blankz(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\0') || is_break(c),
    }
}

/// `yaml_emitter_analyze_scalar` (with unicode output allowed).
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut trailing_space) = (false, false);
    let (mut leading_break, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blankz(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c)
                || (c == '?' || c == ':' || c == '-') && followed_by_whitespace
            {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
            block_indicators = true;
        }
        if !printable(c) {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == n - 1;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= i == 0;
            trailing_break |= i == n - 1;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(Some(c));
    }
    let mut block_plain_allowed = true;
    let mut single_quoted_allowed = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        block_plain_allowed = false;
    }
    if break_space {
        block_plain_allowed = false;
        single_quoted_allowed = false;
    }
    if space_break || special {
        block_plain_allowed = false;
        single_quoted_allowed = false;
    }
    if line_breaks || block_indicators {
        block_plain_allowed = false;
    }
    Analysis {
        multiline: line_breaks,
        block_plain_allowed,
        single_quoted_allowed,
    }
}

/// The text the safe representer gives a number (floats as Python's `repr`).
fn number_scalar(n: &Number) -> String {
    let text = n.to_string();
    if !is_float_text(&text) {
        return number_text(n);
    }
    let f: f64 = text.parse().unwrap_or(f64::NAN);
    if f.is_nan() {
        ".nan".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else {
        float_repr(f).to_lowercase()
    }
}

fn all_in(s: &str, allowed: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(allowed)
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

/// True when a plain scalar with this text would load as something other
/// than a string under the YAML 1.2 resolver (so a string with this text is
/// written quoted).
pub fn resolves_to_other_type(s: &str) -> bool {
    if matches!(
        s,
        "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | ""
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

pub(crate) fn is_int(s: &str) -> bool {
    // The resolver tries its int pattern only on text starting with one of these.
    if !s.starts_with(|c: char| c == '-' || c == '+' || c.is_ascii_digit()) {
        return false;
    }
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

pub(crate) fn is_float(s: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::to_yaml;
    use serde_json::json;

    #[test]
    fn long_words_stay_on_the_key_line() {
        let wide = "x".repeat(120);
        assert_eq!(
            to_yaml(&json!({"Wide": wide, "O": "y"})),
            format!("O: y\nWide: {wide}\n")
        );
        let item = "x".repeat(78) + " yyyyy";
        assert_eq!(to_yaml(&json!([item])), format!("- {item}\n"));
    }

    #[test]
    fn plain_text_folds_at_the_first_space_past_column_80() {
        let words = vec!["word"; 30].join(" ");
        assert_eq!(
            to_yaml(&json!([words])),
            format!(
                "- {}\n  {}\n",
                vec!["word"; 16].join(" "),
                vec!["word"; 14].join(" ")
            )
        );
    }

    #[test]
    fn line_breaks_are_single_quoted_with_folded_empty_lines() {
        assert_eq!(
            to_yaml(&json!({"Message": "Parameter validation failed:\n\nInvalid length"})),
            "Message: 'Parameter validation failed:\n\n\n  Invalid length'\n"
        );
        assert_eq!(to_yaml(&json!({"a": "x\n"})), "a: 'x\n\n  '\n");
        assert_eq!(to_yaml(&json!({"c": "x \ny"})), "c: \"x \\ny\"\n");
    }

    #[test]
    fn keys_with_breaks_or_over_128_bytes_are_complex() {
        assert_eq!(to_yaml(&json!({"k\nk": "v"})), "? 'k\n\n  k'\n: v\n");
        let long = "k".repeat(129);
        assert_eq!(
            to_yaml(&json!({ long.as_str(): 1 })),
            format!("? {long}\n: 1\n")
        );
    }

    #[test]
    fn characters_outside_the_bmp_tabs_and_controls_are_escaped() {
        assert_eq!(
            to_yaml(&json!({"e": "emoji 😀", "t": "a\tb", "c": "\u{1}", "g": "café"})),
            "c: \"\\x01\"\ne: \"emoji \\U0001F600\"\ng: café\nt: \"a\\tb\"\n"
        );
    }

    #[test]
    fn strings_that_read_as_other_types_are_quoted() {
        assert_eq!(
            to_yaml(&json!({"a": "123", "b": "true", "c": "", "d": "_", "e": "yes", "f": null})),
            "a: '123'\nb: 'true'\nc: ''\nd: _\ne: yes\nf: null\n"
        );
    }

    #[test]
    fn a_scalar_response_is_printed_as_json() {
        assert_eq!(to_yaml(&json!("plain")), "\"plain\"\n");
        assert_eq!(to_yaml(&json!(1.5)), "1.5\n");
        assert_eq!(to_yaml(&json!([])), "[]\n");
    }
}
