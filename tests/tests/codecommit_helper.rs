//! `codecommit credential-helper` compared with the AWS CLI v2: for the same lines from git,
//! both print the same user name and a password whose signature is checked here by signing
//! git's request again at the password's own time (so the two passwords may differ only by
//! the second they were made at); hosts outside Amazon get nothing, and malformed input,
//! missing credentials and bad command lines fail with v2's message and exit code.

use aws2_e2e::{Cli, CliEnv};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::process::Stdio;

/// What one CLI did: exit code, stdout, stderr.
type Run = (Option<i32>, String, String);

/// Environment variables to set (an empty value: to remove).
type Vars<'a> = &'a [(&'a str, &'a str)];

/// git's lines, extra options, variables, then the region, path and host signed.
type SignCase<'a> = (&'a str, &'a [&'a str], Vars<'a>, &'a str, &'a str, &'a str);

/// The words after `credential-helper`, git's lines, variables and v2's exit code.
type FailCase<'a> = (&'a [&'a str], &'a str, Vars<'a>, i32);

fn run(env: &CliEnv, cli: Cli, args: &[&str], input: &str, vars: &[(&str, &str)]) -> Run {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let mut command = env.command(cli, &args, false);
    for (key, value) in vars {
        if value.is_empty() {
            command.env_remove(key);
        } else {
            command.env(key, value);
        }
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writes git's lines");
    let out = child.wait_with_output().expect("ends");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The password SigV4 gives git's `GIT` request of `path` on `host` at `timestamp`.
fn expected_password(timestamp: &str, region: &str, path: &str, host: &str) -> String {
    let canonical = format!("GIT\n{path}\n\nhost:{host}\n\nhost\n");
    let scope = format!("{}/{region}/codecommit/aws4_request", &timestamp[..8]);
    let hashed: String = Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let to_sign = format!("AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{hashed}");
    let mut key = hmac(b"AWS4testing", &timestamp[..8]);
    for part in [region, "codecommit", "aws4_request"] {
        key = hmac(&key, part);
    }
    let signature: String = hmac(&key, &to_sign)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{timestamp}Z{signature}")
}

#[test]
fn passwords_sign_gits_request_as_v2_signs_it() {
    let env = CliEnv::new("http://127.0.0.1:9");
    let cases: &[SignCase] = &[
        (
            "protocol=https\nhost=git-codecommit.eu-west-1.amazonaws.com\npath=v1/repos/app\n\n",
            &[],
            &[],
            "eu-west-1",
            "/v1/repos/app",
            "git-codecommit.eu-west-1.amazonaws.com",
        ),
        (
            "host=git-codecommit-fips.us-east-2.amazonaws.com\nprotocol=https\npath=v1/repos/a?x=1\n",
            &[],
            &[("AWS_SESSION_TOKEN", "session-token")],
            "us-east-2",
            "/v1/repos/a",
            "git-codecommit-fips.us-east-2.amazonaws.com",
        ),
        (
            "protocol=https\nhost=git.example.com:8443\npath=repos/r\n",
            &["--ignore-host-check"],
            &[],
            "us-east-1",
            "/repos/r",
            "git.example.com",
        ),
        (
            "protocol=https\nhost=codecommit.example.amazon.com\npath=r\n",
            &["--region", "ap-south-1"],
            &[],
            "ap-south-1",
            "/r",
            "codecommit.example.amazon.com",
        ),
    ];
    for (input, extra, vars, region, path, host) in cases {
        let args = [&["codecommit", "credential-helper", "get"][..], extra].concat();
        let [theirs, ours] = [Cli::Oracle, Cli::Aws2].map(|cli| run(&env, cli, &args, input, vars));
        for (label, (code, stdout, stderr)) in [("v2", &theirs), ("aws2", &ours)] {
            assert_eq!((*code, stderr.as_str()), (Some(0), ""), "{label} {args:?}");
            let lines: Vec<&str> = stdout.lines().collect();
            let user = match vars.first() {
                Some((_, token)) => format!("username=testing%{token}"),
                None => "username=testing".to_owned(),
            };
            assert_eq!(lines.first(), Some(&user.as_str()), "{label}: {stdout}");
            let password = lines[1].strip_prefix("password=").expect("a password line");
            let timestamp = &password[..15];
            assert_eq!(
                password,
                expected_password(timestamp, region, path, host),
                "{label} {args:?}"
            );
        }
    }
}

#[test]
fn other_hosts_bad_input_and_bad_command_lines_fail_as_in_v2() {
    let env = CliEnv::new("http://127.0.0.1:9");
    let no_credentials: Vars = &[("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")];
    let cases: &[FailCase] = &[
        (
            &["get"],
            "protocol=https\nhost=github.com\npath=r\n",
            &[],
            0,
        ),
        (&["get"], "protocol=https\nno equals sign\n", &[], 255),
        (&["get"], "protocol=https\npath=r\n", &[], 255),
        (
            &["get"],
            "host=git-codecommit.us-east-1.amazonaws.com\npath=r\n",
            &[],
            255,
        ),
        (
            &["get"],
            "protocol=https\nhost=git-codecommit.us-east-1.amazonaws.com\npath=r\n",
            no_credentials,
            255,
        ),
        (&["get", "--bogus"], "", &[], 252),
        (&["store"], "protocol=https\nhost=x\n", &[], 0),
        (&["erase"], "", &[], 0),
        (&[], "", &[], 252),
        (&["bogus"], "", &[], 252),
        (&["--bogus"], "", &[], 252),
        (&["--bogus", "get"], "", &[], 252),
    ];
    for (words, input, vars, code) in cases {
        let args = [&["codecommit", "credential-helper"][..], words].concat();
        let [theirs, ours] = [Cli::Oracle, Cli::Aws2].map(|cli| run(&env, cli, &args, input, vars));
        assert_eq!(theirs.0, Some(*code), "v2 {args:?}: {}", theirs.2);
        assert_eq!(ours, theirs, "{args:?}");
    }
}
