//! Paginators from `paginators-1.json`: input and output tokens, result keys, limit keys, and
//! the Python CLI's `--starting-token` format (base64 of a JSON object holding the service's
//! token(s) and `boto_truncate_amount`).

use aws2_core::Value;
use base64::Engine;
use serde_json::Value as Json;

/// One operation's paginator configuration.
#[derive(Debug, Clone)]
pub struct Paginator {
    /// Input members that take the tokens.
    pub input_tokens: Vec<String>,
    /// Output expressions that hold the next tokens.
    pub output_tokens: Vec<String>,
    /// The expression telling whether more results exist.
    pub more_results: Option<String>,
    /// The input member limiting page size.
    pub limit_key: Option<String>,
    /// Output expressions of the aggregated results.
    pub result_keys: Vec<String>,
    /// Output keys kept from the last page rather than aggregated.
    pub non_aggregate_keys: Vec<String>,
}

fn strings(v: Option<&Json>) -> Vec<String> {
    match v {
        Some(Json::String(s)) => vec![s.clone()],
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

impl Paginator {
    /// The paginator of an operation, if the service has one for it.
    pub fn for_operation(model_name: &str, operation: &str) -> Option<Paginator> {
        let text = aws2_models::entry(&format!("{model_name}/paginators")).ok()??;
        let doc: Json = serde_json::from_str(&text).ok()?;
        let cfg = doc.get("pagination")?.get(operation)?;
        Some(Paginator {
            input_tokens: strings(cfg.get("input_token")),
            output_tokens: strings(cfg.get("output_token")),
            more_results: cfg
                .get("more_results")
                .and_then(Json::as_str)
                .map(str::to_owned),
            limit_key: cfg
                .get("limit_key")
                .and_then(Json::as_str)
                .map(str::to_owned),
            result_keys: strings(cfg.get("result_key")),
            non_aggregate_keys: strings(cfg.get("non_aggregate_keys")),
        })
    }
}

/// Looks up a simple dotted path (`A.B`, as paginator expressions use) in a value.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = value;
    for part in path.split('.') {
        cur = cur.get(part)?;
    }
    Some(cur)
}

/// The next-token values of a page, in input-token order; `None` when there is no next page.
pub fn next_tokens(p: &Paginator, page: &Value) -> Option<Vec<Value>> {
    if let Some(more) = &p.more_results {
        if !matches!(lookup(page, more), Some(Value::Bool(true))) {
            return None;
        }
    }
    let tokens: Vec<Value> = p
        .output_tokens
        .iter()
        .map(|expr| {
            let expr = expr.split(" || ").next().unwrap_or(expr);
            lookup(page, expr).cloned().unwrap_or(Value::Null)
        })
        .collect();
    let empty = |v: &Value| v.is_null() || matches!(v, Value::String(s) if s.is_empty());
    if tokens.iter().all(empty) {
        None
    } else {
        Some(tokens)
    }
}

/// Encodes a starting token the way the Python CLI does: every input token in order (`null`
/// when absent or empty, as botocore keeps them), then `boto_truncate_amount`.
pub fn encode_token(p: &Paginator, tokens: &[Value], truncate: Option<usize>) -> String {
    let mut obj = serde_json::Map::new();
    for (name, value) in p.input_tokens.iter().zip(tokens) {
        let json = match value {
            Value::String(s) if s.is_empty() => Json::Null,
            other => other.to_json(Default::default()),
        };
        obj.insert(name.clone(), json);
    }
    if let Some(n) = truncate {
        obj.insert("boto_truncate_amount".into(), Json::from(n));
    }
    let text = python_json(&Json::Object(obj));
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// `json.dumps` with Python's default separators (`, ` and `: `).
fn python_json(v: &Json) -> String {
    match v {
        Json::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Json::String(k.clone()), python_json(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Json::Array(items) => {
            format!(
                "[{}]",
                items.iter().map(python_json).collect::<Vec<_>>().join(", ")
            )
        }
        other => other.to_string(),
    }
}

/// Decodes a starting token: the input tokens and the truncate amount. A token that is not
/// base64 of a JSON object is read in the older `token___token___index` form, as botocore
/// falls back to it (a plain service token passes through as the first input token).
pub fn decode_token(p: &Paginator, token: &str) -> Result<(Vec<(String, Value)>, usize), String> {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Json>(&bytes).ok());
    let Some(Json::Object(obj)) = decoded else {
        return decode_deprecated_token(p, token);
    };
    let truncate = obj
        .get("boto_truncate_amount")
        .and_then(Json::as_u64)
        .unwrap_or(0) as usize;
    let mut inputs = Vec::new();
    for name in &p.input_tokens {
        if let Some(v) = obj.get(name) {
            inputs.push((name.clone(), Value::from_json(v)));
        }
    }
    Ok((inputs, truncate))
}

/// botocore's `_parse_starting_token_deprecated`: parts joined by `___`, `None` for an absent
/// token, and an index as an extra last part.
fn decode_deprecated_token(
    p: &Paginator,
    token: &str,
) -> Result<(Vec<(String, Value)>, usize), String> {
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut index = 0;
    if parts.len() == p.input_tokens.len() + 1 {
        match parts.last().and_then(|last| last.parse::<usize>().ok()) {
            Some(n) => {
                index = n;
                parts.pop();
            }
            None => parts = vec![token],
        }
    }
    if parts.len() > p.input_tokens.len() {
        return Err(format!("Bad starting token: {token}"));
    }
    let inputs = p
        .input_tokens
        .iter()
        .zip(parts)
        .filter(|(_, part)| *part != "None")
        .map(|(name, part)| (name.clone(), Value::String(part.to_owned())))
        .collect();
    Ok((inputs, index))
}

/// Options of a paginated call.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    /// `--max-items`.
    pub max_items: Option<usize>,
    /// `--page-size`.
    pub page_size: Option<i64>,
    /// `--starting-token`.
    pub starting_token: Option<String>,
}

/// Sets a dotted path (`A.B`) in a map, creating the maps on the way.
pub fn set_path(target: &mut indexmap::IndexMap<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            target.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let entry = target
                .entry(head.to_owned())
                .or_insert_with(|| Value::Map(Default::default()));
            if let Value::Map(inner) = entry {
                set_path(inner, rest, value);
            }
        }
    }
}

