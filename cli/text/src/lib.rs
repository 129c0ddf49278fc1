//! Small text forms that several crates need in exactly the same shape: dates of the proleptic
//! Gregorian calendar, the removal of `.`/`..` segments from a URL path, and JSON string
//! escaping as Python's `json.dumps` writes it. None of them does I/O.

pub mod calendar;
pub mod json;
pub mod path;
