//! Uploads artifacts to S3 as the AWS CLI v2's `S3Uploader`: each object is named by the
//! MD5 of its bytes (with an extension for templates), under `--s3-prefix`, and is not sent
//! again when an object of that name exists (unless `--force-upload`); uploads are
//! encrypted (AES256, or the KMS key given) and carry `--metadata`.

use crate::call_error::call_error;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_client::Client;
use aws2_core::Value;
use indexmap::IndexMap;
use md5::{Digest, Md5};
use std::io::Write;
use std::sync::Arc;

/// Where and how artifacts are uploaded.
pub struct Uploader {
    client: Client,
    service: Arc<aws2_core::Service>,
    bucket: String,
    prefix: Option<String>,
    kms_key_id: Option<String>,
    force: bool,
    metadata: Option<IndexMap<String, String>>,
}

/// The options that shape the uploads.
pub struct UploadOptions<'a> {
    /// `--s3-bucket`.
    pub bucket: &'a str,
    /// `--s3-prefix`.
    pub prefix: Option<&'a str>,
    /// `--kms-key-id`.
    pub kms_key_id: Option<&'a str>,
    /// `--force-upload`.
    pub force: bool,
    /// `--metadata`.
    pub metadata: Option<IndexMap<String, String>>,
}

impl Uploader {
    /// An uploader with an S3 client of its own, which (as v2's) does not take
    /// `--endpoint-url`, only the configured S3 endpoint.
    pub fn new(globals: &GlobalOptions, options: UploadOptions<'_>) -> Result<Uploader, CliError> {
        let mut globals = globals.clone();
        globals.endpoint_url = None;
        let config = session::config_session(&globals);
        let service = Arc::new(aws2_core::Service::load("s3")?);
        let client = session::client(&globals, &config, service.clone())?;
        Ok(Uploader {
            client,
            service,
            bucket: options.bucket.to_owned(),
            prefix: options.prefix.map(str::to_owned),
            kms_key_id: options.kms_key_id.filter(|k| !k.is_empty()).map(str::to_owned),
            force: options.force,
            metadata: options.metadata,
        })
    }

    /// Uploads `data` under the name its MD5 gives (`upload_with_dedup`); its `s3://` URL.
    pub fn upload_with_dedup(&self, data: &[u8], extension: Option<&str>) -> Result<String, CliError> {
        let mut name = format!("{:x}", Md5::digest(data));
        if let Some(ext) = extension {
            name = format!("{name}.{ext}");
        }
        self.upload(data, &name)
    }

    fn upload(&self, data: &[u8], name: &str) -> Result<String, CliError> {
        let key = match self.prefix.as_deref() {
            Some(prefix) if !prefix.is_empty() => format!("{prefix}/{name}"),
            _ => name.to_owned(),
        };
        if !self.force && self.exists(&key) {
            return Ok(self.make_url(&key));
        }
        let text = |s: &str| Value::String(s.to_owned());
        let mut input = IndexMap::new();
        input.insert("Bucket".to_owned(), text(&self.bucket));
        input.insert("Key".to_owned(), text(&key));
        input.insert("Body".to_owned(), Value::Blob(data.to_vec()));
        match &self.kms_key_id {
            Some(kms) => {
                input.insert("ServerSideEncryption".to_owned(), text("aws:kms"));
                input.insert("SSEKMSKeyId".to_owned(), text(kms));
            }
            None => {
                input.insert("ServerSideEncryption".to_owned(), text("AES256"));
            }
        }
        if let Some(metadata) = self.metadata.as_ref().filter(|m| !m.is_empty()) {
            let map = metadata
                .iter()
                .map(|(k, v)| (k.clone(), text(v)))
                .collect();
            input.insert("Metadata".to_owned(), Value::Map(map));
        }
        let op = self.service.operation("PutObject")?;
        let result = self.client.call(&op, &Value::Map(input));
        // The body was sent whenever the service answered, as v2's progress shows.
        let answered = !matches!(&result, Err(e) if !matches!(e, aws2_client::CallError::Service { .. }));
        if answered && !data.is_empty() {
            let size = data.len();
            let mut err = std::io::stderr();
            let _ = write!(err, "\rUploading to {key}  {size} / {size}.0  (100.00%)");
            let _ = err.flush();
        }
        match result {
            Ok(_) => {}
            Err(aws2_client::CallError::Service { error, .. }) if error.code == "NoSuchBucket" => {
                return Err(CliError::other(format!(
                    "S3 Bucket does not exist. Execute the command to create a new bucket\n\
                     aws s3 mb s3://{}",
                    self.bucket
                )));
            }
            Err(e) => return Err(call_error(e)),
        }
        Ok(self.make_url(&key))
    }

    /// Whether an object named `key` exists (`HeadObject` answers).
    fn exists(&self, key: &str) -> bool {
        let Ok(op) = self.service.operation("HeadObject") else {
            return false;
        };
        let mut input = IndexMap::new();
        input.insert("Bucket".to_owned(), Value::String(self.bucket.clone()));
        input.insert("Key".to_owned(), Value::String(key.to_owned()));
        self.client.call(&op, &Value::Map(input)).is_ok()
    }

    fn make_url(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }

    /// The path-style HTTPS URL of an object (`to_path_style_s3_url`), which
    /// `TemplateURL` needs.
    pub fn path_style_url(&self, key: &str, version: Option<&str>) -> Result<String, CliError> {
        let op = self.service.operation("PutObject")?;
        let base = self.client.endpoint_url(&op).map_err(call_error)?;
        let mut url = format!("{base}/{}/{key}", self.bucket);
        if let Some(v) = version {
            url = format!("{url}?versionId={v}");
        }
        Ok(url)
    }
}
