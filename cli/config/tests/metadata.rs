//! Instance metadata (IMDSv2, the v1 fallback, disabling), the container credentials
//! endpoint and SSO role credentials, each against a local fixture server; and a role whose
//! `credential_source` is the instance metadata, assumed on `moto_server`.

mod common;

use std::time::{Duration, SystemTime};

use aws2_config::credentials::{CredentialChain, ResolvedCredentials};
use aws2_config::remote::container::check_full_uri;
use aws2_config::remote::sso::{role_cache_key, token_cache_path, EXPIRED_TOKEN};
use aws2_config::remote::{http_clients, RemoteSettings};
use aws2_config::time::format_iso8601;
use aws2_config::{CommandLine, Env, Result, Session};
use common::servers::{Fixture, Moto, Recorded};
use common::*;

const TOKEN: &str = "imds-token-abc";

fn resolve(s: &Session) -> Result<Option<ResolvedCredentials>> {
    CredentialChain::default_for(s).resolve(s, &http_clients(s, &RemoteSettings::default()))
}

fn in_an_hour() -> String {
    format_iso8601(SystemTime::now() + Duration::from_secs(3600))
}

fn role_document() -> String {
    serde_json::json!({
        "Code": "Success",
        "Type": "AWS-HMAC",
        "AccessKeyId": "ASIAIMDSEXAMPLE",
        "SecretAccessKey": "imds-secret",
        "Token": "imds-session-token",
        "Expiration": in_an_hour(),
    })
    .to_string()
}

/// An IMDS: `v2` answers the token request, otherwise it is refused with 403.
fn imds(v2: bool) -> Fixture {
    Fixture::start(move |r: &Recorded| {
        let token_ok = !v2 || r.header("x-aws-ec2-metadata-token") == Some(TOKEN);
        match (r.method.as_str(), r.path.as_str()) {
            ("PUT", "/latest/api/token") if v2 => (200, TOKEN.into()),
            ("PUT", _) => (403, String::new()),
            (_, _) if !token_ok => (401, String::new()),
            ("GET", "/latest/meta-data/iam/security-credentials/") => (200, "my-role\n".into()),
            ("GET", "/latest/meta-data/iam/security-credentials/my-role") => (200, role_document()),
            _ => (404, String::new()),
        }
    })
}

fn imds_env(home: &Home, server: &Fixture) -> Env {
    home.env()
        .with("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url())
}

#[test]
fn imds_v2_token_is_fetched_and_sent() {
    let home = Home::new();
    let server = imds(true);
    let found = resolve(&home.session(imds_env(&home, &server), CommandLine::new()))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "iam-role");
    assert_eq!(found.credentials.access_key_id, "ASIAIMDSEXAMPLE");
    assert_eq!(
        found.credentials.session_token.as_deref(),
        Some("imds-session-token")
    );
    assert!(found.credentials.expiration.is_some());
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0].method, "PUT");
    assert_eq!(
        reqs[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    for r in &reqs[1..] {
        assert_eq!(r.method, "GET");
        assert_eq!(r.header("x-aws-ec2-metadata-token"), Some(TOKEN));
    }
    report("imds_v2_token_is_fetched_and_sent", 1, 1);
}

#[test]
fn imds_falls_back_to_v1_unless_disabled() {
    let home = Home::new();
    let server = imds(false);
    let found = resolve(&home.session(imds_env(&home, &server), CommandLine::new()))
        .unwrap()
        .unwrap();
    assert_eq!(found.credentials.access_key_id, "ASIAIMDSEXAMPLE");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs[1..]
        .iter()
        .all(|r| r.header("x-aws-ec2-metadata-token").is_none()));

    // With v1 disabled, a refused token means no credentials and no further request.
    let server = imds(false);
    let env = imds_env(&home, &server).with("AWS_EC2_METADATA_V1_DISABLED", "true");
    assert!(resolve(&home.session(env, CommandLine::new()))
        .unwrap()
        .is_none());
    assert_eq!(server.requests().len(), 1);
    report("imds_falls_back_to_v1_unless_disabled", 1, 1);
}

