//! Which protocol a service speaks when its model lists several: the AWS CLI takes the first of
//! its priority order (json, rest-json, rest-xml, smithy-rpc-v2-cbor, query, ec2) that the model
//! lists, not the model's own first choice.

use aws2_core::protocol::{protocol_of, resolve_protocol, serialize, PRIORITY_ORDERED_PROTOCOLS};
use aws2_core::{model::Metadata, Service, Value};

fn metadata(protocol: &str, protocols: &[&str]) -> Metadata {
    Metadata {
        protocol: protocol.to_owned(),
        protocols: protocols.iter().map(|p| (*p).to_owned()).collect(),
        ..Metadata::default()
    }
}

#[test]
fn priority_order_wins_over_the_models_order() {
    assert_eq!(
        PRIORITY_ORDERED_PROTOCOLS,
        [
            "json",
            "rest-json",
            "rest-xml",
            "smithy-rpc-v2-cbor",
            "query",
            "ec2"
        ]
    );
    let cases: [(&str, &[&str], &str); 6] = [
        (
            "smithy-rpc-v2-cbor",
            &["smithy-rpc-v2-cbor", "json"],
            "json",
        ),
        (
            "smithy-rpc-v2-cbor",
            &["smithy-rpc-v2-cbor", "json", "query"],
            "json",
        ),
        (
            "query",
            &["query", "smithy-rpc-v2-cbor"],
            "smithy-rpc-v2-cbor",
        ),
        (
            "smithy-rpc-v2-cbor",
            &["smithy-rpc-v2-cbor"],
            "smithy-rpc-v2-cbor",
        ),
        // No `protocols` list: the legacy `protocol`.
        ("rest-xml", &[], "rest-xml"),
        ("ec2", &["ec2"], "ec2"),
    ];
    for (protocol, protocols, expected) in cases {
        assert_eq!(
            resolve_protocol(&metadata(protocol, protocols)),
            expected,
            "{protocol} {protocols:?}"
        );
    }
}

#[test]
fn services_listing_cbor_first_resolve_to_json() {
    for (model, expected) in [
        ("cloudwatch", "json"),
        ("comprehendmedical", "json"),
        ("gamelift", "json"),
        ("snowball", "json"),
        ("ec2", "ec2"),
        ("s3", "rest-xml"),
    ] {
        let service = Service::load(model).unwrap();
        assert_eq!(protocol_of(&service), expected, "{model}");
    }
}

/// The request the AWS CLI v2 sends for
/// `aws cloudwatch describe-alarms-for-metric --metric-name m --namespace n`.
#[test]
fn cloudwatch_requests_are_json_1_0() {
    let service = Service::load("cloudwatch").unwrap();
    let operation = service.operation("DescribeAlarmsForMetric").unwrap();
    let params = serde_json::json!({"MetricName": "m", "Namespace": "n"});
    let input =
        Value::from_json_for_shape(&params, operation.input.as_ref().unwrap(), &service).unwrap();
    let request = serialize(&service, &operation, &input).unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.uri, "/");
    assert_eq!(
        request.header("X-Amz-Target"),
        Some("GraniteServiceVersion20100801.DescribeAlarmsForMetric")
    );
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(request.header("x-amzn-query-mode"), Some("true"));
    assert_eq!(request.header("smithy-protocol"), None);
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, params);
}
