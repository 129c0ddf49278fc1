//! `ses send-email --from --to --cc --bcc --subject --text --html`: the destination and the
//! message from plain options, in place of `--destination` and `--message` (which are then no
//! longer required), as the AWS CLI v2 offers them. `--source` is named `--from` (renames).

use super::{custom_arg, exclusive, one};
use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| promote(args)),
    input: Some(|cx, input| apply(cx.parsed, input)),
    ..super::registry::Customization::of("ses", |op| op == "SendEmail")
};

/// The address options and the `Destination` member each fills.
const ADDRESSES: &[(&str, &str)] = &[
    ("to", "ToAddresses"),
    ("cc", "CcAddresses"),
    ("bcc", "BccAddresses"),
];

/// The message options and the `Message` member each fills.
const BODY: &[(&str, &str)] = &[("subject", "Subject"), ("text", "Text"), ("html", "Html")];

/// The help text of each option.
fn doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "to" => "Addresses of the primary recipients, separated by spaces.",
        "cc" => "Addresses of the copy (Cc) recipients, separated by spaces.",
        "bcc" => "Addresses of the blind-copy (Bcc) recipients, separated by spaces.",
        "subject" => "Subject line of the message.",
        "text" => "Body of the message as plain text.",
        "html" => "Body of the message as HTML.",
        _ => return None,
    })
}

fn promote(args: &mut Vec<Argument>) {
    for arg in args.iter_mut() {
        if arg.name == "destination" || arg.name == "message" {
            arg.required = false;
        }
    }
    args.extend(
        ADDRESSES
            .iter()
            .map(|(n, _)| Argument {
                doc: doc(n).unwrap_or_default(),
                ..custom_arg(n, ArgKind::List, false)
            }),
    );
    args.extend(
        BODY.iter()
            .map(|(n, _)| Argument {
                doc: doc(n).unwrap_or_default(),
                ..custom_arg(n, ArgKind::Single, false)
            }),
    );
}

/// Builds `Destination` and `Message` from the options given.
fn apply(parsed: &ParsedArgs, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    let order = ["destination", "message", "to", "cc", "bcc", "text", "html"];
    exclusive(parsed, &order, &[&["destination"], &["to", "cc", "bcc"]])?;
    exclusive(parsed, &order, &[&["message"], &["text", "html"]])?;
    for (name, key) in ADDRESSES {
        let list = match parsed.members.get(*name) {
            Some(RawValue::Many(values)) if !values.is_empty() => values.clone(),
            Some(RawValue::One(value)) => vec![value.clone()],
            _ => continue,
        };
        let list = Value::List(list.into_iter().map(Value::String).collect());
        if let Some(destination) = entry(input, "Destination", IndexMap::new) {
            destination.insert((*key).to_owned(), list);
        }
    }
    for (name, key) in BODY {
        let Some(text) = one(parsed, name).filter(|t| !t.is_empty()) else {
            continue;
        };
        let Some(message) = entry(input, "Message", || {
            let mut m = IndexMap::new();
            m.insert("Subject".to_owned(), Value::Map(IndexMap::new()));
            m.insert("Body".to_owned(), Value::Map(IndexMap::new()));
            m
        }) else {
            continue;
        };
        let mut data = IndexMap::new();
        data.insert("Data".to_owned(), Value::String(text.to_owned()));
        let data = Value::Map(data);
        match *key {
            "Subject" => {
                message.insert("Subject".to_owned(), data);
            }
            _ => {
                if let Some(Value::Map(body)) = message.get_mut("Body") {
                    body.insert((*key).to_owned(), data);
                }
            }
        }
    }
    Ok(())
}

/// The structure member `key` of the input, made with `fresh` when missing.
fn entry<'a>(
    input: &'a mut IndexMap<String, Value>,
    key: &str,
    fresh: impl FnOnce() -> IndexMap<String, Value>,
) -> Option<&'a mut IndexMap<String, Value>> {
    if !matches!(input.get(key), Some(Value::Map(_))) {
        input.insert(key.to_owned(), Value::Map(fresh()));
    }
    match input.get_mut(key) {
        Some(Value::Map(map)) => Some(map),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_destination_and_message() {
        let mut p = ParsedArgs::default();
        p.members.insert(
            "to".into(),
            RawValue::Many(vec!["a@example.com".into(), "b@example.com".into()]),
        );
        p.members
            .insert("bcc".into(), RawValue::Many(vec!["c@example.com".into()]));
        p.members.insert("text".into(), RawValue::One("hi".into()));
        let mut input = IndexMap::new();
        apply(&p, &mut input).expect("applies");
        let json = Value::Map(input).to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(
            json,
            serde_json::json!({
                "Destination": {"ToAddresses": ["a@example.com", "b@example.com"],
                                "BccAddresses": ["c@example.com"]},
                "Message": {"Subject": {}, "Body": {"Text": {"Data": "hi"}}}
            })
        );
    }

    #[test]
    fn refuses_destination_with_addresses() {
        let mut p = ParsedArgs::default();
        p.members
            .insert("destination".into(), RawValue::One("{}".into()));
        p.members
            .insert("cc".into(), RawValue::Many(vec!["a@example.com".into()]));
        let err = apply(&p, &mut IndexMap::new()).expect_err("exclusive");
        assert!(format!("{err:?}").contains("The key \\\"cc\\\" cannot be specified"));
    }
}
