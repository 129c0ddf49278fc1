//! [`LoginUi`] on the terminal: text on standard output, answers from standard input, the
//! account and role choice with the arrow keys (a numbered prompt when standard input is
//! not a terminal), the browser opened with the platform's opener.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::time::Duration;

use super::LoginUi;
use crate::error::{ConfigError, Result};

/// The terminal user interface.
#[derive(Debug, Default)]
pub struct TerminalUi;

fn aborted() -> ConfigError {
    ConfigError::Sso("No input was given; the SSO configuration was not completed.".into())
}

fn out(text: &str) {
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// The key presses the chooser understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Arrow up or `k`.
    Up,
    /// Arrow down or `j`.
    Down,
    /// Enter.
    Enter,
    /// Ctrl-C or Ctrl-D.
    Abort,
    /// Anything else.
    Other,
}

/// The next key from raw terminal input.
pub fn read_key(input: &mut dyn Read) -> Key {
    let mut byte = [0u8; 1];
    if input.read(&mut byte).unwrap_or(0) == 0 {
        return Key::Abort;
    }
    match byte[0] {
        b'\r' | b'\n' => Key::Enter,
        3 | 4 => Key::Abort,
        b'k' => Key::Up,
        b'j' => Key::Down,
        0x1b => {
            let mut seq = [0u8; 2];
            if input.read_exact(&mut seq).is_err() {
                return Key::Other;
            }
            match seq {
                [b'[', b'A'] | [b'O', b'A'] => Key::Up,
                [b'[', b'B'] | [b'O', b'B'] => Key::Down,
                _ => Key::Other,
            }
        }
        _ => Key::Other,
    }
}

/// The list with `>` at the current choice, as the AWS CLI draws it.
pub fn render(items: &[String], current: usize) -> String {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mark = if i == current { ">" } else { " " };
            format!("\r\x1b[2K{mark} {item}\r\n")
        })
        .collect()
}

/// Apply one key to the current choice: `Ok(Some(i))` when chosen.
pub fn step(key: Key, current: &mut usize, len: usize) -> Result<Option<usize>> {
    match key {
        Key::Up => *current = current.checked_sub(1).unwrap_or(len - 1),
        Key::Down => *current = (*current + 1) % len,
        Key::Enter => return Ok(Some(*current)),
        Key::Abort => return Err(aborted()),
        Key::Other => {}
    }
    Ok(None)
}

#[cfg(unix)]
fn raw_select(items: &[String]) -> Result<usize> {
    use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions};
    let stdin = std::io::stdin();
    let saved = tcgetattr(&stdin).map_err(|_| aborted())?;
    let mut raw = saved.clone();
    // Ctrl-C arrives as a key, so the terminal is always restored.
    raw.local_modes
        .remove(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG);
    let _ = tcsetattr(&stdin, OptionalActions::Now, &raw);
    let mut current = 0;
    out("\x1b[?25l");
    out(&render(items, current));
    let mut input = stdin.lock();
    let result = loop {
        match step(read_key(&mut input), &mut current, items.len()) {
            Ok(Some(i)) => break Ok(i),
            Ok(None) => out(&format!("\x1b[{}A{}", items.len(), render(items, current))),
            Err(e) => break Err(e),
        }
    };
    out("\x1b[?25h");
    let _ = tcsetattr(&stdin, OptionalActions::Now, &saved);
    result
}

#[cfg(not(unix))]
fn raw_select(items: &[String]) -> Result<usize> {
    numbered_select(items)
}

fn read_line() -> Result<String> {
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => Err(aborted()),
        Ok(_) => Ok(line.trim_end_matches(['\r', '\n']).to_string()),
    }
}

fn numbered_select(items: &[String]) -> Result<usize> {
    for (i, item) in items.iter().enumerate() {
        out(&format!("{}. {item}\n", i + 1));
    }
    loop {
        out("Select a number [1]: ");
        let answer = read_line()?;
        let answer = answer.trim();
        if answer.is_empty() {
            return Ok(0);
        }
        match answer.parse::<usize>() {
            Ok(n) if (1..=items.len()).contains(&n) => return Ok(n - 1),
            _ => out(&format!("Enter a number from 1 to {}.\n", items.len())),
        }
    }
}

impl LoginUi for TerminalUi {
    fn print(&mut self, text: &str) {
        out(text);
    }

    fn prompt(&mut self, text: &str) -> Result<String> {
        out(text);
        read_line()
    }

    fn select(&mut self, items: &[String]) -> Result<usize> {
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            raw_select(items)
        } else {
            numbered_select(items)
        }
    }

    fn open_browser(&mut self, url: &str) -> bool {
        let mut command = if cfg!(target_os = "macos") {
            std::process::Command::new("open")
        } else if cfg!(windows) {
            let mut c = std::process::Command::new("cmd");
            c.args(["/C", "start", ""]);
            c
        } else {
            std::process::Command::new("xdg-open")
        };
        command
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn sleep(&mut self, duration: Duration) {
        std::thread::sleep(duration);
    }
}
