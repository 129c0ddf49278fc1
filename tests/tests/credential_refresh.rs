//! Assumed-role credentials that expire during a long command are fetched again before they
//! do, for every request of the command: an `s3 sync` and a paginated `s3api` listing with
//! `--query`, each longer than the credentials last; and the same sync on container
//! credentials.
//!
//! A fixture STS (or container credentials endpoint) issues credentials that expire shortly
//! after botocore's advisory refresh window, and a fixture S3 rejects any request signed with credentials that have expired
//! (`ExpiredToken`). Time is the tests' clock: the `aws` binary is built with the
//! `test-hooks` feature and reads its credential clock from `AWS2_TEST_CLOCK_FILE`, which
//! the fixture S3 moves forward by [`STEP`] seconds with every request it receives. No test
//! waits for real time to pass.

use aws2_e2e::binary::aws_bin;
use aws2_e2e::{Recorded, Recorder, Reply};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

/// The tests' clock starts at 2030-01-01T00:00:00Z.
const START: u64 = 1_893_456_000;
/// How long the fixture STS's credentials last: two and a half minutes more than the
/// advisory refresh window (15 minutes).
const VALID_FOR: u64 = 17 * 60 + 30;
/// How far each S3 request moves the clock. Credentials are used only with at least the
/// mandatory window (10 minutes, 40 steps) left, far more than the requests in flight at
/// once can move the clock between signing and arrival.
const STEP: u64 = 15;
/// The long-term keys of the source profile.
const SOURCE_KEY: &str = "AKIDSOURCEEXAMPLE";

/// Where the command's credentials come from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Issuer {
    /// A role profile whose source profile has long-term keys: STS `AssumeRole`.
    AssumeRole,
    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
    Container,
}

/// What both fixtures share: the clock and the credentials issued.
#[derive(Default)]
struct State {
    /// The tests' time, seconds since the epoch.
    now: u64,
    /// Access key -> (session token, expiration).
    issued: HashMap<String, (String, u64)>,
    /// The access keys issued, in order.
    issued_order: Vec<String>,
    /// `AssumeRole` calls.
    sts_calls: usize,
    /// STS requests that were not a properly signed `AssumeRole`.
    sts_refused: Vec<String>,
    /// S3 requests refused, with why.
    rejected: Vec<String>,
    /// The access key of every accepted S3 request, in arrival order.
    s3_keys: Vec<String>,
    /// The bucket's objects by key.
    objects: BTreeMap<String, Vec<u8>>,
}

struct World {
    issuer: Issuer,
    state: Arc<Mutex<State>>,
    clock_file: PathBuf,
    dir: tempfile::TempDir,
    sts: Recorder,
    s3: Recorder,
}

