//! `aws logs tail GROUP`, beside the operations of the CloudWatch Logs API: the group's events
//! from `--since` on (ten minutes ago by default), read with `FilterLogEvents` page by page
//! and printed one line each in the `--format` chosen (`detailed`, `short`, `json`), coloured
//! per `--color`. With `--follow` it polls every five seconds from the newest event's
//! timestamp, leaving out the events it already printed, until Ctrl-C (which ends it with 0).

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_core::value::TimestampStyle;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value as Json};
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::sync::Arc;

/// The `logs` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "logs",
    description: "Amazon CloudWatch Logs, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "tail",
        description: "Tails the logs for a CloudWatch Logs group. By default, the command \
                      returns logs from all associated CloudWatch Logs streams during the past \
                      ten minutes. Note that there is no guarantee for exact timestamp ordering \
                      of logs.",
        options: &[
            O::positional("group_name", Nargs::One, "group_name <value>"),
            O::value(
                "since",
                "From what time to begin displaying logs (default 10m): an ISO 8601 \
                 timestamp, or a number and one unit of s, m, h, d or w for a time that long \
                 ago (5m is five minutes ago; 5h30m is not accepted).",
            ),
            O::flag(
                "follow",
                "Keep polling for new logs; without it the command ends when there are no \
                 more logs to show. Control-C ends it.",
            ),
            O::value(
                "format",
                "How to show the logs: detailed (the default: the timestamp with microseconds \
                 and time zone, the log stream's name and the message), short (a shorter \
                 timestamp and the message) or json (detailed, with messages that are JSON \
                 documents pretty-printed).",
            )
            .choices(&["detailed", "short", "json"]),
            O::value(
                "filter-pattern",
                "The filter pattern events must match (CloudWatch Logs filter and pattern \
                 syntax); all events match without it.",
            ),
            O::value(
                "log-stream-names",
                "Only events of these log streams; not with --log-stream-name-prefix.",
            )
            .nargs(Nargs::OneOrMore)
            .typed("list"),
            O::value(
                "log-stream-name-prefix",
                "Only events of log streams whose names begin with this prefix; not with \
                 --log-stream-names.",
            ),
        ],
    }],
};

/// Seconds between two polls of `--follow`.
const POLL_SECONDS: u64 = 5;

/// Runs `aws logs tail` (`words` from `logs` on; the only command the CLI adds to `logs`).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP.command("tail").expect("logs tail is declared");
    let args = custom::parse(spec, &words[2..])?;
    let follow = args.flag("follow");
    let style = Style {
        format: match args.value("format").unwrap_or("detailed") {
            "short" => Format::Short,
            "json" => Format::Json,
            _ => Format::Detailed,
        },
        color: match globals.color.as_deref() {
            Some("on") => true,
            Some("off") => false,
            _ => std::io::stdout().is_terminal(),
        },
    };
    let session = session::config_session(globals);
    let service = Arc::new(aws2_core::Service::load("logs")?);
    let client = session::client(globals, &session, service.clone())?;
    let op = service.operation("FilterLogEvents")?;
    let mut input = Map::new();
    input.insert("logGroupName".into(), json!(args.value("group_name")));
    input.insert("interleaved".into(), json!(true));
    let since = args.value("since").unwrap_or("10m");
    input.insert("startTime".into(), json!(start_millis(since, Utc::now())?));
    for (option, member) in [
        ("filter-pattern", "filterPattern"),
        ("log-stream-name-prefix", "logStreamNamePrefix"),
    ] {
        if let Some(value) = args.value(option) {
            input.insert(member.into(), json!(value));
        }
    }
    // argparse keeps the values of the last --log-stream-names given.
    if let Some(given) = args.given.iter().rev().find(|g| g.name == "log-stream-names") {
        input.insert("logStreamNames".into(), json!(given.values));
    }
    let fetch = |input: &Map<String, Json>| -> Result<Json, CliError> {
        let value = aws2_core::Value::from_json(&Json::Object(input.clone()));
        // botocore checks every request against the model (an empty group name is too short).
        if let Some(input_ref) = &op.input {
            crate::args::validate::validate(&service, input_ref, &value)
                .map_err(CliError::Validation)?;
        }
        let out = client
            .call(&op, &value)
            .map_err(crate::call_error::call_error)?;
        Ok(out.to_json(TimestampStyle::Iso8601))
    };
    let mut out = std::io::stdout();
    let mut show = |event: &Json| -> Result<(), CliError> {
        let line = style.line(event);
        out.write_all(line.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| CliError::other(e.to_string()))
    };
    if follow {
        // Ctrl-C is the way out of --follow, and the AWS CLI ends it quietly.
        let _ = ctrlc::set_handler(|| std::process::exit(0));
        let mut poll = Poll::new(input);
        loop {
            let page = fetch(&poll.input)?;
            for event in poll.fresh(&page) {
                show(&event)?;
            }
            if poll.next(&page) {
                std::thread::sleep(std::time::Duration::from_secs(POLL_SECONDS));
            }
        }
    }
    crate::interrupt::install();
    loop {
        let page = fetch(&input)?;
        for event in events(&page) {
            show(event)?;
        }
        match page.get("nextToken").and_then(Json::as_str) {
            Some(token) if !token.is_empty() => {
                input.insert("nextToken".into(), json!(token));
            }
            _ => return Ok(0),
        }
    }
}

