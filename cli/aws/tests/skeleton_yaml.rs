//! `--generate-cli-skeleton yaml-input` against the AWS CLI v2's own generator: one run of
//! v2's Python dumps the commented YAML skeleton of every 23rd operation of every service
//! (about 800 across all services), and ours must be the same text byte for byte. Two
//! operations also go through both built binaries.

use aws2_core::model::Service;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};

const AWS: &str = env!("CARGO_BIN_EXE_aws");

/// Dumps v2's skeletons as JSON: `"<model service> <operation>"` to its YAML text.
const ORACLE: &str = r#"
import io, json, sys, xml.dom.minidom, xml.parsers.expat
from ruamel.yaml import YAML
from awscli.botocore import session
from awscli.customizations.generatecliskeleton import YAMLArgumentGenerator, _Bytes
step = int(sys.argv[1])
out, i = {}, 0
s = session.get_session()
for svc in s.get_available_services():
    model = s.get_service_model(svc)
    for op in model.operation_names:
        i += 1
        if i % step:
            continue
        shape = model.operation_model(op).input_shape
        yaml = YAML()
        yaml.representer.add_representer(_Bytes, _Bytes.represent)
        skeleton = yaml.map()
        if shape is not None:
            skeleton = YAMLArgumentGenerator().generate_skeleton(shape)
        buf = io.StringIO()
        yaml.dump(skeleton, buf)
        out[svc + ' ' + op] = buf.getvalue()
json.dump(out, sys.stdout)
"#;

fn v2_skeletons(step: usize) -> BTreeMap<String, String> {
    let out = aws2_e2e::oracle::v2_python_command()
        .args(["-c", ORACLE, &step.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .expect("run the v2 oracle's Python");
    assert!(out.status.success(), "the oracle script failed");
    serde_json::from_slice(&out.stdout).expect("the oracle prints JSON")
}

#[test]
fn yaml_input_skeletons_are_those_of_v2() {
    let reference = v2_skeletons(23);
    assert!(reference.len() > 700, "only {} operations", reference.len());
    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    let mut differences = Vec::new();
    for (case, expected) in &reference {
        let (model, operation) = case.split_once(' ').expect("service and operation");
        let service = services
            .entry(model.to_owned())
            .or_insert_with(|| Service::load(model).expect("a pinned model"));
        let op = service.operation(operation).expect("the operation");
        let shape = op.input.as_ref().map(|i| i.shape.clone());
        let ours =
            aws2_cli::skeleton::yaml::generate(service, shape.as_deref()).expect("a skeleton");
        if &ours != expected {
            let line = ours
                .lines()
                .zip(expected.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("\n  ours: {a}\n  v2:   {b}"))
                .unwrap_or_else(|| " (line count)".to_owned());
            differences.push(format!("{case}:{line}"));
        }
    }
    println!(
        "yaml-input skeletons identical to v2: {}/{}",
        reference.len() - differences.len(),
        reference.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn the_binary_prints_the_commented_skeleton() {
    for args in [
        [
            "sqs",
            "create-queue",
            "--generate-cli-skeleton",
            "yaml-input",
        ],
        [
            "sts",
            "get-caller-identity",
            "--generate-cli-skeleton",
            "yaml-input",
        ],
    ] {
        let run = |program: &std::path::Path| {
            let out = Command::new(program)
                .args(args)
                .env("AWS_DEFAULT_REGION", "us-east-1")
                .stdin(Stdio::null())
                .output()
                .expect("run aws");
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
            )
        };
        let ours = run(std::path::Path::new(AWS));
        assert_eq!(ours, run(&aws2_e2e::oracle::v2_bin()), "{args:?}");
        assert_eq!(ours.0, Some(0));
    }
}
