//! Parameters an operation gives the endpoint rules: `staticContextParams` of the operation,
//! `contextParam` members of its input shape, and `operationContextParams` paths into its input.
//! They outrank built-ins of the same name.

use serde_json::Value as Json;

use crate::value::{ParamValue, Params};

/// The context-parameter declarations of one operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationContext {
    static_params: Vec<(String, ParamValue)>,
    members: Vec<(String, String)>,
    paths: Vec<(String, PathExpr)>,
}

impl OperationContext {
    /// Reads the declarations from an operation's model JSON and its input shape's model JSON
    /// (botocore form); declarations it cannot read are skipped.
    pub fn from_model(operation: &Json, input_shape: Option<&Json>) -> Self {
        let mut ctx = OperationContext::default();
        if let Some(statics) = operation
            .get("staticContextParams")
            .and_then(Json::as_object)
        {
            for (name, decl) in statics {
                if let Some(value) = decl.get("value").and_then(ParamValue::from_json) {
                    ctx.static_params.push((name.clone(), value));
                }
            }
        }
        if let Some(members) = input_shape
            .and_then(|s| s.get("members"))
            .and_then(Json::as_object)
        {
            for (member, decl) in members {
                if let Some(name) = decl.pointer("/contextParam/name").and_then(Json::as_str) {
                    ctx.members.push((name.to_owned(), member.clone()));
                }
            }
        }
        if let Some(paths) = operation
            .get("operationContextParams")
            .and_then(Json::as_object)
        {
            for (name, decl) in paths {
                if let Some(expr) = decl
                    .get("path")
                    .and_then(Json::as_str)
                    .and_then(PathExpr::parse)
                {
                    ctx.paths.push((name.clone(), expr));
                }
            }
        }
        ctx
    }

    /// Whether the operation declares any context parameter.
    pub fn is_empty(&self) -> bool {
        self.static_params.is_empty() && self.members.is_empty() && self.paths.is_empty()
    }

    /// Sets the context parameters an input gives, over any built-in values already in `params`.
    /// Precedence (highest first): static, member, path.
    pub fn apply(&self, input: &Json, params: &mut Params) {
        for (name, expr) in &self.paths {
            if let Some(value) = ParamValue::from_json(&expr.eval(input)) {
                params.set(name.clone(), value);
            }
        }
        for (name, member) in &self.members {
            if let Some(value) = input.get(member).and_then(ParamValue::from_json) {
                params.set(name.clone(), value);
            }
        }
        for (name, value) in &self.static_params {
            params.set(name.clone(), value.clone());
        }
    }
}

/// S3's per-operation adjustment of `ForcePathStyle`, as the AWS CLI makes it:
/// `GetBucketLocation` always uses path style (the bucket's region is unknown), and an ARN
/// bucket never does.
pub fn adjust_s3_params(operation_name: &str, params: &mut Params) {
    let bucket_is_arn = matches!(
        params.get("Bucket"),
        Some(ParamValue::String(b)) if b.starts_with("arn:") && b.splitn(6, ':').count() == 6
    );
    if operation_name == "GetBucketLocation" {
        params.set("ForcePathStyle", true);
    } else if bucket_is_arn {
        params.set("ForcePathStyle", false);
    }
}

/// The subset of JMESPath that `operationContextParams` use: field chains, `[*]` projections,
/// `[]` flattening, multi-select lists `[a, b.c]` and `keys(...)`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PathExpr {
    Identity,
    Field(String),
    /// `lhs.rhs`.
    Sub(Box<PathExpr>, Box<PathExpr>),
    /// `lhs[*]` followed by `rhs` applied to each element, nulls dropped.
    Project(Box<PathExpr>, Box<PathExpr>),
    /// `lhs[]` followed by `rhs` applied to each flattened element, nulls dropped.
    Flatten(Box<PathExpr>, Box<PathExpr>),
    MultiList(Vec<PathExpr>),
    Keys(Box<PathExpr>),
}

impl PathExpr {
    /// Parses a path; `None` when it uses syntax outside the subset.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let mut parser = PathParser {
            chars: text.chars().collect(),
            pos: 0,
        };
        let expr = parser.expression()?;
        parser.skip_ws();
        (parser.pos == parser.chars.len()).then_some(expr)
    }

    /// Evaluates the path against JSON; `null` when nothing matches.
    pub(crate) fn eval(&self, value: &Json) -> Json {
        match self {
            PathExpr::Identity => value.clone(),
            PathExpr::Field(name) => value.get(name).cloned().unwrap_or(Json::Null),
            PathExpr::Sub(lhs, rhs) => match lhs.eval(value) {
                Json::Null => Json::Null,
                v => rhs.eval(&v),
            },
            PathExpr::Project(lhs, rhs) => match lhs.eval(value) {
                Json::Array(items) => project(&items, rhs),
                _ => Json::Null,
            },
            PathExpr::Flatten(lhs, rhs) => match lhs.eval(value) {
                Json::Array(items) => {
                    let mut flat = Vec::new();
                    for item in items {
                        match item {
                            Json::Array(inner) => flat.extend(inner),
                            other => flat.push(other),
                        }
                    }
                    project(&flat, rhs)
                }
                _ => Json::Null,
            },
            PathExpr::MultiList(items) => {
                if value.is_null() {
                    Json::Null
                } else {
                    Json::Array(items.iter().map(|e| e.eval(value)).collect())
                }
            }
            PathExpr::Keys(inner) => match inner.eval(value) {
                Json::Object(map) => Json::Array(map.keys().cloned().map(Json::String).collect()),
                _ => Json::Null,
            },
        }
    }
}

