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

/// The checks botocore makes of the region when it creates a client: a region that is not
/// a host label is refused, and without an endpoint URL the region must make a valid host
/// of the service's regional endpoint (`https://sts..amazonaws.com`, of the empty region,
/// is not: `Invalid endpoint: URL`).
pub fn check_region(service: &Service, settings: &EndpointSettings) -> Result<(), String> {
    let Some(region) = &settings.region else {
        return Ok(());
    };
    if !region.is_empty() && !crate::redirect::valid_region(region) {
        return Err(format!(
            "Provided region_name '{region}' doesn't match a supported format."
        ));
    }
    if settings.endpoint_url.is_some() {
        return Ok(());
    }
    let url = format!(
        "https://{}.{region}.amazonaws.com",
        service.metadata().endpoint_prefix
    );
    match valid_url(&url) {
        true => Ok(()),
        false => Err(format!("Invalid endpoint: {url}")),
    }
}

/// Whether an endpoint URL has a host botocore accepts: dot-separated labels of letters,
/// digits and inner hyphens, at most 63 characters each and 255 in all (a trailing dot
/// allowed), or a bracketed IPv6 address. `https://sts..amazonaws.com`, the endpoint of the
/// empty region, has none.
pub fn valid_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return host_port.contains(']');
    }
    let host = host_port.split(':').next().unwrap_or("");
    let host = host.strip_suffix('.').unwrap_or(host);
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    !host.is_empty() && host.len() <= 255 && host.split('.').all(label)
}

#[cfg(test)]
mod tests {
    use super::valid_url;

    #[test]
    fn endpoint_hosts_as_botocore_checks_them() {
        assert!(valid_url("https://sts.us-east-1.amazonaws.com"));
        assert!(valid_url("http://127.0.0.1:4566/path"));
        assert!(valid_url("http://localhost."));
        assert!(valid_url("http://[::1]:9000"));
        assert!(!valid_url("https://sts..amazonaws.com"));
        assert!(!valid_url("https://-a.example.com"));
        assert!(!valid_url("https://"));
    }
}
