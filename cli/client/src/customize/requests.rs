//! Changes to serialized requests, before they are signed: API Gateway's `Accept`, S3's
//! escaped line breaks in XML documents and `Expect: 100-continue` on uploads, CloudSearch
//! Domain's `Search` as a form `POST`, Machine Learning's `Predict` sent to its
//! `PredictEndpoint`, and the API version of endpoint discovery operations.

use aws2_core::Value;
use aws2_http::{Body, Request};

/// Applies the customizations of `model_name`'s `operation` (input as given); true when the
/// body changed (its checksums are then to be computed again).
pub fn adjust(
    model_name: &str,
    api_version: &str,
    operation: &str,
    input: &Value,
    payload_apart: bool,
    request: &mut Request,
) -> bool {
    match (model_name, operation) {
        ("apigateway", _) if request.header("accept").is_none() => {
            request.set_header("Accept", "application/json");
        }
        ("s3", "DeleteObjects" | "PutBucketLifecycleConfiguration") => {
            return escape_line_breaks(request)
        }
        // botocore's add_expect_header: every body read from a file-like object (the
        // s3 commands' uploads hand theirs over apart from the input).
        ("s3", "PutObject" | "UploadPart") if payload_apart || input.get("Body").is_some() => {
            request.set_header("Expect", "100-continue");
        }
        ("cloudsearchdomain", "Search") => get_to_post(request),
        ("machinelearning", "Predict") => {
            if let Some(endpoint) = input.get("PredictEndpoint").and_then(Value::as_str) {
                request.url = switch_host(&request.url, endpoint);
            }
        }
        ("dynamodb" | "timestream-query" | "timestream-write", "DescribeEndpoints") => {
            request.set_header("x-amz-api-version", api_version);
        }
        _ => {}
    }
    false
}

/// `\r` and `\n` as character references over the whole document (`escape_xml_payload`), so
/// that XML parsing keeps them as given.
fn escape_line_breaks(request: &mut Request) -> bool {
    let Body::Bytes(body) = &request.body else {
        return false;
    };
    if !body.iter().any(|b| matches!(b, b'\r' | b'\n')) {
        return false;
    }
    let mut out = Vec::with_capacity(body.len() + 16);
    for &b in body.iter() {
        match b {
            b'\r' => out.extend_from_slice(b"&#xD;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            _ => out.push(b),
        }
    }
    request.body = Body::Bytes(out.into());
    true
}

/// A `GET` with a query string becomes a form `POST` of that query (`change_get_to_post`).
fn get_to_post(request: &mut Request) {
    if request.method != "GET" {
        return;
    }
    let Some((url, query)) = request.url.split_once('?') else {
        return;
    };
    let (url, query) = (url.to_owned(), query.to_owned());
    request.method = "POST".into();
    request.url = url;
    request.set_header("Content-Type", "application/x-www-form-urlencoded");
    request.body = Body::Bytes(query.into_bytes().into());
}

/// `url` with the scheme and host of `endpoint` (`switch_host_with_param`).
fn switch_host(url: &str, endpoint: &str) -> String {
    let split = |u: &str| -> (String, String, String) {
        let (scheme, rest) = u.split_once("://").unwrap_or(("", u));
        let cut = rest.find(['/', '?']).unwrap_or(rest.len());
        (
            scheme.to_owned(),
            rest[..cut].to_owned(),
            rest[cut..].to_owned(),
        )
    };
    let (_, _, path) = split(url);
    let (scheme, host, _) = split(endpoint);
    format!("{scheme}://{host}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Value {
        Value::Map(Default::default())
    }

    #[test]
    fn api_gateway_asks_for_json() {
        let mut request =
            Request::new("GET", "https://apigateway.us-east-1.amazonaws.com/restapis");
        adjust(
            "apigateway",
            "2015-07-09",
            "GetRestApis",
            &empty(),
            false,
            &mut request,
        );
        assert_eq!(request.header("accept"), Some("application/json"));
        let mut other = Request::new("GET", "https://x/");
        adjust(
            "lambda",
            "2015-03-31",
            "ListFunctions",
            &empty(),
            false,
            &mut other,
        );
        assert_eq!(other.header("accept"), None);
    }

    #[test]
    fn xml_line_breaks_are_escaped() {
        let mut request = Request::new("POST", "https://b.s3.amazonaws.com/?delete");
        request.body = Body::Bytes(bytes::Bytes::from_static(b"<a>x\r\ny</a>"));
        assert!(adjust(
            "s3",
            "2006-03-01",
            "DeleteObjects",
            &empty(),
            false,
            &mut request
        ));
        let Body::Bytes(body) = &request.body else {
            unreachable!()
        };
        assert_eq!(&body[..], b"<a>x&#xD;&#xA;y</a>");
    }

    #[test]
    fn search_goes_as_a_form_post() {
        let mut request = Request::new(
            "GET",
            "https://search-x.cloudsearch/2013-01-01/search?format=sdk&q=a",
        );
        adjust(
            "cloudsearchdomain",
            "2013-01-01",
            "Search",
            &empty(),
            false,
            &mut request,
        );
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.url,
            "https://search-x.cloudsearch/2013-01-01/search"
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        let Body::Bytes(body) = &request.body else {
            unreachable!()
        };
        assert_eq!(&body[..], b"format=sdk&q=a");
    }

    #[test]
    fn predictions_go_to_their_endpoint() {
        assert_eq!(
            switch_host(
                "https://machinelearning.us-east-1.amazonaws.com/",
                "http://realtime.example:8080"
            ),
            "http://realtime.example:8080/"
        );
    }

    #[test]
    fn uploads_with_a_body_expect_continue() {
        let mut with_body = Request::new("PUT", "http://127.0.0.1/b/k");
        let input = Value::Map(
            [("Body".to_owned(), Value::Blob(b"x".to_vec()))]
                .into_iter()
                .collect(),
        );
        adjust(
            "s3",
            "2006-03-01",
            "PutObject",
            &input,
            false,
            &mut with_body,
        );
        assert_eq!(with_body.header("expect"), Some("100-continue"));
        let mut without = Request::new("PUT", "http://127.0.0.1/b/k");
        adjust(
            "s3",
            "2006-03-01",
            "PutObject",
            &empty(),
            false,
            &mut without,
        );
        assert_eq!(without.header("expect"), None);
    }
}