fn project(items: &[Json], rhs: &PathExpr) -> Json {
    Json::Array(
        items
            .iter()
            .map(|item| rhs.eval(item))
            .filter(|v| !v.is_null())
            .collect(),
    )
}

struct PathParser {
    chars: Vec<char>,
    pos: usize,
}

impl PathParser {
    fn skip_ws(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        let n = s.chars().count();
        if self.chars.len() >= self.pos + n
            && self.chars[self.pos..self.pos + n]
                .iter()
                .copied()
                .eq(s.chars())
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        self.skip_ws();
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.pos += 1;
        }
        (self.pos > start).then(|| self.chars[start..self.pos].iter().collect())
    }

    /// expression := primary ( '.' step | '[*]' projection | '[]' projection )*
    fn expression(&mut self) -> Option<PathExpr> {
        let mut expr = self.primary()?;
        loop {
            if self.eat("[*]") {
                let rhs = self.projection_rhs()?;
                expr = PathExpr::Project(Box::new(expr), Box::new(rhs));
            } else if self.eat("[]") {
                let rhs = self.projection_rhs()?;
                expr = PathExpr::Flatten(Box::new(expr), Box::new(rhs));
            } else if self.eat(".") {
                let step = self.step()?;
                expr = PathExpr::Sub(Box::new(expr), Box::new(step));
            } else {
                return Some(expr);
            }
        }
    }

    /// What a projection applies to each element: steps and nested projections, up to a `[]`
    /// (which flattens the whole projection) or the end.
    fn projection_rhs(&mut self) -> Option<PathExpr> {
        let mut rhs = PathExpr::Identity;
        loop {
            self.skip_ws();
            if self.chars[self.pos..].starts_with(&['[', ']']) {
                return Some(rhs);
            }
            if self.eat("[*]") {
                let inner = self.projection_rhs()?;
                rhs = PathExpr::Project(Box::new(rhs), Box::new(inner));
            } else if self.eat(".") {
                let step = self.step()?;
                rhs = match rhs {
                    PathExpr::Identity => step,
                    other => PathExpr::Sub(Box::new(other), Box::new(step)),
                };
            } else {
                return Some(rhs);
            }
        }
    }

    /// A step after `.`: a field or a multi-select list.
    fn step(&mut self) -> Option<PathExpr> {
        if self.eat("[") {
            let mut items = vec![self.expression()?];
            while self.eat(",") {
                items.push(self.expression()?);
            }
            self.eat("]").then_some(PathExpr::MultiList(items))
        } else {
            self.ident().map(PathExpr::Field)
        }
    }

    fn primary(&mut self) -> Option<PathExpr> {
        if self.eat("keys(") {
            let inner = self.expression()?;
            return self.eat(")").then(|| PathExpr::Keys(Box::new(inner)));
        }
        self.step()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_the_shipped_models() {
        let input = serde_json::json!({
            "RequestItems": {"t1": {}, "t2": {}},
            "TableCreationParameters": {"TableName": "t3"},
            "TransactItems": [
                {"Get": {"TableName": "a"}, "Put": {"TableName": "p"}},
                {"Delete": {"TableName": "d"}},
                {"Other": 1}
            ]
        });
        let eval = |p: &str| PathExpr::parse(p).unwrap().eval(&input);
        assert_eq!(eval("keys(RequestItems)"), serde_json::json!(["t1", "t2"]));
        assert_eq!(
            eval("TableCreationParameters.TableName"),
            serde_json::json!("t3")
        );
        assert_eq!(
            eval("TransactItems[*].Get.TableName"),
            serde_json::json!(["a"])
        );
        assert_eq!(
            eval("TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]"),
            serde_json::json!(["p", "d"])
        );
        assert!(PathExpr::parse("a | b").is_none());
    }

    #[test]
    fn context_params_outrank_built_ins() {
        let op = serde_json::json!({"staticContextParams": {"UseS3ExpressControlEndpoint": {"value": true}}});
        let shape = serde_json::json!({"members": {"Bucket": {"shape": "B", "contextParam": {"name": "Bucket"}}}});
        let ctx = OperationContext::from_model(&op, Some(&shape));
        let mut params = Params::new()
            .with("Bucket", "old")
            .with("Region", "us-east-1");
        ctx.apply(&serde_json::json!({"Bucket": "new"}), &mut params);
        assert_eq!(
            params.get("Bucket"),
            Some(&ParamValue::String("new".into()))
        );
        assert_eq!(
            params.get("UseS3ExpressControlEndpoint"),
            Some(&ParamValue::Bool(true))
        );
        assert_eq!(
            params.get("Region"),
            Some(&ParamValue::String("us-east-1".into()))
        );
    }
}
