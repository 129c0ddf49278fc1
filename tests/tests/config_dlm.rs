//! `configservice subscribe`, `configservice get-status` and `dlm create-default-role`
//! compared with the AWS CLI v2: the same stdout, stderr and exit code, and, against
//! `moto_server` (reset before each CLI's run), the same resources left behind; `get-status`
//! runs against the recorder, whose replies hold every status v2 prints.

use aws2_e2e::both_clis::both;
use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Reply};
use aws2_e2e::{binary, oracle, MotoServer, Outcome};
use regex::Regex;

/// Runs each of `steps` (argument lists) with one CLI, in one fresh directory, against
/// `moto` after a reset, with `env` set; then `check` (read with the reference CLI).
fn run_steps(
    program: &std::path::Path,
    moto: &MotoServer,
    steps: &[Vec<&str>],
    env: &[(&str, &str)],
    check: &[&str],
) -> Vec<Outcome> {
    moto.reset();
    let place = Isolated::new();
    let mut outs: Vec<Outcome> = steps
        .iter()
        .map(|args| {
            let words: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
            place.run_with_env(program, &words, &moto.endpoint(), env)
        })
        .collect();
    if !check.is_empty() {
        let words: Vec<String> = check.iter().map(|a| (*a).to_owned()).collect();
        outs.push(place.run_with_env(&oracle::v2_bin(), &words, &moto.endpoint(), env));
    }
    outs
}

/// Generated identifiers and moments masked.
fn masked(text: &str) -> String {
    let ids = Regex::new(r"AROA[A-Z0-9]{17}").unwrap();
    let dates = Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00").unwrap();
    dates
        .replace_all(&ids.replace_all(text, "<role-id>"), "<date>")
        .into_owned()
}

/// The same (masked) stdout, stderr and exit code from both CLIs' runs.
fn same(v2: &[Outcome], ours: &[Outcome], what: &str) -> usize {
    assert_eq!(v2.len(), ours.len());
    for (step, (a, b)) in v2.iter().zip(ours).enumerate() {
        assert_eq!(
            (b.code, masked(&b.stdout), masked(&b.stderr)),
            (a.code, masked(&a.stdout), masked(&a.stderr)),
            "{what}: step {step}"
        );
    }
    v2.len()
}

#[test]
fn subscribe_prepares_the_bucket_topic_recorder_and_channel_as_v2() {
    let moto = MotoServer::start();
    let endpoint = moto.endpoint();
    // The S3 and SNS calls ignore --endpoint-url: they find moto through the environment.
    let env = [("AWS_ENDPOINT_URL", endpoint.as_str())];
    let role = "arn:aws:iam::123456789012:role/config";
    let cases: Vec<(Vec<Vec<&str>>, Vec<&str>)> = vec![
        (
            vec![
                vec![
                    "configservice",
                    "subscribe",
                    "--s3-bucket",
                    "config-bucket/logs/a",
                    "--sns-topic",
                    "config-topic",
                    "--iam-role",
                    role,
                ],
                vec![
                    "configservice",
                    "subscribe",
                    "--s3-bucket",
                    "config-bucket",
                    "--sns-topic",
                    "arn:aws:sns:us-east-1:123456789012:config-topic",
                    "--iam-role",
                    role,
                ],
            ],
            vec!["configservice", "describe-delivery-channels"],
        ),
        (
            vec![
                vec!["s3api", "create-bucket", "--bucket", "existing-bucket"],
                vec![
                    "configservice",
                    "subscribe",
                    "--s3-bucket",
                    "existing-bucket",
                    "--sns-topic",
                    "t2",
                    "--iam-role",
                    role,
                ],
            ],
            vec!["configservice", "describe-configuration-recorder-status"],
        ),
        (
            vec![
                vec![
                    "configservice",
                    "subscribe",
                    "--s3-bucket",
                    "x",
                    "--sns-topic",
                    "t",
                    "--iam-role",
                    role,
                ],
                vec![
                    "configservice",
                    "subscribe",
                    "--s3-bucket",
                    "config-bucket",
                    "--iam-role",
                    role,
                ],
                vec![
                    "configservice",
                    "subscribe",
                    "--s3-bucket",
                    "s3://config-bucket",
                    "--sns-topic",
                    "t",
                    "--iam-role",
                    role,
                ],
                vec![
                    "configservice",
                    "subscribe",
                    "--s3-bucket",
                    "config-bucket",
                    "--sns-topic",
                    "t",
                    "--iam-role",
                    role,
                    "--bogus",
                ],
            ],
            vec!["sns", "list-topics"],
        ),
    ];
    let mut compared = 0;
    for (steps, check) in &cases {
        let v2 = run_steps(&oracle::v2_bin(), &moto, steps, &env, check);
        let ours = run_steps(&binary::aws_bin(), &moto, steps, &env, check);
        compared += same(&v2, &ours, &format!("{steps:?}"));
    }
    let first = run_steps(&binary::aws_bin(), &moto, &cases[0].0, &env, &[]);
    assert!(
        first[0]
            .stdout
            .contains("Using new S3 bucket: config-bucket"),
        "{first:?}"
    );
    assert!(
        first[1].stdout.contains("Using existing SNS topic"),
        "{first:?}"
    );
    eprintln!("configservice subscribe: {compared}/{compared} runs identical");
}

