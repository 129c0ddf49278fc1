//! The typed service model, loaded lazily: a service's index is read when the service is
//! named, an operation or shape is parsed when it is first used.

mod names;
mod operation;
mod shape;

pub use names::{cli_name, xform_name};
pub use operation::{EndpointTrait, HttpTrait, Metadata, Operation};
pub use shape::{ContextParam, ErrorTrait, Location, Shape, ShapeRef, ShapeType, XmlNamespace};

use aws2_models::ServiceBlob;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Errors loading or navigating a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The archive could not be read.
    #[error(transparent)]
    Archive(#[from] aws2_models::ModelError),
    /// No service of that name.
    #[error("unknown service: {0}")]
    UnknownService(String),
    /// No operation of that name.
    #[error("unknown operation {operation} of service {service}")]
    UnknownOperation {
        /// The service.
        service: String,
        /// The operation name asked for.
        operation: String,
    },
    /// A shape reference names no shape.
    #[error("shape {shape} not found in the model of {service}")]
    UnknownShape {
        /// The service.
        service: String,
        /// The missing shape.
        shape: String,
    },
    /// A piece of the model is not valid JSON of the expected form.
    #[error("invalid model entry {name}: {source}")]
    Invalid {
        /// The operation or shape.
        name: String,
        /// The parse error.
        source: serde_json::Error,
    },
}

enum Source {
    Archive(ServiceBlob),
    Json {
        operations: serde_json::Map<String, Json>,
        shapes: serde_json::Map<String, Json>,
    },
}

/// A service model. Operations and shapes are parsed on first use and cached.
pub struct Service {
    model_name: String,
    metadata: Metadata,
    source: Source,
    operations: Mutex<HashMap<String, Arc<Operation>>>,
    shapes: Mutex<HashMap<String, Arc<Shape>>>,
    /// The exception shape names, found on first use.
    exceptions: std::sync::OnceLock<Vec<String>>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("model_name", &self.model_name)
            .finish()
    }
}

impl Service {
    /// Loads a service by its botocore model name (`ec2`, `s3`, `config`).
    pub fn load(model_name: &str) -> Result<Service, ModelError> {
        if aws2_models::service_by_model_name(model_name)?.is_none() {
            return Err(ModelError::UnknownService(model_name.to_owned()));
        }
        let blob = ServiceBlob::load(model_name)?;
        let metadata = Metadata::deserialize_map(&blob.index().metadata, model_name)?;
        Ok(Service {
            model_name: model_name.to_owned(),
            metadata,
            source: Source::Archive(blob),
            operations: Mutex::default(),
            shapes: Mutex::default(),
            exceptions: std::sync::OnceLock::new(),
        })
    }

    /// Loads a service by its AWS CLI command name (`s3api`, `ec2`, `configservice`).
    pub fn load_by_cli_name(cli_name: &str) -> Result<Service, ModelError> {
        let entry = aws2_models::service_by_cli_name(cli_name)?
            .ok_or_else(|| ModelError::UnknownService(cli_name.to_owned()))?;
        Service::load(&entry.model_name)
    }

    /// Builds a service from model JSON pieces (used for protocol test suites): `metadata`,
    /// `operations` (name → operation JSON) and `shapes` (name → shape JSON).
    pub fn from_json(
        model_name: &str,
        metadata: &Json,
        operations: serde_json::Map<String, Json>,
        shapes: serde_json::Map<String, Json>,
    ) -> Result<Service, ModelError> {
        let metadata = match metadata.as_object() {
            Some(map) => Metadata::deserialize_map(map, model_name)?,
            None => Metadata::default(),
        };
        Ok(Service {
            model_name: model_name.to_owned(),
            metadata,
            source: Source::Json { operations, shapes },
            operations: Mutex::default(),
            shapes: Mutex::default(),
            exceptions: std::sync::OnceLock::new(),
        })
    }

    /// The botocore model name.
    pub fn model_name(&self) -> &str {
        &self.model_name
    }

    /// The service metadata.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// Operation model names, in model order.
    pub fn operation_names(&self) -> Vec<String> {
        match &self.source {
            Source::Archive(blob) => blob.operation_names().map(str::to_owned).collect(),
            Source::Json { operations, .. } => operations.keys().cloned().collect(),
        }
    }

    /// All shape names (unordered).
    pub fn shape_names(&self) -> Vec<String> {
        match &self.source {
            Source::Archive(blob) => blob.index().shapes.keys().cloned().collect(),
            Source::Json { shapes, .. } => shapes.keys().cloned().collect(),
        }
    }

