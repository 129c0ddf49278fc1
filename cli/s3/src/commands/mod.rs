//! The `s3` subcommands.

pub mod bucket;
pub mod copy_rules;
pub mod ls;
pub mod plan;
pub mod presign;
pub mod transfer;
pub mod website;
