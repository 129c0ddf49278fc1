//! The WiX source as wixl can compile it: the `PATH:BEGIN`/`PATH:END` blocks of `main.wxs`
//! (the `<Environment>` component wixl rejects) are cut out, and what they declare is read so
//! the same entry can be added to the built package (see [`super::environment`]).

use crate::PackagingError;

/// Marker opening a block that wixl cannot compile.
pub const BEGIN_MARKER: &str = "PATH:BEGIN";
/// Marker closing it.
pub const END_MARKER: &str = "PATH:END";

/// The PATH entry declared in the cut-out blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathEntry {
    /// `Component/@Id`.
    pub component: String,
    /// `Component/@Guid`, braced and upper-case as MSI stores it.
    pub guid: String,
    /// Whether the component is 64-bit (`Win64="yes"`).
    pub win64: bool,
    /// Id of the `Directory` holding the component.
    pub directory: String,
    /// Id of the `Feature` referencing the component.
    pub feature: String,
    /// `Environment/@Id`.
    pub id: String,
    /// `Environment/@Name`, e.g. `PATH`.
    pub name: String,
    /// `Environment/@Value`, e.g. `[AWSCLIV2]`.
    pub value: String,
    /// `Environment/@Action`: `set`, `create` or `remove`.
    pub action: String,
    /// `Environment/@Part`: `all`, `first` or `last`.
    pub part: String,
    /// `Environment/@Permanent="yes"`.
    pub permanent: bool,
    /// `Environment/@System="yes"`.
    pub system: bool,
    /// `Environment/@Separator`, `;` by default.
    pub separator: String,
}

/// `main.wxs` split into the text wixl compiles and the PATH entry it cannot.
#[derive(Debug)]
pub struct SplitWxs {
    /// The source without the marked blocks.
    pub wixl_source: String,
    /// The entry declared in them.
    pub path_entry: PathEntry,
}

/// Cuts the marked blocks out of `source` and reads the PATH entry they declare. Fails if
/// there are no blocks, a block is not closed, or they do not declare exactly one
/// `Environment` in one `Component` referenced from one `Feature`.
pub fn split(source: &str) -> Result<SplitWxs, PackagingError> {
    let mut kept = String::with_capacity(source.len());
    let mut stack: Vec<(String, String)> = Vec::new();
    let mut inside = false;
    let mut blocks = 0;
    let mut component: Option<(String, String, bool, String)> = None;
    let mut environment: Option<Element> = None;
    let mut feature: Option<String> = None;
    for line in source.split_inclusive('\n') {
        if line.contains(BEGIN_MARKER) {
            if inside {
                return Err(invalid("nested PATH:BEGIN"));
            }
            inside = true;
            blocks += 1;
            continue;
        }
        if line.contains(END_MARKER) {
            if !inside {
                return Err(invalid("PATH:END without PATH:BEGIN"));
            }
            inside = false;
            continue;
        }
        if !inside {
            track(line, &mut stack);
            kept.push_str(line);
            continue;
        }
        if let Some(el) = Element::find(line, "Component") {
            let directory = enclosing(&stack, "Directory")?;
            component = Some((
                el.required("Id")?,
                el.required("Guid")?,
                el.flag("Win64"),
                directory,
            ));
        }
        if let Some(el) = Element::find(line, "Environment") {
            if environment.replace(el).is_some() {
                return Err(invalid("more than one Environment in the PATH blocks"));
            }
        }
        if let Some(el) = Element::find(line, "ComponentRef") {
            feature = Some(enclosing(&stack, "Feature")?);
            let _ = el;
        }
    }
    if inside {
        return Err(invalid("PATH:BEGIN without PATH:END"));
    }
    if blocks == 0 {
        return Err(invalid("no PATH:BEGIN/PATH:END block"));
    }
    let (component, guid, win64, directory) =
        component.ok_or_else(|| invalid("no Component in the PATH blocks"))?;
    let env = environment.ok_or_else(|| invalid("no Environment in the PATH blocks"))?;
    let feature = feature.ok_or_else(|| invalid("no ComponentRef in the PATH blocks"))?;
    let path_entry = PathEntry {
        component,
        guid: format!("{{{}}}", guid.trim_matches(['{', '}']).to_ascii_uppercase()),
        win64,
        directory,
        feature,
        id: env.required("Id")?,
        name: env.required("Name")?,
        value: env.required("Value")?,
        action: env.get("Action").unwrap_or_else(|| "set".into()),
        part: env.get("Part").unwrap_or_else(|| "all".into()),
        permanent: env.flag("Permanent"),
        system: env.flag("System"),
        separator: env.get("Separator").unwrap_or_else(|| ";".into()),
    };
    Ok(SplitWxs {
        wixl_source: kept,
        path_entry,
    })
}

