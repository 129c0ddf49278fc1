//! `aws sso login`, `aws configure sso` and `aws sso logout` against a local fixture of the
//! `sso-oidc` and `sso` endpoints; the terminal is a scripted [`LoginUi`].

mod common;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws2_config::credentials::CredentialChain;
use aws2_config::remote::sso::token_cache_path;
use aws2_config::remote::{http_clients, RemoteSettings, ServiceClients};
use aws2_config::sso_login::flow::{LoginOptions, BROWSER_OPENED};
use aws2_config::sso_login::token::registration_path;
use aws2_config::sso_login::{configure_sso, login, logout, profile_config, LoginUi};
use aws2_config::{CommandLine, Env, Result, Session};
use common::servers::{Fixture, Recorded};
use common::*;

const START_URL: &str = "https://corp.awsapps.com/start";

#[derive(Default)]
struct ScriptedUi {
    answers: VecDeque<String>,
    selections: VecDeque<usize>,
    printed: String,
    prompts: Vec<String>,
    choices: Vec<Vec<String>>,
    sleeps: Vec<Duration>,
    opened: Vec<String>,
    browser_works: bool,
}

impl ScriptedUi {
    fn answering(answers: &[&str]) -> Self {
        ScriptedUi {
            answers: answers.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        }
    }
}

impl LoginUi for ScriptedUi {
    fn print(&mut self, text: &str) {
        self.printed.push_str(text);
    }
    fn prompt(&mut self, text: &str) -> Result<String> {
        self.prompts.push(text.to_string());
        self.printed.push_str(text);
        Ok(self.answers.pop_front().unwrap_or_default())
    }
    fn select(&mut self, items: &[String]) -> Result<usize> {
        self.choices.push(items.to_vec());
        Ok(self.selections.pop_front().unwrap_or(0))
    }
    fn open_browser(&mut self, url: &str) -> bool {
        self.opened.push(url.to_string());
        self.browser_works
    }
    fn sleep(&mut self, duration: Duration) {
        self.sleeps.push(duration);
    }
}

fn epoch_secs(offset: u64) -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + offset
}

