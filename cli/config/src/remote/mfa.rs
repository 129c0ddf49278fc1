//! The MFA prompt: `Enter MFA code for <serial>: ` on the terminal (`/dev/tty`), read with
//! echo turned off so the code is never shown.

use std::io::{BufRead, BufReader, Write};

use crate::credentials::clients::MfaPrompt;
use crate::error::{ConfigError, Result};

/// [`MfaPrompt`] on the controlling terminal.
pub struct TerminalMfaPrompt;

fn no_terminal(serial: &str) -> ConfigError {
    ConfigError::CredentialRetrieval {
        provider: "assume-role".into(),
        message: format!("an MFA code is needed for {serial} but no terminal is available"),
    }
}

/// The prompt text.
pub fn prompt_text(serial: &str) -> String {
    format!("Enter MFA code for {serial}: ")
}

#[cfg(unix)]
mod tty {
    use rustix::termios::{tcgetattr, tcsetattr, LocalModes, OptionalActions, Termios};
    use std::fs::File;

    /// Echo turned off until dropped.
    pub struct NoEcho<'a> {
        file: &'a File,
        saved: Option<Termios>,
    }

    impl<'a> NoEcho<'a> {
        pub fn new(file: &'a File) -> Self {
            let saved = tcgetattr(file).ok();
            if let Some(original) = &saved {
                let mut quiet = original.clone();
                quiet.local_modes.remove(LocalModes::ECHO);
                quiet.local_modes.insert(LocalModes::ECHONL);
                let _ = tcsetattr(file, OptionalActions::Flush, &quiet);
            }
            NoEcho { file, saved }
        }
    }

    impl Drop for NoEcho<'_> {
        fn drop(&mut self) {
            if let Some(original) = &self.saved {
                let _ = tcsetattr(self.file, OptionalActions::Now, original);
            }
        }
    }

    pub fn open() -> std::io::Result<File> {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
    }
}

#[cfg(not(unix))]
mod tty {
    use std::fs::File;

    pub struct NoEcho;

    impl NoEcho {
        pub fn new(_file: &File) -> Self {
            NoEcho
        }
    }

    pub fn open() -> std::io::Result<File> {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("CONIN$")
    }
}

impl MfaPrompt for TerminalMfaPrompt {
    fn mfa_code(&self, serial: &str) -> Result<String> {
        let file = tty::open().map_err(|_| no_terminal(serial))?;
        let guard = tty::NoEcho::new(&file);
        let mut out = &file;
        out.write_all(prompt_text(serial).as_bytes())
            .and_then(|()| out.flush())
            .map_err(|_| no_terminal(serial))?;
        let mut line = String::new();
        BufReader::new(&file)
            .read_line(&mut line)
            .map_err(|_| no_terminal(serial))?;
        drop(guard);
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
