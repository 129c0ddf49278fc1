//! The JMESPath built-in functions, with the reference implementation's
//! argument checks and Python result types (ints stay ints).

use super::interp::{eval, order, values_equal, Arg};
use super::{ErrorKind, QueryError};
use crate::json::{to_json, JsonStyle};
use crate::pyfmt::{classify, num_value, Num};
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// Accepted argument types, as in the reference signatures.
#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Any,
    Number,
    String,
    Array,
    Object,
    Expref,
    ArrayNumber,
    ArrayString,
}

fn signature(name: &str) -> Option<(&'static [&'static [Ty]], bool)> {
    use Ty::*;
    Some(match name {
        "abs" | "ceil" | "floor" => (&[&[Number]], false),
        "avg" | "sum" => (&[&[ArrayNumber]], false),
        "not_null" => (&[&[Any]], true),
        "to_array" | "to_string" | "to_number" | "type" => (&[&[Any]], false),
        "contains" => (&[&[Array, String], &[Any]], false),
        "length" => (&[&[String, Array, Object]], false),
        "ends_with" | "starts_with" => (&[&[String], &[String]], false),
        "reverse" => (&[&[Array, String]], false),
        "join" => (&[&[String], &[ArrayString]], false),
        "map" => (&[&[Expref], &[Array]], false),
        "max" | "min" | "sort" => (&[&[ArrayNumber, ArrayString]], false),
        "merge" => (&[&[Object]], true),
        "keys" | "values" => (&[&[Object]], false),
        "sort_by" | "min_by" | "max_by" => (&[&[Array], &[Expref]], false),
        _ => return None,
    })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_err(name: &str, got: &str) -> QueryError {
    QueryError::new(
        ErrorKind::InvalidType,
        format!("In function {name}(), invalid type for value: received type \"{got}\""),
    )
}

fn matches_top(ty: Ty, arg: &Arg) -> bool {
    match (ty, arg) {
        (Ty::Any, _) => true,
        (Ty::Expref, a) => matches!(a, Arg::Expref(_)),
        (_, Arg::Expref(_)) => false,
        (Ty::Number, Arg::Val(v)) => v.is_number(),
        (Ty::String, Arg::Val(v)) => v.is_string(),
        (Ty::Object, Arg::Val(v)) => v.is_object(),
        (Ty::Array | Ty::ArrayNumber | Ty::ArrayString, Arg::Val(v)) => v.is_array(),
    }
}

fn check(name: &str, args: &[Arg]) -> Result<(), QueryError> {
    let (sig, variadic) = signature(name).ok_or_else(|| {
        QueryError::new(
            ErrorKind::UnknownFunction,
            format!("Unknown function: {name}()"),
        )
    })?;
    let arity_ok = if variadic {
        args.len() >= sig.len()
    } else {
        args.len() == sig.len()
    };
    if !arity_ok {
        let qualifier = if variadic { "at least " } else { "" };
        let plural = if sig.len() == 1 { "" } else { "s" };
        return Err(QueryError::new(
            ErrorKind::InvalidArity,
            format!(
                "Expected {qualifier}{} argument{plural} for function {name}(), received {}",
                sig.len(),
                args.len()
            ),
        ));
    }
    for (i, types) in sig.iter().enumerate() {
        let arg = &args[i];
        let got = match arg {
            Arg::Val(v) => type_name(v),
            Arg::Expref(_) => "expref",
        };
        let allowed: Vec<Ty> = types
            .iter()
            .copied()
            .filter(|t| matches_top(*t, arg))
            .collect();
        if allowed.is_empty() {
            return Err(type_err(name, got));
        }
        let subtypes: Vec<Ty> = types
            .iter()
            .copied()
            .filter(|t| matches!(t, Ty::ArrayNumber | Ty::ArrayString))
            .collect();
        if subtypes.is_empty() {
            continue;
        }
        if let Arg::Val(Value::Array(items)) = arg {
            let Some(first) = items.first() else {
                continue;
            };
            let elem_ok = |t: Ty, v: &Value| match t {
                Ty::ArrayNumber => v.is_number(),
                _ => v.is_string(),
            };
            let Some(chosen) = subtypes.iter().copied().find(|t| elem_ok(*t, first)) else {
                return Err(type_err(name, type_name(first)));
            };
            if let Some(bad) = items.iter().find(|v| !elem_ok(chosen, v)) {
                return Err(type_err(name, type_name(bad)));
            }
        }
    }
    Ok(())
}

fn val(arg: Arg) -> Value {
    match arg {
        Arg::Val(v) => v,
        Arg::Expref(_) => Value::Null,
    }
}

fn num(v: &Value) -> Num {
    match v {
        Value::Number(n) => classify(n),
        _ => Num::Int(0),
    }
}

fn add(a: Num, b: Num) -> Num {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => match x.checked_add(y) {
            Some(s) => Num::Int(s),
            None => Num::Float(x as f64 + y as f64),
        },
        (x, y) => Num::Float(x.as_f64() + y.as_f64()),
    }
}

