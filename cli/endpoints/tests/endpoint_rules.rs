//! Conformance: every case of botocore's `functional/endpoint-rules/*/endpoint-tests-1.json`
//! against the rule set the models ship for that service, and the rules-language unit cases of
//! `unit/data/endpoints`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aws2_endpoints::RuleSet;
use common::{botocore_tests, case_params, check, read_json};

/// `service index` to the reason it is allowed to fail, from `known-failures.txt`.
fn known_failures() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("known-failures.txt");
    let text = std::fs::read_to_string(&path).expect("known-failures.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut parts = line.splitn(3, ' ');
            let service = parts.next().unwrap_or_default();
            let index = parts.next().unwrap_or_default();
            let reason = parts.next().unwrap_or_default().trim();
            assert!(!reason.is_empty(), "known failure without a reason: {line}");
            (format!("{service} {index}"), reason.to_owned())
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
    let known = known_failures();
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

/// Cases that also give `operationInputs`: their `builtInParams` must map, through each rule
/// set's `builtIn` declarations, onto declared parameters with the values the case lists; inputs without
/// operation parameters resolve from the built-ins alone to the expected result.
#[test]
fn operation_input_built_ins_map_to_parameters() {
    let root = botocore_tests().join("functional/endpoint-rules");
    let (mut inputs, mut mapped, mut resolved_from_built_ins) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    let mut services: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    services.sort();
    for service in &services {
        let doc = read_json(&root.join(service).join("endpoint-tests-1.json"));
        let mut rules = None;
        for (index, case) in doc["testCases"].as_array().unwrap().iter().enumerate() {
            let Some(ops) = case.get("operationInputs").and_then(|v| v.as_array()) else {
                continue;
            };
            let rules = rules.get_or_insert_with(|| RuleSet::for_service(service).unwrap());
            let case_params = case_params(case).unwrap();
            for op in ops {
                inputs += 1;
                let mut params = aws2_endpoints::Params::new();
                let mut consistent = true;
                for (built_in, value) in op["builtInParams"].as_object().unwrap() {
                    let value = aws2_endpoints::ParamValue::from_json(value).unwrap();
                    match rules.parameter_for_built_in(built_in) {
                        // A built-in the case's `params` leave out (s3 case 164) still
                        // has to name a declared parameter.
                        Some(spec) if case_params.get(&spec.name).is_none_or(|v| *v == value) => {
                            params.set(spec.name.clone(), value);
                        }
                        other => {
                            consistent = false;
                            failures.push(format!(
                                "{service} {index}: built-in {built_in} maps to {:?}",
                                other.map(|s| &s.name)
                            ));
                        }
                    }
                }
                if !consistent {
                    continue;
                }
                mapped += 1;
                if op.get("operationParams").is_none() && params == case_params {
                    match check(&case["expect"], &rules.resolve(&params)) {
                        Ok(()) => resolved_from_built_ins += 1,
                        Err(e) => failures.push(format!("{service} {index}: {e}")),
                    }
                }
            }
        }
    }
    let summary = format!(
        "endpoint operation inputs: {mapped}/{inputs} built-ins mapped, {resolved_from_built_ins} resolved from built-ins alone"
    );
    println!("{summary}");
    eprintln!("{summary}");
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(inputs >= 690 && resolved_from_built_ins > 0);
}
