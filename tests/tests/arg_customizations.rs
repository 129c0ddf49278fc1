//! Argument customizations whose requests `wire_v2` cannot compare byte for byte.
//!
//! `ec2 bundle-instance` with the simple storage options and no `--policy`: both CLIs write an
//! upload policy for the bucket and prefix that ends 24 hours later, sign it with the owner's
//! secret key (checked here by signing it again), never send that key, and send the same
//! request otherwise. The requests of the cases whose policy is given are compared byte for
//! byte by `wire_v2`.
//!
//! `cloudsearchdomain` without `--endpoint-url` (an endpoint from the environment does not
//! count): both CLIs refuse before any request.

use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::{Cli, CliEnv};
use base64::Engine;
use hmac::{Hmac, Mac};

const SECRET: &str = "owner-secret-key";

/// The form parameters of a request body, in order.
fn form(request: &Recorded) -> Vec<(String, String)> {
    let body = String::from_utf8(request.body.clone()).expect("a form body");
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding of a form value.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("utf-8")
}

fn bundle_task(_: &Recorded) -> Reply {
    Reply::new(
        200,
        "text/xml",
        "<BundleInstanceResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><bundleInstanceTask><instanceId>i-1</instanceId><bundleId>bun-1</bundleId><state>pending</state></bundleInstanceTask></BundleInstanceResponse>",
    )
}

#[test]
fn the_generated_policy_lasts_a_day_and_is_signed_with_the_owners_key() {
    let before = chrono::Utc::now();
    let args = [
        "ec2",
        "bundle-instance",
        "--instance-id",
        "i-1",
        "--bucket",
        "images",
        "--prefix",
        "web/",
        "--owner-akid",
        "AKIDEXAMPLE",
        "--owner-sak",
        SECRET,
    ];
    let runs = aws2_e2e::both_clis::both(None, &args, bundle_task);
    let after = chrono::Utc::now();
    let mut policies = Vec::new();
    let mut rest = Vec::new();
    for run in &runs {
        assert_eq!(run.outcome.code, 0, "{}", run.outcome.stderr);
        assert_eq!(run.requests.len(), 1);
        let params = form(&run.requests[0]);
        let value = |key: &str| {
            params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no {key} in {params:?}"))
        };
        let policy_b64 = value("Storage.S3.UploadPolicy");
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(policy_b64.as_bytes());
        let signature = value("Storage.S3.UploadPolicySignature");
        let raw = base64::engine::general_purpose::STANDARD
            .decode(&signature)
            .expect("a base64 signature");
        mac.verify_slice(&raw)
            .expect("the policy is signed with the owner's key");
        assert!(!String::from_utf8_lossy(&run.requests[0].body).contains(SECRET));
        let policy = base64::engine::general_purpose::STANDARD
            .decode(&policy_b64)
            .expect("a base64 policy");
        let mut policy: serde_json::Value = serde_json::from_slice(&policy).expect("JSON");
        let expires = policy["expiration"]
            .as_str()
            .expect("an expiration")
            .to_owned();
        let expires = chrono::NaiveDateTime::parse_from_str(&expires, "%Y-%m-%dT%H:%M:%S%.6fZ")
            .expect("microseconds and Z")
            .and_utc();
        let day = chrono::Duration::hours(24);
        let second = chrono::Duration::seconds(1);
        assert!(expires >= before + day - second && expires <= after + day + second);
        policy["expiration"] = "<expires>".into();
        policies.push(policy);
        rest.push(
            params
                .into_iter()
                .filter(|(k, _)| !k.starts_with("Storage.S3.UploadPolicy"))
                .collect::<Vec<_>>(),
        );
        assert!(
            run.outcome.stdout.contains("bun-1"),
            "{}",
            run.outcome.stdout
        );
    }
    assert_eq!(policies[0], policies[1]);
    assert_eq!(policies[0]["conditions"][0]["bucket"], "images");
    assert_eq!(rest[0], rest[1]);
    assert_eq!(runs[0].outcome.stdout, runs[1].outcome.stdout);
}

#[test]
fn cloudsearchdomain_wants_the_endpoint_on_the_command_line() {
    let server = Recorder::start();
    let env = CliEnv::new(&server.endpoint());
    let args: Vec<String> = ["cloudsearchdomain", "search", "--search-query", "star"]
        .map(String::from)
        .to_vec();
    let [theirs, ours] = [Cli::Oracle, Cli::Aws2].map(|cli| {
        let out = env
            .command(cli, &args, false)
            .env("AWS_ENDPOINT_URL", server.endpoint())
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    });
    assert_eq!(theirs.0, Some(252), "{}", theirs.2);
    assert!(
        theirs.2.contains("--endpoint-url is required"),
        "{}",
        theirs.2
    );
    assert_eq!(ours, theirs);
    assert!(server.requests().is_empty());
}
