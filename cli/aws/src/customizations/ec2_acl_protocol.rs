//! `ec2 create-network-acl-entry` and `replace-network-acl-entry`: `--protocol` takes `tcp`,
//! `udp`, `icmp` and `all` besides protocol numbers, sent as `6`, `17`, `1` and `-1`, as the
//! AWS CLI v2 sends them.

use aws2_core::Value;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    input: Some(|_, input| {
        if let Some(Value::String(protocol)) = input.get_mut("Protocol") {
            if let Some(number) = number(protocol) {
                *protocol = number.to_owned();
            }
        }
        Ok(())
    }),
    ..super::registry::Customization::of("ec2", |op| {
        op == "CreateNetworkAclEntry" || op == "ReplaceNetworkAclEntry"
    })
};

/// The protocol number of a protocol name the option takes.
fn number(name: &str) -> Option<&'static str> {
    Some(match name {
        "tcp" => "6",
        "udp" => "17",
        "icmp" => "1",
        "all" => "-1",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_become_numbers_and_numbers_stay() {
        assert_eq!(super::number("tcp"), Some("6"));
        assert_eq!(super::number("all"), Some("-1"));
        assert_eq!(super::number("58"), None);
        assert_eq!(super::number("TCP"), None);
    }
}