#[test]
fn imds_disabled_and_endpoint_from_config() {
    let home = Home::new();
    let server = imds(true);
    let env = imds_env(&home, &server).with("AWS_EC2_METADATA_DISABLED", "true");
    assert!(resolve(&home.session(env, CommandLine::new()))
        .unwrap()
        .is_none());
    assert!(server.requests().is_empty());

    home.write_config(&format!(
        "[default]\nec2_metadata_service_endpoint = {}\nmetadata_service_num_attempts = 2\n",
        server.url()
    ));
    let found = resolve(&home.session(home.env(), CommandLine::new()))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "iam-role");
    assert_eq!(server.requests().len(), 3);
    report("imds_disabled_and_endpoint_from_config", 1, 1);
}

#[test]
fn imds_without_a_role_or_server_finds_nothing() {
    let home = Home::new();
    let server = Fixture::start(|r: &Recorded| match r.method.as_str() {
        "PUT" => (200, TOKEN.into()),
        _ => (404, String::new()),
    });
    assert!(
        resolve(&home.session(imds_env(&home, &server), CommandLine::new()))
            .unwrap()
            .is_none()
    );
    let env = home.env().with(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        format!("http://127.0.0.1:{}", common::servers::free_port()),
    );
    assert!(resolve(&home.session(env, CommandLine::new()))
        .unwrap()
        .is_none());
    report("imds_without_a_role_or_server_finds_nothing", 1, 1);
}

fn container_server() -> Fixture {
    Fixture::start(|r: &Recorded| {
        if r.path != "/creds" {
            return (404, String::new());
        }
        let body = serde_json::json!({
            "AccessKeyId": "ASIACONTAINER",
            "SecretAccessKey": "container-secret",
            "Token": "container-token",
            "Expiration": in_an_hour(),
        });
        (200, body.to_string())
    })
}

#[test]
fn container_full_uri_with_token_file_and_token() {
    let home = Home::new();
    let server = container_server();
    let token_file = home.dir.path().join("token");
    std::fs::write(&token_file, "file-token\n").unwrap();
    let env = home
        .env()
        .with(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", server.url()),
        )
        .with("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token")
        .with(
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            token_file.display().to_string(),
        );
    let found = resolve(&home.session(env.clone(), CommandLine::new()))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "container-role");
    assert_eq!(found.credentials.access_key_id, "ASIACONTAINER");
    assert_eq!(
        found.credentials.session_token.as_deref(),
        Some("container-token")
    );
    assert_eq!(
        server.requests()[0].header("Authorization"),
        Some("file-token")
    );

    let mut env_only = home.env();
    for (k, v) in env.iter() {
        if k != "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" {
            env_only.set(k, v);
        }
    }
    resolve(&home.session(env_only, CommandLine::new()))
        .unwrap()
        .unwrap();
    assert_eq!(
        server.requests()[1].header("Authorization"),
        Some("env-token")
    );
    report("container_full_uri_with_token_file_and_token", 1, 1);
}

