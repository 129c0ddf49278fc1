//! The argument table of the `aws` binary, compiled from the same source files.

#[path = "../../args/renames.rs"]
pub mod renames;
#[path = "../../args/table.rs"]
pub mod table;
