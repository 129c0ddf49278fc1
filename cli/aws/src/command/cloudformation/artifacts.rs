//! The artifacts a template refers to, as the AWS CLI v2's `artifact_exporter` finds them:
//! for each resource type, the property that may name a local file or folder, which is
//! uploaded (folders and, where the type needs it, single files zipped) and replaced by its
//! S3 location; nested stacks are packaged in turn and replaced by their template's URL.

use super::template::{self, Node};
use super::uploader::Uploader;
use super::zip;
use crate::error::CliError;
use std::path::{Component, Path, PathBuf};

/// How a property's S3 location is written.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    /// An `s3://bucket/key` URL.
    Url,
    /// A mapping of the bucket, key and (optionally) version properties.
    Dict(&'static str, &'static str, Option<&'static str>),
    /// A nested template, packaged in turn, as a path-style HTTPS URL.
    Stack,
}

/// One exportable property of a resource type.
struct Exporter {
    resource_type: &'static str,
    property: &'static str,
    /// Whether a missing property means the template's folder.
    package_null: bool,
    /// Whether a single file is zipped before upload.
    force_zip: bool,
    form: Form,
}

const fn url(t: &'static str, p: &'static str, null: bool, zip: bool) -> Exporter {
    Exporter {
        resource_type: t,
        property: p,
        package_null: null,
        force_zip: zip,
        form: Form::Url,
    }
}

