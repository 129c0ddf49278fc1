//! `aws configure` logic: get/set placement, list layout, list-profiles, import, export,
//! the interactive prompts, and that secrets never appear in full.

mod common;

use aws2_config::configure::{
    configure_get, configure_interactive, configure_list, configure_set, export_credentials,
    import_csv, list_profiles, ExportFormat, ImportOptions,
};
use aws2_config::credentials::{Credentials, RemoteClients};
use aws2_config::CommandLine;
use common::*;

#[test]
fn set_places_keys_like_the_python_cli() {
    let home = Home::new();
    let s = home.session(home.env(), CommandLine::new());
    configure_set(&s, "region", "us-west-2").unwrap();
    configure_set(&s, "aws_access_key_id", AKID).unwrap();
    configure_set(&s, "s3.max_concurrent_requests", "20").unwrap();
    configure_set(&s, "s3.addressing_style", "path").unwrap();
    configure_set(&s, "profile.dev.region", "eu-west-1").unwrap();
    configure_set(&s, "profile.dev.aws_secret_access_key", SECRET).unwrap();
    configure_set(&s, "default.output", "text").unwrap();
    configure_set(&s, "profile.my team.region", "ap-south-1").unwrap();
    configure_set(&s, "plugins.foo", "bar").unwrap();
    assert_eq!(
        home.read_config(),
        "[default]\nregion = us-west-2\ns3 =\n    max_concurrent_requests = 20\n    addressing_style = path\noutput = text\n\
         [profile dev]\nregion = eu-west-1\n[profile 'my team']\nregion = ap-south-1\n[plugins]\nfoo = bar\n"
    );
    assert_eq!(
        home.read_credentials(),
        format!("[default]\naws_access_key_id = {AKID}\n[dev]\naws_secret_access_key = {SECRET}\n")
    );
    let s = home.session(home.env(), CommandLine::new().with_profile("dev"));
    configure_set(&s, "output", "yaml").unwrap();
    assert!(home
        .read_config()
        .contains("[profile dev]\nregion = eu-west-1\noutput = yaml\n"));
    // Updating an existing nested key keeps its place.
    configure_set(&s, "default.s3.max_concurrent_requests", "5").unwrap();
    assert!(home
        .read_config()
        .contains("s3 =\n    max_concurrent_requests = 5\n    addressing_style = path\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(home.credentials_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn set_keeps_comments_order_and_other_sections() {
    let home = Home::new();
    let original = "# my settings\n[profile a]\n; keep me\nregion = us-east-1\n\n[default]\noutput = json\n# trailing\n";
    home.write_config(original);
    let s = home.session(home.env(), CommandLine::new());
    configure_set(&s, "profile.a.region", "us-east-2").unwrap();
    configure_set(&s, "profile.a.output", "text").unwrap();
    assert_eq!(
        home.read_config(),
        "# my settings\n[profile a]\n; keep me\nregion = us-east-2\noutput = text\n\n[default]\noutput = json\n# trailing\n"
    );
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(home.dir.path().join(".aws"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    // Values with newlines are refused without touching the file, and the value is not echoed.
    let before = home.read_config();
    let err = configure_set(&s, "region", "us-east-1\n[evil]")
        .unwrap_err()
        .to_string();
    assert!(!err.contains("evil"));
    assert_eq!(home.read_config(), before);
}

#[test]
fn get_reads_files_only_with_dotted_names() {
    let home = Home::new();
    home.write_config(
        "[default]\nregion = us-west-2\ns3 =\n  addressing_style = virtual\n[profile dev]\nregion = eu-west-1\n[plugins]\nx = y\n",
    );
    home.write_credentials(&format!("[default]\naws_access_key_id = {AKID}\n"));
    let env = home.env().with("AWS_DEFAULT_REGION", "from-env");
    let s = home.session(env, CommandLine::new());
    let out = |name: &str| {
        let o = configure_get(&s, name).unwrap();
        (o.stdout, o.exit_code)
    };
    assert_eq!(out("region"), ("us-west-2\n".into(), 0));
    assert_eq!(out("default.region"), ("us-west-2\n".into(), 0));
    assert_eq!(out("profile.dev.region"), ("eu-west-1\n".into(), 0));
    assert_eq!(out("dev.region"), ("eu-west-1\n".into(), 0));
    assert_eq!(out("s3.addressing_style"), ("virtual\n".into(), 0));
    assert_eq!(out("default.s3.addressing_style"), ("virtual\n".into(), 0));
    assert_eq!(out("aws_access_key_id"), (format!("{AKID}\n"), 0));
    assert_eq!(out("plugins.x"), ("y\n".into(), 0));
    assert_eq!(out("nothing"), (String::new(), 1));
    let block = configure_get(&s, "s3").unwrap();
    assert_eq!(block.exit_code, 1);
    assert!(block.stderr.contains("must reference a value"));
    let s = home.session(home.env(), CommandLine::new().with_profile("missing"));
    assert!(configure_get(&s, "region").is_err());
}

#[test]
fn list_layout_matches_the_cli() {
    let home = Home::new();
    home.write_config("[default]\nregion = us-west-2\n[profile p]\nregion = eu-west-1\n");
    home.write_credentials(&format!(
        "[default]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\n[p]\naws_access_key_id = AKIAOTHER0000000WXYZ\naws_secret_access_key = secretsecretsecret1234\n"
    ));
    let cfg = home.config_path().display().to_string();
    let env = home.env().with("AWS_CONFIG_FILE", cfg.clone()).with(
        "AWS_SHARED_CREDENTIALS_FILE",
        home.credentials_path().display().to_string(),
    );
    let s = home.session(env.clone(), CommandLine::new());
    let out = configure_list(&s, &RemoteClients::none());
    assert_eq!(out.exit_code, 0);
    let expected = format!(
        "NAME       : VALUE                    : TYPE             : LOCATION\n\
         profile    : <not set>                : None             : None\n\
         access_key : ****************MPLE     : shared-credentials-file : \n\
         secret_key : ****************EKEY     : shared-credentials-file : \n\
         region     : us-west-2                : config-file      : {cfg}\n"
    );
    assert_eq!(out.stdout, expected);
    assert!(!out.stdout.contains(AKID) && !out.stdout.contains(SECRET));

    let s = home.session(env.clone(), CommandLine::new().with_profile("p"));
    let out = configure_list(&s, &RemoteClients::none());
    assert!(out
        .stdout
        .contains("profile    : p                        : manual           : --profile\n"));
    assert!(out
        .stdout
        .contains("region     : eu-west-1                : config-file      : "));

    let s = home.session(env.clone().with("AWS_PROFILE", "p"), CommandLine::new());
    let out = configure_list(&s, &RemoteClients::none());
    assert!(out
        .stdout
        .contains("profile    : p                        : env              : ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']\n"));

    let s = home.session(env.clone(), CommandLine::new().with_profile("nope"));
    let out = configure_list(&s, &RemoteClients::none());
    assert_eq!(out.exit_code, 255);
    assert_eq!(out.stderr, "The config profile (nope) could not be found\n");
}

#[test]
fn list_matches_python_output_byte_for_byte() {
    let home = Home::new();
    home.write_config("[default]\nregion = us-west-2\n[profile p]\nregion=eu-west-1\naws_access_key_id = AKIAOTHER0000000WXYZ\naws_secret_access_key = secretsecretsecret1234\n");
    home.write_credentials(&format!(
        "[default]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\n"
    ));
    let base = home
        .env()
        .with("AWS_CONFIG_FILE", home.config_path().display().to_string())
        .with(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.credentials_path().display().to_string(),
        );
    type Scenario<'a> = (Vec<(&'a str, &'a str)>, Option<&'a str>);
    let scenarios: Vec<Scenario> = vec![
        (vec![], None),
        (vec![("AWS_PROFILE", "p")], None),
        (vec![], Some("p")),
        (
            vec![
                ("AWS_DEFAULT_REGION", "x"),
                ("AWS_ACCESS_KEY_ID", "AKIAENV0000000001234"),
                ("AWS_SECRET_ACCESS_KEY", "abc"),
            ],
            None,
        ),
    ];
    let total = scenarios.len();
    let mut passed = 0;
    for (vars, profile) in scenarios {
        let mut env = base.clone();
        let mut cmd = aws2_e2e::oracle::v2_command();
        cmd.env_clear();
        for (k, v) in env.iter() {
            cmd.env(k, v);
        }
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in &vars {
            env.set(*k, *v);
            cmd.env(k, v);
        }
        cmd.args(["configure", "list"]);
        let mut cli = CommandLine::new();
        if let Some(p) = profile {
            cmd.args(["--profile", p]);
            cli = cli.with_profile(p);
        }
        let python = cmd.output().expect("the Python aws CLI is installed");
        let ours = configure_list(&home.session(env, cli), &RemoteClients::none());
        assert_eq!(
            ours.stdout,
            String::from_utf8_lossy(&python.stdout),
            "{vars:?} {profile:?}"
        );
        passed += 1;
    }
    report("configure list vs Python", passed, total);
}

#[test]
fn list_profiles_and_import() {
    let home = Home::new();
    home.write_config("[profile b]\n[default]\n[profile a]\n");
    home.write_credentials("[c]\naws_access_key_id = X\naws_secret_access_key = Y\n[a]\n");
    let s = home.session(home.env(), CommandLine::new());
    assert_eq!(list_profiles(&s).unwrap(), "b\ndefault\na\nc\n");

    let csv = "\u{feff}User name,Password,Access key ID,Secret access key,Console login link\n\
               alice,pw,AKIAALICE,alicesecret,https://x\nbob,pw,,,https://y\n";
    let err = import_csv(&s, csv, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("entry #2"), "{err}");
    let msg = import_csv(
        &s,
        csv,
        &ImportOptions {
            skip_invalid: true,
            profile_prefix: "imp-".into(),
        },
    )
    .unwrap();
    assert_eq!(msg, "Successfully imported 1 profile(s)\n");
    assert!(home.read_credentials().ends_with(
        "[imp-alice]\naws_access_key_id = AKIAALICE\naws_secret_access_key = alicesecret\n"
    ));
}

#[test]
fn export_formats() {
    let mut c = Credentials::new("AKIDX", "SECRETX");
    c.session_token = Some("TOKENX".into());
    c.expiration = aws2_config::time::parse_iso8601("2030-01-02T03:04:05Z");
    assert_eq!(
        export_credentials(&c, ExportFormat::parse("process").unwrap()),
        "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"AKIDX\",\n  \"SecretAccessKey\": \"SECRETX\",\n  \"SessionToken\": \"TOKENX\",\n  \"Expiration\": \"2030-01-02T03:04:05+00:00\"\n}\n"
    );
    assert_eq!(
        export_credentials(&c, ExportFormat::Env),
        "export AWS_ACCESS_KEY_ID=AKIDX\nexport AWS_SECRET_ACCESS_KEY=SECRETX\nexport AWS_SESSION_TOKEN=TOKENX\nexport AWS_CREDENTIAL_EXPIRATION=2030-01-02T03:04:05+00:00\n"
    );
    let plain = Credentials::new("AKIDX", "SECRETX");
    assert_eq!(
        export_credentials(&plain, ExportFormat::EnvNoExport),
        "AWS_ACCESS_KEY_ID=AKIDX\nAWS_SECRET_ACCESS_KEY=SECRETX\n"
    );
    assert_eq!(
        export_credentials(&plain, ExportFormat::Powershell),
        "$Env:AWS_ACCESS_KEY_ID=\"AKIDX\"\n$Env:AWS_SECRET_ACCESS_KEY=\"SECRETX\"\n"
    );
    assert_eq!(
        export_credentials(&plain, ExportFormat::parse("windows-cmd").unwrap()),
        "set AWS_ACCESS_KEY_ID=AKIDX\nset AWS_SECRET_ACCESS_KEY=SECRETX\n"
    );
    assert!(ExportFormat::parse("fishy").is_err());
}

#[test]
fn interactive_prompts_mask_and_keep_values() {
    let home = Home::new();
    let s = home.session(home.env(), CommandLine::new());
    let mut input = std::io::Cursor::new(format!("{AKID}\n{SECRET}\nus-west-2\n\n"));
    let mut out = Vec::new();
    configure_interactive(&s, &mut input, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "AWS Access Key ID [None]: AWS Secret Access Key [None]: Default region name [None]: Default output format [None]: "
    );
    assert_eq!(
        home.read_credentials(),
        format!("[default]\naws_access_key_id = {AKID}\naws_secret_access_key = {SECRET}\n")
    );
    assert_eq!(home.read_config(), "[default]\nregion = us-west-2\n");

    // Second run: Enter keeps everything but the output format.
    let s = home.session(home.env(), CommandLine::new());
    let mut input = std::io::Cursor::new("\n\n\njson\n");
    let mut out = Vec::new();
    configure_interactive(&s, &mut input, &mut out).unwrap();
    let shown = String::from_utf8(out).unwrap();
    assert_eq!(
        shown,
        "AWS Access Key ID [****************MPLE]: AWS Secret Access Key [****************EKEY]: Default region name [us-west-2]: Default output format [None]: "
    );
    assert!(!shown.contains(AKID) && !shown.contains(SECRET));
    assert_eq!(
        home.read_config(),
        "[default]\nregion = us-west-2\noutput = json\n"
    );

    // A named profile goes to [profile x] and [x].
    let s = home.session(home.env(), CommandLine::new().with_profile("x"));
    let mut input = std::io::Cursor::new("AKIAX\nSX\neu-west-1\ntext\n");
    configure_interactive(&s, &mut input, &mut Vec::new()).unwrap();
    assert!(home
        .read_config()
        .ends_with("[profile x]\nregion = eu-west-1\noutput = text\n"));
    assert!(home
        .read_credentials()
        .ends_with("[x]\naws_access_key_id = AKIAX\naws_secret_access_key = SX\n"));
}
