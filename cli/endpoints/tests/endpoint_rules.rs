//! Conformance: every case of botocore's `functional/endpoint-rules/*/endpoint-tests-1.json`
//! against the rule set the models ship for that service, and the rules-language unit cases of
//! `unit/data/endpoints`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aws2_endpoints::{adjust_s3_params, OperationContext, ParamValue, Params, RuleSet};
use common::{botocore_tests, case_params, check, read_json};
use serde_json::Value;

/// Entries of `known-failures.txt`: `service index` to the reason the case is allowed to fail.
/// `suffix` picks the suite: `""` for the `params` cases, `"/operation-input"` for the
/// operation-input resolutions.
fn known_failures(suffix: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("known-failures.txt");
    let text = std::fs::read_to_string(&path).expect("known-failures.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let key = parts.next().unwrap_or_default();
            let index = parts.next().unwrap_or_default();
            let reason = parts.next().unwrap_or_default().trim();
            assert!(!reason.is_empty(), "known failure without a reason: {line}");
            let service = if suffix.is_empty() {
                (!key.contains('/')).then_some(key)?
            } else {
                key.strip_suffix(suffix)?
            };
            Some((format!("{service} {index}"), reason.to_owned()))
        })
        .collect()
}

#[test]
fn endpoint_rules_conformance() {
    let root = botocore_tests().join("functional/endpoint-rules");
    let mut services: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    let known = known_failures("");
    let (mut total, mut passed) = (0usize, 0usize);
    let mut failed = BTreeSet::new();
    let mut unexpected = Vec::new();
    for service in &services {
        let doc = read_json(&root.join(service).join("endpoint-tests-1.json"));
        let cases = doc["testCases"].as_array().expect("testCases");
        let rule_set = RuleSet::for_service(service);
        for (index, case) in cases.iter().enumerate() {
            total += 1;
            let outcome = match &rule_set {
                Err(e) => Err(format!("rule set: {e}")),
                Ok(rules) => case_params(case)
                    .and_then(|params| check(&case["expect"], &rules.resolve(&params))),
            };
            let key = format!("{service} {index}");
            match outcome {
                Ok(()) => passed += 1,
                Err(reason) => {
                    if !known.contains_key(&key) {
                        unexpected.push(format!(
                            "{key} ({}): {reason}",
                            case["documentation"].as_str().unwrap_or_default()
                        ));
                    }
                    failed.insert(key);
                }
            }
        }
    }
    let summary = format!("endpoint rules: {passed}/{total}");
    println!("{summary}");
    eprintln!("{summary}");
    for line in &unexpected {
        eprintln!("unexpected failure: {line}");
    }
    let stale: Vec<_> = known.keys().filter(|k| !failed.contains(*k)).collect();
    assert!(
        unexpected.is_empty(),
        "{} failures not in known-failures.txt",
        unexpected.len()
    );
    assert!(
        stale.is_empty(),
        "known-failures.txt lists cases that pass: {stale:?}"
    );
    assert_eq!(total, 14_027, "the endpoint test files changed");
    assert!(
        passed * 1000 >= total * 995,
        "fewer than 99.5 % pass: {summary}"
    );
}

