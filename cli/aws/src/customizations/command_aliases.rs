//! Hidden aliases the AWS CLI keeps for operations it renamed: `signin create-o-auth2-token`
//! (now `create-oauth2-token`) and cloudwatch's `get-`, `start-` and `stop-o-tel-enrichment`
//! (now `-otel-`). They run the same operation and are neither listed nor completed.

use super::registry::{Customization, OperationCommand, ANY_SERVICE};

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    commands: &[
        CREATE_OAUTH2_TOKEN,
        GET_OTEL_ENRICHMENT,
        START_OTEL_ENRICHMENT,
        STOP_OTEL_ENRICHMENT,
    ],
    ..Customization::of(ANY_SERVICE, |_| false)
};

/// A hidden alias of `operation` of `service`.
const fn alias(
    service: &'static str,
    command: &'static str,
    operation: &'static str,
) -> OperationCommand {
    OperationCommand {
        service,
        command,
        operation,
        hidden: true,
        arguments: None,
    }
}

/// `signin create-o-auth2-token`.
const CREATE_OAUTH2_TOKEN: OperationCommand =
    alias("signin", "create-o-auth2-token", "CreateOAuth2Token");
/// `cloudwatch get-o-tel-enrichment`.
const GET_OTEL_ENRICHMENT: OperationCommand =
    alias("cloudwatch", "get-o-tel-enrichment", "GetOTelEnrichment");
/// `cloudwatch start-o-tel-enrichment`.
const START_OTEL_ENRICHMENT: OperationCommand = alias(
    "cloudwatch",
    "start-o-tel-enrichment",
    "StartOTelEnrichment",
);
/// `cloudwatch stop-o-tel-enrichment`.
const STOP_OTEL_ENRICHMENT: OperationCommand =
    alias("cloudwatch", "stop-o-tel-enrichment", "StopOTelEnrichment");
