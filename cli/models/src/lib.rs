//! The pinned AWS service models, shipped inside the binary.
//!
//! `models.bin` (written by `scripts/update-models`, never edited by hand) holds every service's
//! newest model as the AWS CLI v2 release ships it (`awscli/botocore/data/`), split into
//! independently zstd-compressed entries so that a command decompresses only the service it
//! names. This crate knows the archive format and nothing of shapes or protocols: it hands out
//! raw JSON text. The typed model lives in `aws2-core`.
//!
//! Entry names: `<model>/service` (index line + body, see [`ServiceBlob`]), `<model>/docs`,
//! `<model>/paginators`, `<model>/waiters`, `<model>/rules`, `<model>/completions` and
//! `_global/{endpoints, partitions}` (one `_global/<name>` per file at the top of the data folder).

use std::collections::HashMap;
use std::sync::OnceLock;

static ARCHIVE: &[u8] = include_bytes!("../models.bin");
const MAGIC: &[u8; 8] = b"AWS2MDL1";

/// Errors reading the embedded archive.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The archive does not have the expected layout.
    #[error("the embedded model archive is corrupt: {0}")]
    Corrupt(String),
    /// No entry of that name exists.
    #[error("no model entry named {0}")]
    Missing(String),
}

/// One service of the archive: its botocore model name, its AWS CLI command name and API version.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ServiceEntry {
    /// The botocore data folder name, e.g. `s3`, `config`, `codedeploy`.
    pub model_name: String,
    /// The AWS CLI command name, e.g. `s3api`, `configservice`, `deploy`.
    pub cli_name: String,
    /// The API version whose model is shipped, e.g. `2016-11-15`.
    pub api_version: String,
}

#[derive(serde::Deserialize)]
struct Toc {
    cli_version: String,
    services: Vec<ServiceEntry>,
    entries: HashMap<String, (usize, usize)>,
}

struct Archive {
    toc: Toc,
    blobs: &'static [u8],
}

fn archive() -> Result<&'static Archive, ModelError> {
    static CELL: OnceLock<Result<Archive, String>> = OnceLock::new();
    CELL.get_or_init(|| parse_archive(ARCHIVE))
        .as_ref()
        .map_err(|e| ModelError::Corrupt(e.clone()))
}

fn parse_archive(bytes: &'static [u8]) -> Result<Archive, String> {
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err("bad magic".into());
    }
    let toc_len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    let toc_end = 12usize
        .checked_add(toc_len)
        .filter(|end| *end <= bytes.len())
        .ok_or("table of contents runs past the end")?;
    let toc: Toc = serde_json::from_slice(&bytes[12..toc_end]).map_err(|e| e.to_string())?;
    Ok(Archive {
        toc,
        blobs: &bytes[toc_end..],
    })
}

/// The AWS CLI v2 release whose service data the models are, e.g. `2.36.7`.
pub fn cli_version() -> Result<&'static str, ModelError> {
    Ok(&archive()?.toc.cli_version)
}

/// Every service in the archive, sorted by model name.
pub fn services() -> Result<&'static [ServiceEntry], ModelError> {
    Ok(&archive()?.toc.services)
}

/// Finds a service by its AWS CLI command name (`s3api`, `ec2`, `configservice`, ...).
pub fn service_by_cli_name(cli_name: &str) -> Result<Option<&'static ServiceEntry>, ModelError> {
    Ok(services()?.iter().find(|s| s.cli_name == cli_name))
}

/// Finds a service by its botocore model name (`s3`, `ec2`, `config`, ...).
pub fn service_by_model_name(
    model_name: &str,
) -> Result<Option<&'static ServiceEntry>, ModelError> {
    Ok(services()?.iter().find(|s| s.model_name == model_name))
}

/// Whether an entry exists, without decompressing it.
pub fn has_entry(name: &str) -> bool {
    archive().is_ok_and(|a| a.toc.entries.contains_key(name))
}

/// Decompresses one entry to bytes; `Ok(None)` when the archive has no entry of that name.
pub fn entry_bytes(name: &str) -> Result<Option<Vec<u8>>, ModelError> {
    let archive = archive()?;
    let Some(&(offset, len)) = archive.toc.entries.get(name) else {
        return Ok(None);
    };
    let packed = offset
        .checked_add(len)
        .and_then(|end| archive.blobs.get(offset..end))
        .ok_or_else(|| ModelError::Corrupt(format!("entry {name} runs past the end")))?;
    zstd::stream::decode_all(packed)
        .map(Some)
        .map_err(|e| ModelError::Corrupt(format!("entry {name}: {e}")))
}

