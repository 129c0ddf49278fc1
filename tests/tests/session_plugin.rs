//! `ssm start-session` and `ecs execute-command` compared with the AWS CLI v2: both run
//! against one recording server with a stand-in `session-manager-plugin` first on `PATH` (a
//! shell script that writes its arguments, one a line, and the response variable to a file,
//! answers `--version` and exits with a chosen code), and must send the same requests, run
//! the plugin with the same arguments and environment, and print and exit the same; without
//! the plugin, with one that fails, and with an old one that takes the response as an
//! argument.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::{binary, oracle, wire, Outcome};

/// The stand-in plugin.
const PLUGIN: &str = r#"#!/bin/sh
{
  echo "--- $#"
  for a in "$@"; do printf '%s\n' "$a"; done
  echo "AWS_SSM_START_SESSION_RESPONSE=${AWS_SSM_START_SESSION_RESPONSE-<unset>}"
} >> "$PLUGIN_LOG"
if [ "$1" = "--version" ]; then
  printf '%s\n' "${PLUGIN_VERSION:-1.2.650.0}"
  exit "${PLUGIN_VERSION_EXIT:-0}"
fi
exit "${PLUGIN_EXIT:-0}"
"#;

/// What one CLI did: its requests, its output and what the plugin was given.
#[derive(Debug)]
struct Run {
    requests: Vec<Recorded>,
    outcome: Outcome,
    plugin_log: String,
}

/// One command line and its surroundings.
struct Setup<'a> {
    args: &'a [&'a str],
    /// Whether the plugin is on `PATH`.
    plugin: bool,
    /// More environment variables (`PLUGIN_EXIT`, `AWS_PROFILE`).
    env: &'a [(&'a str, &'a str)],
}

impl<'a> Setup<'a> {
    fn new(args: &'a [&'a str]) -> Setup<'a> {
        Setup {
            args,
            plugin: true,
            env: &[],
        }
    }
}

/// The JSON protocol's reply to each operation the commands call.
fn reply(request: &Recorded) -> Reply {
    let target = request.header("x-amz-target").unwrap_or_default();
    let body = match target.rsplit('.').next().unwrap_or_default() {
        "StartSession" => {
            r#"{"StreamUrl": "wss://ssm.example/s-1", "SessionId": "s-1", "TokenValue": "tok\u00e9"}"#
        }
        "TerminateSession" => r#"{"SessionId": "s-1"}"#,
        "ExecuteCommand" if String::from_utf8_lossy(&request.body).contains("gone") => {
            r#"{"clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/c1",
                "containerName": "web", "taskArn": "arn:aws:ecs:us-east-1:123456789012:task/c1/gone",
                "session": {"sessionId": "s-3", "streamUrl": "wss://ssm.example/s-3", "tokenValue": "t"}}"#
        }
        "ExecuteCommand" => {
            r#"{"clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/c1",
                "containerArn": "arn:aws:ecs:us-east-1:123456789012:container/c1/t1/x",
                "containerName": "web", "interactive": true,
                "session": {"tokenValue": "tk", "streamUrl": "wss://ssm.example/s-2", "sessionId": "s-2"},
                "taskArn": "arn:aws:ecs:us-east-1:123456789012:task/c1/t1"}"#
        }
        "DescribeTasks" if String::from_utf8_lossy(&request.body).contains("gone") => {
            r#"{"tasks": [], "failures": []}"#
        }
        "DescribeTasks" => {
            r#"{"tasks": [{"containers": [{"name": "side", "runtimeId": "rt-1"},
                                          {"name": "web", "runtimeId": "rt-9"}]}]}"#
        }
        _ => "{}",
    };
    Reply::new(200, "application/x-amz-json-1.1", body)
}

