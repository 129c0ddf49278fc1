//! A kubeconfig file: choosing it (`--kubeconfig`, else the first `KUBECONFIG` file that
//! has the cluster, else the first `KUBECONFIG` file, else `~/.kube/config`), reading and
//! checking it, merging a cluster, a user and their context into it, and writing it back
//! (a temporary file renamed over it, mode 0600 when it is new).

use super::emit;
use super::yaml::{self, Node};
use crate::errno::python_os_error;
use std::path::{Component, Path, PathBuf};

/// A kubeconfig: where it lives and what it holds (a mapping).
pub struct Kubeconfig {
    /// The absolute path.
    pub path: PathBuf,
    /// The document.
    pub content: Node,
}

/// The keys of a new kubeconfig, with the Python type each must have when present.
const KEYS: &[(&str, &str)] = &[
    ("apiVersion", "<class 'str'>"),
    ("clusters", "<class 'list'>"),
    ("contexts", "<class 'list'>"),
    ("current-context", "<class 'str'>"),
    ("kind", "<class 'str'>"),
    ("preferences", "<class 'collections.OrderedDict'>"),
    ("users", "<class 'list'>"),
];

fn new_content() -> Node {
    Node::map(vec![
        ("apiVersion", Node::str("v1")),
        ("clusters", Node::Seq(Vec::new())),
        ("contexts", Node::Seq(Vec::new())),
        ("current-context", Node::str("")),
        ("kind", Node::str("Config")),
        ("preferences", Node::Map(Vec::new())),
        ("users", Node::Seq(Vec::new())),
    ])
}

impl Kubeconfig {
    /// Reads and checks the kubeconfig at `path`; a missing file is a new, empty one.
    pub fn load(path: &Path) -> Result<Kubeconfig, String> {
        let content = match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                yaml::load(&text)
                    .map_err(|e| format!("YamlError while loading kubeconfig: {e}"))?
                    .filter(|doc| *doc != Node::Null)
                    .unwrap_or_else(new_content)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => new_content(),
            Err(e) => {
                return Err(format!(
                    "Can't open kubeconfig for reading: {}: '{}'",
                    python_os_error(&e),
                    path.display()
                ))
            }
        };
        validate(&content)?;
        Ok(Kubeconfig {
            path: path.to_path_buf(),
            content,
        })
    }

    /// Whether a cluster of this name is among its clusters.
    pub fn has_cluster(&self, name: &Node) -> bool {
        match self.content.get("clusters") {
            Some(Node::Seq(clusters)) => clusters.iter().any(|c| c.get("name") == Some(name)),
            _ => false,
        }
    }

    /// Adds (or replaces, by name) the cluster and the user and a context joining them,
    /// named `alias` or the user's name, and makes it the current context, which it returns.
    pub fn insert_pair(&mut self, cluster: Node, user: Node, alias: Option<&str>) -> Node {
        let name_of = |n: &Node| n.get("name").cloned().unwrap_or(Node::Null);
        let context = Node::map(vec![
            (
                "context",
                Node::map(vec![("cluster", name_of(&cluster)), ("user", name_of(&user))]),
            ),
            ("name", alias.map_or_else(|| name_of(&user), Node::str)),
        ]);
        self.insert("clusters", cluster);
        self.insert("users", user);
        self.insert("contexts", context.clone());
        self.content.set("current-context", name_of(&context));
        context
    }

    fn insert(&mut self, key: &str, entry: Node) {
        let mut entries = match self.content.get(key) {
            Some(Node::Seq(items)) => items.clone(),
            _ => Vec::new(),
        };
        let name = entry.get("name").cloned();
        match entries
            .iter_mut()
            .find(|e| name.is_some() && e.get("name") == name.as_ref())
        {
            Some(same) => *same = entry,
            None => entries.push(entry),
        }
        self.content.set(key, Node::Seq(entries));
    }

    /// The document as the file holds it.
    pub fn dump(&self) -> String {
        emit::dump(&self.content)
    }

    /// Writes the file: its directory is made when missing; the new text goes to a
    /// temporary file beside it (of the file's mode, or 0600), renamed over it.
    pub fn write(&self) -> Result<(), String> {
        let target = match std::fs::symlink_metadata(&self.path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone())
            }
            _ => self.path.clone(),
        };
        let dir = target.parent().unwrap_or(Path::new("/"));
        let os = |e: &std::io::Error, path: &Path| format!("{}: '{}'", python_os_error(e), path.display());
        if let Err(e) = std::fs::create_dir_all(dir) {
            if !dir.exists() {
                return Err(format!("Can't create directory for writing: {}", os(&e, dir)));
            }
        }
        let opening = |e: std::io::Error| format!("Can't open kubeconfig for writing: {}", os(&e, &target));
        if target.is_dir() {
            return Err(opening(std::io::Error::from_raw_os_error(21)));
        }
        let name = target.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = write_new(&tmp, self.dump().as_bytes(), mode_of(&target))
            .and_then(|()| std::fs::rename(&tmp, &target));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(opening)
    }
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).map_or(0o600, |m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_of(_path: &Path) -> u32 {
    0o600
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options.open(path)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        let mut file = options.open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }
}

