//! What this crate needs to know about a parameter's input shape. The command line maps the
//! service model's shapes onto [`ParamShape`]; [`Shape`] is a plain owned implementation.

/// The type of one shape, as far as parameter parsing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// `string` (enums included).
    String,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `boolean`.
    Boolean,
    /// `blob` that is not streamed: the value is text (base64 in v2) or `fileb://` bytes.
    Blob,
    /// Streaming `blob` (e.g. `s3api put-object --body`): the value is a path to a file.
    StreamingBlob,
    /// `timestamp`: kept as text here, parsed by the serializer.
    Timestamp,
    /// `structure` with members.
    Structure,
    /// `list` of one member shape.
    List,
    /// `map` from string keys to one value shape.
    Map,
    /// A `document` structure: free-form JSON only.
    Document,
    /// A string sent as JSON in a header (`jsonvalue` trait): the value must be JSON.
    JsonValue,
}

impl ParamKind {
    /// Scalars in the AWS CLI's sense (every type but structure, list, map and document).
    pub fn is_scalar(self) -> bool {
        !matches!(
            self,
            Self::Structure | Self::List | Self::Map | Self::Document
        )
    }

    /// Structures, lists and maps.
    pub fn is_complex(self) -> bool {
        matches!(self, Self::Structure | Self::List | Self::Map)
    }
}

/// A view of an input shape; handles are cheap values so that recursive models work.
pub trait ParamShape: Sized {
    /// The shape's type.
    fn kind(&self) -> ParamKind;
    /// Members of a structure, in model order (empty for other kinds).
    fn members(&self) -> Vec<(String, Self)>;
    /// Element shape of a list.
    fn list_member(&self) -> Option<Self>;
    /// Value shape of a map.
    fn map_value(&self) -> Option<Self>;
}

/// The overall form of a parameter, which decides how its command-line value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamForm {
    /// One scalar value.
    Scalar,
    /// A list of scalars: `--ids a b c` or a JSON array.
    ListOfScalars,
    /// A structure: shorthand or a JSON object.
    Structure,
    /// A map: shorthand or a JSON object.
    Map,
    /// A list of structures, lists or maps: shorthand per item or a JSON array.
    ListOfComplex,
    /// A document, or lists/maps of documents only: JSON only.
    Document,
}

impl ParamForm {
    /// The form of `shape`.
    pub fn of<S: ParamShape>(shape: &S) -> Self {
        if is_document_container(shape) {
            return Self::Document;
        }
        match shape.kind() {
            ParamKind::Structure => Self::Structure,
            ParamKind::Map => Self::Map,
            ParamKind::List => match shape.list_member().map(|m| m.kind()) {
                Some(k) if k.is_complex() => Self::ListOfComplex,
                _ => Self::ListOfScalars,
            },
            _ => Self::Scalar,
        }
    }

    /// Whether a value that does not start with `[` or `{` is read as shorthand.
    pub fn accepts_shorthand(self) -> bool {
        matches!(self, Self::Structure | Self::Map | Self::ListOfComplex)
    }
}

/// A document, or lists and maps whose innermost values are documents.
pub fn is_document_container<S: ParamShape>(shape: &S) -> bool {
    match shape.kind() {
        ParamKind::Document => true,
        ParamKind::List => shape
            .list_member()
            .is_some_and(|m| is_document_container(&m)),
        ParamKind::Map => shape.map_value().is_some_and(|m| is_document_container(&m)),
        _ => false,
    }
}

/// A plain owned shape tree (no recursion), for tests and simple callers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A scalar, document or JSON value of the given kind.
    Scalar(ParamKind),
    /// A structure with its members in order.
    Structure(Vec<(String, Shape)>),
    /// A list of the given element shape.
    List(Box<Shape>),
    /// A map to the given value shape.
    Map(Box<Shape>),
}

impl Shape {
    /// A structure from `(name, shape)` pairs.
    pub fn structure<I, N>(members: I) -> Self
    where
        I: IntoIterator<Item = (N, Shape)>,
        N: Into<String>,
    {
        Self::Structure(members.into_iter().map(|(n, s)| (n.into(), s)).collect())
    }

    /// A list of `member`.
    pub fn list(member: Shape) -> Self {
        Self::List(Box::new(member))
    }

    /// A map to `value`.
    pub fn map(value: Shape) -> Self {
        Self::Map(Box::new(value))
    }
}

impl ParamShape for &Shape {
    fn kind(&self) -> ParamKind {
        match self {
            Shape::Scalar(kind) => *kind,
            Shape::Structure(_) => ParamKind::Structure,
            Shape::List(_) => ParamKind::List,
            Shape::Map(_) => ParamKind::Map,
        }
    }

    fn members(&self) -> Vec<(String, Self)> {
        match self {
            Shape::Structure(members) => members.iter().map(|(n, s)| (n.clone(), s)).collect(),
            _ => Vec::new(),
        }
    }

    fn list_member(&self) -> Option<Self> {
        match self {
            Shape::List(member) => Some(member),
            _ => None,
        }
    }

    fn map_value(&self) -> Option<Self> {
        match self {
            Shape::Map(value) => Some(value),
            _ => None,
        }
    }
}
