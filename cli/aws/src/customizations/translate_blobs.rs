//! `translate import-terminology --data-file` and `translate translate-document
//! --document-content`: the blob of the terminology file and of the document come from options
//! of their own, which are required, and the structure's option may no longer carry it, as in
//! the AWS CLI v2.

use super::custom_arg;
use super::registry::{Customization, InputContext, Target};
use crate::args::parse::RawValue;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// One blob moved out of its structure.
struct Moved {
    /// The operation's model name.
    operation: &'static str,
    /// The structure's option and input member.
    source: &'static str,
    /// The input member of that structure.
    member_of: &'static str,
    /// Whether the structure's option stays required.
    source_required: bool,
    /// The blob member.
    member: &'static str,
    /// The new option.
    option: &'static str,
    /// Its help text.
    doc: &'static str,
}

const MOVED: &[Moved] = &[
    Moved {
        operation: "ImportTerminology",
        source: "terminology-data",
        member_of: "TerminologyData",
        source_required: false,
        member: "File",
        option: "data-file",
        doc: "The terminology file to import, given as fileb://path (for example fileb://terms.csv).",
    },
    Moved {
        operation: "TranslateDocument",
        source: "document",
        member_of: "Document",
        source_required: true,
        member: "Content",
        option: "document-content",
        doc: "The document to translate, given as fileb://path (for example fileb://letter.txt).",
    },
];

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    arguments: Some(add_options),
    input: Some(apply),
    ..Customization::of("translate", |op| MOVED.iter().any(|m| m.operation == op))
};

fn moved(operation: &str) -> Option<&'static Moved> {
    MOVED.iter().find(|m| m.operation == operation)
}

fn add_options(target: &Target<'_>, args: &mut Vec<Argument>) {
    let Some(m) = moved(target.operation) else {
        return;
    };
    if let Some(source) = args.iter_mut().find(|a| a.name == m.source) {
        source.required = m.source_required;
    }
    args.push(Argument {
        doc: m.doc,
        shape_type: aws2_core::model::ShapeType::Blob,
        ..custom_arg(m.option, ArgKind::Single, true)
    });
}

/// Refuses the blob inside the structure's option, then puts the new option's bytes there.
fn apply(cx: &InputContext<'_>, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    let Some(m) = moved(cx.operation) else {
        return Ok(());
    };
    if let Some(Value::Map(structure)) = input.get(m.member_of) {
        if structure.contains_key(m.member) {
            return Err(CliError::Validation(refusal(m)));
        }
    }
    let Some(RawValue::One(value)) = cx.parsed.members.get(m.option) else {
        return Ok(());
    };
    let bytes = super::blob_hoist::blob_value(m.option, value)?;
    if !matches!(input.get(m.member_of), Some(Value::Map(_))) {
        input.insert(m.member_of.to_owned(), Value::Map(IndexMap::new()));
    }
    if let Some(Value::Map(structure)) = input.get_mut(m.member_of) {
        structure.insert(m.member.to_owned(), Value::Blob(bytes));
    }
    Ok(())
}

/// v2's message for a blob given inside the structure's option.
fn refusal(m: &Moved) -> String {
    match m.option {
        "data-file" => format!(
            "{} cannot be provided as part of the '--{}' argument. Please use the '--{}' option instead to specify a file.",
            m.member, m.source, m.option
        ),
        _ => format!(
            "{} cannot be provided as a part of the '--{}' argument. Please use the '--{}' option instead to specify a file.",
            m.member, m.source, m.option
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_worded_as_v2_words_them() {
        assert_eq!(
            refusal(&MOVED[0]),
            "File cannot be provided as part of the '--terminology-data' argument. Please use the '--data-file' option instead to specify a file."
        );
        assert!(refusal(&MOVED[1]).starts_with("Content cannot be provided as a part of the '--document'"));
    }
}
