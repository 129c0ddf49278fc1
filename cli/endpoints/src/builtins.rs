//! The built-in parameters (`AWS::Region`, `AWS::UseFIPS`, `SDK::Endpoint`, the S3 and STS
//! switches, ...) computed from the user's settings, as the AWS CLI v2 does.

use crate::error::EndpointError;
use crate::ruleset::RuleSet;
use crate::value::{ParamValue, Params};

/// The `s3` nested settings of a profile that feed endpoint resolution.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct S3Settings {
    /// `addressing_style`: `auto` (default), `path` or `virtual`.
    pub addressing_style: Option<String>,
    /// `use_accelerate_endpoint`.
    pub use_accelerate_endpoint: bool,
    /// `use_dualstack_endpoint` inside the `s3` section (S3 only; outranks the profile-wide one
    /// when true).
    pub use_dualstack_endpoint: bool,
    /// `use_arn_region`; unset means true for S3 and false for S3 Control.
    pub use_arn_region: Option<bool>,
    /// `us_east_1_regional_endpoint`: `regional` (the AWS CLI v2 default) or `legacy`.
    pub us_east_1_regional_endpoint: Option<String>,
    /// `s3_disable_multiregion_access_points`.
    pub disable_multiregion_access_points: bool,
    /// `s3_disable_express_session_auth`.
    pub disable_express_session_auth: Option<bool>,
}

/// Everything that decides the built-in parameters of one command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuiltInSettings {
    /// The region (`--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, profile `region`).
    pub region: Option<String>,
    /// The configured endpoint URL (see [`crate::configured_endpoint_url`]).
    pub endpoint_url: Option<String>,
    /// `use_fips_endpoint` / `AWS_USE_FIPS_ENDPOINT`.
    pub use_fips_endpoint: bool,
    /// `use_dualstack_endpoint` / `AWS_USE_DUALSTACK_ENDPOINT`.
    pub use_dualstack_endpoint: bool,
    /// `sts_regional_endpoints`: `regional` (default) or `legacy`.
    pub sts_regional_endpoints: Option<String>,
    /// The `s3` nested settings.
    pub s3: S3Settings,
    /// The account id of the credentials, when known.
    pub account_id: Option<String>,
    /// `account_id_endpoint_mode`: `preferred`, `disabled` or `required`.
    pub account_id_endpoint_mode: Option<String>,
}

/// Regions that `sts_regional_endpoints = legacy` sends to the global STS endpoint.
const LEGACY_GLOBAL_STS_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

fn regional_mode(name: &str, value: Option<&str>) -> Result<bool, EndpointError> {
    match value.unwrap_or("regional") {
        "regional" => Ok(false),
        "legacy" => Ok(true),
        other => Err(EndpointError::Config(format!(
            "invalid value {other:?} for {name}: valid values are regional and legacy"
        ))),
    }
}

/// Whether a URL is an S3 Transfer Acceleration endpoint (`s3-accelerate[.dualstack].amazonaws.com`).
pub fn is_s3_accelerate_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if !matches!(scheme, "http" | "https") || !host.ends_with("amazonaws.com") {
        return false;
    }
    let parts: Vec<&str> = host.split('.').collect();
    if parts.first() != Some(&"s3-accelerate") || parts.len() < 3 {
        return false;
    }
    let features = &parts[1..parts.len() - 2];
    let mut seen = std::collections::HashSet::new();
    features
        .iter()
        .all(|f| *f == "dualstack" && seen.insert(*f))
}