#[test]
fn container_errors_and_host_rules() {
    let home = Home::new();
    let failing = Fixture::start(|_: &Recorded| (500, "{}".into()));
    let env = home.env().with(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        format!("{}/creds", failing.url()),
    );
    let err = resolve(&home.session(env, CommandLine::new()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("container-role") && err.contains("500"),
        "{err}"
    );
    assert_eq!(failing.requests().len(), 3);

    let env = home.env().with(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://example.com/creds",
    );
    let err = resolve(&home.session(env, CommandLine::new()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("Unsupported host 'example.com'"), "{err}");
    for ok in [
        "https://example.com/x",
        "http://127.0.0.2:80/x",
        "http://[::1]:8080/x",
        "http://169.254.170.23/v1/credentials",
        "http://localhost/x",
    ] {
        assert!(check_full_uri(ok).is_ok(), "{ok}");
    }
    assert!(check_full_uri("http://10.0.0.1/x").is_err());
    report("container_errors_and_host_rules", 1, 1);
}

#[test]
fn relative_uri_targets_the_container_host() {
    let home = Home::new();
    let env = home.env().with(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "/v2/credentials/abc",
    );
    let s = home.session(env, CommandLine::new());
    assert_eq!(
        aws2_config::remote::container::endpoint(&s)
            .unwrap()
            .as_deref(),
        Some("http://169.254.170.2/v2/credentials/abc")
    );
    report("relative_uri_targets_the_container_host", 1, 1);
}

fn sso_server() -> Fixture {
    Fixture::start(|r: &Recorded| {
        if !r.path.starts_with("/federation/credentials")
            || r.header("x-amz-sso_bearer_token") != Some("sso-access-token")
        {
            return (401, r#"{"message":"no"}"#.into());
        }
        let expiration = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis()
            + 3_600_000;
        let body = serde_json::json!({"roleCredentials": {
            "accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret",
            "sessionToken": "sso-token", "expiration": expiration as u64}});
        (200, body.to_string())
    })
}

#[test]
fn sso_role_credentials_from_the_cached_token() {
    let home = Home::new();
    let server = sso_server();
    home.write_config(
        "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    );
    let env = home.env().with("AWS_ENDPOINT_URL_SSO", server.url());
    let s = || home.session(env.clone(), CommandLine::new().with_profile("dev"));

    // No token yet: the CLI's message.
    let err = resolve(&s()).unwrap_err().to_string();
    assert!(err.contains(EXPIRED_TOKEN), "{err}");

    let dir = home.dir.path().join(".aws/sso/cache");
    std::fs::create_dir_all(&dir).unwrap();
    let token = serde_json::json!({
        "startUrl": "https://corp.awsapps.com/start", "region": "us-east-1",
        "accessToken": "sso-access-token", "expiresAt": in_an_hour()});
    let path = token_cache_path(&dir, "https://corp.awsapps.com/start", Some("corp"));
    std::fs::write(&path, token.to_string()).unwrap();
    let found = resolve(&s()).unwrap().unwrap();
    assert_eq!(found.method, "sso");
    assert_eq!(found.credentials.access_key_id, "ASIASSO");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert!(reqs[0].path.contains("role_name=Dev"), "{}", reqs[0].path);
    assert!(
        reqs[0].path.contains("account_id=111122223333"),
        "{}",
        reqs[0].path
    );

    // Cached role credentials are reused (ProviderType sso, as the CLI writes them).
    let key = role_cache_key(
        "https://corp.awsapps.com/start",
        Some("corp"),
        "111122223333",
        "Dev",
    );
    let cached: serde_json::Value = serde_json::from_slice(
        &std::fs::read(home.dir.path().join(format!(".aws/cli/cache/{key}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(cached["ProviderType"], "sso");
    resolve(&s()).unwrap().unwrap();
    assert_eq!(server.requests().len(), 1);
    report("sso_role_credentials_from_the_cached_token", 1, 1);
}

#[test]
fn credential_source_instance_metadata_assumes_a_role() {
    let moto = Moto::start();
    let server = imds(true);
    let home = Home::new();
    home.write_config(
        "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/from-imds\ncredential_source = Ec2InstanceMetadata\nrole_session_name = s1\nregion = us-east-1\n",
    );
    let env = imds_env(&home, &server).with("AWS_ENDPOINT_URL_STS", moto.url());
    let found = resolve(&home.session(env, CommandLine::new().with_profile("r")))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "assume-role");
    assert_eq!(server.requests().len(), 3);
    let calls = moto.calls("AssumeRole");
    assert_eq!(calls.len(), 1);
    assert!(calls[0].contains("from-imds"), "{}", calls[0]);
    report("credential_source_instance_metadata_assumes_a_role", 1, 1);
}

#[test]
fn credential_source_ecs_container_assumes_a_role() {
    let moto = Moto::start();
    let server = container_server();
    let home = Home::new();
    home.write_config(
        "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/from-ecs\ncredential_source = EcsContainer\nrole_session_name = s2\nregion = us-east-1\n",
    );
    let env = home
        .env()
        .with(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", server.url()),
        )
        .with("AWS_ENDPOINT_URL_STS", moto.url());
    let found = resolve(&home.session(env.clone(), CommandLine::new().with_profile("r")))
        .unwrap()
        .unwrap();
    assert_eq!(found.method, "assume-role");
    assert_eq!(server.requests().len(), 1);
    assert_eq!(moto.calls("AssumeRole").len(), 1);
    // Without the container endpoint the role has no source credentials.
    let mut bare = Env::empty();
    for (k, v) in env.iter() {
        if k != "AWS_CONTAINER_CREDENTIALS_FULL_URI" {
            bare.set(k, v);
        }
    }
    std::fs::remove_dir_all(home.dir.path().join(".aws/cli/cache")).unwrap();
    let err = resolve(&home.session(bare, CommandLine::new().with_profile("r")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("credential_source"), "{err}");
    report("credential_source_ecs_container_assumes_a_role", 1, 1);
}
