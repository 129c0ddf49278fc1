//! Hostile inputs for the parsers the CLI runs on untrusted text and bytes: shorthand values,
//! `--query` expressions, config files, and service replies in XML, JSON, CBOR and event
//! streams. Each property runs a fixed number of cases from a fixed seed (no timing) and
//! asserts no panic and an error of the documented form; the last properties run the built
//! `aws` binary and check its exit codes (252 for a bad parameter or query, 255 for a bad
//! config file) and that nothing panics.

use aws2_core::protocol::{self, HttpResponse};
use aws2_core::{Operation, Service};
use aws2_e2e::binary::aws_bin;
use aws2_e2e::hostile::{check, mutated, mutated_text, one_line, text_of, CASES};
use aws2_e2e::isolated::Isolated;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Cases of the properties that start the binary once per case.
const BINARY_CASES: u32 = 96;

const SHORTHAND_ALPHABET: &str = "ab1=,[]{}\"' \\@:./-_\n\tx";
const QUERY_ALPHABET: &str = "ab1.[]{}()*?|&!<>=,:'\"`@$ -_\\";
const INI_ALPHABET: &str = "ab1[]=#; \t\n\r:-_.\\";

/// A shorthand syntax error ends with the input and a caret line under it, as v2 prints it;
/// every other error is one line.
fn shorthand_error_form(e: &aws2_params::ShorthandError) -> Result<(), TestCaseError> {
    let text = e.to_string();
    if e.index().is_some() {
        prop_assert!(text.contains("for input:\n"), "{text:?}");
        let caret = text
            .lines()
            .rev()
            .find(|l| l.trim() == "^")
            .ok_or_else(|| TestCaseError::fail(format!("no caret line: {text:?}")))?;
        prop_assert!(caret.trim_start().starts_with('^'));
        Ok(())
    } else {
        one_line(&text)
    }
}

#[test]
fn shorthand_values() {
    let valid = "Key=a,Values=[x,y],Nested={A=1,B=[{C=d}]},Quoted=\"a,b\",Single='c d'";
    check(
        "shorthand (mutated)",
        CASES,
        mutated_text(valid, SHORTHAND_ALPHABET),
        |input| match aws2_params::shorthand::parse(&input) {
            Ok(_) => Ok(()),
            Err(e) => shorthand_error_form(&e),
        },
    );
    check(
        "shorthand (random)",
        CASES,
        text_of(SHORTHAND_ALPHABET, 48),
        |input| match aws2_params::shorthand::parse(&input) {
            Ok(_) => Ok(()),
            Err(e) => shorthand_error_form(&e),
        },
    );
    // Deep nesting is refused, not a stack overflow.
    let deep = format!("a={}x{}", "[".repeat(5000), "]".repeat(5000));
    assert!(aws2_params::shorthand::parse(&deep).is_err());
}

/// A query error: a syntax error that points into the expression ends with a caret line;
/// every other error is one line.
fn query_error_form(e: &aws2_output::query::QueryError) -> Result<(), TestCaseError> {
    let text = e.to_string();
    let last = text.lines().last().unwrap_or_default();
    if e.kind == aws2_output::query::ErrorKind::Syntax && text.contains('\n') {
        prop_assert!(last.trim() == "^", "no caret line: {text:?}");
        Ok(())
    } else {
        one_line(&text)
    }
}

