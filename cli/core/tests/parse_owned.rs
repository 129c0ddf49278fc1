//! `parse_owned` gives exactly what `parse` gives, moving blob payloads instead of copying.

use aws2_core::protocol::{parse, parse_owned, HttpResponse};
use aws2_core::{Service, Value};

fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.to_vec(),
    }
}

#[test]
fn owned_parsing_matches_borrowed_parsing() {
    let s3 = Service::load("s3").unwrap();
    let get = s3.operation("GetObject").unwrap();
    let cases = [
        response(
            200,
            &[
                ("Content-Length", "5"),
                ("ETag", "\"e\""),
                ("x-amz-meta-a", "b"),
            ],
            b"hello",
        ),
        response(200, &[("Content-Length", "0")], b""),
        response(
            404,
            &[],
            b"<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>",
        ),
    ];
    for case in cases {
        let borrowed = parse(&s3, &get, &case).unwrap();
        let owned = parse_owned(&s3, &get, case.clone()).unwrap();
        assert_eq!(borrowed, owned, "{case:?}");
    }
    let owned = parse_owned(&s3, &get, response(200, &[], b"hello"))
        .unwrap()
        .unwrap();
    assert_eq!(owned.get("Body"), Some(&Value::Blob(b"hello".to_vec())));
    // Non-payload operations take the ordinary path.
    let sts = Service::load("sts").unwrap();
    let who = sts.operation("GetCallerIdentity").unwrap();
    let xml = b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
    let r = response(200, &[], xml);
    assert_eq!(
        parse(&sts, &who, &r).unwrap(),
        parse_owned(&sts, &who, r.clone()).unwrap()
    );
}
