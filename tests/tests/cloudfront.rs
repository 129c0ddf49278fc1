//! CloudFront's customizations compared with the AWS CLI v2: `sign` prints the same signed
//! URLs (canned and custom policies, RSA keys made by `openssl genrsa`), and
//! `create-invalidation --paths`, `create-distribution --origin-domain-name
//! --default-root-object` and `update-distribution --default-root-object` send the same
//! requests (the time-based caller references and origin ids masked) and print the same.

use aws2_e2e::both_clis::Run;
use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Reply};
use aws2_e2e::{wire, Case, CliEnv, MotoServer, Suite};
use regex::Regex;
use std::process::Command;

/// Runs `args` in `place` with the reference CLI and then with ours.
fn both(place: &Isolated, args: &[&str], reply: fn(&Recorded) -> Reply) -> [Run; 2] {
    aws2_e2e::both_clis::both(Some(place), args, reply)
}

/// The generated values `<prefix>-<epoch seconds>-<random>` of a request body.
fn unique_re() -> Regex {
    Regex::new(r"[A-Za-z0-9.-]*-\d{10}-\d{1,7}").unwrap()
}

/// The request with its generated values masked (and its length and hash headers following
/// the masked body, once checked against the body sent).
fn masked(request: &Recorded) -> Recorded {
    let text = String::from_utf8_lossy(&request.body).into_owned();
    let body = unique_re().replace_all(&text, "<unique>").into_owned();
    let mut out = request.clone();
    if body == text {
        return out;
    }
    out.body = body.into_bytes();
    for (name, value) in &mut out.headers {
        if name.eq_ignore_ascii_case("content-length") {
            assert_eq!(value.parse::<usize>().ok(), Some(request.body.len()));
            *value = out.body.len().to_string();
        }
        if name.eq_ignore_ascii_case("x-amz-content-sha256") {
            *value = "<hash>".into();
        }
    }
    out
}

/// Both runs sent the same requests and printed the same, with the same exit code.
fn same(runs: &[Run; 2]) {
    let [v2, ours] = runs;
    let mask = |rs: &[Recorded]| rs.iter().map(masked).collect::<Vec<_>>();
    if let Err(problems) = wire::compare_all(&mask(&v2.requests), &mask(&ours.requests)) {
        panic!("requests differ:\n{}", problems.join("\n"));
    }
    assert_eq!(
        (v2.outcome.code, &v2.outcome.stdout, &v2.outcome.stderr),
        (
            ours.outcome.code,
            &ours.outcome.stdout,
            &ours.outcome.stderr
        ),
    );
}

const XMLNS: &str = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

fn xml(status: u16, etag: Option<&str>, body: &str) -> Reply {
    let mut reply = Reply::new(
        status,
        "text/xml",
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"),
    );
    if let Some(etag) = etag {
        reply.headers.push(("ETag".into(), etag.into()));
    }
    reply
}

/// A distribution's configuration as CloudFront returns it.
fn config_xml() -> String {
    format!(
        "<DistributionConfig xmlns=\"{XMLNS}\"><CallerReference>ref-1</CallerReference>\
         <Aliases><Quantity>0</Quantity></Aliases><DefaultRootObject>old.html</DefaultRootObject>\
         <Origins><Quantity>1</Quantity><Items><Origin><Id>o1</Id>\
         <DomainName>example.com</DomainName><OriginPath></OriginPath>\
         <CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>\
         <OriginProtocolPolicy>http-only</OriginProtocolPolicy></CustomOriginConfig>\
         </Origin></Items></Origins><DefaultCacheBehavior><TargetOriginId>o1</TargetOriginId>\
         <ForwardedValues><QueryString>false</QueryString><Cookies><Forward>none</Forward>\
         </Cookies></ForwardedValues><TrustedSigners><Enabled>false</Enabled>\
         <Quantity>0</Quantity></TrustedSigners><ViewerProtocolPolicy>allow-all\
         </ViewerProtocolPolicy><MinTTL>0</MinTTL></DefaultCacheBehavior>\
         <Comment>kept</Comment><Enabled>true</Enabled></DistributionConfig>"
    )
}

/// CloudFront's answers: an invalidation, a distribution, or its configuration.
fn cloudfront(request: &Recorded) -> Reply {
    let distribution = format!(
        "<Distribution xmlns=\"{XMLNS}\"><Id>EDFDVBD6EXAMPLE</Id>\
         <ARN>arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE</ARN>\
         <Status>InProgress</Status><LastModifiedTime>2026-01-02T03:04:05Z</LastModifiedTime>\
         <InProgressInvalidationBatches>0</InProgressInvalidationBatches>\
         <DomainName>d111111abcdef8.cloudfront.net</DomainName></Distribution>"
    );
    match (request.method.as_str(), request.path()) {
        ("POST", p) if p.ends_with("/invalidation") => xml(
            201,
            None,
            &format!(
                "<Invalidation xmlns=\"{XMLNS}\"><Id>I2J0I21PCUYOIK</Id><Status>InProgress\
                 </Status><CreateTime>2026-01-02T03:04:05Z</CreateTime><InvalidationBatch>\
                 <Paths><Quantity>2</Quantity><Items><Path>/a</Path><Path>/b c</Path></Items>\
                 </Paths><CallerReference>cli-1</CallerReference></InvalidationBatch>\
                 </Invalidation>"
            ),
        ),
        ("GET", p) if p.contains("/NOSUCH") => xml(
            404,
            None,
            &format!(
                "<ErrorResponse xmlns=\"{XMLNS}\"><Error><Type>Sender</Type>\
                     <Code>NoSuchDistribution</Code><Message>The specified distribution does \
                     not exist.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"
            ),
        ),
        ("GET", p) if p.ends_with("/config") => xml(200, Some("E2QWRUHEXAMPLE"), &config_xml()),
        ("POST", _) => xml(201, Some("E1ETAG"), &distribution),
        _ => xml(200, Some("E3NEWETAG"), &distribution),
    }
}

