//! Calls AWS operations end to end: the core's protocol serializer builds the request, the
//! endpoint rules choose the URL and signing scope, `aws2-http` signs and sends it (with
//! retries), and the protocol parser turns the response into a value or a service error.
//! Paginators and waiters run on top of single calls.
//!
//! Not for: argv, printing, or finding credentials and settings (the caller passes them in).

mod call;
pub mod customize;
mod endpoint;
mod event_stream;
mod history;
pub mod paginate;
mod presign;
mod redirect;

pub use call::{retry_note, CallError, Client, ClientConfig, Signing};
pub use endpoint::EndpointSettings;
pub use event_stream::EventStream;
pub use paginate::{PageOptions, Paginator};
pub use presign::Presign;
pub use redirect::valid_region;
