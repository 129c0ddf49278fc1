//! ec2 options whose member is a structure of one boolean `Value` (`AttributeBooleanValue`:
//! `modify-instance-attribute --source-dest-check`, `modify-vpc-attribute
//! --enable-dns-support`) are taken as booleans, `--x` / `--no-x`, and still accept a value
//! (`--x Value=false`), as the AWS CLI v2 takes them.

use crate::args::table::ArgKind;

/// The shape of such members in the ec2 model.
const BOOLEAN_VALUE_SHAPE: &str = "AttributeBooleanValue";

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| {
        for arg in args
            .iter_mut()
            .filter(|a| a.shape_ref.shape == BOOLEAN_VALUE_SHAPE)
        {
            arg.kind = ArgKind::BooleanValue;
            // The negative form keeps its own name: the renames of boolean members' negative
            // forms (`--no-disable-api-termination`) apply to booleans only.
            arg.negative_name = None;
        }
    }),
    ..super::registry::Customization::of("ec2", |_| true)
};
