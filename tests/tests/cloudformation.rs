//! `aws cloudformation package` and `deploy` compared with the AWS CLI v2: each CLI runs in
//! its own directory holding the same files (with the same modification times, so that the
//! zipped folders come out byte for byte the same) against its own moto_server, and must
//! print the same stdout and stderr (ids and times masked) with the same exit code, write
//! the same packaged template, leave the same S3 objects (keys, sizes and ETags, that is
//! their MD5s, and metadata) and make the same stacks, templates and change sets.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::mask::mask;
use aws2_e2e::{binary, oracle, MotoServer, Outcome};
use regex::Regex;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

const BUCKET: &str = "artifacts";

/// One CLI with its server and its directory.
struct Side {
    program: PathBuf,
    moto: MotoServer,
    place: Isolated,
}

impl Side {
    fn run(&self, args: &[&str]) -> Outcome {
        let words: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let endpoint = self.moto.endpoint();
        self.place.run_with_env(
            &self.program,
            &words,
            &endpoint,
            &[("AWS_ENDPOINT_URL", endpoint.as_str())],
        )
    }

    /// A query made with our CLI against this side's server, which must succeed.
    fn query(&self, args: &[&str]) -> String {
        let words: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let out = self
            .place
            .run(&binary::aws_bin(), &words, &self.moto.endpoint());
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        out.stdout
    }
}

/// Both CLIs, v2 first.
struct Pair([Side; 2]);

/// Files of the working directory (name, contents).
type Files<'a> = &'a [(&'a str, &'a str)];

fn masks() -> Vec<Regex> {
    [r"deploy-\d+", r"127\.0\.0\.1:\d+"]
        .map(|re| Regex::new(re).expect("valid mask"))
        .to_vec()
}

impl Pair {
    /// Two servers with the bucket, and two directories holding `files`, all modified at
    /// the same moment.
    fn new(files: Files<'_>) -> Pair {
        let moment = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        Pair([oracle::v2_bin(), binary::aws_bin()].map(|program| {
            let side = Side {
                program,
                moto: MotoServer::start(),
                place: Isolated::new(),
            };
            for (name, text) in files {
                side.place.write(name, text.as_bytes());
                let file = std::fs::File::options()
                    .write(true)
                    .open(side.place.path().join(name))
                    .expect("test file");
                file.set_modified(moment)
                    .expect("set the modification time");
            }
            side.query(&["s3api", "create-bucket", "--bucket", BUCKET]);
            side
        }))
    }

    /// Runs `args` under both CLIs; both printed the same with the same exit code.
    fn same(&self, args: &[&str], what: &str) -> Outcome {
        let [v2, ours] = &self.0;
        let (a, b) = (v2.run(args), ours.run(args));
        let m = masks();
        assert_eq!(
            (b.code, mask(&b.stdout, &m), mask(&b.stderr, &m)),
            (a.code, mask(&a.stdout, &m), mask(&a.stderr, &m)),
            "{what}"
        );
        b
    }

    /// Runs a setup query on both servers.
    fn setup(&self, args: &[&str]) {
        for side in &self.0 {
            side.query(args);
        }
    }

    /// The same text of `name` in both directories (server ports masked), which must exist.
    fn same_file(&self, name: &str) -> String {
        let [v2, ours] = &self.0;
        let text = |s: &Side| {
            String::from_utf8(
                s.place
                    .read(name)
                    .unwrap_or_else(|| panic!("{name} written")),
            )
            .expect("text")
        };
        let m = masks();
        let ours = mask(&text(ours), &m);
        assert_eq!(ours, mask(&text(v2), &m), "{name}");
        ours
    }

    /// The same answer to a query on both servers (ids and times masked); the answer.
    fn same_query(&self, args: &[&str], what: &str) -> String {
        let [v2, ours] = &self.0;
        let m = masks();
        let (a, b) = (mask(&v2.query(args), &m), mask(&ours.query(args), &m));
        assert_eq!(b, a, "{what}");
        b
    }

    /// The same objects in the bucket (key, size, ETag); their listing.
    fn same_objects(&self, what: &str) -> String {
        self.same_query(
            &[
                "s3api",
                "list-objects-v2",
                "--bucket",
                BUCKET,
                "--query",
                "Contents[].[Key,Size,ETag]",
                "--output",
                "text",
            ],
            what,
        )
    }

