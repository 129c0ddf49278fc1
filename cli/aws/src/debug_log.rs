//! `--debug`: a log of what the command does on stderr. The libraries log through the `log`
//! crate and redact secrets before they log; this module only prints.

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::io::Write;

struct StderrLog;

impl Log for StderrLog {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= Level::Debug
    }

    fn log(&self, record: &Record) {
        if self.enabled(record.metadata()) {
            let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S,%3f");
            let _ = writeln!(
                std::io::stderr(),
                "{now} - MainThread - {} - {} - {}",
                record.target(),
                record.level(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}

static LOGGER: StderrLog = StderrLog;

/// Turns on the debug log when `--debug` is among the arguments.
pub fn init_if_requested(argv: &[String]) {
    if argv.iter().any(|a| a == "--debug") && log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(LevelFilter::Debug);
        log::debug!(
            "aws2 {} with arguments: {:?}",
            env!("CARGO_PKG_VERSION"),
            redact_args(argv)
        );
    }
}

fn redact_args(argv: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(argv.len());
    let mut hide_next = false;
    for a in argv {
        if hide_next {
            out.push("<redacted>".to_owned());
            hide_next = false;
            continue;
        }
        hide_next = matches!(
            a.as_str(),
            "--secret-access-key" | "--session-token" | "--password"
        );
        out.push(a.clone());
    }
    out
}
