//! The `query` and `ec2` protocols: parameters flattened into a form-encoded body.

use super::text::{base64, float_text, format_timestamp, percent_encode, py_str, Precision};
use super::Context;
use crate::model::ShapeType;
use crate::protocol::member::{type_mismatch, Member};
use crate::protocol::{HttpRequest, ProtocolError};
use crate::value::Value;
use indexmap::IndexMap;

/// Serializes a `query` (or, with `ec2` set, an `ec2`) request.
pub(crate) fn serialize(ctx: &Context<'_>, ec2: bool) -> Result<HttpRequest, ProtocolError> {
    let mut params = IndexMap::new();
    params.insert("Action".to_owned(), ctx.operation.name.clone());
    params.insert(
        "Version".to_owned(),
        ctx.service.metadata().api_version.clone(),
    );
    if let Some(input) = ctx.input_member()? {
        let mut writer = QueryWriter {
            ctx,
            ec2,
            params: &mut params,
        };
        writer.structure(ctx.input, &input, "")?;
    }
    let body = params
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k, b""), percent_encode(v, b"")))
        .collect::<Vec<_>>()
        .join("&");
    Ok(HttpRequest {
        method: ctx.operation.http.method.clone(),
        uri: "/".into(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded; charset=utf-8".into(),
        )],
        body: body.into_bytes(),
        host_prefix: None,
    })
}

struct QueryWriter<'a, 'c> {
    ctx: &'a Context<'c>,
    ec2: bool,
    params: &'a mut IndexMap<String, String>,
}

impl QueryWriter<'_, '_> {
    fn serialized_name<'m>(&self, m: &'m Member<'_>, default: &'m str) -> String {
        if self.ec2 {
            if let Some(q) = &m.r.query_name {
                return q.clone();
            }
            match m.name() {
                Some(name) => capitalize(name),
                None => default.to_owned(),
            }
        } else {
            m.name().unwrap_or(default).to_owned()
        }
    }

    fn value(&mut self, value: &Value, m: &Member<'_>, prefix: &str) -> Result<(), ProtocolError> {
        match (m.ty(), value) {
            (_, Value::Null) => {}
            (ShapeType::Structure, _) => self.structure(value, m, prefix)?,
            (ShapeType::List, Value::List(items)) => self.list(items, m, prefix)?,
            (ShapeType::Map, Value::Map(map)) => self.map(map, m, prefix)?,
            (ShapeType::Blob, Value::Blob(b)) => self.set(prefix, base64(b)),
            (ShapeType::Blob, Value::String(s)) => self.set(prefix, base64(s.as_bytes())),
            (ShapeType::Timestamp, Value::Timestamp(ts)) => {
                let format = m.timestamp_format().unwrap_or("iso8601");
                self.set(
                    prefix,
                    format_timestamp(ts, format, Precision::Default).into_text(),
                )
            }
            (ShapeType::Boolean, Value::Bool(b)) => self.set(prefix, b.to_string()),
            (_, Value::Float(f)) => self.set(prefix, float_text(*f)),
            (_, Value::List(_) | Value::Map(_)) => return Err(type_mismatch(&m.shape)),
            (_, v) => self.set(prefix, py_str(v)),
        }
        Ok(())
    }

    fn set(&mut self, key: &str, value: String) {
        self.params.insert(key.to_owned(), value);
    }

    fn structure(
        &mut self,
        value: &Value,
        m: &Member<'_>,
        prefix: &str,
    ) -> Result<(), ProtocolError> {
        let Value::Map(map) = value else {
            return Err(type_mismatch(&m.shape));
        };
        for (key, item) in map {
            let member = Member::resolve(self.ctx.service, m.struct_member(key)?)?;
            let name = self.serialized_name(&member, key);
            let full = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
            self.value(item, &member, &full)?;
        }
        Ok(())
    }

    fn list(&mut self, items: &[Value], m: &Member<'_>, prefix: &str) -> Result<(), ProtocolError> {
        let member = Member::resolve(self.ctx.service, m.list_member()?)?;
        let list_prefix = if self.ec2 {
            prefix.to_owned()
        } else if items.is_empty() {
            self.set(prefix, String::new());
            return Ok(());
        } else if m.flattened() {
            match member.name() {
                Some(name) => match prefix.rsplit_once('.') {
                    Some((parent, _)) => format!("{parent}.{name}"),
                    None => name.to_owned(),
                },
                None => prefix.to_owned(),
            }
        } else {
            format!("{prefix}.{}", member.name().unwrap_or("member"))
        };
        for (i, item) in items.iter().enumerate() {
            self.value(item, &member, &format!("{list_prefix}.{}", i + 1))?;
        }
        Ok(())
    }

    fn map(
        &mut self,
        map: &IndexMap<String, Value>,
        m: &Member<'_>,
        prefix: &str,
    ) -> Result<(), ProtocolError> {
        let full = if m.flattened() {
            prefix.to_owned()
        } else {
            format!("{prefix}.entry")
        };
        let key = Member::resolve(self.ctx.service, m.map_key()?)?;
        let value = Member::resolve(self.ctx.service, m.map_value()?)?;
        let key_suffix = self.serialized_name(&key, "key");
        let value_suffix = self.serialized_name(&value, "value");
        for (i, (k, v)) in map.iter().enumerate() {
            let n = i + 1;
            self.value(
                &Value::String(k.clone()),
                &key,
                &format!("{full}.{n}.{key_suffix}"),
            )?;
            self.value(v, &value, &format!("{full}.{n}.{value_suffix}"))?;
        }
        Ok(())
    }
}

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
