//! `aws logs start-live-tail --mode print-only` under both CLIs against the capturing server,
//! which answers with event streams it frames itself: the `StartLiveTail` requests (on the
//! `stream-` host, reached through the server as an HTTP proxy), the messages printed, an
//! exception that ends the stream, error replies, a first event that is not the initial
//! response, the interactive mode refused without color, bad input, and Ctrl-C during a
//! stream that stays open.

use aws2_e2e::event_stream::{self, event, exception, initial_response};
use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::tmux::{self, Tmux};
use aws2_e2e::{Cli, CliEnv, Outcome};
use serde_json::json;
use std::process::{Command, Stdio};

const GROUP_A: &str = "arn:aws:logs:us-east-1:123456789012:log-group:app";
const GROUP_B: &str = "arn:aws:logs:us-east-1:123456789012:log-group:web";

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

/// A `sessionUpdate` event with these messages.
fn update(messages: &[&str], sampled: bool) -> Vec<u8> {
    let results: Vec<_> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            json!({"logStreamName": "s-1", "logGroupIdentifier": GROUP_A, "message": m,
                   "timestamp": 1_700_000_000_000_i64 + i as i64,
                   "ingestionTime": 1_700_000_000_500_i64})
        })
        .collect();
    event(
        "sessionUpdate",
        &json!({"sessionMetadata": {"sampled": sampled}, "sessionResults": results}),
    )
}

fn session_start() -> Vec<u8> {
    event(
        "sessionStart",
        &json!({"requestId": "r-1", "sessionId": "s-1", "logGroupIdentifiers": [GROUP_A]}),
    )
}

/// The messages of a whole session: JSON, text with tabs and trailing blanks, non-ASCII.
fn session() -> Vec<Vec<u8>> {
    vec![
        initial_response(),
        session_start(),
        update(
            &[
                "{\"level\": \"INFO\", \"msg\": \"started\", \"n\": [1, 2.5]}",
                "ERROR disk full\tretrying  ",
            ],
            false,
        ),
        update(&[], false),
        update(&["zoë says WARN", "", "last line"], true),
    ]
}

/// A server run of one command under both CLIs.
struct Run {
    requests: Vec<Recorded>,
    outcome: Outcome,
}

/// The command of `cli` in `env`, sent to the recorder at `proxy` as its HTTP proxy: the
/// endpoint `http://localhost:PORT` gets the operation's `stream-` host prefix, which only a
/// proxy can answer for.
fn command(env: &CliEnv, cli: Cli, args: &[String], proxy: &str) -> Command {
    let mut cmd = env.command(cli, args, true);
    for name in [
        "NO_PROXY",
        "no_proxy",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
    ] {
        cmd.env_remove(name);
    }
    cmd.env("HTTP_PROXY", proxy).env("PYTHONUNBUFFERED", "1");
    cmd
}

fn localhost(server: &Recorder) -> String {
    server.endpoint().replace("127.0.0.1", "localhost")
}

/// Runs `args` under both CLIs against one server answering with `responder`.
fn both(args: &[&str], responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> [Run; 2] {
    let server = Recorder::with_responder(responder);
    let env = CliEnv::new(&localhost(&server));
    let args = words(args);
    [Cli::Oracle, Cli::Aws2].map(|cli| {
        let out = command(&env, cli, &args, &server.endpoint())
            .stdin(Stdio::null())
            .output()
            .expect("run the command");
        Run {
            requests: server.take(),
            outcome: Outcome {
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                code: out.status.code().unwrap_or(-1),
            },
        }
    })
}

/// Runs `args` under both CLIs and asserts the same requests, output and exit code; returns
/// what the reference did.
fn same(args: &[&str], responder: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Outcome {
    let [theirs, ours] = both(args, responder);
    if let Err(diffs) = aws2_e2e::wire::compare_all(&theirs.requests, &ours.requests) {
        panic!("requests of {args:?} differ:\n{}", diffs.join("\n"));
    }
    assert_eq!(ours.outcome.stdout, theirs.outcome.stdout, "{args:?}");
    assert_eq!(
        (ours.outcome.code, &ours.outcome.stderr),
        (theirs.outcome.code, &theirs.outcome.stderr),
        "{args:?}"
    );
    theirs.outcome
}

#[test]
fn print_only_prints_each_message_of_a_stream_that_ends() {
    let cases: [&[&str]; 4] = [
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
        ],
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
            "--log-stream-names",
            "s-1",
            "s-2",
            "--log-event-filter-pattern",
            "ERROR",
            "--mode",
            "print-only",
        ],
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
            GROUP_B,
            "--log-stream-name-prefixes",
            "s-",
            "--color",
            "on",
        ],
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            "old",
            "--log-group-identifiers",
            GROUP_B,
            "--color",
            "off",
        ],
    ];
    for args in cases {
        let out = same(args, |_| event_stream::reply(&session()));
        assert_eq!(
            out.stdout,
            "{\"level\": \"INFO\", \"msg\": \"started\", \"n\": [1, 2.5]}\n\
             ERROR disk full\tretrying  \nzoë says WARN\n\nlast line\n"
        );
        assert_eq!(out.code, 0);
    }
}

