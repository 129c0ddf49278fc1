//! The commands the CLI adds that hand out credentials for other clients: `ecr` and
//! `ecr-public get-login-password` and the pre-signed auth tokens of `rds` and `dsql`,
//! compared with the AWS CLI v2 on what they send and print.

use aws2_e2e::both_clis::Run;
use aws2_e2e::recorder::{Recorded, Reply};
use aws2_e2e::{sigcheck, wire, Case, CliEnv, MotoServer, Suite};
use base64::Engine;

/// Runs `args` with the reference CLI and then with ours, each in a fresh directory.
fn both(args: &[&str], reply: fn(&Recorded) -> Reply) -> [Run; 2] {
    aws2_e2e::both_clis::both(None, args, reply)
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

/// Masks the moments of a signature (date, scope day and signature) in a token.
fn mask_moment(text: &str) -> String {
    let re = regex::Regex::new(r"X-Amz-Date=\d{8}T\d{6}Z|X-Amz-Signature=[0-9a-f]{64}|%2F\d{8}%2F")
        .unwrap();
    re.replace_all(text, "<moment>").into_owned()
}

/// The environment of the auth-token commands: a profile `tok` with temporary credentials
/// and a profile `nocreds` with none.
fn token_env() -> CliEnv {
    let env = CliEnv::new("http://127.0.0.1:9");
    env.write_file(
        "config",
        "[profile tok]\nregion = eu-central-1\n[profile nocreds]\nregion = us-east-1\n",
    );
    env.write_file(
        "credentials",
        "[tok]\naws_access_key_id = AKIDTOK\naws_secret_access_key = tok-secret\n\
         aws_session_token = session/token+=\n",
    );
    env
}

/// The secret of the access key a token names.
fn secret_of(token: &str) -> &'static str {
    match token.contains("AKIDTOK") {
        true => "tok-secret",
        false => "testing",
    }
}

