//! Credential providers that need no AWS call, profile validation, the role cache format
//! and key (checked against botocore), and secrets kept out of errors.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use aws2_config::clock::Clock;
use aws2_config::credentials::assume_role::role_cache_key;
use aws2_config::credentials::cache::{fresh_credentials, role_response_json, JsonFileCache};
use aws2_config::credentials::clients::{
    AssumeRoleRequest, MfaPrompt, RemoteClients, RoleCredentials, StsClient, WebIdentityRequest,
};
use aws2_config::credentials::{CredentialChain, Credentials, ResolvedCredentials};
use aws2_config::time::parse_iso8601;
use aws2_config::{CommandLine, Result, Session};
use common::*;

fn resolve(s: &Session, clients: &RemoteClients) -> Result<Option<ResolvedCredentials>> {
    CredentialChain::default_for(s).resolve(s, clients)
}

fn write_script(home: &Home, name: &str, body: &str) -> String {
    let path = home.dir.path().join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

#[test]
fn chain_order_matches_the_cli() {
    let home = Home::new();
    let s = home.session(home.env(), CommandLine::new());
    assert_eq!(
        CredentialChain::default_for(&s).methods(),
        [
            "env",
            "assume-role",
            "assume-role-with-web-identity",
            "sso",
            "shared-credentials-file",
            "custom-process",
            "config-file",
            "container-role",
            "iam-role"
        ]
    );
    let s = home.session(home.env(), CommandLine::new().with_profile("x"));
    assert_eq!(CredentialChain::default_for(&s).methods()[0], "assume-role");
}

#[test]
fn credential_process_with_quoting_and_expiration() {
    let home = Home::new();
    let dir = home.dir.path().join("dir with space");
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("creds.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\n[ \"$1\" = plain ] && [ \"$2\" = \"param with spaces\" ] || exit 3\n\
         echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": \"procsecret\", \"SessionToken\": \"tok\", \"Expiration\": \"2031-05-06T07:08:09Z\"}'\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    home.write_config(&format!(
        "[default]\ncredential_process = \"{}\" plain \"param with spaces\"\n",
        script.display()
    ));
    let s = home.session(home.env(), CommandLine::new());
    let got = resolve(&s, &RemoteClients::none()).unwrap().unwrap();
    assert_eq!(got.method, "custom-process");
    assert_eq!(got.credentials.access_key_id, "AKIAPROC");
    assert_eq!(got.credentials.session_token.as_deref(), Some("tok"));
    assert_eq!(
        got.credentials.expiration,
        parse_iso8601("2031-05-06T07:08:09Z")
    );
}

#[test]
fn credential_process_failures_name_the_process_and_hide_secrets() {
    let cases = [
        ("echo oops >&2; exit 7", "exit status 7: oops"),
        ("echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S3CR3T-VALUE\"}'", "Unsupported version '2'"),
        ("echo '{\"Version\": 1, \"AccessKeyId\": \"A\"}'", "Missing required key in response: 'SecretAccessKey'"),
        ("echo not json", "did not print a JSON object"),
    ];
    let mut passed = 0;
    for (i, (body, needle)) in cases.iter().enumerate() {
        let home = Home::new();
        let script = write_script(&home, &format!("p{i}.sh"), body);
        home.write_config(&format!(
            "[default]\ncredential_process = {script} --password hunter2\n"
        ));
        let s = home.session(home.env(), CommandLine::new());
        let err = resolve(&s, &RemoteClients::none()).unwrap_err().to_string();
        assert!(err.contains(needle), "{err}");
        assert!(
            err.contains(&format!("p{i}.sh")) || err.contains("version") || err.contains("key"),
            "{err}"
        );
        assert!(
            !err.contains("hunter2") && !err.contains("S3CR3T-VALUE"),
            "{err}"
        );
        assert!(!err.contains('\n'));
        passed += 1;
    }
    report("credential_process errors", passed, cases.len());
}

