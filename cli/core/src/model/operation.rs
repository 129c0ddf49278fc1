//! Operations and service metadata.

use super::shape::ShapeRef;
use serde::Deserialize;
use serde_json::Value as Json;

/// The `http` trait of an operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpTrait {
    /// HTTP method.
    #[serde(default = "default_method")]
    pub method: String,
    /// Request URI template with `{Label}` and `{Label+}` placeholders and optional query.
    #[serde(default = "default_request_uri")]
    pub request_uri: String,
    /// The success status code.
    pub response_code: Option<u16>,
}

fn default_method() -> String {
    "POST".into()
}

fn default_request_uri() -> String {
    "/".into()
}

impl Default for HttpTrait {
    fn default() -> Self {
        HttpTrait {
            method: "POST".into(),
            request_uri: "/".into(),
            response_code: None,
        }
    }
}

/// The `endpoint` trait: a host prefix template such as `{AccountId}.`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointTrait {
    /// The host prefix template.
    pub host_prefix: String,
}

/// An operation of a service model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The operation's model name, e.g. `RunInstances` (filled in by the loader).
    #[serde(default)]
    pub name: String,
    /// HTTP binding.
    #[serde(default)]
    pub http: HttpTrait,
    /// Input shape.
    pub input: Option<ShapeRef>,
    /// Output shape.
    pub output: Option<ShapeRef>,
    /// Error shapes.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// Host prefix.
    pub endpoint: Option<EndpointTrait>,
    /// Legacy auth type (`none`, `v4`, `v4-unsigned-body`, `bearer`).
    pub authtype: Option<String>,
    /// Auth schemes in order of preference (`aws.auth#sigv4`, `smithy.api#noAuth`, ...).
    pub auth: Option<Vec<String>>,
    /// Whether the operation is idempotent.
    #[serde(default)]
    pub idempotent: bool,
    /// Deprecated operation.
    #[serde(default)]
    pub deprecated: bool,
    /// The `httpChecksumRequired` trait (send Content-MD5 or a checksum).
    #[serde(default)]
    pub http_checksum_required: bool,
    /// The `httpChecksum` trait, raw.
    pub http_checksum: Option<Json>,
    /// Static endpoint rule parameters.
    pub static_context_params: Option<Json>,
    /// Endpoint rule parameters bound by JMESPath over the input.
    pub operation_context_params: Option<Json>,
    /// The `requestcompression` trait, raw.
    pub requestcompression: Option<Json>,
    /// The `unsignedPayload` trait.
    #[serde(default)]
    pub unsigned_payload: bool,
}

impl Operation {
    /// Parses one operation from its model JSON.
    pub fn from_json(name: &str, json: &str) -> Result<Operation, serde_json::Error> {
        let mut op: Operation = serde_json::from_str(json)?;
        op.name = name.to_owned();
        Ok(op)
    }

    /// Parses one operation from an already parsed JSON value.
    pub fn from_value(name: &str, json: &Json) -> Result<Operation, serde_json::Error> {
        let mut op = Operation::deserialize(json)?;
        op.name = name.to_owned();
        Ok(op)
    }
}

/// A service model's `metadata`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// The wire protocol: `query`, `ec2`, `json`, `rest-json`, `rest-xml`, `smithy-rpc-v2-cbor`.
    #[serde(default)]
    pub protocol: String,
    /// Protocols the service supports, in order of preference.
    #[serde(default)]
    pub protocols: Vec<String>,
    /// API version.
    #[serde(default)]
    pub api_version: String,
    /// Endpoint prefix (legacy endpoint resolution).
    #[serde(default)]
    pub endpoint_prefix: String,
    /// JSON protocol version (`1.0`, `1.1`).
    pub json_version: Option<String>,
    /// JSON protocol target prefix (`X-Amz-Target: <prefix>.<Operation>`).
    pub target_prefix: Option<String>,
    /// Signature version (`v4`, `s3`, `s3v4`, `bearer`).
    pub signature_version: Option<String>,
    /// SigV4 signing name when it differs from the endpoint prefix.
    pub signing_name: Option<String>,
    /// The service id, e.g. `EC2` (used for `AWS_ENDPOINT_URL_<ID>` and config sections).
    #[serde(default)]
    pub service_id: String,
    /// Full service name.
    #[serde(default)]
    pub service_full_name: String,
    /// Abbreviated name.
    pub service_abbreviation: Option<String>,
    /// Unique id of the model.
    pub uid: Option<String>,
    /// XML namespace of query-protocol responses.
    pub xml_namespace: Option<String>,
    /// Whether error codes follow the query protocol (`awsQueryCompatible`).
    pub aws_query_compatible: Option<Json>,
    /// Auth schemes of the service.
    pub auth: Option<Vec<String>>,
    /// Checksum format.
    pub checksum_format: Option<String>,
    /// Smithy service target (`smithy-rpc-v2-cbor`).
    pub target_prefix_cbor: Option<String>,
}

impl Metadata {
    /// The name used in SigV4 credential scopes.
    pub fn signing_name(&self) -> &str {
        self.signing_name
            .as_deref()
            .unwrap_or(&self.endpoint_prefix)
    }

    /// Whether error codes follow the query protocol's `Code` values.
    pub fn is_query_compatible(&self) -> bool {
        self.aws_query_compatible.is_some()
    }
}
