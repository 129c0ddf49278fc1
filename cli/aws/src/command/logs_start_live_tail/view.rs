//! The interactive view of `aws logs start-live-tail --mode interactive`: the terminal in raw
//! mode, the events that arrived moved into the view once a second (as the AWS CLI does),
//! the frame drawn again on every key and every second, until Esc (or Ctrl-C at the prompt)
//! or the end of the stream; the last frame stays on the screen.

use super::render::{frame, Frame};
use super::state::State;
use super::Received;
use crate::error::CliError;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::{cursor, queue, terminal};
use std::io::Write;
use std::sync::mpsc::{self, TryRecvError};
use std::time::{Duration, Instant};

/// How often events move into the view.
const SECOND: Duration = Duration::from_secs(1);
/// How long to wait for a key before looking at the stream again.
const KEY_WAIT: Duration = Duration::from_millis(50);

/// Leaves raw mode however the view ends.
struct RawMode;

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Shows the session until the stream ends or the user leaves it; an error that ended the
/// stream is printed after the view.
pub(super) fn run(received: &mpsc::Receiver<Received>) -> Result<i32, CliError> {
    let failed = |e: std::io::Error| CliError::other(e.to_string());
    let mut out = std::io::stdout();
    let raw = {
        terminal::enable_raw_mode().map_err(failed)?;
        RawMode
    };
    queue!(out, terminal::Clear(terminal::ClearType::All)).map_err(failed)?;
    let started = Instant::now();
    let mut state = State::new();
    let mut pending = Vec::new();
    let mut sampled = false;
    let mut next_second = started;
    let mut shown = None;
    let mut ended = None;
    while ended.is_none() && !state.exit {
        loop {
            match received.try_recv() {
                Ok(Received::Update(messages, s)) => {
                    pending.extend(messages);
                    sampled = s.0;
                }
                Ok(Received::End(error)) => {
                    ended = Some(error);
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    ended = Some(None);
                    break;
                }
            }
        }
        if Instant::now() >= next_second {
            state.add(&std::mem::take(&mut pending), sampled);
            next_second += SECOND;
        }
        let (width, height) = terminal::size().map_err(failed)?;
        let top = shown.as_ref().and_then(|f: &Frame| f.top);
        let next = frame(&state, started.elapsed(), (width.into(), height.into()), top, false);
        if shown.as_ref() != Some(&next) {
            draw(&mut out, &next).map_err(failed)?;
            shown = Some(next);
        }
        if ended.is_none() && event::poll(KEY_WAIT).map_err(failed)? {
            if let Event::Key(key) = event::read().map_err(failed)? {
                if key.kind != KeyEventKind::Release {
                    state.key(key);
                }
            }
        }
    }
    // The last frame holds only the rows the events fill, and the cursor goes below it.
    let (width, height) = terminal::size().map_err(failed)?;
    let top = shown.as_ref().and_then(|f| f.top);
    let last = frame(&state, started.elapsed(), (width.into(), height.into()), top, true);
    draw(&mut out, &last).map_err(failed)?;
    let below = u16::try_from(last.rows.len()).unwrap_or(u16::MAX);
    if below < height {
        queue!(
            out,
            cursor::MoveTo(0, below),
            terminal::Clear(terminal::ClearType::FromCursorDown)
        )
        .map_err(failed)?;
    }
    queue!(out, cursor::MoveTo(0, below.saturating_sub(1))).map_err(failed)?;
    drop(raw);
    let mut tail = String::from("\r\n");
    if let Some(Some(error)) = ended {
        tail.push_str(&format!("{error}\n"));
    }
    out.write_all(tail.as_bytes())
        .and_then(|()| out.flush())
        .map_err(failed)?;
    Ok(0)
}

/// Draws a frame over the previous one and places the cursor.
fn draw(out: &mut impl Write, frame: &Frame) -> std::io::Result<()> {
    let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    for (i, row) in frame.rows.iter().enumerate() {
        queue!(out, cursor::MoveTo(0, at(i)))?;
        // Each row is as wide as the terminal: it covers the previous frame's.
        out.write_all(row.as_bytes())?;
    }
    queue!(out, cursor::MoveTo(at(frame.cursor.0), at(frame.cursor.1)))?;
    out.flush()
}
