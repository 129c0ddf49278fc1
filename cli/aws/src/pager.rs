//! Where long output goes: through a pager on a terminal, straight to stdout otherwise. Help
//! pages take `AWS_PAGER`, then `PAGER`, else `less -R`; command output takes the `cli_pager`
//! setting (`AWS_PAGER`, the profile), else `less -R`. An empty value means no pager.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// The page width used when stdout is not a terminal and `COLUMNS` is not set.
const DEFAULT_WIDTH: usize = 80;

/// Whether stdout is a terminal.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// The width to wrap at: the terminal's, else `COLUMNS`, else 80.
pub fn width(terminal: bool) -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    if terminal {
        #[cfg(unix)]
        if let Ok(size) = rustix::termios::tcgetwinsize(std::io::stdout()) {
            if size.ws_col > 0 {
                return usize::from(size.ws_col);
            }
        }
    }
    from_env.filter(|w| *w > 0).unwrap_or(DEFAULT_WIDTH)
}

/// The pager command to use, if any.
fn pager_command() -> Option<String> {
    let chosen = ["AWS_PAGER", "PAGER"]
        .iter()
        .find_map(|v| std::env::var(v).ok())
        .unwrap_or_else(|| {
            if cfg!(windows) {
                "more".to_owned()
            } else {
                "less -R".to_owned()
            }
        });
    let chosen = chosen.trim().to_owned();
    (!chosen.is_empty()).then_some(chosen)
}

/// Shows text, through the pager when `page` is set; falls back to stdout when the pager
/// cannot be started.
pub fn show(text: &str, page: bool) -> std::io::Result<()> {
    let cmd = if page { pager_command() } else { None };
    show_through(text, cmd.as_deref())
}

/// Shows text through the given pager command, or on stdout when there is none or it cannot
/// be started.
pub fn show_through(text: &str, pager: Option<&str>) -> std::io::Result<()> {
    if let Some(cmd) = pager.filter(|c| !c.trim().is_empty()) {
        if let Some(child) = spawn(cmd) {
            return feed(child, text);
        }
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn spawn(cmd: &str) -> Option<std::process::Child> {
    let mut command = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", cmd]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", cmd]);
        c
    };
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    command.stdin(Stdio::piped()).spawn().ok()
}

fn feed(mut child: std::process::Child, text: &str) -> std::io::Result<()> {
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e),
            _ => {}
        }
    }
    child.wait().map(|_| ())
}
