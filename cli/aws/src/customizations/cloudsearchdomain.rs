//! `cloudsearchdomain` commands need `--endpoint-url` (the search domain's own endpoint):
//! without it they fail before any request, as in the AWS CLI v2.

use super::registry::{Customization, InputContext};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    input: Some(require_endpoint),
    ..Customization::of("cloudsearchdomain", |_| true)
};

fn require_endpoint(cx: &InputContext<'_>, _: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    match cx.globals.endpoint_url {
        Some(_) => Ok(()),
        None => Err(CliError::Validation(
            "--endpoint-url is required for cloudsearchdomain commands".into(),
        )),
    }
}