    /// The same stack description and template.
    fn same_stack(&self, stack: &str) -> String {
        let args = ["cloudformation", "describe-stacks", "--stack-name", stack];
        let described = self.same_query(&args, "describe-stacks");
        let args = ["cloudformation", "get-template", "--stack-name", stack];
        self.same_query(&args, "get-template");
        described
    }
}

const CHILD: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Job:
    Type: AWS::Glue::Job
    Properties:
      Command:
        Name: glueetl
        ScriptLocation: script.py
      Role: !Sub 'arn:aws:iam::${AWS::AccountId}:role/glue'
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      BodyS3Location: ../api/swagger.yaml
  Inc:
    Fn::Transform:
      Name: AWS::Include
      Parameters:
        Location: snippet.yaml
";

const PARENT: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Description: A template whose description is long enough to be folded at the eightieth column, as ruamel folds it
Parameters:
  Env:
    Type: String
    Default: 'yes'
Conditions:
  Prod: !Equals [!Ref Env, prod]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: src
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt Role.Arn
      Environment:
        Variables:
          NAME: !Join ['-', [!Ref 'AWS::StackName', !Select [0, !GetAZs '']]]
  Layer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: s3://elsewhere/layer.zip?versionId=7
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionS3Location: api/machine.json
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/child.yaml
  Remote:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example.com/t.yaml
Outputs:
  Arn:
    Value: !GetAtt [Fn, Arn]
    Condition: Prod
";

const PACKAGED: &[(&str, &str)] = &[
    ("template.yaml", PARENT),
    (
        "src/index.py",
        "def handler(event, context):\n    return 1\n",
    ),
    ("src/lib/util.py", "X = 1\n"),
    ("src/data.txt", "some data\n"),
    ("nested/child.yaml", CHILD),
    ("nested/script.py", "print('glue')\n"),
    ("nested/snippet.yaml", "Value: 1\n"),
    ("api/swagger.yaml", "swagger: '2.0'\n"),
    ("api/machine.json", "{\"StartAt\": \"A\"}\n"),
];

#[test]
fn package_uploads_zips_and_rewrites_the_same_templates() {
    let pair = Pair::new(PACKAGED);
    let out = pair.same(
        &[
            "cloudformation",
            "package",
            "--template-file",
            "template.yaml",
            "--s3-bucket",
            BUCKET,
        ],
        "package to stdout",
    );
    assert!(out.stdout.contains("S3Key: "), "{}", out.stdout);
    assert!(out.stderr.contains("Uploading to "), "{}", out.stderr);
    let objects = pair.same_objects("objects after the first package");
    assert_eq!(objects.lines().count(), 6, "{objects}");
    assert!(objects.contains(".template\t"), "{objects}");
    let again = pair.same(
        &[
            "cloudformation",
            "package",
            "--template-file",
            "template.yaml",
            "--s3-bucket",
            BUCKET,
        ],
        "package again: nothing uploaded",
    );
    assert_eq!(again.stderr, "");
    pair.same(
        &[
            "cloudformation",
            "package",
            "--template-file",
            "template.yaml",
            "--s3-bucket",
            BUCKET,
            "--s3-prefix",
            "p/q",
            "--force-upload",
            "--use-json",
            "--metadata",
            "team=core,tier=1",
            "--kms-key-id",
            "",
            "--output-template-file",
            "packaged.json",
        ],
        "package to a JSON file",
    );
    let json = pair.same_file("packaged.json");
    assert!(json.contains("\"S3Key\": \"p/q/"), "{json}");
    let objects = pair.same_objects("objects after the prefixed package");
    assert_eq!(objects.lines().count(), 12, "{objects}");
    let key = objects
        .lines()
        .find(|l| l.starts_with("p/q/"))
        .and_then(|l| l.split('\t').next())
        .expect("a prefixed object")
        .to_owned();
    let head = pair.same_query(
        &["s3api", "head-object", "--bucket", BUCKET, "--key", &key],
        "the metadata and encryption of an object",
    );
    assert!(head.contains("\"team\": \"core\""), "{head}");
    pair.same(
        &[
            "cloudformation",
            "package",
            "--template-file",
            "nested/child.yaml",
            "--s3-bucket",
            BUCKET,
            "--output-template-file",
            "child.packaged.yaml",
        ],
        "package a template of another folder to a YAML file",
    );
    pair.same_file("child.packaged.yaml");
}

