//! Data Pipeline's definition format compared with the AWS CLI v2 against `moto_server`: a
//! definition put with `put-pipeline-definition --pipeline-definition file://…` by each CLI
//! is read back by `get-pipeline-definition` as the same definition, in every output format.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::{binary, oracle, MotoServer};

/// References, lists of references and of strings, an object without a name, parameters.
const DEFINITION: &str = r#"{
  "objects": [
    {"id": "Default", "scheduleType": "ondemand", "failureAndRerunMode": "CASCADE"},
    {"id": "Shell", "name": "Say", "type": "ShellCommandActivity", "command": "echo #{myMsg}",
     "runsOn": {"ref": "Ec2"}, "dependsOn": [{"ref": "A"}, {"ref": "B"}], "tags": ["x", "y"]}
  ],
  "parameters": [{"id": "myMsg", "type": "String", "allowedValues": ["hi", "ho"]}],
  "values": {"myMsg": "ho"}
}"#;

#[test]
fn definitions_put_and_read_back_as_v2_does() {
    let moto = MotoServer::start();
    let endpoint = moto.endpoint();
    let mut compared = 0;
    let mut outputs = Vec::new();
    for program in [oracle::v2_bin(), binary::aws_bin()] {
        let place = Isolated::new();
        place.write("def.json", DEFINITION.as_bytes());
        let run = |args: &[&str]| {
            let words: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
            place.run(&program, &words, &endpoint)
        };
        let unique = format!("u-{}", outputs.len());
        let created = run(&[
            "datapipeline",
            "create-pipeline",
            "--name",
            "n",
            "--unique-id",
            &unique,
            "--query",
            "pipelineId",
            "--output",
            "text",
        ]);
        assert_eq!(created.code, 0, "{created:?}");
        let id = created.stdout.trim().to_owned();
        let mut seen = vec![run(&[
            "datapipeline",
            "put-pipeline-definition",
            "--pipeline-id",
            &id,
            "--pipeline-definition",
            "file://def.json",
        ])];
        for format in ["json", "text", "table", "yaml"] {
            seen.push(run(&[
                "datapipeline",
                "get-pipeline-definition",
                "--pipeline-id",
                &id,
                "--output",
                format,
            ]));
        }
        seen.push(run(&[
            "datapipeline",
            "get-pipeline-definition",
            "--pipeline-id",
            &id,
            "--query",
            "objects[?id=='Shell'].dependsOn[].ref",
        ]));
        outputs.push(seen);
    }
    let [v2, ours] = [&outputs[0], &outputs[1]];
    for (a, b) in v2.iter().zip(ours.iter()) {
        assert_eq!(
            (b.code, &b.stdout, &b.stderr),
            (a.code, &a.stdout, &a.stderr)
        );
        compared += 1;
    }
    assert!(
        ours[1].stdout.contains("\"dependsOn\": [\n"),
        "{}",
        ours[1].stdout
    );
    eprintln!("datapipeline definitions: {compared}/{compared} outputs identical");
}

/// Answers `QueryObjects` with two pages of instance ids and `DescribeObjects` with runs (one
/// without a scheduled start, one with a long name, one with a reference field).
fn runs(request: &aws2_e2e::Recorded) -> aws2_e2e::Reply {
    let target = request.header("x-amz-target").unwrap_or("");
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let reply = if target.ends_with("QueryObjects") && !body.contains("\"marker\"") {
        r#"{"ids": ["@Run_2", "@Run_1"], "marker": "m1", "hasMoreResults": true}"#.to_owned()
    } else if target.ends_with("QueryObjects") {
        r#"{"ids": ["@Run_3"], "hasMoreResults": false}"#.to_owned()
    } else {
        let object = |id: &str, name: &str, start: Option<&str>, status: &str| {
            let mut fields = vec![
                serde_json::json!({"key": "@componentParent", "refValue": name}),
                serde_json::json!({"key": "@status", "stringValue": status}),
                serde_json::json!({"key": "@actualStartTime", "stringValue": "2026-11-30T10:00:05"}),
            ];
            if let Some(start) = start {
                fields
                    .push(serde_json::json!({"key": "@scheduledStartTime", "stringValue": start}));
            }
            serde_json::json!({"id": id, "name": id, "fields": fields})
        };
        serde_json::json!({"pipelineObjects": [
            object("@Run_2", "ShellActivity", Some("2026-11-30T10:00:00"), "FINISHED"),
            object("@Run_1", &"A".repeat(60), Some("2026-11-29T10:00:00"), "WAITING_FOR_RUNNER"),
            object("@Run_3", "Copy", Some("2026-11-29T10:00:00"), "FAILED"),
        ]})
        .to_string()
    };
    aws2_e2e::Reply::new(200, "application/x-amz-json-1.1", reply)
}

#[test]
fn list_runs_queries_describes_and_lists_as_v2_does() {
    let mut compared = 0;
    for extra in [
        &[
            "--start-interval",
            "2026-11-01T00:00:00,2026-12-01T00:00:00",
        ][..],
        &[
            "--schedule-interval",
            "2026-11-01T00:00:00, 2026-12-01T00:00:00",
            "--status",
            "finished,failed",
        ][..],
        &[
            "--start-interval",
            "2026-11-01T00:00:00,2026-12-01T00:00:00",
            "--output",
            "json",
        ][..],
        &[
            "--start-interval",
            "2026-11-01T00:00:00,2026-12-01T00:00:00",
            "--output",
            "text",
        ][..],
        &["--status", "bogus"][..],
        &["--start-interval", "2026-11-01T00:00:00"][..],
    ] {
        let mut args = vec!["datapipeline", "list-runs", "--pipeline-id", "df-1"];
        args.extend_from_slice(extra);
        let [v2, ours] = aws2_e2e::both_clis::both(None, &args, runs);
        assert_eq!(
            (
                ours.outcome.code,
                &ours.outcome.stdout,
                &ours.outcome.stderr
            ),
            (v2.outcome.code, &v2.outcome.stdout, &v2.outcome.stderr),
            "{extra:?}"
        );
        let bodies = |r: &[aws2_e2e::Recorded]| -> Vec<Vec<u8>> {
            r.iter().map(|q| q.body.clone()).collect()
        };
        assert_eq!(bodies(&ours.requests), bodies(&v2.requests), "{extra:?}");
        compared += 1;
    }
    let [_, ours] = aws2_e2e::both_clis::both(
        None,
        &["datapipeline", "list-runs", "--pipeline-id", "df-1"],
        runs,
    );
    let first = String::from_utf8_lossy(&ours.requests[0].body).into_owned();
    assert!(first.contains("\"BETWEEN\""), "{first}");
    assert!(
        ours.outcome.stdout.contains("   1.  AAAA"),
        "{}",
        ours.outcome.stdout
    );
    eprintln!("datapipeline list-runs: {compared}/{compared} runs identical");
}
