//! Updating config and credentials files in place, the way `aws configure set` does: the
//! target section is found (or appended), an existing key's line is replaced, a new key is
//! added after the section's last key line, nested blocks (`s3 =`) are updated in place;
//! every other line, comment and section stays as it was. The new contents are written to a
//! temporary file in the same directory and renamed over the old one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{ConfigError, Result};

/// A value to write: plain, or a nested block of sub-keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteValue {
    /// `key = value`.
    Text(String),
    /// `key =` followed by indented `sub = value` lines.
    Nested(Vec<(String, String)>),
}

/// Set `values` in `[section]` of the file at `path`, creating the file (mode 0600, parent
/// directories too) or the section when needed. `private` forces mode 0600 on the result
/// (credentials files).
pub fn update_config(
    path: &Path,
    section: &str,
    values: &[(String, WriteValue)],
    private: bool,
) -> Result<()> {
    validate(section, values)?;
    let target = resolve_symlink(path);
    let existing = if target.is_file() {
        let bytes = fs::read(&target).map_err(|e| ConfigError::read(&target, &e))?;
        Some(String::from_utf8(bytes).map_err(|_| ConfigError::Parse {
            path: target.display().to_string(),
            problem: "not UTF-8 text".into(),
        })?)
    } else {
        None
    };
    let new_text = match &existing {
        None => new_section_text(section, values),
        Some(original) => {
            let text = original.replace("\r\n", "\n").replace('\r', "\n");
            let mut contents: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
            let mut pending: Vec<(String, WriteValue)> = values.to_vec();
            match find_section_start(&contents, section) {
                Some(start) => {
                    update_section(&mut contents, start, &mut pending);
                    contents.concat()
                }
                None => {
                    let mut out = original.clone();
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&new_section_text(section, values));
                    out
                }
            }
        }
    };
    atomic_write(&target, new_text.as_bytes(), existing.is_none() || private)
}

fn validate(section: &str, values: &[(String, WriteValue)]) -> Result<()> {
    let bad = |s: &str| s.contains('\n') || s.contains('\r');
    if bad(section) {
        return Err(ConfigError::Usage(
            "Invalid section name: newline characters and carriage returns are not allowed.".into(),
        ));
    }
    for (key, value) in values {
        if bad(key) {
            return Err(ConfigError::Usage(
                "Invalid key: newline characters and carriage returns are not allowed.".into(),
            ));
        }
        let value_bad = match value {
            WriteValue::Text(v) => bad(v),
            WriteValue::Nested(pairs) => pairs.iter().any(|(k, v)| bad(k) || bad(v)),
        };
        if value_bad {
            return Err(ConfigError::Usage(format!(
                "Invalid value for key {key}: newline characters and carriage returns are not allowed."
            )));
        }
    }
    Ok(())
}

fn new_section_text(section: &str, values: &[(String, WriteValue)]) -> String {
    let mut out = format!("[{section}]\n");
    out.push_str(&render_values(values, ""));
    out
}

fn render_values(values: &[(String, WriteValue)], indent: &str) -> String {
    let mut out = String::new();
    for (key, value) in values {
        match value {
            WriteValue::Text(v) => out.push_str(&format!("{indent}{key} = {v}\n")),
            WriteValue::Nested(pairs) => {
                out.push_str(&format!("{indent}{key} =\n"));
                for (k, v) in pairs {
                    out.push_str(&format!("{indent}    {k} = {v}\n"));
                }
            }
        }
    }
    out
}

/// `^\s*\[([^]]+)\]`: the matched text (leading whitespace included).
fn section_match(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let rest = trimmed.strip_prefix('[')?;
    let close = rest.find(']')?;
    if close == 0 {
        return None;
    }
    Some(&line[..lead + 1 + close + 1])
}

/// The option group of `([^:=][^:=]*)\s*[:=]\s*(.*)$` searched in `line`.
fn option_match(line: &str) -> Option<&str> {
    let start = line.find(|c: char| c != ':' && c != '=')?;
    let delim = line[start..].find([':', '='])? + start;
    Some(&line[start..delim])
}

fn py_indent(group: &str) -> usize {
    group.len() - group.trim_start().len()
}

