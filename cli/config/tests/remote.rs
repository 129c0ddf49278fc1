//! The network credential providers against real HTTP endpoints: STS `AssumeRole` and
//! `AssumeRoleWithWebIdentity` on `moto_server` (checked with `GetCallerIdentity` signed by
//! the role's credentials), the role cache shared with the Python CLI, and local fixture
//! servers for EC2 instance metadata, the container endpoint and SSO.

mod common;

use std::sync::Arc;

use aws2_client::{Client, ClientConfig, EndpointSettings, Signing};
use aws2_config::credentials::assume_role::role_cache_key;
use aws2_config::credentials::cache::JsonFileCache;
use aws2_config::credentials::{CredentialChain, Credentials, ResolvedCredentials};
use aws2_config::remote::{http_clients, RemoteSettings};
use aws2_config::{CommandLine, Env, Result, Session};
use aws2_core::model::Service;
use aws2_core::Value;
use aws2_http::{HttpClient, RetryConfig, Sender, TransportConfig};
use common::servers::Moto;
use common::*;

const ROLE: &str = "arn:aws:iam::123456789012:role/test-role";

fn resolve(s: &Session) -> Result<Option<ResolvedCredentials>> {
    CredentialChain::default_for(s).resolve(s, &http_clients(s, &RemoteSettings::default()))
}

/// `GetCallerIdentity` on moto signed with `creds`: the caller's ARN.
fn caller_arn(moto: &Moto, creds: &Credentials) -> String {
    let service = Arc::new(Service::load("sts").unwrap());
    let http = HttpClient::new(&TransportConfig::default()).unwrap();
    let sender = Sender::new(
        http,
        RetryConfig {
            service: "sts".into(),
            ..RetryConfig::default()
        },
    )
    .unwrap();
    let client = Client::new(
        service.clone(),
        ClientConfig {
            endpoint: EndpointSettings {
                region: Some("us-east-1".into()),
                endpoint_url: Some(moto.url()),
                ..Default::default()
            },
            signing: Signing::Credentials(creds.clone().into()),
            s3_payload_signing: None,
        },
        Arc::new(sender),
    );
    let op = service.operation("GetCallerIdentity").unwrap();
    let out = client.call(&op, &Value::Map(Default::default())).unwrap();
    out.get("Arn").and_then(Value::as_str).unwrap().to_string()
}

fn role_home() -> Home {
    let home = Home::new();
    home.write_credentials("[src]\naws_access_key_id = testing\naws_secret_access_key = testing\n");
    home.write_config(&format!(
        "[profile role]\nrole_arn = {ROLE}\nsource_profile = src\nrole_session_name = it-session\nregion = us-east-1\n\n\
         [profile role2]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = role\nrole_session_name = second-session\nregion = us-east-1\n\n\
         [profile opts]\nrole_arn = {ROLE}\nsource_profile = src\nexternal_id = ext-42\nduration_seconds = 900\nregion = us-east-1\n"
    ));
    home
}

fn session(home: &Home, env: Env, profile: &str) -> Session {
    home.session(env, CommandLine::new().with_profile(profile))
}

#[test]
fn assume_role_on_moto_caches_and_reuses() {
    let moto = Moto::start();
    let home = role_home();
    let env = home.env().with("AWS_ENDPOINT_URL_STS", moto.url());
    let found = resolve(&session(&home, env.clone(), "role"))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "assume-role");
    assert!(found.credentials.session_token.is_some());
    assert!(found.credentials.expiration.is_some());
    assert_eq!(
        caller_arn(&moto, &found.credentials),
        "arn:aws:sts::123456789012:assumed-role/test-role/it-session"
    );
    assert_eq!(moto.calls("AssumeRole").len(), 1);

    // The cache entry is where botocore looks for it, with the same credentials.
    let key = role_cache_key(ROLE, Some("it-session"), None, None, None);
    let cache = JsonFileCache::cli_cache(&env);
    let doc = cache.get(&key).expect("cache entry written");
    assert_eq!(
        doc["Credentials"]["AccessKeyId"].as_str(),
        Some(found.credentials.access_key_id.as_str())
    );

    // A second resolution uses the cache: no new AssumeRole.
    let again = resolve(&session(&home, env.clone(), "role"))
        .unwrap()
        .unwrap();
    assert_eq!(
        again.credentials.access_key_id,
        found.credentials.access_key_id
    );
    assert_eq!(
        again.credentials.session_token,
        found.credentials.session_token
    );
    assert_eq!(moto.calls("AssumeRole").len(), 1);

    // Deleting the cache folder clears it, as the guide says.
    std::fs::remove_dir_all(cache.dir()).unwrap();
    let fresh = resolve(&session(&home, env, "role")).unwrap().unwrap();
    assert_ne!(
        fresh.credentials.access_key_id,
        found.credentials.access_key_id
    );
    assert_eq!(moto.calls("AssumeRole").len(), 2);
    report("assume_role_on_moto_caches_and_reuses", 1, 1);
}

