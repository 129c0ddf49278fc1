//! `--cli-input-yaml`: the YAML document read as the JSON value `--cli-input-json` would give.

use serde_json::Value as Json;
use yaml_rust2::{Yaml, YamlLoader};

/// Parses a YAML document into JSON (mappings keep their order; keys must be scalars).
pub fn yaml_to_json(text: &str) -> Result<Json, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    match docs.into_iter().next() {
        None => Ok(Json::Object(Default::default())),
        Some(doc) => convert(doc),
    }
}

fn convert(y: Yaml) -> Result<Json, String> {
    Ok(match y {
        Yaml::Null | Yaml::BadValue => Json::Null,
        Yaml::Boolean(b) => Json::Bool(b),
        Yaml::Integer(i) => Json::from(i),
        Yaml::Real(text) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Json::Number)
            .unwrap_or(Json::String(text)),
        Yaml::String(s) => Json::String(s),
        Yaml::Array(items) => {
            Json::Array(items.into_iter().map(convert).collect::<Result<_, _>>()?)
        }
        Yaml::Hash(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Yaml::String(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Real(r) => r,
                    other => return Err(format!("mapping keys must be scalars, found {other:?}")),
                };
                out.insert(key, convert(v)?);
            }
            Json::Object(out)
        }
        Yaml::Alias(_) => return Err("YAML aliases are not supported".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_documents_become_json() {
        let json = yaml_to_json("KeyName: my-key\nDryRun: true\nTagSpecifications:\n  - ResourceType: key-pair\n    Tags:\n      - {Key: a, Value: '1'}\nCount: 3\n").unwrap();
        assert_eq!(
            json,
            serde_json::json!({"KeyName": "my-key", "DryRun": true, "TagSpecifications": [{"ResourceType": "key-pair", "Tags": [{"Key": "a", "Value": "1"}]}], "Count": 3})
        );
        assert_eq!(yaml_to_json("").unwrap(), serde_json::json!({}));
        assert!(yaml_to_json("a: [1, 2").is_err());
    }
}
