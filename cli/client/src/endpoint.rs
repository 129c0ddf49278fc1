//! Endpoint resolution for one call: the rule set's parameters from settings, the service's
//! context parameters and the operation input.

use aws2_core::model::{Operation, Service};
use aws2_core::Value;
use aws2_endpoints::{Endpoint, EndpointError, ParamValue, Params, RuleSet};
use serde_json::Value as Json;

/// Settings that feed endpoint resolution (region, configured endpoint URL, FIPS,
/// dual-stack, the `s3` block, `sts_regional_endpoints`).
pub type EndpointSettings = aws2_endpoints::BuiltInSettings;

fn json_param(value: &Json) -> Option<ParamValue> {
    match value {
        Json::Bool(b) => Some(ParamValue::Bool(*b)),
        Json::String(s) => Some(ParamValue::String(s.clone())),
        Json::Array(items) => Some(ParamValue::StringArray(
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect(),
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
    let built_ins = settings.values(service.model_name())?;
    for spec in rules.parameters() {
        if let Some(built_in) = &spec.built_in {
            if let Some((_, v)) = built_ins.iter().find(|(name, _)| name == built_in) {
                params.set(spec.name.clone(), v.clone());
            }
        }
    }
    if let Some(statics) = operation
        .static_context_params
        .as_ref()
        .and_then(Json::as_object)
    {
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
    if service.model_name() == "s3" {
        aws2_endpoints::adjust_s3_params(&operation.name, &mut params);
    }
    rules.resolve(&params)
}
