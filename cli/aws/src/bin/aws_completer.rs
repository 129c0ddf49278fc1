//! The `aws_completer` binary: shell completion for `aws`.
//!
//! bash: `complete -C aws_completer aws2` (reads `COMP_LINE` and `COMP_POINT`); tcsh:
//! `complete aws2 'p/*/`aws_completer`/'` (reads `COMMAND_LINE`); zsh and fish through the
//! scripts in `completions/`. Prints the candidates for the word at the cursor, one a line.

// The argument table (with its renames and customizations), the global options and the
// errors they use are compiled from the `aws` binary's own source files, so that both
// binaries agree on every option name.
#[allow(dead_code)]
#[path = "../args/mod.rs"]
mod args;
#[path = "../completer/mod.rs"]
mod completer;
#[allow(dead_code, unused_imports)]
#[path = "../customize/mod.rs"]
mod customize;
#[allow(dead_code)]
#[path = "../error.rs"]
mod error;
#[allow(dead_code)]
#[path = "../globals.rs"]
mod globals;

use std::io::Write;

fn main() {
    let line = std::env::var("COMP_LINE")
        .or_else(|_| std::env::var("COMMAND_LINE"))
        .unwrap_or_default();
    let point = std::env::var("COMP_POINT")
        .ok()
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(line.len());
    let mut out = String::new();
    for candidate in completer::complete(&line, point) {
        out.push_str(&candidate);
        out.push('\n');
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}