impl BuiltInSettings {
    /// The value of every built-in, by built-in name; unset ones are left out. `model_name` is
    /// the botocore model name (`s3`, `sts`, ...). Fails on an invalid `sts_regional_endpoints`
    /// or `us_east_1_regional_endpoint` value.
    pub fn values(
        &self,
        model_name: &str,
    ) -> Result<Vec<(&'static str, ParamValue)>, EndpointError> {
        let endpoint = self.endpoint_url.as_deref().filter(|u| !u.is_empty());
        let s3 = &self.s3;
        let force_path_style = if s3.use_accelerate_endpoint {
            false
        } else if endpoint.is_some_and(|u| !is_s3_accelerate_url(u)) {
            s3.addressing_style.as_deref() != Some("virtual")
        } else {
            s3.addressing_style.as_deref() == Some("path")
        };
        let dualstack = if model_name == "s3" && s3.use_dualstack_endpoint {
            true
        } else {
            self.use_dualstack_endpoint
        };
        let region = self.region.as_deref();
        let sts_legacy = regional_mode(
            "sts_regional_endpoints",
            self.sts_regional_endpoints.as_deref(),
        )?;
        let s3_legacy = regional_mode(
            "us_east_1_regional_endpoint",
            s3.us_east_1_regional_endpoint.as_deref(),
        )?;
        let mut values: Vec<(&'static str, ParamValue)> = vec![
            (
                "AWS::UseFIPS",
                (endpoint.is_none() && self.use_fips_endpoint).into(),
            ),
            (
                "AWS::UseDualStack",
                (endpoint.is_none() && dualstack).into(),
            ),
            (
                "AWS::STS::UseGlobalEndpoint",
                (sts_legacy && region.is_some_and(|r| LEGACY_GLOBAL_STS_REGIONS.contains(&r)))
                    .into(),
            ),
            (
                "AWS::S3::UseGlobalEndpoint",
                (s3_legacy && matches!(region, None | Some("us-east-1"))).into(),
            ),
            ("AWS::S3::Accelerate", s3.use_accelerate_endpoint.into()),
            ("AWS::S3::ForcePathStyle", force_path_style.into()),
            (
                "AWS::S3::UseArnRegion",
                s3.use_arn_region.unwrap_or(true).into(),
            ),
            (
                "AWS::S3Control::UseArnRegion",
                s3.use_arn_region.unwrap_or(false).into(),
            ),
            (
                "AWS::S3::DisableMultiRegionAccessPoints",
                s3.disable_multiregion_access_points.into(),
            ),
        ];
        if let Some(region) = region {
            values.push(("AWS::Region", region.into()));
        }
        if let Some(endpoint) = endpoint {
            values.push(("SDK::Endpoint", endpoint.into()));
        }
        if let Some(disable) = s3.disable_express_session_auth {
            values.push(("AWS::S3::DisableS3ExpressSessionAuth", disable.into()));
        }
        if let Some(account) = &self.account_id {
            values.push(("AWS::Auth::AccountId", account.as_str().into()));
        }
        if let Some(mode) = &self.account_id_endpoint_mode {
            values.push(("AWS::Auth::AccountIdEndpointMode", mode.as_str().into()));
        }
        Ok(values)
    }

    /// The parameters a rule set takes from built-ins, ready for context parameters to be added.
    pub fn params_for(
        &self,
        rule_set: &RuleSet,
        model_name: &str,
    ) -> Result<Params, EndpointError> {
        let mut params = Params::new();
        for (built_in, value) in self.values(model_name)? {
            if let Some(spec) = rule_set.parameter_for_built_in(built_in) {
                params.set(spec.name.clone(), value);
            }
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(values: &'a [(&str, ParamValue)], name: &str) -> Option<&'a ParamValue> {
        values.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    #[test]
    fn endpoint_disables_fips_and_forces_path_style() {
        let settings = BuiltInSettings {
            region: Some("us-west-2".into()),
            endpoint_url: Some("http://127.0.0.1:9000".into()),
            use_fips_endpoint: true,
            ..Default::default()
        };
        let values = settings.values("s3").unwrap();
        assert_eq!(
            value(&values, "AWS::UseFIPS"),
            Some(&ParamValue::Bool(false))
        );
        assert_eq!(
            value(&values, "AWS::S3::ForcePathStyle"),
            Some(&ParamValue::Bool(true))
        );
        assert_eq!(
            value(&values, "SDK::Endpoint"),
            Some(&ParamValue::String("http://127.0.0.1:9000".into()))
        );
    }

    #[test]
    fn global_endpoints_follow_legacy_settings() {
        let mut settings = BuiltInSettings {
            region: Some("us-east-1".into()),
            ..Default::default()
        };
        let values = settings.values("sts").unwrap();
        assert_eq!(
            value(&values, "AWS::STS::UseGlobalEndpoint"),
            Some(&ParamValue::Bool(false))
        );
        settings.sts_regional_endpoints = Some("legacy".into());
        settings.s3.us_east_1_regional_endpoint = Some("legacy".into());
        let values = settings.values("sts").unwrap();
        assert_eq!(
            value(&values, "AWS::STS::UseGlobalEndpoint"),
            Some(&ParamValue::Bool(true))
        );
        assert_eq!(
            value(&values, "AWS::S3::UseGlobalEndpoint"),
            Some(&ParamValue::Bool(true))
        );
        settings.sts_regional_endpoints = Some("bogus".into());
        assert!(settings.values("sts").is_err());
    }

    #[test]
    fn accelerate_urls() {
        assert!(is_s3_accelerate_url("https://s3-accelerate.amazonaws.com"));
        assert!(is_s3_accelerate_url(
            "https://s3-accelerate.dualstack.amazonaws.com"
        ));
        assert!(!is_s3_accelerate_url(
            "https://s3-accelerate.dualstack.dualstack.amazonaws.com"
        ));
        assert!(!is_s3_accelerate_url("https://s3.amazonaws.com"));
        assert!(!is_s3_accelerate_url("https://s3-accelerate.example.com"));
    }
}
