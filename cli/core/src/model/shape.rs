//! Shapes and shape references, as the botocore model JSON defines them.

use serde::Deserialize;
use serde_json::Value as Json;

/// The type of a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeType {
    /// A structure of named members.
    Structure,
    /// A list of one member shape.
    List,
    /// A map of key shape to value shape.
    Map,
    /// UTF-8 text (possibly an enum); the legacy `character` type reads as text too.
    #[serde(alias = "character")]
    String,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    Long,
    /// 16-bit integer.
    Short,
    /// 8-bit integer.
    Byte,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// Arbitrary precision decimal, treated as a double.
    BigDecimal,
    /// Arbitrary precision integer, treated as a long.
    BigInteger,
    /// true / false.
    Boolean,
    /// A point in time.
    Timestamp,
    /// Raw bytes.
    Blob,
}

impl ShapeType {
    /// Whether values of this type are numbers without a fractional part.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            ShapeType::Integer
                | ShapeType::Long
                | ShapeType::Short
                | ShapeType::Byte
                | ShapeType::BigInteger
        )
    }

    /// Whether values of this type are floating-point numbers.
    pub fn is_float(self) -> bool {
        matches!(
            self,
            ShapeType::Float | ShapeType::Double | ShapeType::BigDecimal
        )
    }

    /// Whether this type holds no other shapes.
    pub fn is_scalar(self) -> bool {
        !matches!(
            self,
            ShapeType::Structure | ShapeType::List | ShapeType::Map
        )
    }
}

/// The `xmlNamespace` trait: a namespace URI with an optional prefix.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct XmlNamespace {
    /// The namespace URI.
    pub uri: String,
    /// The prefix (`xmlns:<prefix>`), if any.
    pub prefix: Option<String>,
}

impl<'de> Deserialize<'de> for XmlNamespace {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Uri(String),
            Full { uri: String, prefix: Option<String> },
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Uri(uri) => XmlNamespace { uri, prefix: None },
            Raw::Full { uri, prefix } => XmlNamespace { uri, prefix },
        })
    }
}

/// Where a member is bound in an HTTP message (rest protocols).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A path label of the request URI.
    Uri,
    /// A query string parameter.
    Querystring,
    /// A single header.
    Header,
    /// All headers with a prefix (a map member).
    Headers,
    /// The HTTP status code (output only).
    #[serde(rename = "statusCode")]
    StatusCode,
}

/// A reference to a shape with the traits the referring place adds (a structure member, a
/// list member, a map key or value, an operation's input or output).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapeRef {
    /// The name of the target shape.
    pub shape: String,
    /// HTTP binding of the member.
    pub location: Option<Location>,
    /// Wire name: header/query/label name, or XML/JSON element name.
    pub location_name: Option<String>,
    /// The `queryName` trait (ec2 protocol).
    pub query_name: Option<String>,
    /// XML namespace for this member.
    pub xml_namespace: Option<XmlNamespace>,
    /// Serialized as an XML attribute.
    #[serde(default)]
    pub xml_attribute: bool,
    /// Flattened list or map (XML and query protocols).
    #[serde(default)]
    pub flattened: bool,
    /// Filled with a fresh UUID when absent.
    #[serde(default)]
    pub idempotency_token: bool,
    /// A header holding base64-encoded JSON.
    #[serde(default)]
    pub jsonvalue: bool,
    /// Substituted into the host prefix.
    #[serde(default)]
    pub host_label: bool,
    /// Overrides the timestamp format of the target shape.
    pub timestamp_format: Option<String>,
    /// Streaming payload member.
    #[serde(default)]
    pub streaming: bool,
    /// The payload member, when given on an operation's input reference.
    pub payload: Option<String>,
    /// Event stream payload member.
    #[serde(default)]
    pub eventpayload: bool,
    /// Event stream header member.
    #[serde(default)]
    pub eventheader: bool,
    /// Deprecated member (hidden from the CLI's help).
    #[serde(default)]
    pub deprecated: bool,
    /// Endpoint rule context parameter fed by this member.
    pub context_param: Option<ContextParam>,
    /// The `resultWrapper` of query-protocol outputs.
    pub result_wrapper: Option<String>,
    /// Enum values the reference itself declares (they override the target's).
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
}