fn matches_section(matched: &str, section: &str) -> bool {
    if matched == format!("[{section}]") {
        return true;
    }
    let parts: Vec<&str> = section.split(' ').collect();
    parts.len() > 1 && matched == format!("[{} \"{}\"]", parts[0], parts[1..].join(" "))
}

fn find_section_start(contents: &[String], section: &str) -> Option<usize> {
    contents.iter().position(|line| {
        let t = line.trim();
        !(t.starts_with('#') || t.starts_with(';'))
            && section_match(line).is_some_and(|m| matches_section(m, section))
    })
}

fn insert_at(contents: &mut Vec<String>, index: usize, text: String) {
    let index = index.min(contents.len());
    contents.insert(index, text);
}

fn take(pending: &mut Vec<(String, WriteValue)>, key: &str) -> Option<WriteValue> {
    let pos = pending.iter().position(|(k, _)| k == key)?;
    Some(pending.remove(pos).1)
}

fn update_section(
    contents: &mut Vec<String>,
    start: usize,
    pending: &mut Vec<(String, WriteValue)>,
) {
    let mut last_matching = start;
    let mut j = start + 1;
    while j < contents.len() {
        if section_match(&contents[j]).is_some() {
            let text = render_values(pending, "");
            pending.clear();
            insert_at(contents, last_matching + 1, text);
            return;
        }
        if let Some(group) = option_match(&contents[j]).map(str::to_string) {
            last_matching = j;
            let key = group.trim().to_string();
            match pending
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
            {
                Some(WriteValue::Text(v)) => {
                    contents[j] = format!("{key} = {v}\n");
                    take(pending, &key);
                }
                Some(WriteValue::Nested(sub)) => {
                    take(pending, &key);
                    update_subattributes(contents, j, sub, py_indent(&group));
                    return;
                }
                None => {}
            }
        }
        j += 1;
    }
    if !pending.is_empty() {
        if contents.last().is_some_and(|l| !l.ends_with('\n')) {
            contents.push("\n".into());
        }
        let text = render_values(pending, "");
        pending.clear();
        insert_at(contents, last_matching + 2, text);
    }
}

fn update_subattributes(
    contents: &mut Vec<String>,
    index: usize,
    mut values: Vec<(String, String)>,
    starting_indent: usize,
) {
    let mut current_indent: Option<usize> = None;
    let mut i = index + 1;
    while i < contents.len() {
        if let Some(group) = option_match(&contents[i]).map(str::to_string) {
            let indent = py_indent(&group);
            current_indent = Some(indent);
            let key = group.trim().to_string();
            if let Some(pos) = values.iter().position(|(k, _)| *k == key) {
                let (_, v) = values.remove(pos);
                contents[i] = format!("{}{key} = {v}\n", " ".repeat(indent));
            }
        }
        if current_indent == Some(starting_indent) || section_match(&contents[i]).is_some() {
            let text = render_nested_values(&values);
            insert_at(contents, i, text);
            return;
        }
        i += 1;
    }
    if current_indent != Some(starting_indent) {
        let text = render_nested_values(&values);
        let at = contents.len();
        insert_at(contents, at, text);
    }
}

fn render_nested_values(values: &[(String, String)]) -> String {
    values
        .iter()
        .map(|(k, v)| format!("    {k} = {v}\n"))
        .collect()
}

fn resolve_symlink(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same directory, then a
/// rename. `private` makes the result mode 0600; otherwise an existing file keeps its mode.
pub fn atomic_write(path: &Path, bytes: &[u8], private: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(|e| ConfigError::write(path, &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".aws2-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| ConfigError::write(path, &e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| ConfigError::write(path, &e))?;
    set_mode(tmp.path(), path, private).map_err(|e| ConfigError::write(path, &e))?;
    tmp.persist(path)
        .map_err(|e| ConfigError::write(path, &e.error))?;
    Ok(())
}

#[cfg(unix)]
fn set_mode(tmp: &Path, target: &Path, private: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if private {
        0o600
    } else {
        match fs::metadata(target) {
            Ok(meta) => meta.permissions().mode() & 0o7777,
            Err(_) => 0o600,
        }
    };
    fs::set_permissions(tmp, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_tmp: &Path, _target: &Path, _private: bool) -> std::io::Result<()> {
    Ok(())
}
