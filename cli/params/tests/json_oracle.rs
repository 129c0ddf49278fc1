//! JSON parameter values against Python's `json.loads`, which the AWS CLI uses: the same
//! values (key order included) and the same error messages.

mod common;

use serde_json::{json, Value};

const SCRIPT: &str = r#"
import json, sys
out = []
for text in json.load(sys.stdin):
    try:
        out.append({'ok': json.loads(text)})
    except ValueError as e:
        out.append({'err': str(e)})
json.dump(out, sys.stdout)
"#;

const INPUTS: &[&str] = &[
    "{}",
    "[]",
    "{\"a\": 1, \"b\": [true, false, null]}",
    " [1, 2.5, -3e2, 0.1] ",
    "\"s\"",
    "{\"z\": 1, \"a\": 2, \"z\": 3}",
    "123456789012345678901234567890",
    "{\"a\":\"\\u00e9\\ud83d\\ude00\"}",
    "{\"a\":\"\\n\\t\\\\\\/\\\"\"}",
    "{\"a\":",
    "{\"a\" 1}",
    "[1 2]",
    "[1,]",
    "{\"a\":1,}",
    "1 2",
    "",
    "  ",
    "\"ab",
    "\"a\u{1}\"",
    "{\"a\":\"\\x\"}",
    "\"\\u12\"",
    "\"\\u12zz\"",
    "\u{feff}1",
    "-",
    "-x",
    "[",
    "{",
    "{\"a\"",
    "nul",
    "tru",
    "[1,\n2,\n3 4]",
    "{\n  \"a\": [\n    1,\n    }",
    "01",
    "1.",
    "1e",
    ".5",
    "{'a': 1}",
    "[\"日本\", \"é\"]",
    "{\"k\": {\"n\": {\"m\": []}}}",
    "\"\\",
    "[1]x",
];

#[test]
fn json_matches_python() {
    let expected: Vec<Value> = common::python_json(SCRIPT, &json!(INPUTS));
    let mut failures = Vec::new();
    for (input, want) in INPUTS.iter().zip(&expected) {
        let got = match aws2_params::pyjson::parse(input) {
            Ok(v) => json!({ "ok": v }),
            Err(e) => json!({ "err": e.to_string() }),
        };
        // Compare values through their text so that key order counts.
        if serde_json::to_string(&got).unwrap() != serde_json::to_string(want).unwrap() {
            failures.push(format!("{input:?}: python {want} ours {got}"));
        }
    }
    let summary = format!(
        "json oracle: {}/{}",
        INPUTS.len() - failures.len(),
        INPUTS.len()
    );
    println!("{summary}");
    eprintln!("{summary}");
    assert!(failures.is_empty(), "{failures:#?}");
}
