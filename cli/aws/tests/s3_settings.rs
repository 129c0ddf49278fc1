//! The `s3` settings of the config file are checked as the Python CLI checks them: a bad
//! value stops `cp`, `mv`, `rm` and `sync` with the same message and exit code, and the
//! commands that transfer nothing (`ls`, `mb`) do not read them.

use aws2_e2e::MotoServer;
use std::path::Path;
use std::process::Command;

fn run(
    program: &str,
    dir: &Path,
    moto: &MotoServer,
    setting: &str,
    args: &[&str],
) -> (i32, String) {
    let config = dir.join(format!("config-{}", setting.replace([' ', '/', '='], "_")));
    std::fs::write(&config, format!("[default]\ns3 =\n  {setting}\n")).unwrap();
    let out = Command::new(program)
        .args(["s3"])
        .args(args)
        .args(["--endpoint-url", &moto.endpoint()])
        .current_dir(dir)
        .env("HOME", dir)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("none"))
        .output()
        .expect("the CLI runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_transfer_settings_fail_as_in_v2() {
    let moto = MotoServer::start();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    std::fs::write(dir.join("a.txt"), b"a").unwrap();
    let aws2 = env!("CARGO_BIN_EXE_aws");
    let mb = run(
        aws2,
        dir,
        &moto,
        "max_queue_size = 10",
        &["mb", "s3://settings"],
    );
    assert_eq!(mb.0, 0, "{mb:?}");
    let mut checks = 0;
    for setting in [
        "max_concurrent_requests = abc",
        "max_concurrent_requests = 0",
        "max_queue_size = 0",
        "max_queue_size = many",
        "multipart_chunksize = 1x",
        "multipart_threshold = -5",
        "multipart_threshold = 1.5MB",
        "max_bandwidth = fast",
        "max_bandwidth = 0MB/s",
    ] {
        let upload = ["cp", "a.txt", "s3://settings/a.txt"];
        let mine = run(aws2, dir, &moto, setting, &upload);
        let oracle = aws2_e2e::oracle::v2_bin();
        let python = run(
            oracle.to_str().expect("UTF-8 path"),
            dir,
            &moto,
            setting,
            &upload,
        );
        assert_eq!(mine, python, "{setting}");
        assert_eq!(mine.0, 255, "{setting}: {mine:?}");
        let list = run(aws2, dir, &moto, setting, &["ls", "s3://settings"]);
        assert_eq!(
            list.0, 0,
            "{setting}: ls does not read the settings: {list:?}"
        );
        checks += 1;
    }
    // Good values in every form the AWS CLI reads.
    for setting in [
        "multipart_chunksize = 16MiB",
        "multipart_threshold = 64mb",
        "max_bandwidth = 50MB/s",
        "max_bandwidth = 1000B/s",
        "max_bandwidth = 8Mb/s",
        "max_queue_size = 1_000",
    ] {
        let upload = ["cp", "a.txt", "s3://settings/ok.txt"];
        let mine = run(aws2, dir, &moto, setting, &upload);
        assert_eq!(mine.0, 0, "{setting}: {mine:?}");
        checks += 1;
    }
    eprintln!("s3 settings: {checks} cases as the Python CLI");
}
