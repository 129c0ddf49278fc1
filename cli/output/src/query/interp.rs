//! Evaluation of an expression tree against a JSON value.

use super::ast::{Cmp, Node};
use super::functions::call;
use super::QueryError;
use crate::pyfmt::{classify, Num};
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// A function argument: a value, or an unevaluated expression (`&expr`).
pub(crate) enum Arg<'a> {
    Val(Value),
    Expref(&'a Node),
}

/// JMESPath falsiness: empty string/array/object, null and false.
pub(crate) fn is_false(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Python `==` between two JSON-loaded values.
pub(crate) fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (classify(x), classify(y)) {
            (Num::Int(i), Num::Int(j)) => i == j,
            (p, q) => p.as_f64() == q.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Python ordering between two numbers or two strings; `None` otherwise.
pub(crate) fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (classify(x), classify(y)) {
            (Num::Int(i), Num::Int(j)) => Some(i.cmp(&j)),
            (p, q) => p.as_f64().partial_cmp(&q.as_f64()),
        },
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Evaluates `node` against `value`.
pub(crate) fn eval(node: &Node, value: &Value) -> Result<Value, QueryError> {
    Ok(match node {
        Node::Identity | Node::Current => value.clone(),
        Node::Field(name) => match value {
            Value::Object(map) => map.get(name).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        },
        Node::Literal(v) => v.clone(),
        Node::Subexpr(children) | Node::IndexExpr(children) => {
            let mut current = value.clone();
            for child in children {
                current = eval(child, &current)?;
            }
            current
        }
        Node::Pipe(left, right) => eval(right, &eval(left, value)?)?,
        Node::Index(i) => match value {
            Value::Array(items) => {
                let len = items.len() as i64;
                let idx = if *i < 0 { len + i } else { *i };
                if idx < 0 || idx >= len {
                    Value::Null
                } else {
                    items[idx as usize].clone()
                }
            }
            _ => Value::Null,
        },
        Node::Slice(start, stop, step) => match value {
            Value::Array(items) => Value::Array(slice(items, *start, *stop, *step)?),
            _ => Value::Null,
        },
        Node::Projection(left, right) => match eval(left, value)? {
            Value::Array(items) => project(items.iter(), right)?,
            _ => Value::Null,
        },
        Node::ValueProjection(left, right) => match eval(left, value)? {
            Value::Object(map) => project(map.values(), right)?,
            _ => Value::Null,
        },
        Node::FilterProjection(left, right, cond) => match eval(left, value)? {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in &items {
                    if !is_false(&eval(cond, item)?) {
                        let v = eval(right, item)?;
                        if !v.is_null() {
                            out.push(v);
                        }
                    }
                }
                Value::Array(out)
            }
            _ => Value::Null,
        },
        Node::Flatten(child) => match eval(child, value)? {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::Array(inner) => out.extend(inner),
                        other => out.push(other),
                    }
                }
                Value::Array(out)
            }
            _ => Value::Null,
        },
        Node::Or(left, right) => {
            let l = eval(left, value)?;
            if is_false(&l) {
                eval(right, value)?
            } else {
                l
            }
        }
        Node::And(left, right) => {
            let l = eval(left, value)?;
            if is_false(&l) {
                l
            } else {
                eval(right, value)?
            }
        }
        Node::Not(child) => {
            let v = eval(child, value)?;
            Value::Bool(match &v {
                Value::Number(_) => false,
                other => is_false(other),
            })
        }
        Node::Compare(cmp, left, right) => {
            let l = eval(left, value)?;
            let r = eval(right, value)?;
            compare(*cmp, &l, &r)
        }
        Node::MultiList(items) => {
            if value.is_null() {
                Value::Null
            } else {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(eval(item, value)?);
                }
                Value::Array(out)
            }
        }
        Node::MultiHash(pairs) => {
            if value.is_null() {
                Value::Null
            } else {
                let mut out = Map::new();
                for (key, node) in pairs {
                    out.insert(key.clone(), eval(node, value)?);
                }
                Value::Object(out)
            }
        }
        Node::Function(name, args) => {
            let mut resolved = Vec::with_capacity(args.len());
            for arg in args {
                resolved.push(match arg {
                    Node::Expref(inner) => Arg::Expref(inner),
                    other => Arg::Val(eval(other, value)?),
                });
            }
            call(name, resolved)?
        }
        // An expression reference outside a function argument has no value.
        Node::Expref(_) => Value::Null,
    })
}

fn project<'a>(items: impl Iterator<Item = &'a Value>, right: &Node) -> Result<Value, QueryError> {
    let mut out = Vec::new();
    for item in items {
        let v = eval(right, item)?;
        if !v.is_null() {
            out.push(v);
        }
    }
    Ok(Value::Array(out))
}

fn compare(cmp: Cmp, l: &Value, r: &Value) -> Value {
    match cmp {
        Cmp::Eq => Value::Bool(values_equal(l, r)),
        Cmp::Ne => Value::Bool(!values_equal(l, r)),
        _ => match order(l, r) {
            None => Value::Null,
            Some(o) => Value::Bool(match cmp {
                Cmp::Lt => o == Ordering::Less,
                Cmp::Lte => o != Ordering::Greater,
                Cmp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            }),
        },
    }
}

/// Python list slicing `items[start:stop:step]`.
pub(crate) fn slice<T: Clone>(
    items: &[T],
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Result<Vec<T>, QueryError> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err(QueryError::new(
            super::ErrorKind::InvalidValue,
            "Invalid value: slice step cannot be 0".to_string(),
        ));
    }
    let len = items.len() as i64;
    let clamp = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(mut x) => {
                if x < 0 {
                    x += len;
                    if x < 0 {
                        x = if step < 0 { -1 } else { 0 };
                    }
                } else if x >= len {
                    x = if step < 0 { len - 1 } else { len };
                }
                x
            }
        }
    };
    let mut out = Vec::new();
    if step > 0 {
        let (mut i, stop) = (clamp(start, 0), clamp(stop, len));
        while i < stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    } else {
        let (mut i, stop) = (clamp(start, len - 1), clamp(stop, -1));
        while i > stop {
            out.push(items[i as usize].clone());
            i += step;
        }
    }
    Ok(out)
}
