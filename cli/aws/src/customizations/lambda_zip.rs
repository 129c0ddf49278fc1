//! Lambda's `--zip-file`, as the AWS CLI v2 has it: `create-function` and
//! `publish-layer-version` take the zip at the top level and send it as `Code.ZipFile` and
//! `Content.ZipFile` (their `--code` and `--content` may no longer hold a `ZipFile`), and
//! `update-function-code --zip-file` sends `ZipFile`. Each refuses a value that is not a zip
//! archive, which is what a path without `fileb://` amounts to.

use super::registry::{Customization, InputContext, Target};
use super::{custom_arg, one};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::model::ShapeType;
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    arguments: Some(hoist),
    input: Some(apply),
    ..Customization::of("lambda", |op| {
        matches!(
            op,
            "CreateFunction" | "PublishLayerVersion" | "UpdateFunctionCode"
        )
    })
};

const ZIP_FILE: &str = "zip-file";

const NOT_A_ZIP: &str = "--zip-file must be a zip file with the fileb:// prefix.\nExample usage:  --zip-file fileb://path/to/file.zip";

const CODE_DOC: &str = "The path to the zip file of the code you are uploading. Specify --zip-file or --code, but not both. Example: fileb://code.zip";
const CONTENT_DOC: &str = "The path to the zip file of the content you are uploading. Specify --zip-file or --content, but not both. Example: fileb://content.zip";
// The AWS CLI v2 gives update-function-code its template unfilled.
const TEMPLATE_DOC: &str = "The path to the zip file of the {param_type} you are uploading. Specify --zip-file or --{param_type}, but not both. Example: fileb://{param_type}.zip";

/// The input member that holds the zip of an operation whose `ZipFile` is nested, and the
/// option of that member.
fn nested(operation: &str) -> Option<(&'static str, &'static str)> {
    match operation {
        "CreateFunction" => Some(("Code", "code")),
        "PublishLayerVersion" => Some(("Content", "content")),
        _ => None,
    }
}

fn zip_arg(doc: &'static str) -> Argument {
    Argument {
        shape_type: ShapeType::Blob,
        doc,
        ..custom_arg(ZIP_FILE, ArgKind::Single, false)
    }
}

fn hoist(target: &Target<'_>, args: &mut Vec<Argument>) {
    match nested(target.operation) {
        Some((_, option)) => {
            if let Some(arg) = args.iter_mut().find(|a| a.name == option) {
                arg.required = false;
            }
            let doc = if option == "code" {
                CODE_DOC
            } else {
                CONTENT_DOC
            };
            args.push(zip_arg(doc));
        }
        None => {
            if let Some(arg) = args.iter_mut().find(|a| a.name == ZIP_FILE) {
                *arg = zip_arg(TEMPLATE_DOC);
            }
        }
    }
}

fn apply(cx: &InputContext<'_>, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    let nested = nested(cx.operation);
    if let Some((member, option)) = nested {
        let given = cx.parsed.members.contains_key(option);
        if given && matches!(input.get(member), Some(Value::Map(m)) if m.contains_key("ZipFile"))
        {
            return Err(CliError::Validation(format!(
                "ZipFile cannot be provided as part of the --{option} argument.  Please use the '--zip-file' option instead to specify a zip file."
            )));
        }
    }
    let Some(value) = one(cx.parsed, ZIP_FILE) else {
        return Ok(());
    };
    let bytes = zip_bytes(value)?;
    let zip = Value::Blob(bytes);
    match nested {
        Some((member, _)) => match input.get_mut(member) {
            Some(Value::Map(fields)) if !fields.is_empty() => {
                fields.insert("ZipFile".into(), zip);
            }
            _ => {
                let mut fields = IndexMap::new();
                fields.insert("ZipFile".to_owned(), zip);
                input.insert(member.to_owned(), Value::Map(fields));
            }
        },
        None => {
            input.insert("ZipFile".into(), zip);
        }
    }
    Ok(())
}