#[test]
fn rules_language_unit_cases() {
    let dir = botocore_tests().join("unit/data/endpoints");
    let mut valid = 0;
    let mut rule_files: Vec<_> = std::fs::read_dir(dir.join("valid-rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    rule_files.sort();
    for path in &rule_files {
        let text = std::fs::read_to_string(path).unwrap();
        RuleSet::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        valid += 1;
    }
    let mut case_files: Vec<_> = std::fs::read_dir(dir.join("test-cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    case_files.sort();
    let (mut total, mut passed) = (0usize, 0usize);
    let mut failures = Vec::new();
    for path in &case_files {
        let name = path.file_name().unwrap();
        let rules_text = std::fs::read_to_string(dir.join("valid-rules").join(name)).unwrap();
        let rules = RuleSet::from_json(&rules_text).unwrap();
        let doc = read_json(path);
        for case in doc["testCases"].as_array().unwrap() {
            total += 1;
            let outcome = case_params(case)
                .and_then(|params| check(&case["expect"], &rules.resolve(&params)));
            match outcome {
                Ok(()) => passed += 1,
                Err(reason) => failures.push(format!(
                    "{} ({}): {reason}",
                    name.to_string_lossy(),
                    case["documentation"].as_str().unwrap_or_default()
                )),
            }
        }
    }
    let summary = format!("endpoint rules unit cases: {passed}/{total} ({valid} valid rule sets)");
    println!("{summary}");
    eprintln!("{summary}");
    for f in &failures {
        eprintln!("failure: {f}");
    }
    assert!(failures.is_empty(), "{} unit cases failed", failures.len());
    assert!(total > 50 && valid == rule_files.len());
}

/// Cases that also give `operationInputs`, resolved the way a command resolves them: the
/// `builtInParams` mapped through the rule set's `builtIn` declarations, then the operation's
/// context parameters (from its model) set from `operationParams`, then S3's per-operation
/// adjustments. Each built-in must also map to a declared parameter with the value the case's
/// `params` list.
#[test]
fn operation_inputs_resolve_through_context_params() {
    let root = botocore_tests().join("functional/endpoint-rules");
    let (mut inputs, mut passed) = (0usize, 0usize);
    let mut failures = Vec::new();
    let known = known_failures("/operation-input");
    let mut failed = BTreeSet::new();
    let mut services: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    for service in &services {
        let doc = read_json(&root.join(service).join("endpoint-tests-1.json"));
        let mut loaded = None;
        for (index, case) in doc["testCases"].as_array().unwrap().iter().enumerate() {
            let Some(ops) = case.get("operationInputs").and_then(|v| v.as_array()) else {
                continue;
            };
            let (rules, blob) = loaded.get_or_insert_with(|| {
                (
                    RuleSet::for_service(service).unwrap(),
                    aws2_models::ServiceBlob::load(service).unwrap(),
                )
            });
            let listed = case_params(case).unwrap();
            for op in ops {
                inputs += 1;
                let mut params = Params::new();
                for (built_in, value) in op["builtInParams"].as_object().unwrap() {
                    let value = ParamValue::from_json(value).unwrap();
                    match rules.parameter_for_built_in(built_in) {
                        // A built-in the case's `params` leave out (s3 case 164) still has to
                        // name a declared parameter.
                        Some(spec) if listed.get(&spec.name).is_none_or(|v| *v == value) => {
                            params.set(spec.name.clone(), value);
                        }
                        other => failures.push(format!(
                            "{service} {index}: built-in {built_in} maps to {:?}",
                            other.map(|s| &s.name)
                        )),
                    }
                }
                let name = op["operationName"].as_str().unwrap();
                let operation: Value =
                    serde_json::from_str(blob.operation_json(name).expect("operation")).unwrap();
                let input_shape = operation
                    .pointer("/input/shape")
                    .and_then(Value::as_str)
                    .and_then(|shape| blob.shape_json(shape))
                    .map(|json| serde_json::from_str::<Value>(json).unwrap());
                let context = OperationContext::from_model(&operation, input_shape.as_ref());
                let empty = Value::Object(Default::default());
                context.apply(op.get("operationParams").unwrap_or(&empty), &mut params);
                if service == "s3" {
                    adjust_s3_params(name, &mut params);
                }
                match check(&case["expect"], &rules.resolve(&params)) {
                    Ok(()) => passed += 1,
                    Err(e) => {
                        let key = format!("{service} {index}");
                        if !known.contains_key(&key) {
                            failures.push(format!("{key} {name}: {e}"));
                        }
                        failed.insert(key);
                    }
                }
            }
        }
    }
    let summary = format!("endpoint operation inputs: {passed}/{inputs}");
    println!("{summary}");
    eprintln!("{summary}");
    for f in &failures {
        eprintln!("failure: {f}");
    }
    assert!(
        failures.is_empty(),
        "{} operation inputs failed",
        failures.len()
    );
    assert!(inputs >= 690);
}

/// Every rule set the models ship compiles, uses only known functions, and resolves a plain
/// regional endpoint for us-east-1 (or stops at a rule error or a required operation parameter).
#[test]
fn every_shipped_rule_set_compiles() {
    let services = aws2_models::services().unwrap();
    let mut compiled = 0;
    for service in services {
        if !aws2_models::has_entry(&format!("{}/rules", service.model_name)) {
            continue;
        }
        let rules = RuleSet::for_service(&service.model_name)
            .unwrap_or_else(|e| panic!("{}: {e}", service.model_name));
        let params = Params::new().with("Region", "us-east-1");
        match rules.resolve(&params) {
            Ok(endpoint) => assert!(endpoint.url.starts_with("https://"), "{}", endpoint.url),
            Err(aws2_endpoints::EndpointError::Rule(_)) => {}
            // Set by an operation's static context parameters (acm's ServiceType).
            Err(aws2_endpoints::EndpointError::Evaluation(e))
                if e.contains("required parameter") => {}
            Err(e) => panic!("{}: {e}", service.model_name),
        }
        compiled += 1;
    }
    eprintln!("shipped rule sets compiled: {compiled}/{}", services.len());
    assert!(compiled > 400);
}

/// The typed auth schemes of resolved endpoints: S3 signs without double encoding, a
/// multi-region access point signs with SigV4a for every region.
#[test]
fn auth_schemes_are_typed() {
    let s3 = RuleSet::for_service("s3").unwrap();
    let params = Params::new()
        .with("Region", "eu-west-1")
        .with("Bucket", "my-bucket");
    let endpoint = s3.resolve(&params).unwrap();
    assert_eq!(endpoint.url, "https://my-bucket.s3.eu-west-1.amazonaws.com");
    let schemes = endpoint.auth_schemes();
    assert_eq!(schemes[0].name, "sigv4");
    assert_eq!(schemes[0].signing_name.as_deref(), Some("s3"));
    assert_eq!(schemes[0].signing_region.as_deref(), Some("eu-west-1"));
    assert!(schemes[0].disable_double_encoding);

    let mrap = Params::new().with("Region", "us-east-1").with(
        "Bucket",
        "arn:aws:s3::123456789012:accesspoint:mfzwi23gnjvgw.mrap",
    );
    let schemes = s3.resolve(&mrap).unwrap().auth_schemes();
    assert_eq!(schemes[0].name, "sigv4a");
    assert_eq!(schemes[0].signing_region_set, vec!["*".to_string()]);
}
