//! Values the completer offers: waiters, enum values, profiles and regions.

use aws2_core::model::{cli_name, Service, ShapeRef, ShapeType};
use serde_json::Value as Json;

/// Whether a service has waiters (without reading them).
pub fn has_waiters(model_name: &str) -> bool {
    aws2_models::has_entry(&format!("{model_name}/waiters"))
}

/// The waiters of a service: CLI name and the operation each polls.
pub fn waiters(model_name: &str) -> Vec<(String, String)> {
    let Ok(Some(text)) = aws2_models::entry(&format!("{model_name}/waiters")) else {
        return Vec::new();
    };
    let Ok(json) = serde_json::from_str::<Json>(&text) else {
        return Vec::new();
    };
    json.get("waiters")
        .and_then(Json::as_object)
        .map(|w| {
            w.iter()
                .filter_map(|(name, cfg)| {
                    let op = cfg.get("operation")?.as_str()?;
                    Some((cli_name(name), op.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The enum values an option takes (of the shape, or of a list's members).
pub fn enum_values(service: &Service, shape_ref: &ShapeRef) -> Vec<String> {
    let Ok(mut shape) = service.resolve(shape_ref) else {
        return Vec::new();
    };
    if shape.shape_type == ShapeType::List {
        match shape.member.as_deref().map(|m| service.resolve(m)) {
            Some(Ok(member)) => shape = member,
            _ => return Vec::new(),
        }
    }
    shape.enum_values.clone().unwrap_or_default()
}

/// Profile names from the config and credentials files.
pub fn profiles() -> Vec<String> {
    let env = aws2_config::Env::from_process();
    let files = aws2_config::SharedFiles::from_env(&env);
    files
        .profiles()
        .map(|p| p.iter().map(|p| p.name.clone()).collect())
        .unwrap_or_default()
}

/// Region names of every partition (without the `*-global` pseudo regions).
pub fn regions() -> Vec<String> {
    let Ok(Some(text)) = aws2_models::entry("_global/partitions") else {
        return Vec::new();
    };
    let Ok(json) = serde_json::from_str::<Json>(&text) else {
        return Vec::new();
    };
    json.get("partitions")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("regions").and_then(Json::as_object))
        .flat_map(|r| r.keys())
        .filter(|r| !r.ends_with("-global"))
        .cloned()
        .collect()
}
