//! The compiled form of a rule set: rules, conditions and expressions with every variable name
//! turned into a slot number, and every template and attribute path parsed once.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::json::J;

use crate::path::{parse_path, PathSeg};
use crate::template::{is_template, parse_template, Piece};
use crate::value::Value;

/// An expression: a function argument, an endpoint URL, a header value or an error message.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// A literal (string without placeholders, boolean, integer).
    Lit(Value),
    /// A template string.
    Template(Vec<TPiece>),
    /// A parameter or assigned variable.
    Ref(usize),
    /// An array literal whose items are expressions.
    Array(Vec<Expr>),
    /// A function call.
    Call(Box<Call>),
}

/// One piece of a compiled template.
#[derive(Debug, Clone)]
pub(crate) enum TPiece {
    /// Literal text.
    Text(String),
    /// A variable (by slot) and an attribute path into it.
    Var { slot: usize, path: Vec<PathSeg> },
}

/// A function call, optionally assigning its result to a variable.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub func: Func,
    pub args: Vec<Expr>,
    pub assign: Option<usize>,
}

/// The functions of the rules language.
#[derive(Debug, Clone)]
pub(crate) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// `getAttr` with its (literal) path parsed; the single argument is the value.
    GetAttr(Vec<PathSeg>),
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Partition,
    ParseArn,
    IsVirtualHostableS3Bucket,
    Split,
    Coalesce,
    Ite,
}

/// A rule: conditions that must all hold, then what the rule yields.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub conditions: Vec<Call>,
    pub body: Body,
}

/// What a rule yields once its conditions hold.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Tree(Vec<Rule>),
    Endpoint(EndpointTemplate),
    Error(Expr),
}

/// An endpoint rule's result before evaluation.
#[derive(Debug, Clone)]
pub(crate) struct EndpointTemplate {
    pub url: Expr,
    pub properties: Vec<(String, Prop)>,
    pub headers: Vec<(String, Vec<Expr>)>,
}

/// An endpoint property: JSON whose strings may be templates.
#[derive(Debug, Clone)]
pub(crate) enum Prop {
    Template(Vec<TPiece>),
    Json(Json),
    Array(Vec<Prop>),
    Object(Vec<(String, Prop)>),
}

/// Turns rule JSON into the compiled form, numbering variables as it meets them.
pub(crate) struct Compiler {
    slots: HashMap<String, usize>,
    names: Vec<String>,
}

type CResult<T> = Result<T, String>;

