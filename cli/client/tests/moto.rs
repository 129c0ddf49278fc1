//! Signed calls through the client API to a real `moto_server` on loopback, one operation per
//! protocol: query (sts), ec2, json (dynamodb), rest-json (lambda), rest-xml (s3).

use aws2_client::{Client, ClientConfig, EndpointSettings, Signing};
use aws2_core::{Service, Value};
use aws2_e2e::MotoServer;
use aws2_http::{
    Credentials, HttpClient, ProxySettings, RetryConfig, RetryMode, Sender, TransportConfig,
};
use indexmap::IndexMap;
use std::sync::Arc;
use std::time::Duration;

fn client(moto: &MotoServer, model: &str) -> Client {
    let transport = TransportConfig {
        cli_version: "2.0.0".into(),
        user_agent_extra: String::new(),
        ca_bundle: None,
        verify_ssl: true,
        proxies: ProxySettings::from_env(&Default::default()),
        connect_timeout: Some(Duration::from_secs(30)),
        read_timeout: Some(Duration::from_secs(60)),
        tcp_keepalive: false,
    };
    let sender = Sender::new(
        HttpClient::new(&transport).unwrap(),
        RetryConfig {
            mode: RetryMode::Standard,
            max_attempts: None,
            service: model.into(),
        },
    )
    .unwrap();
    let endpoint = EndpointSettings {
        region: Some("us-east-1".into()),
        endpoint_url: Some(moto.endpoint()),
        ..Default::default()
    };
    Client::new(
        Arc::new(Service::load(model).unwrap()),
        ClientConfig {
            endpoint,
            signing: Signing::Credentials(Credentials::new("testing", "testing").into()),
            s3_payload_signing: None,
        },
        Arc::new(sender),
    )
}

fn call(client: &Client, op: &str, input: &[(&str, Value)]) -> Value {
    let operation = client.service().operation(op).unwrap();
    let map: IndexMap<String, Value> = input
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    client
        .call(&operation, &Value::Map(map))
        .unwrap_or_else(|e| panic!("{op}: {e}"))
}

fn s(v: &str) -> Value {
    Value::String(v.into())
}

fn query_protocol_sts_get_caller_identity(moto: &MotoServer) {
    let out = call(&client(moto, "sts"), "GetCallerIdentity", &[]);
    assert_eq!(
        out.get("Account").and_then(Value::as_str),
        Some("123456789012")
    );
}

fn ec2_protocol_describe_regions(moto: &MotoServer) {
    let out = call(&client(moto, "ec2"), "DescribeRegions", &[]);
    let Some(Value::List(regions)) = out.get("Regions") else {
        panic!("no regions: {out:?}")
    };
    assert!(regions
        .iter()
        .any(|r| r.get("RegionName").and_then(Value::as_str) == Some("eu-west-1")));
}

fn json_protocol_dynamodb_list_tables(moto: &MotoServer) {
    let out = call(&client(moto, "dynamodb"), "ListTables", &[]);
    assert!(
        matches!(out.get("TableNames"), Some(Value::List(_))),
        "{out:?}"
    );
}

fn rest_json_protocol_lambda_list_functions(moto: &MotoServer) {
    let out = call(&client(moto, "lambda"), "ListFunctions", &[]);
    assert!(
        matches!(out.get("Functions"), Some(Value::List(_))),
        "{out:?}"
    );
}

fn rest_xml_protocol_s3_buckets_and_objects(moto: &MotoServer) {
    let s3 = client(moto, "s3");
    call(&s3, "CreateBucket", &[("Bucket", s("client-test-bucket"))]);
    let out = call(&s3, "ListBuckets", &[]);
    let Some(Value::List(buckets)) = out.get("Buckets") else {
        panic!("{out:?}")
    };
    assert!(buckets
        .iter()
        .any(|b| b.get("Name").and_then(Value::as_str) == Some("client-test-bucket")));
    for key in [
        "plain",
        "with space",
        "plus+sign",
        "tilde~",
        "percent%25",
        "dir/sub/key",
        "ünïcödé",
        "a//b",
    ] {
        let body = format!("body of {key}").into_bytes();
        call(
            &s3,
            "PutObject",
            &[
                ("Bucket", s("client-test-bucket")),
                ("Key", s(key)),
                ("Body", Value::Blob(body.clone())),
            ],
        );
        let got = call(
            &s3,
            "GetObject",
            &[("Bucket", s("client-test-bucket")), ("Key", s(key))],
        );
        assert_eq!(got.get("Body"), Some(&Value::Blob(body)), "key {key}");
    }
    let err = s3
        .call(
            &s3.service().operation("GetObject").unwrap(),
            &Value::Map(IndexMap::from([
                ("Bucket".to_string(), s("client-test-bucket")),
                ("Key".to_string(), s("missing")),
            ])),
        )
        .unwrap_err();
    assert!(err.to_string().contains("NoSuchKey"), "{err}");
}

/// One emulator for every protocol case, stopped at the end of the test.
#[test]
fn signed_calls_of_every_protocol_reach_moto_server() {
    let moto = MotoServer::start();
    query_protocol_sts_get_caller_identity(&moto);
    ec2_protocol_describe_regions(&moto);
    json_protocol_dynamodb_list_tables(&moto);
    rest_json_protocol_lambda_list_functions(&moto);
    rest_xml_protocol_s3_buckets_and_objects(&moto);
    eprintln!("moto protocols: 5/5 (query, ec2, json, rest-json, rest-xml)");
}
