//! The rows of the interactive Live Tail view for a terminal size: the events (terms
//! highlighted, long lines wrapped), a dashed line, the `>` prompt, the session's metadata
//! and the toolbar, laid out as the AWS CLI lays them out.

use super::state::{State, PROTECTED, RESET};
use std::time::Duration;

/// One character and the ANSI color it is drawn in (`""` for the default).
type Styled = Vec<(char, &'static str)>;

/// A drawn frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Frame {
    /// One string per row (ANSI colors, at most the width in characters).
    pub rows: Vec<String>,
    /// The first event row shown while scrolling (kept from frame to frame, as a terminal
    /// view scrolls only to keep its cursor in sight).
    pub top: Option<usize>,
    /// Where the cursor goes: after the prompt, or on the scrolling cursor's line.
    pub cursor: (usize, usize),
}

/// The frame of `state` for a terminal of `width` × `height`; `top` is the previous frame's.
/// The events take the rows the rest leaves, or only as many as they fill when `last` (the
/// frame left on the screen when the view ends).
pub(super) fn frame(
    state: &State,
    elapsed: Duration,
    (width, height): (usize, usize),
    top: Option<usize>,
    last: bool,
) -> Frame {
    let width = width.max(1);
    let mut bottom: Vec<String> = Vec::new();
    bottom.push("-".repeat(width));
    bottom.push(draw(&parse(&format!(">{}", state.prompt)), width, None));
    for row in wrap(&parse(&metadata(state, elapsed)), width) {
        bottom.push(right(&row, width, None));
    }
    for row in wrap(&parse(&state.toolbar()), width) {
        bottom.push(draw(&row, width, Some(REVERSE)));
    }
    bottom.push(right(&parse(state.quit_text()), width, Some(REVERSE)));
    let area = height.saturating_sub(bottom.len());
    let mut rows: Vec<(usize, Styled)> = Vec::new();
    // The buffer ends with a newline: an empty last line follows the events.
    let lines = state.lines.iter().map(String::as_str).chain([""]);
    for (i, line) in lines.enumerate() {
        for row in wrap(&highlight(state, line), width) {
            rows.push((i, row));
        }
    }
    let area = match last {
        true => area.min(rows.len()),
        false => area,
    };
    let latest = rows.len().saturating_sub(area);
    let (start, top, cursor_row) = match state.cursor {
        None => (latest, None, None),
        Some(line) => {
            let at = rows.iter().position(|(i, _)| *i >= line).unwrap_or(0);
            let mut start = top.unwrap_or(latest);
            if at < start {
                start = at;
            } else if at >= start + area {
                start = at + 1 - area;
            }
            let start = start.min(latest);
            (start, Some(start), Some(at - start.min(at)))
        }
    };
    let mut out: Vec<String> = rows
        .iter()
        .skip(start)
        .take(area)
        .map(|(_, row)| draw(row, width, None))
        .collect();
    out.resize(area, " ".repeat(width));
    let cursor = match cursor_row {
        Some(row) => (0, row),
        None => (1 + state.prompt.chars().count(), area + 1),
    };
    out.extend(bottom);
    out.truncate(height);
    Frame {
        rows: out,
        top,
        cursor,
    }
}

/// Reverse video, as the toolbar is drawn.
const REVERSE: &str = "\x1b[7m";

