//! Conformance of the request serializers with the AWS CLI v2 release's protocol test suite
//! (`tests/unit/botocore/protocols/input/*.json` and `legacy/input/*.json`), compared the way
//! its own runner compares: bodies as JSON, canonical XML or decoded CBOR by protocol,
//! expected headers as a subset, the URI (with its query string) exactly. Every case passes
//! except those on the suite's `protocol-tests-ignore-list.json`, which are not run.

use aws2_core::protocol::{serialize_with, HttpRequest, SerializeOptions};
use aws2_core::{Service, Value};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The token botocore's fixtures expect for auto-filled idempotency tokens.
const FIXED_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

fn protocols_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/aws-cli-v2/tests/unit/botocore/protocols")
}

/// The suite's `protocol-tests-ignore-list.json`.
struct IgnoreList(Json);

impl IgnoreList {
    fn load(dir: &Path) -> IgnoreList {
        let text = std::fs::read_to_string(dir.join("protocol-tests-ignore-list.json"))
            .expect("read ignore list");
        IgnoreList(serde_json::from_str(&text).expect("parse ignore list"))
    }

    fn ignores(&self, protocol: &str, suite: &str, case_id: Option<&str>) -> bool {
        let listed = |section: &Json| {
            let has = |key: &str, needle: Option<&str>| {
                section[key].as_array().is_some_and(|items| {
                    items
                        .iter()
                        .any(|i| needle.is_some_and(|n| i.as_str() == Some(n)))
                })
            };
            has("suites", Some(suite)) || has("cases", case_id)
        };
        listed(&self.0["general"]["input"]) || listed(&self.0["protocols"][protocol]["input"])
    }
}

struct Case<'a> {
    suite: &'a Json,
    case: &'a Json,
    protocol: String,
}

fn run_case(c: &Case<'_>) -> Result<(), String> {
    let given = &c.case["given"];
    let op_name = given["name"].as_str().unwrap_or("OperationName").to_owned();
    let mut operations = serde_json::Map::new();
    operations.insert(op_name.clone(), given.clone());
    let shapes = c.suite["shapes"].as_object().cloned().unwrap_or_default();
    let service = Service::from_json(&c.protocol, &c.suite["metadata"], operations, shapes)
        .map_err(|e| format!("model: {e}"))?;
    let operation = service
        .operation(&op_name)
        .map_err(|e| format!("operation: {e}"))?;
    let params = c
        .case
        .get("params")
        .cloned()
        .unwrap_or(Json::Object(Default::default()));
    let input = match &operation.input {
        Some(r) => {
            Value::from_json_for_shape(&params, r, &service).map_err(|e| format!("params: {e}"))?
        }
        None => Value::Map(Default::default()),
    };
    let options = SerializeOptions {
        idempotency_token: Some(FIXED_TOKEN.to_owned()),
        ..SerializeOptions::default()
    };
    let request = serialize_with(&service, &operation, &input, &options)
        .map_err(|e| format!("serialize: {e}"))?;
    let protocol = service.metadata().protocol.clone();
    compare(
        &request,
        &c.case["serialized"],
        &protocol,
        &service,
        &operation,
        c.suite["clientEndpoint"].as_str(),
    )
}

fn compare(
    actual: &HttpRequest,
    expected: &Json,
    protocol: &str,
    service: &Service,
    operation: &aws2_core::Operation,
    client_endpoint: Option<&str>,
) -> Result<(), String> {
    compare_body(actual, expected, protocol)?;
    compare_headers(actual, expected, protocol, service, operation)?;
    let uri = expected["uri"].as_str().unwrap_or("");
    if actual.uri != uri {
        return Err(format!("URI: {:?} != expected {uri:?}", actual.uri));
    }
    if let Some(method) = expected["method"].as_str() {
        if actual.method != method {
            return Err(format!("method: {} != expected {method}", actual.method));
        }
    }
    if let Some(host) = expected["host"].as_str() {
        let endpoint = client_endpoint.unwrap_or("");
        let netloc = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or("");
        let actual_host = format!("{}{netloc}", actual.host_prefix.as_deref().unwrap_or(""));
        if actual_host != host {
            return Err(format!("host: {actual_host} != expected {host}"));
        }
    }
    Ok(())
}

