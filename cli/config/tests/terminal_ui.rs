//! The account / role chooser of `aws configure sso` on a real pseudo-terminal: the test
//! runs itself again under `script(1)`, waits for the list, presses arrow keys and Enter,
//! and checks the choice.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws2_config::sso_login::terminal::TerminalUi;
use aws2_config::sso_login::LoginUi;
use common::report;

const CHILD: &str = "AWS2_CHOOSER_TEST_CHILD";

fn wait_for(buffer: &Mutex<Vec<u8>>, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let text = String::from_utf8_lossy(&buffer.lock().unwrap()).into_owned();
        if text.contains(needle) || start.elapsed() > Duration::from_secs(20) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run_child(keys: &[u8]) -> String {
    let exe = std::env::current_exe().unwrap();
    let command = format!(
        "'{}' arrow_keys_pick_an_item_on_a_terminal --exact --nocapture --test-threads=1",
        exe.display()
    );
    let mut script = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(CHILD, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script(1) from util-linux must be installed");
    let output = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = script.stdout.take().unwrap();
    let sink = output.clone();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let seen = wait_for(&output, "  gamma");
    assert!(seen.contains("> alpha"), "no list drawn: {seen:?}");
    let mut stdin = script.stdin.take().unwrap();
    stdin.write_all(keys).unwrap();
    stdin.flush().unwrap();
    wait_for(&output, "PICKED");
    script.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let text = String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
    text
}

#[test]
fn arrow_keys_pick_an_item_on_a_terminal() {
    if std::env::var_os(CHILD).is_some() {
        let items = ["alpha", "beta", "gamma"].map(String::from);
        match TerminalUi.select(&items) {
            Ok(i) => println!("PICKED {i}"),
            Err(e) => println!("PICKED error {e}"),
        }
        return;
    }
    let text = run_child(b"\x1b[B\x1b[B\r");
    assert!(text.contains("PICKED 2"), "{text:?}");
    assert!(text.contains("> gamma"), "{text:?}");
    // Up from the first item wraps to the last; `j` moves down.
    let text = run_child(b"\x1b[Aj\r");
    assert!(text.contains("PICKED 0"), "{text:?}");
    let text = run_child(b"\x03");
    assert!(text.contains("PICKED error"), "{text:?}");
    report("arrow_keys_pick_an_item_on_a_terminal", 1, 1);
}