#[test]
fn an_exception_in_the_stream_is_printed_after_the_events() {
    let out = same(
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
        ],
        |_| {
            event_stream::reply(&[
                initial_response(),
                session_start(),
                update(&["one", "two"], false),
                exception("SessionTimeoutException", "Session timed out after 3 hours"),
                update(&["never shown"], false),
            ])
        },
    );
    assert!(
        out.stdout.ends_with("timed out after 3 hours\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.starts_with("one\ntwo\n"), "{}", out.stdout);
    assert_eq!(out.code, 0);
    let streaming = same(
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
        ],
        |_| {
            event_stream::reply(&[
                initial_response(),
                exception("SessionStreamingException", "internal failure"),
            ])
        },
    );
    assert!(streaming.stdout.contains("SessionStreamingException"));
}

#[test]
fn error_replies_and_broken_streams_are_reported_as_v2_reports_them() {
    let args = [
        "logs",
        "start-live-tail",
        "--log-group-identifiers",
        GROUP_A,
    ];
    for code in [
        "ResourceNotFoundException",
        "AccessDeniedException",
        "InvalidParameterException",
    ] {
        let out = same(&args, move |r| {
            Reply::error(r, code, "The specified log group does not exist.")
        });
        assert_eq!(out.code, 254, "{}", out.stderr);
        assert!(out.stderr.contains(code), "{}", out.stderr);
    }
    // A stream whose first event is not the initial response, and an empty one.
    let no_initial = same(&args, |_| {
        event_stream::reply(&[session_start(), update(&["x"], false)])
    });
    assert_ne!(no_initial.code, 0);
    let empty = same(&args, |_| event_stream::reply(&[]));
    assert_ne!(empty.code, 0);
}

#[test]
fn interactive_mode_without_color_is_refused_after_the_call() {
    for color in [&["--color", "off"][..], &[]] {
        let mut args = vec![
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
            "--mode",
            "interactive",
        ];
        args.extend_from_slice(color);
        let [theirs, ours] = both(&args, |_| event_stream::reply(&session()));
        assert_eq!(theirs.requests.len(), 1, "{}", theirs.outcome.stderr);
        if let Err(diffs) = aws2_e2e::wire::compare_all(&theirs.requests, &ours.requests) {
            panic!("requests differ:\n{}", diffs.join("\n"));
        }
        assert_eq!(theirs.outcome.code, 252);
        assert_eq!(
            (
                &ours.outcome.stdout,
                &ours.outcome.stderr,
                ours.outcome.code
            ),
            (
                &theirs.outcome.stdout,
                &theirs.outcome.stderr,
                theirs.outcome.code
            )
        );
    }
}

#[test]
fn bad_input_is_refused_as_v2_refuses_it() {
    for args in [
        &["logs", "start-live-tail"][..],
        &["logs", "start-live-tail", "--log-group-identifiers"],
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
            "--mode",
            "full",
        ],
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
            "--log-stream-name",
            "x",
        ],
        &[
            "logs",
            "start-live-tail",
            "--log-group-identifiers",
            GROUP_A,
            "--log-event-filter-pattern",
        ],
    ] {
        let [theirs, ours] = both(args, |_| event_stream::reply(&session()));
        assert_eq!(
            theirs.outcome.code, 252,
            "{args:?}: {}",
            theirs.outcome.stderr
        );
        assert!(theirs.requests.is_empty() && ours.requests.is_empty());
        assert_eq!(
            (
                &ours.outcome.stdout,
                &ours.outcome.stderr,
                ours.outcome.code
            ),
            (
                &theirs.outcome.stdout,
                &theirs.outcome.stderr,
                theirs.outcome.code
            ),
            "{args:?}"
        );
    }
}

