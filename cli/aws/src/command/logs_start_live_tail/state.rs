//! What the interactive Live Tail view holds and how its keys change it: the events shown
//! (JSON indented or plain), the highlighted terms and their counts, the prompt, the
//! toolbar's mode and scrolling, with the AWS CLI's texts and limits.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// At most this many terms are highlighted at once.
pub(super) const MAX_KEYWORDS: usize = 5;
/// At most this many lines are kept.
const MAX_LINES: usize = 1000;
/// The lines Ctrl-U and Ctrl-D move.
const FAST_SCROLL: usize = 20;

/// ANSI colors of the highlighted terms, given out in this order.
const COLORS: [&str; 5] = ["\x1b[36m", "\x1b[35m", "\x1b[34m", "\x1b[93m", "\x1b[92m"];
/// The terms always highlighted, with their colors.
pub(super) const PROTECTED: [(&str, &str); 3] = [
    ("error", "\x1b[31m"),
    ("info", "\x1b[32m"),
    ("warn", "\x1b[33m"),
];
/// Green, for the format in use.
pub(super) const GREEN: &str = "\x1b[32m";
/// Back to the default foreground color.
pub(super) const RESET: &str = "\x1b[39m";

pub(super) const EXIT_SESSION: &str = "Esc: Exit";
pub(super) const EXIT_HIGHLIGHT: &str = "Esc: Exit Highlight";
// The AWS CLI spells it so.
pub(super) const EXIT_CLEAR: &str = "Ecs: Exit Clear";
pub(super) const HIGHLIGHT_INSTRUCTIONS: &str = "Type Term and press ENTER";

/// What typed keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Input {
    /// Keys are commands.
    Disabled,
    /// Keys type a term to highlight.
    Highlight,
    /// A digit clears that term, ENTER all of them.
    Clear,
}

/// A highlighted term (lower case, trimmed), its color and how often it was highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Keyword {
    pub text: String,
    pub color: &'static str,
    pub count: usize,
}

/// The view's state.
#[derive(Debug)]
pub(super) struct State {
    /// The lines shown, each event's text split at its newlines.
    pub lines: Vec<String>,
    /// Lines that arrived while scrolling, shown when scrolling ends.
    pub paused: Vec<String>,
    pub keywords: Vec<Keyword>,
    colors: Vec<&'static str>,
    pub input: Input,
    pub prompt: String,
    /// Whether new events are indented as JSON (else plain text).
    pub json: bool,
    /// The line the scrolling cursor is on; `None` when following the latest events.
    pub cursor: Option<usize>,
    /// Events shown in the last second, and whether they were sampled.
    pub per_second: usize,
    pub sampled: bool,
    /// Whether the user asked to leave.
    pub exit: bool,
}

impl State {
    /// An empty view: JSON formatting, following the latest events.
    pub fn new() -> State {
        State {
            lines: Vec::new(),
            paused: Vec::new(),
            keywords: Vec::new(),
            colors: COLORS.to_vec(),
            input: Input::Disabled,
            prompt: String::new(),
            json: true,
            cursor: None,
            per_second: 0,
            sampled: false,
            exit: false,
        }
    }

    /// Adds the messages of the last second.
    pub fn add(&mut self, messages: &[String], sampled: bool) {
        self.per_second = messages.len();
        self.sampled = sampled;
        for message in messages {
            let text = match self.json {
                true => super::indented_json(message).unwrap_or_else(|| message.clone()),
                false => message.clone(),
            };
            for keyword in &mut self.keywords {
                keyword.count += matches(&text, &keyword.text);
            }
            let target = match self.cursor {
                Some(_) => &mut self.paused,
                None => &mut self.lines,
            };
            target.extend(text.split('\n').map(str::to_owned));
        }
        if self.cursor.is_none() {
            trim(&mut self.lines);
        }
    }

    /// The toolbar's text in the current input mode (with ANSI colors).
    pub fn toolbar(&self) -> String {
        match self.input {
            Input::Highlight => HIGHLIGHT_INSTRUCTIONS.to_owned(),
            Input::Clear => {
                let mut text = String::new();
                for (i, keyword) in self.keywords.iter().enumerate() {
                    text.push_str(&format!("{}: {}    ", i + 1, keyword.text));
                }
                text.push_str("ENTER: All");
                text
            }
            Input::Disabled => {
                let (json, plain) = match self.json {
                    true => (format!("{GREEN}JSON{RESET}"), "Plain text".to_owned()),
                    false => ("JSON".to_owned(), format!("{GREEN}Plain text{RESET}")),
                };
                let mut text = format!(
                    "h: Highlight Terms (MAX 5)    c: Clear Highlighted Terms    t: Toggle \
                     Formatting ({json}/{plain})    up/down: Scroll    ctrl+u/ctrl+d: Fast Scroll"
                );
                if self.cursor.is_some() {
                    text.push_str("    q: Scroll to latest");
                }
                text
            }
        }
    }