const fn dict(
    t: &'static str,
    p: &'static str,
    null: bool,
    zip: bool,
    names: (&'static str, &'static str, Option<&'static str>),
) -> Exporter {
    Exporter {
        resource_type: t,
        property: p,
        package_null: null,
        force_zip: zip,
        form: Form::Dict(names.0, names.1, names.2),
    }
}

const fn stack(t: &'static str, p: &'static str) -> Exporter {
    Exporter {
        resource_type: t,
        property: p,
        package_null: true,
        force_zip: false,
        form: Form::Stack,
    }
}

const BUCKET_KEY_VERSION: (&str, &str, Option<&str>) = ("Bucket", "Key", Some("Version"));
const S3_OBJECT: (&str, &str, Option<&str>) = ("S3Bucket", "S3Key", Some("S3ObjectVersion"));

/// The resource properties, in v2's order.
const RESOURCES: &[Exporter] = &[
    url("AWS::Serverless::Function", "CodeUri", true, true),
    url("AWS::Serverless::Api", "DefinitionUri", false, false),
    url("AWS::AppSync::GraphQLSchema", "DefinitionS3Location", false, false),
    url("AWS::AppSync::Resolver", "RequestMappingTemplateS3Location", false, false),
    url("AWS::AppSync::Resolver", "ResponseMappingTemplateS3Location", false, false),
    url("AWS::AppSync::FunctionConfiguration", "RequestMappingTemplateS3Location", false, false),
    url("AWS::AppSync::FunctionConfiguration", "ResponseMappingTemplateS3Location", false, false),
    dict("AWS::ApiGateway::RestApi", "BodyS3Location", false, false, BUCKET_KEY_VERSION),
    dict("AWS::Lambda::Function", "Code", true, true, S3_OBJECT),
    dict(
        "AWS::ElasticBeanstalk::ApplicationVersion",
        "SourceBundle",
        true,
        false,
        ("S3Bucket", "S3Key", None),
    ),
    stack("AWS::CloudFormation::Stack", "TemplateURL"),
    stack("AWS::Serverless::Application", "Location"),
    url("AWS::Serverless::LayerVersion", "ContentUri", true, true),
    dict("AWS::Lambda::LayerVersion", "Content", true, true, S3_OBJECT),
    url("AWS::Glue::Job", "Command.ScriptLocation", true, false),
    dict("AWS::StepFunctions::StateMachine", "DefinitionS3Location", false, false, BUCKET_KEY_VERSION),
    dict("AWS::Serverless::StateMachine", "DefinitionUri", false, false, BUCKET_KEY_VERSION),
    dict(
        "AWS::CodeCommit::Repository",
        "Code.S3",
        false,
        true,
        ("Bucket", "Key", Some("ObjectVersion")),
    ),
];

/// The metadata entries, in v2's order.
const METADATA: &[Exporter] = &[
    url("AWS::ServerlessRepo::Application", "ReadmeUrl", false, false),
    url("AWS::ServerlessRepo::Application", "LicenseUrl", false, false),
];

/// Reads the template at `path` (relative to `parent`) and exports its artifacts.
pub fn export_template(path: &str, parent: &Path, uploader: &Uploader) -> Result<Node, CliError> {
    let full = abs_path(parent, path);
    let text = std::fs::read_to_string(&full).map_err(|e| CliError::other(e.to_string()))?;
    let mut doc = template::parse(&text).map_err(CliError::other)?;
    let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
    export(&mut doc, &dir, uploader)?;
    Ok(doc)
}

fn export(doc: &mut Node, dir: &Path, uploader: &Uploader) -> Result<(), CliError> {
    if let Some(Node::Map(entries)) = get_mut(doc, "Metadata") {
        for (kind, value) in entries.iter_mut() {
            let Node::Str(kind) = kind else { continue };
            for e in METADATA.iter().filter(|e| e.resource_type == kind) {
                e.export(kind, Some(value), dir, uploader)?;
            }
        }
    }
    if doc.get("Resources").is_none() {
        return Ok(());
    }
    export_global(doc, dir, uploader)?;
    if let Some(resources) = get_mut(doc, "Resources") {
        export_resources(resources, dir, uploader)?;
    }
    Ok(())
}

/// `AWS::Include` transforms anywhere in the template.
fn export_global(node: &mut Node, dir: &Path, uploader: &Uploader) -> Result<(), CliError> {
    if let Node::Map(entries) = node {
        {
            for (key, value) in entries.iter_mut() {
                if matches!(key, Node::Str(k) if k == "Fn::Transform") {
                    include(value, dir, uploader)?;
                } else if matches!(value, Node::Map(_)) {
                    export_global(value, dir, uploader)?;
                } else if let Node::Seq(items) = value {
                    for item in items.iter_mut().filter(|i| matches!(i, Node::Map(_))) {
                        export_global(item, dir, uploader)?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn include(transform: &mut Node, dir: &Path, uploader: &Uploader) -> Result<(), CliError> {
    if !matches!(transform.get("Name"), Some(Node::Str(n)) if n == "AWS::Include") {
        return Ok(());
    }
    let location = match transform.get("Parameters").and_then(|p| p.get("Location")) {
        Some(Node::Str(l)) if !l.is_empty() && parse_s3_url(l).is_none() => l.clone(),
        _ => return Ok(()),
    };
    let full = dir.join(&location);
    if !full.is_file() {
        return Err(CliError::other(format!(
            "Parameter Location of resource AWS::Include refers to a file or folder that does \
             not exist {}",
            full.display()
        )));
    }
    let data = std::fs::read(&full).map_err(|e| CliError::other(e.to_string()))?;
    let url = uploader.upload_with_dedup(&data, None)?;
    if let Some(params) = get_mut(transform, "Parameters") {
        params.set("Location", Node::Str(url));
    }
    Ok(())
}

fn export_resources(resources: &mut Node, dir: &Path, uploader: &Uploader) -> Result<(), CliError> {
    let Node::Map(entries) = resources else {
        return Ok(());
    };
    for (id, resource) in entries.iter_mut() {
        let id = py_str(id);
        if id.starts_with("Fn::ForEach::") {
            match resource {
                Node::Seq(items) if items.len() == 3 => {
                    export_resources(&mut items[2], dir, uploader)?;
                    continue;
                }
                _ => {
                    return Err(CliError::other(format!(
                        "The value of {id} has an invalid \"Fn::ForEach::\" format: Must be a \
                         list of three entries"
                    )))
                }
            }
        }
        let Some(Node::Str(kind)) = resource.get("Type").cloned() else {
            continue;
        };
        for e in RESOURCES.iter().filter(|e| e.resource_type == kind) {
            e.export(&id, get_mut(resource, "Properties"), dir, uploader)?;
        }
    }
    Ok(())
}

impl Exporter {
    /// `Resource.export`: uploads the property's artifact, failures named after it.
    fn export(
        &self,
        id: &str,
        props: Option<&mut Node>,
        dir: &Path,
        uploader: &Uploader,
    ) -> Result<(), CliError> {
        let Some(props) = props.filter(|p| **p != Node::Null) else {
            return Ok(());
        };
        let value = get_path(props, self.property).cloned();
        if !truthy(value.as_ref()) && !self.package_null {
            return Ok(());
        }
        if matches!(value, Some(Node::Map(_))) {
            return Ok(());
        }
        let mut temp = None;
        if let Some(Node::Str(path)) = &value {
            let p = Path::new(path);
            if self.force_zip && p.is_file() && !zip::is_zip_file(p) {
                let t = copy_to_temp_dir(p).map_err(|e| CliError::other(e.to_string()))?;
                set_path(props, self.property, Node::Str(t.path().to_string_lossy().into()));
                temp = Some(t);
            }
        }
        let result = self.do_export(id, props, dir, uploader);
        drop(temp);
        result.map_err(|e| {
            CliError::other(format!(
                "Unable to upload artifact {} referenced by {} parameter of {id} resource.\n{}",
                value.as_ref().map(py_str).unwrap_or_else(|| "None".into()),
                self.property,
                error_text(&e)
            ))
        })
    }

    fn do_export(&self, id: &str, props: &mut Node, dir: &Path, uploader: &Uploader) -> Result<(), CliError> {
        let (bucket, key, version) = match self.form {
            Form::Stack => return self.export_stack(id, props, dir, uploader),
            Form::Url => {
                let url = self.upload_local(id, props, dir, uploader)?;
                set_path(props, self.property, Node::Str(url));
                return Ok(());
            }
            Form::Dict(b, k, v) => (b, k, v),
        };
        let url = self.upload_local(id, props, dir, uploader)?;
        let parts = parse_s3_url(&url)
            .ok_or_else(|| CliError::other(format!("URL given to the parse method is not a valid S3 url {url}")))?;
        let mut entries = vec![
            (Node::str(bucket), Node::Str(parts.bucket)),
            (Node::str(key), Node::Str(parts.key)),
        ];
        if let (Some(name), Some(v)) = (version, parts.version) {
            entries.push((Node::str(name), Node::Str(v)));
        }
        set_path(props, self.property, Node::Map(entries));
        Ok(())
    }

    /// `upload_local_artifacts`: the S3 URL of the property's file or folder.
    fn upload_local(&self, id: &str, props: &Node, dir: &Path, uploader: &Uploader) -> Result<String, CliError> {
        let local = match get_path(props, self.property) {
            None | Some(Node::Null) => Node::Str(dir.to_string_lossy().into_owned()),
            Some(v) => v.clone(),
        };
        if let Node::Str(s) = &local {
            if parse_s3_url(s).is_some() {
                return Ok(s.clone());
            }
            let full = abs_path(dir, s);
            if full.is_dir() {
                let data = zip::zip_folder(&full).map_err(|e| CliError::other(e.to_string()))?;
                return uploader.upload_with_dedup(&data, None);
            }
            if full.is_file() {
                let data = std::fs::read(&full).map_err(|e| CliError::other(e.to_string()))?;
                return uploader.upload_with_dedup(&data, None);
            }
            return Err(missing(id, self.property, &full.to_string_lossy()));
        }
        Err(missing(id, self.property, &py_str(&local)))
    }

    /// A nested stack's template, exported and uploaded in turn.
    fn export_stack(&self, id: &str, props: &mut Node, dir: &Path, uploader: &Uploader) -> Result<(), CliError> {
        let path = match props.get(self.property) {
            Some(Node::Str(p)) => p.clone(),
            _ => return Ok(()),
        };
        if parse_s3_url(&path).is_some() || path.starts_with("http://") || path.starts_with("https://") {
            return Ok(());
        }
        let full = abs_path(dir, &path);
        if !full.is_file() {
            return Err(CliError::other(format!(
                "{} parameter of {id} resource is invalid. It must be a S3 URL or path to \
                 CloudFormation template file. Actual: {}",
                self.property,
                full.display()
            )));
        }
        let nested = export_template(&path, dir, uploader)?;
        let text = template::to_yaml(&nested);
        let url = uploader.upload_with_dedup(text.as_bytes(), Some("template"))?;
        let parts = parse_s3_url(&url).unwrap_or_default();
        let https = uploader.path_style_url(&parts.key, parts.version.as_deref())?;
        set_path(props, self.property, Node::Str(https));
        Ok(())
    }
}

fn missing(id: &str, property: &str, path: &str) -> CliError {
    CliError::other(format!(
        "Parameter {property} of resource {id} refers to a file or folder that does not exist {path}"
    ))
}

/// The text an error's `str()` gives in v2's messages.
pub fn error_text(e: &CliError) -> String {
    match e {
        CliError::Service {
            code,
            operation,
            message,
            ..
        } => format!("An error occurred ({code}) when calling the {operation} operation: {message}"),
        CliError::Other(m) | CliError::Validation(m) | CliError::Configuration(m) => m.clone(),
        other => format!("{other:?}"),
    }
}

/// A template's value as Python's `str()` writes it in messages.
fn py_str(node: &Node) -> String {
    match node {
        Node::Str(s) | Node::Plain(s) | Node::Int(s) => s.clone(),
        Node::Null => "None".into(),
        Node::Bool(b) => if *b { "True" } else { "False" }.into(),
        other => template::to_json(other).unwrap_or_default().replace('\n', ""),
    }
}

fn truthy(node: Option<&Node>) -> bool {
    match node {
        None | Some(Node::Null) | Some(Node::Bool(false)) => false,
        Some(Node::Str(s)) => !s.is_empty(),
        Some(Node::Seq(v)) => !v.is_empty(),
        Some(Node::Map(v)) => !v.is_empty(),
        Some(Node::Int(i)) => i != "0",
        Some(Node::Float(f)) => *f != 0.0,
        _ => true,
    }
}

/// `os.path.normpath(os.path.join(dir, path))` for a relative path; an absolute one as is.
fn abs_path(dir: &Path, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    let mut out = PathBuf::new();
    for c in dir.join(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn copy_to_temp_dir(file: &Path) -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::tempdir()?;
    let name = file.file_name().unwrap_or_default();
    std::fs::copy(file, dir.path().join(name))?;
    Ok(dir)
}

/// The parts of an `s3://bucket/key?versionId=v` URL.
#[derive(Default)]
pub struct S3Url {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The `versionId` query parameter.
    pub version: Option<String>,
}

/// `parse_s3_url`: `None` when `url` is not an S3 URL with a bucket and a path.
pub fn parse_s3_url(url: &str) -> Option<S3Url> {
    let rest = url.strip_prefix("s3://")?;
    let rest = rest.split('#').next().unwrap_or("");
    let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (bucket, path) = location.split_at(location.find('/')?);
    if bucket.is_empty() || path.is_empty() {
        return None;
    }
    let versions: Vec<&str> = query
        .split('&')
        .filter_map(|p| p.strip_prefix("versionId="))
        .filter(|v| !v.is_empty())
        .collect();
    Some(S3Url {
        bucket: bucket.to_owned(),
        key: path.trim_start_matches('/').to_owned(),
        version: (versions.len() == 1).then(|| versions[0].to_owned()),
    })
}

fn get_mut<'a>(node: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    match node {
        Node::Map(entries) => entries
            .iter_mut()
            .find(|(k, _)| matches!(k, Node::Str(s) if s == key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The value at a dotted property path (`Command.ScriptLocation`).
fn get_path<'a>(node: &'a Node, path: &str) -> Option<&'a Node> {
    path.split('.').try_fold(node, |n, key| n.get(key))
}

/// Sets the value at a dotted property path, making the mappings on the way.
fn set_path(node: &mut Node, path: &str, value: Node) {
    match path.split_once('.') {
        None => node.set(path, value),
        Some((first, rest)) => {
            if !matches!(node.get(first), Some(Node::Map(_))) {
                node.set(first, Node::Map(Vec::new()));
            }
            if let Some(child) = get_mut(node, first) {
                set_path(child, rest, value);
            }
        }
    }
}
