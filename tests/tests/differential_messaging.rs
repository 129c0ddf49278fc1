//! SNS, SQS, STS and SWF under both CLIs: attribute maps in shorthand and JSON, message
//! attributes, list parameters, `--query` and service errors.

use aws2_e2e::{Case, CliEnv, MotoServer, Suite};

#[test]
fn sns_sqs_sts_swf_match_python_cli() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    let env = suite.env();
    let text = |args: &[&str]| {
        env.setup(&[args, &["--output", "text"]].concat())
            .stdout
            .trim()
            .to_owned()
    };
    let topic = text(&[
        "sns",
        "create-topic",
        "--name",
        "alerts",
        "--attributes",
        "DisplayName=Alerts",
        "--query",
        "TopicArn",
    ]);
    env.setup(&[
        "sns",
        "tag-resource",
        "--resource-arn",
        &topic,
        "--tags",
        "Key=env,Value=test",
        "Key=team,Value=ops",
    ]);
    let queue = text(&[
        "sqs",
        "create-queue",
        "--queue-name",
        "jobs",
        "--attributes",
        r#"{"VisibilityTimeout": "45", "DelaySeconds": "0"}"#,
        "--query",
        "QueueUrl",
    ]);
    env.setup(&[
        "sqs",
        "tag-queue",
        "--queue-url",
        &queue,
        "--tags",
        "stage=beta,owner=e2e",
    ]);
    env.setup(&[
        "sqs",
        "send-message",
        "--queue-url",
        &queue,
        "--message-body",
        "first job",
    ]);
    env.setup(&[
        "swf",
        "register-domain",
        "--name",
        "e2e-domain",
        "--workflow-execution-retention-period-in-days",
        "7",
        "--description",
        "differential",
    ]);
    env.setup(&[
        "swf",
        "register-workflow-type",
        "--domain",
        "e2e-domain",
        "--name",
        "build",
        "--workflow-version",
        "1.0",
        "--default-task-list",
        "name=main",
        "--default-child-policy",
        "TERMINATE",
    ]);
    env.setup(&[
        "swf",
        "start-workflow-execution",
        "--domain",
        "e2e-domain",
        "--workflow-id",
        "first",
        "--workflow-type",
        "name=build,version=1.0",
        "--task-start-to-close-timeout",
        "30",
        "--execution-start-to-close-timeout",
        "600",
    ]);
    env.write_file("attributes.json", r#"{"kind": {"DataType": "String", "StringValue": "report"}, "size": {"DataType": "Number", "StringValue": "42"}}"#);

    let cases = vec![
        Case::new(&["sts", "get-caller-identity"]),
        Case::new(&["sts", "get-caller-identity", "--query", "Account"]),
        Case::new(&["sns", "list-topics"]),
        Case::new(&[
            "sns",
            "get-topic-attributes",
            "--topic-arn",
            &topic,
            "--query",
            "Attributes.{Name: DisplayName, Arn: TopicArn, Policy: Policy != null}",
        ]),
        Case::new(&["sns", "list-tags-for-resource", "--resource-arn", &topic]),
        Case::new(&[
            "sns",
            "create-topic",
            "--name",
            "topic-{u}",
            "--tags",
            r#"[{"Key": "k", "Value": "{u}"}]"#,
        ]),
        Case::new(&[
            "sns",
            "subscribe",
            "--topic-arn",
            &topic,
            "--protocol",
            "sqs",
            "--notification-endpoint",
            "arn:aws:sqs:us-east-1:123456789012:q-{u}",
        ]),
        Case::new(&[
            "sns",
            "publish",
            "--topic-arn",
            &topic,
            "--message",
            "hello, world",
            "--message-attributes",
            "file://attributes.json",
        ]),
        Case::new(&[
            "sns",
            "get-topic-attributes",
            "--topic-arn",
            "arn:aws:sns:us-east-1:123456789012:missing",
        ])
        .error(254),
        Case::new(&["sqs", "list-queues"]),
        Case::new(&["sqs", "get-queue-url", "--queue-name", "jobs"]),
        Case::new(&[
            "sqs",
            "get-queue-attributes",
            "--queue-url",
            &queue,
            "--attribute-names",
            "VisibilityTimeout",
            "DelaySeconds",
            "QueueArn",
        ]),
        Case::new(&["sqs", "list-queue-tags", "--queue-url", &queue]),
        Case::new(&[
            "sqs",
            "create-queue",
            "--queue-name",
            "q-{u}",
            "--attributes",
            "MaximumMessageSize=2048,MessageRetentionPeriod=3600",
        ]),
        Case::new(&[
            "sqs",
            "send-message",
            "--queue-url",
            &queue,
            "--message-body",
            "job {u}",
            "--message-attributes",
            r#"{"n": {"DataType": "Number", "StringValue": "1"}}"#,
        ])
        .mask("\"MD5OfMessageBody\": \"[0-9a-f]+\"|MD5OFMESSAGEBODY[^\\n]*|[0-9a-f]{32}"),
        Case::new(&["sqs", "get-queue-url", "--queue-name", "missing"]).error(254),
        Case::new(&["swf", "list-domains", "--registration-status", "REGISTERED"]),
        Case::new(&["swf", "describe-domain", "--name", "e2e-domain"]),
        Case::new(&[
            "swf",
            "list-workflow-types",
            "--domain",
            "e2e-domain",
            "--registration-status",
            "REGISTERED",
            "--query",
            "typeInfos[].workflowType",
        ]),
        Case::new(&[
            "swf",
            "describe-workflow-type",
            "--domain",
            "e2e-domain",
            "--workflow-type",
            "name=build,version=1.0",
            "--query",
            "configuration",
        ]),
        Case::new(&[
            "swf",
            "register-domain",
            "--name",
            "e2e-domain",
            "--workflow-execution-retention-period-in-days",
            "1",
        ])
        .error(254),
        Case::new(&[
            "swf",
            "start-workflow-execution",
            "--domain",
            "e2e-domain",
            "--workflow-id",
            "run-{u}",
            "--workflow-type",
            "name=build,version=1.0",
            "--task-start-to-close-timeout",
            "30",
            "--execution-start-to-close-timeout",
            "600",
            "--query",
            "length(runId)",
        ]),
        // Timestamps as a date, as ISO 8601 with an offset and as epoch seconds.
        Case::new(&[
            "swf",
            "list-open-workflow-executions",
            "--domain",
            "e2e-domain",
            "--start-time-filter",
            "oldestDate=2020-01-01",
            "--query",
            "executionInfos[?execution.workflowId=='first'].[executionStatus, workflowType.name]",
        ]),
        Case::new(&[
            "swf",
            "list-open-workflow-executions",
            "--domain",
            "e2e-domain",
            "--start-time-filter",
            "oldestDate=2020-01-01T00:00:00+02:00",
            "--query",
            "length(executionInfos) > `0`",
        ])
        .formats(&["json"]),
        Case::new(&[
            "swf",
            "list-open-workflow-executions",
            "--domain",
            "e2e-domain",
            "--start-time-filter",
            "oldestDate=1577836800",
            "--query",
            "executionInfos[?execution.workflowId=='first'].execution.workflowId",
        ])
        .formats(&["json"]),
    ];
    suite.compare(&cases);
    suite.finish("sns, sqs, sts, swf");
}
