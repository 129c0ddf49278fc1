//! `--generate-cli-skeleton`: sample input (or output) built from a shape, as botocore's
//! `ArgumentGenerator` builds it; [`yaml`] writes the commented YAML input sample.

mod scalar;
pub mod yaml;

use aws2_core::model::{ModelError, Service, Shape, ShapeType};
use serde_json::{Map, Value as Json};

/// Builds a skeleton of a shape. With `use_member_names`, strings hold their member's name
/// (the sample output); otherwise they are empty (or an enum's first value).
pub fn generate(
    service: &Service,
    shape_name: &str,
    use_member_names: bool,
) -> Result<Json, ModelError> {
    let mut stack = Vec::new();
    Generator {
        service,
        use_member_names,
    }
    .shape(&*service.shape(shape_name)?, &mut stack, "")
}

struct Generator<'a> {
    service: &'a Service,
    use_member_names: bool,
}

impl Generator<'_> {
    fn shape(
        &self,
        shape: &Shape,
        stack: &mut Vec<String>,
        name: &str,
    ) -> Result<Json, ModelError> {
        stack.push(shape.name.clone());
        let result = self.shape_inner(shape, stack, name);
        stack.pop();
        result
    }

    fn shape_inner(
        &self,
        shape: &Shape,
        stack: &mut Vec<String>,
        name: &str,
    ) -> Result<Json, ModelError> {
        Ok(match shape.shape_type {
            ShapeType::Structure => {
                if stack.iter().filter(|s| **s == shape.name).count() > 1 {
                    return Ok(Json::Object(Map::new()));
                }
                let mut out = Map::new();
                for (member, member_ref) in &shape.members {
                    let target = self.service.resolve(member_ref)?;
                    let value = match (&member_ref.enum_values, target.shape_type) {
                        (Some(own), ShapeType::String) if !self.use_member_names => {
                            Json::String(own.first().cloned().unwrap_or_default())
                        }
                        _ => self.shape(&target, stack, member)?,
                    };
                    out.insert(member.clone(), value);
                }
                Json::Object(out)
            }
            ShapeType::List => {
                let Some(member) = &shape.member else {
                    return Ok(Json::Array(vec![]));
                };
                let target = self.service.resolve(member)?;
                let name = if self.use_member_names {
                    target.name.clone()
                } else {
                    String::new()
                };
                Json::Array(vec![self.shape(&target, stack, &name)?])
            }
            ShapeType::Map => {
                let mut out = Map::new();
                if let Some(value) = &shape.value {
                    let target = self.service.resolve(value)?;
                    out.insert("KeyName".into(), self.shape(&target, stack, "")?);
                }
                Json::Object(out)
            }
            ShapeType::String => {
                if self.use_member_names {
                    Json::String(name.to_owned())
                } else {
                    match shape.enum_values.as_ref().and_then(|e| e.first()) {
                        Some(first) => Json::String(first.clone()),
                        None => Json::String(String::new()),
                    }
                }
            }
            ShapeType::Integer | ShapeType::Long => Json::from(0),
            ShapeType::Float | ShapeType::Double => {
                Json::Number(serde_json::Number::from_f64(0.0).unwrap_or_else(|| 0.into()))
            }
            ShapeType::Boolean => Json::Bool(true),
            ShapeType::Timestamp => Json::String("1970-01-01T00:00:00".into()),
            _ => Json::Null,
        })
    }
}