/// botocore's `merge_dicts`: maps present on both sides merge, anything else is replaced.
fn merge_maps(
    target: &mut indexmap::IndexMap<String, Value>,
    from: indexmap::IndexMap<String, Value>,
) {
    for (k, v) in from {
        match (target.get_mut(&k), v) {
            (Some(Value::Map(inner)), Value::Map(v)) => merge_maps(inner, v),
            (_, v) => {
                target.insert(k, v);
            }
        }
    }
}

/// Runs every page of an operation and builds the full result as botocore's
/// `build_full_result` does: result keys aggregated, non-aggregate keys kept, `NextToken`
/// added when `--max-items` stopped early. `call` performs one page's request.
pub fn run<F>(
    p: &Paginator,
    input: &Value,
    opts: &PageOptions,
    call: F,
) -> Result<Value, crate::CallError>
where
    F: FnMut(&Value) -> Result<Value, crate::CallError>,
{
    run_with_pages(p, input, opts, call, |_| {})
}

/// Like [`run`], and hands every page to `on_page` as the AWS CLI's text output sees it:
/// after `--starting-token`'s skip and `--max-items`' truncation.
pub fn run_with_pages<F, P>(
    p: &Paginator,
    input: &Value,
    opts: &PageOptions,
    mut call: F,
    mut on_page: P,
) -> Result<Value, crate::CallError>
where
    F: FnMut(&Value) -> Result<Value, crate::CallError>,
    P: FnMut(&Value),
{
    let mut request = match input {
        Value::Map(m) => m.clone(),
        _ => Default::default(),
    };
    let mut skip = 0usize;
    if let Some(token) = &opts.starting_token {
        let (tokens, truncate) = decode_token(p, token).map_err(crate::CallError::Endpoint)?;
        for (k, v) in tokens {
            // As botocore, absent tokens (`null`, `"None"`) are not sent.
            if v.is_null() || v.as_str() == Some("None") {
                request.shift_remove(&k);
            } else {
                request.insert(k, v);
            }
        }
        skip = truncate;
    }
    if let (Some(size), Some(limit)) = (opts.page_size, &p.limit_key) {
        request.insert(limit.clone(), Value::Integer(size));
    }
    let primary = p.result_keys.first().cloned();
    let mut full: indexmap::IndexMap<String, Value> = Default::default();
    let mut non_aggregate: indexmap::IndexMap<String, Value> = Default::default();
    let mut seen_items = 0usize;
    let mut resume: Option<String> = None;
    let mut first = true;
    loop {
        let page = call(&Value::Map(request.clone()))?;
        if first {
            // botocore keeps every non-aggregate key of the first page, `null` when absent.
            for key in &p.non_aggregate_keys {
                let v = lookup(&page, key).cloned().unwrap_or(Value::Null);
                set_path(&mut non_aggregate, key, v);
            }
        }
        let mut page = page;
        if skip > 0 {
            if let Some(key) = &primary {
                if let Value::Map(m) = &mut page {
                    if let Some(Value::List(items)) = m.get_mut(key) {
                        let n = skip.min(items.len());
                        items.drain(..n);
                    }
                }
            }
        }
        let page_items = primary
            .as_ref()
            .and_then(|k| lookup(&page, k))
            .map(|v| match v {
                Value::List(items) => items.len(),
                _ => 0,
            })
            .unwrap_or(0);
        let mut truncated_at = None;
        if let Some(max) = opts.max_items {
            if seen_items + page_items > max {
                truncated_at = Some(max - seen_items);
            }
        }
        if let Some(keep) = truncated_at {
            for key in &p.result_keys {
                if let Value::Map(m) = &mut page {
                    if let Some(Value::List(items)) = m.get_mut(key) {
                        items.truncate(keep);
                    }
                }
            }
            let current_tokens: Vec<Value> = p
                .input_tokens
                .iter()
                .map(|t| request.get(t).cloned().unwrap_or(Value::Null))
                .collect();
            resume = Some(encode_token(p, &current_tokens, Some(keep + skip)));
        }
        on_page(&page);
        for key in &p.result_keys {
            let Some(value) = lookup(&page, key).cloned() else {
                continue;
            };
            let existing = lookup(&Value::Map(full.clone()), key).cloned();
            let merged = match (existing, value) {
                (None, v) => v,
                (Some(Value::List(mut a)), Value::List(b)) => {
                    a.extend(b);
                    Value::List(a)
                }
                (Some(Value::Integer(a)), Value::Integer(b)) => Value::Integer(a + b),
                (Some(Value::String(a)), Value::String(b)) => Value::String(a + &b),
                (Some(a), _) => a,
            };
            set_path(&mut full, key, merged);
        }
        seen_items += page_items.min(truncated_at.unwrap_or(page_items));
        skip = 0;
        first = false;
        if truncated_at.is_some() {
            break;
        }
        let Some(next) = next_tokens(p, &page) else {
            break;
        };
        if opts.max_items.is_some_and(|max| seen_items >= max) {
            resume = Some(encode_token(p, &next, None));
            break;
        }
        let mut same = true;
        for (name, value) in p.input_tokens.iter().zip(next) {
            if request.get(name) != Some(&value) {
                same = false;
            }
            if value.is_null() {
                request.shift_remove(name);
            } else {
                request.insert(name.clone(), value);
            }
        }
        if same {
            break;
        }
    }
    merge_maps(&mut full, non_aggregate);
    if let Some(token) = resume {
        full.insert("NextToken".into(), Value::String(token));
    }
    Ok(Value::Map(full))
}
