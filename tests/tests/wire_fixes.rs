//! The request customizations of botocore and the AWS CLI v2, each checked on what both CLIs
//! send to a capturing server and on what they make of the answer.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::{oracle, Outcome};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What one CLI did for a command.
struct Run {
    requests: Vec<Recorded>,
    outcome: Outcome,
    place: Isolated,
}

/// Runs `args` with the reference CLI and with ours, each against its own server answering
/// with `reply`; the reference first.
fn both(args: &[&str], reply: fn(&Recorded, usize) -> Reply) -> [Run; 2] {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    [oracle::v2_bin(), aws2_e2e::binary::aws_bin()].map(|program| {
        let count = AtomicUsize::new(0);
        let server =
            Recorder::with_responder(move |r| reply(r, count.fetch_add(1, Ordering::SeqCst)));
        let place = Isolated::new();
        let outcome = place.run(&program, &args, &server.endpoint());
        Run {
            requests: server.take(),
            outcome,
            place,
        }
    })
}

fn empty(request: &Recorded, _: usize) -> Reply {
    Reply::empty_success(request)
}

/// The only request of a run, checked to be there.
fn only(run: &Run) -> &Recorded {
    assert_eq!(
        run.requests.len(),
        1,
        "one request expected: {:?} {}",
        run.requests,
        run.outcome.stderr
    );
    &run.requests[0]
}

#[test]
fn s3_listings_ask_for_url_encoded_keys_and_decode_them() {
    fn listing(_: &Recorded, _: usize) -> Reply {
        Reply::new(
            200,
            "application/xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>\
             <Name>b</Name><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>\
             <Contents><Key>a%20b%2Bc</Key><Size>1</Size></Contents></ListBucketResult>",
        )
    }
    let runs = both(
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "b",
            "--query",
            "Contents[].Key",
        ],
        listing,
    );
    for run in &runs {
        assert!(
            only(run).query().contains("encoding-type=url"),
            "{:?}",
            run.requests
        );
        assert_eq!(run.outcome.code, 0, "{}", run.outcome.stderr);
        assert!(
            run.outcome.stdout.contains("\"a b+c\""),
            "{}",
            run.outcome.stdout
        );
    }
    assert_eq!(runs[0].outcome.stdout, runs[1].outcome.stdout);
    // A chosen encoding is sent as chosen, and the keys are left as they come.
    let chosen = both(
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "b",
            "--encoding-type",
            "url",
            "--no-paginate",
            "--query",
            "Contents[].Key",
        ],
        listing,
    );
    for run in &chosen {
        assert_eq!(only(run).query().matches("encoding-type").count(), 1);
        assert!(
            run.outcome.stdout.contains("\"a%20b%2Bc\""),
            "{}",
            run.outcome.stdout
        );
    }
}

#[test]
fn route53_ids_lose_their_prefix() {
    for run in both(
        &["route53", "get-change", "--id", "/change/C2682N5HXP0BZ4"],
        empty,
    ) {
        assert_eq!(only(&run).path(), "/2013-04-01/change/C2682N5HXP0BZ4");
    }
}

#[test]
fn api_gateway_asks_for_json() {
    for run in both(&["apigateway", "get-rest-apis"], empty) {
        assert_eq!(only(&run).header("accept"), Some("application/json"));
    }
}

#[test]
fn ec2_volume_and_snapshot_listings_page_by_1000() {
    for run in both(&["ec2", "describe-volumes"], empty) {
        let body = String::from_utf8_lossy(&only(&run).body).into_owned();
        assert!(body.contains("MaxResults=1000"), "{body}");
    }
    for run in both(
        &[
            "ec2",
            "describe-snapshots",
            "--filters",
            "Name=status,Values=completed",
        ],
        empty,
    ) {
        let body = String::from_utf8_lossy(&only(&run).body).into_owned();
        assert!(
            !body.contains("MaxResults"),
            "a filter turns the page size off: {body}"
        );
    }
}

#[test]
fn idempotency_tokens_are_generated_and_not_required() {
    let uuid = regex::Regex::new(
        r#""CreationToken": ?"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}""#,
    )
    .unwrap();
    for run in both(&["efs", "create-file-system"], empty) {
        assert_eq!(run.outcome.code, 0, "{}", run.outcome.stderr);
        let body = String::from_utf8_lossy(&only(&run).body).into_owned();
        assert!(uuid.is_match(&body), "{body}");
    }
}

#[test]
fn blob_payload_outputs_go_to_the_outfile() {
    fn payload(_: &Recorded, _: usize) -> Reply {
        let mut reply = Reply::new(200, "application/json", "{\"answer\": 42}");
        reply
            .headers
            .push(("X-Amz-Executed-Version".into(), "$LATEST".into()));
        reply
    }
    for run in both(
        &["lambda", "invoke", "--function-name", "f", "out.json"],
        payload,
    ) {
        assert_eq!(run.outcome.code, 0, "{}", run.outcome.stderr);
        assert_eq!(only(&run).path(), "/2015-03-31/functions/f/invocations");
        assert_eq!(
            run.place.read("out.json").as_deref(),
            Some(&b"{\"answer\": 42}"[..])
        );
        assert!(
            !run.outcome.stdout.contains("answer"),
            "{}",
            run.outcome.stdout
        );
    }
}

#[test]
fn get_object_asks_for_checksums_and_uploads_carry_crc64nvme() {
    for run in both(
        &[
            "s3api",
            "get-object",
            "--bucket",
            "b",
            "--key",
            "k",
            "out.bin",
        ],
        empty,
    ) {
        assert_eq!(only(&run).header("x-amz-checksum-mode"), Some("ENABLED"));
    }
    for run in both(
        &[
            "s3api",
            "put-bucket-tagging",
            "--bucket",
            "b",
            "--tagging",
            "TagSet=[{Key=a,Value=b}]",
        ],
        empty,
    ) {
        let request = only(&run);
        assert_eq!(
            request.header("x-amz-sdk-checksum-algorithm"),
            Some("CRC64NVME")
        );
        assert!(request.header("x-amz-checksum-crc64nvme").is_some());
        assert!(request.header("x-amz-checksum-crc32").is_none());
    }
}

#[test]
fn retried_attempts_carry_their_number_and_the_calls_invocation_id() {
    fn fail_once(request: &Recorded, n: usize) -> Reply {
        match n {
            0 => Reply::new(
                500,
                "application/x-amz-json-1.1",
                "{\"__type\": \"InternalFailure\"}",
            ),
            _ => Reply::empty_success(request),
        }
    }
    for run in both(&["dynamodb", "list-tables", "--no-paginate"], fail_once) {
        assert_eq!(run.outcome.code, 0, "{}", run.outcome.stderr);
        let [first, second] = &run.requests[..] else {
            panic!("two attempts expected: {:?}", run.requests);
        };
        assert_eq!(first.header("amz-sdk-request"), Some("attempt=1"));
        assert_eq!(second.header("amz-sdk-request"), Some("attempt=2; max=3"));
        assert!(first.header("amz-sdk-invocation-id").is_some());
        assert_eq!(
            first.header("amz-sdk-invocation-id"),
            second.header("amz-sdk-invocation-id")
        );
        assert_eq!(first.header("accept-encoding"), Some("identity"));
    }
}