#[test]
fn package_refuses_what_v2_refuses() {
    let bad_code =
        "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: missing\n";
    let bad_nested = "Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: nowhere.yaml\n";
    let bad_each = "Resources:\n  Fn::ForEach::X: [a, b]\n";
    let dated = "Resources: {}\nWhen: 2024-01-02\n";
    let pair = Pair::new(&[
        ("code.yaml", bad_code),
        ("nested.yaml", bad_nested),
        ("each.yaml", bad_each),
        ("dated.yaml", dated),
        ("src/a.txt", "a\n"),
        ("ok.yaml", "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src\n"),
    ]);
    let package = |template: &str, bucket: &str| {
        [
            "cloudformation",
            "package",
            "--template-file",
            template,
            "--s3-bucket",
            bucket,
        ]
        .map(str::to_owned)
    };
    for (template, bucket, extra, what) in [
        ("missing.yaml", BUCKET, None, "missing template"),
        ("code.yaml", BUCKET, None, "missing code folder"),
        ("nested.yaml", BUCKET, None, "missing nested template"),
        ("each.yaml", BUCKET, None, "bad Fn::ForEach"),
        ("dated.yaml", BUCKET, Some("--use-json"), "a date in JSON"),
        ("ok.yaml", "no-such-bucket", None, "missing bucket"),
        (
            "dated.yaml",
            BUCKET,
            Some("--output-template-file=out/packaged.yaml"),
            "an output file in a missing folder",
        ),
    ] {
        let mut args = package(template, bucket).to_vec();
        args.extend(extra.map(str::to_owned));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = pair.same(&args, what);
        assert_ne!(out.code, 0, "{what}");
    }
    pair.same(
        &["cloudformation", "package", "--s3-bucket", BUCKET],
        "no template",
    );
    let objects = pair.same_query(
        &["s3api", "list-objects-v2", "--bucket", BUCKET],
        "nothing uploaded",
    );
    assert!(!objects.contains("\"Key\""), "{objects}");
}

const STACK: &str = r#"{
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {
        "QueueName": {"Type": "String"},
        "Delay": {"Type": "Number", "Default": "5"}
    },
    "Resources": {
        "Queue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": {"Ref": "QueueName"},
                "DelaySeconds": {"Ref": "Delay"}
            }
        }
    }
}
"#;

const STACK_YAML: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  QueueName:
    Type: String
  Extra:
    Type: String
    Default: none
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref QueueName
      Tags:
        - Key: extra
          Value: !Sub '${Extra}-tag'
";

#[test]
fn deploy_creates_updates_and_reviews_the_same_stacks() {
    let pair = Pair::new(&[
        ("stack.json", STACK),
        ("stack.yaml", STACK_YAML),
        (
            "params.json",
            r#"[{"ParameterKey": "QueueName", "ParameterValue": "q-two"}]"#,
        ),
        (
            "pipeline.json",
            r#"{"Parameters": {"QueueName": "q-three"}}"#,
        ),
    ]);
    pair.setup(&["sns", "create-topic", "--name", "topic"]);
    let deploy = |extra: &[&str], what: &str| {
        let mut args = vec!["cloudformation", "deploy", "--stack-name", "app"];
        args.extend_from_slice(extra);
        pair.same(&args, what)
    };
    let create = [
        "--template-file",
        "stack.json",
        "--parameter-overrides",
        "QueueName=q-one",
        "Delay=3",
        "--tags",
        "team=core",
        "env=test",
        "--capabilities",
        "CAPABILITY_IAM",
        "--notification-arns",
        "arn:aws:sns:us-east-1:123456789012:topic",
        "--disable-rollback",
        "--no-disable-rollback",
    ];
    let out = deploy(&create, "create");
    assert!(
        out.stdout
            .ends_with("Successfully created/updated stack - app\n"),
        "{}",
        out.stdout
    );
    let described = pair.same_stack("app");
    assert!(described.contains("q-one"), "{described}");
    for (extra, what) in [
        (&[][..], "nothing changed"),
        (
            &["--fail-on-empty-changeset"][..],
            "nothing changed, failing",
        ),
        (
            &["--fail-on-empty-changeset", "--no-fail-on-empty-changeset"][..],
            "nothing changed, not failing",
        ),
    ] {
        let mut args = create.to_vec();
        args.extend_from_slice(extra);
        let out = deploy(&args, what);
        let said = format!("{}{}", out.stdout, out.stderr);
        assert!(
            said.contains("No changes to deploy. Stack app is up to date"),
            "{what}: {said}"
        );
    }
    deploy(
        &[
            "--template-file",
            "stack.yaml",
            "--parameter-overrides",
            "file://params.json",
        ],
        "update from a YAML template with CloudFormation's parameter file",
    );
    let described = pair.same_stack("app");
    assert!(described.contains("q-two"), "{described}");
    let out = deploy(
        &[
            "--template-file",
            "stack.yaml",
            "--parameter-overrides",
            "file://pipeline.json",
            "--no-execute-changeset",
        ],
        "a change set to review, from CodePipeline's parameter file",
    );
    let id = out
        .stdout
        .lines()
        .last()
        .and_then(|l| l.rsplit(' ').next())
        .expect("the change set id")
        .to_owned();
    assert!(id.contains(":changeSet/"), "{}", out.stdout);
    let [v2, ours] = &pair.0;
    let review = |side: &Side| {
        let id = side.query(&[
            "cloudformation",
            "list-change-sets",
            "--stack-name",
            "app",
            "--query",
            "Summaries[-1].ChangeSetId",
            "--output",
            "text",
        ]);
        side.query(&[
            "cloudformation",
            "describe-change-set",
            "--change-set-name",
            id.trim(),
            "--query",
            "[ChangeSetName,Status,Parameters,Description,Tags]",
        ])
    };
    let m = masks();
    assert_eq!(
        mask(&review(ours), &m),
        mask(&review(v2), &m),
        "the change set under review"
    );
    let described = pair.same_stack("app");
    assert!(described.contains("q-two"), "{described}");
    deploy(
        &[
            "--template-file",
            "stack.yaml",
            "--parameter-overrides",
            "[\"QueueName=q-four\"]",
            "--no-execute-changeset",
        ],
        "a change set from inline Key=Value JSON",
    );
}

