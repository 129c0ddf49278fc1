//! Prints the outcome of each transfer as the Python CLI does and remembers failures and
//! warnings for the exit code (1 when a transfer failed, 2 when files were skipped).

use crate::progress::Progress;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Where the commands write their lines (stdout and stderr for the CLI; a buffer in tests).
pub trait Printer: Sync {
    /// A line for standard output.
    fn out(&self, line: &str);
    /// A line for standard error.
    fn err(&self, line: &str);
    /// Whether standard output is a terminal (progress is shown only there).
    fn is_terminal(&self) -> bool {
        false
    }
    /// Rewrites the progress line in place (text then a carriage return).
    fn progress(&self, _text: &str) {}
}

/// Prints to the process's standard output and error.
#[derive(Debug, Default, Clone, Copy)]
pub struct StdPrinter;

impl Printer for StdPrinter {
    fn out(&self, line: &str) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }

    fn err(&self, line: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }

    fn is_terminal(&self) -> bool {
        use std::io::IsTerminal;
        std::io::stdout().is_terminal()
    }

    fn progress(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{text}\r");
        let _ = out.flush();
    }
}

/// What the user asked to see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Successes, failures and warnings.
    Normal,
    /// `--only-show-errors`: failures, warnings and dry-run lines.
    OnlyErrors,
    /// `--quiet`: nothing.
    Quiet,
}

/// Collects transfer results from worker threads and prints them one line at a time.
pub struct Reporter<'a> {
    printer: &'a dyn Printer,
    verbosity: Verbosity,
    lock: Mutex<usize>,
    progress: Option<Progress>,
    style: ProgressStyle,
    failures: AtomicUsize,
    warnings: AtomicUsize,
}

/// How the progress line is drawn (`--progress-multiline`, `--progress-frequency`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ProgressStyle {
    /// Each redraw on a line of its own rather than over the last one.
    pub multiline: bool,
    /// At most one redraw in this many seconds (0: whenever due).
    pub frequency: u64,
}

impl<'a> Reporter<'a> {
    /// A reporter with the given verbosity.
    pub fn new(printer: &'a dyn Printer, verbosity: Verbosity) -> Reporter<'a> {
        Reporter {
            printer,
            verbosity,
            lock: Mutex::new(0),
            progress: None,
            style: ProgressStyle::default(),
            failures: AtomicUsize::new(0),
            warnings: AtomicUsize::new(0),
        }
    }

    /// Shows a progress line under the messages (terminals only, normal verbosity).
    pub fn with_progress(mut self, progress: Progress) -> Self {
        if self.verbosity == Verbosity::Normal && self.printer.is_terminal() {
            self.progress = Some(progress);
        }
        self
    }

    /// Draws the progress line in `style`.
    pub fn with_progress_style(mut self, style: ProgressStyle) -> Self {
        self.style = style;
        self
    }

    /// Draws the progress `text` (padded over `shown` characters of the last one) and
    /// returns how many characters the line now shows.
    fn draw(&self, text: &str, shown: usize) -> usize {
        if self.style.multiline {
            self.printer.out(&format!("{text:<shown$}"));
            0
        } else {
            self.printer.progress(&format!("{text:<shown$}"));
            text.chars().count()
        }
    }

    /// The progress being shown, if any.
    pub fn progress(&self) -> Option<&Progress> {
        self.progress.as_ref()
    }

    fn print(&self, to_err: bool, line: &str) {
        let mut shown = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let padded = format!("{line:<width$}", width = *shown);
        if to_err {
            self.printer.err(&padded);
        } else {
            self.printer.out(&padded);
        }
        *shown = 0;
        // As the Python CLI: the line comes back under a message while anything remains.
        if let Some(p) = self.progress.as_ref().filter(|p| p.has_remaining()) {
            *shown = self.draw(&p.line(), 0);
        }
    }

    /// Redraws the progress line.
    pub fn tick(&self) {
        if let Some(p) = self
            .progress
            .as_ref()
            .filter(|p| p.redraw_due() && p.has_remaining())
            .filter(|p| p.frequency_due(self.style.frequency))
        {
            let mut shown = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            *shown = self.draw(&p.line(), *shown);
        }
    }

    /// Clears the progress line at the end.
    pub fn finish(&self) {
        let mut shown = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if self.progress.is_some() && *shown > 0 {
            self.printer.progress(&" ".repeat(*shown));
            *shown = 0;
        }
    }

    /// A finished transfer: `upload: ./a to s3://b/a`.
    pub fn success(&self, line: &str) {
        if self.verbosity == Verbosity::Normal {
            self.print(false, line);
        }
    }

    /// A transfer that would run: `(dryrun) upload: ./a to s3://b/a`.
    pub fn dryrun(&self, line: &str) {
        if self.verbosity != Verbosity::Quiet {
            self.print(false, &format!("(dryrun) {line}"));
        }
    }

    /// A failed transfer: `upload failed: ./a to s3://b/a <error>`.
    pub fn failure(&self, line: &str) {
        self.failures.fetch_add(1, Ordering::SeqCst);
        if self.verbosity != Verbosity::Quiet {
            self.print(true, line);
        }
    }

    /// A skipped file: `warning: Skipping file …`.
    pub fn warning(&self, line: &str) {
        self.warnings.fetch_add(1, Ordering::SeqCst);
        if self.verbosity != Verbosity::Quiet {
            self.print(true, line);
        }
    }

    /// A message on stderr that changes no exit code and shows whatever the verbosity (as
    /// the AWS CLI prints its case-conflict warnings).
    pub fn notice(&self, line: &str) {
        self.print(true, line);
    }

    /// An error that stops the command: `fatal error: …` (counts as a failure).
    pub fn fatal(&self, message: &str) {
        self.failures.fetch_add(1, Ordering::SeqCst);
        if self.verbosity != Verbosity::Quiet {
            self.print(true, &format!("fatal error: {message}"));
        }
    }

    /// The verbosity.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// The exit code so far: 1 if anything failed, else 2 if anything was skipped, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.failures.load(Ordering::SeqCst) > 0 {
            1
        } else if self.warnings.load(Ordering::SeqCst) > 0 {
            2
        } else {
            0
        }
    }
}
