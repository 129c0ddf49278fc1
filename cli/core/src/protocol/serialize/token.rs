//! Idempotency tokens: members marked `idempotencyToken` get a fresh UUID v4 when absent.

use crate::model::Shape;
use crate::value::Value;

/// The input with absent idempotency-token members filled in, or `None` when nothing was
/// missing. `fixed` replaces the random UUID (for reproducible requests).
pub(crate) fn fill(shape: &Shape, input: &Value, fixed: Option<&str>) -> Option<Value> {
    let missing: Vec<&String> = shape
        .members
        .iter()
        .filter(|(name, r)| r.idempotency_token && input.get(name).is_none())
        .map(|(name, _)| name)
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut map = match input {
        Value::Map(map) => map.clone(),
        _ => Default::default(),
    };
    for name in missing {
        let token = fixed.map_or_else(uuid_v4, str::to_owned);
        map.insert(name.clone(), Value::String(token));
    }
    Some(Value::Map(map))
}

/// A random (version 4) UUID in its canonical text form.
pub(crate) fn uuid_v4() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let a = uuid_v4();
        let b = uuid_v4();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }
}