    /// The text of the key that leaves the current mode.
    pub fn quit_text(&self) -> &'static str {
        match self.input {
            Input::Disabled => EXIT_SESSION,
            Input::Highlight => EXIT_HIGHLIGHT,
            Input::Clear => EXIT_CLEAR,
        }
    }

    /// Handles one key.
    pub fn key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            // Ctrl-C leaves from the prompt only, not while scrolling.
            KeyCode::Char('c') if ctrl && self.cursor.is_none() => self.exit = true,
            KeyCode::Char('u') if ctrl => match self.cursor {
                None => self.start_scrolling(),
                Some(line) => self.cursor = Some(line.saturating_sub(FAST_SCROLL)),
            },
            KeyCode::Char('d') if ctrl => match self.cursor {
                Some(line) if line < self.last_line() => {
                    self.cursor = Some((line + FAST_SCROLL).min(self.last_line()));
                }
                Some(_) => self.stop_scrolling(),
                None => {}
            },
            KeyCode::Up => match self.cursor {
                None => self.start_scrolling(),
                Some(line) => self.cursor = Some(line.saturating_sub(1)),
            },
            KeyCode::Down => match self.cursor {
                Some(line) if line < self.last_line() => self.cursor = Some(line + 1),
                Some(_) => self.stop_scrolling(),
                None => {}
            },
            KeyCode::Backspace => {
                self.prompt.pop();
            }
            KeyCode::Esc => match self.input {
                Input::Disabled => self.exit = true,
                _ => self.reset(),
            },
            KeyCode::Enter => self.enter(),
            KeyCode::Char(c) if !ctrl => self.typed(c),
            _ => {}
        }
    }

    fn typed(&mut self, c: char) {
        match self.input {
            Input::Highlight => self.prompt.push(c),
            Input::Clear => {
                let index = c.to_digit(10).map(|d| d as usize);
                if let Some(i) = index.filter(|&d| d >= 1 && d <= self.keywords.len()) {
                    let removed = self.keywords.remove(i - 1);
                    self.colors.insert(0, removed.color);
                    self.reset();
                }
            }
            Input::Disabled => match c {
                'h' if self.keywords.len() < MAX_KEYWORDS => self.input = Input::Highlight,
                'c' if !self.keywords.is_empty() => self.input = Input::Clear,
                't' => self.json = !self.json,
                'q' if self.cursor.is_some() => self.stop_scrolling(),
                _ => {}
            },
        }
    }

    fn enter(&mut self) {
        match self.input {
            Input::Highlight => {
                let term = self.prompt.to_lowercase();
                let known = self.keywords.iter().any(|k| k.text == term);
                if !known && !self.prompt.is_empty() {
                    let text = term.trim().to_owned();
                    let color = self.colors.remove(0);
                    let count = self
                        .lines
                        .iter()
                        .chain(&self.paused)
                        .map(|l| matches(l, &text))
                        .sum();
                    self.keywords.push(Keyword { text, color, count });
                }
                self.reset();
            }
            Input::Clear => {
                self.keywords.clear();
                self.colors = COLORS.to_vec();
                self.reset();
            }
            Input::Disabled => {}
        }
    }

    fn reset(&mut self) {
        self.input = Input::Disabled;
        self.prompt.clear();
    }

    fn last_line(&self) -> usize {
        // The buffer ends with a newline: its last line is the empty one after it.
        self.lines.len()
    }

    fn start_scrolling(&mut self) {
        self.cursor = Some(self.last_line());
    }

    fn stop_scrolling(&mut self) {
        self.cursor = None;
        let paused = std::mem::take(&mut self.paused);
        self.lines.extend(paused);
        trim(&mut self.lines);
    }
}

/// Keeps the last lines.
fn trim(lines: &mut Vec<String>) {
    if lines.len() > MAX_LINES {
        lines.drain(..lines.len() - MAX_LINES);
    }
}

/// How often `term` (lower case) occurs in `text`, ignoring case.
pub(super) fn matches(text: &str, term: &str) -> usize {
    if term.is_empty() {
        return 0;
    }
    text.to_lowercase().matches(term).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(state: &mut State, code: KeyCode) {
        state.key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn terms_are_highlighted_counted_and_cleared() {
        let mut state = State::new();
        state.add(&["Disk full".into(), "{\"a\": 1}".into()], false);
        assert_eq!(state.lines, ["Disk full", "{", "    \"a\": 1", "}"]);
        press(&mut state, KeyCode::Char('h'));
        assert_eq!(state.input, Input::Highlight);
        assert_eq!(state.quit_text(), EXIT_HIGHLIGHT);
        for c in "DISK".chars() {
            press(&mut state, KeyCode::Char(c));
        }
        press(&mut state, KeyCode::Enter);
        assert_eq!(state.keywords[0].text, "disk");
        assert_eq!(state.keywords[0].count, 1);
        state.add(&["disk disk".into()], true);
        assert_eq!(state.keywords[0].count, 3);
        press(&mut state, KeyCode::Char('c'));
        assert_eq!(state.toolbar(), "1: disk    ENTER: All");
        press(&mut state, KeyCode::Char('1'));
        assert!(state.keywords.is_empty());
        assert_eq!(state.input, Input::Disabled);
    }

    #[test]
    fn scrolling_holds_new_events_until_it_ends() {
        let mut state = State::new();
        state.add(&["a".into(), "b".into()], false);
        press(&mut state, KeyCode::Up);
        assert_eq!(state.cursor, Some(2));
        assert!(state.toolbar().ends_with("q: Scroll to latest"));
        press(&mut state, KeyCode::Up);
        state.add(&["c".into()], false);
        assert_eq!(state.lines.len(), 2);
        press(&mut state, KeyCode::Char('q'));
        assert_eq!(state.lines, ["a", "b", "c"]);
        press(&mut state, KeyCode::Char('t'));
        assert!(!state.json);
        press(&mut state, KeyCode::Esc);
        assert!(state.exit);
    }
}