#[test]
fn create_invalidation_paths_make_one_batch() {
    let place = Isolated::new();
    let args = &[
        "cloudfront",
        "create-invalidation",
        "--distribution-id",
        "EDFDVBD6EXAMPLE",
        "--paths",
        "/a",
        "/b c",
    ];
    let runs = both(&place, args, cloudfront);
    same(&runs);
    let body = String::from_utf8_lossy(&runs[0].requests[0].body).into_owned();
    let reference = Regex::new(r"<CallerReference>cli-\d{10}-\d{1,7}</CallerReference>").unwrap();
    assert!(reference.is_match(&body), "{body}");
    assert!(body.contains("<Quantity>2</Quantity>"), "{body}");
    assert_eq!(runs[1].outcome.code, 0, "{}", runs[1].outcome.stderr);
    for (args, code) in [
        (
            vec![
                "--distribution-id",
                "D",
                "--paths",
                "/a",
                "--invalidation-batch",
                "Paths={Quantity=1,Items=[/a]},CallerReference=x",
            ],
            252,
        ),
        (vec!["--distribution-id", "D"], 252),
        (vec!["--distribution-id", "D", "--paths"], 252),
        (vec!["--paths", "/a"], 252),
    ] {
        let mut words = vec!["cloudfront", "create-invalidation"];
        words.extend(args);
        let runs = both(&place, &words, cloudfront);
        same(&runs);
        assert_eq!(runs[1].outcome.code, code, "{words:?}");
        assert!(runs[1].requests.is_empty());
    }
}

#[test]
fn create_distribution_fills_the_template() {
    let place = Isolated::new();
    for args in [
        &[
            "--origin-domain-name",
            "example.com",
            "--default-root-object",
            "index.html",
        ][..],
        &["--origin-domain-name", "my-bucket.s3.amazonaws.com"][..],
    ] {
        let mut words = vec!["cloudfront", "create-distribution"];
        words.extend(args);
        let runs = both(&place, &words, cloudfront);
        same(&runs);
        assert_eq!(runs[1].outcome.code, 0, "{}", runs[1].outcome.stderr);
        assert_eq!(runs[1].requests.len(), 1);
    }
    for args in [
        &[
            "--origin-domain-name",
            "example.com",
            "--distribution-config",
            "{}",
        ][..],
        &["--distribution-config", "{}", "--default-root-object", "i"][..],
        // The template alone has no origin, which the model requires.
        &["--default-root-object", "index.html"][..],
        &[][..],
    ] {
        let mut words = vec!["cloudfront", "create-distribution"];
        words.extend(args);
        let runs = both(&place, &words, cloudfront);
        same(&runs);
        assert_eq!(runs[1].outcome.code, 252, "{words:?}");
        assert!(runs[1].requests.is_empty());
    }
}

#[test]
fn update_distribution_sends_back_the_current_configuration() {
    let place = Isolated::new();
    let args = &[
        "cloudfront",
        "update-distribution",
        "--id",
        "EDFDVBD6EXAMPLE",
        "--default-root-object",
        "index.html",
    ];
    let runs = both(&place, args, cloudfront);
    same(&runs);
    let ours = &runs[1];
    assert_eq!(ours.outcome.code, 0, "{}", ours.outcome.stderr);
    assert_eq!(ours.requests.len(), 2);
    assert_eq!(ours.requests[0].method, "GET");
    assert_eq!(ours.requests[1].method, "PUT");
    assert_eq!(ours.requests[1].header("if-match"), Some("E2QWRUHEXAMPLE"));
    let body = String::from_utf8_lossy(&ours.requests[1].body).into_owned();
    assert!(
        body.contains("<DefaultRootObject>index.html</DefaultRootObject>"),
        "{body}"
    );
    assert!(body.contains("<Comment>kept</Comment>"), "{body}");
    for (args, code) in [
        (vec!["--id", "NOSUCH", "--default-root-object", "i"], 254),
        (
            vec![
                "--id",
                "D",
                "--default-root-object",
                "i",
                "--distribution-config",
                "{}",
            ],
            252,
        ),
        (vec!["--id", "D"], 252),
    ] {
        let mut words = vec!["cloudfront", "update-distribution"];
        words.extend(args);
        let runs = both(&place, &words, cloudfront);
        same(&runs);
        assert_eq!(
            runs[1].outcome.code, code,
            "{words:?}: {}",
            runs[1].outcome.stderr
        );
    }
}

