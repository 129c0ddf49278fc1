//! `aws logs start-live-tail`, which the CLI puts in place of the model's operation: it sends
//! `StartLiveTail` with the log groups and filters given, then shows the messages of the
//! `sessionUpdate` events of the reply's event stream while they arrive. `--mode print-only`
//! (the default) prints each message on a line of its own until the stream ends or Ctrl-C
//! (both end with 0, and so does SIGTERM; an error the stream carries is printed on
//! standard output first);
//! `--mode interactive` shows them full screen (see [`view`]).

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_core::Value;
use serde_json::{json, Map, Value as Json};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

mod render;
mod state;
mod view;

/// The `logs` command the CLI puts in place of `StartLiveTail`.
pub const GROUP: GroupSpec = GroupSpec {
    name: "logs",
    description: "Amazon CloudWatch Logs, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "start-live-tail",
        description: "Starts a Live Tail session for one or more log groups: the log events \
                      ingested into them stream in near real time, for at most three hours. \
                      By default (--mode print-only) each event's message is printed as it \
                      is, on a line of its own, for use with other shell commands; --mode \
                      interactive shows them full screen, where up to five terms can be \
                      highlighted (ERROR, INFO and WARN always are), JSON messages are \
                      indented (t toggles plain text) and the view scrolls. The interactive \
                      view needs color: it is refused with --color off or when the output \
                      does not allow color. Needs the logs:StartLiveTail permission; when more \
                      than 500 events a second match, the service sends a sample. Sessions \
                      are charged by the minute.",
        options: &[
            O::value(
                "log-group-identifiers",
                "The ARNs of the log groups to tail (up to 10), as \
                 arn:aws:logs:REGION:ACCOUNT_ID:log-group:LOG_GROUP_NAME, without a \
                 trailing :*. With more than one, --log-stream-names and \
                 --log-stream-name-prefixes cannot be given; the two never go together.",
            )
            .nargs(Nargs::OneOrMore)
            .typed("list")
            .required(),
            O::value(
                "log-stream-names",
                "Only events of these log streams; not with --log-stream-name-prefixes, nor \
                 with more than one log group.",
            )
            .nargs(Nargs::OneOrMore)
            .typed("list"),
            O::value(
                "log-stream-name-prefixes",
                "Only events of log streams whose names begin with one of these prefixes; not \
                 with --log-stream-names, nor with more than one log group.",
            )
            .nargs(Nargs::OneOrMore)
            .typed("list"),
            O::value(
                "log-event-filter-pattern",
                "The filter pattern events must match (CloudWatch Logs filter and pattern \
                 syntax; quote several patterns as one); all events match without it.",
            ),
            O::value(
                "mode",
                "print-only (the default): messages are printed as they are, one a line. \
                 interactive: a full-screen view; h highlights a term (type it, then ENTER; \
                 at most five), c clears highlighted terms, t toggles JSON and plain text, \
                 up/down scroll, ctrl+u/ctrl+d scroll faster, q goes back to the latest \
                 events and Esc ends the session. Interactive mode needs color.",
            )
            .choices(&["interactive", "print-only"]),
        ],
    }],
};

/// What the interactive mode is refused with when the output has no color.
const NO_COLOR: &str = "Color is not allowed by your output. Use print-only mode or enable color.";

/// How often the printer looks for an interrupt while no event arrives.
const TICK: Duration = Duration::from_millis(100);

/// What the stream's reader hands the printer.
pub(crate) enum Received {
    /// The messages of one `sessionUpdate`, and whether the service sampled them.
    Update(Vec<String>, Sampled),
    /// The end of the stream, with the error that ended it, if any.
    End(Option<String>),
}

/// Whether the service sent a sample of the matching events (`sessionMetadata.sampled`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sampled(pub bool);

