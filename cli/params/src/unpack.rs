//! From the text typed after `--some-param` to the parameter's value, deciding per shape
//! between a parameter file, shorthand, JSON and plain scalars as the AWS CLI decides:
//!
//! 1. `file://`/`fileb://` values are replaced by the file's contents (unless turned off);
//! 2. a value that does not start with `[` or `{` is shorthand when the shape is a structure,
//!    a map or a list of structures/lists/maps (documents excluded), then coerced to the shape;
//! 3. anything else is read by type: JSON for documents, structures and maps, JSON or one value
//!    per word for lists, and numbers/booleans/strings for scalars.

use crate::coerce::{coerce, CoerceError};
use crate::error::ParamError;
use crate::paramfile::{self, expand_user, expand_vars, ParamFileContent};
use crate::scalar::{to_bool, to_float, to_int};
use crate::shape::{ParamForm, ParamKind, ParamShape};
use crate::shorthand::{self, ShorthandError};
use crate::{pyjson, shorthand_space};
use serde_json::{Map, Value};

/// A parameter's value as the command line gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    /// One word (`--name value`).
    One(String),
    /// Several words, as list parameters take them (`--ids a b c`).
    Many(Vec<String>),
}

/// A parameter's value, ready for validation and serialization.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// Any value but raw bytes.
    Json(Value),
    /// The bytes of a `fileb://` file given for a scalar (blob) parameter.
    Bytes(Vec<u8>),
}

/// How one parameter is treated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnpackOptions {
    /// Do not load `file://`/`fileb://` values (see [`crate::special::paramfile_disabled`]).
    pub no_paramfile: bool,
    /// Legacy list of one-member structures given as bare values
    /// (see [`crate::special::uses_old_list_case`]).
    pub old_list_case: bool,
}

/// Turns the command-line value of the parameter `cli_name` (e.g. `--tags`) into its value.
pub fn unpack<S: ParamShape>(
    shape: &S,
    cli_name: &str,
    value: ArgValue,
    options: &UnpackOptions,
) -> Result<ParamValue, ParamError> {
    let value = if options.no_paramfile {
        value
    } else {
        match load_param_file(&value).map_err(|e| ParamError::parse(cli_name, e))? {
            None => value,
            Some(ParamFileContent::Text(text)) => ArgValue::One(text),
            Some(ParamFileContent::Binary(bytes)) => {
                if shape.kind().is_scalar() && shape.kind() != ParamKind::JsonValue {
                    return Ok(ParamValue::Bytes(bytes));
                }
                ArgValue::One(String::from_utf8_lossy(&bytes).into_owned())
            }
        }
    };
    if should_parse_as_shorthand(shape, &value) {
        return parse_as_shorthand(shape, cli_name, value, options).map(ParamValue::Json);
    }
    unpack_typed(shape, cli_name, &value).map(ParamValue::Json)
}

/// The parameter file a value names: a single word starting with `file://` or `fileb://`.
fn load_param_file(
    value: &ArgValue,
) -> Result<Option<ParamFileContent>, paramfile::ParamFileError> {
    match value {
        ArgValue::One(word) => paramfile::load(word),
        ArgValue::Many(words) if words.len() == 1 => paramfile::load(&words[0]),
        ArgValue::Many(_) => Ok(None),
    }
}

fn trimmed(text: &str) -> &str {
    text.trim_matches(shorthand_space)
}

/// Whether the AWS CLI reads this value as shorthand: it does not look like JSON and the
/// shape is complex enough.
pub fn should_parse_as_shorthand<S: ParamShape>(shape: &S, value: &ArgValue) -> bool {
    let check = match value {
        ArgValue::One(word) => Some(word.as_str()),
        ArgValue::Many(words) => words.first().map(String::as_str),
    };
    if check.is_some_and(|w| trimmed(w).starts_with(['[', '{'])) {
        return false;
    }
    ParamForm::of(shape).accepts_shorthand()
}

fn parse_as_shorthand<S: ParamShape>(
    shape: &S,
    cli_name: &str,
    value: ArgValue,
    options: &UnpackOptions,
) -> Result<Value, ParamError> {
    if let Some(special) = special_case(shape, &value, options) {
        return Ok(special);
    }
    let mut parsed = match value {
        ArgValue::One(word) => shorthand_value(&word, cli_name)?,
        ArgValue::Many(words) => Value::Array(
            words
                .iter()
                .map(|w| shorthand_value(w, cli_name))
                .collect::<Result<_, _>>()?,
        ),
    };
    coerce(&mut parsed, shape).map_err(|err| match err {
        CoerceError::Shorthand(message) => ParamError::parse(cli_name, message),
        CoerceError::Value(message) => ParamError::Value(message),
    })?;
    Ok(parsed)
}

fn shorthand_value(word: &str, cli_name: &str) -> Result<Value, ParamError> {
    shorthand::parse(word).map_err(|err| match err {
        ShorthandError::ParamFile(err) => ParamError::Value(err.to_string()),
        other => ParamError::parse(cli_name, other),
    })
}