fn float_to_int(f: f64) -> Value {
    if f.abs() < 9.0e18 {
        Value::from(f as i64)
    } else {
        serde_json::from_str(&format!("{f:.0}")).unwrap_or(Value::Null)
    }
}

/// Calls the function `name` with evaluated arguments.
pub(crate) fn call(name: &str, args: Vec<Arg>) -> Result<Value, QueryError> {
    check(name, &args)?;
    match name {
        "not_null" => {
            let found = args.into_iter().map(val).find(|v| !v.is_null());
            return Ok(found.unwrap_or(Value::Null));
        }
        "merge" => {
            let mut out = Map::new();
            for arg in args {
                if let Value::Object(o) = val(arg) {
                    out.extend(o);
                }
            }
            return Ok(Value::Object(out));
        }
        _ => {}
    }
    let mut it = args.into_iter();
    let mut next = || it.next().unwrap_or(Arg::Val(Value::Null));
    Ok(match name {
        "abs" => match num(&val(next())) {
            Num::Int(i) => match i.checked_abs() {
                Some(a) => Value::from(a),
                None => num_value(Num::Float((i as f64).abs())),
            },
            Num::Float(f) => num_value(Num::Float(f.abs())),
        },
        "ceil" | "floor" => match num(&val(next())) {
            Num::Int(i) => Value::from(i),
            Num::Float(f) => float_to_int(if name == "ceil" { f.ceil() } else { f.floor() }),
        },
        "avg" | "sum" => {
            let items = as_array(val(next()));
            let total = items.iter().fold(Num::Int(0), |acc, v| add(acc, num(v)));
            if name == "sum" {
                num_value(total)
            } else if items.is_empty() {
                Value::Null
            } else {
                num_value(Num::Float(total.as_f64() / items.len() as f64))
            }
        }
        "to_array" => match val(next()) {
            Value::Array(a) => Value::Array(a),
            other => Value::Array(vec![other]),
        },
        "to_string" => match val(next()) {
            Value::String(s) => Value::String(s),
            other => Value::String(to_json(&other, JsonStyle::compact())),
        },
        "to_number" => to_number(val(next())),
        "type" => Value::String(type_name(&val(next())).to_string()),
        "contains" => {
            let subject = val(next());
            let search = val(next());
            Value::Bool(match (&subject, &search) {
                (Value::Array(items), s) => items.iter().any(|v| values_equal(v, s)),
                (Value::String(hay), Value::String(needle)) => hay.contains(needle.as_str()),
                _ => false,
            })
        }
        "length" => Value::from(match val(next()) {
            Value::String(s) => s.chars().count(),
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        }),
        "ends_with" | "starts_with" => {
            let s = as_string(val(next()));
            let affix = as_string(val(next()));
            Value::Bool(if name == "ends_with" {
                s.ends_with(&affix)
            } else {
                s.starts_with(&affix)
            })
        }
        "reverse" => match val(next()) {
            Value::String(s) => Value::String(s.chars().rev().collect()),
            Value::Array(mut a) => {
                a.reverse();
                Value::Array(a)
            }
            other => other,
        },
        "join" => {
            let sep = as_string(val(next()));
            let parts: Vec<String> = as_array(val(next())).into_iter().map(as_string).collect();
            Value::String(parts.join(&sep))
        }
        "map" => {
            let Arg::Expref(expr) = next() else {
                return Ok(Value::Null);
            };
            let items = as_array(val(next()));
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(eval(expr, item)?);
            }
            Value::Array(out)
        }
        "max" | "min" => {
            let items = as_array(val(next()));
            let want = if name == "max" {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best: Option<Value> = None;
            for item in items {
                best = match best {
                    None => Some(item),
                    Some(b) => {
                        if order(&item, &b) == Some(want) {
                            Some(item)
                        } else {
                            Some(b)
                        }
                    }
                };
            }
            best.unwrap_or(Value::Null)
        }
        "sort" => {
            let mut items = as_array(val(next()));
            items.sort_by(|a, b| order(a, b).unwrap_or(Ordering::Equal));
            Value::Array(items)
        }
        "keys" => match val(next()) {
            Value::Object(o) => Value::Array(o.keys().cloned().map(Value::String).collect()),
            _ => Value::Null,
        },
        "values" => match val(next()) {
            Value::Object(o) => Value::Array(o.into_iter().map(|(_, v)| v).collect()),
            _ => Value::Null,
        },
        "sort_by" | "min_by" | "max_by" => {
            let items = as_array(val(next()));
            let Arg::Expref(expr) = next() else {
                return Ok(Value::Null);
            };
            by_key(name, items, expr)?
        }
        _ => Value::Null,
    })
}