fn compare_body(actual: &HttpRequest, expected: &Json, protocol: &str) -> Result<(), String> {
    let shown = || String::from_utf8_lossy(&actual.body).into_owned();
    if protocol == "smithy-rpc-v2-cbor" && !actual.body.is_empty() {
        use base64::Engine;
        let want = base64::engine::general_purpose::STANDARD
            .decode(expected["body"].as_str().unwrap_or(""))
            .map_err(|e| format!("expected body is not base64: {e}"))?;
        let a = cbor_to_json(&actual.body).map_err(|e| format!("actual CBOR: {e}"))?;
        let b = cbor_to_json(&want).map_err(|e| format!("expected CBOR: {e}"))?;
        if !json_eq(&a, &b) {
            return Err(format!("CBOR body: {a} != expected {b}"));
        }
        return Ok(());
    }
    let Some(want) = expected["body"].as_str() else {
        return Ok(());
    };
    let equal = match protocol {
        "json" | "rest-json" => {
            match (
                serde_json::from_slice::<Json>(&actual.body),
                serde_json::from_str::<Json>(want),
            ) {
                (Ok(a), Ok(b)) => json_eq(&a, &b),
                _ if protocol == "json" => false,
                _ => actual.body == want.as_bytes(),
            }
        }
        "rest-xml" => {
            let text = String::from_utf8_lossy(&actual.body);
            match (canonical_xml(&text), canonical_xml(want)) {
                (Some(a), Some(b)) => a == b,
                _ => actual.body == want.as_bytes(),
            }
        }
        _ => actual.body == want.as_bytes(),
    };
    if equal {
        Ok(())
    } else {
        Err(format!("body: {:?} != expected {want:?}", shown()))
    }
}