/// `Highlighted Terms: {term: n, …}, N events/sec, Sampled: No | HH:MM:SS`.
fn metadata(state: &State, elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    let terms: Vec<String> = state
        .keywords
        .iter()
        .map(|k| {
            let shown = match k.text.chars().count() > 15 {
                true => format!("{}...", k.text.chars().take(10).collect::<String>()),
                false => k.text.clone(),
            };
            format!("{}{shown}{RESET}: {}", k.color, k.count)
        })
        .collect();
    format!(
        "Highlighted Terms: {{{}}}, {} events/sec, Sampled: {} | {:02}:{:02}:{:02}",
        terms.join(", "),
        state.per_second,
        if state.sampled { "Yes" } else { "No" },
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// A line with the highlighted terms colored, then ERROR, INFO and WARN where no term is.
fn highlight(state: &State, line: &str) -> Styled {
    let chars: Vec<char> = line.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut colors: Vec<&'static str> = vec![""; chars.len()];
    let terms = state
        .keywords
        .iter()
        .map(|k| (k.text.as_str(), k.color))
        .chain(PROTECTED);
    for (term, color) in terms {
        let term: Vec<char> = term.chars().collect();
        if term.is_empty() || term.len() > lower.len() {
            continue;
        }
        let mut at = 0;
        while at + term.len() <= lower.len() {
            if lower[at..at + term.len()] == term[..] && colors[at..at + term.len()].iter().all(|c| c.is_empty()) {
                colors[at..at + term.len()].fill(color);
                at += term.len();
            } else {
                at += 1;
            }
        }
    }
    let mut out = Vec::with_capacity(chars.len());
    for (c, color) in chars.into_iter().zip(colors) {
        match shown_as(c) {
            // Control characters are shown in blue, as the AWS CLI's view shows them.
            Some(text) if c != '\u{a0}' => out.extend(text.chars().map(|t| (t, BLUE))),
            Some(text) => out.extend(text.chars().map(|t| (t, color))),
            None => out.push((c, color)),
        }
    }
    out
}

/// The color of control characters.
const BLUE: &str = "\x1b[34m";

/// How the terminal view shows a control character: `^I` for a tab, `^[` for an escape,
/// `<80>` for a C1 control, a space for a no-break space (as Vim does).
fn shown_as(c: char) -> Option<String> {
    let code = u32::from(c);
    match code {
        0x00..=0x1f => char::from_u32(code + 0x40).map(|l| format!("^{l}")),
        0x7f => Some("^?".to_owned()),
        0x80..=0x9f => Some(format!("<{code:x}>")),
        0xa0 => Some(" ".to_owned()),
        _ => None,
    }
}

/// Text with ANSI color sequences as styled characters (a reset is the default color).
fn parse(text: &str) -> Styled {
    let mut out = Vec::new();
    let mut color: &'static str = "";
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            if let Some(end) = rest.find('m') {
                color = known_color(&rest[..=end]);
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push((c, color));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The color constant of a sequence (the view only uses its own colors).
fn known_color(sequence: &str) -> &'static str {
    const ALL: [&str; 8] = [
        "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[35m", "\x1b[36m", "\x1b[92m",
        "\x1b[93m",
    ];
    ALL.into_iter().find(|c| *c == sequence).unwrap_or("")
}

/// Rows of at most `width` characters.
fn wrap(text: &Styled, width: usize) -> Vec<Styled> {
    if text.is_empty() {
        return vec![Vec::new()];
    }
    text.chunks(width).map(<[_]>::to_vec).collect()
}

/// A row as text: its colors, padded with blanks to the width.
fn draw(row: &[(char, &'static str)], width: usize, attribute: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(a) = attribute {
        out.push_str(a);
    }
    let mut current = "";
    for &(c, color) in row {
        if color != current {
            out.push_str(if color.is_empty() { RESET } else { color });
            current = color;
        }
        out.push(c);
    }
    if !current.is_empty() {
        out.push_str(RESET);
    }
    // Rows are written whole, blanks included, as the AWS CLI's view writes them.
    out.push_str(&" ".repeat(width.saturating_sub(row.len())));
    if attribute.is_some() {
        out.push_str("\x1b[0m");
    }
    out
}

/// A row aligned to the right edge.
fn right(row: &[(char, &'static str)], width: usize, attribute: Option<&str>) -> String {
    let mut padded: Styled = vec![(' ', ""); width.saturating_sub(row.len())];
    padded.extend_from_slice(row);
    draw(&padded, width, attribute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_has_the_events_above_the_prompt_and_toolbar() {
        let mut state = State::new();
        state.add(&["ERROR disk full\t\u{9b}".into()], false);
        let shown = frame(&state, Duration::from_secs(3725), (100, 10), None, false);
        assert_eq!(shown.cursor, (1, 5));
        let rows = shown.rows;
        assert_eq!(rows.len(), 10);
        assert!(rows.iter().any(|r| r.trim_end() == "\x1b[31mERROR\x1b[39m disk full\x1b[34m^I<9b>\x1b[39m"), "{rows:?}");
        assert_eq!(rows[4], "-".repeat(100));
        assert_eq!(rows[5].trim_end(), ">");
        assert!(rows[6].ends_with(
            "Highlighted Terms: {}, 1 events/sec, Sampled: No | 01:02:05"
        ));
        assert!(rows[7].starts_with("\x1b[7mh: Highlight Terms (MAX 5)"));
        assert!(rows[9].contains("Esc: Exit"));
        let last = frame(&state, Duration::ZERO, (100, 10), None, true);
        assert_eq!(last.rows.len(), 8);
        assert_eq!(last.rows[1].trim_end(), "");
    }
}