/// Decompresses one entry to text; `Ok(None)` when the archive has no entry of that name.
pub fn entry(name: &str) -> Result<Option<String>, ModelError> {
    match entry_bytes(name)? {
        None => Ok(None),
        Some(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ModelError::Corrupt(format!("entry {name} is not UTF-8"))),
    }
}

/// A decompressed `<model>/service` entry: an index of operations and shapes over a body of
/// minified JSON snippets, so that a caller parses only the pieces it uses.
pub struct ServiceBlob {
    text: String,
    body_start: usize,
    index: ServiceIndex,
}

/// The index line of a service entry.
#[derive(serde::Deserialize)]
pub struct ServiceIndex {
    /// The model's `metadata` object, as JSON.
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Operation name to (offset, length) in the body, in model order.
    pub operations: serde_json::Map<String, serde_json::Value>,
    /// Shape name to (offset, length) in the body.
    pub shapes: HashMap<String, (usize, usize)>,
}

impl ServiceBlob {
    /// Loads and indexes the service entry of a botocore model name.
    pub fn load(model_name: &str) -> Result<Self, ModelError> {
        let name = format!("{model_name}/service");
        let text = entry(&name)?.ok_or(ModelError::Missing(name.clone()))?;
        let newline = text
            .find('\n')
            .ok_or_else(|| ModelError::Corrupt(format!("{name}: no index line")))?;
        let index: ServiceIndex = serde_json::from_str(&text[..newline])
            .map_err(|e| ModelError::Corrupt(format!("{name}: {e}")))?;
        Ok(ServiceBlob {
            text,
            body_start: newline + 1,
            index,
        })
    }

    /// The index (metadata, operation and shape names).
    pub fn index(&self) -> &ServiceIndex {
        &self.index
    }

    /// Operation names in model order.
    pub fn operation_names(&self) -> impl Iterator<Item = &str> {
        self.index.operations.keys().map(String::as_str)
    }

    /// The minified JSON of one operation.
    pub fn operation_json(&self, name: &str) -> Option<&str> {
        let span = self.index.operations.get(name)?.as_array()?;
        let (offset, len) = (
            span.first()?.as_u64()? as usize,
            span.get(1)?.as_u64()? as usize,
        );
        self.slice(offset, len)
    }

    /// The minified JSON of one shape.
    pub fn shape_json(&self, name: &str) -> Option<&str> {
        let &(offset, len) = self.index.shapes.get(name)?;
        self.slice(offset, len)
    }

    fn slice(&self, offset: usize, len: usize) -> Option<&str> {
        let start = self.body_start.checked_add(offset)?;
        self.text.get(start..start.checked_add(len)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_lists_services_with_cli_names() {
        let s3 = service_by_model_name("s3").unwrap().unwrap();
        assert_eq!(s3.cli_name, "s3api");
        assert_eq!(
            service_by_cli_name("configservice")
                .unwrap()
                .unwrap()
                .model_name,
            "config"
        );
        assert_eq!(
            service_by_cli_name("deploy").unwrap().unwrap().model_name,
            "codedeploy"
        );
        assert_eq!(
            service_by_cli_name("agent-toolkit")
                .unwrap()
                .unwrap()
                .model_name,
            "agenttoolkit"
        );
        assert!(service_by_cli_name("agenttoolkit").unwrap().is_none());
        assert!(services().unwrap().len() > 400);
        assert_eq!(cli_version().unwrap(), "2.36.7");
    }

    #[test]
    fn service_blob_slices_operations_and_shapes() {
        let blob = ServiceBlob::load("ec2").unwrap();
        let op: serde_json::Value =
            serde_json::from_str(blob.operation_json("RunInstances").unwrap()).unwrap();
        assert_eq!(op["input"]["shape"], "RunInstancesRequest");
        let shape: serde_json::Value =
            serde_json::from_str(blob.shape_json("RunInstancesRequest").unwrap()).unwrap();
        assert_eq!(shape["type"], "structure");
        assert_eq!(blob.index().metadata["protocol"], "ec2");
        assert!(entry("_global/partitions").unwrap().is_some());
        assert!(entry("_global/endpoints").unwrap().is_some());
        assert!(entry("ec2/completions").unwrap().is_some());
        assert!(entry("nope/service").unwrap().is_none());
    }
}
