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
    let mut b = [0u8; 16];
    if getrandom::getrandom(&mut b).is_err() {
        // No system randomness: fall back to time and address entropy mixed by a hash.
        use std::hash::{BuildHasher, Hasher};
        let state = std::collections::hash_map::RandomState::new();
        for chunk in b.chunks_mut(8) {
            let mut h = state.build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or_default(),
            );
            h.write_usize(chunk.as_ptr() as usize);
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
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