/// The events of one `FilterLogEvents` page.
fn events(page: &Json) -> impl Iterator<Item = &Json> {
    page.get("events")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
}

/// `--since` as epoch milliseconds: `<n>s|m|h|d|w` ago from `now`, or a timestamp (ISO 8601,
/// a date, epoch seconds), as botocore reads it; an offset-less time is UTC.
fn start_millis(since: &str, now: DateTime<Utc>) -> Result<i64, CliError> {
    let micros = match relative_seconds(since) {
        Some(secs) => secs
            .and_then(|s| s.checked_mul(1_000_000))
            .and_then(|ago| now.timestamp_micros().checked_sub(ago))
            .ok_or_else(|| CliError::other("date value out of range"))?,
        None => {
            let ts = aws2_core::Timestamp::parse(since).map_err(|_| {
                // dateutil's two complaints: nothing at all, or nothing it can read.
                let why = match since.trim().is_empty() {
                    true => "String does not contain a date",
                    false => "Unknown string format",
                };
                CliError::other(format!("Invalid timestamp \"{since}\": {why}: {since}"))
            })?;
            ts.secs * 1_000_000 + i64::from(ts.nanos / 1000)
        }
    };
    // Python's `int(total_seconds() * 1000)`: a float, truncated.
    let seconds = micros as f64 / 1e6;
    Ok((seconds * 1000.0) as i64)
}

/// The seconds of a relative `--since` (`10m`): `None` when it is not one, `Some(None)` when
/// the amount overflows.
fn relative_seconds(since: &str) -> Option<Option<i64>> {
    let unit = since.chars().last()?;
    let amount = &since[..since.len() - unit.len_utf8()];
    if amount.is_empty() || !amount.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let scale: i64 = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 24 * 3600,
        'w' => 7 * 24 * 3600,
        _ => return None,
    };
    Some(amount.parse::<i64>().ok().and_then(|n| n.checked_mul(scale)))
}

/// The state of `--follow` between polls: the request and the ids of the newest events seen.
struct Poll {
    input: Map<String, Json>,
    newest: Option<(i64, HashSet<String>)>,
}

impl Poll {
    fn new(input: Map<String, Json>) -> Poll {
        Poll {
            input,
            newest: None,
        }
    }

    /// The events of `page` not printed before (a poll from the newest timestamp sees the
    /// events of that millisecond again), remembering those of the newest timestamp.
    fn fresh(&mut self, page: &Json) -> Vec<Json> {
        let mut seen: Vec<(i64, HashSet<String>)> = self.newest.take().into_iter().collect();
        let mut fresh = Vec::new();
        for event in events(page) {
            let at = event.get("timestamp").and_then(Json::as_i64).unwrap_or(0);
            let id = event
                .get("eventId")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_owned();
            let slot = match seen.iter().position(|(t, _)| *t == at) {
                Some(i) => i,
                None => {
                    seen.push((at, HashSet::new()));
                    seen.len() - 1
                }
            };
            if seen[slot].1.insert(id) {
                fresh.push(event.clone());
            }
        }
        self.newest = seen.into_iter().max_by_key(|(t, _)| *t);
        fresh
    }

    /// Prepares the next request after `page`: its `nextToken`, or (the last page) a new
    /// start at the newest timestamp; `true` when the poll should wait first.
    fn next(&mut self, page: &Json) -> bool {
        match page.get("nextToken").and_then(Json::as_str) {
            Some(token) => {
                self.input.insert("nextToken".into(), json!(token));
                false
            }
            None => {
                if let Some((at, _)) = &self.newest {
                    self.input.insert("startTime".into(), json!(at));
                }
                self.input.remove("nextToken");
                true
            }
        }
    }
}

/// How `--format` prints an event.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Detailed,
    Short,
    Json,
}

/// The format and whether to colour.
struct Style {
    format: Format,
    color: bool,
}

const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

impl Style {
    fn paint(&self, text: &str, color: &str) -> String {
        match self.color {
            true => format!("{color}{text}{RESET}"),
            false => text.to_owned(),
        }
    }

