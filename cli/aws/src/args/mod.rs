//! From an operation's words to its input value: the argument table, option parsing, value
//! conversion and validation.

pub mod argparse;
pub mod bucket_name;
pub mod convert;
pub mod custom;
pub mod lenient_base64;
pub mod parse;
pub mod table;
pub mod validate;
pub mod yaml_input;
