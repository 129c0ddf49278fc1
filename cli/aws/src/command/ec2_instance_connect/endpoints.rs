//! What both commands ask EC2: the instance (`DescribeInstances`) and an available EC2
//! Instance Connect Endpoint (`DescribeInstanceConnectEndpoints`, by ID, or the first of the
//! instance's VPC in its subnet, else the VPC's first), and which of its DNS names to use.

use crate::call_error::call_error;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_client::Client;
use aws2_core::{Service, Value};
use serde_json::json;
use std::sync::Arc;

/// The endpoint states a tunnel can be opened in.
const STATES: [&str; 4] = [
    "create-complete",
    "update-in-progress",
    "update-failed",
    "update-complete",
];

/// An EC2 client, with the command's endpoint URL or (`keep_endpoint` false, as
/// `open-tunnel` makes it) without it.
pub struct Ec2 {
    client: Client,
    service: Arc<Service>,
}

impl Ec2 {
    /// The EC2 client of the command's profile and region.
    pub fn new(globals: &GlobalOptions, keep_endpoint: bool) -> Result<Ec2, CliError> {
        let mut globals = globals.clone();
        if !keep_endpoint {
            globals.endpoint_url = None;
        }
        let session = session::config_session(&globals);
        let service = Arc::new(Service::load("ec2")?);
        let client = session::client(&globals, &session, service.clone())?;
        Ok(Ec2 { client, service })
    }

    /// Calls `operation` with the JSON `input`.
    fn call(&self, operation: &str, input: serde_json::Value) -> Result<Value, CliError> {
        let op = self.service.operation(operation)?;
        let input = Value::from_json(&input);
        if let Some(input_ref) = &op.input {
            crate::args::validate::validate(&self.service, input_ref, &input)
                .map_err(CliError::Validation)?;
        }
        self.client.call(&op, &input).map_err(call_error)
    }

    /// The first instance of the first reservation `DescribeInstances` gives for `id`.
    pub fn instance(&self, id: &str) -> Result<Value, CliError> {
        let output = self.call("DescribeInstances", json!({ "InstanceIds": [id] }))?;
        first(output.get("Reservations"))
            .and_then(|r| first(r.get("Instances")))
            .cloned()
            .ok_or_else(|| CliError::other("list index out of range"))
    }

    /// The endpoint `id` when given, else the best one of the VPC.
    pub fn endpoint(
        &self,
        vpc_id: Option<&str>,
        subnet_id: Option<&str>,
        id: Option<&str>,
    ) -> Result<Value, CliError> {
        let state = json!({ "Name": "state", "Values": STATES });
        if let Some(id) = id {
            let output = self.call(
                "DescribeInstanceConnectEndpoints",
                json!({ "Filters": [state], "InstanceConnectEndpointIds": [id] }),
            )?;
            return first(output.get("InstanceConnectEndpoints"))
                .cloned()
                .ok_or_else(|| {
                    CliError::validation(format!(
                        "There are no available instance connect endpoints with {id}"
                    ))
                });
        }
        let mut input = json!({ "Filters": [state, { "Name": "vpc-id", "Values": [vpc_id] }] });
        let mut found: Vec<Value> = Vec::new();
        loop {
            let page = self.call("DescribeInstanceConnectEndpoints", input.clone())?;
            let items = match page.get("InstanceConnectEndpoints") {
                Some(Value::List(items)) => items.clone(),
                _ => Vec::new(),
            };
            if let Some(hit) = items
                .iter()
                .find(|e| e.get("SubnetId").and_then(Value::as_str) == subnet_id)
            {
                return Ok(hit.clone());
            }
            found.extend(items);
            match page.get("NextToken").and_then(Value::as_str) {
                Some(token) if !token.is_empty() => input["NextToken"] = json!(token),
                _ => break,
            }
        }
        found.into_iter().next().ok_or_else(|| {
            CliError::validation("There are no available instance connect endpoints.")
        })
    }
}

/// The endpoint's ID and the DNS name to connect to: its FIPS name when FIPS endpoints are
/// asked for.
pub fn id_and_dns_name(globals: &GlobalOptions, endpoint: &Value) -> Result<(String, String), CliError> {
    let text = |key: &str| endpoint.get(key).and_then(Value::as_str).map(str::to_owned);
    let id = text("InstanceConnectEndpointId").unwrap_or_default();
    let session = session::config_session(globals);
    let fips = session.boolean("use_fips_endpoint").map_err(CliError::from)?;
    let name = if fips {
        text("FipsDnsName")
            .filter(|n| !n.is_empty())
            .ok_or_else(|| CliError::Configuration("Unable to find FIPS Endpoint".to_owned()))?
    } else {
        text("DnsName").ok_or_else(|| CliError::other("'DnsName'"))?
    };
    Ok((id, name))
}

/// A text member of the instance, treating an empty one as missing.
pub fn member<'a>(instance: &'a Value, key: &str) -> Option<&'a str> {
    instance
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A text member the AWS CLI indexes directly, whose absence is Python's `KeyError`.
pub fn required<'a>(instance: &'a Value, key: &str) -> Result<&'a str, CliError> {
    instance
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::other(format!("'{key}'")))
}

/// The first item of a list.
fn first(list: Option<&Value>) -> Option<&Value> {
    match list {
        Some(Value::List(items)) => items.first(),
        _ => None,
    }
}
