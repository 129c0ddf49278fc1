//! Helpers shared by the endpoint conformance tests.

#![allow(dead_code)]

use std::path::PathBuf;

use aws2_endpoints::{Endpoint, EndpointError, Params};
use serde_json::Value;

/// `../shared/testdata/botocore/tests` relative to the repository root.
pub fn botocore_tests() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/botocore/tests")
}

/// `../shared/testdata/aws-cli-v2/tests/functional/botocore`: the suites of the AWS CLI v2
/// release whose models are shipped.
pub fn cli_v2_functional() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/aws-cli-v2/tests/functional/botocore")
}

/// Reads a JSON file.
pub fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The parameters of a test case (`params`, empty when absent).
pub fn case_params(case: &Value) -> Result<Params, String> {
    match case.get("params") {
        None => Ok(Params::new()),
        Some(Value::Object(map)) => Params::from_json(map).map_err(|e| e.to_string()),
        Some(other) => Err(format!("params is not an object: {other}")),
    }
}

/// Compares a resolution with a case's `expect`; `Err` says how they differ.
pub fn check(expect: &Value, actual: &Result<Endpoint, EndpointError>) -> Result<(), String> {
    if let Some(want) = expect.get("endpoint") {
        let got = match actual {
            Ok(e) => e,
            Err(e) => return Err(format!("expected an endpoint, got error: {e}")),
        };
        let want_url = want.get("url").and_then(Value::as_str).unwrap_or_default();
        if got.url != want_url {
            return Err(format!("url: expected {want_url}, got {}", got.url));
        }
        let empty = serde_json::Map::new();
        let want_props = want
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if &got.properties != want_props {
            return Err(format!(
                "properties: expected {}, got {}",
                Value::Object(want_props.clone()),
                Value::Object(got.properties.clone())
            ));
        }
        let got_headers: serde_json::Map<String, Value> = got
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.clone())))
            .collect();
        let want_headers = want
            .get("headers")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if &got_headers != want_headers {
            return Err(format!(
                "headers: expected {}, got {}",
                Value::Object(want_headers.clone()),
                Value::Object(got_headers)
            ));
        }
        Ok(())
    } else if let Some(want) = expect.get("error").and_then(Value::as_str) {
        match actual {
            Err(EndpointError::Rule(msg)) if msg == want => Ok(()),
            Err(e) => Err(format!("error: expected {want:?}, got {:?}", e.to_string())),
            Ok(e) => Err(format!("expected error {want:?}, got endpoint {}", e.url)),
        }
    } else {
        Err("the case expects neither an endpoint nor an error".into())
    }
}
