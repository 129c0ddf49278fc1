//! Route 53 takes the ids other operations return (`/hostedzone/Z1`, `/change/C2`,
//! `/delegationset/N3`): members of the `ResourceId`, `DelegationSetId` and `ChangeId` shapes
//! keep only what follows the last `/` (`fix_route53_ids`).

use aws2_core::model::Shape;
use aws2_core::Value;
use indexmap::IndexMap;

const ID_SHAPES: [&str; 3] = ["ResourceId", "DelegationSetId", "ChangeId"];

/// Whether the input has an id member to shorten.
pub fn needed(input_shape: &Shape, input: &Value) -> bool {
    id_members(input_shape).any(|m| {
        input
            .get(m)
            .and_then(Value::as_str)
            .is_some_and(|v| v.contains('/'))
    })
}

/// Shortens the id members.
pub fn strip_id_prefixes(input_shape: &Shape, map: &mut IndexMap<String, Value>) {
    for member in id_members(input_shape) {
        if let Some(Value::String(id)) = map.get_mut(member) {
            if let Some((_, last)) = id.rsplit_once('/') {
                *id = last.to_owned();
            }
        }
    }
}

fn id_members(shape: &Shape) -> impl Iterator<Item = &str> {
    shape
        .members
        .iter()
        .filter(|(_, r)| ID_SHAPES.contains(&r.shape.as_str()))
        .map(|(name, _)| name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws2_core::Service;

    #[test]
    fn ids_lose_their_prefix() {
        let service = Service::load("route53").unwrap();
        let op = service.operation("GetChange").unwrap();
        let shape = service.resolve(op.input.as_ref().unwrap()).unwrap();
        let mut map = IndexMap::new();
        map.insert(
            "Id".to_owned(),
            Value::String("/change/C2682N5HXP0BZ4".into()),
        );
        assert!(needed(&shape, &Value::Map(map.clone())));
        strip_id_prefixes(&shape, &mut map);
        assert_eq!(
            map.get("Id").and_then(Value::as_str),
            Some("C2682N5HXP0BZ4")
        );
        assert!(!needed(&shape, &Value::Map(map)));
    }
}