impl World {
    fn new(issuer: Issuer) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock_file = dir.path().join("clock");
        let state = Arc::new(Mutex::new(State {
            now: START,
            ..State::default()
        }));
        write_clock(&clock_file, START);
        let sts = {
            let state = Arc::clone(&state);
            Recorder::with_responder(move |r| match issuer {
                Issuer::AssumeRole => sts_reply(&mut state.lock().unwrap(), r),
                Issuer::Container => container_reply(&mut state.lock().unwrap(), r),
            })
        };
        let s3 = {
            let state = Arc::clone(&state);
            let clock_file = clock_file.clone();
            Recorder::with_responder(move |r| {
                let mut state = state.lock().unwrap();
                let reply = s3_reply(&mut state, r);
                state.now += STEP;
                write_clock(&clock_file, state.now);
                reply
            })
        };
        std::fs::create_dir(dir.path().join("home")).unwrap();
        std::fs::write(
            dir.path().join("config"),
            "[profile role]\n\
             role_arn = arn:aws:iam::123456789012:role/transfer\n\
             source_profile = source\n\
             region = us-east-1\n\
             \n\
             [profile source]\n\
             region = us-east-1\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("credentials"),
            format!("[source]\naws_access_key_id = {SOURCE_KEY}\naws_secret_access_key = source-secret\n"),
        )
        .unwrap();
        World {
            issuer,
            state,
            clock_file,
            dir,
            sts,
            s3,
        }
    }

    /// Runs `aws args --profile role --endpoint-url <fixture S3>` in the test's directory,
    /// on the tests' clock.
    fn aws(&self, args: &[&str]) -> Output {
        self.run(args, true)
    }

    fn run(&self, args: &[&str], on_test_clock: bool) -> Output {
        let dir = self.dir.path();
        let mut cmd = Command::new(aws_bin());
        cmd.args(args).args(["--endpoint-url", &self.s3.endpoint()]);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                cmd.env_remove(&key);
            }
        }
        match self.issuer {
            Issuer::AssumeRole => cmd.args(["--profile", "role"]),
            Issuer::Container => cmd
                .env(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    format!("{}/credentials", self.sts.endpoint()),
                )
                .env("AWS_DEFAULT_REGION", "us-east-1"),
        };
        if on_test_clock {
            cmd.env("AWS2_TEST_CLOCK_FILE", &self.clock_file);
        }
        cmd.env("AWS_CONFIG_FILE", dir.join("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
            .env("AWS_ENDPOINT_URL_STS", self.sts.endpoint())
            .env("AWS_PAGER", "")
            .env("HOME", dir.join("home"))
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .expect("run aws")
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Checks what every run must show: credentials fetched more than once, every S3
    /// request signed with credentials that had not expired, refreshed credentials used,
    /// and the last ones in the CLI's cache.
    fn assert_refreshed(&self, out: &Output) {
        let state = self.state();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            state.rejected.is_empty(),
            "requests signed with expired or unknown credentials: {:?}\n{stderr}",
            state.rejected
        );
        assert!(state.sts_refused.is_empty(), "{:?}", state.sts_refused);
        assert!(
            state.sts_calls > 1,
            "STS was called {} time(s): the credentials were never fetched again (is the aws \
             binary built with the test-hooks feature?)\n{stderr}",
            state.sts_calls
        );
        let distinct: std::collections::BTreeSet<&String> = state.s3_keys.iter().collect();
        assert_eq!(
            distinct.len(),
            state.sts_calls,
            "every set of credentials issued signs requests"
        );
        let cached = cached_access_keys(&self.dir.path().join("home/.aws/cli/cache"));
        let expected = match self.issuer {
            Issuer::AssumeRole => vec![state.issued_order.last().unwrap().clone()],
            // Container credentials are not cached.
            Issuer::Container => Vec::new(),
        };
        assert_eq!(
            cached, expected,
            "the role cache holds the last credentials issued"
        );
    }
}

