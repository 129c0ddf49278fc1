//! A reader for the INI dialect of `~/.aws/config` and `~/.aws/credentials`.
//!
//! The rules are those of Python's `configparser.RawConfigParser` as botocore uses it:
//! `#` and `;` start full-line comments only (no inline comments), `=` and `:` both separate
//! a key from its value, keys are lower-cased, section names are kept as written, a line
//! indented deeper than its key continues the key's value, a `[DEFAULT]` section lends its
//! keys to every other section, and a duplicate section or key is an error. A value that
//! starts on the line after its key (`s3 =` followed by indented lines) is a nested block of
//! `key = value` pairs.

/// One value of a section: plain text or a nested block such as `s3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IniValue {
    /// A plain value (already stripped of surrounding whitespace).
    Text(String),
    /// A nested block of `key = value` pairs, in file order.
    Nested(Vec<(String, String)>),
}

impl IniValue {
    /// The text of a plain value, `None` for a nested block.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            IniValue::Text(t) => Some(t),
            IniValue::Nested(_) => None,
        }
    }

    /// A key of a nested block, `None` for plain values or absent keys.
    pub fn nested_get(&self, key: &str) -> Option<&str> {
        match self {
            IniValue::Nested(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            IniValue::Text(_) => None,
        }
    }
}

/// One `[section]` with its keys in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IniSection {
    /// The text between the brackets of the header, as written.
    pub name: String,
    /// The section's keys (lower-cased) and values, in file order.
    pub entries: Vec<(String, IniValue)>,
}

impl IniSection {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&IniValue> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A parsed file: its sections in file order (`[DEFAULT]` keys already lent to each).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IniDocument {
    /// Sections in file order.
    pub sections: Vec<IniSection>,
}

/// Why a file could not be parsed (without the file name, which the caller adds).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct IniError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, in a few words.
    pub problem: String,
}

const DEFAULT_SECTION: &str = "DEFAULT";

struct RawOption {
    name: String,
    lines: Vec<String>,
    line: usize,
}

struct RawSection {
    name: String,
    options: Vec<RawOption>,
}

/// Parse the text of a config or credentials file.
pub fn parse(text: &str) -> Result<IniDocument, IniError> {
    parse_with(text, true)
}

/// Parse a file whose values are all plain text, continuation lines kept (as botocore's
/// `raw_config_parse` without subsections reads the alias file).
pub fn parse_flat(text: &str) -> Result<IniDocument, IniError> {
    parse_with(text, false)
}

fn parse_with(text: &str, nested: bool) -> Result<IniDocument, IniError> {
    let mut sections: Vec<RawSection> = Vec::new();
    let mut defaults = RawSection {
        name: DEFAULT_SECTION.to_string(),
        options: Vec::new(),
    };
    // Index into `sections`, or usize::MAX for the DEFAULT section.
    let mut current: Option<usize> = None;
    let mut option_open = false;
    let mut indent_level = 0usize;
    let mut first_error: Option<IniError> = None;

    for (idx, line) in split_lines(text).enumerate() {
        let lineno = idx + 1;
        let stripped = py_strip(line);
        if stripped.starts_with('#') || stripped.starts_with(';') {
            continue;
        }
        if stripped.is_empty() {
            if option_open {
                if let Some(opt) = current_option(&mut sections, &mut defaults, current) {
                    opt.lines.push(String::new());
                }
            }
            continue;
        }
        let cur_indent = line.chars().take_while(|c| c.is_whitespace()).count();
        if current.is_some() && option_open && cur_indent > indent_level {
            if let Some(opt) = current_option(&mut sections, &mut defaults, current) {
                opt.lines.push(stripped.to_string());
            }
            continue;
        }
        indent_level = cur_indent;
        if let Some(header) = section_header(stripped) {
            if header == DEFAULT_SECTION {
                current = Some(usize::MAX);
            } else if sections.iter().any(|s| s.name == header) {
                return Err(IniError {
                    line: lineno,
                    problem: format!("section [{header}] appears more than once"),
                });
            } else {
                sections.push(RawSection {
                    name: header.to_string(),
                    options: Vec::new(),
                });
                current = Some(sections.len() - 1);
            }
            option_open = false;
            continue;
        }
        let Some(cur) = current else {
            return Err(IniError {
                line: lineno,
                problem: "file contains no section headers before this line".to_string(),
            });
        };
        match split_option(stripped) {
            Some((name, value)) if !name.is_empty() => {
                let name = name.to_lowercase();
                let section = if cur == usize::MAX {
                    &mut defaults
                } else {
                    &mut sections[cur]
                };
                if section.options.iter().any(|o| o.name == name) {
                    return Err(IniError {
                        line: lineno,
                        problem: format!(
                            "key '{name}' appears more than once in section [{}]",
                            section.name
                        ),
                    });
                }
                section.options.push(RawOption {
                    name,
                    lines: vec![value.to_string()],
                    line: lineno,
                });
                option_open = true;
            }
            _ => {
                // configparser keeps going and reports every bad line at the end; we
                // report the first one.
                if first_error.is_none() {
                    first_error = Some(IniError {
                        line: lineno,
                        problem: "expected [section] or key = value".to_string(),
                    });
                }
                // The bad line does not close the option that was open before it.
            }
        }
    }
    if let Some(err) = first_error {
        return Err(err);
    }
    let defaults = finish_options(defaults.options, nested)?;
    let mut out = Vec::with_capacity(sections.len());
    for raw in sections {
        let mut entries = finish_options(raw.options, nested)?;
        for (k, v) in &defaults {
            if !entries.iter().any(|(ek, _)| ek == k) {
                entries.push((k.clone(), v.clone()));
            }
        }
        out.push(IniSection {
            name: raw.name,
            entries,
        });
    }
    Ok(IniDocument { sections: out })
}

