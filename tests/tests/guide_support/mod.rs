//! The user guide walkthrough runner: examples run in order against one `moto_server` (reset
//! per chapter), each checked on its own and counted; failures must be listed with their
//! emulator limitation in `tests/user-guide-exceptions.txt`.

#![allow(dead_code)]

pub mod glacier;

use aws2_e2e::{Cli, CliEnv, MotoServer, Outcome};
use std::collections::{BTreeMap, HashMap};

/// One check of an example's outcome; may save values for later examples.
pub type Check = Box<dyn Fn(&Outcome, &mut HashMap<String, String>) -> Result<(), String>>;

/// The walkthrough state: the server, the CLI environment, saved values and results.
pub struct Guide {
    moto: MotoServer,
    /// The CLI environment (working directory, config files) pointing at `moto_server`.
    pub env: CliEnv,
    vars: HashMap<String, String>,
    chapter: String,
    results: Vec<(String, Result<(), String>)>,
    exceptions: BTreeMap<String, String>,
    /// Examples run under both CLIs, and how many of them came out the same.
    v2_compared: (usize, usize),
}

impl Guide {
    /// Starts `moto_server` and reads the exception list.
    pub fn start() -> Guide {
        // The guide attaches the AWS managed policy PowerUserAccess.
        std::env::set_var("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        let moto = MotoServer::start();
        let env = CliEnv::new(&moto.endpoint());
        let list = include_str!("../../user-guide-exceptions.txt");
        let exceptions = list
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(id, why)| (id.trim().to_owned(), why.trim().to_owned()))
            .collect();
        Guide {
            moto,
            env,
            vars: HashMap::new(),
            chapter: String::new(),
            results: Vec::new(),
            v2_compared: (0, 0),
            exceptions,
        }
    }

    /// Begins a chapter on a fresh server state (saved values are kept for the placeholders).
    pub fn chapter(&mut self, name: &str) {
        self.moto.reset();
        self.chapter = name.to_owned();
    }

    /// A saved value.
    pub fn var(&self, name: &str) -> String {
        self.vars.get(name).cloned().unwrap_or_default()
    }