/// The bytes of a `--zip-file` value (a `fileb://` or `file://` file, else the text itself),
/// refused unless they are a zip archive.
fn zip_bytes(value: &str) -> Result<Vec<u8>, CliError> {
    use aws2_params::ParamFileContent;
    let bytes = match aws2_params::paramfile::load(value) {
        Ok(Some(ParamFileContent::Binary(bytes))) => bytes,
        Ok(Some(ParamFileContent::Text(text))) => text.into_bytes(),
        Ok(None) => value.as_bytes().to_vec(),
        Err(e) => {
            return Err(CliError::Validation(format!(
                "Error parsing parameter '--{ZIP_FILE}': {e}"
            )))
        }
    };
    match is_zip(&bytes) {
        true => Ok(bytes),
        false => Err(CliError::Validation(NOT_A_ZIP.into())),
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

const END_RECORD: &[u8] = b"PK\x05\x06";
const END_RECORD_LEN: usize = 22;
const CENTRAL_ENTRY: &[u8] = b"PK\x01\x02";
const CENTRAL_ENTRY_LEN: usize = 46;
const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";

/// Whether Python's `zipfile` opens `data` and reads its entries: an end-of-central-directory
/// record (at the very end, or followed by its comment within the last 64 KiB) whose central
/// directory is a run of well-formed entries.
pub fn is_zip(data: &[u8]) -> bool {
    let Some(end) = end_record(data) else {
        return false;
    };
    // A zip64 archive: its record is read through the locator before the end record.
    let zip64 = end >= 20 && data.get(end - 20..end - 16) == Some(ZIP64_LOCATOR);
    if zip64 {
        return true;
    }
    // The directory ends where the end record starts, whatever its recorded offset says
    // (bytes before the archive, as a self-extracting stub, shift every offset alike).
    let Some(size) = u32_at(data, end + 12) else {
        return false;
    };
    let Some(directory) = end.checked_sub(size).map(|start| &data[start..end]) else {
        return false;
    };
    let mut at = 0;
    while at < size {
        let Some(entry) = directory.get(at..at + CENTRAL_ENTRY_LEN) else {
            return false;
        };
        if &entry[..4] != CENTRAL_ENTRY {
            return false;
        }
        let lengths = [28, 30, 32].map(|o| u16_at(entry, o).unwrap_or(0));
        at += CENTRAL_ENTRY_LEN + lengths.iter().sum::<usize>();
    }
    true
}

/// Where the end-of-central-directory record starts, found as Python's `zipfile` finds it.
fn end_record(data: &[u8]) -> Option<usize> {
    let last = data.len().checked_sub(END_RECORD_LEN)?;
    if data[last..].starts_with(END_RECORD) && data[data.len() - 2..] == [0, 0] {
        return Some(last);
    }
    let from = data.len().saturating_sub((1 << 16) + END_RECORD_LEN);
    let found = data[from..]
        .windows(END_RECORD.len())
        .rposition(|w| w == END_RECORD)?;
    let at = from + found;
    (data.len() - at >= END_RECORD_LEN).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of one stored file, as `zipfile` writes it.
    fn one_file_zip() -> Vec<u8> {
        let name = b"index.py";
        let body = b"print(1)\n";
        let mut out = Vec::new();
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&[0; 4]); // crc (unchecked when listing)
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name);
        out.extend_from_slice(body);
        let directory_at = out.len();
        out.extend_from_slice(b"PK\x01\x02");
        out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&(body.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0; 12]);
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(name);
        let size = out.len() - directory_at;
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        out.extend_from_slice(&(size as u32).to_le_bytes());
        out.extend_from_slice(&(directory_at as u32).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn zip_archives_are_told_from_other_bytes() {
        let zip = one_file_zip();
        assert!(is_zip(&zip));
        let mut empty = b"PK\x05\x06".to_vec();
        empty.extend_from_slice(&[0; 18]);
        assert!(is_zip(&empty));
        let mut stub = b"#!/bin/sh\n".to_vec();
        stub.extend_from_slice(&zip);
        assert!(is_zip(&stub), "prepended bytes shift the offsets");
        let mut commented = zip.clone();
        let len = commented.len();
        commented[len - 2] = 3;
        commented.extend_from_slice(b"abc");
        assert!(is_zip(&commented));
        assert!(!is_zip(b"hello\n"));
        assert!(!is_zip(b""));
        assert!(!is_zip(&zip[..zip.len() - 1]));
        let mut broken = zip.clone();
        let at = broken.windows(4).position(|w| w == CENTRAL_ENTRY).unwrap();
        broken[at + 2] = 9;
        assert!(!is_zip(&broken));
    }
}
