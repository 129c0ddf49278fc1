//! Hidden aliases the AWS CLI keeps for operations it renamed: `signin create-o-auth2-token`
//! (now `create-oauth2-token`) and cloudwatch's `get-`, `start-` and `stop-o-tel-enrichment`
//! (now `-otel-`). They run the same operation and are neither listed nor completed.

use super::registry::OperationCommand;

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
pub const CREATE_OAUTH2_TOKEN: OperationCommand =
    alias("signin", "create-o-auth2-token", "CreateOAuth2Token");
/// `cloudwatch get-o-tel-enrichment`.
pub const GET_OTEL_ENRICHMENT: OperationCommand =
    alias("cloudwatch", "get-o-tel-enrichment", "GetOTelEnrichment");
/// `cloudwatch start-o-tel-enrichment`.
pub const START_OTEL_ENRICHMENT: OperationCommand = alias(
    "cloudwatch",
    "start-o-tel-enrichment",
    "StartOTelEnrichment",
);
/// `cloudwatch stop-o-tel-enrichment`.
pub const STOP_OTEL_ENRICHMENT: OperationCommand =
    alias("cloudwatch", "stop-o-tel-enrichment", "StopOTelEnrichment");
