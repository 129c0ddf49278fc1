//! The plain request and response types the signer and the transport work on.

use std::fmt;
use std::io::Read;
use std::sync::Arc;

/// Opens a fresh reader over a streaming body; called once per attempt so retries can resend.
pub type BodyOpener = Arc<dyn Fn() -> std::io::Result<Box<dyn Read + Send>> + Send + Sync>;

/// A request body: bytes in memory, or a stream of known length that can be reopened.
#[derive(Clone)]
pub enum Body {
    /// The whole body in memory (empty for most reads).
    Bytes(bytes::Bytes),
    /// A body read from a source of known length, e.g. a file being uploaded.
    Stream {
        /// The exact number of bytes the opener yields.
        length: u64,
        /// Opens the body from its start.
        open: BodyOpener,
    },
}

impl Body {
    /// An empty body.
    pub fn empty() -> Self {
        Body::Bytes(bytes::Bytes::new())
    }

    /// The body's length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::Stream { length, .. } => *length,
        }
    }

    /// Whether the body has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Bytes(b) => write!(f, "Body::Bytes({} bytes)", b.len()),
            Body::Stream { length, .. } => write!(f, "Body::Stream({length} bytes)"),
        }
    }
}

/// An HTTP request. The URL's path and query are sent exactly as given (already percent-encoded).
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The absolute URL, `scheme://host[:port]/path[?query]`.
    pub url: String,
    /// Header names and values, in order; names compare case-insensitively.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

impl Request {
    /// A request with no headers and an empty body.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        Request {
            method: method.into(),
            url: url.into(),
            headers: Vec::new(),
            body: Body::empty(),
        }
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Replaces every value of a header with one value.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.remove_header(name);
        self.headers.push((name.to_string(), value.into()));
    }

    /// Removes every value of a header.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }
}

/// The body of a response.
pub enum ResponseBody {
    /// The whole body, read into memory.
    Bytes(Vec<u8>),
    /// A body still being received (large downloads); read it to the end.
    Stream(Box<dyn Read + Send>),
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseBody::Bytes(b) => write!(f, "ResponseBody::Bytes({} bytes)", b.len()),
            ResponseBody::Stream(_) => f.write_str("ResponseBody::Stream"),
        }
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: ResponseBody,
    /// How many retries were made before this response (0 when the first attempt answered).
    pub retry_attempts: u32,
    /// Whether this is the response of the last attempt allowed (botocore's
    /// `MaxAttemptsReached`).
    pub max_attempts_reached: bool,
}

impl Response {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body bytes when the body is in memory; empty for a streaming body.
    pub fn bytes(&self) -> &[u8] {
        match &self.body {
            ResponseBody::Bytes(b) => b,
            ResponseBody::Stream(_) => &[],
        }
    }

    /// Reads the whole body into memory and returns it.
    pub fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        match self.body {
            ResponseBody::Bytes(b) => Ok(b),
            ResponseBody::Stream(mut r) => {
                let mut out = Vec::new();
                r.read_to_end(&mut out)?;
                Ok(out)
            }
        }
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