impl Compiler {
    /// A compiler whose first slots are the given parameter names, in order.
    pub(crate) fn new<'a>(params: impl IntoIterator<Item = &'a str>) -> Self {
        let mut compiler = Compiler {
            slots: HashMap::new(),
            names: Vec::new(),
        };
        for name in params {
            compiler.slot(name);
        }
        compiler
    }

    /// Every slot's variable name, by slot number.
    pub(crate) fn into_names(self) -> Vec<String> {
        self.names
    }

    fn slot(&mut self, name: &str) -> usize {
        if let Some(&slot) = self.slots.get(name) {
            return slot;
        }
        let slot = self.names.len();
        self.names.push(name.to_owned());
        self.slots.insert(name.to_owned(), slot);
        slot
    }

    /// Compiles a list of rules.
    pub(crate) fn rules(&mut self, json: &J<'_>) -> CResult<Vec<Rule>> {
        json.as_array()
            .ok_or("`rules` is not an array")?
            .iter()
            .map(|rule| self.rule(rule))
            .collect()
    }

    fn rule(&mut self, obj: &J<'_>) -> CResult<Rule> {
        if obj.as_object().is_none() {
            return Err("a rule is not an object".into());
        }
        let conditions = match obj.get("conditions") {
            None => Vec::new(),
            Some(list) => list
                .as_array()
                .ok_or("`conditions` is not an array")?
                .iter()
                .map(|c| match self.expr(c)? {
                    Expr::Call(call) => Ok(*call),
                    _ => Err(format!("a condition is not a function call: {c}")),
                })
                .collect::<CResult<_>>()?,
        };
        let kind = obj.get("type").and_then(J::as_str).unwrap_or_default();
        let body = match kind {
            "tree" => {
                Body::Tree(self.rules(obj.get("rules").ok_or("a tree rule has no `rules`")?)?)
            }
            "endpoint" => Body::Endpoint(
                self.endpoint(
                    obj.get("endpoint")
                        .ok_or("an endpoint rule has no `endpoint`")?,
                )?,
            ),
            "error" => {
                Body::Error(self.expr(obj.get("error").ok_or("an error rule has no `error`")?)?)
            }
            other => {
                return Err(format!(
                    "unknown rule type `{other}`; a rule must be of type tree, endpoint or error"
                ))
            }
        };
        Ok(Rule { conditions, body })
    }

    fn endpoint(&mut self, obj: &J<'_>) -> CResult<EndpointTemplate> {
        if obj.as_object().is_none() {
            return Err("`endpoint` is not an object".into());
        }
        let url = self.expr(obj.get("url").ok_or("an endpoint has no `url`")?)?;
        let properties = match obj.get("properties") {
            None => Vec::new(),
            Some(J::Obj(map)) => map
                .iter()
                .map(|(k, v)| Ok((k.to_string(), self.prop(v)?)))
                .collect::<CResult<_>>()?,
            Some(_) => return Err("endpoint `properties` is not an object".into()),
        };
        let headers = match obj.get("headers") {
            None => Vec::new(),
            Some(J::Obj(map)) => map
                .iter()
                .map(|(name, values)| {
                    let values = values
                        .as_array()
                        .ok_or_else(|| format!("header {name} is not an array"))?
                        .iter()
                        .map(|v| self.expr(v))
                        .collect::<CResult<_>>()?;
                    Ok((name.to_string(), values))
                })
                .collect::<CResult<_>>()?,
            Some(_) => return Err("endpoint `headers` is not an object".into()),
        };
        Ok(EndpointTemplate {
            url,
            properties,
            headers,
        })
    }

    fn prop(&mut self, json: &J<'_>) -> CResult<Prop> {
        Ok(match json {
            J::Str(s) if is_template(s) => match self.template(s) {
                Some(pieces) => Prop::Template(pieces),
                None => Prop::Json(json.to_json()),
            },
            J::Arr(items) => {
                Prop::Array(items.iter().map(|i| self.prop(i)).collect::<CResult<_>>()?)
            }
            J::Obj(map) => Prop::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.to_string(), self.prop(v)?)))
                    .collect::<CResult<_>>()?,
            ),
            other => Prop::Json(other.to_json()),
        })
    }

    fn template(&mut self, s: &str) -> Option<Vec<TPiece>> {
        let pieces = parse_template(s)?;
        Some(
            pieces
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(t) => TPiece::Text(t),
                    Piece::Var { name, path } => TPiece::Var {
                        slot: self.slot(&name),
                        path,
                    },
                })
                .collect(),
        )
    }

    /// Compiles an expression.
    pub(crate) fn expr(&mut self, json: &J<'_>) -> CResult<Expr> {
        Ok(match json {
            J::Str(s) if is_template(s) => match self.template(s) {
                Some(pieces) => Expr::Template(pieces),
                None => Expr::Lit(Value::Str(s.to_string())),
            },
            J::Str(s) => Expr::Lit(Value::Str(s.to_string())),
            J::Bool(b) => Expr::Lit(Value::Bool(*b)),
            J::Num(n) => Expr::Lit(Value::Int(
                n.parse()
                    .map_err(|_| format!("number {n} is not an integer"))?,
            )),
            J::Arr(items) => {
                Expr::Array(items.iter().map(|i| self.expr(i)).collect::<CResult<_>>()?)
            }
            J::Obj(_) => {
                if let Some(name) = json.get("ref") {
                    let name = name.as_str().ok_or("`ref` is not a string")?;
                    Expr::Ref(self.slot(name))
                } else if let Some(name) = json.get("fn") {
                    let name = name.as_str().ok_or("`fn` is not a string")?;
                    Expr::Call(Box::new(self.call(name, json)?))
                } else {
                    return Err(format!("an expression is neither `ref` nor `fn`: {json}"));
                }
            }
            J::Null => return Err("an expression is null".into()),
        })
    }

    fn call(&mut self, name: &str, obj: &J<'_>) -> CResult<Call> {
        let argv = obj
            .get("argv")
            .and_then(J::as_array)
            .ok_or_else(|| format!("function {name} has no `argv` array"))?;
        let (func, arity) = match name {
            "isSet" => (Func::IsSet, Some(1)),
            "not" => (Func::Not, Some(1)),
            "booleanEquals" => (Func::BooleanEquals, Some(2)),
            "stringEquals" => (Func::StringEquals, Some(2)),
            "getAttr" => {
                let path = argv
                    .get(1)
                    .and_then(J::as_str)
                    .ok_or("getAttr needs a literal string path as its second argument")?;
                (Func::GetAttr(parse_path(path)), Some(2))
            }
            "substring" => (Func::Substring, Some(4)),
            "uriEncode" => (Func::UriEncode, Some(1)),
            "parseURL" => (Func::ParseUrl, Some(1)),
            "isValidHostLabel" => (Func::IsValidHostLabel, Some(2)),
            "aws.partition" => (Func::Partition, Some(1)),
            "aws.parseArn" => (Func::ParseArn, Some(1)),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, Some(2)),
            "split" => (Func::Split, Some(3)),
            "coalesce" => (Func::Coalesce, None),
            "ite" => (Func::Ite, Some(3)),
            other => return Err(format!("unknown function `{other}`")),
        };
        match arity {
            Some(n) if argv.len() != n => {
                return Err(format!(
                    "function {name} takes {n} arguments, not {}",
                    argv.len()
                ))
            }
            None if argv.is_empty() => return Err(format!("function {name} needs arguments")),
            _ => {}
        }
        let args = match func {
            Func::GetAttr(_) => vec![self.expr(&argv[0])?],
            _ => argv.iter().map(|a| self.expr(a)).collect::<CResult<_>>()?,
        };
        let assign = match obj.get("assign") {
            None => None,
            Some(J::Str(var)) => Some(self.slot(var)),
            Some(_) => return Err(format!("function {name}: `assign` is not a string")),
        };
        Ok(Call { func, args, assign })
    }
}
