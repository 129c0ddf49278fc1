//! `THIRD_PARTY_LICENSES`: every third-party crate linked into the shipped programs, with its
//! license expression and the license texts it ships, generated from `cargo metadata` output.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::PackagingError;

/// File names (upper-cased prefixes) taken as license texts.
const LICENSE_PREFIXES: [&str; 5] = ["LICENSE", "LICENCE", "COPYING", "NOTICE", "COPYRIGHT"];

/// Renders the notice for the runtime dependency closure of the workspace packages named in
/// `roots`, from `cargo metadata --format-version 1` JSON.
pub fn third_party_licenses(metadata: &[u8], roots: &[&str]) -> Result<String, PackagingError> {
    let meta: Value =
        serde_json::from_slice(metadata).map_err(|e| PackagingError::Metadata(e.to_string()))?;
    let packages: BTreeMap<&str, &Value> = meta["packages"]
        .as_array()
        .ok_or_else(|| PackagingError::Metadata("no packages".into()))?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .ok_or_else(|| PackagingError::Metadata("no resolve graph".into()))?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let mut todo: Vec<&str> = Vec::new();
    for root in roots {
        let id = packages
            .iter()
            .find(|(_, p)| p["name"] == *root && p["source"].is_null())
            .map(|(id, _)| *id)
            .ok_or_else(|| PackagingError::Metadata(format!("package {root} not found")))?;
        todo.push(id);
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let deps = nodes.get(id).and_then(|n| n["deps"].as_array());
        for dep in deps.into_iter().flatten() {
            let runtime = dep["dep_kinds"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()));
            if let (true, Some(pkg)) = (runtime, dep["pkg"].as_str()) {
                todo.push(pkg);
            }
        }
    }
    let mut third_party: Vec<&Value> = seen
        .iter()
        .filter_map(|id| packages.get(id).copied())
        .filter(|p| !p["source"].is_null())
        .collect();
    third_party.sort_by_key(|p| (p["name"].as_str(), p["version"].as_str()));
    Ok(render(&third_party))
}

/// Formats the notice.
fn render(packages: &[&Value]) -> String {
    let mut out = String::from(
        "Third-party software included in the AWS CLI v2 (aws2)\n\
         ======================================================\n\n\
         The programs in this bundle include the following crates. Each entry gives the crate,\n\
         its version, its license expression, and the license texts the crate ships.\n",
    );
    for p in packages {
        let name = p["name"].as_str().unwrap_or("?");
        let version = p["version"].as_str().unwrap_or("?");
        let license = p["license"].as_str().unwrap_or("see license files");
        out.push_str(&format!("\n{}\n{name} {version}\n", "-".repeat(78)));
        out.push_str(&format!("License: {license}\n"));
        if let Some(repo) = p["repository"].as_str() {
            out.push_str(&format!("Repository: {repo}\n"));
        }
        let dir = p["manifest_path"]
            .as_str()
            .and_then(|m| Path::new(m).parent());
        for (file, text) in dir.map(license_files).unwrap_or_default() {
            out.push_str(&format!("\n--- {file} ---\n{}\n", text.trim_end()));
        }
    }
    out
}

/// The license texts at the top of a crate's source directory, sorted by file name.
fn license_files(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, String)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let upper = name.to_ascii_uppercase();
            LICENSE_PREFIXES
                .iter()
                .any(|p| upper.starts_with(p))
                .then_some(())?;
            let text = fs::read_to_string(e.path()).ok()?;
            Some((name, text))
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_runtime_dependencies_only() {
        let meta = serde_json::json!({
            "packages": [
                {"id": "app", "name": "app", "version": "1.0.0", "source": null, "manifest_path": "/nonexistent/app/Cargo.toml"},
                {"id": "a", "name": "liba", "version": "0.1.0", "license": "MIT", "source": "registry", "manifest_path": "/nonexistent/a/Cargo.toml"},
                {"id": "b", "name": "libb", "version": "0.2.0", "license": "Apache-2.0", "source": "registry", "manifest_path": "/nonexistent/b/Cargo.toml"},
                {"id": "t", "name": "testonly", "version": "1.0.0", "license": "MIT", "source": "registry", "manifest_path": "/nonexistent/t/Cargo.toml"}
            ],
            "resolve": {"nodes": [
                {"id": "app", "deps": [
                    {"pkg": "a", "dep_kinds": [{"kind": null}]},
                    {"pkg": "t", "dep_kinds": [{"kind": "dev"}]}
                ]},
                {"id": "a", "deps": [{"pkg": "b", "dep_kinds": [{"kind": null}]}]},
                {"id": "b", "deps": []},
                {"id": "t", "deps": []}
            ]}
        });
        let text = third_party_licenses(meta.to_string().as_bytes(), &["app"]).unwrap();
        assert!(text.contains("liba 0.1.0\nLicense: MIT"));
        assert!(text.contains("libb 0.2.0\nLicense: Apache-2.0"));
        assert!(!text.contains("testonly"));
        assert!(text.find("liba").unwrap() < text.find("libb").unwrap());
    }
}
