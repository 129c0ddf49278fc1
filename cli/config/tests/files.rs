//! Reading the shared files: every detail of the format and the errors for bad files.

mod common;

use aws2_config::ini::IniValue;
use aws2_config::{CommandLine, ConfigError, Env};
use common::*;

#[test]
fn profiles_sections_and_nested_blocks() {
    let home = Home::new();
    home.write_config(
        "# leading comment\n\
         ; another\n\
         [default]\n\
         region = us-west-2\n\
         output: text\n\
         blank =\n\
         \n\
         [profile dev]\n\
         region=eu-west-1 # not a comment\n\
         s3 =\n\
         \x20 max_concurrent_requests = 20\n\
         \x20 # comment inside the block\n\
         \x20 addressing_style = path\n\
         api_versions =\n\
         \x20   ec2 = 2015-03-01\n\
         services = local\n\
         [profile \"with space\"]\n\
         region = ap-south-1\n\
         [sso-session corp]\n\
         sso_start_url = https://example.awsapps.com/start\n\
         sso_region = us-east-1\n\
         [services local]\n\
         dynamodb =\n\
         \x20 endpoint_url = http://localhost:8000\n\
         [preview]\n\
         cloudfront = true\n",
    );
    let s = home.session(home.env(), CommandLine::new());
    let files = s.files();
    let names: Vec<String> = s.available_profiles().unwrap();
    assert_eq!(names, ["default", "dev", "with space"]);
    let default = files.profile("default").unwrap().unwrap();
    assert_eq!(default.get_text("output"), Some("text"));
    assert_eq!(default.get_text("blank"), Some(""));
    let dev = files.profile("dev").unwrap().unwrap();
    assert_eq!(dev.get_text("region"), Some("eu-west-1 # not a comment"));
    assert_eq!(
        dev.get("s3"),
        Some(&IniValue::Nested(vec![
            ("max_concurrent_requests".into(), "20".into()),
            ("addressing_style".into(), "path".into())
        ]))
    );
    let config = files.config().unwrap().unwrap();
    assert!(config.sso_session("corp").is_some());
    assert!(config.services_section("local").is_some());
    assert!(config.other_section("preview").is_some());

    let dev_session = home.session(home.env(), CommandLine::new().with_profile("dev"));
    assert_eq!(
        dev_session.s3("addressing_style").unwrap().as_deref(),
        Some("path")
    );
    assert_eq!(
        dev_session.api_version("ec2").unwrap().as_deref(),
        Some("2015-03-01")
    );
    let ep = dev_session.endpoint_url("dynamodb").unwrap().unwrap();
    assert_eq!(ep.value, "http://localhost:8000");
    assert!(dev_session.endpoint_url("s3").unwrap().is_none());
}

#[test]
fn credentials_file_wins_key_by_key() {
    let home = Home::new();
    home.write_config(
        "[default]\nregion = us-west-2\naws_access_key_id = AKIACONFIG\naws_secret_access_key = cfgsecret\n\
         [profile only-config]\nregion = eu-west-1\n",
    );
    home.write_credentials(
        "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = credsecret\n[only-creds]\nregion = sa-east-1\n",
    );
    let s = home.session(home.env(), CommandLine::new());
    let p = s.files().profile("default").unwrap().unwrap();
    assert_eq!(p.get_text("aws_access_key_id"), Some("AKIACREDS"));
    assert_eq!(p.get_text("region"), Some("us-west-2"));
    assert_eq!(
        s.available_profiles().unwrap(),
        ["default", "only-config", "only-creds"]
    );
}

#[test]
fn default_section_is_lent_to_every_section_and_env_paths_expand_tilde() {
    let home = Home::new();
    std::fs::create_dir_all(home.dir.path().join("alt")).unwrap();
    std::fs::write(
        home.dir.path().join("alt/cfg"),
        "[DEFAULT]\noutput = table\n[profile a]\nregion = us-east-2\n",
    )
    .unwrap();
    let env = home.env().with("AWS_CONFIG_FILE", "~/alt/cfg");
    let s = home.session(env, CommandLine::new().with_profile("a"));
    assert_eq!(s.output().unwrap(), "table");
    assert_eq!(s.region().unwrap(), "us-east-2");
    assert_eq!(s.files().config_location().display, "~/alt/cfg");
}