#[test]
fn chained_roles_and_role_options_reach_sts() {
    let moto = Moto::start();
    let home = role_home();
    let env = home.env().with("AWS_ENDPOINT_URL_STS", moto.url());
    let found = resolve(&session(&home, env.clone(), "role2"))
        .unwrap()
        .unwrap();
    assert_eq!(
        caller_arn(&moto, &found.credentials),
        "arn:aws:sts::123456789012:assumed-role/second/second-session"
    );
    assert_eq!(moto.calls("AssumeRole").len(), 2);

    let found = resolve(&session(&home, env, "opts")).unwrap().unwrap();
    let calls = moto.calls("AssumeRole");
    let last = calls.last().unwrap();
    assert!(last.contains("ExternalId=ext-42"), "{last}");
    assert!(last.contains("DurationSeconds=900"), "{last}");
    assert!(last.contains("RoleSessionName=botocore-session-"), "{last}");
    assert!(
        caller_arn(&moto, &found.credentials).contains("assumed-role/test-role/botocore-session-")
    );
    report("chained_roles_and_role_options_reach_sts", 1, 1);
}

#[test]
fn web_identity_on_moto_profile_and_environment() {
    let moto = Moto::start();
    let home = Home::new();
    let token = home.dir.path().join("token");
    std::fs::write(&token, "web-token-123\n").unwrap();
    home.write_config(&format!(
        "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/web-role\nweb_identity_token_file = {}\nrole_session_name = web-session\nregion = us-east-1\n",
        token.display()
    ));
    let env = home.env().with("AWS_ENDPOINT_URL_STS", moto.url());
    let found = resolve(&session(&home, env.clone(), "web"))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "assume-role-with-web-identity");
    assert_eq!(
        caller_arn(&moto, &found.credentials),
        "arn:aws:sts::123456789012:assumed-role/web-role/web-session"
    );
    let calls = moto.calls("AssumeRoleWithWebIdentity");
    assert_eq!(calls.len(), 1);
    assert!(
        calls[0].contains("WebIdentityToken=web-token-123"),
        "{}",
        calls[0]
    );

    // Environment variables, no profile.
    let env = env
        .with("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/env-role")
        .with("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string())
        .with("AWS_ROLE_SESSION_NAME", "env-session")
        .with("AWS_DEFAULT_REGION", "us-east-1");
    let found = resolve(&home.session(env, CommandLine::new()))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "assume-role-with-web-identity");
    assert_eq!(
        caller_arn(&moto, &found.credentials),
        "arn:aws:sts::123456789012:assumed-role/env-role/env-session"
    );
    report("web_identity_on_moto_profile_and_environment", 1, 1);
}

#[test]
fn sts_errors_are_one_line_and_name_the_provider() {
    let home = role_home();
    let port = common::servers::free_port();
    let env = home
        .env()
        .with("AWS_ENDPOINT_URL_STS", format!("http://127.0.0.1:{port}"))
        .with("AWS_MAX_ATTEMPTS", "1");
    let err = resolve(&session(&home, env, "role"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("assume-role"), "{err}");
    assert!(!err.contains('\n'), "{err}");
    assert!(!err.contains("testing"), "secret in error: {err}");
    report("sts_errors_are_one_line_and_name_the_provider", 1, 1);
}

fn python_caller_arn(home: &Home, moto: &Moto, sts_endpoint: &str) -> std::process::Output {
    aws2_e2e::oracle::v2_command()
        .args(["sts", "get-caller-identity", "--profile", "role"])
        .args(["--endpoint-url", &moto.url(), "--output", "text"])
        .args(["--query", "Arn"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.dir.path())
        .env("AWS_ENDPOINT_URL_STS", sts_endpoint)
        .env("AWS_MAX_ATTEMPTS", "1")
        .output()
        .expect("the Python AWS CLI (aws) must be installed")
}

#[test]
fn role_cache_is_shared_with_the_python_cli() {
    let moto = Moto::start();
    let home = role_home();
    let dead = format!("http://127.0.0.1:{}", common::servers::free_port());

    // The Python CLI assumes the role and caches it; aws2 uses that entry without STS.
    let out = python_caller_arn(&home, &moto, &moto.url());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "arn:aws:sts::123456789012:assumed-role/test-role/it-session"
    );
    assert_eq!(moto.calls("AssumeRole").len(), 1);
    let env = home.env().with("AWS_ENDPOINT_URL_STS", dead.clone());
    let found = resolve(&session(&home, env.clone(), "role"))
        .unwrap()
        .unwrap();
    assert!(caller_arn(&moto, &found.credentials).ends_with("/test-role/it-session"));
    assert_eq!(moto.calls("AssumeRole").len(), 1);

    // The reverse: aws2 writes the entry, the Python CLI uses it (its STS endpoint is dead).
    std::fs::remove_dir_all(JsonFileCache::cli_cache(&env).dir()).unwrap();
    let env = home.env().with("AWS_ENDPOINT_URL_STS", moto.url());
    resolve(&session(&home, env, "role")).unwrap().unwrap();
    assert_eq!(moto.calls("AssumeRole").len(), 2);
    let out = python_caller_arn(&home, &moto, &dead);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .trim()
        .ends_with("/test-role/it-session"));
    assert_eq!(moto.calls("AssumeRole").len(), 2);
    report("role_cache_is_shared_with_the_python_cli", 1, 1);
}