/// The portal: OIDC device flow (one "pending" answer before the token), two accounts over
/// two pages, two roles, role credentials, logout.
fn portal(accounts: usize) -> Fixture {
    let polls = Arc::new(AtomicUsize::new(0));
    Fixture::start(move |r: &Recorded| {
        let bearer_ok = r.header("x-amz-sso_bearer_token") == Some("the-access-token");
        let path = r.path.as_str();
        let json = |v: serde_json::Value| (200, v.to_string());
        match (r.method.as_str(), path.split('?').next().unwrap_or("")) {
            ("POST", "/client/register") => json(serde_json::json!({
                "clientId": "cid", "clientSecret": "csecret",
                "clientIdIssuedAt": epoch_secs(0), "clientSecretExpiresAt": epoch_secs(90 * 86400)})),
            ("POST", "/device_authorization") => json(serde_json::json!({
                "deviceCode": "dev-code", "userCode": "QCFK-N451",
                "verificationUri": "https://device.sso.example/",
                "verificationUriComplete": "https://device.sso.example/?user_code=QCFK-N451",
                "expiresIn": 600, "interval": 1})),
            ("POST", "/token") if r.body.contains("refresh_token") => {
                if !r.body.contains("r1") {
                    return (400, r#"{"__type":"InvalidGrantException"}"#.into());
                }
                json(
                    serde_json::json!({"accessToken": "the-access-token", "tokenType": "Bearer",
                    "expiresIn": 28800, "refreshToken": "r2"}),
                )
            }
            ("POST", "/token") => {
                if polls.fetch_add(1, Ordering::SeqCst) == 0 {
                    (400, r#"{"__type":"AuthorizationPendingException","error":"authorization_pending"}"#.into())
                } else {
                    json(
                        serde_json::json!({"accessToken": "the-access-token", "tokenType": "Bearer",
                        "expiresIn": 28800, "refreshToken": "the-refresh-token"}),
                    )
                }
            }
            _ if !bearer_ok => (
                401,
                r#"{"__type":"UnauthorizedException","message":"bad token"}"#.into(),
            ),
            ("GET", "/assignment/accounts") if accounts == 1 => json(serde_json::json!({
                "accountList": [{"accountId": "111122223333", "accountName": "Dev", "emailAddress": "dev@example.com"}]})),
            ("GET", "/assignment/accounts") if !path.contains("next_token=p2") => {
                json(serde_json::json!({
                "accountList": [{"accountId": "111122223333", "accountName": "Dev", "emailAddress": "dev@example.com"}],
                "nextToken": "p2"}))
            }
            ("GET", "/assignment/accounts") => json(serde_json::json!({
                "accountList": [{"accountId": "222233334444", "accountName": "Prod", "emailAddress": "prod@example.com"}]})),
            ("GET", "/assignment/roles") if accounts == 1 => json(serde_json::json!({
                "roleList": [{"roleName": "ReadOnly", "accountId": "111122223333"}]})),
            ("GET", "/assignment/roles") => json(serde_json::json!({
                "roleList": [{"roleName": "ReadOnly"}, {"roleName": "FullAccess"}]})),
            ("GET", "/federation/credentials") => json(serde_json::json!({"roleCredentials": {
                "accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret", "sessionToken": "tok",
                "expiration": epoch_secs(3600) * 1000}})),
            ("POST", "/logout") => (200, String::new()),
            _ => (404, "{}".into()),
        }
    })
}

fn portal_env(home: &Home, server: &Fixture) -> Env {
    home.env()
        .with("AWS_ENDPOINT_URL_SSO_OIDC", server.url())
        .with("AWS_ENDPOINT_URL_SSO", server.url())
}

fn session_config_home() -> Home {
    let home = Home::new();
    home.write_config(&format!(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\n\
         [sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
    ));
    home
}

fn clients(s: &Session) -> ServiceClients {
    ServiceClients::new(s, &RemoteSettings::default())
}

#[test]
fn login_runs_the_device_flow_and_caches_a_shared_token() {
    let home = session_config_home();
    let server = portal(1);
    let s = home.session(
        portal_env(&home, &server),
        CommandLine::new().with_profile("dev"),
    );
    let cfg = profile_config(&s).unwrap();
    assert_eq!(cfg.session_name.as_deref(), Some("corp"));
    let mut ui = ScriptedUi::default();
    let options = LoginOptions { no_browser: true };
    let token = login(&s, &clients(&s), &cfg, &mut ui, &options).unwrap();
    assert_eq!(token, "the-access-token");
    assert!(ui.opened.is_empty());
    assert!(ui.printed.contains("Using a browser, open the following URL:\n\nhttps://device.sso.example/\n\nand enter the following code:\nQCFK-N451\n"), "{}", ui.printed);
    assert!(ui.printed.ends_with(&format!(
        "Successfully logged into Start URL: {START_URL}\n"
    )));
    assert_eq!(ui.sleeps, [Duration::from_secs(1)]);

    let reqs = server.requests();
    let register = reqs.iter().find(|r| r.path == "/client/register").unwrap();
    let body: serde_json::Value = serde_json::from_str(&register.body).unwrap();
    assert_eq!(body["scopes"], serde_json::json!(["sso:account:access"]));
    assert_eq!(body["clientType"], "public");
    let token_calls: Vec<_> = reqs.iter().filter(|r| r.path == "/token").collect();
    assert_eq!(token_calls.len(), 2);
    assert!(token_calls[1]
        .body
        .contains("urn:ietf:params:oauth:grant-type:device_code"));

    // The token file: SHA-1 of the session name, the shared JSON fields, mode 0600.
    let dir = home.dir.path().join(".aws/sso/cache");
    let path = token_cache_path(&dir, START_URL, Some("corp"));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["accessToken"], "the-access-token");
    assert_eq!(doc["startUrl"], START_URL);
    assert_eq!(doc["region"], "us-east-1");
    assert_eq!(doc["clientId"], "cid");
    assert_eq!(doc["refreshToken"], "the-refresh-token");
    assert!(doc["expiresAt"].as_str().unwrap().ends_with('Z'));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert!(registration_path(&dir, &cfg).exists());

    // The profile now gets role credentials with that token.
    let found = CredentialChain::default_for(&s)
        .resolve(&s, &http_clients(&s, &RemoteSettings::default()))
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.method, found.credentials.access_key_id.as_str()),
        ("sso", "ASIASSO")
    );

    // A second login reuses the cached registration.
    let mut ui = ScriptedUi {
        browser_works: true,
        ..Default::default()
    };
    login(&s, &clients(&s), &cfg, &mut ui, &LoginOptions::default()).unwrap();
    assert_eq!(
        ui.opened,
        ["https://device.sso.example/?user_code=QCFK-N451"]
    );
    assert!(ui.printed.starts_with(BROWSER_OPENED));
    let registers = server
        .requests()
        .iter()
        .filter(|r| r.path == "/client/register")
        .count();
    assert_eq!(registers, 1);
    report("login_runs_the_device_flow_and_caches_a_shared_token", 1, 1);
}