/// The two forms older AWS CLIs accepted: `--instances i-1 i-2` for a list of one-member
/// structures (legacy parameters only) and `--x shutdown` for a structure whose only member
/// is the string `Value`.
fn special_case<S: ParamShape>(
    shape: &S,
    value: &ArgValue,
    options: &UnpackOptions,
) -> Option<Value> {
    let words = || -> Vec<String> {
        match value {
            ArgValue::One(word) => word.chars().map(String::from).collect(),
            ArgValue::Many(words) => words.clone(),
        }
    };
    match shape.kind() {
        ParamKind::List if options.old_list_case => {
            let member = shape.list_member()?;
            let members = member.members();
            if member.kind() != ParamKind::Structure || members.len() != 1 {
                return None;
            }
            let key = &members[0].0;
            Some(Value::Array(
                words()
                    .into_iter()
                    .map(|w| Value::Object(Map::from_iter([(key.clone(), Value::String(w))])))
                    .collect(),
            ))
        }
        ParamKind::Structure => {
            let members = shape.members();
            let [(name, member)] = members.as_slice() else {
                return None;
            };
            if name != "Value" || member.kind() != ParamKind::String {
                return None;
            }
            let inner = match value {
                ArgValue::One(word) if !word.contains('=') => Value::String(word.clone()),
                ArgValue::Many(words) if !words.iter().any(|w| w == "=") => {
                    Value::Array(words.iter().cloned().map(Value::String).collect())
                }
                _ => return None,
            };
            Some(Value::Object(Map::from_iter([("Value".to_owned(), inner)])))
        }
        _ => None,
    }
}

fn as_json(value: &ArgValue) -> Value {
    match value {
        ArgValue::One(word) => Value::String(word.clone()),
        ArgValue::Many(words) => Value::Array(words.iter().cloned().map(Value::String).collect()),
    }
}

fn joined(value: &ArgValue) -> String {
    match value {
        ArgValue::One(word) => word.clone(),
        ArgValue::Many(words) => words.join(" "),
    }
}

/// A value read by its shape's type (not shorthand).
fn unpack_typed<S: ParamShape>(
    shape: &S,
    cli_name: &str,
    value: &ArgValue,
) -> Result<Value, ParamError> {
    match shape.kind() {
        ParamKind::Document | ParamKind::JsonValue => json_value(&joined(value), cli_name),
        ParamKind::Structure | ParamKind::Map => {
            let text = joined(value);
            if text.trim_start_matches(shorthand_space).starts_with('{') {
                json_value(&text, cli_name)
            } else {
                Err(ParamError::parse(
                    cli_name,
                    format!("Invalid JSON:\n{text}"),
                ))
            }
        }
        ParamKind::List => unpack_list(shape, cli_name, value),
        _ => unpack_scalar(shape.kind(), cli_name, value),
    }
}

fn unpack_list<S: ParamShape>(
    shape: &S,
    cli_name: &str,
    value: &ArgValue,
) -> Result<Value, ParamError> {
    let words: Vec<String> = match value {
        ArgValue::One(text) => {
            if text.trim_start_matches(shorthand_space).starts_with('[') {
                return json_value(text, cli_name);
            }
            // A single text (from a file) is taken one character per item, as the AWS CLI does.
            text.chars().map(String::from).collect()
        }
        ArgValue::Many(words) => {
            if let [only] = words.as_slice() {
                if trimmed(only).starts_with('[') {
                    return json_value(only, cli_name);
                }
            }
            words.clone()
        }
    };
    let Some(member) = shape.list_member() else {
        return Ok(as_json(&ArgValue::Many(words)));
    };
    let mut items = Vec::with_capacity(words.len());
    for word in &words {
        match unpack_typed(&member, cli_name, &ArgValue::One(word.clone())) {
            Ok(item) => items.push(item),
            // The AWS CLI catches the ValueError of a bad number or boolean here; JSON
            // members fail with their own message.
            Err(ParamError::Value(_)) if member.kind().is_scalar() => {
                return Err(ParamError::parse(
                    cli_name,
                    words.first().cloned().unwrap_or_default(),
                ))
            }
            Err(err) => return Err(err),
        }
    }
    Ok(Value::Array(items))
}

/// A scalar value: numbers and booleans converted, streaming blobs checked to be files,
/// everything else kept as text.
pub fn unpack_scalar(
    kind: ParamKind,
    cli_name: &str,
    value: &ArgValue,
) -> Result<Value, ParamError> {
    let json = as_json(value);
    match kind {
        ParamKind::Integer | ParamKind::Long => to_int(&json).map_err(ParamError::Value),
        ParamKind::Float | ParamKind::Double => to_float(&json).map_err(ParamError::Value),
        ParamKind::Boolean => Ok(Value::Bool(match value {
            ArgValue::One(word) => to_bool(word),
            ArgValue::Many(words) => !words.is_empty(),
        })),
        ParamKind::StreamingBlob => {
            let path = expand_blob_path(&joined(value));
            if std::path::Path::new(&path).is_file() {
                Ok(Value::String(path))
            } else {
                Err(ParamError::parse(
                    cli_name,
                    "Blob values must be a path to a file.",
                ))
            }
        }
        _ => Ok(json),
    }
}

/// `$VAR` then `~` expansion of a streaming blob's path (the order the AWS CLI uses there).
fn expand_blob_path(path: &str) -> String {
    expand_user(&expand_vars(path))
}

fn json_value(text: &str, cli_name: &str) -> Result<Value, ParamError> {
    pyjson::parse(text).map_err(|err| {
        if err.is_value_error() {
            ParamError::parse(
                cli_name,
                format!("Invalid JSON: {err}\nJSON received: {text}"),
            )
        } else {
            // Python's RecursionError is not a ValueError: the AWS CLI prints it as it is.
            ParamError::Value(err.to_string())
        }
    })
}