/// A `contextParam` trait: the endpoint rules parameter a member feeds.
#[derive(Debug, Clone, Deserialize)]
pub struct ContextParam {
    /// The endpoint parameter name.
    pub name: String,
}

/// The `error` trait of an exception shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorTrait {
    /// The error code on the wire (query-compatible code for awsQueryCompatible services).
    pub code: Option<String>,
    /// The HTTP status of the error.
    pub http_status_code: Option<u16>,
    /// Whether the client is at fault.
    #[serde(default)]
    pub sender_fault: bool,
}

/// A named shape of a service model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    /// The shape's name (filled in by the loader).
    #[serde(skip)]
    pub name: String,
    /// The shape's type.
    #[serde(rename = "type")]
    pub shape_type: ShapeType,
    /// Structure members, in model order.
    #[serde(default)]
    pub members: indexmap::IndexMap<String, ShapeRef>,
    /// Names of the required structure members.
    #[serde(default)]
    pub required: Vec<String>,
    /// The member bound to the HTTP body (rest protocols).
    pub payload: Option<String>,
    /// The list member.
    pub member: Option<Box<ShapeRef>>,
    /// The map key.
    pub key: Option<Box<ShapeRef>>,
    /// The map value.
    pub value: Option<Box<ShapeRef>>,
    /// Enum values of a string shape.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// The element name of the shape in XML.
    pub location_name: Option<String>,
    /// HTTP binding declared on the shape itself (older models; a member's own wins).
    pub location: Option<Location>,
    /// XML namespace of the shape.
    pub xml_namespace: Option<XmlNamespace>,
    /// Flattened list or map.
    #[serde(default)]
    pub flattened: bool,
    /// Timestamp wire format (`iso8601`, `rfc822`, `unixTimestamp`).
    pub timestamp_format: Option<String>,
    /// Minimum length or value.
    pub min: Option<f64>,
    /// Maximum length or value.
    pub max: Option<f64>,
    /// Regular expression a string must match.
    pub pattern: Option<String>,
    /// Sensitive data: never logged.
    #[serde(default)]
    pub sensitive: bool,
    /// Exception shape.
    #[serde(default)]
    pub exception: bool,
    /// Error details of an exception shape.
    pub error: Option<ErrorTrait>,
    /// Fault exception (server side).
    #[serde(default)]
    pub fault: bool,
    /// Streaming blob or string.
    #[serde(default)]
    pub streaming: bool,
    /// Streaming body must declare its length.
    #[serde(default)]
    pub requires_length: bool,
    /// An event stream structure.
    #[serde(default)]
    pub eventstream: bool,
    /// An event of an event stream.
    #[serde(default)]
    pub event: bool,
    /// A document type (any JSON).
    #[serde(default)]
    pub document: bool,
    /// A union: exactly one member set.
    #[serde(default)]
    pub union: bool,
    /// A wrapper shape (query protocol outputs).
    #[serde(default)]
    pub wrapper: bool,
    /// Deprecated shape.
    #[serde(default)]
    pub deprecated: bool,
}

impl Shape {
    /// Parses one shape from its model JSON.
    pub fn from_json(name: &str, json: &str) -> Result<Shape, serde_json::Error> {
        let mut shape: Shape = serde_json::from_str(json)?;
        shape.name = name.to_owned();
        Ok(shape)
    }

    /// Parses one shape from an already parsed JSON value.
    pub fn from_value(name: &str, json: &Json) -> Result<Shape, serde_json::Error> {
        let mut shape = Shape::deserialize(json)?;
        shape.name = name.to_owned();
        Ok(shape)
    }

    /// Whether a structure member is required.
    pub fn is_required(&self, member: &str) -> bool {
        self.required.iter().any(|r| r == member)
    }
}