#[test]
fn deploy_refuses_what_v2_refuses() {
    let big = format!(
        "AWSTemplateFormatVersion: '2010-09-09'\nDescription: '{}'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
        "x".repeat(52_000)
    );
    let pair = Pair::new(&[
        ("stack.json", STACK),
        ("big.yaml", &big),
        ("notjson.json", "QueueName=q"),
    ]);
    let cases: &[(&[&str], &str)] = &[
        (&["--template-file", "missing.yaml"], "missing template"),
        (
            &[
                "--template-file",
                "stack.json",
                "--parameter-overrides",
                "QueueName",
            ],
            "override without a value",
        ),
        (
            &[
                "--template-file",
                "stack.json",
                "--parameter-overrides",
                "{\"a\": 1}",
            ],
            "JSON overrides of no known form",
        ),
        (
            &[
                "--template-file",
                "stack.json",
                "--parameter-overrides",
                "5",
            ],
            "JSON overrides that are a number",
        ),
        (
            &[
                "--template-file",
                "stack.json",
                "--parameter-overrides",
                "[{\"ParameterKey\": \"QueueName\"}]",
            ],
            "CloudFormation's form without a value",
        ),
        (
            &[
                "--template-file",
                "stack.json",
                "--parameter-overrides",
                "file://notjson.json",
            ],
            "a parameter file that is not JSON",
        ),
        (
            &[
                "--template-file",
                "stack.json",
                "--parameter-overrides",
                "file://absent.json",
            ],
            "a parameter file that does not exist",
        ),
        (
            &[
                "--template-file",
                "stack.json",
                "--parameter-overrides",
                "QueueName=q",
                "--tags",
                "team",
            ],
            "tag without a value",
        ),
        (
            &["--template-file", "big.yaml"],
            "large template without a bucket",
        ),
        (
            &[
                "--template-file",
                "big.yaml",
                "--s3-bucket",
                BUCKET,
                "--s3-prefix",
                "tpl",
            ],
            "large template through the bucket",
        ),
        (&["--stack-name", "x"], "no template option"),
    ];
    for (extra, what) in cases {
        let mut args = vec!["cloudformation", "deploy", "--stack-name", "bad"];
        args.extend_from_slice(extra);
        let out = pair.same(&args, what);
        assert_ne!(out.code, 0, "{what}");
    }
    let objects = pair.same_objects("the large template uploaded");
    assert!(
        objects.starts_with("tpl/") && objects.contains(".template\t"),
        "{objects}"
    );
}
