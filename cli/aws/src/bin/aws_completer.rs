//! The `aws_completer` binary: shell completion for `aws`.
//!
//! bash: `complete -C aws_completer aws2` (reads `COMP_LINE` and `COMP_POINT`); tcsh:
//! `complete aws2 'p/*/`aws_completer`/'` (reads `COMMAND_LINE`); zsh and fish through the
//! scripts in `completions/`. Prints the candidates for the word at the cursor, one a line.

use aws2_cli::completer;
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
