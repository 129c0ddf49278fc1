//! `ec2 run-instances --secondary-private-ip-addresses`, `--secondary-private-ip-address-count`
//! and `--[no-]associate-public-ip-address`: they build the first network interface
//! (`DeviceIndex` 0), and then `--subnet-id`, `--security-group-ids`, `--private-ip-address`
//! and the IPv6 options move into it, as the AWS CLI does (the API rejects them beside a
//! network interface).

use super::custom_arg;
use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| args.extend(args_list())),
    input: Some(|cx, input| apply(cx.parsed, input)),
    ..super::registry::Customization::of("ec2", |op| op == "RunInstances")
};

const ADDRESSES: &str = "secondary-private-ip-addresses";
const COUNT: &str = "secondary-private-ip-address-count";
const PUBLIC: &str = "associate-public-ip-address";

fn args_list() -> Vec<Argument> {
    vec![
        custom_arg(ADDRESSES, ArgKind::List, false),
        custom_arg(COUNT, ArgKind::Single, false),
        custom_arg(PUBLIC, ArgKind::Boolean, false),
    ]
}

/// Builds `NetworkInterfaces[0]` from the options, then moves the top-level members into it.
pub(super) fn apply(
    parsed: &ParsedArgs,
    input: &mut IndexMap<String, Value>,
) -> Result<(), CliError> {
    let mut fields: Vec<(&str, Value)> = Vec::new();
    if let Some(RawValue::Many(addrs)) = parsed.members.get(ADDRESSES) {
        if !addrs.is_empty() {
            let list = addrs
                .iter()
                .map(|a| {
                    let mut m = IndexMap::new();
                    m.insert("PrivateIpAddress".to_owned(), Value::String(a.clone()));
                    m.insert("Primary".to_owned(), Value::Bool(false));
                    Value::Map(m)
                })
                .collect();
            fields.push(("PrivateIpAddresses", Value::List(list)));
        }
    }
    if let Some(RawValue::One(text)) = parsed.members.get(COUNT) {
        let n: i64 = text.trim().parse().map_err(|_| {
            CliError::usage(format!("argument --{COUNT}: invalid int value: '{text}'"))
        })?;
        if n != 0 {
            fields.push(("SecondaryPrivateIpAddressCount", Value::Integer(n)));
        }
    }
    if let Some(RawValue::Flag(b)) = parsed.members.get(PUBLIC) {
        fields.push(("AssociatePublicIpAddress", Value::Bool(*b)));
    }
    if fields.is_empty() {
        return Ok(());
    }
    let mut interfaces = match input.shift_remove("NetworkInterfaces") {
        Some(Value::List(l)) if !l.is_empty() => l,
        _ => {
            let mut m = IndexMap::new();
            m.insert("DeviceIndex".to_owned(), Value::Integer(0));
            vec![Value::Map(m)]
        }
    };
    if let Some(Value::Map(first)) = interfaces.first_mut() {
        for (key, value) in fields {
            if key != "PrivateIpAddresses" || !first.contains_key(key) {
                first.insert(key.to_owned(), value);
            }
        }
        move_members(input, first);
    }
    input.insert("NetworkInterfaces".into(), Value::List(interfaces));
    Ok(())
}

/// Moves the members that must sit in the network interface.
fn move_members(input: &mut IndexMap<String, Value>, iface: &mut IndexMap<String, Value>) {
    if let Some(v) = input.shift_remove("SubnetId") {
        iface.insert("SubnetId".into(), v);
    }
    if let Some(v) = input.shift_remove("SecurityGroupIds") {
        iface.insert("Groups".into(), v);
    }
    // As in the AWS CLI, the primary address replaces the secondary address list.
    if let Some(v) = input.shift_remove("PrivateIpAddress") {
        let mut primary = IndexMap::new();
        primary.insert("PrivateIpAddress".to_owned(), v);
        primary.insert("Primary".to_owned(), Value::Bool(true));
        iface.insert(
            "PrivateIpAddresses".into(),
            Value::List(vec![Value::Map(primary)]),
        );
    }
    for key in ["Ipv6AddressCount", "Ipv6Addresses"] {
        if let Some(v) = input.shift_remove(key) {
            iface.insert(key.into(), v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::customizations::test_args::parsed;

    #[test]
    fn builds_the_first_interface_and_moves_subnet_and_groups() {
        let p = parsed(&[
            (ADDRESSES, RawValue::Many(vec!["10.0.0.5".into()])),
            (COUNT, RawValue::One("2".into())),
            (PUBLIC, RawValue::Flag(true)),
        ]);
        let mut input = IndexMap::new();
        input.insert("SubnetId".to_owned(), Value::String("subnet-1".into()));
        input.insert(
            "SecurityGroupIds".to_owned(),
            Value::List(vec![Value::String("sg-1".into())]),
        );
        apply(&p, &mut input).expect("applies");
        let json = Value::Map(input).to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(
            json,
            serde_json::json!({"NetworkInterfaces": [{
                "DeviceIndex": 0,
                "PrivateIpAddresses": [{"PrivateIpAddress": "10.0.0.5", "Primary": false}],
                "SecondaryPrivateIpAddressCount": 2,
                "AssociatePublicIpAddress": true,
                "SubnetId": "subnet-1",
                "Groups": ["sg-1"]
            }]})
        );
    }

    #[test]
    fn leaves_the_input_alone_without_the_options_and_rejects_bad_counts() {
        let mut input = IndexMap::new();
        input.insert("SubnetId".to_owned(), Value::String("subnet-1".into()));
        apply(&ParsedArgs::default(), &mut input).expect("applies");
        assert_eq!(input.len(), 1);
        let err = apply(&parsed(&[(COUNT, RawValue::One("x".into()))]), &mut input);
        assert_eq!(err.map_err(|e| e.exit_code()).err(), Some(252));
    }
}
