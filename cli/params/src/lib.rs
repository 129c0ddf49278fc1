//! Parameter values of the aws2 command line: what the text after `--some-param` means.
//!
//! - [`shorthand`]: the AWS CLI v2 shorthand syntax (`Key=a,Values=[x,y],Nested={K=v}`,
//!   quoting, escapes, `key@=file://path`), parsed to a JSON tree of strings;
//! - [`paramfile`]: `file://` and `fileb://` values (`http(s)://` values stay plain text);
//! - [`unpack`]: the per-parameter decision between a parameter file, shorthand, JSON and plain
//!   scalars, driven by a small view of the input shape ([`shape`]); [`coerce`] then fits parsed
//!   shorthand to that shape;
//! - [`pyjson`]: JSON with the AWS CLI's error messages.
//!
//! It is not the argument parser (that lives in the binary), nor validation against the model,
//! nor serialization: it only turns words into a JSON-like value, with the AWS CLI's messages.

pub mod coerce;
pub mod error;
pub mod paramfile;
mod pyfmt;
pub mod pyjson;
pub mod scalar;
pub mod shape;
pub mod shorthand;
pub mod special;
pub mod unpack;

pub use error::ParamError;
pub use paramfile::{FileResolver, LocalFiles, ParamFileContent, ParamFileError};
pub use shape::{ParamForm, ParamKind, ParamShape, Shape};
pub use shorthand::ShorthandError;
pub use unpack::{unpack, ArgValue, ParamValue, UnpackOptions};

/// Whitespace as the AWS CLI's `strip()` sees it.
pub(crate) fn shorthand_space(c: char) -> bool {
    shorthand::is_python_space(c)
}
