//! Every request as the AWS CLI v2 sends it: each command of `tests/data/wire_v2_*.jsonl` runs
//! with the reference CLI and with ours against one capturing server, and the requests must be
//! the same after masking what must differ between two runs (see `aws2_e2e::wire`).
//!
//! `tests/data/wire_v2_commands.jsonl` holds the documentation examples that
//! `scripts/wire-commands` takes from the reference's `awscli/examples/`;
//! `tests/data/wire_v2_known.jsonl` lists the commands still known to differ, with the reasons;
//! `tests/data/wire_v2_cases.jsonl` holds our own cases, some answered with a service error
//! (`{"args": [...], "reply": "error"}`), interrupted by SIGINT once their first request has
//! arrived (`"reply": "interrupt"`), or run beside files and symbolic links of their own
//! (`{"args": [...], "files": {"name": "contents"}, "links": {"name": "target"}}`).

use aws2_e2e::recorder::{Recorder, Reply};
use aws2_e2e::{isolated, oracle, wire, Outcome};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Whether the exit code and standard error must match v2's too (for every command whose
/// requests are not a known difference).
const COMPARE_EXIT_AND_STDERR: bool = true;

/// Every exit code of the AWS CLI v2, each of which some command of the test must end with.
const EXIT_CODES: [i32; 8] = [0, 1, 2, 130, 252, 253, 254, 255];

/// How many commands run at once.
const PARALLEL: usize = 4;

/// How the server answers a case's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReplyKind {
    /// The empty success of the protocol.
    Success,
    /// A service error.
    Error,
    /// No reply: the client gets SIGINT once a request has arrived.
    Interrupt,
}

/// One command and how the server answers it.
#[derive(Debug, Clone)]
struct Case {
    args: Vec<String>,
    reply: ReplyKind,
    /// Files and links made in the working directory first.
    tree: isolated::Tree,
}

impl Case {
    fn shown(&self) -> String {
        let words: Vec<String> = self
            .args
            .iter()
            .map(|a| shlex::try_quote(a).map_or_else(|_| a.clone(), |q| q.into_owned()))
            .collect();
        let reply = match self.reply {
            ReplyKind::Success => "",
            ReplyKind::Error => " [error reply]",
            ReplyKind::Interrupt => " [interrupted]",
        };
        format!("aws {}{reply}", words.join(" "))
    }
}

/// The commands whose requests are known to differ from v2's, with the reasons
/// (`tests/data/wire_v2_known.jsonl`).
fn known_differences() -> BTreeMap<Vec<String>, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/wire_v2_known.jsonl");
    let text = std::fs::read_to_string(&path).expect("known differences");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let json: serde_json::Value = serde_json::from_str(line).expect("known difference");
            let args = json["args"]
                .as_array()
                .expect("args")
                .iter()
                .map(|a| a.as_str().expect("string argument").to_owned())
                .collect();
            (args, json["reason"].as_str().expect("reason").to_owned())
        })
        .collect()
}