    /// One event's text, ending in exactly one line break.
    fn line(&self, event: &Json) -> String {
        let millis = event.get("timestamp").and_then(Json::as_i64).unwrap_or(0);
        let at = DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or_default();
        let message = event.get("message").and_then(Json::as_str).unwrap_or("");
        let stream = || {
            let name = event.get("logStreamName").and_then(Json::as_str);
            self.paint(name.unwrap_or(""), CYAN)
        };
        let text = match self.format {
            Format::Short => {
                let time = at.format("%Y-%m-%dT%H:%M:%S").to_string();
                format!("{} {message}", self.paint(&time, GREEN))
            }
            Format::Detailed => {
                let time = at.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string();
                format!("{} {} {message}", self.paint(&time, GREEN), stream())
            }
            Format::Json => {
                let time = aws2_core::Timestamp {
                    secs: at.timestamp(),
                    nanos: at.timestamp_subsec_nanos(),
                    ..Default::default()
                }
                .to_cli_iso8601();
                let body = pretty_json(message).unwrap_or_else(|| message.to_owned());
                format!("{} {} {body}", self.paint(&time, GREEN), stream())
            }
        };
        format!("{}\n", rstrip(&text))
    }
}

/// A message that is one JSON document, as `"\n" + json.dumps(doc, indent=4)`.
fn pretty_json(message: &str) -> Option<String> {
    let doc = aws2_params::pyjson::parse(message).ok()?;
    let style = aws2_output::json::JsonStyle {
        ensure_ascii: true,
        ..aws2_output::json::JsonStyle::cli()
    };
    Some(format!("\n{}", aws2_output::json::to_json(&doc, style)))
}

/// Python's `str.rstrip()`: Unicode white space and the separators `\x1c`..`\x1f`.
fn rstrip(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, at: i64, message: &str) -> Json {
        json!({"eventId": id, "timestamp": at, "message": message, "logStreamName": "s"})
    }

    #[test]
    fn since_is_relative_or_a_timestamp() {
        let now = DateTime::<Utc>::from_timestamp(1_700_000_000, 250_000_000).unwrap();
        assert_eq!(start_millis("10m", now).unwrap(), 1_699_999_400_250);
        assert_eq!(start_millis("2h", now).unwrap(), 1_699_992_800_250);
        assert_eq!(start_millis("1w", now).unwrap(), 1_699_395_200_250);
        assert_eq!(
            start_millis("2023-11-14T22:13:20Z", now).unwrap(),
            1_700_000_000_000
        );
        assert_eq!(
            start_millis("2023-11-14T23:13:20+01:00", now).unwrap(),
            1_700_000_000_000
        );
        assert_eq!(start_millis("1700000000", now).unwrap(), 1_700_000_000_000);
        let err = start_millis("5h30m", now).unwrap_err();
        assert_eq!(err.exit_code(), 255);
        assert!(err.to_string().contains("Invalid timestamp \"5h30m\""));
        assert!(start_millis("99999999999999999999w", now).is_err());
    }

    #[test]
    fn formats_print_one_line_each() {
        let e = event("1", 1_700_000_000_123, "hello  \n");
        let plain = |format| Style { format, color: false }.line(&e);
        assert_eq!(
            plain(Format::Detailed),
            "2023-11-14T22:13:20.123000+00:00 s hello\n"
        );
        assert_eq!(plain(Format::Short), "2023-11-14T22:13:20 hello\n");
        assert_eq!(
            plain(Format::Json),
            "2023-11-14T22:13:20.123000+00:00 s hello\n"
        );
        let doc = event("2", 1_700_000_000_000, r#"{"b": [1], "c": "é"}"#);
        let text = Style { format: Format::Json, color: false }.line(&doc);
        assert_eq!(
            text,
            "2023-11-14T22:13:20+00:00 s \n{\n    \"b\": [\n        1\n    ],\n    \"c\": \"\\u00e9\"\n}\n"
        );
        let colored = Style { format: Format::Short, color: true }.line(&e);
        assert_eq!(colored, "\x1b[32m2023-11-14T22:13:20\x1b[0m hello\n");
    }

    #[test]
    fn follow_skips_events_it_printed_and_restarts_at_the_newest() {
        let mut poll = Poll::new(Map::new());
        let first = json!({"events": [event("a", 5, "x"), event("b", 7, "y")], "nextToken": "t"});
        assert_eq!(poll.fresh(&first).len(), 2);
        assert!(!poll.next(&first));
        assert_eq!(poll.input["nextToken"], "t");
        let last = json!({"events": [event("c", 7, "z")]});
        assert_eq!(poll.fresh(&last).len(), 1);
        assert!(poll.next(&last));
        assert_eq!(poll.input["startTime"], 7);
        assert!(!poll.input.contains_key("nextToken"));
        let again = json!({"events": [event("b", 7, "y"), event("c", 7, "z"), event("d", 9, "w")]});
        let fresh = poll.fresh(&again);
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh[0]["eventId"], "d");
    }
}
