//! How `codeartifact login` configures each tool: the commands it runs (or prints with
//! `--dry-run`), the files it writes, and what it prints.

use super::{pypirc, Login};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Configures the login's tool.
pub fn login(login: &Login) -> Result<(), String> {
    match login.tool.as_str() {
        "npm" => npm(login),
        "pip" => {
            let (scheme, rest) = split_url(&login.endpoint);
            let url = format!("{scheme}://aws:{}@{rest}simple/", login.token);
            let commands = vec![words(&["pip", "config", "set", "global.index-url", &url])];
            run_all(login, "pip", &commands)
        }
        "twine" => twine(login),
        "swift" => swift(login),
        _ => nuget(login),
    }
}

fn words(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The scheme and the rest (`netloc` and path) of a URL.
fn split_url(url: &str) -> (&str, &str) {
    match url.split_once("://") {
        Some((scheme, rest)) => (scheme, rest),
        None => ("", url),
    }
}

/// The `//host/path` npm keys its settings of a registry by (query and fragment dropped).
fn npm_prefix(endpoint: &str) -> String {
    let (_, rest) = split_url(endpoint);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    format!("//{rest}")
}

fn npm(login: &Login) -> Result<(), String> {
    let scope = match login.namespace.as_deref() {
        None => None,
        Some(ns) => {
            let scope = if ns.starts_with('@') {
                ns.to_owned()
            } else {
                format!("@{ns}")
            };
            let first = scope.chars().nth(1);
            if !first.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-~".contains(c)) {
                return Err("Invalid scope name, scope must contain URL-safe characters, no \
                            leading dots or underscores"
                    .to_owned());
            }
            Some(scope)
        }
    };
    let registry = match &scope {
        Some(scope) if !scope.is_empty() => format!("{scope}:registry"),
        _ => "registry".to_owned(),
    };
    let prefix = npm_prefix(&login.endpoint);
    let commands = vec![
        words(&["npm", "config", "set", &registry, &login.endpoint]),
        words(&["npm", "config", "set", &format!("{prefix}:always-auth"), "true"]),
        words(&["npm", "config", "set", &format!("{prefix}:_authToken"), &login.token]),
    ];
    run_all(login, "npm", &commands)
}

/// Prints the commands (`--dry-run`), or runs them and prints the success message.
fn run_all(login: &Login, tool: &str, commands: &[Vec<String>]) -> Result<(), String> {
    if login.dry_run {
        for command in commands {
            println!("{}\n", command.join(" "));
        }
        return Ok(());
    }
    for command in commands {
        // npm no longer knows `always-auth`; its refusal does not matter.
        let ignore = tool == "npm" && command.iter().any(|w| w.contains("always-auth"));
        match run(tool, command) {
            Ok(_) => {}
            Err(Failure::Status(_)) if ignore => {}
            Err(Failure::Status(out)) => return Err(failed(command, &out, &login.token)),
            Err(Failure::Other(message)) => return Err(message),
        }
    }
    login.success_message(tool);
    Ok(())
}

enum Failure {
    /// The command ran and failed.
    Status(std::process::Output),
    /// It could not run.
    Other(String),
}

fn run(tool: &str, command: &[String]) -> Result<std::process::Output, Failure> {
    let output = Command::new(&command[0])
        .args(&command[1..])
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Failure::Other(format!("{tool} was not found. Please verify installation."))
            }
            _ => Failure::Other(format!(
                "{}: {}",
                crate::errno::python_os_error(&e),
                aws2_pyrepr::str_repr(&command[0])
            )),
        })?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(Failure::Status(output))
    }
}

/// Python's `str()` of the `CalledProcessError` of `command`.
fn called_process_error(command: &[String], out: &std::process::Output) -> String {
    let list: Vec<String> = command.iter().map(|w| aws2_pyrepr::str_repr(w)).collect();
    let status = match out.status.code() {
        Some(code) => format!("returned non-zero exit status {code}."),
        None => "died with a signal.".to_owned(),
    };
    format!("Command '[{}]' {status}", list.join(", "))
}

/// The message of a failed command: the token masked, then the command's stderr.
fn failed(command: &[String], out: &std::process::Output, token: &str) -> String {
    let text = called_process_error(command, out);
    let text = if token.is_empty() { text } else { text.replace(token, "******") };
    format!(
        "{text} Stderr from command:\n{}",
        String::from_utf8_lossy(&out.stderr)
    )
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/"), PathBuf::from)
}

fn twine(login: &Login) -> Result<(), String> {
    let path = home().join(".pypirc");
    let shown = path.display().to_string();
    // A file that cannot be read is read as empty, as configparser passes it over.
    let existing = path
        .exists()
        .then(|| std::fs::read(&path).map(|b| String::from_utf8_lossy(&b).into_owned()))
        .map(Result::unwrap_or_default);
    let text = pypirc::updated(existing.as_deref(), &shown, &login.endpoint, &login.token)
        .inspect_err(|_| println!("{shown} is in an invalid state."))?;
    if login.dry_run {
        println!("Dryrun mode is enabled, not writing to pypirc.");
        println!("{shown} would have been set to the following:\n\n{text}");
        return Ok(());
    }
    write_private(&path, &text)?;
    login.success_message("twine");
    Ok(())
}