    /// Saves a value for `{NAME}` placeholders.
    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_owned(), value.to_owned());
    }

    /// The arguments with `{NAME}` placeholders replaced by saved values.
    pub fn expand(&self, args: &[&str]) -> Vec<String> {
        args.iter()
            .map(|a| {
                let mut s = (*a).to_owned();
                for (k, v) in &self.vars {
                    s = s.replace(&format!("{{{k}}}"), v);
                }
                s
            })
            .collect()
    }

    /// Writes a file into the working directory (placeholders expanded).
    pub fn file(&self, name: &str, contents: &str) {
        let text = self.expand(&[contents]).remove(0);
        self.env.write_file(name, &text);
    }

    /// Runs one example with our CLI and applies the checks.
    pub fn step(&mut self, label: &str, args: &[&str], checks: Vec<Check>) -> Outcome {
        let args = self.expand(args);
        let out = self.env.run(Cli::Aws2, &args);
        self.check(label, &args.join(" "), &out, checks);
        out
    }

    /// Applies checks to an outcome (of `aws {shown}`) and records the result.
    pub fn check(&mut self, label: &str, shown: &str, out: &Outcome, checks: Vec<Check>) {
        let mut result = Ok(());
        for check in &checks {
            if let Err(e) = check(out, &mut self.vars) {
                result = Err(format!(
                    "`aws {shown}`: {e}; exit {}; stderr: {}",
                    out.code,
                    out.stderr.trim()
                ));
                break;
            }
        }
        self.record(label, result);
    }

    /// Runs one example under both CLIs for each format (none: as given) and compares the
    /// masked stdout and the exit codes; then applies the checks to our outcome.
    pub fn same(&mut self, label: &str, args: &[&str], formats: &[&str], checks: Vec<Check>) {
        let base = self.expand(args);
        let runs: Vec<Vec<String>> = match formats {
            [] => vec![base.clone()],
            _ => formats
                .iter()
                .map(|f| {
                    let mut a = base.clone();
                    a.extend(["--output".to_owned(), (*f).to_owned()]);
                    a
                })
                .collect(),
        };
        let mut result = Ok(());
        let mut first = None;
        for a in &runs {
            let ours = self.env.run(Cli::Aws2, a);
            let theirs = self.env.run(Cli::Oracle, a);
            let (m2, m1) = (
                aws2_e2e::mask::mask(&ours.stdout, &[]),
                aws2_e2e::mask::mask(&theirs.stdout, &[]),
            );
            if m2 != m1 || ours.code != theirs.code {
                result = Err(format!(
                    "`aws {}` differs from the AWS CLI v2: exit {} vs {}\n--- aws2\n{}{}\n--- aws-cli v2\n{}{}",
                    a.join(" "),
                    ours.code,
                    theirs.code,
                    ours.stdout,
                    ours.stderr,
                    theirs.stdout,
                    theirs.stderr
                ));
                break;
            }
            first.get_or_insert(ours);
        }
        self.v2_compared.0 += 1;
        if result.is_ok() {
            self.v2_compared.1 += 1;
        }
        if let (Ok(()), Some(out)) = (&result, &first) {
            for check in &checks {
                if let Err(e) = check(out, &mut self.vars) {
                    result = Err(format!(
                        "`aws {}`: {e}; stderr: {}",
                        base.join(" "),
                        out.stderr.trim()
                    ));
                    break;
                }
            }
        }
        self.record(label, result);
    }

    /// Runs a shell command of the guide (`dd`, `split`, `openssl`) in the working directory.
    pub fn shell(&mut self, label: &str, script: &str) -> String {
        let script = self.expand(&[script]).remove(0);
        let out = std::process::Command::new("sh")
            .args(["-c", &script])
            .current_dir(self.env.dir())
            .output();
        let (result, stdout) = match out {
            Ok(o) if o.status.success() => {
                (Ok(()), String::from_utf8_lossy(&o.stdout).into_owned())
            }
            Ok(o) => (
                Err(format!(
                    "`{script}` failed: {}",
                    String::from_utf8_lossy(&o.stderr)
                )),
                String::new(),
            ),
            Err(e) => (Err(format!("`{script}`: {e}")), String::new()),
        };
        self.record(label, result);
        stdout
    }

    /// Records the result of a check done by the test itself.
    pub fn record(&mut self, label: &str, result: Result<(), String>) {
        self.results
            .push((format!("{}/{}", self.chapter, label), result));
    }

    /// Prints the counts and the failures; panics on a failure not listed as an exception.
    pub fn finish(self) {
        let total = self.results.len();
        let passed = self.results.iter().filter(|(_, r)| r.is_ok()).count();
        let mut unexpected = Vec::new();
        for (id, r) in &self.results {
            match (r, self.exceptions.get(id)) {
                (Err(e), Some(why)) => eprintln!("exception {id}: {why}\n    ({e})"),
                (Err(e), None) => {
                    eprintln!("FAILED {id}: {e}");
                    unexpected.push(id.clone());
                }
                (Ok(()), Some(_)) => eprintln!("note: {id} is listed as an exception but passed"),
                _ => {}
            }
        }
        eprintln!("user guide examples: {passed}/{total}");
        let (compared, identical) = self.v2_compared;
        eprintln!("v2 differential: {identical}/{compared} user guide examples identical");
        assert!(
            unexpected.is_empty(),
            "user guide examples failing without a listed exception: {unexpected:?}"
        );
    }
}

/// Exit code 0.
pub fn ok() -> Check {
    code(0)
}

/// The given exit code.
pub fn code(expected: i32) -> Check {
    Box::new(move |o, _| match o.code == expected {
        true => Ok(()),
        false => Err(format!("exit {} instead of {expected}", o.code)),
    })
}

