//! A tmux server of its own for tests of full-screen terminal programs: each session runs one
//! command on a real terminal of a fixed size, keys are sent with `send-keys` and the screen
//! is read with `capture-pane` (the clock and rate of a Live Tail view masked).

use std::process::Command;
use std::time::Duration;

/// A tmux server of its own, whose sessions run one command each on a real terminal.
pub struct Tmux {
    socket: String,
}

impl Default for Tmux {
    fn default() -> Tmux {
        Tmux::new()
    }
}

impl Tmux {
    /// A server named after this process (started by the first session).
    pub fn new() -> Tmux {
        Tmux {
            socket: format!("aws2-live-tail-{}", std::process::id()),
        }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts `cmd` in session `name`, on a 100×30 terminal; the shell says how it exited.
    pub fn start(&self, name: &str, cmd: &Command) {
        let quote = |s: &std::ffi::OsStr| {
            shlex::try_quote(&s.to_string_lossy())
                .expect("quotable")
                .into_owned()
        };
        let mut line = String::new();
        if let Some(dir) = cmd.get_current_dir() {
            line.push_str(&format!("cd {} && ", quote(dir.as_os_str())));
        }
        line.push_str("env");
        // env takes its -u options before the assignments.
        for (key, _) in cmd.get_envs().filter(|(_, v)| v.is_none()) {
            line.push_str(&format!(" -u {}", quote(key)));
        }
        for (key, value) in cmd.get_envs() {
            if let Some(v) = value {
                line.push_str(&format!(" {}={}", quote(key), quote(v)));
            }
        }
        line.push_str(&format!(" {}", quote(cmd.get_program())));
        for arg in cmd.get_args() {
            line.push_str(&format!(" {}", quote(arg)));
        }
        line.push_str("; echo EXIT=$?; sleep 600");
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "100",
            "-y",
            "30",
            &line,
        ]);
    }

    /// The screen of a session, with the session's clock and rate (which differ from run to
    /// run) masked.
    pub fn screen(&self, name: &str) -> String {
        self.capture(name, false)
    }

    /// [`Tmux::screen`], with the colors and attributes as escape sequences when `colors`.
    pub fn capture(&self, name: &str, colors: bool) -> String {
        let options = if colors { "-pe" } else { "-p" };
        let text = self.tmux(&["capture-pane", options, "-t", name]);
        let rate = regex::Regex::new(r"\d+ events/sec").expect("regex");
        let clock = regex::Regex::new(r"\| \d\d:\d\d:\d\d").expect("regex");
        let text = rate.replace_all(&text, "N events/sec");
        clock.replace_all(&text, "| HH:MM:SS").into_owned()
    }

    /// The screen once `ready` holds for it (a safety net of a minute, not a timing).
    pub fn wait(&self, name: &str, ready: impl Fn(&str) -> bool) -> String {
        for _ in 0..600 {
            let screen = self.screen(name);
            if ready(&screen) {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "{name} never showed what was expected:\n{}",
            self.screen(name)
        );
    }

    /// Sends `send-keys` arguments (key names, or `-l` and text) to a session.
    pub fn keys(&self, name: &str, keys: &[&str]) {
        self.tmux(&[&["send-keys", "-t", name][..], keys].concat());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

/// A screen captured with its escape sequences, as the color and reverse video of each
/// visible character: `[36]disk[]` where a run of characters changes them. Blanks carry no
/// color, so how a terminal program clears the ends of its rows does not count.
pub fn cell_colors(captured: &str) -> String {
    let mut out = String::new();
    let (mut fg, mut reverse) = (String::new(), false);
    let mut shown = (String::new(), false);
    let mut rest = captured;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            let end = rest.find('m').unwrap_or(rest.len() - 1);
            for param in rest.get(2..end).unwrap_or("").split(';') {
                match param {
                    "" | "0" => (fg, reverse) = (String::new(), false),
                    "39" => fg.clear(),
                    "7" => reverse = true,
                    "27" => reverse = false,
                    p if p.len() == 2 && (p.starts_with('3') || p.starts_with('9')) => {
                        fg = p.to_owned();
                    }
                    _ => {}
                }
            }
            rest = &rest[end + 1..];
            continue;
        }
        if !c.is_whitespace() && shown != (fg.clone(), reverse) {
            shown = (fg.clone(), reverse);
            out.push_str(&format!("[{}{}]", fg, if reverse { ",r" } else { "" }));
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
