//! The MFA prompt on a real pseudo-terminal: the test runs itself again under `script(1)`
//! (which gives the child a controlling terminal), waits for `Enter MFA code for <serial>: `,
//! types a code, and checks that STS (`moto_server`) received it as `SerialNumber` /
//! `TokenCode` and that the terminal never echoed it.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws2_config::credentials::CredentialChain;
use aws2_config::remote::{http_clients, RemoteSettings};
use aws2_config::{CommandLine, Env, Session};
use common::servers::Moto;
use common::*;

const SERIAL: &str = "arn:aws:iam::123456789012:mfa/user";
const CODE: &str = "864209";
const CHILD: &str = "AWS2_MFA_TEST_CHILD";

/// Child side: resolve the MFA role profile with the real terminal prompt.
fn child() {
    let session = Session::new(Env::from_process(), CommandLine::new().with_profile("mfa"));
    let clients = http_clients(&session, &RemoteSettings::default());
    match CredentialChain::default_for(&session).resolve(&session, &clients) {
        Ok(Some(found)) => println!("RESOLVED {}", found.method),
        Ok(None) => println!("NOTHING"),
        Err(e) => println!("ERROR {e}"),
    }
}

fn wait_for(buffer: &Mutex<Vec<u8>>, needle: &str, limit: Duration) -> String {
    let start = Instant::now();
    loop {
        let text = String::from_utf8_lossy(&buffer.lock().unwrap()).into_owned();
        if text.contains(needle) || start.elapsed() > limit {
            return text;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn mfa_code_is_read_from_the_terminal_without_echo() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let moto = Moto::start();
    let home = Home::new();
    home.write_credentials("[src]\naws_access_key_id = testing\naws_secret_access_key = testing\n");
    home.write_config(&format!(
        "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/mfa-role\nsource_profile = src\nmfa_serial = {SERIAL}\nregion = us-east-1\n"
    ));
    let exe = std::env::current_exe().unwrap();
    let command = format!(
        "'{}' mfa_code_is_read_from_the_terminal_without_echo --exact --nocapture --test-threads=1",
        exe.display()
    );
    let mut script = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.dir.path())
        .env("AWS_ENDPOINT_URL_STS", moto.url())
        .env(CHILD, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
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
    let prompt = format!("Enter MFA code for {SERIAL}: ");
    let seen = wait_for(&output, &prompt, Duration::from_secs(120));
    assert!(
        seen.contains(&prompt),
        "no prompt; terminal showed: {seen:?}"
    );
    let mut stdin = script.stdin.take().unwrap();
    stdin.write_all(format!("{CODE}\n").as_bytes()).unwrap();
    stdin.flush().unwrap();
    wait_for(&output, "test result", Duration::from_secs(120));
    let status = script.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let text = String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
    assert!(text.contains("RESOLVED assume-role"), "{text:?}");
    assert!(status.success(), "{text:?}");
    assert!(!text.contains(CODE), "the MFA code was echoed: {text:?}");

    let calls = moto.calls("AssumeRole");
    assert_eq!(calls.len(), 1);
    assert!(
        calls[0].contains(&format!("TokenCode={CODE}")),
        "{}",
        calls[0]
    );
    assert!(
        calls[0].contains("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fuser"),
        "{}",
        calls[0]
    );
    report("mfa_code_is_read_from_the_terminal_without_echo", 1, 1);
}
