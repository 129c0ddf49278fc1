//! Endpoint resolution for one call: the rule set's parameters from settings, the service's
//! context parameters and the operation input.

use aws2_core::model::{Operation, Service};
use aws2_core::Value;
use aws2_endpoints::{Endpoint, EndpointError, ParamValue, Params, RuleSet};
use serde_json::Value as Json;

/// Settings that feed endpoint resolution.
#[derive(Debug, Clone, Default)]
pub struct EndpointSettings {
    /// The region (`--region`, environment, profile).
    pub region: Option<String>,
    /// A configured endpoint URL (`--endpoint-url`, `AWS_ENDPOINT_URL*`, profile), already
    /// chosen by precedence.
    pub endpoint_url: Option<String>,
    /// `use_fips_endpoint`.
    pub use_fips: bool,
    /// `use_dualstack_endpoint` (or the s3 block's `use_dualstack_endpoint`).
    pub use_dualstack: bool,
    /// S3 `addressing_style = path`.
    pub force_path_style: bool,
    /// S3 `use_accelerate_endpoint`.
    pub accelerate: bool,
    /// `sts_regional_endpoints = legacy` uses the global STS endpoint.
    pub sts_global: bool,
}

fn built_in_value(built_in: &str, s: &EndpointSettings) -> Option<ParamValue> {
    Some(match built_in {
        "AWS::Region" => ParamValue::String(s.region.clone()?),
        "AWS::UseFIPS" => ParamValue::Bool(s.use_fips),
        "AWS::UseDualStack" => ParamValue::Bool(s.use_dualstack),
        "SDK::Endpoint" => ParamValue::String(s.endpoint_url.clone()?),
        "AWS::S3::ForcePathStyle" => ParamValue::Bool(s.force_path_style),
        "AWS::S3::Accelerate" => ParamValue::Bool(s.accelerate),
        "AWS::STS::UseGlobalEndpoint" => ParamValue::Bool(s.sts_global),
        "AWS::S3::UseGlobalEndpoint" => ParamValue::Bool(false),
        "AWS::S3::UseArnRegion" => ParamValue::Bool(true),
        "AWS::S3Control::UseArnRegion" => ParamValue::Bool(true),
        "AWS::S3::DisableMultiRegionAccessPoints" => ParamValue::Bool(false),
        _ => return None,
    })
}

fn json_param(value: &Json) -> Option<ParamValue> {
    match value {
        Json::Bool(b) => Some(ParamValue::Bool(*b)),
        Json::String(s) => Some(ParamValue::String(s.clone())),
        Json::Array(items) => Some(ParamValue::StringArray(
            items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect(),
        )),
        _ => None,
    }
}

/// Builds the rule parameters for one call and resolves the endpoint.
pub fn resolve(
    rules: &RuleSet,
    service: &Service,
    operation: &Operation,
    input: &Value,
    settings: &EndpointSettings,
) -> Result<Endpoint, EndpointError> {
    let mut params = Params::new();
    for spec in rules.parameters() {
        if let Some(built_in) = &spec.built_in {
            if let Some(v) = built_in_value(built_in, settings) {
                params.set(spec.name.clone(), v);
            }
        }
    }
    if let Some(statics) = operation.static_context_params.as_ref().and_then(Json::as_object) {
        for (name, spec) in statics {
            if let Some(v) = spec.get("value").and_then(json_param) {
                params.set(name.clone(), v);
            }
        }
    }
    if let Some(input_ref) = &operation.input {
        if let Ok(shape) = service.resolve(input_ref) {
            for (member, member_ref) in &shape.members {
                let Some(ctx) = &member_ref.context_param else {
                    continue;
                };
                match input.get(member) {
                    Some(Value::String(s)) => {
                        params.set(ctx.name.clone(), s.clone());
                    }
                    Some(Value::Bool(b)) => {
                        params.set(ctx.name.clone(), *b);
                    }
                    _ => {}
                }
            }
        }
    }
    rules.resolve(&params)
}
