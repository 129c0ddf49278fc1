//! `aws history list|show` and the recording of commands under `cli_history = enabled`, both
//! ways: commands the AWS CLI v2 recorded read by both CLIs, commands aws2 recorded read by
//! both CLIs (the same bytes on stdout, the same exit codes), what each records for the same
//! command, the errors, and a database that cannot be written.

use aws2_e2e::{Cli, CliEnv, MotoServer, Outcome};
use std::process::Stdio;

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

/// An environment whose default profile records history.
fn recording_env(moto: &MotoServer) -> CliEnv {
    let env = CliEnv::new(&moto.endpoint());
    env.write_file("config", "[default]\ncli_history = enabled\n");
    env
}

/// Runs `args` (no endpoint) with more variables set.
fn run_with(env: &CliEnv, cli: Cli, args: &[&str], vars: &[(&str, &str)]) -> Outcome {
    let out = env
        .command(cli, &words(args), false)
        .envs(vars.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run cli");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs a few commands (two that succeed, a service error, a usage error) with `cli`.
fn record_commands(env: &CliEnv, cli: Cli) -> Vec<i32> {
    let commands: &[&[&str]] = &[
        &["sqs", "create-queue", "--queue-name", "hist-q"],
        &["sqs", "list-queues"],
        &["iam", "get-user", "--user-name", "nobody"],
        &["s3api", "list-buckets"],
    ];
    let mut codes: Vec<i32> = commands
        .iter()
        .map(|args| env.run(cli, &words(args)).code)
        .collect();
    codes.push(
        env.run_raw(cli, &words(&["ec2", "describe-nothing"]), false)
            .code,
    );
    codes
}

/// The ids `history list` prints, newest first.
fn ids(env: &CliEnv) -> Vec<String> {
    let out = run_with(env, Cli::Oracle, &["history", "list"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// Both CLIs read the database of `env` the same way.
fn compare_readers(env: &CliEnv) -> usize {
    let ids = ids(env);
    assert_eq!(ids.len(), 5, "five commands recorded");
    let mut cases: Vec<Vec<String>> = vec![
        words(&["history", "list"]),
        words(&["history", "show"]),
        words(&["history", "show", "latest"]),
        words(&["history", "show", "--color", "on"]),
        words(&["history", "show", "--include", "API_CALL", "CLI_RC"]),
        words(&[
            "history",
            "show",
            "--exclude",
            "HTTP_REQUEST",
            "HTTP_RESPONSE",
        ]),
        words(&["history", "show", "no-such-command-id"]),
        words(&[
            "history",
            "show",
            "--include",
            "CLI_RC",
            "--exclude",
            "API_CALL",
        ]),
        words(&["history", "show", "--format", "brief"]),
        words(&["history", "list", "--color", "on"]),
    ];
    for id in &ids {
        cases.push(words(&["history", "show", id]));
        cases.push(words(&["history", "show", id, "--format", "detailed"]));
    }
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let v2 = run_with(env, Cli::Oracle, &args, &[]);
        let ours = run_with(env, Cli::Aws2, &args, &[]);
        assert_eq!(ours.stdout, v2.stdout, "stdout of {args:?}");
        assert_eq!(ours.code, v2.code, "exit code of {args:?}: {}", ours.stderr);
    }
    cases.len()
}

#[test]
fn commands_the_reference_recorded_read_the_same() {
    let moto = MotoServer::start();
    let env = recording_env(&moto);
    let codes = record_commands(&env, Cli::Oracle);
    assert_eq!(codes, [0, 0, 254, 0, 252]);
    let show = run_with(&env, Cli::Aws2, &["history", "show"], &[]);
    assert!(
        show.stdout.contains("with return code: 252"),
        "{}",
        show.stdout
    );
    let list = run_with(&env, Cli::Aws2, &["history", "list"], &[]);
    assert!(list.stdout.contains("iam get-user"), "{}", list.stdout);
    assert!(compare_readers(&env) > 10);
}

#[test]
fn commands_aws2_recorded_read_the_same() {
    let moto = MotoServer::start();
    let env = recording_env(&moto);
    let codes = record_commands(&env, Cli::Aws2);
    assert_eq!(codes, [0, 0, 254, 0, 252]);
    assert!(compare_readers(&env) > 10);
    let db = env.dir().join("home/.aws/cli/history/history.db");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db)
            .expect("history.db")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let endpoint = env.endpoint().to_owned();
    let secret = "hist0ry-secret-key-value";
    let vars = [("AWS_SECRET_ACCESS_KEY", secret)];
    let out = run_with(
        &env,
        Cli::Aws2,
        &["sqs", "list-queues", "--endpoint-url", &endpoint],
        &vars,
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let bytes = std::fs::read(&db).expect("history.db");
    let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
    for file in [bytes, wal] {
        assert!(
            !String::from_utf8_lossy(&file).contains(secret),
            "no secret key"
        );
    }
}

/// The sections and fixed values `history show` prints for one command, without times,
/// ids, headers and bodies.
fn outline(show: &str) -> Vec<String> {
    let keep = [
        "to service:",
        "using operation:",
        "with method:",
        "with status code:",
        "with return code:",
        "to URL:",
        "with body: The body is a stream",
        "with body: There is no associated body",
    ];
    show.lines()
        .filter(|l| {
            l.ends_with("made")
                || l.ends_with("sent")
                || l.ends_with("received")
                || l.ends_with("parsed")
                || l.ends_with("entered")
                || l.ends_with("exited")
                || l.starts_with("with arguments:")
                || keep.iter().any(|k| l.starts_with(k))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn both_record_the_same_events_for_a_command() {
    let moto = MotoServer::start();
    let cases: &[&[&str]] = &[
        &["sqs", "list-queues"],
        &["iam", "get-user", "--user-name", "nobody"],
        &["s3api", "list-buckets"],
        &[
            "s3api",
            "get-object",
            "--bucket",
            "hist-b",
            "--key",
            "k",
            "out.bin",
        ],
    ];
    let setup = CliEnv::new(&moto.endpoint());
    setup.write_file("body.txt", "some bytes");
    setup.setup(&["s3api", "create-bucket", "--bucket", "hist-b"]);
    setup.setup(&[
        "s3api",
        "put-object",
        "--bucket",
        "hist-b",
        "--key",
        "k",
        "--body",
        "body.txt",
    ]);
    for args in cases {
        let mut outlines = Vec::new();
        for cli in [Cli::Oracle, Cli::Aws2] {
            let env = recording_env(&moto);
            env.run(cli, &words(args));
            let show = run_with(&env, Cli::Oracle, &["history", "show"], &[]);
            assert_eq!(show.code, 0, "{}", show.stderr);
            let port = moto.endpoint();
            outlines.push(outline(&show.stdout.replace(&port, "<endpoint>")));
        }
        assert_eq!(outlines[1], outlines[0], "events of {args:?}");
        assert!(outlines[0].len() >= 8, "{:?}", outlines[0]);
    }
}

#[test]
fn errors_and_exit_codes_match() {
    let moto = MotoServer::start();
    let env = recording_env(&moto);
    let missing = env.dir().join("missing.db").to_string_lossy().into_owned();
    let empty = env.dir().join("empty.db").to_string_lossy().into_owned();
    let garbage = env.write_file("garbage.db", "this is not a database at all, not at all");
    let garbage = garbage.to_string_lossy().into_owned();
    // An empty database: the table, no rows.
    let made = aws2_e2e::oracle::v2_python_command()
        .args([
            "-c",
            "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute(\
            'CREATE TABLE records (id TEXT, request_id TEXT, source TEXT, event_type TEXT, \
            timestamp INTEGER, payload TEXT)')",
        ])
        .arg(&empty)
        .status()
        .expect("python");
    assert!(made.success());
    let cases: &[(&[&str], &str, i32)] = &[
        (&["history", "list"], &missing, 255),
        (&["history", "show"], &missing, 255),
        (&["history", "list"], &garbage, 255),
        (&["history", "show"], &garbage, 255),
        (&["history", "list"], &empty, 255),
        (&["history", "show"], &empty, 0),
        (&["history"], &missing, 252),
        (&["history", "show", "--format", "x"], &missing, 252),
        (&["history", "nope"], &missing, 252),
    ];
    for (args, file, code) in cases {
        let vars = [("AWS_CLI_HISTORY_FILE", *file)];
        let v2 = run_with(&env, Cli::Oracle, args, &vars);
        let ours = run_with(&env, Cli::Aws2, args, &vars);
        assert_eq!(v2.code, *code, "v2 {args:?} {file}: {}", v2.stderr);
        assert_eq!(ours.code, v2.code, "{args:?} {file}: {}", ours.stderr);
        assert_eq!(ours.stdout, v2.stdout, "{args:?} {file}");
        if *code == 255 || args.len() == 1 {
            assert_eq!(ours.stderr, v2.stderr, "{args:?} {file}");
        }
    }
}

#[test]
fn a_database_that_cannot_be_written_never_fails_a_command() {
    let moto = MotoServer::start();
    let env = recording_env(&moto);
    let garbage = env.write_file("garbage.db", "this is not a database at all, not at all");
    let garbage = garbage.to_string_lossy().into_owned();
    let vars = [("AWS_CLI_HISTORY_FILE", garbage.as_str())];
    let endpoint = moto.endpoint();
    let args = ["sqs", "list-queues", "--endpoint-url", endpoint.as_str()];
    let v2 = run_with(&env, Cli::Oracle, &args, &vars);
    let ours = run_with(&env, Cli::Aws2, &args, &vars);
    assert_eq!(v2.code, 0, "{}", v2.stderr);
    assert_eq!(ours.code, 0, "{}", ours.stderr);
    assert_eq!(ours.stdout, v2.stdout);
    assert_eq!(ours.stderr, v2.stderr);
    assert!(ours
        .stderr
        .starts_with("Warning: Unable to record CLI history."));
    // A directory where the file should be.
    let dir = env.dir().join("a-directory.db");
    std::fs::create_dir(&dir).expect("dir");
    let dir = dir.to_string_lossy().into_owned();
    let vars = [("AWS_CLI_HISTORY_FILE", dir.as_str())];
    let v2 = run_with(&env, Cli::Oracle, &args, &vars);
    let ours = run_with(&env, Cli::Aws2, &args, &vars);
    assert_eq!((ours.code, &ours.stdout), (v2.code, &v2.stdout));
    assert_eq!(ours.stderr, v2.stderr);
}

#[test]
fn history_is_off_unless_the_profile_enables_it() {
    let moto = MotoServer::start();
    let env = CliEnv::new(&moto.endpoint());
    env.write_file(
        "config",
        "[default]\ncli_history = disabled\n[profile rec]\ncli_history = enabled\n",
    );
    env.run(Cli::Aws2, &words(&["sqs", "list-queues"]));
    let db = env.dir().join("home/.aws/cli/history/history.db");
    assert!(
        !db.exists(),
        "nothing recorded without cli_history = enabled"
    );
    env.run(
        Cli::Aws2,
        &words(&["sqs", "list-queues", "--profile", "rec"]),
    );
    let v2 = run_with(&env, Cli::Oracle, &["history", "list"], &[]);
    let ours = run_with(&env, Cli::Aws2, &["history", "list"], &[]);
    assert_eq!(v2.code, 0, "{}", v2.stderr);
    assert_eq!(v2.stdout.lines().count(), 1);
    assert_eq!(ours.stdout, v2.stdout);
    // A profile that does not exist records nothing and fails as before.
    let missing = env.run(
        Cli::Aws2,
        &words(&["sqs", "list-queues", "--profile", "nope"]),
    );
    let v2_missing = env.run(
        Cli::Oracle,
        &words(&["sqs", "list-queues", "--profile", "nope"]),
    );
    assert_eq!(missing.code, v2_missing.code);
    let after = run_with(&env, Cli::Aws2, &["history", "list"], &[]);
    assert_eq!(after.stdout, ours.stdout);
}
