//! Runs the JMESPath compliance suite through the engine `--query` uses.

use aws2_output::{ErrorKind, Query};
use serde_json::Value;
use std::path::PathBuf;

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/jmespath/tests")
}

fn error_kind(name: &str) -> Option<ErrorKind> {
    Some(match name {
        "syntax" => ErrorKind::Syntax,
        "invalid-type" => ErrorKind::InvalidType,
        "invalid-value" => ErrorKind::InvalidValue,
        "invalid-arity" => ErrorKind::InvalidArity,
        "unknown-function" => ErrorKind::UnknownFunction,
        _ => return None,
    })
}

/// Compares results the way the suite intends: numbers by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn run_case(given: &Value, case: &Value) -> Result<(), String> {
    let expr = case["expression"]
        .as_str()
        .ok_or("case without expression")?;
    let outcome = Query::compile(expr).and_then(|q| q.apply(given));
    if let Some(err) = case.get("error").and_then(Value::as_str) {
        let want = error_kind(err).ok_or_else(|| format!("unknown error class {err}"))?;
        return match outcome {
            Err(e) if e.kind == want => Ok(()),
            Err(e) => Err(format!(
                "{expr}: want {err}, got {:?} ({})",
                e.kind, e.message
            )),
            Ok(v) => Err(format!("{expr}: want {err}, got value {v}")),
        };
    }
    let want = case.get("result").cloned().unwrap_or(Value::Null);
    match outcome {
        Ok(v) if same(&v, &want) => Ok(()),
        Ok(v) => Err(format!("{expr}: want {want}, got {v}")),
        Err(e) => Err(format!("{expr}: want {want}, got error {}", e.message)),
    }
}

#[test]
fn jmespath_compliance() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(suite_dir())
        .expect("compliance suite directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "benchmarks"))
        .collect();
    files.sort();
    let (mut passed, mut total) = (0usize, 0usize);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read suite file");
        let groups: Vec<Value> = serde_json::from_str(&text).expect("parse suite file");
        for group in &groups {
            let given = &group["given"];
            for case in group["cases"].as_array().expect("cases") {
                total += 1;
                match run_case(given, case) {
                    Ok(()) => passed += 1,
                    Err(msg) => failures.push(format!(
                        "{}: {msg}",
                        file.file_name().unwrap_or_default().to_string_lossy()
                    )),
                }
            }
        }
    }
    for f in failures.iter().take(40) {
        eprintln!("FAIL {f}");
    }
    println!("jmespath compliance: {passed}/{total}");
    eprintln!("jmespath compliance: {passed}/{total}");
    assert!(total > 800, "suite looks incomplete: {total} cases");
    assert_eq!(passed, total, "jmespath compliance failures");
}
