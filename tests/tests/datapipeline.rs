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
