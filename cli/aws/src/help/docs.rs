//! The documentation strings of one service (`<model>/docs` in the model archive), read
//! selectively: a help page keeps only the operations and shapes it shows, so the large
//! documents (EC2's is over 2 MB) are scanned once without building a tree of all of it.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Documentation HTML of a service, its operations and shapes.
#[derive(Debug, Default)]
pub struct Docs {
    /// The service description.
    pub service: String,
    /// Operation name to its description.
    pub operations: HashMap<String, String>,
    /// Shape name to its docs: `""` the shape's own, a member name that member's,
    /// `.member` / `.key` / `.value` the doc of a list or map reference.
    pub shapes: HashMap<String, HashMap<String, String>>,
}

/// Which parts of the docs to keep.
#[derive(Debug, Clone, Copy)]
pub enum Want<'a> {
    /// Everything (used when rendering many pages of one service).
    All,
    /// Only these operations and shapes.
    Only {
        /// Operation names.
        operations: &'a HashSet<String>,
        /// Shape names.
        shapes: &'a HashSet<String>,
    },
}

impl Docs {
    /// Reads the docs of a botocore model name; a service without docs reads as empty.
    pub fn load(model_name: &str, want: Want<'_>) -> Result<Docs, String> {
        let text = aws2_models::entry(&format!("{model_name}/docs"))
            .map_err(|e| e.to_string())?
            .unwrap_or_else(|| "{}".to_owned());
        Docs::parse(&text, want)
    }

    /// Parses a docs document, keeping what `want` asks for.
    pub fn parse(text: &str, want: Want<'_>) -> Result<Docs, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        DocsSeed(want)
            .deserialize(&mut de)
            .map_err(|e| format!("invalid model docs: {e}"))
    }

    /// The documentation of a structure member (or `.member`, `.key`, `.value` reference).
    pub fn member(&self, shape: &str, member: &str) -> Option<&str> {
        self.shapes
            .get(shape)?
            .get(member)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// The documentation of a shape itself.
    pub fn shape(&self, shape: &str) -> Option<&str> {
        self.member(shape, "")
    }
}

struct DocsSeed<'a>(Want<'a>);

impl<'de> DeserializeSeed<'de> for DocsSeed<'_> {
    type Value = Docs;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Docs, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocsSeed<'_> {
    type Value = Docs;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a docs object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Docs, A::Error> {
        let (ops, shapes) = match self.0 {
            Want::All => (None, None),
            Want::Only { operations, shapes } => (Some(operations), Some(shapes)),
        };
        let mut docs = Docs::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "service" => docs.service = map.next_value()?,
                "operations" => docs.operations = map.next_value_seed(Filtered::new(ops))?,
                "shapes" => docs.shapes = map.next_value_seed(Filtered::new(shapes))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(docs)
    }
}

/// A JSON object read into a map, keeping only the keys of a set (all when `None`).
struct Filtered<'a, T> {
    keep: Option<&'a HashSet<String>>,
    marker: std::marker::PhantomData<T>,
}

impl<'a, T> Filtered<'a, T> {
    fn new(keep: Option<&'a HashSet<String>>) -> Self {
        Filtered {
            keep,
            marker: std::marker::PhantomData,
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> DeserializeSeed<'de> for Filtered<'_, T> {
    type Value = HashMap<String, T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Filtered<'_, T> {
    type Value = HashMap<String, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = HashMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if self.keep.is_none_or(|k| k.contains(&key)) {
                out.insert(key, map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_what_is_asked() {
        let text = r#"{"service":"<p>S</p>","operations":{"A":"a","B":"b"},"shapes":{"X":{"":"x","m":"xm"},"Y":{"":"y"}}}"#;
        let ops: HashSet<String> = ["B".to_owned()].into();
        let shapes: HashSet<String> = ["X".to_owned()].into();
        let docs = Docs::parse(
            text,
            Want::Only {
                operations: &ops,
                shapes: &shapes,
            },
        )
        .unwrap();
        assert_eq!(docs.service, "<p>S</p>");
        assert_eq!(docs.operations.len(), 1);
        assert_eq!(docs.operations["B"], "b");
        assert_eq!(docs.member("X", "m"), Some("xm"));
        assert_eq!(docs.shape("X"), Some("x"));
        assert_eq!(docs.shape("Y"), None);
        let all = Docs::parse(text, Want::All).unwrap();
        assert_eq!(all.shapes.len(), 2);
        assert!(Docs::parse("[1]", Want::All).is_err());
    }

    #[test]
    fn reads_a_real_service() {
        let docs = Docs::load("dynamodb", Want::All).unwrap();
        assert!(docs.operations["CreateTable"].contains("CreateTable"));
        assert!(docs.shape("CreateTableInput").is_none() || !docs.shapes.is_empty());
    }
}
