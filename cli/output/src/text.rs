//! `--output text`: the AWS CLI's tab-separated layout (identifier rows,
//! scalar columns sorted by key, nested lists).

use crate::pyfmt::py_str;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Renders `value` as the AWS CLI's text output.
pub fn format_text(value: &Value) -> String {
    let mut out = String::new();
    write_item(&mut out, value, None, None);
    out
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn write_item(out: &mut String, item: &Value, ident: Option<&str>, scalar_keys: Option<&[String]>) {
    match item {
        Value::Object(map) => write_dict(out, map, ident, scalar_keys),
        Value::Array(items) => write_list(out, items, ident),
        other => {
            out.push_str(&py_str(other));
            out.push('\n');
        }
    }
}

fn write_list(out: &mut String, items: &[Value], ident: Option<&str>) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let keys = all_scalar_keys(items);
        for element in items {
            write_item(out, element, ident, Some(&keys));
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, others): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            write_scalar_list(out, &scalars, ident);
        }
        for other in others {
            write_item(out, other, ident, None);
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        write_scalar_list(out, &all, ident);
    }
}

fn write_scalar_list(out: &mut String, items: &[&Value], ident: Option<&str>) {
    match ident {
        Some(id) => {
            let upper = id.to_uppercase();
            for item in items {
                out.push_str(&upper);
                out.push('\t');
                out.push_str(&py_str(item));
                out.push('\n');
            }
        }
        None => {
            let parts: Vec<String> = items.iter().map(|v| py_str(v)).collect();
            out.push_str(&parts.join("\t"));
            out.push('\n');
        }
    }
}

fn write_dict(
    out: &mut String,
    map: &Map<String, Value>,
    ident: Option<&str>,
    scalar_keys: Option<&[String]>,
) {
    let mut scalars: Vec<String> = Vec::new();
    let mut nested: Vec<(&str, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (k, v) in entries {
                if is_scalar(v) {
                    scalars.push(py_str(v));
                } else {
                    nested.push((k, v));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(map.get(key).map(py_str).unwrap_or_default());
            }
            let known: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
            let mut rest: Vec<&String> =
                map.keys().filter(|k| !known.contains(k.as_str())).collect();
            rest.sort();
            for k in rest {
                nested.push((k, &map[k.as_str()]));
            }
        }
    }
    if !scalars.is_empty() {
        if let Some(id) = ident {
            scalars.insert(0, id.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        write_item(out, value, Some(key), None);
    }
}

fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for item in items {
        if let Value::Object(map) = item {
            for (k, v) in map {
                if is_scalar(v) {
                    keys.insert(k.clone());
                }
            }
        }
    }
    keys.into_iter().collect()
}