/// Runs `aws logs start-live-tail` (`words` from `logs` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP
        .command("start-live-tail")
        .expect("logs start-live-tail is declared");
    let args = custom::parse(spec, &words[2..])?;
    let mut input = Map::new();
    for (option, member) in [
        ("log-group-identifiers", "logGroupIdentifiers"),
        ("log-stream-names", "logStreamNames"),
        ("log-stream-name-prefixes", "logStreamNamePrefixes"),
    ] {
        // argparse keeps the values of the last occurrence of a list option.
        if let Some(given) = args.given.iter().rev().find(|g| g.name == option) {
            input.insert(member.into(), json!(given.values));
        }
    }
    if let Some(pattern) = args.value("log-event-filter-pattern") {
        input.insert("logEventFilterPattern".into(), json!(pattern));
    }
    install_interrupt();
    let session = session::config_session(globals);
    let service = Arc::new(aws2_core::Service::load("logs")?);
    let client = session::client(globals, &session, service.clone())?;
    let op = service.operation("StartLiveTail")?;
    let value = Value::from_json(&Json::Object(input));
    if let Some(input_ref) = &op.input {
        crate::args::validate::validate(&service, input_ref, &value)
            .map_err(CliError::Validation)?;
    }
    let stream = client
        .call_event_stream(&op, &value)
        .map_err(crate::call_error::call_error)?;
    let interactive = args.value("mode") == Some("interactive");
    // The call is made before the mode is checked, as the AWS CLI does.
    if interactive && !color_allowed(globals) {
        return Err(CliError::Validation(NO_COLOR.to_owned()));
    }
    let received = collect(stream);
    if interactive {
        return view::run(&received);
    }
    print_only(&received)
}

/// Whether `--color` (or a terminal, for `auto`) allows color.
fn color_allowed(globals: &GlobalOptions) -> bool {
    match globals.color.as_deref() {
        Some("on") => true,
        Some("off") => false,
        _ => std::io::stdout().is_terminal(),
    }
}

/// A message that is one JSON document, as `json.dumps(doc, indent=4)` writes it.
fn indented_json(message: &str) -> Option<String> {
    let doc = aws2_params::pyjson::parse(message).ok()?;
    let style = aws2_output::json::JsonStyle {
        ensure_ascii: true,
        ..aws2_output::json::JsonStyle::cli()
    };
    Some(aws2_output::json::to_json(&doc, style))
}

/// Reads the stream on a thread of its own; what it reads arrives on the returned channel.
fn collect(stream: aws2_client::EventStream) -> mpsc::Receiver<Received> {
    let (send, received) = mpsc::channel();
    std::thread::spawn(move || {
        for event in stream {
            let update = match event {
                Ok(event) => event,
                Err(e) => {
                    let _ = send.send(Received::End(Some(e.to_string())));
                    return;
                }
            };
            let Some(update) = update.get("sessionUpdate") else {
                continue;
            };
            let sampled = update
                .get("sessionMetadata")
                .and_then(|m| m.get("sampled"))
                .is_some_and(|s| matches!(s, Value::Bool(true)));
            let messages = match update.get("sessionResults") {
                Some(Value::List(results)) => results
                    .iter()
                    .filter_map(|r| r.get("message").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            if send.send(Received::Update(messages, Sampled(sampled))).is_err() {
                return;
            }
        }
        let _ = send.send(Received::End(None));
    });
    received
}

/// Whether the stream is being printed: Ctrl-C then ends the printing instead of the command.
static PRINTING: AtomicBool = AtomicBool::new(false);
/// Set by Ctrl-C while printing.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Ctrl-C before the stream is printed ends the command as any interrupted operation (a
/// line break, 130); while it is printed, it ends the printing (0).
fn install_interrupt() {
    let _ = ctrlc::set_handler(|| {
        if PRINTING.load(Ordering::SeqCst) {
            INTERRUPTED.store(true, Ordering::SeqCst);
        } else {
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\n").and_then(|()| out.flush());
            std::process::exit(crate::error::INTERRUPTED_RC);
        }
    });
}

/// Prints each message on a line until the stream ends or an interrupt (SIGINT, SIGTERM)
/// comes; a closed standard output ends it quietly too.
fn print_only(received: &mpsc::Receiver<Received>) -> Result<i32, CliError> {
    let terminated = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&terminated));
    PRINTING.store(true, Ordering::SeqCst);
    let interrupted = || INTERRUPTED.load(Ordering::SeqCst) || terminated.load(Ordering::SeqCst);
    let mut out = std::io::stdout();
    loop {
        match received.recv_timeout(TICK) {
            Ok(Received::Update(messages, _)) => {
                for message in messages {
                    if writeln!(out, "{message}").and_then(|()| out.flush()).is_err() {
                        return Ok(0);
                    }
                }
            }
            Ok(Received::End(error)) => {
                if let Some(error) = error {
                    let _ = writeln!(out, "{error}").and_then(|()| out.flush());
                }
                return Ok(0);
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(0),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if interrupted() {
            return Ok(0);
        }
    }
}
