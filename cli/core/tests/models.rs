//! Every shipped service loads, every operation's shapes resolve, and CLI names match the
//! AWS CLI's.

use aws2_core::model::cli_name;
use aws2_core::Service;

#[test]
fn every_service_loads_and_every_shape_reference_resolves() {
    let services = aws2_models::services().unwrap();
    let (mut operations, mut shapes) = (0usize, 0usize);
    for entry in services {
        let service = Service::load(&entry.model_name).unwrap();
        assert!(
            !service.metadata().protocol.is_empty(),
            "{}",
            entry.model_name
        );
        for name in service.operation_names() {
            let op = service.operation(&name).unwrap();
            shapes += service
                .load_operation_shapes(&op)
                .unwrap_or_else(|e| panic!("{}.{name}: {e}", entry.model_name));
            operations += 1;
        }
    }
    eprintln!(
        "models: {} services, {operations} operations, {shapes} shape visits resolved",
        services.len()
    );
    assert!(services.len() > 400);
    assert!(operations > 15_000);
}

#[test]
fn cli_command_names_match_the_aws_cli() {
    for (cli, model) in [
        ("s3api", "s3"),
        ("ec2", "ec2"),
        ("dynamodb", "dynamodb"),
        ("glacier", "glacier"),
        ("iam", "iam"),
        ("sns", "sns"),
        ("swf", "swf"),
        ("sts", "sts"),
        ("sqs", "sqs"),
        ("configservice", "config"),
        ("deploy", "codedeploy"),
        ("agent-toolkit", "agenttoolkit"),
        ("cloudwatch", "cloudwatch"),
    ] {
        let service = Service::load_by_cli_name(cli).unwrap();
        assert_eq!(service.model_name(), model);
    }
    assert!(
        Service::load_by_cli_name("s3").is_err(),
        "s3 is the custom command"
    );
    let ec2 = Service::load_by_cli_name("ec2").unwrap();
    assert_eq!(
        ec2.operation_by_cli_name("describe-instances")
            .unwrap()
            .unwrap()
            .name,
        "DescribeInstances"
    );
    let s3 = Service::load_by_cli_name("s3api").unwrap();
    assert_eq!(
        s3.operation_by_cli_name("list-objects-v2")
            .unwrap()
            .unwrap()
            .name,
        "ListObjectsV2"
    );
    assert_eq!(cli_name("DescribeInstances"), "describe-instances");
}

/// The AWS CLI v2 wheel whose models are shipped (`../shared/oracle/awscli-<version>-…whl`).
fn pinned_cli_wheel() -> std::path::PathBuf {
    let wheel = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "../../../shared/oracle/awscli-{}-py3-none-any.whl",
        aws2_models::cli_version().unwrap()
    ));
    assert!(
        wheel.exists(),
        "the AWS CLI v2 wheel {} is missing",
        wheel.display()
    );
    wheel
}

/// Compares our name transform with the AWS CLI v2 release's own (its bundled botocore's
/// `xform_name`, imported from the wheel) over every operation and member name of every model.
#[test]
fn names_match_botocore_xform_name() {
    let mut names = std::collections::BTreeSet::new();
    for entry in aws2_models::services().unwrap() {
        let service = Service::load(&entry.model_name).unwrap();
        for name in service.operation_names() {
            let op = service.operation(&name).unwrap();
            if let Some(input) = &op.input {
                let shape = service.resolve(input).unwrap();
                names.extend(shape.members.keys().cloned());
            }
            names.insert(name);
        }
    }
    let input = names.iter().cloned().collect::<Vec<_>>().join("\n");
    let wheel = pinned_cli_wheel();
    let script = "import sys\nsys.path.insert(0, sys.argv[1])\nfrom awscli.botocore import xform_name\nfor l in sys.stdin.read().split('\\n'):\n    print(xform_name(l, '-'))\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&wheel)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python3 could not import xform_name from the AWS CLI v2 wheel"
    );
    let theirs = String::from_utf8(out.stdout).unwrap();
    // The AWS CLI v2 renames these commands after the transform (its `signin` and `cloudwatch`
    // customizations), and our table gives the renamed names directly.
    let renamed = |name: &str| {
        name.replace("-o-auth2-", "-oauth2-")
            .replace("-o-tel-", "-otel-")
    };
    let mut mismatches = Vec::new();
    for (name, expected) in names.iter().zip(theirs.lines()) {
        let expected = renamed(expected);
        if cli_name(name) != expected {
            mismatches.push(format!(
                "{name}: ours {} botocore {expected}",
                cli_name(name)
            ));
        }
    }
    eprintln!(
        "xform_name: {}/{} names agree",
        names.len() - mismatches.len(),
        names.len()
    );
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
