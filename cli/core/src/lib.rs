//! The model-driven engine of aws2: the typed service model (loaded lazily from the pinned
//! archive in `aws2-models`), parameter and result values, and the wire protocols that turn an
//! operation's parameters into an HTTP request and an HTTP response back into data.
//!
//! Not for: argv, printing, configuration files or credentials; this crate never prints.

pub mod checksum;
pub mod model;
pub mod protocol;
pub mod timestamp;
pub mod value;

pub use model::{Metadata, Operation, Service, Shape, ShapeRef, ShapeType};
pub use timestamp::Timestamp;
pub use value::Value;
