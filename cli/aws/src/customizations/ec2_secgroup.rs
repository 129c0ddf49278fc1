//! `ec2 authorize-security-group-ingress|egress` and `revoke-…`: `--protocol`, `--port`,
//! `--cidr`, `--source-group` and `--group-owner` build one `IpPermissions` entry, as the AWS
//! CLI's simplified security group options do; they cannot be combined with `--ip-permissions`.

use super::{custom_arg, one};
use crate::args::parse::ParsedArgs;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| {
        for arg in args.iter_mut().filter(|a| UNDOCUMENTED.contains(&a.name.as_str())) {
            arg.undocumented = true;
        }
        args.extend(args_list())
    }),
    input: Some(|cx, input| apply(cx.parsed, input)),
    ..super::registry::Customization::of("ec2", applies)
};

const NAMES: &[&str] = &["protocol", "port", "cidr", "source-group", "group-owner"];

/// The members the simplified options stand for, accepted but left out of help.
const UNDOCUMENTED: &[&str] = &[
    "ip-protocol",
    "from-port",
    "to-port",
    "cidr-ip",
    "source-security-group-name",
    "source-security-group-owner-id",
];

/// Whether the operation takes the simplified options.
pub(super) fn applies(operation: &str) -> bool {
    matches!(
        operation,
        "AuthorizeSecurityGroupIngress"
            | "AuthorizeSecurityGroupEgress"
            | "RevokeSecurityGroupIngress"
            | "RevokeSecurityGroupEgress"
    )
}

fn args_list() -> Vec<Argument> {
    NAMES
        .iter()
        .map(|n| custom_arg(n, ArgKind::Single, false))
        .collect()
}

fn invalid(msg: &str) -> CliError {
    CliError::Validation(format!("Parameter validation failed:\n{msg}"))
}

/// Builds `IpPermissions[0]` from the options.
pub(super) fn apply(
    parsed: &ParsedArgs,
    input: &mut IndexMap<String, Value>,
) -> Result<(), CliError> {
    let given: Vec<&str> = NAMES
        .iter()
        .copied()
        .filter(|n| one(parsed, n).is_some())
        .collect();
    if given.is_empty() {
        return Ok(());
    }
    if input.contains_key("IpPermissions") {
        return Err(invalid("The --protocol, --port, --cidr, --source-group, --group-owner options cannot be used when the --ip-permissions option is used."));
    }
    let mut perm: IndexMap<String, Value> = IndexMap::new();
    if let Some(p) = one(parsed, "protocol") {
        perm.insert("IpProtocol".into(), Value::String(protocol(p)?));
    }
    if let Some(p) = one(parsed, "port") {
        let (from, to) = ports(p).ok_or_else(|| {
            invalid("port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)")
        })?;
        perm.insert("FromPort".into(), Value::Integer(from));
        perm.insert("ToPort".into(), Value::Integer(to));
    }
    if let Some(c) = one(parsed, "cidr") {
        let mut range = IndexMap::new();
        range.insert("CidrIp".to_owned(), Value::String(c.to_owned()));
        perm.insert("IpRanges".into(), Value::List(vec![Value::Map(range)]));
    }
    let mut pair = IndexMap::new();
    if let Some(g) = one(parsed, "source-group") {
        let key = if g.starts_with("sg-") {
            "GroupId"
        } else {
            "GroupName"
        };
        pair.insert(key.to_owned(), Value::String(g.to_owned()));
    }
    if let Some(owner) = one(parsed, "group-owner") {
        pair.insert("UserId".to_owned(), Value::String(owner.to_owned()));
    }
    if !pair.is_empty() {
        perm.insert(
            "UserIdGroupPairs".into(),
            Value::List(vec![Value::Map(pair)]),
        );
    }
    input.insert("IpPermissions".into(), Value::List(vec![Value::Map(perm)]));
    Ok(())
}

/// `tcp`, `udp`, `icmp`, `all` (sent as `-1`) or a protocol number 0–255 or -1.
fn protocol(p: &str) -> Result<String, CliError> {
    match p.parse::<i64>() {
        Ok(n) if n == -1 || (0..=255).contains(&n) => Ok(p.to_owned()),
        Ok(_) => Err(invalid(
            "protocol numbers must be in the range 0-255 or -1 to specify all protocols",
        )),
        Err(_) => match p {
            "all" => Ok("-1".into()),
            "tcp" | "udp" | "icmp" => Ok(p.to_owned()),
            _ => Err(invalid("protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.")),
        },
    }
}

/// `22`, `22-25`, `-1` or `all`.
fn ports(p: &str) -> Option<(i64, i64)> {
    if p == "-1" || p == "all" {
        return Some((-1, -1));
    }
    let (from, to) = p.split_once('-').unwrap_or((p, p));
    Some((from.trim().parse().ok()?, to.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::customizations::test_args::values as parsed;

    #[test]
    fn builds_one_permission() {
        let mut input = IndexMap::new();
        let p = parsed(&[
            ("protocol", "tcp"),
            ("port", "22-25"),
            ("cidr", "203.0.113.0/24"),
            ("source-group", "sg-1"),
        ]);
        apply(&p, &mut input).expect("applies");
        let json = Value::Map(input).to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(
            json,
            serde_json::json!({"IpPermissions": [{
                "IpProtocol": "tcp", "FromPort": 22, "ToPort": 25,
                "IpRanges": [{"CidrIp": "203.0.113.0/24"}],
                "UserIdGroupPairs": [{"GroupId": "sg-1"}]
            }]})
        );
    }

    #[test]
    fn rejects_bad_values_and_mixing_with_ip_permissions() {
        let mut input = IndexMap::new();
        assert!(apply(&parsed(&[("port", "ssh")]), &mut input).is_err());
        assert!(apply(&parsed(&[("protocol", "gre")]), &mut input).is_err());
        assert!(apply(&parsed(&[("protocol", "300")]), &mut input).is_err());
        input.insert("IpPermissions".to_owned(), Value::List(Vec::new()));
        assert!(apply(&parsed(&[("protocol", "all")]), &mut input).is_err());
        let mut fresh = IndexMap::new();
        apply(&parsed(&[("protocol", "all"), ("port", "all")]), &mut fresh).expect("applies");
        let json = Value::Map(fresh).to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(
            json,
            serde_json::json!({"IpPermissions": [{"IpProtocol": "-1", "FromPort": -1, "ToPort": -1}]})
        );
    }
}