/// Writes a file of mode 0600 (an existing one made 0600 too): a temporary file beside it,
/// renamed over it.
fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("/"));
    let os = |e: std::io::Error| {
        format!(
            "{}: {}",
            crate::errno::python_os_error(&e),
            aws2_pyrepr::str_repr(&path.display().to_string())
        )
    };
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(os)?;
    }
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = options
        .open(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(os)
}

fn swift(login: &Login) -> Result<(), String> {
    let scope = match login.namespace.as_deref() {
        None => None,
        Some(ns) => {
            let chars: Vec<char> = ns.chars().collect();
            let alnum = |c: &char| c.is_ascii_alphanumeric();
            let valid = chars.first().is_some_and(alnum)
                && chars.len() <= 39
                && chars
                    .iter()
                    .enumerate()
                    .all(|(i, c)| alnum(c) || (*c == '-' && chars.get(i + 1).is_some_and(alnum)));
            if !valid {
                return Err("Invalid scope name, scope must contain URL-safe characters, no \
                            leading dots or underscores and no more than 39 characters"
                    .to_owned());
            }
            Some(ns.to_owned())
        }
    };
    let mut set = words(&["swift", "package-registry", "set", &login.endpoint]);
    if let Some(scope) = &scope {
        set.extend(words(&["--scope", scope]));
    }
    let commands = vec![
        set,
        words(&["swift", "package-registry", "login", &format!("{}login", login.endpoint)]),
    ];
    let (_, rest) = split_url(&login.endpoint);
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default().to_lowercase();
    let entry = format!("machine {host} login token password {}", login.token);
    let netrc = home().join(".netrc");
    if login.dry_run {
        println!("Dryrun mode is enabled, not writing to netrc.");
        println!("The following line would have been written to {}:\n", netrc.display());
        println!("{entry}\n\nAnd would have run the following commands:\n");
    } else {
        update_netrc(&netrc, &host, &entry, &login.token)?;
    }
    run_all(login, "swift", &commands)
}

/// Replaces the password of each `machine <host> login <x> password <token>` entry, or
/// appends the entry when that changes nothing.
fn update_netrc(path: &Path, host: &str, entry: &str, token: &str) -> Result<(), String> {
    if !path.is_file() {
        return write_private(path, &format!("{entry}\n"));
    }
    let contents = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let pattern = format!(
        r"(?m)(\bmachine\s+{}\s+login\s+\S+\s+password\s+)\S+",
        regex::escape(host)
    );
    let re = regex::Regex::new(&pattern).map_err(|e| e.to_string())?;
    let replaced = re
        .replace_all(&contents, |caps: &regex::Captures<'_>| format!("{}{token}", &caps[1]))
        .into_owned();
    let updated = if replaced != contents {
        replaced
    } else if contents.ends_with('\n') {
        format!("{contents}{entry}\n")
    } else {
        format!("{contents}\n{entry}\n")
    };
    write_private(path, &updated)
}

fn nuget(login: &Login) -> Result<(), String> {
    let dotnet = login.tool == "dotnet";
    let list = if dotnet {
        words(&["dotnet", "nuget", "list", "source", "--format", "detailed"])
    } else {
        words(&["nuget", "sources", "list", "-format", "detailed"])
    };
    let output = match run(&login.tool, &list) {
        Ok(out) => out,
        Err(Failure::Status(out)) => return Err(called_process_error(&list, &out)),
        Err(Failure::Other(message)) => return Err(message),
    };
    let index = format!("{}v3/index.json", login.endpoint);
    let sources = sources(&String::from_utf8_lossy(&output.stdout));
    let default_name = format!("{}/{}", login.domain, login.repository);
    let found = sources
        .iter()
        .find(|(_, url)| *url == index)
        .or_else(|| sources.iter().find(|(name, _)| *name == default_name))
        .map(|(name, _)| name.clone());
    let exists = found.is_some();
    let name = found.unwrap_or(default_name);
    let operation = if exists { "update" } else { "add" };
    let command = if dotnet {
        let mut c = words(&["dotnet", "nuget", operation, "source"]);
        if exists {
            c.extend(words(&[&name, "--source", &index]));
        } else {
            c.extend(words(&[&index, "--name", &name]));
        }
        c.extend(words(&["--username", "aws", "--password", &login.token]));
        c.push("--store-password-in-clear-text".to_owned());
        c
    } else {
        words(&[
            "nuget", "sources", operation, "-name", &name, "-source", &index, "-username", "aws",
            "-password", &login.token,
        ])
    };
    if login.dry_run {
        println!("{}", command.join(" "));
        return Ok(());
    }
    match run(&login.tool, &command) {
        Ok(_) => {}
        Err(Failure::Status(out)) => {
            println!("Failed to update the NuGet.Config");
            return Err(failed(&command, &out, &login.token));
        }
        Err(Failure::Other(message)) => return Err(message),
    }
    if exists {
        println!("Updated source {name} in the NuGet.Config");
    } else {
        println!("Added source {name} to the user level NuGet.Config");
    }
    login.success_message("nuget");
    Ok(())
}

/// The sources of a detailed source listing: `1.  name [Enabled]` lines, each followed by
/// its URL.
fn sources(listing: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r"^\d+\.\s(?P<name>.+)\s\[.*\]").expect("valid pattern");
    let lines: Vec<&str> = listing.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(caps) = re.captures(line.trim()) {
            let name = caps["name"].trim().to_owned();
            let url = lines.get(i + 1).map_or("", |l| l.trim()).to_owned();
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some(existing) => existing.1 = url,
                None => out.push((name, url)),
            }
        }
    }
    out
}
