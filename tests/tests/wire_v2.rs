//! Every request as the AWS CLI v2 sends it: each command of `tests/data/wire_v2_*.jsonl` runs
//! with the reference CLI and with ours against one capturing server, and the requests must be
//! the same after masking what must differ between two runs (see `aws2_e2e::wire`).
//!
//! `tests/data/wire_v2_commands.jsonl` holds the documentation examples that
//! `scripts/wire-commands` takes from the reference's `awscli/examples/`;
//! `tests/data/wire_v2_known.jsonl` lists the commands still known to differ, with the reasons;
//! `tests/data/wire_v2_cases.jsonl` holds our own cases, some answered with a service error
//! (`{"args": [...], "reply": "error"}`) or run beside files of their own
//! (`{"args": [...], "files": {"name": "contents"}}`).

use aws2_e2e::recorder::{Recorder, Reply};
use aws2_e2e::{isolated, oracle, wire, Outcome};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Whether the exit code and standard error must match v2's too (for every command whose
/// requests are not a known difference).
const COMPARE_EXIT_AND_STDERR: bool = true;

/// How many commands run at once.
const PARALLEL: usize = 4;

/// One command and how the server answers it.
#[derive(Debug, Clone)]
struct Case {
    args: Vec<String>,
    error_reply: bool,
    /// Files written into the working directory first (name, contents).
    files: Vec<(String, Vec<u8>)>,
}

impl Case {
    fn shown(&self) -> String {
        let words: Vec<String> = self
            .args
            .iter()
            .map(|a| shlex::try_quote(a).map_or_else(|_| a.clone(), |q| q.into_owned()))
            .collect();
        let reply = if self.error_reply {
            " [error reply]"
        } else {
            ""
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
            let files = json
                .get("files")
                .and_then(serde_json::Value::as_object)
                .map(|files| {
                    files
                        .iter()
                        .map(|(name, text)| {
                            let text = text.as_str().expect("file contents are text");
                            (name.clone(), text.as_bytes().to_vec())
                        })
                        .collect()
                })
                .unwrap_or_default();
            let args = args
                .as_array()
                .unwrap_or_else(|| panic!("{}: no args in {line}", path.display()))
                .iter()
                .map(|a| a.as_str().expect("string argument").to_owned())
                .collect();
            Case {
                args,
                error_reply: reply == Some("error"),
                files,
            }
        })
        .collect()
}

/// What comparing one command found.
struct Finding {
    case: Case,
    requests: Result<wire::Agreement, Vec<String>>,
    outcome: Option<String>,
}

fn run_case(case: &Case, v2: &Path, ours: &Path) -> Finding {
    let server = match case.error_reply {
        true => Recorder::with_responder(|r| Reply::error(r, "ValidationException", "bad input")),
        false => Recorder::start(),
    };
    let endpoint = server.endpoint();
    let reference = isolated::run(v2, &case.args, &endpoint, &case.files);
    let theirs = server.take();
    let mine = isolated::run(ours, &case.args, &endpoint, &case.files);
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
    if !known_report.is_empty() {
        println!("known differences:{known_report}");
    }
    if !COMPARE_EXIT_AND_STDERR && !outcome_report.is_empty() {
        println!("exit code or stderr differ:{outcome_report}");
    }
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
