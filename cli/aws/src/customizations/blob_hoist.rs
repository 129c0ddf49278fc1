//! Options that give the blob inside a structure from a file: `rekognition ... --image-bytes
//! fileb://photo.png` fills `Image.Bytes`, `compare-faces --source-image-bytes` and
//! `--target-image-bytes` fill `SourceImage.Bytes` and `TargetImage.Bytes`, `quicksight
//! start-asset-bundle-import-job --asset-bundle-import-source-bytes` fills
//! `AssetBundleImportSource.Body`; the structure's own option is then no longer required, as
//! in the AWS CLI v2.

use super::custom_arg;
use super::registry::{Customization, Target};
use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// One hoisted blob: service, operation (`*`: any), the structure's option, the shape it must
/// have, its blob member, and the new option.
struct Hoist {
    service: &'static str,
    operation: &'static str,
    source: &'static str,
    shape: &'static str,
    member: &'static str,
    option: &'static str,
}

const HOISTS: &[Hoist] = &[
    Hoist {
        service: "rekognition",
        operation: "CompareFaces",
        source: "source-image",
        shape: "Image",
        member: "Bytes",
        option: "source-image-bytes",
    },
    Hoist {
        service: "rekognition",
        operation: "CompareFaces",
        source: "target-image",
        shape: "Image",
        member: "Bytes",
        option: "target-image-bytes",
    },
    Hoist {
        service: "rekognition",
        operation: "*",
        source: "image",
        shape: "Image",
        member: "Bytes",
        option: "image-bytes",
    },
    Hoist {
        service: "quicksight",
        operation: "StartAssetBundleImportJob",
        source: "asset-bundle-import-source",
        shape: "AssetBundleImportSource",
        member: "Body",
        option: "asset-bundle-import-source-bytes",
    },
];

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    arguments: Some(hoist),
    input: Some(|cx, input| apply(cx.parsed, input)),
    ..Customization::of("*", |op| {
        HOISTS
            .iter()
            .any(|h| h.operation == "*" || h.operation == op)
    })
};

/// The hoists of one operation.
fn hoists<'a>(service: &'a str, operation: &'a str) -> impl Iterator<Item = &'static Hoist> + 'a {
    HOISTS.iter().filter(move |h| {
        h.service == service && (h.operation == "*" || h.operation == operation)
    })
}

fn hoist(target: &Target<'_>, args: &mut Vec<Argument>) {
    for h in hoists(target.service, target.operation) {
        let Some(source) = args
            .iter_mut()
            .find(|a| a.name == h.source && a.shape_ref.shape == h.shape)
        else {
            continue;
        };
        source.required = false;
        args.push(Argument {
            doc: "The content of the file to send, given as fileb://path (for example fileb://image.png).",
            shape_type: aws2_core::model::ShapeType::Blob,
            ..custom_arg(h.option, ArgKind::Single, false)
        });
    }
}

/// Puts each new option's bytes into its structure.
fn apply(parsed: &ParsedArgs, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    for h in HOISTS {
        let Some(RawValue::One(value)) = parsed.members.get(h.option) else {
            continue;
        };
        let bytes = blob_value(h.option, value)?;
        let member = structure_member(h.source);
        if !matches!(input.get(&member), Some(Value::Map(_))) {
            input.insert(member.clone(), Value::Map(IndexMap::new()));
        }
        if let Some(Value::Map(structure)) = input.get_mut(&member) {
            structure.insert(h.member.to_owned(), Value::Blob(bytes));
        }
    }
    Ok(())
}

/// The bytes of a blob option: a `fileb://` file's bytes, else the value (or the `file://`
/// file's text) decoded from base64, failing as the AWS CLI v2 fails on bad base64 (255).
pub(super) fn blob_value(option: &str, value: &str) -> Result<Vec<u8>, CliError> {
    let bytes = crate::args::convert::param_file_bytes(option, value)?;
    if value.starts_with("fileb://") {
        return Ok(bytes);
    }
    let text = String::from_utf8_lossy(&bytes);
    crate::args::lenient_base64::decode(&text)
        .ok_or_else(|| CliError::Other(format!("Invalid base64: \"{text}\"")))
}

/// The input member of an option name: `source-image` → `SourceImage`.
fn structure_member(option: &str) -> String {
    option
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_names_become_members() {
        assert_eq!(structure_member("source-image"), "SourceImage");
        assert_eq!(
            structure_member("asset-bundle-import-source"),
            "AssetBundleImportSource"
        );
    }

    #[test]
    fn bytes_join_the_structure_given() {
        let mut parsed = ParsedArgs::default();
        parsed
            .members
            .insert("image-bytes".into(), RawValue::One("YWJj".into()));
        let mut input = IndexMap::new();
        let mut image = IndexMap::new();
        image.insert("S3Object".to_owned(), Value::Map(IndexMap::new()));
        input.insert("Image".to_owned(), Value::Map(image));
        apply(&parsed, &mut input).expect("applies");
        let Some(Value::Map(image)) = input.get("Image") else {
            panic!("no image: {input:?}")
        };
        assert_eq!(image.get("Bytes"), Some(&Value::Blob(b"abc".to_vec())));
        assert!(image.contains_key("S3Object"));
    }
}