/// Runs `args` against a server that keeps the stream open after its messages, until
/// `lines` lines are printed; then sends `signal` and returns what it printed and its exit code.
fn interrupted(
    server: &Recorder,
    env: &CliEnv,
    cli: Cli,
    args: &[String],
    (lines, signal): (usize, rustix::process::Signal),
) -> (Vec<Recorded>, Outcome) {
    let command = command(env, cli, args, &server.endpoint());
    let outcome = aws2_e2e::interrupt::signal_after_lines(command, lines, signal, cli.label());
    (server.take(), outcome)
}

#[test]
fn ctrl_c_and_sigterm_end_an_open_stream_quietly() {
    let args = words(&[
        "logs",
        "start-live-tail",
        "--log-group-identifiers",
        GROUP_A,
    ]);
    // One server for both, so that the requests name the same host.
    let server = Recorder::holding(|_| event_stream::reply(&session()));
    let env = CliEnv::new(&localhost(&server));
    for signal in [rustix::process::Signal::INT, rustix::process::Signal::TERM] {
        let (their_requests, theirs) = interrupted(&server, &env, Cli::Oracle, &args, (5, signal));
        let (our_requests, ours) = interrupted(&server, &env, Cli::Aws2, &args, (5, signal));
        if let Err(diffs) = aws2_e2e::wire::compare_all(&their_requests, &our_requests) {
            panic!("requests differ:\n{}", diffs.join("\n"));
        }
        assert_eq!((theirs.code, theirs.stderr.as_str()), (0, ""), "{signal:?}");
        assert_eq!(
            (ours.stdout.as_str(), ours.stderr.as_str(), ours.code),
            (theirs.stdout.as_str(), theirs.stderr.as_str(), theirs.code),
            "{signal:?}"
        );
        assert!(ours.stdout.ends_with("last line\n"), "{}", ours.stdout);
    }
}

#[test]
fn ctrl_c_before_the_reply_ends_the_command_as_v2_does() {
    let server = Recorder::interrupting();
    let env = CliEnv::new(&localhost(&server));
    let args = words(&[
        "logs",
        "start-live-tail",
        "--log-group-identifiers",
        GROUP_A,
    ]);
    let [theirs, ours] = [Cli::Oracle, Cli::Aws2].map(|cli| {
        let out = command(&env, cli, &args, &server.endpoint())
            .stdin(Stdio::null())
            .output()
            .expect("run the command");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.status.code(),
        )
    });
    assert_eq!(theirs.2, Some(130), "{theirs:?}");
    assert_eq!(ours, theirs);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn the_interactive_view_shows_highlights_and_scrolls_as_v2_on_a_terminal() {
    let server = Recorder::holding(|_| event_stream::reply(&session()));
    let env = CliEnv::new(&localhost(&server));
    let args = words(&[
        "logs",
        "start-live-tail",
        "--log-group-identifiers",
        GROUP_A,
        "--mode",
        "interactive",
    ]);
    let tmux = Tmux::new();
    let names = ["v2", "ours"];
    for (name, cli) in names.iter().zip([Cli::Oracle, Cli::Aws2]) {
        tmux.start(name, &command(&env, cli, &args, &server.endpoint()));
    }
    // Each step: keys for both, then the same screen once both show what the step expects.
    let steps: [(&[&str], &str); 9] = [
        (&[], "Esc: Exit"),
        (&["h"], "Type Term and press ENTER"),
        (&["-l", "DISK"], ">DISK"),
        (&["Enter"], "{disk: 1}"),
        (&["c"], "1: disk    ENTER: All"),
        (&["1"], "Highlighted Terms: {}"),
        (&["Up"], "q: Scroll to latest"),
        (&["q"], "Fast Scroll\n"),
        (&["Escape"], "EXIT="),
    ];
    for (keys, expected) in steps {
        let screens = names.map(|name| {
            if !keys.is_empty() {
                tmux.keys(name, keys);
            }
            tmux.wait(name, |s| s.contains(expected) && s.contains("last line"))
        });
        assert_eq!(screens[1], screens[0], "after {keys:?}");
        if expected == "{disk: 1}" {
            // The terms in their colors, the toolbar in reverse video.
            let colored = names.map(|name| tmux::cell_colors(&tmux.capture(name, true)));
            assert_eq!(colored[1], colored[0], "colors after {keys:?}");
            assert!(colored[0].contains("[36]disk[]"), "{}", colored[0]);
            assert!(colored[0].contains("[34]^I[]"), "{}", colored[0]);
        }
    }
    let last = tmux.screen("ours");
    assert!(last.contains("EXIT=0"), "{last}");
    assert!(last.contains("ERROR disk full^Iretrying"), "{last}");
    assert_eq!(server.requests().len(), 2);
}
