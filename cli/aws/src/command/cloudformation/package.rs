//! `aws cloudformation package`: uploads the local artifacts a template refers to and
//! prints (or writes) the template that refers to their S3 locations instead.

use super::artifacts::export_template;
use super::template;
use super::uploader::{UploadOptions, Uploader};
use crate::args::argparse::Parsed;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use indexmap::IndexMap;
use std::io::Write;

/// Runs `package` with its parsed options.
pub fn run(globals: &GlobalOptions, args: &Parsed) -> Result<i32, CliError> {
    let metadata = match args.value("metadata") {
        Some(text) => Some(metadata(text)?),
        None => None,
    };
    let uploader = Uploader::new(
        globals,
        UploadOptions {
            bucket: args.value("s3-bucket").unwrap_or_default(),
            prefix: args.value("s3-prefix"),
            kms_key_id: args.value("kms-key-id"),
            force: args.flag("force-upload"),
            metadata,
        },
    )?;
    let template_path = args.value("template-file").unwrap_or_default();
    if !std::path::Path::new(template_path).is_file() {
        return Err(CliError::other(format!(
            "Invalid template path {template_path}"
        )));
    }
    let cwd = std::env::current_dir().map_err(|e| CliError::other(e.to_string()))?;
    let exported = export_template(template_path, &cwd, &uploader)?;
    let text = if args.flag("use-json") {
        template::to_json(&exported).map_err(CliError::other)?
    } else {
        template::to_yaml(&exported)
    };
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\n");
    match args.value("output-template-file") {
        None => {
            let _ = out.write_all(text.as_bytes());
        }
        Some(file) => {
            std::fs::write(file, &text).map_err(|e| CliError::other(os_error(&e, file)))?;
            let full = cwd.join(file);
            let _ = write!(
                out,
                "Successfully packaged artifacts and wrote output template to file {file}.\n\
                 Execute the following command to deploy the packaged template\n\
                 aws cloudformation deploy --template-file {} --stack-name <YOUR STACK NAME>\n",
                normalize(&full)
            );
        }
    }
    let _ = out.flush();
    Ok(0)
}

/// `os.path.abspath`: the path with `.` and `..` resolved, without following links.
fn normalize(path: &std::path::Path) -> String {
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.to_string_lossy().into_owned()
}

/// `--metadata`: shorthand (`a=b,c=d`) or a JSON object of strings.
fn metadata(text: &str) -> Result<IndexMap<String, String>, CliError> {
    let parsed = if text.trim_start().starts_with('{') {
        serde_json::from_str::<serde_json::Value>(text).map_err(|e| {
            CliError::Validation(format!(
                "Error parsing parameter '--metadata': Invalid JSON: {e}\nJSON received: {text}"
            ))
        })?
    } else {
        aws2_params::shorthand::parse(text).map_err(|e| {
            CliError::Validation(format!("Error parsing parameter '--metadata': {e}"))
        })?
    };
    let serde_json::Value::Object(map) = parsed else {
        return Err(CliError::Validation(
            "Error parsing parameter '--metadata': expected a map".to_owned(),
        ));
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect())
}

/// Python's message for a file it cannot open (`[Errno 2] No such file or directory: 'x'`).
fn os_error(e: &std::io::Error, file: &str) -> String {
    let text = e.to_string();
    match e.raw_os_error() {
        Some(code) => {
            let reason = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text);
            format!("[Errno {code}] {reason}: {}", aws2_pyrepr::str_repr(file))
        }
        None => text,
    }
}
