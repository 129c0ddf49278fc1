//! Conformance: every case of the AWS CLI v2 release's
//! `functional/botocore/endpoint-rules/*/endpoint-tests-1.json` against the rule set the models
//! (that release's data) ship for that service, and the rules-language unit cases of botocore's
//! `unit/data/endpoints` (the release does not carry those).

mod common;

use std::path::Path;

use aws2_endpoints::{OperationContext, ParamValue, Params, RuleSet};
use common::{botocore_tests, case_params, check, cli_v2_functional, read_json};
use serde_json::Value;

/// The release's endpoint test cases for the services it ships: 13,822 in 426 folders. (Its
/// suite has 23 more, in `sms-voice/`, a service whose model the release no longer carries;
/// its runner, like this test, walks the services that have a rule set.)
const V2_ENDPOINT_CASES: usize = 13_822;

/// The services whose models ship a rule set, sorted; each must have a folder in the suite.
fn v2_services(root: &Path) -> Vec<String> {
    let mut services: Vec<String> = aws2_models::services()
        .unwrap()
        .iter()
        .map(|s| s.model_name.clone())
        .filter(|name| aws2_models::has_entry(&format!("{name}/rules")))
        .collect();
    services.sort();
    for service in &services {
        let tests = root.join(service).join("endpoint-tests-1.json");
        assert!(tests.is_file(), "no endpoint tests for {service}");
    }
    services
}

#[test]
fn endpoint_rules_conformance() {
    let root = cli_v2_functional().join("endpoint-rules");
    let (mut total, mut passed) = (0usize, 0usize);
    let mut failures = Vec::new();
    for service in &v2_services(&root) {
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
            match outcome {
                Ok(()) => passed += 1,
                Err(reason) => failures.push(format!(
                    "{service} {index} ({}): {reason}",
                    case["documentation"].as_str().unwrap_or_default()
                )),
            }
        }
    }
    let summary = format!("aws-cli-v2 endpoint rules: {passed}/{total} passed");
    println!("{summary}");
    eprintln!("{summary}");
    for line in &failures {
        eprintln!("failure: {line}");
    }
    assert!(failures.is_empty(), "{} cases failed", failures.len());
    assert_eq!(total, V2_ENDPOINT_CASES, "the endpoint test files changed");
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

/// Cases that also give `operationInputs`, resolved as the release's end-to-end runner
/// (`test_endpoint_rulesets.py`) resolves them: the built-ins are exactly the case's
/// `builtInParams` (its handler replaces every built-in after the CLI's own per-operation
/// adjustments, so those do not apply), mapped through the rule set's `builtIn` declarations;
/// then the operation's context parameters (from its model) set from `operationParams`. The
/// runner skips the inputs whose bucket names botocore rejects before resolving (`bucket name`,
/// `example.com#`); so does this test. Each built-in must also map to a declared parameter with
/// the value the case's `params` list.
#[test]
fn operation_inputs_resolve_through_context_params() {
    let root = cli_v2_functional().join("endpoint-rules");
    let (mut inputs, mut passed, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for service in &v2_services(&root) {
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
                let empty = Value::Object(Default::default());
                let op_params = op.get("operationParams").unwrap_or(&empty);
                if matches!(
                    op_params["Bucket"].as_str(),
                    Some("bucket name" | "example.com#")
                ) {
                    skipped += 1;
                    continue;
                }
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
                context.apply(op_params, &mut params);
                match check(&case["expect"], &rules.resolve(&params)) {
                    Ok(()) => passed += 1,
                    Err(e) => failures.push(format!("{service} {index} {name}: {e}")),
                }
            }
        }
    }
    let summary = format!(
        "aws-cli-v2 endpoint operation inputs: {passed}/{inputs} passed ({skipped} skipped as \
         the release's runner skips them)"
    );
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
    assert_eq!(
        inputs + skipped,
        568,
        "the release's operation inputs changed"
    );
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
