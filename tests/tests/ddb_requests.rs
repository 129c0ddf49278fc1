//! `aws ddb put` and `aws ddb select` against a recording server under both CLIs: the same
//! requests (`BatchWriteItem` in chunks of 25 and again for unprocessed items, `PutItem` with
//! a condition, `Query` or `Scan` with the `#nN`/`:nN` substitutions, the paging tokens) and
//! the same output.

use aws2_e2e::both_clis::{both, Run};
use aws2_e2e::recorder::{Recorded, Reply};
use aws2_e2e::wire;

/// A DynamoDB reply: two pages for a `Scan` or `Query` (the first with a
/// `LastEvaluatedKey`), `{}` for anything else.
fn reply(request: &Recorded) -> Reply {
    let target = request.header("x-amz-target").unwrap_or_default();
    if !target.ends_with(".Scan") && !target.ends_with(".Query") {
        return Reply::new(200, "application/x-amz-json-1.0", "{}");
    }
    let body = String::from_utf8_lossy(&request.body);
    let page = if body.contains("ExclusiveStartKey") {
        r#"{"Items": [{"pk": {"S": "c"}, "n": {"N": "3"}}], "Count": 1, "ScannedCount": 1}"#
    } else {
        r#"{"Items": [{"pk": {"S": "a"}, "n": {"N": "1"}}, {"pk": {"S": "b"}, "bin": {"B": "aGk="}}],
            "Count": 2, "ScannedCount": 2, "LastEvaluatedKey": {"pk": {"S": "b"}}}"#
    };
    Reply::new(200, "application/x-amz-json-1.0", page)
}

/// Both runs sent the same requests and printed the same, with the same exit code.
fn same_requests(args: &[&str]) -> [Run; 2] {
    let runs = both(None, args, reply);
    let [v2, ours] = &runs;
    if let Err(problems) = wire::compare_all(&v2.requests, &ours.requests) {
        panic!(
            "aws {}: requests differ:\n{}",
            args.join(" "),
            problems.join("\n")
        );
    }
    assert_eq!(
        (v2.outcome.code, &v2.outcome.stdout, &v2.outcome.stderr),
        (
            ours.outcome.code,
            &ours.outcome.stdout,
            &ours.outcome.stderr
        ),
        "aws {}",
        args.join(" ")
    );
    runs
}

/// `BatchWriteItem` leaves the item `k1` of the batch holding `k25` unprocessed.
fn unprocessed(request: &Recorded) -> Reply {
    let body = String::from_utf8_lossy(&request.body);
    let reply = if body.contains("\"k25\"") {
        r#"{"UnprocessedItems": {"t": [{"PutRequest": {"Item": {"pk": {"S": "k1"}}}}]}}"#
    } else {
        "{}"
    };
    Reply::new(200, "application/x-amz-json-1.0", reply)
}

#[test]
fn unprocessed_items_are_sent_again() {
    let items: Vec<String> = (1..=30).map(|i| format!("{{pk: k{i}}}")).collect();
    let list = format!("[{}]", items.join(", "));
    let runs = both(None, &["ddb", "put", "t", &list], unprocessed);
    let [v2, ours] = &runs;
    if let Err(problems) = wire::compare_all(&v2.requests, &ours.requests) {
        panic!("requests differ:\n{}", problems.join("\n"));
    }
    assert_eq!(ours.requests.len(), 2);
    let last = String::from_utf8_lossy(&ours.requests[1].body).into_owned();
    assert_eq!(last.matches("PutRequest").count(), 6, "{last}");
    assert_eq!((v2.outcome.code, ours.outcome.code), (0, 0));
}

#[test]
fn requests_match_v2() {
    let items: Vec<String> = (1..=30)
        .map(|i| format!("{{pk: k{i}, n: {i}, b: !!binary aGk=}}"))
        .collect();
    let list = format!("[{}]", items.join(", "));
    let [_, ours] = same_requests(&["ddb", "put", "t", &list]);
    assert_eq!(ours.requests.len(), 2, "30 items are two batches");
    let [_, ours] = same_requests(&[
        "ddb",
        "put",
        "t",
        "{pk: a, n: 1.50, m: {l: [null, true]}}",
        "--condition",
        "attribute_not_exists(pk) OR n < 2",
    ]);
    assert_eq!(ours.requests.len(), 1);
    let [_, ours] = same_requests(&["ddb", "select", "t"]);
    assert_eq!(ours.requests.len(), 2, "two pages");
    same_requests(&["ddb", "select", "t", "--max-items", "1"]);
    same_requests(&["ddb", "select", "t", "--page-size", "5", "--max-items", "2"]);
    same_requests(&["ddb", "select", "t", "--no-paginate"]);
    same_requests(&[
        "ddb",
        "select",
        "t",
        "--key-condition",
        "pk = \"a\" AND n BETWEEN 1 AND 9",
        "--projection",
        "pk, n",
        "--filter",
        "attribute_exists(bin) OR n IN (1, 2)",
    ]);
    same_requests(&[
        "ddb",
        "select",
        "t",
        "--index-name",
        "i",
        "--return-consumed-capacity",
        "--attributes",
        "ALL_PROJECTED",
        "--no-consistent-read",
    ]);
}