/// Writes the clock file whole (a rename), so the CLI never reads half of it.
fn write_clock(path: &Path, now: u64) {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, now.to_string()).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn cached_access_keys(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| {
            let doc: serde_json::Value =
                serde_json::from_slice(&std::fs::read(e.unwrap().path()).unwrap()).unwrap();
            doc["Credentials"]["AccessKeyId"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// `Credential=<key>/...` of a SigV4 `Authorization` header.
fn signing_key(request: &Recorded) -> Option<&str> {
    let auth = request.header("authorization")?;
    let rest = &auth[auth.find("Credential=")? + "Credential=".len()..];
    rest.split('/').next()
}

/// New credentials valid for [`VALID_FOR`] from now: their number, key, token and expiry.
fn issue(state: &mut State) -> (usize, String, String, u64) {
    state.sts_calls += 1;
    let n = state.sts_calls;
    let key = format!("ASIATESTKEY{n:05}");
    let token = format!("session-token-{n}");
    let expiration = state.now + VALID_FOR;
    state
        .issued
        .insert(key.clone(), (token.clone(), expiration));
    state.issued_order.push(key.clone());
    (n, key, token, expiration)
}

/// The container credentials endpoint: `GET /credentials`.
fn container_reply(state: &mut State, request: &Recorded) -> Reply {
    if request.method != "GET" || request.path() != "/credentials" {
        state
            .sts_refused
            .push(format!("{} {}", request.method, request.target));
        return Reply::new(404, "", Vec::new());
    }
    let (n, key, token, expiration) = issue(state);
    let body = serde_json::json!({
        "AccessKeyId": key,
        "SecretAccessKey": format!("secret-{n}"),
        "Token": token,
        "Expiration": iso8601(expiration),
        "RoleArn": "arn:aws:iam::123456789012:role/task",
    });
    Reply::new(200, "application/json", body.to_string())
}

fn sts_reply(state: &mut State, request: &Recorded) -> Reply {
    let body = String::from_utf8_lossy(&request.body).into_owned();
    if !body.split('&').any(|p| p == "Action=AssumeRole")
        || signing_key(request) != Some(SOURCE_KEY)
    {
        state.sts_refused.push(body);
        return Reply::error(
            request,
            "AccessDenied",
            "not an AssumeRole with the source keys",
        );
    }
    let (n, key, token, expiration) = issue(state);
    let xml = format!(
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <AssumeRoleResult><Credentials><AccessKeyId>{key}</AccessKeyId>\
         <SecretAccessKey>secret-{n}</SecretAccessKey><SessionToken>{token}</SessionToken>\
         <Expiration>{}</Expiration></Credentials><AssumedRoleUser>\
         <AssumedRoleId>AROATEST:session</AssumedRoleId>\
         <Arn>arn:aws:sts::123456789012:assumed-role/transfer/session</Arn></AssumedRoleUser>\
         </AssumeRoleResult><ResponseMetadata><RequestId>req-{n}</RequestId></ResponseMetadata>\
         </AssumeRoleResponse>",
        iso8601(expiration)
    );
    Reply::new(200, "text/xml", xml)
}

/// Checks the request's credentials against the clock, then serves `PutObject` and
/// `ListObjectsV2` of any bucket from memory (everything else: an empty success).
fn s3_reply(state: &mut State, request: &Recorded) -> Reply {
    let key = signing_key(request).unwrap_or_default().to_owned();
    let token = request.header("x-amz-security-token").unwrap_or_default();
    match state.issued.get(&key) {
        None => {
            state.rejected.push(format!(
                "{} {}: unknown key {key:?}",
                request.method, request.target
            ));
            return Reply::error(request, "InvalidAccessKeyId", "unknown access key");
        }
        Some((issued_token, _)) if issued_token != token => {
            state.rejected.push(format!(
                "{} {}: wrong token for {key}",
                request.method, request.target
            ));
            return Reply::error(request, "InvalidToken", "wrong session token");
        }
        Some((_, expiration)) if state.now >= *expiration => {
            state.rejected.push(format!(
                "{} {}: {key} expired at {}, now {}",
                request.method,
                request.target,
                iso8601(*expiration),
                iso8601(state.now)
            ));
            return Reply::error(request, "ExpiredToken", "The provided token has expired.");
        }
        Some(_) => {}
    }
    state.s3_keys.push(key);
    let path = request.path().trim_start_matches('/');
    let (_bucket, object) = path.split_once('/').unwrap_or((path, ""));
    let query: HashMap<String, String> = request
        .query()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    match request.method.as_str() {
        "PUT" if !object.is_empty() => {
            state.objects.insert(decode(object), request.body.clone());
            let mut reply = Reply::new(200, "", Vec::new());
            reply
                .headers
                .push(("ETag".into(), "\"d41d8cd98f00b204e9800998ecf8427e\"".into()));
            reply
        }
        "GET" if object.is_empty() && query.get("list-type").map(String::as_str) == Some("2") => {
            list_objects_v2(state, &query)
        }
        _ => Reply::empty_success(request),
    }
}

fn list_objects_v2(state: &State, query: &HashMap<String, String>) -> Reply {
    let prefix = query.get("prefix").cloned().unwrap_or_default();
    let max_keys: usize = query
        .get("max-keys")
        .and_then(|m| m.parse().ok())
        .unwrap_or(1000);
    let after = query
        .get("continuation-token")
        .or_else(|| query.get("start-after"))
        .cloned()
        .unwrap_or_default();
    let matching: Vec<(&String, &Vec<u8>)> = state
        .objects
        .iter()
        .filter(|(k, _)| k.starts_with(&prefix) && k.as_str() > after.as_str())
        .collect();
    let page = &matching[..matching.len().min(max_keys)];
    let truncated = matching.len() > page.len();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bucket</Name>\
         <Prefix>{prefix}</Prefix><KeyCount>{}</KeyCount><MaxKeys>{max_keys}</MaxKeys>\
         <IsTruncated>{truncated}</IsTruncated>",
        page.len()
    );
    if truncated {
        let last = page.last().map(|(k, _)| k.as_str()).unwrap_or_default();
        xml.push_str(&format!(
            "<NextContinuationToken>{last}</NextContinuationToken>"
        ));
    }
    for (key, body) in page {
        xml.push_str(&format!(
            "<Contents><Key>{key}</Key><LastModified>2030-01-01T00:00:00.000Z</LastModified>\
             <ETag>\"d41d8cd98f00b204e9800998ecf8427e\"</ETag><Size>{}</Size>\
             <StorageClass>STANDARD</StorageClass></Contents>",
            body.len()
        ));
    }
    xml.push_str("</ListBucketResult>");
    Reply::new(200, "application/xml", xml)
}

/// Percent-decoding of a URL component (`+` is left as it is, as S3 reads paths).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `YYYY-MM-DDTHH:MM:SSZ` of seconds since the epoch.
fn iso8601(secs: u64) -> String {
    aws2_config::time::format_iso8601(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

#[test]
fn iso8601_of_the_start() {
    assert_eq!(iso8601(START), "2030-01-01T00:00:00Z");
    assert_eq!(iso8601(START + VALID_FOR), "2030-01-01T00:17:30Z");
}

#[test]
fn sync_outlives_its_assumed_role_credentials() {
    sync_outlives_its_credentials(Issuer::AssumeRole);
}

#[test]
fn sync_outlives_its_container_credentials() {
    sync_outlives_its_credentials(Issuer::Container);
}

/// Syncs 90 files (91 requests, longer than credentials last) with credentials from `issuer`.
fn sync_outlives_its_credentials(issuer: Issuer) {
    let world = World::new(issuer);
    let files = 90;
    let source = world.dir.path().join("data");
    std::fs::create_dir(&source).unwrap();
    for i in 0..files {
        std::fs::write(
            source.join(format!("file-{i:02}.txt")),
            format!("contents of {i}\n"),
        )
        .unwrap();
    }
    let out = world.aws(&["s3", "sync", "data", "s3://bucket/data", "--no-progress"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    world.assert_refreshed(&out);
    let state = world.state();
    assert_eq!(state.objects.len(), files);
    for i in 0..files {
        let body = &state.objects[&format!("data/file-{i:02}.txt")];
        assert_eq!(body, format!("contents of {i}\n").as_bytes());
    }
    // The listing and the uploads took longer than credentials last.
    let elapsed = state.now - START;
    assert_eq!(elapsed, STEP * (files as u64 + 1));
    assert!(elapsed > VALID_FOR);
    eprintln!(
        "s3 sync of {files} files: {} S3 requests, {} credential fetches, {} minutes of credential time",
        state.s3_keys.len(),
        state.sts_calls,
        elapsed / 60
    );
}

#[test]
fn paginated_listing_with_query_outlives_its_assumed_role_credentials() {
    let world = World::new(Issuer::AssumeRole);
    let objects = 80;
    let keys: Vec<String> = (0..objects).map(|i| format!("logs/{i:03}.log")).collect();
    {
        let mut state = world.state();
        for key in &keys {
            state.objects.insert(key.clone(), b"x".to_vec());
        }
    }
    let out = world.aws(&[
        "s3api",
        "list-objects-v2",
        "--bucket",
        "bucket",
        "--page-size",
        "1",
        "--query",
        "Contents[].Key",
        "--output",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let listed: Vec<String> = serde_json::from_slice(&out.stdout).expect("a JSON list of keys");
    assert_eq!(listed, keys);
    world.assert_refreshed(&out);
    let state = world.state();
    assert_eq!(state.s3_keys.len(), objects);
    assert!(state.now - START > VALID_FOR);
    eprintln!(
        "list-objects-v2 of {objects} pages: {} STS calls",
        state.sts_calls
    );
}

/// The control: a CLI that cannot see time pass never fetches credentials again, and the
/// fixture S3 refuses its first request after they expire.
#[test]
fn without_the_clock_the_listing_fails_with_expired_credentials() {
    let world = World::new(Issuer::AssumeRole);
    {
        let mut state = world.state();
        for i in 0..80 {
            state
                .objects
                .insert(format!("logs/{i:03}.log"), b"x".to_vec());
        }
    }
    let out = world.run(
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "bucket",
            "--page-size",
            "1",
            "--query",
            "Contents[].Key",
        ],
        false,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(254), "{stderr}");
    assert!(stderr.contains("ExpiredToken"), "{stderr}");
    let state = world.state();
    assert_eq!(state.sts_calls, 1);
    assert_eq!(state.rejected.len(), 1, "{:?}", state.rejected);
    assert_eq!(state.s3_keys.len() as u64, VALID_FOR.div_ceil(STEP));
}