fn current_option<'a>(
    sections: &'a mut [RawSection],
    defaults: &'a mut RawSection,
    current: Option<usize>,
) -> Option<&'a mut RawOption> {
    match current {
        Some(usize::MAX) => defaults.options.last_mut(),
        Some(i) => sections.get_mut(i).and_then(|s| s.options.last_mut()),
        None => None,
    }
}

fn finish_options(
    options: Vec<RawOption>,
    nested: bool,
) -> Result<Vec<(String, IniValue)>, IniError> {
    let mut out = Vec::with_capacity(options.len());
    for opt in options {
        let joined = opt.lines.join("\n");
        let joined = joined.trim_end_matches(is_py_space).to_string();
        let value = if nested && joined.starts_with('\n') {
            IniValue::Nested(parse_nested(&opt.name, &joined, opt.line)?)
        } else {
            IniValue::Text(joined)
        };
        out.push((opt.name, value));
    }
    Ok(out)
}

fn parse_nested(
    key: &str,
    value: &str,
    first_line: usize,
) -> Result<Vec<(String, String)>, IniError> {
    let mut pairs = Vec::new();
    for line in value.split('\n') {
        let line = py_strip(line);
        if line.is_empty() {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(IniError {
                line: first_line,
                problem: format!("a line of the nested block '{key}' is not key = value"),
            });
        };
        pairs.push((py_strip(k).to_string(), py_strip(v).to_string()));
    }
    Ok(pairs)
}

/// `[name]` at the start of a stripped line: the text between the first `[` and the last `]`.
fn section_header(stripped: &str) -> Option<&str> {
    let rest = stripped.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    let header = &rest[..end];
    if header.is_empty() {
        None
    } else {
        Some(header)
    }
}

/// Split `key = value` or `key: value` at the first delimiter.
fn split_option(stripped: &str) -> Option<(&str, &str)> {
    let pos = stripped.find(['=', ':'])?;
    let name = stripped[..pos].trim_end_matches(is_py_space);
    let value = py_strip(&stripped[pos + 1..]);
    Some((name, value))
}

/// Lines as Python's universal-newline reading yields them (`\n`, `\r\n` and `\r`).
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match rest.find(['\n', '\r']) {
            Some(pos) => {
                let line = &rest[..pos];
                let skip = if rest[pos..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = &rest[pos + skip..];
                Some(line)
            }
            None => {
                let line = rest;
                rest = "";
                Some(line)
            }
        }
    })
}

/// Python's `str.isspace` for one character.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_defaults() {
        let doc =
            parse("[DEFAULT]\nx = 1\n[a]\ns3 =\n  # c\n  k = v\n\n  l=m\nr: y # z\n").unwrap();
        let a = &doc.sections[0];
        assert_eq!(a.get("s3").unwrap().nested_get("l"), Some("m"));
        assert_eq!(a.get("r").unwrap().as_text(), Some("y # z"));
        assert_eq!(a.get("x").unwrap().as_text(), Some("1"));
    }
}
