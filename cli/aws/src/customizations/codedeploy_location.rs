//! `deploy create-deployment`, `get-application-revision` and `register-application-revision
//! --s3-location | --github-location`: the revision given as its location alone (shorthand or
//! JSON), in place of `--revision` (which is then no longer required), as the AWS CLI v2 has
//! them. The later option of the table wins when several are given, as there.

use super::custom_arg;
use crate::args::parse::ParsedArgs;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::model::{ShapeRef, ShapeType};
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| add_locations(args)),
    input: Some(|cx, input| build_revision(cx.parsed, input)),
    ..super::registry::Customization::of("codedeploy", |op| {
        matches!(
            op,
            "CreateDeployment" | "GetApplicationRevision" | "RegisterApplicationRevision"
        )
    })
};

/// One location option: its name, the model shape its value is read as, the input key it is
/// held under until the revision is built (no member has such a name), and its help text.
struct Location {
    name: &'static str,
    shape: &'static str,
    held_as: &'static str,
    doc: &'static str,
}

/// The options, in the order they join the argument table.
const LOCATIONS: [Location; 2] = [
    Location {
        name: "s3-location",
        shape: "S3Location",
        held_as: "--s3-location",
        doc: "Where the application revision is in Amazon S3: its bucket, key and bundleType \
              (tar, tgz or zip) are required, its eTag and version optional.",
    },
    Location {
        name: "github-location",
        shape: "GitHubLocation",
        held_as: "--github-location",
        doc: "Where the application revision is in GitHub: its repository \
              (GitHub-account/repository-name or GitHub-org/repository-name) and the SHA1 \
              commitId of the revision.",
    },
];

fn add_locations(args: &mut Vec<Argument>) {
    for arg in args.iter_mut().filter(|a| a.name == "revision") {
        arg.required = false;
    }
    args.extend(LOCATIONS.iter().map(|l| Argument {
        member: l.held_as.to_owned(),
        shape_ref: ShapeRef {
            shape: l.shape.to_owned(),
            ..ShapeRef::default()
        },
        shape_type: ShapeType::Structure,
        doc: l.doc,
        ..custom_arg(l.name, ArgKind::Single, false)
    }));
}

/// Replaces `revision` with the revision each location option given builds, in table order.
fn build_revision(
    parsed: &ParsedArgs,
    input: &mut IndexMap<String, Value>,
) -> Result<(), CliError> {
    for location in &LOCATIONS {
        let Some(value) = input.shift_remove(location.held_as) else {
            continue;
        };
        if !parsed.members.contains_key(location.name) {
            continue;
        }
        let fields = match value {
            Value::Map(map) => map,
            _ => IndexMap::new(),
        };
        let revision = match location.name {
            "s3-location" => s3_revision(&fields)?,
            _ => github_revision(&fields)?,
        };
        input.insert("revision".to_owned(), Value::Map(revision));
    }
    Ok(())
}

/// Whether every one of `keys` is given and not empty (Python's truth of the value).
fn all_given(fields: &IndexMap<String, Value>, keys: &[&str]) -> bool {
    keys.iter().all(|k| match fields.get(*k) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    })
}

fn s3_revision(fields: &IndexMap<String, Value>) -> Result<IndexMap<String, Value>, CliError> {
    if !all_given(fields, &["bucket", "key", "bundleType"]) {
        return Err(CliError::validation(
            "--s3-location must specify bucket, key and bundleType.",
        ));
    }
    let mut location = IndexMap::new();
    for key in ["bucket", "key", "bundleType", "eTag", "version"] {
        if let Some(value) = fields.get(key) {
            location.insert(key.to_owned(), value.clone());
        }
    }
    Ok(revision("S3", "s3Location", location))
}

fn github_revision(
    fields: &IndexMap<String, Value>,
) -> Result<IndexMap<String, Value>, CliError> {
    if !all_given(fields, &["repository", "commitId"]) {
        return Err(CliError::validation(
            "--github-location must specify repository and commitId.",
        ));
    }
    let mut location = IndexMap::new();
    for key in ["repository", "commitId"] {
        location.insert(key.to_owned(), fields[key].clone());
    }
    Ok(revision("GitHub", "gitHubLocation", location))
}

/// `{"revisionType": kind, key: location}`.
fn revision(
    kind: &str,
    key: &str,
    location: IndexMap<String, Value>,
) -> IndexMap<String, Value> {
    let mut revision = IndexMap::new();
    revision.insert("revisionType".to_owned(), Value::String(kind.to_owned()));
    revision.insert(key.to_owned(), Value::Map(location));
    revision
}
