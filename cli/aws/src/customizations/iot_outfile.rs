//! `iot create-keys-and-certificate --certificate-pem-outfile --public-key-outfile
//! --private-key-outfile` and `iot create-certificate-from-csr --certificate-pem-outfile`: the
//! certificate and keys of the response are also written to files (mode 0600), as in the AWS
//! CLI v2.

use super::{custom_arg, one};
use crate::args::parse::ParsedArgs;
use crate::args::table::ArgKind;
use crate::error::CliError;
use aws2_core::Value;
use std::path::{Path, PathBuf};

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|target, args| {
        args.extend(
            OUTFILES
                .iter()
                .filter(|(op, _, _)| *op == target.operation)
                .map(|(_, name, doc)| crate::args::table::Argument {
                    doc,
                    ..custom_arg(name, ArgKind::Single, false)
                }),
        )
    }),
    input: Some(|cx, _| check(cx.parsed)),
    output: Some(save),
    ..super::registry::Customization::of("iot", |op| {
        op == "CreateKeysAndCertificate" || op == "CreateCertificateFromCsr"
    })
};

/// (operation, option, help text); each option's response member is [`member_path`].
const OUTFILES: &[(&str, &str, &str)] = &[
    (
        "CreateKeysAndCertificate",
        "certificate-pem-outfile",
        "Also writes the response's certificatePem to this file.",
    ),
    (
        "CreateKeysAndCertificate",
        "public-key-outfile",
        "Also writes the response's keyPair.PublicKey to this file.",
    ),
    (
        "CreateKeysAndCertificate",
        "private-key-outfile",
        "Also writes the response's keyPair.PrivateKey to this file.",
    ),
    (
        "CreateCertificateFromCsr",
        "certificate-pem-outfile",
        "Also writes the response's certificatePem to this file.",
    ),
];

/// The response member an option writes.
fn member_path(option: &str) -> &'static [&'static str] {
    match option {
        "public-key-outfile" => &["keyPair", "PublicKey"],
        "private-key-outfile" => &["keyPair", "PrivateKey"],
        _ => &["certificatePem"],
    }
}

/// The file an option names, `~` and `$VARIABLES` expanded.
fn target(value: &str) -> PathBuf {
    PathBuf::from(aws2_params::paramfile::expand_path(value))
}

/// Every file's folder must exist before the call.
fn check(parsed: &ParsedArgs) -> Result<(), CliError> {
    for (_, name, _) in OUTFILES {
        let Some(value) = one(parsed, name) else {
            continue;
        };
        let path = target(value);
        let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        let writable = absolute
            .parent()
            .is_some_and(|dir| dir.is_dir() && !is_read_only(dir));
        if !writable {
            return Err(CliError::Validation(format!(
                "Unable to write to file: {}",
                path.display()
            )));
        }
    }
    Ok(())
}

fn is_read_only(dir: &Path) -> bool {
    dir.metadata().is_ok_and(|m| m.permissions().readonly())
}

/// Writes the member of each option given to its file ('' when the response lacks it).
fn save(parsed: &ParsedArgs, result: &mut Value) -> Result<(), CliError> {
    for (name, path) in OUTFILES.iter().map(|(_, n, _)| (*n, member_path(n))) {
        let Some(value) = one(parsed, name) else {
            continue;
        };
        let mut node = Some(&*result);
        for key in path {
            node = match node {
                Some(Value::Map(map)) => map.get(*key),
                _ => None,
            };
        }
        let contents = match node {
            Some(Value::String(s)) => s.as_str(),
            _ => "",
        };
        write_private(&target(value), contents.as_bytes())
            .map_err(|e| CliError::other(format!("[Errno {}] {e}: '{value}'", e.raw_os_error().unwrap_or(0))))?;
    }
    Ok(())
}

/// Writes a file readable by its owner only (an existing file's mode is changed too).
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options.open(path)?;
        file.write_all(contents)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        options.open(path)?.write_all(contents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::parse::RawValue;
    use indexmap::IndexMap;

    #[test]
    fn writes_each_member_given_and_empty_for_a_missing_one() {
        let dir = tempfile::tempdir().expect("dir");
        let cert = dir.path().join("cert.pem");
        let private = dir.path().join("private.key");
        let mut p = ParsedArgs::default();
        for (name, path) in [
            ("certificate-pem-outfile", &cert),
            ("private-key-outfile", &private),
        ] {
            p.members.insert(
                name.into(),
                RawValue::One(path.to_string_lossy().into_owned()),
            );
        }
        check(&p).expect("writable");
        let mut top = IndexMap::new();
        top.insert("certificatePem".to_owned(), Value::String("PEM".into()));
        let mut result = Value::Map(top);
        save(&p, &mut result).expect("saved");
        assert_eq!(std::fs::read(&cert).expect("cert"), b"PEM");
        assert_eq!(std::fs::read(&private).expect("key"), b"");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&cert).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        p.members.insert(
            "public-key-outfile".into(),
            RawValue::One("/no/such/dir/k".into()),
        );
        assert_eq!(check(&p).map_err(|e| e.exit_code()).err(), Some(252));
    }
}