/// Stdout contains the text.
pub fn out_has(text: &str) -> Check {
    let text = text.to_owned();
    Box::new(
        move |o, vars| match o.stdout.contains(&expand_vars(&text, vars)) {
            true => Ok(()),
            false => Err(format!("stdout lacks {text:?}: {}", o.stdout)),
        },
    )
}

/// Stdout does not contain the text.
pub fn out_lacks(text: &str) -> Check {
    let text = text.to_owned();
    Box::new(
        move |o, vars| match o.stdout.contains(&expand_vars(&text, vars)) {
            true => Err(format!("stdout has {text:?}: {}", o.stdout)),
            false => Ok(()),
        },
    )
}

/// Stderr contains the text.
pub fn err_has(text: &str) -> Check {
    let text = text.to_owned();
    Box::new(
        move |o, vars| match o.stderr.contains(&expand_vars(&text, vars)) {
            true => Ok(()),
            false => Err(format!("stderr lacks {text:?}: {}", o.stderr)),
        },
    )
}

/// The JSON value at `path` (`A.B[0].C`) printed as text equals `expected`.
pub fn is(path: &str, expected: &str) -> Check {
    let (path, expected) = (path.to_owned(), expected.to_owned());
    Box::new(move |o, vars| {
        let expected = expand_vars(&expected, vars);
        let got = json_at(&o.stdout, &path)?;
        match got == expected {
            true => Ok(()),
            false => Err(format!("{path} is {got:?}, expected {expected:?}")),
        }
    })
}

/// The JSON value at `path` exists and is not null.
pub fn present(path: &str) -> Check {
    let path = path.to_owned();
    Box::new(move |o, _| json_at(&o.stdout, &path).map(|_| ()))
}

/// Saves the JSON value at `path` as `{name}`.
pub fn save(name: &str, path: &str) -> Check {
    let (name, path) = (name.to_owned(), path.to_owned());
    Box::new(move |o, vars| {
        let value = json_at(&o.stdout, &path)?;
        vars.insert(name.clone(), value);
        Ok(())
    })
}

/// Saves the trimmed stdout as `{name}`.
pub fn save_text(name: &str) -> Check {
    let name = name.to_owned();
    Box::new(move |o, vars| {
        let text = o.stdout.trim().to_owned();
        match text.is_empty() {
            true => Err("empty stdout".into()),
            false => {
                vars.insert(name.clone(), text);
                Ok(())
            }
        }
    })
}

fn expand_vars(text: &str, vars: &HashMap<String, String>) -> String {
    let mut s = text.to_owned();
    for (k, v) in vars {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// The value at a dotted path with `[i]` indices, as text (strings unquoted, `length(...)`
/// via a trailing `#`).
pub fn json_at(stdout: &str, path: &str) -> Result<String, String> {
    let json: serde_json::Value =
        serde_json::from_str(stdout).map_err(|e| format!("stdout is not JSON ({e}): {stdout}"))?;
    let (path, count) = match path.strip_suffix('#') {
        Some(p) => (p, true),
        None => (path, false),
    };
    let mut cur = &json;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !name.is_empty() {
            cur = cur
                .get(name)
                .ok_or_else(|| format!("no {name} in {stdout}"))?;
        }
        if let Some(i) = index {
            cur = cur.get(i).ok_or_else(|| format!("no [{i}] in {stdout}"))?;
        }
    }
    if count {
        return match cur {
            serde_json::Value::Array(a) => Ok(a.len().to_string()),
            serde_json::Value::Object(o) => Ok(o.len().to_string()),
            other => Err(format!("{other} has no length")),
        };
    }
    match cur {
        serde_json::Value::Null => Err(format!("{path} is null in {stdout}")),
        serde_json::Value::String(s) => Ok(s.clone()),
        other => Ok(other.to_string()),
    }
}