/// Keeps the stack of open `<Directory>`/`<Feature>` elements (id per tag) up to date.
fn track(line: &str, stack: &mut Vec<(String, String)>) {
    for tag in ["Directory", "Feature"] {
        if let Some(el) = Element::find(line, tag) {
            if !el.self_closing {
                stack.push((tag.to_owned(), el.get("Id").unwrap_or_default()));
            }
        }
        if line.contains(&format!("</{tag}>")) {
            if let Some(pos) = stack.iter().rposition(|(t, _)| t == tag) {
                stack.remove(pos);
            }
        }
    }
}

/// The id of the innermost open element named `tag`.
fn enclosing(stack: &[(String, String)], tag: &str) -> Result<String, PackagingError> {
    stack
        .iter()
        .rev()
        .find(|(t, _)| t == tag)
        .map(|(_, id)| id.clone())
        .filter(|id| !id.is_empty())
        .ok_or_else(|| invalid(&format!("the PATH block is not inside a {tag} with an Id")))
}

/// An element's start tag found on one line.
struct Element {
    attributes: Vec<(String, String)>,
    self_closing: bool,
}

impl Element {
    /// The start tag `<tag ...>` on `line`, if any (start tags span one line in main.wxs).
    fn find(line: &str, tag: &str) -> Option<Element> {
        let open = format!("<{tag}");
        let start = line.match_indices(&open).find_map(|(i, _)| {
            let rest = &line[i + open.len()..];
            rest.starts_with([' ', '>', '/', '\t', '\r', '\n'])
                .then_some(i + open.len())
        })?;
        let rest = &line[start..];
        let end = rest.find('>').unwrap_or(rest.len());
        let body = &rest[..end];
        let mut attributes = Vec::new();
        let mut text = body;
        while let Some(eq) = text.find("=\"") {
            let name = text[..eq].trim().trim_start_matches('/').to_owned();
            let after = &text[eq + 2..];
            let Some(close) = after.find('"') else { break };
            attributes.push((name, after[..close].to_owned()));
            text = &after[close + 1..];
        }
        Some(Element {
            attributes,
            self_closing: body.trim_end().ends_with('/'),
        })
    }

    fn get(&self, name: &str) -> Option<String> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    fn required(&self, name: &str) -> Result<String, PackagingError> {
        self.get(name)
            .ok_or_else(|| invalid(&format!("attribute {name} missing in the PATH blocks")))
    }

    fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v == "yes")
    }
}

fn invalid(what: &str) -> PackagingError {
    PackagingError::Invalid(format!("main.wxs: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WXS: &str = include_str!("../../../wix/main.wxs");

    #[test]
    fn cuts_the_path_blocks_of_main_wxs() {
        let split = split(WXS).unwrap();
        assert!(!split.wixl_source.contains("<Environment "));
        assert!(!split.wixl_source.contains("PathEntry"));
        assert!(split.wixl_source.contains("<ComponentRef Id=\"Aws2Exe\"/>"));
        let e = split.path_entry;
        assert_eq!(e.component, "PathEntry");
        assert_eq!(e.directory, "AWSCLIV2");
        assert_eq!(e.feature, "Main");
        assert_eq!(e.name, "PATH");
        assert_eq!(e.value, "[AWSCLIV2]");
        assert_eq!((e.action.as_str(), e.part.as_str()), ("set", "last"));
        assert!(e.system && !e.permanent && e.win64);
        assert!(e.guid.starts_with('{') && e.guid.ends_with('}'));
        eprintln!("wxs: PATH block of main.wxs read");
    }

    #[test]
    fn refuses_sources_without_or_with_broken_blocks() {
        assert!(split("<Wix/>\n").is_err());
        let open = WXS.replacen("<!-- PATH:END -->", "", 1);
        assert!(split(&open).is_err());
        let no_env = WXS.replace("<Environment ", "<Other ");
        assert!(split(&no_env).is_err());
    }
}
