//! `aws history list`: one line per recorded command, newest first: its id, local time,
//! first two arguments and return code, in the AWS CLI v2's columns.

use chrono::TimeZone;

use super::db::Summary;

const ID_WIDTH: usize = 38;
const TIME_WIDTH: usize = 24;
const ARGS_WIDTH: usize = 50;

/// A time in milliseconds since the epoch as local `2026-12-03 04:51:35 PM`.
fn format_time(ms: i64) -> String {
    match chrono::Local.timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %I:%M:%S %p").to_string(),
        None => String::new(),
    }
}

/// The first two arguments, cut to the column with `...`.
fn format_args(args: &str) -> Result<String, String> {
    let words: Vec<serde_json::Value> =
        serde_json::from_str(args).map_err(|e| format!("invalid arguments record: {e}"))?;
    let mut shown = Vec::new();
    for word in words.iter().take(2) {
        match word.as_str() {
            Some(w) => shown.push(w.to_owned()),
            None => return Err("sequence item: expected str instance".to_owned()),
        }
    }
    let joined = shown.join(" ");
    if joined.chars().count() >= ARGS_WIDTH {
        let cut: String = joined.chars().take(ARGS_WIDTH - 4).collect();
        return Ok(format!("{cut}..."));
    }
    Ok(joined)
}

fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(len)))
}

/// The lines of `history list` for these commands.
pub fn render(summaries: &[Summary]) -> Result<String, String> {
    let mut out = String::new();
    for s in summaries {
        out.push_str(&pad(&s.id, ID_WIDTH));
        out.push_str(&pad(&format_time(s.timestamp), TIME_WIDTH));
        out.push_str(&pad(&format_args(&s.args)?, ARGS_WIDTH));
        out.push_str(&s.rc);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_arguments_are_cut() {
        let long = format!("[\"{}\", \"b\", \"c\"]", "a".repeat(60));
        assert_eq!(
            format_args(&long).unwrap(),
            format!("{}...", "a".repeat(46))
        );
        assert_eq!(format_args("[\"s3\", \"ls\", \"x\"]").unwrap(), "s3 ls");
    }
}
