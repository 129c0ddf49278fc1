//! `aws eks get-token` compared with the AWS CLI v2: the same `ExecCredential` in every
//! output format with the token and times masked, tokens whose decoded STS URLs carry the
//! same parameters and each a valid signature, the API versions `KUBERNETES_EXEC_INFO`
//! asks for, role credentials and the failures.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::{oracle, sigcheck, MotoServer, Outcome};
use base64::Engine;
use regex::Regex;

/// Runs `eks get-token args` with both CLIs (v2 first) in one isolated directory.
fn both(place: &Isolated, args: &[&str], env: &[(&str, &str)]) -> [Outcome; 2] {
    let mut words = vec!["eks".to_owned(), "get-token".to_owned()];
    words.extend(args.iter().map(|a| (*a).to_owned()));
    // The endpoint URL is not STS's: both sign for the STS endpoint of the region.
    [oracle::v2_bin(), aws2_e2e::binary::aws_bin()]
        .map(|program| place.run_with_env(&program, &words, "http://127.0.0.1:9", env))
}

fn masked(text: &str) -> String {
    let token = Regex::new(r"k8s-aws-v1\.[A-Za-z0-9_-]+").unwrap();
    aws2_e2e::mask::mask(&token.replace_all(text, "<token>"), &[])
}

/// The same exit code and stderr, and stdout with the tokens and times masked.
fn same(runs: &[Outcome; 2], what: &str) {
    let [v2, ours] = runs;
    assert_eq!(
        (v2.code, masked(&v2.stdout), &v2.stderr),
        (ours.code, masked(&ours.stdout), &ours.stderr),
        "{what}"
    );
}

