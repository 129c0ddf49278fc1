//! `iam create-virtual-mfa-device --outfile FILE --bootstrap-method QRCodePNG|Base32StringSeed`:
//! the chosen bootstrap blob is written to the file and both blobs are left out of the output.

use super::{custom_arg, one, require};
use crate::args::parse::ParsedArgs;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| args.extend(args_list())),
    input: Some(|cx, _| check(cx.parsed)),
    output: Some(save),
    ..super::registry::Customization::of("iam", |op| op == "CreateVirtualMFADevice")
};

const OUTFILE: &str = "outfile";
const METHOD: &str = "bootstrap-method";
const CHOICES: &[&str] = &["QRCodePNG", "Base32StringSeed"];

fn args_list() -> Vec<Argument> {
    vec![
        custom_arg(OUTFILE, ArgKind::Single, true),
        custom_arg(METHOD, ArgKind::Single, true),
    ]
}

/// Both options are required; the method is one of the two choices; the file's folder exists.
pub(super) fn check(parsed: &ParsedArgs) -> Result<(), CliError> {
    require(parsed, &[OUTFILE, METHOD])?;
    let method = one(parsed, METHOD).unwrap_or_default();
    if !CHOICES.contains(&method) {
        return Err(CliError::invalid_choice(
            &format!("--{METHOD}"),
            method,
            CHOICES,
        ));
    }
    let outfile = std::path::Path::new(one(parsed, OUTFILE).unwrap_or_default());
    match outfile.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(CliError::Validation(
            "The parent directory for the outfile must exist".into(),
        )),
        _ => Ok(()),
    }
}

/// Writes the chosen blob and removes both blobs from the device.
pub(super) fn save(parsed: &ParsedArgs, result: &mut Value) -> Result<(), CliError> {
    let (Some(path), Some(method)) = (one(parsed, OUTFILE), one(parsed, METHOD)) else {
        return Ok(());
    };
    let Some(Value::Map(device)) = (match result {
        Value::Map(m) => m.get_mut("VirtualMFADevice"),
        _ => None,
    }) else {
        return Ok(());
    };
    if let Some(blob) = device.get(method) {
        let bytes = match blob {
            Value::Blob(b) => b.clone(),
            Value::String(s) => s.clone().into_bytes(),
            _ => Vec::new(),
        };
        std::fs::write(path, bytes)
            .map_err(|e| CliError::other(format!("cannot write {path}: {e}")))?;
    }
    for choice in CHOICES {
        device.shift_remove(*choice);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::parse::RawValue;
    use indexmap::IndexMap;

    #[test]
    fn writes_the_chosen_blob_and_drops_both() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("seed.txt");
        let mut p = ParsedArgs::default();
        p.members.insert(
            OUTFILE.into(),
            RawValue::One(path.to_string_lossy().into_owned()),
        );
        p.members
            .insert(METHOD.into(), RawValue::One("Base32StringSeed".into()));
        check(&p).expect("valid options");
        let mut device = IndexMap::new();
        device.insert("SerialNumber".to_owned(), Value::String("arn".into()));
        device.insert(
            "Base32StringSeed".to_owned(),
            Value::Blob(b"ABCDEF".to_vec()),
        );
        device.insert("QRCodePNG".to_owned(), Value::Blob(vec![0x89, 0x50]));
        let mut top = IndexMap::new();
        top.insert("VirtualMFADevice".to_owned(), Value::Map(device));
        let mut result = Value::Map(top);
        save(&p, &mut result).expect("saved");
        assert_eq!(std::fs::read(&path).expect("file"), b"ABCDEF");
        let json = result.to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(
            json,
            serde_json::json!({"VirtualMFADevice": {"SerialNumber": "arn"}})
        );
    }

    #[test]
    fn rejects_an_unknown_method_and_a_missing_outfile() {
        let mut p = ParsedArgs::default();
        p.members
            .insert(METHOD.into(), RawValue::One("Base32StringSeed".into()));
        assert_eq!(check(&p).map_err(|e| e.exit_code()).err(), Some(252));
        p.members
            .insert(OUTFILE.into(), RawValue::One("x.png".into()));
        p.members.insert(METHOD.into(), RawValue::One("SMS".into()));
        assert_eq!(check(&p).map_err(|e| e.exit_code()).err(), Some(252));
    }
}
