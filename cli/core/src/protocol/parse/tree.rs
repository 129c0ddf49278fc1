//! Typing a self-describing body (JSON or CBOR, already decoded into an untyped [`Value`])
//! by its shape: members picked by wire name, blobs and timestamps converted, numbers made
//! to fit the shape.

use super::scalar;
use super::Ctx;
use crate::model::{ShapeRef, ShapeType};
use crate::protocol::member::Member;
use crate::protocol::ProtocolError;
use crate::value::Value;
use indexmap::IndexMap;

/// How structure members are named in the body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keys {
    /// By `locationName` when present (JSON protocols).
    LocationName,
    /// By member name (RPC v2 CBOR).
    MemberName,
}

/// Types `raw` by the shape `r` refers to.
pub(crate) fn typed(
    ctx: &Ctx<'_>,
    raw: Value,
    r: &ShapeRef,
    keys: Keys,
) -> Result<Value, ProtocolError> {
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let res = Member::resolve(ctx.service, r)?;
    let shape = &res.shape;
    if shape.document {
        return Ok(raw);
    }
    match shape.shape_type {
        ShapeType::Structure => {
            let Value::Map(mut map) = raw else {
                return Err(ctx.invalid(format!("expected an object for {}", shape.name)));
            };
            if shape.union {
                if let Some(unknown) = unknown_union_member(&map, &res, keys) {
                    return Ok(unknown);
                }
            }
            let mut out = IndexMap::new();
            for (name, member) in &shape.members {
                let member_res = Member::resolve(ctx.service, member)?;
                if member_res.outside_body() {
                    continue;
                }
                let key = match keys {
                    Keys::LocationName => member_res.name().unwrap_or(name),
                    Keys::MemberName => name,
                };
                match map.shift_remove(key) {
                    Some(v) if !v.is_null() => {
                        out.insert(name.clone(), typed(ctx, v, member, keys)?);
                    }
                    _ => {}
                }
            }
            Ok(Value::Map(out))
        }
        // Lists are sparse too: a null item stays.
        ShapeType::List => {
            let Value::List(items) = raw else {
                return Err(ctx.invalid(format!("expected a list for {}", shape.name)));
            };
            let member = shape.member.as_deref().cloned().unwrap_or_default();
            items
                .into_iter()
                .map(|item| typed(ctx, item, &member, keys))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List)
        }
        ShapeType::Map => {
            let Value::Map(map) = raw else {
                return Err(ctx.invalid(format!("expected an object for {}", shape.name)));
            };
            let value_ref = shape.value.as_deref().cloned().unwrap_or_default();
            // Every map is read as sparse, as the AWS CLI reads them: a null value stays.
            let mut out = IndexMap::new();
            for (k, v) in map {
                out.insert(k, typed(ctx, v, &value_ref, keys)?);
            }
            Ok(Value::Map(out))
        }
        t if t.is_float() => Ok(match raw {
            Value::Integer(i) => Value::Float(i as f64),
            Value::String(s) => match scalar::parse_float(&s) {
                Ok(f) => Value::Float(f),
                Err(_) => Value::String(s),
            },
            other => other,
        }),
        ShapeType::Timestamp => match raw {
            Value::Integer(i) => scalar::timestamp_from_epoch(i as f64, Some(i))
                .map(Value::Timestamp)
                .map_err(|e| ctx.invalid(e)),
            Value::Float(f) => scalar::timestamp_from_epoch(f, None)
                .map(Value::Timestamp)
                .map_err(|e| ctx.invalid(e)),
            Value::String(s) => scalar::timestamp(&s)
                .map(Value::Timestamp)
                .map_err(|e| ctx.invalid(e)),
            other => Ok(other),
        },
        ShapeType::Blob => match raw {
            Value::String(s) => scalar::decode_base64(&s)
                .map(Value::Blob)
                .map_err(|e| ctx.invalid(e)),
            other => Ok(other),
        },
        _ => Ok(raw),
    }
}

/// For a union whose single set member is not one this model knows, the placeholder
/// botocore returns: `{"SDK_UNKNOWN_MEMBER": {"name": <tag>}}`.
fn unknown_union_member(
    map: &IndexMap<String, Value>,
    res: &Member<'_>,
    keys: Keys,
) -> Option<Value> {
    let mut set = map
        .iter()
        .filter(|(k, v)| k.as_str() != "__type" && !v.is_null());
    let (tag, _) = set.next()?;
    if set.next().is_some() {
        return None;
    }
    let known = res.shape.members.iter().any(|(name, m)| {
        let wire = match keys {
            Keys::LocationName => m.location_name.as_deref().unwrap_or(name),
            Keys::MemberName => name,
        };
        wire == tag
    });
    (!known).then(|| unknown_member(tag))
}

/// `{"SDK_UNKNOWN_MEMBER": {"name": tag}}`.
pub(crate) fn unknown_member(tag: &str) -> Value {
    let mut inner = IndexMap::new();
    inner.insert("name".to_owned(), Value::String(tag.to_owned()));
    let mut outer = IndexMap::new();
    outer.insert("SDK_UNKNOWN_MEMBER".to_owned(), Value::Map(inner));
    Value::Map(outer)
}
