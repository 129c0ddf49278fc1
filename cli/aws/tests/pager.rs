//! Command output goes through the pager only on a terminal (`cli_pager` / `AWS_PAGER`, else
//! `less -R`), never when piped or with `--no-cli-pager`. The terminal is a real
//! pseudo-terminal made by `script(1)`.

use aws2_e2e::MotoServer;
use std::process::Command;

fn run(moto: &MotoServer, terminal: bool, extra: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let aws = env!("CARGO_BIN_EXE_aws");
    let line = format!(
        "{aws} sts get-caller-identity --endpoint-url {} --color off {extra}",
        moto.endpoint()
    );
    let mut cmd = if terminal {
        let mut c = Command::new("script");
        c.args(["-qec", &line, "/dev/null"]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", &line]);
        c
    };
    let out = cmd
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env("AWS_PAGER", "sed s/^/paged:/")
        .output()
        .expect("script(1) from util-linux runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

#[test]
fn output_is_paged_only_on_a_terminal() {
    let moto = MotoServer::start();
    let on_terminal = run(&moto, true, "");
    assert!(
        on_terminal.lines().next().is_some_and(|l| l == "paged:{"),
        "{on_terminal}"
    );
    assert!(on_terminal.contains("paged:    \"Account\": \"123456789012\","));
    let no_pager = run(&moto, true, "--no-cli-pager");
    assert!(no_pager.starts_with("{\n"), "{no_pager}");
    let piped = run(&moto, false, "");
    assert!(
        piped.starts_with("{\n") && !piped.contains("paged:"),
        "{piped}"
    );
    eprintln!("pager: 3/3 cases");
}
