//! The differential runner: each case runs under both CLIs against the same server state and
//! must print the same stdout (after masking) with the same exit code.

use crate::cli::{Cli, CliEnv, Outcome};
use crate::mask;
use regex::Regex;
use std::sync::Mutex;

/// Output formats compared by most cases.
pub const ALL_FORMATS: &[&str] = &["json", "text", "table"];

/// What a case expects of the two CLIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Same masked stdout and the same exit code.
    Same,
    /// A failure: both exit with this code, print nothing on stdout and the same stderr.
    Error(i32),
}

/// One command compared under both CLIs, once per output format.
#[derive(Debug, Clone)]
pub struct Case {
    /// The arguments; `{u}` becomes a token unique to each run (for commands that create
    /// resources) and is put back in stdout before comparing.
    pub args: Vec<String>,
    /// Output formats to compare (`--output` is appended); empty: run once without `--output`.
    pub formats: Vec<&'static str>,
    /// What is expected.
    pub expect: Expect,
    /// Extra patterns masked in both stdouts.
    pub masks: Vec<Regex>,
    /// Compare skeletons: blank string values (the AWS CLI picks random enum values).
    pub blank_strings: bool,
    /// For failures: compare stderr (the error message and any usage text) as well.
    pub compare_stderr: bool,
}

impl Case {
    /// A case comparing json, text and table output of `args`.
    pub fn new(args: &[&str]) -> Case {
        Case {
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            formats: ALL_FORMATS.to_vec(),
            expect: Expect::Same,
            masks: Vec::new(),
            blank_strings: false,
            compare_stderr: true,
        }
    }

    /// Restricts the output formats compared.
    pub fn formats(mut self, formats: &[&'static str]) -> Case {
        self.formats = formats.to_vec();
        self
    }

    /// Expects both CLIs to fail with exit code `code`, with empty stdout.
    pub fn error(mut self, code: i32) -> Case {
        self.expect = Expect::Error(code);
        self.formats = Vec::new();
        self
    }

    /// For failures whose message legitimately differs: compare exit codes and stdout only.
    pub fn stderr_differs(mut self) -> Case {
        self.compare_stderr = false;
        self
    }

    /// Masks every match of `pattern` in both stdouts.
    pub fn mask(mut self, pattern: &str) -> Case {
        self.masks
            .push(Regex::new(pattern).expect("valid mask pattern"));
        self
    }

    /// Blanks string values before comparing (skeletons).
    pub fn blank_strings(mut self) -> Case {
        self.blank_strings = true;
        self
    }

    fn invocations(&self) -> Vec<Vec<String>> {
        if self.formats.is_empty() {
            return vec![self.args.clone()];
        }
        self.formats
            .iter()
            .map(|f| {
                let mut args = self.args.clone();
                args.extend(["--output".to_owned(), (*f).to_owned()]);
                args
            })
            .collect()
    }
}

/// Runs cases against one environment and keeps the tally.
pub struct Suite {
    env: CliEnv,
    threads: usize,
    compared: Mutex<usize>,
    next_token: std::sync::atomic::AtomicUsize,
    failures: Mutex<Vec<String>>,
}

impl Suite {
    /// A suite for an environment.
    pub fn new(env: CliEnv) -> Suite {
        Suite {
            env,
            threads: 1,
            compared: Mutex::new(0),
            next_token: std::sync::atomic::AtomicUsize::new(0),
            failures: Mutex::new(Vec::new()),
        }
    }

    /// The environment (for setup commands and files).
    pub fn env(&self) -> &CliEnv {
        &self.env
    }

    /// Runs one command line under one CLI.
    pub fn run(&self, cli: Cli, args: &[&str]) -> Outcome {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        self.env.run(cli, &args)
    }

    /// Compares every case, one at a time (cases share one emulator), and records the results. Cases whose operation
    /// changes state run after the others, so that no listing races a concurrent change.
    pub fn compare(&self, cases: &[Case]) {
        let (changing, reading): (Vec<&Case>, Vec<&Case>) =
            cases.iter().partition(|c| changes_state(&c.args));
        self.compare_batch(&reading);
        self.compare_batch(&changing);
    }

