//! A loaded rule set: its parameters and compiled rules, and resolution of one set of inputs.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::Value as Json;

use crate::ast::{Compiler, Rule};
use crate::error::EndpointError;
use crate::eval::Evaluator;
use crate::json::J;
use crate::partition::Partitions;
use crate::value::{ParamValue, Params, Value};

/// The type of a rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

impl ParamKind {
    fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "string" => Some(ParamKind::String),
            "boolean" => Some(ParamKind::Boolean),
            "stringarray" => Some(ParamKind::StringArray),
            _ => None,
        }
    }

    fn accepts(self, value: &ParamValue) -> bool {
        matches!(
            (self, value),
            (ParamKind::String, ParamValue::String(_))
                | (ParamKind::Boolean, ParamValue::Bool(_))
                | (ParamKind::StringArray, ParamValue::StringArray(_))
        )
    }
}

/// One declared parameter of a rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    /// The parameter name (`Region`, `Bucket`, `UseFIPS`, ...).
    pub name: String,
    /// Its type.
    pub kind: ParamKind,
    /// The built-in that feeds it (`AWS::Region`, `SDK::Endpoint`, `AWS::S3::ForcePathStyle`, ...).
    pub built_in: Option<String>,
    /// The value used when the caller gives none.
    pub default: Option<ParamValue>,
    /// Whether resolution fails when neither the caller nor a default gives a value.
    pub required: bool,
}

/// A parsed and compiled `endpoint-rule-set-1` document. Parse it once per command and resolve
/// as often as needed; resolution does not modify it.
#[derive(Debug, Clone)]
pub struct RuleSet {
    params: Vec<ParamSpec>,
    slot_names: Vec<String>,
    slot_index: HashMap<String, usize>,
    rules: Vec<Rule>,
    partitions: Option<Arc<Partitions>>,
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The endpoint URL, e.g. `https://s3.us-west-2.amazonaws.com`.
    pub url: String,
    /// Endpoint properties, e.g. `authSchemes` (signing name, region, `disableDoubleEncoding`).
    pub properties: serde_json::Map<String, Json>,
    /// Extra headers to send, by name.
    pub headers: BTreeMap<String, Vec<String>>,
}

/// One entry of an endpoint's `authSchemes` property.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthScheme {
    /// The scheme name without any namespace: `sigv4`, `sigv4a`, `sigv4-s3express`, ...
    pub name: String,
    /// `signingName`: the service name to sign with.
    pub signing_name: Option<String>,
    /// `signingRegion`: the region to sign with (SigV4).
    pub signing_region: Option<String>,
    /// `signingRegionSet`: the regions to sign for (SigV4a).
    pub signing_region_set: Vec<String>,
    /// `disableDoubleEncoding`: sign the path as sent, without encoding it again (S3).
    pub disable_double_encoding: bool,
}