#[test]
fn files_are_read_only_when_needed() {
    let home = Home::new();
    home.write_config("[default]\nregion = us-west-2\n");
    let env = home.env().with("AWS_REGION", "eu-north-1");
    let s = home.session(env, CommandLine::new().with("output", "json"));
    assert_eq!(s.region().unwrap(), "eu-north-1");
    assert_eq!(s.output().unwrap(), "json");
    assert!(!s.files().any_loaded(), "no file read for env/cli settings");
    let _ = s.value("retry_mode").unwrap();
    assert!(s.files().any_loaded());
}

#[test]
fn plugins_section_gives_one_warning() {
    let home = Home::new();
    home.write_config(
        "[plugins]\ncli_legacy_plugin_path = /x\nfoo = bar\n[default]\nregion = us-west-2\n",
    );
    let s = home.session(home.env(), CommandLine::new());
    let w = s.warnings().unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("[plugins]") && !w[0].contains('\n'));
    let clean = Home::new();
    clean.write_config("[default]\n");
    assert!(clean
        .session(clean.env(), CommandLine::new())
        .warnings()
        .unwrap()
        .is_empty());
}

fn parse_error(config: &[u8]) -> String {
    let home = Home::new();
    std::fs::create_dir_all(home.dir.path().join(".aws")).unwrap();
    std::fs::write(home.config_path(), config).unwrap();
    let s = home.session(home.env().with("AWS_REGION", "x"), CommandLine::new());
    let err = s.value("output").unwrap_err();
    assert!(matches!(err, ConfigError::Parse { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(
        msg.contains(&home.config_path().display().to_string()),
        "names the file: {msg}"
    );
    // Nothing was modified.
    assert_eq!(std::fs::read(home.config_path()).unwrap(), config);
    msg
}

#[test]
fn bad_files_give_one_line_errors_naming_file_and_problem() {
    let cases: Vec<(&[u8], &str)> = vec![
        (b"[default", "no section headers"),
        (b"region = us-west-2\n[default]\n", "no section headers"),
        (
            b"[default]\nregion = a\n[default]\nregion = b\n",
            "more than once",
        ),
        (b"[default]\nregion = a\nregion = b\n", "more than once"),
        (b"[default]\nthis line is garbage\n", "line 2"),
        (b"[default]\ns3 =\n  max_concurrent_requests\n", "nested"),
        (b"\x00\x9f\x92\x96\xff\xfe", "UTF-8"),
        (b"[default]\nregion = \xc3\x28\n", "UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "line 1"),
    ];
    let total = cases.len();
    let mut passed = 0;
    for (bytes, needle) in cases {
        let msg = parse_error(bytes);
        assert!(msg.contains(needle), "{msg} should mention {needle}");
        passed += 1;
    }
    report("bad files", passed, total);
}

#[test]
fn bad_credentials_file_is_reported_with_its_path() {
    let home = Home::new();
    home.write_config("[default]\nregion = us-west-2\n");
    home.write_credentials("[default]\naws_access_key_id = AKIA\n[default]\n");
    let s = home.session(home.env(), CommandLine::new());
    let err = s.region().unwrap_err().to_string();
    assert!(
        err.contains(&home.credentials_path().display().to_string()),
        "{err}"
    );
}

#[test]
fn profile_named_but_missing_is_an_error() {
    let home = Home::new();
    home.write_config("[default]\nregion = us-west-2\n");
    let s = home.session(home.env(), CommandLine::new().with_profile("nope"));
    assert_eq!(
        s.region().unwrap_err().to_string(),
        "The config profile (nope) could not be found"
    );
    let env = Env::empty().with("HOME", home.dir.path().to_string_lossy().to_string());
    let s = home.session(env, CommandLine::new());
    assert_eq!(s.region().unwrap(), "us-west-2");
}
