//! Interoperability with the Python AWS CLI (`aws`, v1, installed on the test machine):
//! files written by our `configure set` read back identically by `aws configure get`, files
//! written by `aws configure set` read back identically by ours, and both writers produce
//! the same bytes for the same sequence of commands.

mod common;

use std::path::Path;

use aws2_config::configure::{configure_get, configure_set};
use aws2_config::{CommandLine, Env};
use common::*;

fn env_for(home: &Home) -> Env {
    home.env()
        .with("AWS_CONFIG_FILE", home.config_path().display().to_string())
        .with(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.credentials_path().display().to_string(),
        )
}

fn python(home: &Home, profile: Option<&str>, args: &[&str]) -> (String, i32) {
    let mut cmd = aws2_e2e::oracle::v2_command();
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.dir.path())
        .env("AWS_CONFIG_FILE", home.config_path())
        .env("AWS_SHARED_CREDENTIALS_FILE", home.credentials_path())
        .args(args);
    if let Some(p) = profile {
        cmd.args(["--profile", p]);
    }
    let out = cmd.output().expect("the Python aws CLI is installed");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn ours_get(home: &Home, profile: Option<&str>, name: &str) -> (String, i32) {
    let mut cli = CommandLine::new();
    if let Some(p) = profile {
        cli = cli.with_profile(p);
    }
    let out = configure_get(&home.session(env_for(home), cli), name).unwrap();
    (out.stdout, out.exit_code)
}

fn ours_set(home: &Home, profile: Option<&str>, name: &str, value: &str) {
    let mut cli = CommandLine::new();
    if let Some(p) = profile {
        cli = cli.with_profile(p);
    }
    configure_set(&home.session(env_for(home), cli), name, value).unwrap();
}

/// (profile option, varname, value, how to read it back: (profile option, varname))
type Step = (
    Option<&'static str>,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
);

fn matrix() -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let profiles: [(Option<&'static str>, &'static str); 2] =
        [(None, "default"), (Some("prod eu"), "prod eu")];
    for (opt, _name) in profiles {
        steps.push((opt, "region", "us-west-2", opt, "region"));
        steps.push((opt, "output", "text", opt, "output"));
        steps.push((opt, "aws_access_key_id", AKID, opt, "aws_access_key_id"));
        steps.push((
            opt,
            "aws_secret_access_key",
            SECRET,
            opt,
            "aws_secret_access_key",
        ));
        steps.push((
            opt,
            "s3.max_concurrent_requests",
            "20",
            opt,
            "s3.max_concurrent_requests",
        ));
        steps.push((
            opt,
            "s3.multipart_chunksize",
            "16MB",
            opt,
            "s3.multipart_chunksize",
        ));
        steps.push((
            opt,
            "s3.max_concurrent_requests",
            "40",
            opt,
            "s3.max_concurrent_requests",
        ));
        steps.push((opt, "region", "eu-central-1", opt, "region"));
    }
    steps.extend([
        (
            None,
            "default.s3.addressing_style",
            "path",
            None,
            "default.s3.addressing_style",
        ),
        (
            None,
            "profile.ci.region",
            "ap-northeast-1",
            Some("ci"),
            "region",
        ),
        (
            None,
            "profile.ci.s3.use_accelerate_endpoint",
            "true",
            None,
            "profile.ci.s3.use_accelerate_endpoint",
        ),
        (
            None,
            "profile.ci.aws_session_token",
            "TOKEN/abc+def==",
            Some("ci"),
            "aws_session_token",
        ),
        (None, "default.cli_pager", "", None, "cli_pager"),
        (
            Some("dev"),
            "cli_timestamp_format",
            "wire",
            None,
            "dev.cli_timestamp_format",
        ),
        (
            None,
            "profile.dev.s3.max_queue_size",
            "1000",
            Some("dev"),
            "s3.max_queue_size",
        ),
        (
            None,
            "default.sts_regional_endpoints",
            "legacy",
            None,
            "sts_regional_endpoints",
        ),
    ]);
    steps
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    std::fs::read(a).ok() == std::fs::read(b).ok()
}

#[test]
fn ours_written_python_reads_and_python_written_ours_reads() {
    let ours = Home::new();
    let theirs = Home::new();
    // Start both from the same hand-written files with comments.
    for h in [&ours, &theirs] {
        h.write_config("# keep this comment\n[default]\nregion = us-east-1\n\n[profile dev]\n; dev box\noutput = json\n");
        h.write_credentials("[default]\naws_access_key_id = AKIAOLD\n");
    }
    let steps = matrix();
    let mut checks = 0;
    for (set_profile, name, value, get_profile, get_name) in &steps {
        ours_set(&ours, *set_profile, name, value);
        let (code_set, _) = {
            let mut args = vec!["configure", "set", name, value];
            if let Some(p) = set_profile {
                args.extend(["--profile", p]);
            }
            let (o, c) = python(&theirs, None, &args);
            (c, o)
        };
        assert_eq!(code_set, 0, "python set {name}");
        let expected = format!("{value}\n");
        // Python reads what we wrote.
        let (py, code) = python(&ours, None, &{
            let mut a = vec!["configure", "get", get_name];
            if let Some(p) = get_profile {
                a.extend(["--profile", p]);
            }
            a
        });
        assert_eq!(
            (py.as_str(), code),
            (expected.as_str(), 0),
            "python reads ours: {name}"
        );
        // We read what Python wrote.
        let (rs, code) = ours_get(&theirs, *get_profile, get_name);
        assert_eq!(
            (rs.as_str(), code),
            (expected.as_str(), 0),
            "ours reads python: {name}"
        );
        checks += 2;
    }
    // Both writers produced the same files.
    assert!(
        same_bytes(&ours.config_path(), &theirs.config_path()),
        "config differs:\n--- ours\n{}\n--- python\n{}",
        ours.read_config(),
        theirs.read_config()
    );
    assert!(
        same_bytes(&ours.credentials_path(), &theirs.credentials_path()),
        "credentials differ:\n--- ours\n{}\n--- python\n{}",
        ours.read_credentials(),
        theirs.read_credentials()
    );
    checks += 2;
    // Every value reads back the same from both sides at the end, too.
    for (_, _, _, get_profile, get_name) in &steps {
        let a = ours_get(&ours, *get_profile, get_name);
        let b = ours_get(&theirs, *get_profile, get_name);
        assert_eq!(a, b, "final read of {get_name}");
        assert_eq!(a.1, 0);
        checks += 1;
    }
    assert!(ours.read_config().starts_with("# keep this comment\n"));
    report("python interop checks", checks, checks);
}