/// Runs the setup with the reference CLI and then with ours, each in a directory of its own
/// holding the plugin, a profile `p1` and the plugin's log.
fn both(setup: &Setup<'_>) -> [Run; 2] {
    let args: Vec<String> = setup.args.iter().map(|a| (*a).to_owned()).collect();
    let server = Recorder::with_responder(reply);
    [oracle::v2_bin(), binary::aws_bin()].map(|program| {
        let place = Isolated::new();
        place.write(
            "credentials",
            b"[p1]\naws_access_key_id = p1key\naws_secret_access_key = p1secret\n",
        );
        place.write("config", b"[profile p1]\nregion = eu-west-1\n");
        let bin = place.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        if setup.plugin {
            let script = bin.join("session-manager-plugin");
            std::fs::write(&script, PLUGIN).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = format!("{}:/usr/bin:/bin", bin.display());
        let log = place.path().join("plugin.log");
        let log = log.to_string_lossy().into_owned();
        let mut env = vec![("PATH", path.as_str()), ("PLUGIN_LOG", log.as_str())];
        env.extend(setup.env.iter().copied());
        let outcome = place.run_with_env(&program, &args, &server.endpoint(), &env);
        let plugin_log = place
            .read("plugin.log")
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        Run {
            requests: server.take(),
            outcome,
            plugin_log,
        }
    })
}

/// Both runs sent the same requests, gave the plugin the same and printed the same, with
/// the same exit code; returns the reference's run.
fn same(setup: &Setup<'_>) -> Run {
    let [v2, ours] = both(setup);
    if let Err(problems) = wire::compare_all(&v2.requests, &ours.requests) {
        panic!("requests differ:\n{}", problems.join("\n"));
    }
    assert_eq!(v2.plugin_log, ours.plugin_log, "plugin arguments differ");
    assert_eq!(
        (v2.outcome.code, &v2.outcome.stdout, &v2.outcome.stderr),
        (
            ours.outcome.code,
            &ours.outcome.stdout,
            &ours.outcome.stderr
        ),
    );
    v2
}

/// The operations the run called, in order.
fn operations(run: &Run) -> Vec<String> {
    run.requests
        .iter()
        .map(|r| r.header("x-amz-target").unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn start_session_hands_the_response_over_in_the_environment() {
    let run = same(&Setup::new(&[
        "ssm",
        "start-session",
        "--target",
        "i-0123456789abcdef0",
        "--document-name",
        "AWS-StartPortForwardingSession",
        "--parameters",
        "portNumber=80,localPortNumber=8080",
        "--reason",
        "caf\u{e9}",
    ]));
    assert_eq!(run.outcome.code, 0);
    assert!(run.plugin_log.starts_with("--- 1\n--version\n"));
    assert!(run
        .plugin_log
        .contains("--- 6\nAWS_SSM_START_SESSION_RESPONSE\nus-east-1\nStartSession\n\n"));
    assert!(run.plugin_log.contains("\"TokenValue\": \"tok\\u00e9\""));
}

#[test]
fn start_session_passes_an_old_plugin_the_response_and_the_profile() {
    let run = same(&Setup {
        env: &[("PLUGIN_VERSION", " 1.2.497.0 ")],
        ..Setup::new(&["ssm", "start-session", "--target", "i-1", "--profile", "p1"])
    });
    assert_eq!(run.outcome.code, 0);
    assert!(run.plugin_log.contains("\nus-east-1\nStartSession\np1\n"));
    assert!(run.plugin_log.contains("\n{\"SessionId\": \"s-1\""));
}

#[test]
fn start_session_reports_a_failing_plugin() {
    let run = same(&Setup {
        env: &[("PLUGIN_EXIT", "3")],
        ..Setup::new(&["ssm", "start-session", "--target", "i-1"])
    });
    assert_eq!(run.outcome.code, 255);
    assert!(run
        .outcome
        .stderr
        .contains("returned non-zero exit status 3."));
    let run = same(&Setup {
        env: &[("PLUGIN_VERSION_EXIT", "2")],
        ..Setup::new(&["ssm", "start-session", "--target", "i-1"])
    });
    assert_eq!(run.outcome.code, 255);
    assert_eq!(operations(&run), ["AmazonSSM.StartSession"]);
}

#[test]
fn start_session_without_the_plugin_ends_the_session() {
    let run = same(&Setup {
        plugin: false,
        ..Setup::new(&["ssm", "start-session", "--target", "i-1"])
    });
    assert_eq!(run.outcome.code, 255);
    assert!(run
        .outcome
        .stderr
        .contains("SessionManagerPlugin is not found."));
    assert_eq!(
        operations(&run),
        ["AmazonSSM.StartSession", "AmazonSSM.TerminateSession"]
    );
}

const EXEC: &[&str] = &[
    "ecs",
    "execute-command",
    "--cluster",
    "c1",
    "--task",
    "t1",
    "--container",
    "web",
    "--command",
    "/bin/sh",
    "--interactive",
];

#[test]
fn execute_command_hands_the_container_over() {
    let run = same(&Setup::new(EXEC));
    assert_eq!(run.outcome.code, 0);
    assert!(run.plugin_log.starts_with("--- 0\n"));
    assert!(run.plugin_log.contains("{\"Target\": \"ecs:c1_t1_rt-9\"}"));
    let run = same(&Setup {
        env: &[("AWS_PROFILE", "p1")],
        ..Setup::new(EXEC)
    });
    assert!(run.plugin_log.contains("\nus-east-1\nStartSession\np1\n"));
}

#[test]
fn execute_command_checks_the_plugin_and_the_task() {
    let run = same(&Setup {
        plugin: false,
        ..Setup::new(EXEC)
    });
    assert_eq!(run.outcome.code, 255);
    assert!(run.requests.is_empty());
    let run = same(&Setup {
        env: &[("PLUGIN_EXIT", "4")],
        ..Setup::new(EXEC)
    });
    assert_eq!(run.outcome.code, 255);
    assert!(run.requests.is_empty());
    let gone = [&EXEC[..4], &["--task", "gone"], &EXEC[6..]].concat();
    let run = same(&Setup::new(&gone));
    assert_eq!(run.outcome.code, 255);
    assert!(run.outcome.stderr.contains("was not found"));
}

#[test]
fn execute_command_requires_interactive_as_v2() {
    let run = same(&Setup::new(&EXEC[..EXEC.len() - 1]));
    assert_eq!(run.outcome.code, 252);
    assert!(run.plugin_log.starts_with("--- 0\n"));
}