fn load(name: &str) -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let json: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: bad line {line}: {e}", path.display()));
            let (args, reply) = match &json {
                serde_json::Value::Array(_) => (&json, None),
                _ => (&json["args"], json["reply"].as_str()),
            };
            let entries = |key: &str| -> Vec<(String, String)> {
                json.get(key)
                    .and_then(serde_json::Value::as_object)
                    .map(|entries| {
                        entries
                            .iter()
                            .map(|(name, text)| {
                                let text = text.as_str().expect("file contents are text");
                                (name.clone(), text.to_owned())
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let tree = isolated::Tree {
                files: entries("files")
                    .into_iter()
                    .map(|(name, text)| (name, text.into_bytes()))
                    .collect(),
                links: entries("links"),
            };
            let args = args
                .as_array()
                .unwrap_or_else(|| panic!("{}: no args in {line}", path.display()))
                .iter()
                .map(|a| a.as_str().expect("string argument").to_owned())
                .collect();
            let reply = match reply {
                None => ReplyKind::Success,
                Some("error") => ReplyKind::Error,
                Some("interrupt") => ReplyKind::Interrupt,
                Some(other) => panic!("{}: unknown reply {other:?}", path.display()),
            };
            Case { args, reply, tree }
        })
        .collect()
}

/// What comparing one command found.
struct Finding {
    case: Case,
    /// v2's exit code.
    exit: i32,
    requests: Result<wire::Agreement, Vec<String>>,
    outcome: Option<String>,
}

fn run_case(case: &Case, v2: &Path, ours: &Path) -> Finding {
    let server = match case.reply {
        ReplyKind::Error => {
            Recorder::with_responder(|r| Reply::error(r, "ValidationException", "bad input"))
        }
        ReplyKind::Success => Recorder::start(),
        ReplyKind::Interrupt => Recorder::interrupting(),
    };
    let endpoint = server.endpoint();
    let reference = isolated::run(v2, &case.args, &endpoint, &case.tree);
    let theirs = server.take();
    let mine = isolated::run(ours, &case.args, &endpoint, &case.tree);
    let own = server.take();
    let requests = match (theirs.is_empty(), own.is_empty()) {
        // A command line refused before any request: the exit code and stderr decide.
        (true, true) if reference.code != 0 => Ok(wire::Agreement::EXACT),
        (true, _) => Err(vec![format!(
            "v2 sent no request (exit {}): {}",
            reference.code,
            reference.stderr.trim()
        )]),
        (false, _) => wire::compare_all(&theirs, &own).map_err(|mut diffs| {
            if mine.code != 0 {
                diffs.push(format!("aws2 exit {}: {}", mine.code, mine.stderr.trim()));
            }
            diffs
        }),
    };
    Finding {
        case: case.clone(),
        exit: reference.code,
        requests,
        outcome: outcome_difference(&reference, &mine),
    }
}

/// How the exit code or standard error differ, if they do.
fn outcome_difference(reference: &Outcome, ours: &Outcome) -> Option<String> {
    let stderr = |o: &Outcome| aws2_e2e::mask::mask(o.stderr.trim_end(), &[]);
    match (
        reference.code == ours.code,
        stderr(reference) == stderr(ours),
    ) {
        (true, true) => None,
        _ => Some(format!(
            "exit v2 {}, aws2 {}; stderr v2 {:?}, aws2 {:?}",
            reference.code,
            ours.code,
            stderr(reference),
            stderr(ours)
        )),
    }
}

#[test]
fn requests_match_the_aws_cli_v2() {
    let mut cases = load("wire_v2_commands.jsonl");
    let examples = cases.len();
    cases.extend(load("wire_v2_cases.jsonl"));
    let distinct: BTreeSet<&[String]> = cases.iter().map(|c| &c.args[..]).collect();
    let services: BTreeSet<&str> = cases.iter().map(|c| c.args[0].as_str()).collect();
    // AWS2_WIRE_FILTER runs only the commands whose text contains it, while working on them.
    let filter = std::env::var("AWS2_WIRE_FILTER").ok();
    assert!(
        filter.is_some() || (examples >= 300 && distinct.len() >= 300 && services.len() >= 60),
        "the wire test needs at least 300 distinct commands across 60 services, has {} across {}",
        distinct.len(),
        services.len()
    );
    if let Some(filter) = &filter {
        cases.retain(|c| c.shown().contains(filter.as_str()));
        assert!(
            !cases.is_empty(),
            "no command matches AWS2_WIRE_FILTER={filter}"
        );
    }
    let v2 = oracle::v2_bin();
    let ours = aws2_e2e::binary::aws_bin();
    let next = AtomicUsize::new(0);
    let findings = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(case) = cases.get(i) else { break };
                let finding = run_case(case, &v2, &ours);
                findings.lock().expect("findings").push((i, finding));
            });
        }
    });
    let mut findings = findings.into_inner().expect("findings");
    findings.sort_by_key(|(i, _)| *i);
    let total = findings.len();
    let same = findings.iter().filter(|(_, f)| f.requests.is_ok()).count();
    let bytes = findings
        .iter()
        .filter(|(_, f)| f.requests.as_ref().is_ok_and(|a| a.byte_identical))
        .count();
    let accept = findings
        .iter()
        .filter(|(_, f)| f.requests.as_ref().is_ok_and(|a| a.default_accept))
        .count();
    let outcomes = findings.iter().filter(|(_, f)| f.outcome.is_none()).count();
    let exits: BTreeSet<i32> = findings.iter().map(|(_, f)| f.exit).collect();
    let known = known_differences();
    let mut report = String::new();
    let mut known_report = String::new();
    for (_, f) in &findings {
        let reason = known.get(&f.case.args);
        match (&f.requests, reason) {
            (Err(diffs), None) => {
                report.push_str(&format!("\n{}\n", f.case.shown()));
                for d in diffs {
                    report.push_str(&format!("    {d}\n"));
                }
            }
            (Err(_), Some(reason)) => {
                known_report.push_str(&format!("\n{}\n    {reason}\n", f.case.shown()))
            }
            (Ok(_), Some(_)) => report.push_str(&format!(
                "\n{}\n    now identical: remove it from tests/data/wire_v2_known.jsonl\n",
                f.case.shown()
            )),
            (Ok(_), None) => {}
        }
    }
    let mut outcome_report = String::new();
    for (_, f) in &findings {
        if known.contains_key(&f.case.args) {
            continue;
        }
        if let Some(d) = &f.outcome {
            outcome_report.push_str(&format!("\n{}\n    {d}\n", f.case.shown()));
        }
    }
    println!(
        "requests identical to v2: {same}/{total} ({bytes} byte for byte; {accept} with \
         the HTTP library's `Accept: {}` where v2 sends none)",
        wire::DEFAULT_ACCEPT
    );
    println!(
        "exit code and stderr identical to v2: {outcomes}/{total}{}",
        if COMPARE_EXIT_AND_STDERR {
            ""
        } else {
            " (not required yet)"
        }
    );
    println!("v2's exit codes among them: {exits:?}");
    if !known_report.is_empty() {
        println!("known differences:{known_report}");
    }
    if !COMPARE_EXIT_AND_STDERR && !outcome_report.is_empty() {
        println!("exit code or stderr differ:{outcome_report}");
    }
    let missing: Vec<&i32> = EXIT_CODES.iter().filter(|c| !exits.contains(c)).collect();
    assert!(
        filter.is_some() || missing.is_empty(),
        "no command of the wire test exits with {missing:?} under v2"
    );
    assert!(
        report.is_empty(),
        "requests differ from v2's in {} of {total} commands, {} of them known \
         (tests/data/wire_v2_known.jsonl), or a known difference is gone:{report}",
        total - same,
        known.len()
    );
    assert!(
        !COMPARE_EXIT_AND_STDERR || outcome_report.is_empty(),
        "exit code or stderr differ from v2's in {} of {total} commands:{outcome_report}",
        total - outcomes
    );
}
