//! Ctrl-C for the process at the other end of a loopback connection: the socket's inode is
//! found in `/proc/net/tcp*` from the two ports, its owner by the `socket:[inode]` link among
//! the processes' open files, and that process gets SIGINT.

use std::net::SocketAddr;
use std::path::Path;

/// Sends SIGINT to the local process whose socket is connected from `peer` to `server`.
/// Returns whether one was found.
pub fn interrupt_peer(peer: SocketAddr, server: SocketAddr) -> bool {
    match socket_inode(peer.port(), server.port()).and_then(|inode| owner(&inode)) {
        Some(pid) => send_sigint(pid),
        None => false,
    }
}

/// The inode of the socket bound to `local` and connected to `remote`.
fn socket_inode(local: u16, remote: u16) -> Option<String> {
    let port = |address: &str| {
        address
            .rsplit_once(':')
            .and_then(|(_, p)| u16::from_str_radix(p, 16).ok())
    };
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .find_map(|table| {
            let text = std::fs::read_to_string(table).ok()?;
            text.lines().skip(1).find_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let (ours, theirs, inode) = (fields.get(1)?, fields.get(2)?, fields.get(9)?);
                (port(ours) == Some(local) && port(theirs) == Some(remote) && *inode != "0")
                    .then(|| (*inode).to_owned())
            })
        })
}

/// The process that has the socket `inode` open.
fn owner(inode: &str) -> Option<i32> {
    let link = format!("socket:[{inode}]");
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: i32 = entry.file_name().to_str()?.parse().ok()?;
            holds(&entry.path().join("fd"), &link).then_some(pid)
        })
}

/// Whether one of the open files in `fd_dir` is `link`.
fn holds(fd_dir: &Path, link: &str) -> bool {
    let Ok(fds) = std::fs::read_dir(fd_dir) else {
        return false;
    };
    fds.flatten()
        .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target.as_os_str() == link))
}

fn send_sigint(pid: i32) -> bool {
    rustix::process::Pid::from_raw(pid)
        .is_some_and(|pid| rustix::process::kill_process(pid, rustix::process::Signal::INT).is_ok())
}

/// Starts `command` with its output piped, waits until it has printed `lines` lines, then
/// sends it `signal`; returns every line it printed, its standard error and exit code.
/// Panics (naming `label`) when it ends, or stays silent a minute, before printing them.
pub fn signal_after_lines(
    mut command: std::process::Command,
    lines: usize,
    signal: rustix::process::Signal,
    label: &str,
) -> crate::Outcome {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the command");
    let stdout = child.stdout.take().expect("stdout");
    let (send, received) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let mut printed = Vec::new();
    while printed.len() < lines {
        // A safety net only: the lines come with the first reply.
        match received.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(line) => printed.push(line),
            Err(_) => break,
        }
    }
    assert_eq!(printed.len(), lines, "{label} printed only {printed:?}");
    let pid = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process(pid, signal).expect("signal");
    let out = child.wait_with_output().expect("the command ends");
    reader.join().expect("reader");
    printed.extend(received.try_iter());
    crate::Outcome {
        stdout: printed.iter().map(|l| format!("{l}\n")).collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}
