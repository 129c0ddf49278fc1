//! Endpoint resolution for aws2.
//!
//! Two jobs, both pure functions over plain data:
//! - the `endpoint-rule-set-1` rules engine: [`RuleSet`] compiles a service's rule set (from the
//!   pinned models with [`RuleSet::for_service`], or any document with [`RuleSet::from_json`])
//!   and [`RuleSet::resolve`] turns [`Params`] (region, FIPS, dual-stack, custom endpoint, bucket,
//!   ...) into an [`Endpoint`] (URL, properties such as auth schemes, headers) or an
//!   [`EndpointError`];
//! - configured endpoint URL precedence: [`configured_endpoint_url`] picks which user-configured
//!   URL (`--endpoint-url`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's
//!   `[services]` section, the profile's `endpoint_url`) a command uses, if any;
//! - the built-in parameters: [`BuiltInSettings`] turns region, FIPS, dual-stack, the configured
//!   endpoint and the `s3` / STS settings into the `AWS::*` / `SDK::Endpoint` parameter values;
//! - the operation context parameters: [`OperationContext`] reads an operation's static, member
//!   and path context parameters from its model and sets them from the operation's input.
//!
//! Not here: reading config files or the environment (the caller passes plain data), loading
//! service models (the caller passes the operation's JSON), sending requests.

mod ast;
mod builtins;
mod configured;
mod context;
mod error;
mod eval;
mod json;
mod partition;
mod path;
mod ruleset;
pub mod stdlib;
mod template;
mod value;

pub use builtins::{is_s3_accelerate_url, BuiltInSettings, S3Settings};
pub use configured::{
    configured_endpoint_url, service_env_suffix, service_section_key, EndpointConfig,
};
pub use context::{adjust_s3_params, OperationContext};
pub use error::EndpointError;
pub use partition::Partitions;
pub use ruleset::{AuthScheme, Endpoint, ParamKind, ParamSpec, RuleSet};
pub use value::{ParamValue, Params, Value};
