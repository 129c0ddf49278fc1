//! Test support: runs a Python script that reads JSON on standard input and writes JSON.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `python3 -c script` with `input` as JSON on its standard input and returns the JSON
/// list it printed.
pub fn python_json(script: &str, input: &serde_json::Value) -> Vec<serde_json::Value> {
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is required");
    let payload = serde_json::to_vec(input).unwrap();
    child.stdin.take().unwrap().write_all(&payload).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3 failed");
    serde_json::from_slice(&out.stdout).unwrap()
}
