//! `configservice put-configuration-recorder --recording-group`: the recorder's
//! `recordingGroup` structure as an option of its own (shorthand or JSON), set into
//! `ConfigurationRecorder` after `--configuration-recorder` is read, as the AWS CLI v2 has it.

use super::custom_arg;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::model::{ShapeRef, ShapeType};
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| add_recording_group(args)),
    input: Some(|_, input| place_recording_group(input)),
    ..super::registry::Customization::of("config", |op| op == "PutConfigurationRecorder")
};

/// The input key the option's value is held under until it is placed (no member has it).
const HELD_AS: &str = "--recording-group";

fn add_recording_group(args: &mut Vec<Argument>) {
    args.push(Argument {
        member: HELD_AS.to_owned(),
        shape_ref: ShapeRef {
            shape: "RecordingGroup".to_owned(),
            ..ShapeRef::default()
        },
        shape_type: ShapeType::Structure,
        doc: "Which resource types the recorder records: all supported ones \
              (allSupported, includeGlobalResourceTypes), a list (resourceTypes), or all but \
              some (exclusionByResourceTypes), with the recordingStrategy that says which.",
        ..custom_arg("recording-group", ArgKind::Single, false)
    });
}

/// Moves the held value to `ConfigurationRecorder.recordingGroup`.
fn place_recording_group(input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    let Some(group) = input.shift_remove(HELD_AS) else {
        return Ok(());
    };
    let recorder = input
        .entry("ConfigurationRecorder".to_owned())
        .or_insert_with(|| Value::Map(IndexMap::new()));
    if let Value::Map(fields) = recorder {
        fields.insert("recordingGroup".to_owned(), group);
    }
    Ok(())
}