/// The STS URL of the token in a JSON `ExecCredential`, checked to be unpadded base64url.
fn token_url(stdout: &str) -> (String, serde_json::Value) {
    let doc: serde_json::Value = serde_json::from_str(stdout).expect("JSON credential");
    let token = doc["status"]["token"].as_str().expect("token").to_owned();
    let encoded = token.strip_prefix("k8s-aws-v1.").expect("token prefix");
    assert!(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'));
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .expect("base64url");
    (String::from_utf8(url).expect("UTF-8 URL"), doc)
}

/// The query parameters with the signing moment left out.
fn lasting_params(url: &str) -> Vec<(String, String)> {
    let day = Regex::new(r"/\d{8}/").unwrap();
    sigcheck::query_params(url)
        .into_iter()
        .filter(|(k, _)| k != "X-Amz-Date" && k != "X-Amz-Signature")
        .map(|(k, v)| (k, day.replace(&v, "/<day>/").into_owned()))
        .collect()
}

/// `YYYYMMDDTHHMMSSZ` plus 14 minutes as `YYYY-MM-DDTHH:MM:SSZ`.
fn plus_14_minutes(amz_date: &str) -> String {
    let n = |r: std::ops::Range<usize>| amz_date[r].parse::<i64>().unwrap();
    let days = days_from_civil(n(0..4), n(4..6), n(6..8));
    let secs = days * 86_400 + n(9..11) * 3600 + n(11..13) * 60 + n(13..15) + 14 * 60;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[test]
fn eks_get_token_prints_the_same_exec_credential() {
    let place = Isolated::new();
    let mut compared = 0;
    for (args, id) in [
        (&["--cluster-name", "demo"][..], "demo"),
        (
            &["--cluster-id", "id-1", "--region", "eu-west-1"][..],
            "id-1",
        ),
    ] {
        for format in ["json", "text", "yaml", "table"] {
            let mut line = args.to_vec();
            line.extend(["--output", format]);
            same(&both(&place, &line, &[]), &line.join(" "));
            compared += 1;
        }
        let mut line = args.to_vec();
        line.extend(["--query", "status.expirationTimestamp"]);
        same(&both(&place, &line, &[]), &line.join(" "));
        compared += 1;
        let runs = both(&place, args, &[]);
        let (v2_url, _) = token_url(&runs[0].stdout);
        let (url, doc) = token_url(&runs[1].stdout);
        assert_eq!(lasting_params(&url), lasting_params(&v2_url));
        assert_eq!(url.split('?').next(), v2_url.split('?').next());
        for (who, u) in [("v2", &v2_url), ("ours", &url)] {
            let token = u.strip_prefix("https://").expect("https URL");
            if let Err(e) = sigcheck::verify(token, "testing", &[("x-k8s-aws-id", id)]) {
                panic!("{who}: {e}");
            }
        }
        let date = sigcheck::query_params(&url)
            .into_iter()
            .find(|(k, _)| k == "X-Amz-Date")
            .expect("X-Amz-Date")
            .1;
        assert_eq!(doc["status"]["expirationTimestamp"], plus_14_minutes(&date));
        compared += 1;
    }
    eprintln!("differential: {compared}/{compared} commands identical (eks get-token)");
}

#[test]
fn the_api_version_follows_kubernetes_exec_info() {
    let place = Isolated::new();
    let infos = [
        "",
        r#"{"apiVersion": "client.authentication.k8s.io/v1"}"#,
        r#"{"apiVersion": "client.authentication.k8s.io/v1beta1"}"#,
        r#"{"apiVersion": "client.authentication.k8s.io/v1alpha1"}"#,
        r#"{"apiVersion": "client.authentication.k8s.io/v2"}"#,
        r#"{"kind": "ExecCredential"}"#,
        "not json",
        "[1]",
        "\"text\"",
        "3",
    ];
    for info in infos {
        let runs = both(
            &place,
            &["--cluster-name", "c"],
            &[("KUBERNETES_EXEC_INFO", info)],
        );
        same(&runs, info);
        let expected = if info.starts_with('[') || info.starts_with('"') || info == "3" {
            255
        } else {
            0
        };
        assert_eq!(runs[1].code, expected, "{info}: {}", runs[1].stderr);
    }
    eprintln!(
        "differential: {n}/{n} commands identical (KUBERNETES_EXEC_INFO)",
        n = infos.len()
    );
}

#[test]
fn get_token_failures_exit_as_v2_does() {
    let place = Isolated::new();
    place.write("config", b"[profile nocreds]\nregion = us-east-1\n");
    let cases: &[(&[&str], i32)] = &[
        (&[], 1),
        (&["--cluster-name", "a", "--cluster-id", "b"], 252),
        (&["--cluster-name", "a", "--bogus"], 252),
        (&["--cluster-name", "a", "--region", ""], 255),
        (&["--cluster-name", "a", "--profile", "nocreds"], 253),
        (&["--cluster-name", "a", "--no-sign-request"], 0),
    ];
    for (args, code) in cases {
        let runs = both(&place, args, &[]);
        same(&runs, &args.join(" "));
        assert_eq!(runs[1].code, *code, "{args:?}: {}", runs[1].stderr);
    }
    // Unsigned, the token is the bare endpoint, as v2 makes it.
    let runs = both(&place, &["--cluster-name", "a", "--no-sign-request"], &[]);
    assert_eq!(
        token_url(&runs[1].stdout).0,
        "https://sts.us-east-1.amazonaws.com/"
    );
    eprintln!(
        "differential: {n}/{n} commands identical (eks get-token failures)",
        n = cases.len()
    );
}

#[test]
fn role_arn_signs_with_the_assumed_role() {
    let moto = MotoServer::start();
    let place = Isolated::new();
    let sts = [("AWS_ENDPOINT_URL_STS", moto.endpoint())];
    let env: Vec<(&str, &str)> = sts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let args = [
        "--cluster-name",
        "demo",
        "--role-arn",
        "arn:aws:iam::123456789012:role/eks-admin",
    ];
    let runs = both(&place, &args, &env);
    same(&runs, "--role-arn");
    let names = |url: &str| -> Vec<String> {
        sigcheck::query_params(url)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    };
    let (v2_url, _) = token_url(&runs[0].stdout);
    let (url, _) = token_url(&runs[1].stdout);
    assert_eq!(names(&url), names(&v2_url));
    assert!(url.starts_with(&format!("{}/?Action=GetCallerIdentity", moto.endpoint())));
    let credential = &sigcheck::query_params(&url)
        .into_iter()
        .find(|(k, _)| k == "X-Amz-Credential")
        .unwrap()
        .1;
    assert!(credential.starts_with("ASIA"), "{credential}");
}