/// Answers AWS Config's status calls with recorders and channels in every state.
fn statuses(request: &Recorded) -> Reply {
    let target = request.header("x-amz-target").unwrap_or("");
    let body = if target.ends_with("DescribeConfigurationRecorderStatus") {
        r#"{"ConfigurationRecordersStatus": [
            {"name": "on", "recording": true, "lastStatus": "SUCCESS"},
            {"name": "off", "recording": false, "lastStatus": "FAILURE"},
            {"name": "failing", "recording": true, "lastStatus": "FAILURE",
             "lastErrorCode": "AccessDenied", "lastErrorMessage": "no access"}]}"#
    } else if target.ends_with("DescribeDeliveryChannelStatus") {
        r#"{"DeliveryChannelsStatus": [
            {"name": "default",
             "configStreamDeliveryInfo": {"lastStatus": "SUCCESS"},
             "configHistoryDeliveryInfo": {"lastStatus": "FAILURE",
                 "lastErrorCode": "NoSuchBucket", "lastErrorMessage": "gone"},
             "configSnapshotDeliveryInfo": {}},
            {"name": "partial", "configStreamDeliveryInfo": {},
             "configHistoryDeliveryInfo": {"lastStatus": "NOT_APPLICABLE"},
             "configSnapshotDeliveryInfo": {"lastStatus": "SUCCESS"}}]}"#
    } else {
        return Reply::error(request, "UnknownOperation", "unexpected");
    };
    Reply::new(200, "application/x-amz-json-1.1", body)
}

/// A delivery channel status without a delivery info (v2 fails on the missing key).
fn missing_info(request: &Recorded) -> Reply {
    let target = request.header("x-amz-target").unwrap_or("");
    let body = if target.ends_with("DescribeConfigurationRecorderStatus") {
        r#"{"ConfigurationRecordersStatus": []}"#
    } else {
        r#"{"DeliveryChannelsStatus": [{"name": "bare", "configStreamDeliveryInfo": {}}]}"#
    };
    Reply::new(200, "application/x-amz-json-1.1", body)
}

#[test]
fn get_status_prints_every_recorder_and_channel_as_v2() {
    let mut compared = 0;
    for (reply, what) in [
        (statuses as fn(&Recorded) -> Reply, "statuses"),
        (missing_info, "missing info"),
        (
            |r: &Recorded| Reply::error(r, "AccessDeniedException", "denied"),
            "error",
        ),
    ] {
        let [v2, ours] = both(None, &["configservice", "get-status"], reply);
        assert_eq!(
            (
                ours.outcome.code,
                &ours.outcome.stdout,
                &ours.outcome.stderr
            ),
            (v2.outcome.code, &v2.outcome.stdout, &v2.outcome.stderr),
            "{what}"
        );
        let targets = |r: &[Recorded]| -> Vec<String> {
            r.iter()
                .map(|q| q.header("x-amz-target").unwrap_or("").to_owned())
                .collect()
        };
        assert_eq!(targets(&ours.requests), targets(&v2.requests), "{what}");
        compared += 1;
    }
    let [_, ours] = both(None, &["configservice", "get-status"], statuses);
    assert!(ours
        .outcome
        .stdout
        .contains("last history delivery status: FAILURE\nerror code: NoSuchBucket\n"));
    eprintln!("configservice get-status: {compared}/{compared} replies printed alike");
}

#[test]
fn dlm_create_default_role_creates_and_prints_the_role_as_v2() {
    let moto = MotoServer::start_with_env(&[("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")]);
    let endpoint = moto.endpoint();
    let iam = ["--iam-endpoint", endpoint.as_str()];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        let mut args = vec!["dlm", "create-default-role"];
        args.extend(iam);
        args.extend_from_slice(extra);
        args
    };
    let steps = vec![
        with(&[]),
        with(&["--resource-type", "image", "--output", "text"]),
        with(&[]),
        with(&["--resource-type", "volume"]),
        with(&["--region", "cn-north-1", "--resource-type", "image"]),
    ];
    let roles = [
        "iam",
        "list-roles",
        "--query",
        "sort_by(Roles, &RoleName)[].[RoleName, AssumeRolePolicyDocument]",
    ];
    let v2 = run_steps(&oracle::v2_bin(), &moto, &steps, &[], &roles);
    let ours = run_steps(&binary::aws_bin(), &moto, &steps, &[], &roles);
    let compared = same(&v2, &ours, "dlm create-default-role");
    assert!(ours[0]
        .stdout
        .contains("\"RoleName\": \"AWSDataLifecycleManagerDefaultRole\""));
    assert!(ours[2].stdout.is_empty(), "an existing role prints nothing");
    eprintln!("dlm create-default-role: {compared}/{compared} runs identical");
}
