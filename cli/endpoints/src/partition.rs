//! `aws.partition`: which AWS partition (aws, aws-cn, aws-us-gov, ...) a region belongs to, from
//! the pinned `partitions.json`.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::error::EndpointError;
use crate::value::Value;

/// One partition: its outputs and how regions are matched to it.
#[derive(Debug)]
struct Partition {
    outputs: Value,
    regions: HashSet<String>,
    region_regex: String,
    compiled: OnceLock<Option<Regex>>,
}

impl Partition {
    fn matches(&self, region: &str) -> bool {
        self.regions.contains(region)
            || self
                .compiled
                .get_or_init(|| Regex::new(&self.region_regex).ok())
                .as_ref()
                .is_some_and(|re| re.is_match(region))
    }
}

/// The partitions of a `partitions.json` document, in file order (the first is the default).
#[derive(Debug)]
pub struct Partitions {
    partitions: Vec<Partition>,
}

impl Partitions {
    /// Reads a `partitions.json` document.
    pub fn from_json(text: &str) -> Result<Self, EndpointError> {
        Self::parse(text).map_err(EndpointError::InvalidPartitions)
    }

    fn parse(text: &str) -> Result<Self, String> {
        let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let list = doc
            .get("partitions")
            .and_then(serde_json::Value::as_array)
            .ok_or("no `partitions` array")?;
        let mut partitions = Vec::with_capacity(list.len());
        for p in list {
            let id = p
                .get("id")
                .and_then(|v| v.as_str())
                .ok_or("a partition has no id")?;
            let outputs = p
                .get("outputs")
                .and_then(|v| v.as_object())
                .ok_or_else(|| format!("partition {id} has no outputs"))?;
            let mut fields: Vec<(String, Value)> = outputs
                .iter()
                .filter(|(k, _)| k.as_str() != "name")
                .filter_map(|(k, v)| json_scalar(v).map(|v| (k.clone(), v)))
                .collect();
            fields.push(("name".into(), Value::Str(id.to_owned())));
            let regions = p
                .get("regions")
                .and_then(|v| v.as_object())
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let region_regex = p
                .get("regionRegex")
                .and_then(|v| v.as_str())
                .unwrap_or("^$")
                .to_owned();
            partitions.push(Partition {
                outputs: Value::Record(fields),
                regions,
                region_regex,
                compiled: OnceLock::new(),
            });
        }
        if partitions.is_empty() {
            return Err("the partitions list is empty".into());
        }
        Ok(Partitions { partitions })
    }

    /// The pinned partitions shipped with the models, loaded on first use.
    pub fn pinned() -> Result<&'static Partitions, EndpointError> {
        static CELL: OnceLock<Result<Partitions, EndpointError>> = OnceLock::new();
        CELL.get_or_init(|| {
            let text = aws2_models::entry("_global/partitions")?.ok_or_else(|| {
                EndpointError::InvalidPartitions(
                    "the models have no _global/partitions entry".into(),
                )
            })?;
            Partitions::from_json(&text)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// The outputs of the partition a region belongs to (the first partition when none matches),
    /// with `name` set to the partition id.
    pub(crate) fn lookup(&self, region: Option<&str>) -> &Value {
        let partition = region
            .and_then(|r| self.partitions.iter().find(|p| p.matches(r)))
            .unwrap_or(&self.partitions[0]);
        &partition.outputs
    }
}

fn json_scalar(v: &serde_json::Value) -> Option<Value> {
    match v {
        serde_json::Value::String(s) => Some(Value::Str(s.clone())),
        serde_json::Value::Bool(b) => Some(Value::Bool(*b)),
        serde_json::Value::Number(n) => n.as_i64().map(Value::Int),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_partitions() {
        let p = Partitions::pinned().unwrap();
        let name = |r: Option<&str>| p.lookup(r).field("name").cloned();
        assert_eq!(name(Some("us-east-1")), Some(Value::Str("aws".into())));
        assert_eq!(name(Some("cn-north-9")), Some(Value::Str("aws-cn".into())));
        assert_eq!(
            name(Some("us-gov-west-1")),
            Some(Value::Str("aws-us-gov".into()))
        );
        assert_eq!(
            name(Some("aws-cn-global")),
            Some(Value::Str("aws-cn".into()))
        );
        assert_eq!(name(Some("mars-global")), Some(Value::Str("aws".into())));
        assert_eq!(name(None), Some(Value::Str("aws".into())));
    }
}