/// Writes an RSA key made by `openssl genrsa` (`traditional`: PKCS#1, else PKCS#8).
fn openssl_key(place: &Isolated, name: &str, traditional: bool) {
    let path = place.path().join(name);
    let mut cmd = Command::new("openssl");
    cmd.arg("genrsa");
    if traditional {
        cmd.arg("-traditional");
    }
    let out = cmd
        .arg("-out")
        .arg(&path)
        .arg("2048")
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sign_prints_the_signed_url_v2_prints() {
    let place = Isolated::new();
    openssl_key(&place, "key.pem", false);
    openssl_key(&place, "rsa.pem", true);
    place.write("id.txt", b"K2JCJMDEHXQW5F");
    let url = "https://d111111abcdef8.cloudfront.net/images/a.jpg";
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K2JCJMDEHXQW5F",
                "--private-key",
                "file://key.pem",
                "--date-less-than",
                "2030-01-01",
            ],
            0,
        ),
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K2",
                "--private-key",
                "file://rsa.pem",
                "--date-less-than",
                "1893456000",
            ],
            0,
        ),
        (
            vec![
                "--url",
                "https://d1.cloudfront.net/a?x=1&y=é",
                "--key-pair-id",
                "file://id.txt",
                "--private-key",
                "file://key.pem",
                "--date-less-than",
                "2030-01-01T10:00:00+02:00",
                "--date-greater-than",
                "2026-01-01T00:00:00",
                "--ip-address",
                "203.0.113.7",
            ],
            0,
        ),
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K",
                "--private-key",
                "file://key.pem",
                "--date-less-than",
                "2030-01-01",
                "--ip-address",
                "10.0.0.0/8",
            ],
            0,
        ),
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K",
                "--private-key",
                "file://key.pem",
                "--date-less-than",
                "2030-01-01",
                "--date-greater-than",
                "2029-06-30",
            ],
            0,
        ),
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K",
                "--private-key",
                "not a key",
                "--date-less-than",
                "2030-01-01",
            ],
            255,
        ),
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K",
                "--private-key",
                "file://key.pem",
                "--date-less-than",
                "bogus",
            ],
            255,
        ),
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K",
                "--private-key",
                "file://missing.pem",
                "--date-less-than",
                "2030-01-01",
            ],
            252,
        ),
        (vec!["--url", url, "--key-pair-id", "K"], 252),
        (
            vec![
                "--url",
                url,
                "--key-pair-id",
                "K",
                "--private-key",
                "file://key.pem",
                "--date-less-than",
                "2030-01-01",
                "--bogus",
            ],
            252,
        ),
    ];
    let mut compared = 0;
    for (args, code) in &cases {
        let mut words = vec!["cloudfront", "sign"];
        words.extend(args.iter().copied());
        let runs = both(&place, &words, cloudfront);
        same(&runs);
        assert_eq!(
            runs[1].outcome.code, *code,
            "{words:?}: {}",
            runs[1].outcome.stderr
        );
        assert!(runs[0].requests.is_empty() && runs[1].requests.is_empty());
        if *code == 0 {
            assert!(runs[1].outcome.stdout.contains("&Signature="));
        }
        compared += 1;
    }
    eprintln!(
        "v2 differential: {compared}/{} commands identical (cloudfront sign)",
        cases.len()
    );
}

#[test]
fn update_distribution_against_moto_keeps_the_configuration() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    let created = suite.env().setup(&[
        "cloudfront",
        "create-distribution",
        "--origin-domain-name",
        "example.com",
        "--query",
        "Distribution.Id",
        "--output",
        "text",
    ]);
    let id = created.stdout.trim().to_owned();
    let volatile = r#""(ETag|LastModifiedTime|CallerReference|Id|TargetOriginId)": "[^"]*""#;
    suite.compare(&[
        Case::new(&[
            "cloudfront",
            "update-distribution",
            "--id",
            &id,
            "--default-root-object",
            "index.html",
            "--query",
            "Distribution.DistributionConfig.{Root: DefaultRootObject, Origins: Origins}",
        ])
        .formats(&["json", "text"]),
        Case::new(&[
            "cloudfront",
            "get-distribution-config",
            "--id",
            &id,
            "--query",
            "DistributionConfig.DefaultRootObject",
        ])
        .formats(&["json"]),
        Case::new(&[
            "cloudfront",
            "create-distribution",
            "--origin-domain-name",
            "b.s3.amazonaws.com",
            "--default-root-object",
            "i.html",
        ])
        .formats(&["json"])
        .mask(volatile)
        .mask(r#""(ARN|DomainName|Location)": "[^"]*(cloudfront|distribution)[^"]*""#),
        Case::new(&[
            "cloudfront",
            "update-distribution",
            "--id",
            "NOSUCH",
            "--default-root-object",
            "i",
        ])
        .error(254),
    ]);
    assert_eq!(
        suite.finish("cloudfront update-distribution against moto"),
        5
    );
}