/// Runs each command line with both CLIs (no endpoint URL): the same exit code, stderr and
/// stdout with the signing moment masked, and, for tokens, a valid signature from each.
/// Returns how many commands were compared.
fn compare_tokens(env: &CliEnv, cases: &[(&[&str], i32)]) -> usize {
    let mut failures = Vec::new();
    for (args, code) in cases {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let v2 = env.run_raw(aws2_e2e::Cli::Oracle, &args, false);
        let ours = env.run_raw(aws2_e2e::Cli::Aws2, &args, false);
        let line = args.join(" ");
        if (v2.code, ours.code) != (*code, *code) {
            failures.push(format!(
                "{line}: exit codes v2 {} ours {} (expected {code})\n{}\n{}",
                v2.code, ours.code, v2.stderr, ours.stderr
            ));
            continue;
        }
        if mask_moment(&v2.stdout) != mask_moment(&ours.stdout) || v2.stderr != ours.stderr {
            failures.push(format!(
                "{line}:\nv2   {:?} {:?}\nours {:?} {:?}",
                v2.stdout, v2.stderr, ours.stdout, ours.stderr
            ));
            continue;
        }
        if *code == 0 && v2.stdout.contains("X-Amz-Signature") {
            for (who, out) in [("v2", &v2.stdout), ("ours", &ours.stdout)] {
                if let Err(e) = sigcheck::verify(out.trim_end(), secret_of(out), &[]) {
                    failures.push(format!("{line}: {who}: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    cases.len()
}

#[test]
fn rds_generate_db_auth_token_presigns_the_database_url() {
    let env = token_env();
    let rds = |rest: &[&'static str]| {
        let mut args = vec!["rds", "generate-db-auth-token"];
        args.extend_from_slice(rest);
        args
    };
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (
            rds(&[
                "--hostname",
                "db.example.com",
                "--port",
                "5432",
                "--username",
                "admin",
            ]),
            0,
        ),
        (
            rds(&[
                "--hostname",
                "db.example.com",
                "--port",
                "3306",
                "--username",
                "a b/c+d@e",
                "--region",
                "eu-west-1",
            ]),
            0,
        ),
        (
            rds(&[
                "--hostname",
                "db.example.com",
                "--port",
                "443",
                "--username",
                "u",
            ]),
            0,
        ),
        (
            rds(&[
                "--hostname",
                "DB.Example.COM",
                "--port",
                "5432",
                "--username",
                "u",
            ]),
            0,
        ),
        (
            rds(&[
                "--hostname",
                "db.example.com/x",
                "--port",
                " 07 ",
                "--username",
                "u",
            ]),
            0,
        ),
        (
            rds(&[
                "--hostname",
                "h",
                "--port",
                "1",
                "--username",
                "u",
                "--profile",
                "tok",
            ]),
            0,
        ),
        (
            rds(&[
                "--hostname",
                "h",
                "--port",
                "1",
                "--username",
                "u",
                "--no-sign-request",
            ]),
            0,
        ),
        (rds(&["--hostname", "h", "--username", "u"]), 252),
        (
            rds(&[
                "--hostname",
                "h",
                "--port",
                "1",
                "--username",
                "u",
                "--bogus",
            ]),
            252,
        ),
        (
            rds(&["--hostname", "h", "--port", "x", "--username", "u"]),
            255,
        ),
        (
            rds(&["--hostname", "h", "--port", "99999999", "--username", "u"]),
            255,
        ),
        (
            rds(&["--hostname", "h", "--port", "-1", "--username", "u"]),
            255,
        ),
        (
            rds(&[
                "--hostname",
                "h",
                "--port",
                "1",
                "--username",
                "u",
                "--region",
                "",
            ]),
            255,
        ),
        (
            rds(&[
                "--hostname",
                "h",
                "--port",
                "1",
                "--username",
                "u",
                "--region",
                "a b",
            ]),
            255,
        ),
        (
            rds(&[
                "--hostname",
                "h",
                "--port",
                "1",
                "--username",
                "u",
                "--profile",
                "nocreds",
            ]),
            253,
        ),
    ];
    let cases: Vec<(&[&str], i32)> = cases.iter().map(|(a, c)| (&a[..], *c)).collect();
    let compared = compare_tokens(&env, &cases);
    eprintln!(
        "differential: {compared}/{compared} commands identical (rds generate-db-auth-token)"
    );
}

#[test]
fn dsql_tokens_presign_the_cluster_endpoint() {
    let env = token_env();
    let connect = "generate-db-connect-auth-token";
    let admin = "generate-db-connect-admin-auth-token";
    let host = "abc.dsql.us-east-1.on.aws";
    let cases: &[(&[&str], i32)] = &[
        (&["dsql", connect, "--hostname", host], 0),
        (
            &["dsql", admin, "--hostname", host, "--expires-in", "3600"],
            0,
        ),
        (&["dsql", admin, "--hostname", host, "--profile", "tok"], 0),
        (
            &[
                "dsql",
                connect,
                "--hostname",
                "http://test.example.com/p?q=1",
            ],
            0,
        ),
        (
            &[
                "dsql",
                connect,
                "--hostname",
                "h",
                "--expires-in",
                "-5",
                "--region",
                "eu-west-1",
            ],
            0,
        ),
        (&["dsql", admin, "--hostname", "h", "--no-sign-request"], 0),
        (&["dsql", connect], 252),
        (
            &["dsql", connect, "--hostname", "h", "--expires-in", "1.5"],
            255,
        ),
        (&["dsql", admin, "--hostname", "h", "--region", ""], 255),
        (
            &["dsql", connect, "--hostname", "h", "--profile", "nocreds"],
            253,
        ),
    ];
    let compared = compare_tokens(&env, cases);
    eprintln!("differential: {compared}/{compared} commands identical (dsql auth tokens)");
}