#[test]
fn query_expressions() {
    let document: serde_json::Value = serde_json::json!({
        "Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"},
            "Tags": [{"Key": "Name", "Value": "web"}], "Count": 3}]}],
        "Items": [1, 2.5, "x", null, true, [], {}]
    });
    let run = |expr: String| match aws2_output::query::Query::compile(&expr) {
        Ok(query) => match query.apply(&document) {
            Ok(_) => Ok(()),
            Err(e) => query_error_form(&e),
        },
        Err(e) => query_error_form(&e),
    };
    let valid = "Reservations[].Instances[?State.Name=='running'].{id: InstanceId, n: length(Tags)} | [0] || sort_by(Items[?@ != `null`], &to_string(@))";
    check(
        "jmespath (mutated)",
        CASES,
        mutated_text(valid, QUERY_ALPHABET),
        run,
    );
    check("jmespath (random)", CASES, text_of(QUERY_ALPHABET, 40), run);
    // Nesting stops where the reference's recursion limit stops it: 488 parentheses parse,
    // 489 do not, and far deeper input is refused the same way, not a stack overflow. (On a
    // thread with a main thread's stack, as the CLI parses it.)
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
            assert!(aws2_output::query::Query::compile(&nested(488)).is_ok());
            for n in [489, 5000] {
                let e = aws2_output::query::Query::compile(&nested(n)).unwrap_err();
                assert_eq!(e.to_string(), "maximum recursion depth exceeded");
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn config_files() {
    let valid = "[default]\nregion = us-east-1\ns3 =\n  max_concurrent_requests = 4\n[profile a]\nrole_arn=arn:aws:iam::1:role/r ; c\n# x\n";
    let run = |text: String| match aws2_config::ini::parse(&text) {
        Ok(_) => Ok(()),
        Err(e) => one_line(&e.to_string()),
    };
    check(
        "config file (mutated)",
        CASES,
        mutated_text(valid, INI_ALPHABET),
        run,
    );
    check(
        "config file (random)",
        CASES,
        text_of(INI_ALPHABET, 64),
        run,
    );
}

/// An operation whose replies are parsed.
struct Target {
    service: Service,
    operation: std::sync::Arc<Operation>,
}

/// The operation `operation` of the service `service`.
fn target(service: &str, operation: &str) -> Target {
    let service = Service::load(service).expect("service");
    let operation = service.operation(operation).expect("operation");
    Target { service, operation }
}

/// Parses `body` as a reply of the target with each status; any error must be one line.
fn parse_reply(
    target: &Target,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(), TestCaseError> {
    let (service, operation) = (&target.service, &target.operation);
    for status in [200, 400, 500] {
        let response = HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
        };
        match protocol::parse(service, operation, &response) {
            Ok(Ok(_)) => {}
            Ok(Err(service_error)) => one_line(&service_error.code)?,
            Err(e) => one_line(&e.to_string())?,
        }
    }
    Ok(())
}

#[test]
fn xml_replies() {
    let ec2_describeregions = target("ec2", "DescribeRegions");
    let s3_listobjectsv2 = target("s3", "ListObjectsV2");
    let sts_getcalleridentity = target("sts", "GetCallerIdentity");
    let identity = b"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/u</Arn><UserId>U</UserId><Account>1</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>".to_vec();
    check("xml: sts (query)", CASES, mutated(identity), |body| {
        parse_reply(&sts_getcalleridentity, &[], &body)
    });
    let listing = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult><Name>b</Name><KeyCount>1</KeyCount><Contents><Key>a%20b</Key><Size>3</Size><LastModified>2024-01-02T03:04:05.000Z</LastModified></Contents><EncodingType>url</EncodingType></ListBucketResult>".to_vec();
    check("xml: s3 (rest-xml)", CASES, mutated(listing), |body| {
        parse_reply(&s3_listobjectsv2, &[], &body)
    });
    let regions = b"<DescribeRegionsResponse><requestId>r</requestId><regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>e</regionEndpoint></item></regionInfo></DescribeRegionsResponse>".to_vec();
    check("xml: ec2", CASES, mutated(regions), |body| {
        parse_reply(&ec2_describeregions, &[], &body)
    });
    let error = b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow</Message></Error></ErrorResponse>".to_vec();
    check("xml: error replies", CASES, mutated(error), |body| {
        parse_reply(&sts_getcalleridentity, &[], &body)
    });
}

#[test]
fn json_replies() {
    let dynamodb_query = target("dynamodb", "Query");
    let lambda_listfunctions = target("lambda", "ListFunctions");
    let items = br#"{"Items":[{"k":{"S":"a"},"n":{"N":"1.5"},"b":{"B":"AAE="},"l":{"L":[{"BOOL":true},{"NULL":true}]},"m":{"M":{"x":{"SS":["a","b"]}}}}],"Count":1,"ScannedCount":1,"LastEvaluatedKey":{"k":{"S":"a"}}}"#.to_vec();
    check("json: dynamodb (json)", CASES, mutated(items), |body| {
        parse_reply(&dynamodb_query, &[], &body)
    });
    let functions = br#"{"Functions":[{"FunctionName":"f","Runtime":"python3.12","MemorySize":128,"LastModified":"2024-01-02T03:04:05.000+0000","Environment":{"Variables":{"A":"b"}}}],"NextMarker":"m"}"#.to_vec();
    check(
        "json: lambda (rest-json)",
        CASES,
        mutated(functions),
        |body| parse_reply(&lambda_listfunctions, &[], &body),
    );
    let error = br#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"no table"}"#.to_vec();
    check("json: error replies", CASES, mutated(error), |body| {
        parse_reply(&dynamodb_query, &[], &body)
    });
}

#[test]
fn cbor_replies() {
    let service_listtagsforresource =
        target("partnercentral-revenue-measurement", "ListTagsForResource");
    // {"tags": [{"key": "k", "value": "v"}]}
    let mut tags = vec![0xa1, 0x64];
    tags.extend_from_slice(b"tags");
    tags.extend_from_slice(&[0x81, 0xa2, 0x63]);
    tags.extend_from_slice(b"key");
    tags.extend_from_slice(&[0x61, b'k', 0x65]);
    tags.extend_from_slice(b"value");
    tags.extend_from_slice(&[0x61, b'v']);
    let headers = [("smithy-protocol", "rpc-v2-cbor")];
    check("cbor: rpc-v2-cbor", CASES, mutated(tags), |body| {
        parse_reply(&service_listtagsforresource, &headers, &body)
    });
    check(
        "cbor: random bytes",
        CASES,
        proptest::collection::vec(any::<u8>(), 0..64),
        |body| parse_reply(&service_listtagsforresource, &headers, &body),
    );
}

/// One event-stream message with string headers.
fn event_message(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let mut head = Vec::new();
    for (name, value) in headers {
        head.push(name.len() as u8);
        head.extend_from_slice(name.as_bytes());
        head.push(7);
        head.extend_from_slice(&(value.len() as u16).to_be_bytes());
        head.extend_from_slice(value.as_bytes());
    }
    let total = 12 + head.len() + payload.len() + 4;
    let mut message = Vec::with_capacity(total);
    message.extend_from_slice(&(total as u32).to_be_bytes());
    message.extend_from_slice(&(head.len() as u32).to_be_bytes());
    let prelude_crc = crc32fast::hash(&message);
    message.extend_from_slice(&prelude_crc.to_be_bytes());
    message.extend_from_slice(&head);
    message.extend_from_slice(payload);
    let crc = crc32fast::hash(&message);
    message.extend_from_slice(&crc.to_be_bytes());
    message
}

#[test]
fn event_stream_replies() {
    let lambda_invokewithresponsestream = target("lambda", "InvokeWithResponseStream");
    let s3_selectobjectcontent = target("s3", "SelectObjectContent");
    let mut select = event_message(
        &[
            (":message-type", "event"),
            (":event-type", "Records"),
            (":content-type", "application/octet-stream"),
        ],
        b"a,b\n",
    );
    select.extend(event_message(
        &[(":message-type", "event"), (":event-type", "End")],
        b"",
    ));
    check(
        "event stream: s3 select (rest-xml)",
        CASES,
        mutated(select),
        |body| parse_reply(&s3_selectobjectcontent, &[], &body),
    );
    let chunks = event_message(
        &[
            (":message-type", "event"),
            (":event-type", "PayloadChunk"),
            (":content-type", "application/octet-stream"),
        ],
        b"{\"ok\": true}",
    );
    let headers = [("Content-Type", "application/vnd.amazon.eventstream")];
    check(
        "event stream: lambda (rest-json)",
        CASES,
        mutated(chunks),
        |body| parse_reply(&lambda_invokewithresponsestream, &headers, &body),
    );
}

/// What a run of the binary must never show.
fn no_crash(outcome: &aws2_e2e::Outcome) -> Result<(), TestCaseError> {
    prop_assert!(
        !outcome.stderr.contains("panicked") && !outcome.stderr.contains("RUST_BACKTRACE"),
        "crash: {}",
        outcome.stderr
    );
    Ok(())
}

/// Nothing listens on this port: a request that gets through parsing fails to connect (255).
const CLOSED: &str = "http://127.0.0.1:9";

#[test]
fn binary_exit_codes() {
    let aws = aws_bin();
    let dir = Isolated::new();
    let run =
        |args: Vec<String>| dir.run_with_env(&aws, &args, CLOSED, &[("AWS_MAX_ATTEMPTS", "1")]);
    check(
        "aws: --tags shorthand",
        BINARY_CASES,
        mutated_text("Key=a,Value=b", SHORTHAND_ALPHABET),
        |value| {
            let args = vec![
                "sqs".into(),
                "tag-queue".into(),
                "--queue-url".into(),
                "q".into(),
                "--tags".into(),
                value,
            ];
            let outcome = run(args);
            no_crash(&outcome)?;
            prop_assert!(
                [252, 255].contains(&outcome.code),
                "exit {}: {}",
                outcome.code,
                outcome.stderr
            );
            if outcome.code == 252 {
                prop_assert!(
                    outcome.stderr.contains("Error parsing parameter '--tags'")
                        || outcome.stderr.contains("Parameter validation failed:")
                        || outcome
                            .stderr
                            .contains("argument --tags: expected one argument"),
                    "{}",
                    outcome.stderr
                );
            }
            Ok(())
        },
    );
    check(
        "aws: --query",
        BINARY_CASES,
        mutated_text("Account || Arn", QUERY_ALPHABET),
        |query| {
            let outcome = run(vec![
                "sts".into(),
                "get-caller-identity".into(),
                "--query".into(),
                query,
            ]);
            no_crash(&outcome)?;
            prop_assert!(
                [252, 255].contains(&outcome.code),
                "exit {}: {}",
                outcome.code,
                outcome.stderr
            );
            if outcome.code == 252 {
                prop_assert!(
                    outcome.stderr.contains("Bad value for --query")
                        || outcome
                            .stderr
                            .contains("argument --query: expected one argument"),
                    "{}",
                    outcome.stderr
                );
            }
            Ok(())
        },
    );
    check(
        "aws: config file",
        BINARY_CASES,
        mutated_text("[default]\nregion = us-east-1\n", INI_ALPHABET),
        |config| {
            dir.write("config", config.as_bytes());
            let outcome = run(vec!["configure".into(), "get".into(), "region".into()]);
            no_crash(&outcome)?;
            prop_assert!(
                [0, 1, 255].contains(&outcome.code),
                "exit {}: {}",
                outcome.code,
                outcome.stderr
            );
            if outcome.code == 255 {
                prop_assert!(
                    outcome.stderr.contains("Unable to parse config file"),
                    "{}",
                    outcome.stderr
                );
            }
            Ok(())
        },
    );
}
