//! Conformance: every protocol output case of the AWS CLI v2 release's suite
//! (`tests/unit/botocore/protocols/output/*.json`, `legacy/output/*.json`) parsed by
//! `aws2_core::protocol::parse` and compared with the expected result or error, the way its
//! `test_protocols.py` compares. Every case passes except those on the suite's
//! `protocol-tests-ignore-list.json`, which are not run.

use aws2_core::protocol::{parse, HttpResponse, ServiceError};
use aws2_core::{Service, ShapeRef, Value};
use base64::Engine;
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn protocols_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/testdata/aws-cli-v2/tests/unit/botocore/protocols")
}

fn read_json(path: &Path) -> Json {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON {}: {e}", path.display()))
}

/// Cases the suite's runner skips: (protocol, case id) and whole suites by description.
struct IgnoreList {
    cases: BTreeSet<(String, String)>,
    suites: BTreeSet<String>,
}

fn ignore_list() -> IgnoreList {
    let json = read_json(&protocols_dir().join("protocol-tests-ignore-list.json"));
    let mut cases = BTreeSet::new();
    if let Some(protocols) = json["protocols"].as_object() {
        for (protocol, v) in protocols {
            for case in v["output"]["cases"].as_array().into_iter().flatten() {
                if let Some(id) = case.as_str() {
                    cases.insert((protocol.clone(), id.to_owned()));
                }
            }
        }
    }
    let suites = json["general"]["output"]["suites"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect();
    IgnoreList { cases, suites }
}

/// Whether two values are equal as botocore's comparison sees them: NaN equals NaN,
/// timestamps compare by whole seconds, blobs equal their UTF-8 text, 1 equals 1.0.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => (x.is_nan() && y.is_nan()) || x == y,
        (Value::Integer(i), Value::Float(f)) | (Value::Float(f), Value::Integer(i)) => {
            *i as f64 == *f
        }
        (Value::Timestamp(x), Value::Timestamp(y)) => x.secs == y.secs,
        (Value::Timestamp(t), Value::Integer(i)) | (Value::Integer(i), Value::Timestamp(t)) => {
            t.secs == *i
        }
        (Value::Blob(x), Value::String(y)) | (Value::String(y), Value::Blob(x)) => {
            x.as_slice() == y.as_bytes()
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn typed(json: &Json, shape: Option<&ShapeRef>, service: &Service) -> Value {
    match shape {
        Some(r) => {
            Value::from_json_for_shape(json, r, service).unwrap_or_else(|_| Value::from_json(json))
        }
        None => Value::from_json(json),
    }
}

fn has_event_stream(service: &Service, output: Option<&ShapeRef>) -> bool {
    let Some(shape) = output.and_then(|r| service.resolve(r).ok()) else {
        return false;
    };
    shape
        .members
        .values()
        .any(|m| service.resolve(m).is_ok_and(|s| s.eventstream))
}

/// Runs one case; `Err` says why it failed.
fn run_case(suite: &Json, case: &Json, protocol: &str) -> Result<(), String> {
    let name = case["given"]["name"].as_str().unwrap_or("OperationName");
    let mut operations = serde_json::Map::new();
    operations.insert(name.to_owned(), case["given"].clone());
    let shapes = suite["shapes"].as_object().cloned().unwrap_or_default();
    let service = Service::from_json(protocol, &suite["metadata"], operations, shapes)
        .map_err(|e| format!("model: {e}"))?;
    let operation = service.operation(name).map_err(|e| format!("model: {e}"))?;

    let resp = &case["response"];
    let body_text = resp["body"].as_str().unwrap_or("");
    let binary = service.metadata().protocol == "smithy-rpc-v2-cbor"
        || has_event_stream(&service, operation.output.as_ref());
    let body = if binary {
        base64::engine::general_purpose::STANDARD
            .decode(body_text)
            .map_err(|e| format!("test body is not base64: {e}"))?
    } else {
        body_text.as_bytes().to_vec()
    };
    let headers = resp["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let response = HttpResponse {
        status: resp["status_code"].as_u64().unwrap_or(200) as u16,
        headers,
        body,
    };
    let parsed =
        parse(&service, &operation, &response).map_err(|e| format!("parse failed: {e}"))?;

    if case.get("error").is_some() {
        let err = match parsed {
            Err(err) => err,
            Ok(v) => return Err(format!("expected an error, parsed {v:?}")),
        };
        check_error(&service, case, &err)
    } else {
        let value = parsed.map_err(|e| format!("unexpected error {e:?}"))?;
        let expected = typed(&case["result"], operation.output.as_ref(), &service);
        if same(&value, &expected) {
            Ok(())
        } else {
            Err(format!("\n  expected {expected:?}\n  parsed   {value:?}"))
        }
    }
}

fn check_error(service: &Service, case: &Json, err: &ServiceError) -> Result<(), String> {
    let code = case["errorCode"].as_str().unwrap_or("");
    let message = case["errorMessage"].as_str().unwrap_or("");
    if err.code != code || err.message != message {
        return Err(format!(
            "expected error ({code}) {message:?}, parsed ({}) {:?}",
            err.code, err.message
        ));
    }
    let shape = service.shape_names().into_iter().find(|n| {
        service.shape(n).is_ok_and(|s| {
            s.exception
                && s.error
                    .as_ref()
                    .and_then(|e| e.code.as_deref())
                    .unwrap_or(n)
                    == code
        })
    });
    let shape_ref = shape.map(|shape| ShapeRef {
        shape,
        ..ShapeRef::default()
    });
    let expected = typed(&case["error"], shape_ref.as_ref(), service);
    let mut fields = err.fields.clone();
    if let Value::Map(map) = &mut fields {
        map.shift_remove("Error");
    }
    if same(&fields, &expected) {
        Ok(())
    } else {
        Err(format!(
            "\n  expected fields {expected:?}\n  parsed fields   {fields:?}"
        ))
    }
}

fn case_key(suite: &Json, case: &Json, index: usize) -> String {
    match case["id"].as_str() {
        Some(id) => id.to_owned(),
        None => format!(
            "{} [{index}]",
            suite["description"].as_str().unwrap_or("suite")
        ),
    }
}

#[test]
fn protocol_conformance_output() {
    let dir = protocols_dir();
    let ignore = ignore_list();
    let mut files: Vec<String> = Vec::new();
    for sub in ["output", "legacy/output"] {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(sub))
            .unwrap_or_else(|e| panic!("cannot list {sub}: {e}"))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{sub}/{n}")));
    }

    let (mut passed, mut total, mut ignored) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for file in &files {
        let protocol = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let suites = read_json(&dir.join(file));
        let (mut file_passed, mut file_total, mut file_ignored) = (0usize, 0usize, 0usize);
        for suite in suites.as_array().into_iter().flatten() {
            let suite_desc = suite["description"].as_str().unwrap_or("");
            for (index, case) in suite["cases"].as_array().into_iter().flatten().enumerate() {
                let key = case_key(suite, case, index);
                if ignore.suites.contains(suite_desc)
                    || ignore.cases.contains(&(protocol.clone(), key.clone()))
                {
                    file_ignored += 1;
                    continue;
                }
                file_total += 1;
                match run_case(suite, case, &protocol) {
                    Ok(()) => file_passed += 1,
                    Err(why) => failures.push(format!("{file} {key}: {why}")),
                }
            }
        }
        eprintln!(
            "aws-cli-v2 protocol output {file}: {file_passed}/{file_total} passed \
             ({file_ignored} ignored)"
        );
        passed += file_passed;
        total += file_total;
        ignored += file_ignored;
    }
    eprintln!("aws-cli-v2 protocol output: {passed}/{total} passed ({ignored} ignored)");
    println!("aws-cli-v2 protocol output: {passed}/{total} passed ({ignored} ignored)");
    assert_eq!(
        total + ignored,
        492,
        "expected the release's 492 output cases"
    );
    assert!(
        failures.is_empty(),
        "{} output cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

/// Real models: query outputs under their result wrapper, ec2 errors (no modeled
/// exception), an S3 error with its modeled shape, a query-compatible JSON error.
#[test]
fn parses_responses_of_real_models() {
    let sts = Service::load("sts").unwrap();
    let op = sts.operation("GetCallerIdentity").unwrap();
    let body = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDAEXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#;
    let out = parse(&sts, &op, &respond(200, &[], body)).unwrap().unwrap();
    assert_eq!(
        out.get("Account").and_then(Value::as_str),
        Some("123456789012")
    );
    assert_eq!(
        out.get("Arn").and_then(Value::as_str),
        Some("arn:aws:iam::123456789012:user/Alice")
    );

    let ec2 = Service::load("ec2").unwrap();
    let op = ec2.operation("DescribeInstances").unwrap();
    let body = r#"<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id: "i-1"</Message></Error></Errors><RequestID>req-1</RequestID></Response>"#;
    let started = std::time::Instant::now();
    let err = parse(&ec2, &op, &respond(400, &[], body))
        .unwrap()
        .unwrap_err();
    eprintln!(
        "ec2 error parse (model scan included): {:?}",
        started.elapsed()
    );
    assert_eq!(err.code, "InvalidInstanceID.Malformed");
    assert_eq!(err.message, "Invalid id: \"i-1\"");
    assert_eq!(err.request_id.as_deref(), Some("req-1"));
    assert_eq!(err.status, 400);

    let s3 = Service::load("s3").unwrap();
    let op = s3.operation("GetObject").unwrap();
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>R1</RequestId><HostId>H1</HostId></Error>"#;
    let err = parse(
        &s3,
        &op,
        &respond(
            404,
            &[("x-amz-request-id", "R1"), ("x-amz-id-2", "H1")],
            body,
        ),
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(err.code, "NoSuchKey");
    assert_eq!(err.message, "The specified key does not exist.");
    assert_eq!(err.request_id.as_deref(), Some("R1"));
    assert_eq!(
        err.fields.get("Error").and_then(|e| e.get("Key")),
        Some(&Value::String("k".into()))
    );

    let out = parse(
        &s3,
        &op,
        &respond(
            200,
            &[
                ("Content-Length", "5"),
                ("ETag", "\"abc\""),
                ("Last-Modified", "Tue, 29 Apr 2014 18:30:38 GMT"),
                ("x-amz-meta-color", "blue"),
            ],
            "hello",
        ),
    )
    .unwrap()
    .unwrap();
    assert_eq!(out.get("Body"), Some(&Value::Blob(b"hello".to_vec())));
    assert_eq!(out.get("ContentLength"), Some(&Value::Integer(5)));
    assert_eq!(out.get("ETag").and_then(Value::as_str), Some("\"abc\""));
    match out.get("LastModified") {
        Some(Value::Timestamp(ts)) => {
            assert_eq!(ts.secs, 1398796238);
            assert_eq!(ts.wire.as_deref(), Some("Tue, 29 Apr 2014 18:30:38 GMT"));
        }
        other => panic!("LastModified: {other:?}"),
    }
    assert_eq!(
        out.get("Metadata").and_then(|m| m.get("color")),
        Some(&Value::String("blue".into()))
    );

    let sqs = Service::load("sqs").unwrap();
    let op = sqs.operation("GetQueueUrl").unwrap();
    let err = parse(
        &sqs,
        &op,
        &respond(
            400,
            &[
                ("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"),
                ("x-amzn-RequestId", "req-2"),
            ],
            r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#,
        ),
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(err.code, "AWS.SimpleQueueService.NonExistentQueue");
    assert_eq!(err.message, "The specified queue does not exist.");
    assert_eq!(err.request_id.as_deref(), Some("req-2"));
    let details = err.fields.get("Error").unwrap();
    assert_eq!(
        details.get("QueryErrorCode").and_then(Value::as_str),
        Some("QueueDoesNotExist")
    );
    assert_eq!(details.get("Type").and_then(Value::as_str), Some("Sender"));

    let gateway = parse(&sqs, &op, &respond(503, &[], ""))
        .unwrap()
        .unwrap_err();
    assert_eq!(gateway.code, "503");
    assert_eq!(gateway.message, "Service Unavailable");
}

/// Malformed bodies: clear errors (XML, CBOR, mistyped JSON) or botocore's reading (non-JSON text).
#[test]
fn malformed_bodies() {
    let sts = Service::load("sts").unwrap();
    let op = sts.operation("GetCallerIdentity").unwrap();
    assert!(parse(&sts, &op, &respond(200, &[], "<a><b></a>")).is_err());
    let dynamodb = Service::load("dynamodb").unwrap();
    let op = dynamodb.operation("ListTables").unwrap();
    // A success body that is not JSON reads as {"message": ...}, as botocore reads it.
    let out = parse(&dynamodb, &op, &respond(200, &[], "{\"TableNames\": ["))
        .unwrap()
        .unwrap();
    assert_eq!(out, Value::Map(Default::default()));
    assert!(parse(&dynamodb, &op, &respond(200, &[], "{\"TableNames\": 3}")).is_err());
    let cbor = Service::from_json(
        "cbor",
        &serde_json::json!({"protocol": "smithy-rpc-v2-cbor"}),
        serde_json::json!({"Op": {"name": "Op", "output": {"shape": "Out"}}})
            .as_object()
            .cloned()
            .unwrap(),
        serde_json::json!({"Out": {"type": "structure", "members": {}}})
            .as_object()
            .cloned()
            .unwrap(),
    )
    .unwrap();
    let op = cbor.operation("Op").unwrap();
    assert!(parse(&cbor, &op, &respond(200, &[], "\u{ff}\u{1}")).is_err());
    let err = parse(&dynamodb, &op, &respond(400, &[], "not json"))
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code, "400");
    assert_eq!(err.message, "not json");
}