fn as_array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        _ => Vec::new(),
    }
}

fn as_string(v: Value) -> String {
    match v {
        Value::String(s) => s,
        _ => String::new(),
    }
}

fn to_number(v: Value) -> Value {
    match v {
        Value::Number(n) => Value::Number(n),
        Value::String(s) => {
            let t = s.trim();
            let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
            let int_like = !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit() || c == '_')
                && !digits.starts_with('_')
                && !digits.ends_with('_')
                && !digits.contains("__");
            if int_like {
                let clean: String = t.chars().filter(|c| *c != '_' && *c != '+').collect();
                if let Ok(i) = clean.parse::<i64>() {
                    return Value::from(i);
                }
                return serde_json::from_str(clean.trim_start_matches('0'))
                    .ok()
                    .filter(|v: &Value| v.is_number())
                    .unwrap_or(Value::Null);
            }
            let valid_float = t
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
                || matches!(
                    digits.to_ascii_lowercase().as_str(),
                    "inf" | "infinity" | "nan"
                );
            match t.replace('_', "").parse::<f64>() {
                Ok(f) if valid_float => num_value(Num::Float(f)),
                _ => Value::Null,
            }
        }
        _ => Value::Null,
    }
}

fn by_key(name: &str, items: Vec<Value>, expr: &super::ast::Node) -> Result<Value, QueryError> {
    if items.is_empty() {
        return Ok(if name == "sort_by" {
            Value::Array(items)
        } else {
            Value::Null
        });
    }
    let mut keyed = Vec::with_capacity(items.len());
    let mut required: Option<&'static str> = None;
    for item in items {
        let key = eval(expr, &item)?;
        let t = type_name(&key);
        if t != "number" && t != "string" {
            return Err(type_err(name, t));
        }
        match required {
            None => required = Some(t),
            Some(r) if r != t => return Err(type_err(name, t)),
            _ => {}
        }
        keyed.push((key, item));
    }
    let cmp = |a: &Value, b: &Value| order(a, b).unwrap_or(Ordering::Equal);
    Ok(match name {
        "sort_by" => {
            keyed.sort_by(|a, b| cmp(&a.0, &b.0));
            Value::Array(keyed.into_iter().map(|(_, v)| v).collect())
        }
        _ => {
            let want = if name == "max_by" {
                Ordering::Greater
            } else {
                Ordering::Less
            };
            let mut best = 0;
            for i in 1..keyed.len() {
                if cmp(&keyed[i].0, &keyed[best].0) == want {
                    best = i;
                }
            }
            keyed.swap_remove(best).1
        }
    })
}