    /// Names of the exception shapes, found without parsing the other shapes (once per
    /// service: every unmodeled error code of a call would look again).
    pub fn exception_shape_names(&self) -> &[String] {
        self.exceptions
            .get_or_init(|| self.find_exception_shape_names())
    }

    fn find_exception_shape_names(&self) -> Vec<String> {
        match &self.source {
            Source::Archive(blob) => blob
                .index()
                .shapes
                .keys()
                .filter(|n| {
                    blob.shape_json(n)
                        .is_some_and(|j| j.contains("\"exception\":true"))
                })
                .cloned()
                .collect(),
            Source::Json { shapes, .. } => shapes
                .iter()
                .filter(|(_, v)| v.get("exception").and_then(Json::as_bool) == Some(true))
                .map(|(k, _)| k.clone())
                .collect(),
        }
    }

    /// Finds an operation by its CLI name (`describe-instances`).
    pub fn operation_by_cli_name(&self, cli: &str) -> Result<Option<Arc<Operation>>, ModelError> {
        // The transform only inserts separators and lowercases, so a cheap comparison of the
        // letters rules out almost every name before the full transform runs.
        let letters: String = cli.chars().filter(|c| *c != '-').collect();
        match self
            .operation_names()
            .into_iter()
            .filter(|n| n.eq_ignore_ascii_case(&letters))
            .find(|n| cli_name(n) == cli)
        {
            Some(name) => self.operation(&name).map(Some),
            None => Ok(None),
        }
    }

    /// An operation by model name (`DescribeInstances`).
    pub fn operation(&self, name: &str) -> Result<Arc<Operation>, ModelError> {
        let mut cache = self.operations.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(op) = cache.get(name) {
            return Ok(op.clone());
        }
        let unknown = || ModelError::UnknownOperation {
            service: self.model_name.clone(),
            operation: name.to_owned(),
        };
        let invalid = |source| ModelError::Invalid {
            name: name.to_owned(),
            source,
        };
        let op = match &self.source {
            Source::Archive(blob) => {
                Operation::from_json(name, blob.operation_json(name).ok_or_else(unknown)?)
                    .map_err(invalid)?
            }
            Source::Json { operations, .. } => {
                Operation::from_value(name, operations.get(name).ok_or_else(unknown)?)
                    .map_err(invalid)?
            }
        };
        let op = Arc::new(op);
        cache.insert(name.to_owned(), op.clone());
        Ok(op)
    }

    /// A shape by name.
    pub fn shape(&self, name: &str) -> Result<Arc<Shape>, ModelError> {
        let mut cache = self.shapes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(shape) = cache.get(name) {
            return Ok(shape.clone());
        }
        let unknown = || ModelError::UnknownShape {
            service: self.model_name.clone(),
            shape: name.to_owned(),
        };
        let invalid = |source| ModelError::Invalid {
            name: name.to_owned(),
            source,
        };
        let shape = match &self.source {
            Source::Archive(blob) => {
                Shape::from_json(name, blob.shape_json(name).ok_or_else(unknown)?)
                    .map_err(invalid)?
            }
            Source::Json { shapes, .. } => {
                Shape::from_value(name, shapes.get(name).ok_or_else(unknown)?).map_err(invalid)?
            }
        };
        let shape = Arc::new(shape);
        cache.insert(name.to_owned(), shape.clone());
        Ok(shape)
    }

    /// The shape a reference points at.
    pub fn resolve(&self, shape_ref: &ShapeRef) -> Result<Arc<Shape>, ModelError> {
        self.shape(&shape_ref.shape)
    }

    /// Parses every shape reachable from an operation (input, output, errors), returning how
    /// many distinct shapes it visited. Fails on the first dangling reference.
    pub fn load_operation_shapes(&self, operation: &Operation) -> Result<usize, ModelError> {
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<String> = operation
            .input
            .iter()
            .chain(operation.output.iter())
            .chain(operation.errors.iter())
            .map(|r| r.shape.clone())
            .collect();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let shape = self.shape(&name)?;
            stack.extend(shape.members.values().map(|m| m.shape.clone()));
            for r in [&shape.member, &shape.key, &shape.value]
                .into_iter()
                .flatten()
            {
                stack.push(r.shape.clone());
            }
        }
        Ok(seen.len())
    }
}

impl Metadata {
    fn deserialize_map(
        map: &serde_json::Map<String, Json>,
        model_name: &str,
    ) -> Result<Metadata, ModelError> {
        use serde::Deserialize;
        Metadata::deserialize(Json::Object(map.clone())).map_err(|source| ModelError::Invalid {
            name: format!("{model_name} metadata"),
            source,
        })
    }
}
