//! JSON rendering identical to Python's `json.dumps` (used with `indent=4,
//! ensure_ascii=False` for `--output json`, compact for `to_string()`).

use crate::pyfmt::number_text;
use aws2_text::json::Escape;
use serde_json::Value;

/// Layout options mirroring `json.dumps` arguments.
#[derive(Debug, Clone, Copy)]
pub struct JsonStyle {
    /// `indent=`: spaces per level, or `None` for a single line.
    pub indent: Option<usize>,
    /// `ensure_ascii=`: escape every non-ASCII character.
    pub ensure_ascii: bool,
    /// `separators=`: item separator.
    pub item_sep: &'static str,
    /// `separators=`: key separator.
    pub key_sep: &'static str,
    /// Wrap tokens in ANSI colours.
    pub color: bool,
}

impl JsonStyle {
    /// `json.dumps(v, indent=4, ensure_ascii=False)`: the AWS CLI's json output.
    pub fn cli() -> Self {
        JsonStyle {
            indent: Some(4),
            ensure_ascii: false,
            item_sep: ",",
            key_sep: ": ",
            color: false,
        }
    }

    /// `json.dumps(v, separators=(',', ':'))`.
    pub fn compact() -> Self {
        JsonStyle {
            indent: None,
            ensure_ascii: true,
            item_sep: ",",
            key_sep: ":",
            color: false,
        }
    }
}

/// ANSI sequences for coloured json output.
mod colors {
    pub const KEY: &str = "\x1b[34;01m";
    pub const STRING: &str = "\x1b[33m";
    pub const NUMBER: &str = "\x1b[36m";
    pub const KEYWORD: &str = "\x1b[35m";
    pub const RESET: &str = "\x1b[39;49;00m";
}

/// Renders `value` in the given style (no trailing newline).
pub fn to_json(value: &Value, style: JsonStyle) -> String {
    let mut out = String::new();
    write_value(&mut out, value, style, 0);
    out
}

fn painted(out: &mut String, color: Option<&str>, text: &str) {
    match color {
        Some(c) => {
            out.push_str(c);
            out.push_str(text);
            out.push_str(colors::RESET);
        }
        None => out.push_str(text),
    }
}

fn newline(out: &mut String, style: JsonStyle, level: usize) {
    if let Some(n) = style.indent {
        out.push('\n');
        out.push_str(&" ".repeat(n * level));
    }
}

fn write_value(out: &mut String, value: &Value, style: JsonStyle, level: usize) {
    let c = |code: &'static str| if style.color { Some(code) } else { None };
    match value {
        Value::Null => painted(out, c(colors::KEYWORD), "null"),
        Value::Bool(b) => painted(out, c(colors::KEYWORD), if *b { "true" } else { "false" }),
        Value::Number(n) => painted(out, c(colors::NUMBER), &number_text(n)),
        Value::String(s) => painted(out, c(colors::STRING), &quote(s, style.ensure_ascii)),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(style.item_sep);
                }
                newline(out, style, level + 1);
                write_value(out, item, style, level + 1);
            }
            newline(out, style, level);
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(style.item_sep);
                }
                newline(out, style, level + 1);
                painted(out, c(colors::KEY), &quote(k, style.ensure_ascii));
                out.push_str(style.key_sep);
                write_value(out, v, style, level + 1);
            }
            newline(out, style, level);
            out.push('}');
        }
    }
}

/// A JSON string literal with Python's escaping rules.
pub fn quote(s: &str, ensure_ascii: bool) -> String {
    let escape = if ensure_ascii {
        Escape::Ascii
    } else {
        Escape::Utf8
    };
    aws2_text::json::string(s, escape)
}