impl Endpoint {
    /// The `authSchemes` property: the signing schemes the endpoint accepts, in preference
    /// order; entries without a name are skipped.
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        let Some(list) = self.properties.get("authSchemes").and_then(Json::as_array) else {
            return Vec::new();
        };
        let text =
            |scheme: &Json, key: &str| scheme.get(key).and_then(Json::as_str).map(str::to_owned);
        list.iter()
            .filter_map(|scheme| {
                let name = scheme.get("name")?.as_str()?;
                Some(AuthScheme {
                    name: name.rsplit('#').next().unwrap_or(name).to_owned(),
                    signing_name: text(scheme, "signingName"),
                    signing_region: text(scheme, "signingRegion"),
                    signing_region_set: scheme
                        .get("signingRegionSet")
                        .and_then(Json::as_array)
                        .map(|set| {
                            set.iter()
                                .filter_map(|r| r.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                    disable_double_encoding: scheme
                        .get("disableDoubleEncoding")
                        .and_then(Json::as_bool)
                        .unwrap_or(false),
                })
            })
            .collect()
    }
}

impl RuleSet {
    /// Parses and compiles a rule-set document.
    pub fn from_json(text: &str) -> Result<Self, EndpointError> {
        let invalid = |m: String| EndpointError::InvalidRuleSet(m);
        let doc = J::parse(text).map_err(invalid)?;
        let declared = doc
            .get("parameters")
            .and_then(J::as_object)
            .ok_or_else(|| invalid("no `parameters` object".into()))?;
        let mut params = Vec::with_capacity(declared.len());
        for (name, spec) in declared {
            params.push(param_spec(name, spec).map_err(invalid)?);
        }
        let mut compiler = Compiler::new(params.iter().map(|p| p.name.as_str()));
        let rules = compiler
            .rules(
                doc.get("rules")
                    .ok_or_else(|| invalid("no `rules`".into()))?,
            )
            .map_err(invalid)?;
        let slot_names = compiler.into_names();
        let slot_index = slot_names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Ok(RuleSet {
            params,
            slot_names,
            slot_index,
            rules,
            partitions: None,
        })
    }

    /// Loads the rule set the models ship for a botocore model name (`s3`, `ec2`, ...).
    pub fn for_service(model_name: &str) -> Result<Self, EndpointError> {
        let text = aws2_models::entry(&format!("{model_name}/rules"))?
            .ok_or_else(|| EndpointError::NoRuleSet(model_name.to_owned()))?;
        Self::from_json(&text)
    }

    /// Uses these partitions for `aws.partition` instead of the pinned ones.
    pub fn with_partitions(mut self, partitions: Partitions) -> Self {
        self.partitions = Some(Arc::new(partitions));
        self
    }

    /// The declared parameters, in document order.
    pub fn parameters(&self) -> &[ParamSpec] {
        &self.params
    }

    /// The parameter fed by a built-in (`AWS::Region` gives `Region`), if the rule set has one.
    pub fn parameter_for_built_in(&self, built_in: &str) -> Option<&ParamSpec> {
        self.params
            .iter()
            .find(|p| p.built_in.as_deref() == Some(built_in))
    }

    /// Resolves the endpoint for one set of parameters.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        let mut scope: Vec<Option<Value>> = vec![None; self.slot_names.len()];
        for (slot, spec) in self.params.iter().enumerate() {
            scope[slot] = match params.get(&spec.name) {
                Some(value) if spec.kind.accepts(value) => Some(value.to_value()),
                Some(_) => {
                    return Err(EndpointError::Evaluation(format!(
                        "parameter {} must be of type {:?}",
                        spec.name, spec.kind
                    )))
                }
                None => match &spec.default {
                    Some(default) => Some(default.to_value()),
                    None if spec.required => {
                        return Err(EndpointError::Evaluation(format!(
                            "cannot find value for required parameter {}",
                            spec.name
                        )))
                    }
                    None => None,
                },
            };
        }
        // Inputs the rule set does not declare are still visible to rules that refer to them.
        for (name, value) in params.iter() {
            if let Some(&slot) = self.slot_index.get(name) {
                if slot >= self.params.len() {
                    scope[slot] = Some(value.to_value());
                }
            }
        }
        let mut evaluator = Evaluator::new(scope, &self.slot_names, self.partitions.as_deref());
        match evaluator.rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::NoMatch(
                params
                    .iter()
                    .map(|(k, v)| format!("{k}={v:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
        }
    }
}

fn param_spec(name: &str, spec: &J<'_>) -> Result<ParamSpec, String> {
    let type_name = spec
        .get("type")
        .and_then(J::as_str)
        .ok_or_else(|| format!("parameter {name} has no type"))?;
    let kind = ParamKind::parse(type_name).ok_or_else(|| {
        format!("parameter {name} has unknown type {type_name}; a parameter must be of type string, boolean or stringArray")
    })?;
    let default = match spec.get("default") {
        None | Some(J::Null) => None,
        Some(value) => {
            let value = ParamValue::from_json(&value.to_json())
                .filter(|v| kind.accepts(v))
                .ok_or_else(|| format!("parameter {name} has a default of the wrong type"))?;
            Some(value)
        }
    };
    Ok(ParamSpec {
        name: name.to_owned(),
        kind,
        built_in: spec.get("builtIn").and_then(J::as_str).map(str::to_owned),
        default,
        required: spec.get("required").and_then(J::as_bool).unwrap_or(false),
    })
}