    fn compare_batch(&self, cases: &[&Case]) {
        let jobs: Vec<(&Case, Vec<String>)> = cases
            .iter()
            .flat_map(|case| {
                let case: &Case = case;
                case.invocations().into_iter().map(move |args| (case, args))
            })
            .collect();
        let next = Mutex::new(0usize);
        std::thread::scope(|scope| {
            for _ in 0..self.threads {
                scope.spawn(|| loop {
                    let job = {
                        let mut n = next.lock().expect("job counter");
                        *n += 1;
                        jobs.get(*n - 1)
                    };
                    let Some((case, args)) = job else { break };
                    self.compare_one(case, args);
                });
            }
        });
    }

    fn compare_one(&self, case: &Case, args: &[String]) {
        let run = |cli: Cli, token: &str| {
            let args: Vec<String> = args.iter().map(|a| a.replace("{u}", token)).collect();
            let mut out = self.env.run(cli, &args);
            out.stdout = mask::mask(&out.stdout.replace(token, "{u}"), &case.masks);
            out.stderr = out.stderr.replace(token, "{u}");
            if case.blank_strings {
                out.stdout = mask::blank_json_strings(&out.stdout);
            }
            out
        };
        // Unique per invocation, so that concurrent runs never touch the same resource.
        let n = self
            .next_token
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = format!("c{n:04}");
        let oracle = run(Cli::Oracle, &format!("{token}a"));
        let ours = run(Cli::Aws2, &format!("{token}b"));
        let problem = match case.expect {
            Expect::Same if oracle.code != ours.code => Some(format!(
                "exit codes differ: aws-cli v2 {} ours {}\naws-cli v2 stderr: {}\nour stderr: {}",
                oracle.code, ours.code, oracle.stderr, ours.stderr
            )),
            Expect::Same if oracle.stdout != ours.stdout => Some(format!(
                "stdout differs:\n{}",
                first_difference(&oracle.stdout, &ours.stdout)
            )),
            Expect::Same => None,
            Expect::Error(code) => {
                if oracle.code != code || ours.code != code {
                    Some(format!(
                        "exit codes: aws-cli v2 {}, ours {} (expected {code})\naws-cli v2 stderr: {}\nour stderr: {}",
                        oracle.code, ours.code, oracle.stderr, ours.stderr
                    ))
                } else if !oracle.stdout.is_empty() || !ours.stdout.is_empty() {
                    Some(format!(
                        "stdout not empty: aws-cli v2 {:?}, ours {:?}",
                        oracle.stdout, ours.stdout
                    ))
                } else if ours.stderr.trim().is_empty() {
                    Some("no error message on stderr".to_owned())
                } else if case.compare_stderr && oracle.stderr != ours.stderr {
                    Some(format!(
                        "error messages differ:\n{}",
                        first_difference(&oracle.stderr, &ours.stderr)
                    ))
                } else {
                    None
                }
            }
        };
        *self.compared.lock().expect("tally") += 1;
        if let Some(problem) = problem {
            self.failures
                .lock()
                .expect("failures")
                .push(format!("aws {}\n{problem}", args.join(" ")));
        }
    }

    /// Prints `v2 differential: N/N commands identical (<name>)` and panics on any difference.
    pub fn finish(self, name: &str) -> usize {
        let compared = *self.compared.lock().expect("tally");
        let failures = self.failures.into_inner().expect("failures");
        eprintln!(
            "v2 differential: {}/{compared} commands identical ({name})",
            compared - failures.len()
        );
        assert!(
            failures.is_empty(),
            "{} of {compared} commands differ:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
        compared
    }
}

/// The first differing line of two outputs, with its neighbours.
fn first_difference(a: &str, b: &str) -> String {
    let a_lines: Vec<&str> = a.lines().collect();
    let b_lines: Vec<&str> = b.lines().collect();
    let at = a_lines
        .iter()
        .zip(&b_lines)
        .position(|(x, y)| x != y)
        .unwrap_or(a_lines.len().min(b_lines.len()));
    let from = at.saturating_sub(2);
    let show = |lines: &[&str]| {
        lines
            .iter()
            .skip(from)
            .take(6)
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "  at line {} (aws-cli v2 {} lines, ours {} lines)\n  aws-cli v2:\n{}\n  ours:\n{}",
        at + 1,
        a_lines.len(),
        b_lines.len(),
        show(&a_lines),
        show(&b_lines)
    )
}

/// Whether a command's operation (the second word) creates, changes or deletes something.
fn changes_state(args: &[String]) -> bool {
    const READ_ONLY: &[&str] = &["list-", "get-", "describe-", "head-", "wait"];
    match args.get(1) {
        Some(op) => !READ_ONLY.iter().any(|p| op.starts_with(p)),
        None => false,
    }
}