#[test]
fn configure_sso_picks_account_and_role_and_writes_the_profile() {
    let home = Home::new();
    let server = portal(2);
    let s = home.session(portal_env(&home, &server), CommandLine::new());
    let mut ui = ScriptedUi::answering(&[START_URL, "us-east-1", "us-west-2", "json", ""]);
    ui.selections = VecDeque::from([1, 0]);
    let name = configure_sso(
        &s,
        &clients(&s),
        &mut ui,
        &LoginOptions { no_browser: true },
    )
    .unwrap();
    assert_eq!(name, "222233334444_ReadOnly");
    assert_eq!(
        ui.prompts,
        [
            "SSO start URL [None]: ",
            "SSO region [None]: ",
            "CLI default client Region [None]: ",
            "CLI default output format [None]: ",
            "CLI profile name [222233334444_ReadOnly]: ",
        ]
    );
    assert_eq!(
        ui.choices,
        [
            vec![
                "Dev, dev@example.com (111122223333)".to_string(),
                "Prod, prod@example.com (222233334444)".to_string()
            ],
            vec!["ReadOnly".to_string(), "FullAccess".to_string()],
        ]
    );
    for text in [
        "There are 2 AWS accounts available to you.\n",
        "Using the account ID 222233334444\n",
        "There are 2 roles available to you.\n",
        "Using the role name \"ReadOnly\"\n",
        "\nTo use this profile, specify the profile name using --profile, as shown:\n\naws s3 ls --profile 222233334444_ReadOnly\n",
    ] {
        assert!(ui.printed.contains(text), "missing {text:?} in {}", ui.printed);
    }
    assert_eq!(
        home.read_config(),
        format!(
            "[profile 222233334444_ReadOnly]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nsso_account_id = 222233334444\nsso_role_name = ReadOnly\nregion = us-west-2\noutput = json\n"
        )
    );
    // The Python CLI reads the profile back.
    let out = aws2_e2e::oracle::v2_command()
        .args([
            "configure",
            "get",
            "sso_account_id",
            "--profile",
            "222233334444_ReadOnly",
        ])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.dir.path())
        .output()
        .expect("the Python AWS CLI (aws) must be installed");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "222233334444");
    report(
        "configure_sso_picks_account_and_role_and_writes_the_profile",
        1,
        1,
    );
}

#[test]
fn configure_sso_with_one_account_and_role_skips_the_choice() {
    let home = Home::new();
    let server = portal(1);
    let s = home.session(
        portal_env(&home, &server),
        CommandLine::new().with_profile("mine"),
    );
    let mut ui = ScriptedUi::answering(&[START_URL, "us-east-1", "", ""]);
    let name = configure_sso(
        &s,
        &clients(&s),
        &mut ui,
        &LoginOptions { no_browser: true },
    )
    .unwrap();
    assert_eq!(name, "mine");
    assert!(ui.choices.is_empty());
    assert!(ui
        .printed
        .contains("The only AWS account available to you is: 111122223333\n"));
    assert!(ui
        .printed
        .contains("The only role available to you is: ReadOnly\n"));
    assert_eq!(ui.prompts.len(), 4, "{:?}", ui.prompts);
    assert!(home
        .read_config()
        .starts_with("[profile mine]\nsso_start_url"));
    report(
        "configure_sso_with_one_account_and_role_skips_the_choice",
        1,
        1,
    );
}

