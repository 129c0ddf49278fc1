//! One service's client with its model, for custom commands that call several operations
//! (`configservice subscribe`, `dlm create-default-role`): operations by model name, input and
//! output as [`Value`]s, errors as the AWS CLI reports a failed call.

use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_client::Client;
use aws2_config::Session;
use aws2_core::model::Service;
use aws2_core::Value;
use std::sync::Arc;

/// A service's model and the client that calls it.
pub struct ServiceApi {
    service: Arc<Service>,
    client: Client,
}

impl ServiceApi {
    /// The client of the service `model_name` for the global options.
    pub fn new(
        globals: &GlobalOptions,
        session: &Session,
        model_name: &str,
    ) -> Result<ServiceApi, CliError> {
        let service = Arc::new(Service::load(model_name)?);
        let client = session::client(globals, session, service.clone())?;
        Ok(ServiceApi { service, client })
    }

    /// Calls `operation` (its model name) with `input` (a JSON document of its input shape);
    /// the input is checked as every call's is, and IAM's policy documents in the output are
    /// decoded.
    pub fn call(&self, operation: &str, input: serde_json::Value) -> Result<Value, CliError> {
        let op = self.service.operation(operation)?;
        let input = Value::from_json(&input);
        crate::args::bucket_name::check(self.service.model_name(), &input)
            .map_err(CliError::Validation)?;
        if let Some(input_ref) = &op.input {
            crate::args::validate::validate(&self.service, input_ref, &input)
                .map_err(CliError::Validation)?;
        }
        let mut output = self
            .client
            .call(&op, &input)
            .map_err(crate::call_error::call_error)?;
        crate::app::policy::decode_policies(&self.service, op.output.as_ref(), &mut output)?;
        Ok(output)
    }
}

/// Prints `result` as the response of the operation `operation_name` is printed: the output
/// format, `--query`, colour and width of the command line.
pub fn print_response(
    globals: &GlobalOptions,
    session: &Session,
    operation_name: &str,
    result: &Value,
) -> Result<(), CliError> {
    let (format, query) = crate::output_choice::format_and_query(globals, session)?;
    let opts = crate::output_choice::output_options(globals, operation_name);
    let json = result.to_json(aws2_core::value::TimestampStyle::Iso8601);
    let text = aws2_output::format_response(&json, format, query.as_ref(), &opts)
        .map_err(|e| CliError::other(e.to_string()))?;
    print!("{text}");
    Ok(())
}

/// The partition of a region as IAM policy ARNs name it (`aws`, `aws-cn`, `aws-us-gov`).
pub fn policy_arn_partition(region: &str) -> &'static str {
    let region = region.to_lowercase();
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov") {
        "aws-us-gov"
    } else {
        "aws"
    }
}
