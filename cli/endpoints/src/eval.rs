//! Evaluates compiled rules against a scope of variables.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::ast::{Body, Call, EndpointTemplate, Expr, Func, Prop, Rule, TPiece};
use crate::error::EndpointError;
use crate::partition::Partitions;
use crate::path::get_path;
use crate::stdlib;
use crate::value::Value;
use crate::Endpoint;

type EResult<T> = Result<T, EndpointError>;

fn fail<T>(msg: impl Into<String>) -> EResult<T> {
    Err(EndpointError::Evaluation(msg.into()))
}

/// One resolution's mutable state: variable slots and the slots assigned so far (a stack, so
/// that a rule can forget what its conditions assigned once it is done).
pub(crate) struct Evaluator<'a> {
    pub scope: Vec<Option<Value>>,
    pub names: &'a [String],
    pub partitions: Option<&'a Partitions>,
    assigned: Vec<usize>,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(
        scope: Vec<Option<Value>>,
        names: &'a [String],
        partitions: Option<&'a Partitions>,
    ) -> Self {
        Evaluator {
            scope,
            names,
            partitions,
            assigned: Vec::new(),
        }
    }

    /// The first rule that yields an endpoint or an error; `None` when none applies.
    pub(crate) fn rules(&mut self, rules: &[Rule]) -> EResult<Option<Endpoint>> {
        for rule in rules {
            if let Some(endpoint) = self.rule(rule)? {
                return Ok(Some(endpoint));
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &Rule) -> EResult<Option<Endpoint>> {
        let mark = self.assigned.len();
        let result = self.rule_inner(rule);
        for slot in self.assigned.drain(mark..) {
            self.scope[slot] = None;
        }
        result
    }

    fn rule_inner(&mut self, rule: &Rule) -> EResult<Option<Endpoint>> {
        for condition in &rule.conditions {
            match self.call(condition)? {
                None | Some(Value::Bool(false)) => return Ok(None),
                Some(_) => {}
            }
        }
        match &rule.body {
            Body::Tree(rules) => self.rules(rules),
            Body::Endpoint(template) => self.endpoint(template).map(Some),
            Body::Error(message) => {
                let message = match self.expr(message)? {
                    Some(v) => v.to_template_text(),
                    None => return fail("an error rule's message is not set"),
                };
                Err(EndpointError::Rule(message))
            }
        }
    }

    fn endpoint(&mut self, template: &EndpointTemplate) -> EResult<Endpoint> {
        let url = match self.expr(&template.url)? {
            Some(Value::Str(url)) => url,
            Some(other) => return fail(format!("an endpoint URL is a {}", other.type_name())),
            None => return fail("an endpoint URL is not set"),
        };
        let mut properties = serde_json::Map::new();
        for (name, prop) in &template.properties {
            properties.insert(name.clone(), self.prop(prop)?);
        }
        let mut headers = BTreeMap::new();
        for (name, values) in &template.headers {
            let mut out = Vec::with_capacity(values.len());
            for value in values {
                match self.expr(value)? {
                    Some(v) => out.push(v.to_template_text()),
                    None => return fail(format!("a value of header {name} is not set")),
                }
            }
            headers.insert(name.clone(), out);
        }
        Ok(Endpoint {
            url,
            properties,
            headers,
        })
    }

    fn prop(&self, prop: &Prop) -> EResult<Json> {
        Ok(match prop {
            Prop::Template(pieces) => Json::String(self.template(pieces)?),
            Prop::Json(json) => json.clone(),
            Prop::Array(items) => {
                Json::Array(items.iter().map(|i| self.prop(i)).collect::<EResult<_>>()?)
            }
            Prop::Object(fields) => Json::Object(
                fields
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.prop(v)?)))
                    .collect::<EResult<_>>()?,
            ),
        })
    }

    fn template(&self, pieces: &[TPiece]) -> EResult<String> {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                TPiece::Text(text) => out.push_str(text),
                TPiece::Var { slot, path } => {
                    let value = self.scope[*slot].as_ref().and_then(|v| get_path(v, path));
                    match value {
                        Some(v) => out.push_str(&v.to_template_text()),
                        None => {
                            return fail(format!(
                                "template variable {} is not set",
                                self.names[*slot]
                            ))
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    fn expr(&mut self, expr: &Expr) -> EResult<Option<Value>> {
        Ok(match expr {
            Expr::Lit(v) => Some(v.clone()),
            Expr::Template(pieces) => Some(Value::Str(self.template(pieces)?)),
            Expr::Ref(slot) => self.scope[*slot].clone(),
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match self.expr(item)? {
                        Some(v) => out.push(v),
                        None => return fail("an array item is not set"),
                    }
                }
                Some(Value::Array(out))
            }
            Expr::Call(call) => self.call(call)?,
        })
    }

    fn call(&mut self, call: &Call) -> EResult<Option<Value>> {
        let result = self.apply(call)?;
        if let Some(slot) = call.assign {
            if self.scope[slot].is_some() {
                return fail(format!(
                    "assignment {} already exists in scope and cannot be overwritten",
                    self.names[slot]
                ));
            }
            self.scope[slot] = result.clone();
            self.assigned.push(slot);
        }
        Ok(result)
    }

    fn args(&mut self, call: &Call) -> EResult<Vec<Option<Value>>> {
        call.args.iter().map(|a| self.expr(a)).collect()
    }

    fn apply(&mut self, call: &Call) -> EResult<Option<Value>> {
        // Short-circuit functions evaluate only the arguments they need.
        match call.func {
            Func::Coalesce => {
                for arg in &call.args {
                    if let Some(v) = self.expr(arg)? {
                        return Ok(Some(v));
                    }
                }
                return Ok(None);
            }
            Func::Ite => {
                let chosen = match self.expr(&call.args[0])? {
                    Some(Value::Bool(true)) => &call.args[1],
                    Some(Value::Bool(false)) => &call.args[2],
                    other => {
                        return fail(format!(
                            "ite needs a boolean condition, got {}",
                            describe(&other)
                        ))
                    }
                };
                return self.expr(chosen);
            }
            _ => {}
        }
        let args = self.args(call)?;
        let arg = |i: usize| args.get(i).and_then(Option::as_ref);
        let result = match &call.func {
            Func::IsSet => Value::Bool(arg(0).is_some()),
            Func::Not => Value::Bool(!truthy(arg(0))),
            Func::BooleanEquals => match (arg(0), arg(1)) {
                (Some(Value::Bool(a)), Some(Value::Bool(b))) => Value::Bool(a == b),
                (a, b) => {
                    return fail(format!(
                        "booleanEquals needs two booleans, got {} and {}",
                        describe_ref(a),
                        describe_ref(b)
                    ))
                }
            },
            Func::StringEquals => match (arg(0), arg(1)) {
                (Some(Value::Str(a)), Some(Value::Str(b))) => Value::Bool(a == b),
                (a, b) => {
                    return fail(format!(
                        "stringEquals needs two strings, got {} and {}",
                        describe_ref(a),
                        describe_ref(b)
                    ))
                }
            },
            Func::GetAttr(path) => return Ok(arg(0).and_then(|v| get_path(v, path)).cloned()),
            Func::Substring => match (arg(0), arg(1), arg(2), arg(3)) {
                (Some(Value::Str(s)), Some(Value::Int(start)), Some(Value::Int(stop)), reverse) => {
                    let reverse = matches!(reverse, Some(Value::Bool(true)));
                    return Ok(stdlib::substring(s, *start, *stop, reverse).map(Value::Str));
                }
                (s, ..) => {
                    return fail(format!("substring needs a string, got {}", describe_ref(s)))
                }
            },
            Func::UriEncode => match arg(0) {
                Some(Value::Str(s)) => Value::Str(stdlib::uri_encode(s)),
                None => return Ok(None),
                Some(other) => Value::Str(stdlib::uri_encode(&other.to_template_text())),
            },
            Func::ParseUrl => match arg(0) {
                Some(Value::Str(s)) => return Ok(stdlib::parse_url(s)),
                _ => return Ok(None),
            },
            Func::IsValidHostLabel => match arg(0) {
                Some(Value::Str(s)) => Value::Bool(stdlib::is_valid_host_label(
                    s,
                    matches!(arg(1), Some(Value::Bool(true))),
                )),
                _ => Value::Bool(false),
            },
            Func::IsVirtualHostableS3Bucket => match arg(0) {
                Some(Value::Str(s)) => Value::Bool(stdlib::is_virtual_hostable_s3_bucket(
                    s,
                    matches!(arg(1), Some(Value::Bool(true))),
                )),
                _ => Value::Bool(false),
            },
            Func::Partition => {
                let partitions = match self.partitions {
                    Some(p) => p,
                    None => Partitions::pinned()?,
                };
                partitions.lookup(arg(0).and_then(Value::as_str)).clone()
            }
            Func::ParseArn => match arg(0) {
                Some(Value::Str(s)) => return Ok(stdlib::parse_arn(s)),
                _ => return Ok(None),
            },
            Func::Split => match (arg(0), arg(1), arg(2)) {
                (Some(Value::Str(s)), Some(Value::Str(d)), Some(Value::Int(limit))) => {
                    return Ok(stdlib::split(s, d, *limit)
                        .map(|parts| Value::Array(parts.into_iter().map(Value::Str).collect())))
                }
                (None, ..) => return Ok(None),
                _ => return fail("split needs a string, a string delimiter and an integer limit"),
            },
            Func::Coalesce | Func::Ite => unreachable_short_circuit()?,
        };
        Ok(Some(result))
    }
}

/// `coalesce` and `ite` return before arguments are evaluated; reaching here is a bug in this
/// module, reported as an evaluation error rather than a panic.
fn unreachable_short_circuit() -> EResult<Value> {
    fail("internal error: short-circuit function evaluated eagerly")
}

/// The truth of a value for `not`: unset, `false` and the empty string are false.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Str(s)) => !s.is_empty(),
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Int(i)) => *i != 0,
        Some(_) => true,
    }
}

fn describe(value: &Option<Value>) -> &'static str {
    describe_ref(value.as_ref())
}

fn describe_ref(value: Option<&Value>) -> &'static str {
    value.map_or("an unset value", Value::type_name)
}