fn compare_headers(
    actual: &HttpRequest,
    expected: &Json,
    protocol: &str,
    service: &Service,
    operation: &aws2_core::Operation,
) -> Result<(), String> {
    let lower = |s: &str| s.to_ascii_lowercase();
    let mut want: BTreeMap<String, String> = expected["headers"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (lower(k), v.as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let mut have: BTreeMap<String, String> = actual
        .headers
        .iter()
        .map(|(k, v)| (lower(k), v.clone()))
        .collect();
    // List headers: the fixtures join with ", ", botocore with ",".
    if let Some(input) = &operation.input {
        let shape = service.resolve(input).map_err(|e| e.to_string())?;
        for r in shape.members.values() {
            let (Some(name), Some(aws2_core::model::Location::Header)) =
                (r.location_name.as_deref(), r.location)
            else {
                continue;
            };
            let target = service.resolve(r).map_err(|e| e.to_string())?;
            let Some(member) = target.member.as_deref() else {
                continue;
            };
            if let Some(v) = want.get_mut(&lower(name)) {
                *v = v.replace(", ", ",");
            }
            let member_shape = service.resolve(member).map_err(|e| e.to_string())?;
            if member_shape.shape_type == aws2_core::ShapeType::Timestamp {
                if let Some(v) = have.get_mut(&lower(name)) {
                    *v = v.replace(", ", ",");
                }
            }
        }
    }
    match protocol {
        "query" | "ec2" => {
            let ct = want.get("content-type").cloned().unwrap_or_default();
            if !ct.contains("charset=utf-8") {
                want.insert("content-type".into(), format!("{ct}; charset=utf-8"));
            }
        }
        "rest-xml" => {
            want.remove("content-type");
        }
        "rest-json"
            if want
                .get("content-type")
                .is_some_and(|ct| ct != "application/json") =>
        {
            want.remove("content-type");
        }
        _ => {}
    }
    for (k, v) in &want {
        match have.get(k) {
            Some(a) if a == v => {}
            Some(a) => return Err(format!("header {k}: {a:?} != expected {v:?}")),
            None => return Err(format!("header {k} missing (expected {v:?})")),
        }
    }
    for k in expected["forbidHeaders"].as_array().into_iter().flatten() {
        let k = lower(k.as_str().unwrap_or(""));
        if have.contains_key(&k) {
            return Err(format!("forbidden header {k} present"));
        }
    }
    Ok(())
}

/// Equality as Python compares parsed JSON: numbers by value, objects by key.
fn json_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Decodes CBOR into JSON for comparison: bytes as `{"$bytes": [..]}`, tags unwrapped,
/// non-finite floats as their names.
fn cbor_to_json(bytes: &[u8]) -> Result<Json, String> {
    let value: ciborium::Value = ciborium::de::from_reader(bytes).map_err(|e| e.to_string())?;
    fn conv(v: &ciborium::Value) -> Json {
        use ciborium::Value as C;
        match v {
            C::Integer(i) => Json::from(i128::from(*i) as f64),
            C::Float(f) if f.is_nan() => Json::from("NaN"),
            C::Float(f) if f.is_infinite() => {
                Json::from(if *f > 0.0 { "Infinity" } else { "-Infinity" })
            }
            C::Float(f) => Json::from(*f),
            C::Bytes(b) => serde_json::json!({ "$bytes": b }),
            C::Text(s) => Json::from(s.as_str()),
            C::Bool(b) => Json::from(*b),
            C::Null => Json::Null,
            C::Tag(_, inner) => conv(inner),
            C::Array(items) => Json::Array(items.iter().map(conv).collect()),
            C::Map(pairs) => Json::Object(
                pairs
                    .iter()
                    .map(|(k, v)| {
                        let key = match k {
                            C::Text(s) => s.clone(),
                            other => conv(other).to_string(),
                        };
                        (key, conv(v))
                    })
                    .collect(),
            ),
            _ => Json::Null,
        }
    }
    Ok(conv(&value))
}

/// A canonical text of an XML document: expanded names, sorted attributes (namespace
/// declarations included), text stripped of surrounding whitespace.
fn canonical_xml(text: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(text).ok()?;
    fn walk(node: roxmltree::Node<'_, '_>, out: &mut String) {
        let name = node.tag_name();
        out.push_str(&format!(
            "<{{{}}}{}",
            name.namespace().unwrap_or(""),
            name.name()
        ));
        let inherited: BTreeSet<(String, String)> = node
            .parent_element()
            .map(|p| {
                p.namespaces()
                    .map(|n| (n.name().unwrap_or("").to_owned(), n.uri().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let mut attrs: Vec<String> = node
            .namespaces()
            .map(|n| (n.name().unwrap_or("").to_owned(), n.uri().to_owned()))
            .filter(|ns| !inherited.contains(ns))
            .map(|(p, u)| format!("xmlns:{p}={u}"))
            .collect();
        attrs.extend(node.attributes().map(|a| {
            format!(
                "{{{}}}{}={}",
                a.namespace().unwrap_or(""),
                a.name(),
                a.value()
            )
        }));
        attrs.sort();
        for a in attrs {
            out.push(' ');
            out.push_str(&a);
        }
        out.push('>');
        for child in node.children() {
            if child.is_element() {
                walk(child, out);
            } else if child.is_text() {
                out.push_str(child.text().unwrap_or("").trim());
            }
        }
        out.push_str("</>");
    }
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    Some(out)
}

#[test]
fn protocol_input_conformance() {
    let dir = protocols_dir();
    let ignore = IgnoreList::load(&dir);
    let mut files: Vec<String> = Vec::new();
    for sub in ["input", "legacy/input"] {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(sub))
            .expect("read protocol test dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{sub}/{n}")));
    }
    let (mut total, mut passed, mut ignored) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(dir.join(file)).expect("read protocol tests");
        let suites: Json = serde_json::from_str(&text).expect("parse protocol tests");
        let protocol = file
            .rsplit('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".json")
            .to_owned();
        let (mut file_total, mut file_passed, mut file_ignored) = (0, 0, 0);
        for suite in suites.as_array().into_iter().flatten() {
            let description = suite["description"].as_str().unwrap_or("");
            for (index, case) in suite["cases"].as_array().into_iter().flatten().enumerate() {
                let id = case["id"].as_str();
                if ignore.ignores(&protocol, description, id) {
                    file_ignored += 1;
                    continue;
                }
                file_total += 1;
                let outcome = run_case(&Case {
                    suite,
                    case,
                    protocol: protocol.clone(),
                });
                match outcome {
                    Ok(()) => file_passed += 1,
                    Err(why) => {
                        let key = match id {
                            Some(id) => format!("{file} {id}"),
                            None => format!("{file} {description} [{index}]"),
                        };
                        failures.push(format!("{key}: {why}"));
                    }
                }
            }
        }
        eprintln!(
            "aws-cli-v2 protocol input {file}: {file_passed}/{file_total} passed \
             ({file_ignored} ignored)"
        );
        total += file_total;
        passed += file_passed;
        ignored += file_ignored;
    }
    eprintln!("aws-cli-v2 protocol input: {passed}/{total} passed ({ignored} ignored)");
    println!("aws-cli-v2 protocol input: {passed}/{total} passed ({ignored} ignored)");
    assert_eq!(
        total + ignored,
        550,
        "expected the release's 550 input cases"
    );
    assert!(
        failures.is_empty(),
        "{} input cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
