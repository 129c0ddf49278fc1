//! `ec2 describe-snapshots` and `ec2 describe-volumes` fetch pages of 1000 while paginating,
//! unless a page size or a filter outside their short list is given (the AWS CLI's
//! `EC2PageSizeInjector`).

use super::registry::Customization;
use aws2_core::Value;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    page_size: Some(|operation, input| default_page_size("ec2", operation, input)),
    ..Customization::of("ec2", |op| allowed(op).is_some())
};

/// The page size the AWS CLI uses on its own.
const DEFAULT_PAGE_SIZE: i64 = 1000;

/// The members besides which no other may be given for the default to apply.
fn allowed(operation: &str) -> Option<&'static [&'static str]> {
    match operation {
        "DescribeVolumes" => Some(&["NextToken", "DryRun"]),
        "DescribeSnapshots" => Some(&["OwnerIds", "RestorableByUserIds", "NextToken", "DryRun"]),
        _ => None,
    }
}

/// The page size of a paginated call that gave none, if the AWS CLI sets one.
pub fn default_page_size(service: &str, operation: &str, input: &Value) -> Option<i64> {
    let allowed = allowed(operation).filter(|_| service == "ec2")?;
    let Value::Map(map) = input else {
        return Some(DEFAULT_PAGE_SIZE);
    };
    map.keys()
        .all(|k| allowed.contains(&k.as_str()))
        .then_some(DEFAULT_PAGE_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_listings_get_the_page_size() {
        let empty = Value::Map(Default::default());
        assert_eq!(
            default_page_size("ec2", "DescribeVolumes", &empty),
            Some(1000)
        );
        let owners = Value::Map(
            [(
                "OwnerIds".to_owned(),
                Value::List(vec![Value::String("self".into())]),
            )]
            .into_iter()
            .collect(),
        );
        assert_eq!(
            default_page_size("ec2", "DescribeSnapshots", &owners),
            Some(1000)
        );
        assert_eq!(default_page_size("ec2", "DescribeVolumes", &owners), None);
        assert_eq!(default_page_size("ec2", "DescribeInstances", &empty), None);
        assert_eq!(default_page_size("rds", "DescribeVolumes", &empty), None);
    }
}