#[test]
fn env_provider_partial_and_profile_skip() {
    let home = Home::new();
    let s = home.session(
        home.env().with("AWS_ACCESS_KEY_ID", "AKIAONLY"),
        CommandLine::new(),
    );
    let err = resolve(&s, &RemoteClients::none()).unwrap_err().to_string();
    assert!(err.contains("AWS_SECRET_ACCESS_KEY") && !err.contains("AKIAONLY"));
    let env = home
        .env()
        .with("AWS_ACCESS_KEY_ID", "AKIAENV")
        .with("AWS_SECRET_ACCESS_KEY", "envsecret")
        .with("AWS_SESSION_TOKEN", "envtoken");
    let got = resolve(
        &home.session(env.clone(), CommandLine::new()),
        &RemoteClients::none(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(got.credentials.session_token.as_deref(), Some("envtoken"));
    home.write_credentials(
        "[p]\naws_access_key_id = AKIAFILE\naws_secret_access_key = filesecret\n",
    );
    let got = resolve(
        &home.session(env, CommandLine::new().with_profile("p")),
        &RemoteClients::none(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(got.credentials.access_key_id, "AKIAFILE");
}

fn config_error(config: &str, profile: &str) -> String {
    let home = Home::new();
    home.write_config(config);
    let before = home.read_config();
    let s = home.session(home.env(), CommandLine::new().with_profile(profile));
    let err = resolve(&s, &RemoteClients::none()).unwrap_err().to_string();
    assert!(!err.contains('\n'), "{err}");
    assert!(err.contains("(in ~/.aws/config)"), "names the file: {err}");
    assert_eq!(home.read_config(), before);
    err
}

#[test]
fn invalid_profiles_give_clear_errors() {
    let cases = [
        (
            "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = ghost\n",
            "r",
            "source_profile \"ghost\" referenced in the profile \"r\" does not exist",
        ),
        (
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
            "a",
            "Infinite loop",
        ),
        (
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = a\n",
            "a",
            "Infinite loop",
        ),
        (
            "[profile r]\nrole_arn = arn:aws:iam::1:role/r\n",
            "r",
            "neither source_profile nor credential_source",
        ),
        (
            "[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = r\ncredential_source = Environment\n",
            "r",
            "contains both source_profile and credential_source",
        ),
        (
            "[profile r]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Laptop\n",
            "r",
            "credential source \"Laptop\"",
        ),
        (
            "[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\naws_access_key_id = AKIAMIXED\naws_secret_access_key = mixedsecret\n",
            "s",
            "mixes SSO settings",
        ),
        (
            "[profile s]\nsso_account_id = 1\nsso_role_name = R\n",
            "s",
            "missing required configuration: sso_start_url, sso_region",
        ),
        (
            "[profile s]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n",
            "s",
            "sso-session does not exist",
        ),
    ];
    let mut passed = 0;
    for (config, profile, needle) in cases {
        let err = config_error(config, profile);
        assert!(err.contains(needle), "{err}");
        assert!(!err.contains("mixedsecret"));
        passed += 1;
    }
    report("profile validation", passed, cases.len());
}

/// An STS stand-in that records calls and hands out fixed temporary credentials.
struct RecordingSts {
    calls: AtomicUsize,
    last: Mutex<Option<(String, AssumeRoleRequest)>>,
    expiration: SystemTime,
}

impl StsClient for RecordingSts {
    fn assume_role(
        &self,
        source: &Credentials,
        _region: Option<&str>,
        request: &AssumeRoleRequest,
    ) -> Result<RoleCredentials> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        *self.last.lock().unwrap() = Some((source.access_key_id.clone(), request.clone()));
        let mut c = Credentials::new(format!("ASIAROLE{n}"), "rolesecret");
        c.session_token = Some("roletoken".into());
        c.expiration = Some(self.expiration);
        Ok(RoleCredentials {
            credentials: c,
            assumed_role_arn: Some(format!("{}/session", request.role_arn)),
            assumed_role_id: Some("AROA:session".into()),
        })
    }

    fn assume_role_with_web_identity(
        &self,
        _region: Option<&str>,
        request: &WebIdentityRequest,
    ) -> Result<RoleCredentials> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut c = Credentials::new("ASIAWEB", "websecret");
        c.expiration = Some(self.expiration);
        assert_eq!(request.web_identity_token, "jwt-token");
        Ok(RoleCredentials {
            credentials: c,
            assumed_role_arn: None,
            assumed_role_id: None,
        })
    }
}

struct FixedMfa;

impl MfaPrompt for FixedMfa {
    fn mfa_code(&self, serial: &str) -> Result<String> {
        assert_eq!(serial, "arn:aws:iam::123456789012:mfa/me");
        Ok("123456".into())
    }
}

#[test]
fn assume_role_chain_mfa_and_cache() {
    let home = Home::new();
    home.write_config(
        "[profile base]\nregion = us-east-1\n\
         [profile first]\nrole_arn = arn:aws:iam::123456789012:role/first\nsource_profile = base\n\
         [profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = first\n\
         mfa_serial = arn:aws:iam::123456789012:mfa/me\nexternal_id = ext-1\nrole_session_name = me\nduration_seconds = 900\n",
    );
    home.write_credentials(
        "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n",
    );
    let now = parse_iso8601("2030-01-01T00:00:00Z").unwrap();
    let sts = RecordingSts {
        calls: AtomicUsize::new(0),
        last: Mutex::new(None),
        expiration: now + Duration::from_secs(3600),
    };
    let clients = RemoteClients {
        sts: Some(Box::new(sts)),
        mfa: Some(Box::new(FixedMfa)),
        now: Some(Clock::fixed(now)),
        ..RemoteClients::default()
    };
    let s = home.session(home.env(), CommandLine::new().with_profile("admin"));
    let got = resolve(&s, &clients).unwrap().unwrap();
    assert_eq!(got.method, "assume-role");
    assert_eq!(got.credentials.access_key_id, "ASIAROLE2");
    let key = role_cache_key(
        "arn:aws:iam::123456789012:role/admin",
        Some("me"),
        Some("ext-1"),
        Some("arn:aws:iam::123456789012:mfa/me"),
        Some(900),
    );
    let cache = JsonFileCache::cli_cache(s.env());
    let doc = cache.get(&key).expect("cached under botocore's key");
    assert_eq!(doc["Credentials"]["Expiration"], "2030-01-01T01:00:00UTC");
    // A second resolution uses the cache: no new calls.
    let s = home.session(home.env(), CommandLine::new().with_profile("admin"));
    let again = resolve(&s, &clients).unwrap().unwrap();
    assert_eq!(again.credentials.access_key_id, "ASIAROLE2");
    // Near expiry the cache is not used.
    assert!(fresh_credentials(&doc, now + Duration::from_secs(50 * 60)).is_none());
    assert!(fresh_credentials(&doc, now + Duration::from_secs(40 * 60)).is_some());
}

#[test]
fn assume_role_records_what_sts_was_asked() {
    let home = Home::new();
    home.write_config(
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\nexternal_id = xyz\n",
    );
    home.write_credentials(
        "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n",
    );
    let now = parse_iso8601("2030-01-01T00:00:00Z").unwrap();
    let sts = std::sync::Arc::new(RecordingSts {
        calls: AtomicUsize::new(0),
        last: Mutex::new(None),
        expiration: now + Duration::from_secs(3600),
    });
    struct Shared(std::sync::Arc<RecordingSts>);
    impl StsClient for Shared {
        fn assume_role(
            &self,
            s: &Credentials,
            r: Option<&str>,
            q: &AssumeRoleRequest,
        ) -> Result<RoleCredentials> {
            self.0.assume_role(s, r, q)
        }
        fn assume_role_with_web_identity(
            &self,
            r: Option<&str>,
            q: &WebIdentityRequest,
        ) -> Result<RoleCredentials> {
            self.0.assume_role_with_web_identity(r, q)
        }
    }
    let clients = RemoteClients {
        sts: Some(Box::new(Shared(sts.clone()))),
        now: Some(Clock::fixed(now)),
        ..RemoteClients::default()
    };
    let s = home.session(home.env(), CommandLine::new().with_profile("admin"));
    resolve(&s, &clients).unwrap().unwrap();
    let (source, req) = sts.last.lock().unwrap().clone().unwrap();
    assert_eq!(source, "AKIABASE");
    assert_eq!(req.external_id.as_deref(), Some("xyz"));
    assert_eq!(
        req.role_session_name,
        format!("botocore-session-{}", 1_893_456_000)
    );
    assert_eq!(req.token_code, None);
    assert_eq!(sts.calls.load(Ordering::SeqCst), 1);
    // Without an STS client the error says what is missing.
    let s = home.session(home.env(), CommandLine::new().with_profile("admin"));
    std::fs::remove_dir_all(home.dir.path().join(".aws/cli")).unwrap();
    let err = resolve(&s, &RemoteClients::none()).unwrap_err().to_string();
    assert!(err.contains("sts"), "{err}");
}

#[test]
fn web_identity_from_environment() {
    let home = Home::new();
    let token = home.dir.path().join("token");
    std::fs::write(&token, "jwt-token").unwrap();
    let env = home
        .env()
        .with("AWS_ROLE_ARN", "arn:aws:iam::1:role/web")
        .with("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string())
        .with("AWS_ROLE_SESSION_NAME", "pod");
    let now = parse_iso8601("2030-01-01T00:00:00Z").unwrap();
    let clients = RemoteClients {
        sts: Some(Box::new(RecordingSts {
            calls: AtomicUsize::new(0),
            last: Mutex::new(None),
            expiration: now + Duration::from_secs(3600),
        })),
        now: Some(Clock::fixed(now)),
        ..RemoteClients::default()
    };
    let got = resolve(&home.session(env, CommandLine::new()), &clients)
        .unwrap()
        .unwrap();
    assert_eq!(got.method, "assume-role-with-web-identity");
    assert_eq!(got.credentials.access_key_id, "ASIAWEB");
}

#[test]
fn cache_key_matches_botocore() {
    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Option<u32>,
    );
    let cases: Vec<Case> = vec![
        (
            "arn:aws:iam::123456789012:role/admin",
            None,
            None,
            None,
            None,
        ),
        (
            "arn:aws:iam::123456789012:role/admin",
            Some("me"),
            Some("ext-1"),
            Some("arn:aws:iam::123456789012:mfa/me"),
            Some(900),
        ),
        (
            "arn:aws:iam::1:role/ünïcode \"q\"",
            Some("sess"),
            None,
            None,
            Some(3600),
        ),
    ];
    let mut passed = 0;
    for (arn, name, ext, serial, dur) in &cases {
        let mut kwargs = format!("{{'RoleArn': {arn:?}");
        if let Some(n) = name {
            kwargs.push_str(&format!(", 'RoleSessionName': {n:?}"));
        }
        if let Some(e) = ext {
            kwargs.push_str(&format!(", 'ExternalId': {e:?}"));
        }
        if let Some(s) = serial {
            kwargs.push_str(&format!(", 'SerialNumber': {s:?}"));
        }
        if let Some(d) = dur {
            kwargs.push_str(&format!(", 'DurationSeconds': {d}"));
        }
        kwargs.push('}');
        let script = format!(
            "from awscli.botocore.credentials import AssumeRoleCredentialFetcher as F\n\
             args = {kwargs}\n\
             arn = args.pop('RoleArn')\n\
             f = F(client_creator=None, source_credentials=None, role_arn=arn, extra_args=args)\n\
             print(f._create_cache_key())\n"
        );
        let out = aws2_e2e::oracle::v2_python_command()
            .args(["-c", &script])
            .output()
            .expect("the AWS CLI v2's python");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert_eq!(role_cache_key(arn, *name, *ext, *serial, *dur), expected);
        passed += 1;
    }
    report("cache key vs botocore", passed, cases.len());
}

#[test]
fn cache_document_round_trips() {
    let mut c = Credentials::new("ASIA1", "s");
    c.session_token = Some("t".into());
    c.expiration = parse_iso8601("2030-06-01T00:00:00Z");
    let doc = role_response_json(&RoleCredentials {
        credentials: c.clone(),
        assumed_role_arn: Some("arn:aws:sts::1:assumed-role/r/s".into()),
        assumed_role_id: Some("AROA:s".into()),
    });
    let now = parse_iso8601("2030-05-31T00:00:00Z").unwrap();
    assert_eq!(fresh_credentials(&doc, now), Some(c));
    // Python's own cache form with an offset also reads.
    let python_doc = serde_json::json!({"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "B", "SessionToken": "C", "Expiration": "2030-06-01T00:00:00+00:00"}});
    assert!(fresh_credentials(&python_doc, now).is_some());
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let c = Credentials::new(AKID, SECRET);
    let resolved = ResolvedCredentials {
        credentials: c,
        method: "env",
    };
    assert!(!format!("{resolved:?}").contains(SECRET));
}
