//! The `~/.pypirc` that `codeartifact login --tool twine` writes: the existing file read as
//! Python's `RawConfigParser` reads it (sections, `key = value` or `key: value`, indented
//! continuation lines, `#` and `;` comments, lower-cased keys), `codeartifact` added to
//! `[distutils] index-servers` and a `[codeartifact]` section set, and the whole written
//! back as `RawConfigParser.write` lays it out.

/// One section: its name and its options in order.
type Section = (String, Vec<(String, String)>);

/// A parsed file: its sections in order.
#[derive(Default)]
struct Ini {
    sections: Vec<Section>,
}

impl Ini {
    fn section_mut(&mut self, name: &str) -> Option<&mut Vec<(String, String)>> {
        self.sections
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, options)| options)
    }

    fn set(&mut self, section: &str, key: &str, value: &str) {
        if self.section_mut(section).is_none() {
            self.sections.push((section.to_owned(), Vec::new()));
        }
        let options = self.section_mut(section).expect("section just added");
        match options.iter_mut().find(|(k, _)| k == key) {
            Some(option) => option.1 = value.to_owned(),
            None => options.push((key.to_owned(), value.to_owned())),
        }
    }

    fn get(&self, section: &str, key: &str) -> Result<&str, String> {
        let (_, options) = self
            .sections
            .iter()
            .find(|(n, _)| n == section)
            .ok_or_else(|| format!("No section: '{section}'"))?;
        options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("No option '{key}' in section: '{section}'"))
    }

    fn write(&self) -> String {
        let mut out = String::new();
        for (name, options) in &self.sections {
            out.push_str(&format!("[{name}]\n"));
            for (key, value) in options {
                out.push_str(&format!("{key} = {}\n", value.replace('\n', "\n\t")));
            }
            out.push('\n');
        }
        out
    }
}

/// Parses `text` as `RawConfigParser.read` does; `path` names the file in errors.
fn parse(text: &str, path: &str) -> Result<Ini, String> {
    let mut ini = Ini::default();
    // The open option: its section, key, the indentation of its line, and its lines.
    let mut current: Option<(usize, String, usize, Vec<String>)> = None;
    let mut in_section: Option<usize> = None;
    let flush = |ini: &mut Ini, current: &mut Option<(usize, String, usize, Vec<String>)>| {
        if let Some((section, key, _, lines)) = current.take() {
            let value = lines.join("\n").trim_end().to_owned();
            ini.sections[section].1.push((key, value));
        }
    };
    for (number, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let stripped = line.trim();
        let indent = line.len() - line.trim_start().len();
        if stripped.starts_with('#') || stripped.starts_with(';') {
            continue;
        }
        if stripped.is_empty() {
            if let Some((_, _, _, lines)) = current.as_mut() {
                lines.push(String::new());
            }
            continue;
        }
        if let Some((_, _, level, lines)) = current.as_mut() {
            if indent > *level {
                lines.push(stripped.to_owned());
                continue;
            }
        }
        flush(&mut ini, &mut current);
        if let Some(name) = stripped
            .strip_prefix('[')
            .and_then(|rest| rest.rfind(']').map(|end| &rest[..end]))
            .filter(|name| !name.is_empty())
        {
            if ini.sections.iter().any(|(n, _)| n == name) {
                return Err(format!(
                    "While reading from '{path}' [line {:2}]: section '{name}' already exists",
                    number + 1
                ));
            }
            ini.sections.push((name.to_owned(), Vec::new()));
            in_section = Some(ini.sections.len() - 1);
            continue;
        }
        let Some(section) = in_section else {
            return Err(format!(
                "File contains no section headers.\nfile: '{path}', line: {}\n{}",
                number + 1,
                aws2_pyrepr::str_repr(&format!("{raw}\n"))
            ));
        };
        let Some(at) = stripped.find(['=', ':']) else {
            return Err(format!(
                "Source contains parsing errors: '{path}'\n\t[line {:2}]: {}",
                number + 1,
                aws2_pyrepr::str_repr(&format!("{raw}\n"))
            ));
        };
        let key = stripped[..at].trim().to_lowercase();
        let value = stripped[at + 1..].trim().to_owned();
        if ini.sections[section].1.iter().any(|(k, _)| *k == key) {
            return Err(format!(
                "While reading from '{path}' [line {:2}]: option '{key}' in section '{}' \
                 already exists",
                number + 1,
                ini.sections[section].0
            ));
        }
        current = Some((section, key, indent, vec![value]));
    }
    flush(&mut ini, &mut current);
    Ok(ini)
}

/// The new file: `existing` (the current file's text, if there is one) updated, or a
/// file of the `[distutils]` and `[codeartifact]` sections only.
pub fn updated(existing: Option<&str>, path: &str, endpoint: &str, token: &str) -> Result<String, String> {
    let mut ini = match existing {
        None => {
            let mut ini = Ini::default();
            ini.set("distutils", "index-servers", "\npypi\ncodeartifact");
            ini
        }
        Some(text) => {
            let mut ini = parse(text, path)?;
            let servers = ini.get("distutils", "index-servers")?;
            let mut servers: Vec<String> = servers
                .split('\n')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if !servers.iter().any(|s| s == "codeartifact") {
                servers.push("codeartifact".to_owned());
                ini.set("distutils", "index-servers", &format!("\n{}", servers.join("\n")));
            }
            ini
        }
    };
    ini.set("codeartifact", "repository", endpoint);
    ini.set("codeartifact", "username", "aws");
    ini.set("codeartifact", "password", token);
    Ok(ini.write())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_holds_distutils_and_codeartifact() {
        assert_eq!(
            updated(None, "p", "https://e/", "t").unwrap(),
            "[distutils]\nindex-servers = \n\tpypi\n\tcodeartifact\n\n[codeartifact]\n\
             repository = https://e/\nusername = aws\npassword = t\n\n"
        );
    }

    #[test]
    fn an_existing_file_keeps_its_sections() {
        let text = "# c\n[distutils]\nindex-servers =\n  pypi\n  testpypi\n\n[pypi]\nUsername: me\n";
        assert_eq!(
            updated(Some(text), "p", "https://e/", "t").unwrap(),
            "[distutils]\nindex-servers = \n\tpypi\n\ttestpypi\n\tcodeartifact\n\n[pypi]\n\
             username = me\n\n[codeartifact]\nrepository = https://e/\nusername = aws\n\
             password = t\n\n"
        );
        assert_eq!(
            updated(Some("[pypi]\n"), "p", "e", "t").unwrap_err(),
            "No section: 'distutils'"
        );
    }
}