#[test]
fn logout_removes_tokens_and_sso_role_credentials_only() {
    let home = session_config_home();
    let server = portal(1);
    let env = portal_env(&home, &server);
    let s = home.session(env.clone(), CommandLine::new().with_profile("dev"));
    let cfg = profile_config(&s).unwrap();
    login(
        &s,
        &clients(&s),
        &cfg,
        &mut ScriptedUi::default(),
        &LoginOptions { no_browser: true },
    )
    .unwrap();
    CredentialChain::default_for(&s)
        .resolve(&s, &http_clients(&s, &RemoteSettings::default()))
        .unwrap()
        .unwrap();
    let cli_cache = home.dir.path().join(".aws/cli/cache");
    std::fs::write(cli_cache.join("role.json"), r#"{"Credentials": {}}"#).unwrap();
    let removed = logout(&s, &clients(&s)).unwrap();
    assert_eq!(removed, 2);
    let sso_dir = home.dir.path().join(".aws/sso/cache");
    assert!(!token_cache_path(&sso_dir, START_URL, Some("corp")).exists());
    assert!(registration_path(&sso_dir, &cfg).exists());
    let left: Vec<_> = std::fs::read_dir(&cli_cache)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["role.json"]);
    let logouts: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/logout")
        .collect();
    assert_eq!(logouts.len(), 1);
    assert_eq!(
        logouts[0].header("x-amz-sso_bearer_token"),
        Some("the-access-token")
    );
    // The profile needs a new login now.
    let err = CredentialChain::default_for(&s)
        .resolve(&s, &http_clients(&s, &RemoteSettings::default()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("aws sso login"), "{err}");
    report("logout_removes_tokens_and_sso_role_credentials_only", 1, 1);
}

#[test]
fn login_without_sso_configuration_says_what_is_missing() {
    let home = Home::new();
    home.write_config("[profile plain]\nregion = us-east-1\n");
    let s = home.session(home.env(), CommandLine::new().with_profile("plain"));
    let err = profile_config(&s).unwrap_err().to_string();
    assert_eq!(
        err,
        "Missing the following required SSO configuration values: sso_start_url, sso_region. To make sure this profile is properly configured to use SSO, please run: aws configure sso"
    );
    report("login_without_sso_configuration_says_what_is_missing", 1, 1);
}

#[test]
fn an_expiring_session_token_is_refreshed_before_use() {
    let home = session_config_home();
    let server = portal(1);
    let s = home.session(
        portal_env(&home, &server),
        CommandLine::new().with_profile("dev"),
    );
    let dir = home.dir.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    let path = token_cache_path(&dir, START_URL, Some("corp"));
    let soon = aws2_config::time::format_iso8601(SystemTime::now() + Duration::from_secs(60));
    let later = aws2_config::time::format_iso8601(SystemTime::now() + Duration::from_secs(86400));
    let doc = serde_json::json!({"startUrl": START_URL, "region": "us-east-1",
        "accessToken": "stale-token", "expiresAt": soon, "clientId": "cid",
        "clientSecret": "csecret", "registrationExpiresAt": later, "refreshToken": "r1"});
    std::fs::write(&path, doc.to_string()).unwrap();
    let found = CredentialChain::default_for(&s)
        .resolve(&s, &http_clients(&s, &RemoteSettings::default()))
        .unwrap()
        .unwrap();
    assert_eq!(found.credentials.access_key_id, "ASIASSO");
    let refreshes: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.path == "/token")
        .collect();
    assert_eq!(refreshes.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&refreshes[0].body).unwrap();
    assert_eq!(body["grantType"], "refresh_token");
    let stored: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(stored["accessToken"], "the-access-token");
    assert_eq!(stored["refreshToken"], "r2");
    assert_ne!(stored["expiresAt"].as_str(), Some(soon.as_str()));

    // Without refresh material an expired token asks for a new login.
    std::fs::remove_dir_all(home.dir.path().join(".aws/cli/cache")).ok();
    let past = aws2_config::time::format_iso8601(SystemTime::now() - Duration::from_secs(60));
    let legacy = serde_json::json!({"startUrl": START_URL, "region": "us-east-1",
        "accessToken": "the-access-token", "expiresAt": past});
    std::fs::write(&path, legacy.to_string()).unwrap();
    let err = CredentialChain::default_for(&s)
        .resolve(&s, &http_clients(&s, &RemoteSettings::default()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("aws sso login"), "{err}");
    report("an_expiring_session_token_is_refreshed_before_use", 1, 1);
}

#[test]
fn configure_sso_session_writes_a_section_login_can_use() {
    let home = Home::new();
    home.write_config("# mine\n[default]\nregion = eu-west-1\n");
    let s = home.session(home.env(), CommandLine::new());
    let mut ui = ScriptedUi::answering(&["corp", START_URL, "us-east-1", ""]);
    let name = aws2_config::sso_login::configure_sso_session(&s, &mut ui).unwrap();
    assert_eq!(name, "corp");
    assert_eq!(
        ui.prompts,
        [
            "SSO session name: ",
            "SSO start URL [None]: ",
            "SSO region [None]: ",
            "SSO registration scopes [sso:account:access]: ",
        ]
    );
    assert!(ui.printed.ends_with("aws sso login --sso-session corp\n"));
    let text = home.read_config();
    assert!(
        text.starts_with("# mine\n[default]\nregion = eu-west-1\n"),
        "{text}"
    );
    assert!(text.contains(&format!(
        "[sso-session corp]\nsso_start_url = {START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"
    )), "{text}");
    let s = home.session(home.env(), CommandLine::new());
    let cfg = aws2_config::sso_login::session_config(&s, "corp").unwrap();
    assert_eq!(
        (cfg.start_url.as_str(), cfg.region.as_str()),
        (START_URL, "us-east-1")
    );
    assert_eq!(cfg.scopes, ["sso:account:access"]);
    report("configure_sso_session_writes_a_section_login_can_use", 1, 1);
}