/// The AWS CLI's checks: a mapping whose known keys have the types of a new kubeconfig's,
/// and whose lists hold mappings.
fn validate(content: &Node) -> Result<(), String> {
    if !matches!(content, Node::Map(_)) {
        return Err("Content not a <class 'dict'>.".to_owned());
    }
    for (key, expected) in KEYS {
        match content.get(key) {
            None | Some(Node::Null) => {}
            Some(value) if value.python_type() != *expected => {
                return Err(format!(
                    "{key} is wrong type: {} (Should be {expected})",
                    value.python_type()
                ));
            }
            Some(_) => {}
        }
    }
    for (key, _) in KEYS {
        if let Some(Node::Seq(items)) = content.get(key) {
            if items.iter().any(|i| !matches!(i, Node::Map(_))) {
                return Err(format!("Entry in {key} not a <class 'dict'>. "));
            }
        }
    }
    Ok(())
}

/// The kubeconfig to update for the cluster `name`: `--kubeconfig`, else the first file
/// of `KUBECONFIG` (`:`-separated; `~/.kube/config` when empty) that has the cluster, else
/// the first of them. A file that cannot be read is passed over, except as the first.
pub fn choose(kubeconfig: Option<&str>, env: &str, name: &Node) -> Result<Kubeconfig, String> {
    let paths: Vec<PathBuf> = match kubeconfig {
        Some(path) => vec![absolute(path)],
        None => {
            let env = if env.is_empty() { "~/.kube/config" } else { env };
            let found: Vec<PathBuf> = std::env::split_paths(env)
                .map(|p| p.to_string_lossy().into_owned())
                .filter(|p| !p.trim().is_empty())
                .map(|p| absolute(&p))
                .collect();
            if found.is_empty() {
                vec![absolute("~/.kube/config")]
            } else {
                found
            }
        }
    };
    for path in &paths {
        if let Ok(config) = Kubeconfig::load(path) {
            if config.has_cluster(name) {
                return Ok(config);
            }
        }
    }
    Kubeconfig::load(&paths[0])
}

/// `~` expanded, made absolute from the working directory and normalized, as Python's
/// `os.path.abspath(os.path.expanduser(path))`.
fn absolute(path: &str) -> PathBuf {
    let expanded = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            match std::env::var_os("HOME") {
                Some(home) => format!("{}{rest}", home.to_string_lossy()),
                None => path.to_owned(),
            }
        }
        _ => path.to_owned(),
    };
    let joined = match std::env::current_dir() {
        Ok(cwd) => cwd.join(&expanded),
        Err(_) => PathBuf::from(&expanded),
    };
    let mut out = PathBuf::from("/");
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}
