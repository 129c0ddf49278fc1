//! The commands the CLI adds that hand out credentials for other clients: `ecr` and
//! `ecr-public get-login-password`, compared with the AWS CLI v2 on what they send and print.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::{oracle, wire, Case, CliEnv, MotoServer, Outcome, Suite};
use base64::Engine;

/// What one CLI did for a command against its own recording server.
struct Run {
    requests: Vec<Recorded>,
    outcome: Outcome,
}

/// Runs `args` with the reference CLI and then with ours against one server answering with
/// `reply`.
fn both(args: &[&str], reply: fn(&Recorded) -> Reply) -> [Run; 2] {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let server = Recorder::with_responder(reply);
    [oracle::v2_bin(), aws2_e2e::binary::aws_bin()].map(|program| {
        let outcome = Isolated::new().run(&program, &args, &server.endpoint());
        Run {
            requests: server.take(),
            outcome,
        }
    })
}

/// Both runs sent the same requests and printed the same, with the same exit code.
fn same(runs: &[Run; 2]) {
    let [v2, ours] = runs;
    if let Err(problems) = wire::compare_all(&v2.requests, &ours.requests) {
        panic!("requests differ:\n{}", problems.join("\n"));
    }
    assert_eq!(
        (v2.outcome.code, &v2.outcome.stdout),
        (ours.outcome.code, &ours.outcome.stdout),
        "v2 stderr: {}\nour stderr: {}",
        v2.outcome.stderr,
        ours.outcome.stderr
    );
    assert_eq!(v2.outcome.stderr, ours.outcome.stderr);
}

fn encode(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn ecr_get_login_password_prints_the_token_password() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    suite.compare(&[
        Case::new(&["ecr", "get-login-password"]).formats(&[]),
        Case::new(&["ecr", "get-login-password"]).formats(&["text", "table"]),
        Case::new(&["ecr", "get-login-password", "--region", "eu-west-1"]).formats(&[]),
        Case::new(&["ecr", "get-login-password", "--bogus"]).error(252),
        Case::new(&["ecr", "get-login-password", "extra"]).error(252),
    ]);
    assert_eq!(suite.finish("ecr get-login-password"), 6);
}

#[test]
fn ecr_public_get_login_password_reads_its_single_token() {
    fn token(request: &Recorded) -> Reply {
        let body = serde_json::json!({"authorizationData": {
            "authorizationToken": encode("AWS:public-pass"), "expiresAt": 1.7e9}});
        let _ = request;
        Reply::new(200, "application/x-amz-json-1.1", body.to_string())
    }
    let runs = both(&["ecr-public", "get-login-password"], token);
    same(&runs);
    assert_eq!(runs[1].outcome.stdout, "public-pass\n");
    assert_eq!(runs[1].requests.len(), 1);
    assert_eq!(
        runs[1].requests[0].header("x-amz-target"),
        Some("SpencerFrontendService.GetAuthorizationToken")
    );
}

#[test]
fn login_password_failures_exit_as_v2_does() {
    fn nothing(_: &Recorded) -> Reply {
        Reply::new(200, "application/x-amz-json-1.1", "{}")
    }
    fn empty_list(_: &Recorded) -> Reply {
        Reply::new(
            200,
            "application/x-amz-json-1.1",
            r#"{"authorizationData": []}"#,
        )
    }
    fn no_colon(_: &Recorded) -> Reply {
        let body = serde_json::json!({"authorizationData": [
            {"authorizationToken": encode("just-a-password")}]});
        Reply::new(200, "application/x-amz-json-1.1", body.to_string())
    }
    fn denied(request: &Recorded) -> Reply {
        Reply::error(request, "AccessDeniedException", "not allowed")
    }
    for (args, reply, code) in [
        (
            &["ecr", "get-login-password"][..],
            nothing as fn(&Recorded) -> Reply,
            255,
        ),
        (&["ecr", "get-login-password"][..], empty_list, 255),
        (&["ecr", "get-login-password"][..], no_colon, 255),
        (&["ecr", "get-login-password"][..], denied, 254),
        (&["ecr-public", "get-login-password"][..], nothing, 255),
        (&["ecr-public", "get-login-password"][..], denied, 254),
    ] {
        let runs = both(args, reply);
        same(&runs);
        assert_eq!(
            runs[1].outcome.code, code,
            "{args:?}: {}",
            runs[1].outcome.stderr
        );
    }
}
