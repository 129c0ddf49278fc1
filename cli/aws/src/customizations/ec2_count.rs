//! `ec2 run-instances` takes `--count min[:max]` instead of `--min-count`/`--max-count`, both
//! 1 unless given (the AWS CLI's `addcount` customization).

use super::registry::{Customization, Target};
use crate::args::parse::ParsedArgs;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// The name of `ec2 run-instances`' `--count` option.
pub const COUNT_ARG: &str = "count";

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    arguments: Some(add_count),
    input: Some(|cx, input| apply(cx.parsed, input)),
    ..Customization::of("ec2", |op| op == "RunInstances")
};

const COUNT_DOC: &str = "Number of instances to launch. If a single number is provided, it is assumed to be the minimum to launch (defaults to 1). If a range is provided in the form min:max then the first number is interpreted as the minimum number of instances to launch and the second is the maximum number of instances to launch.";

fn add_count(_: &Target<'_>, args: &mut Vec<Argument>) {
    args.retain(|a| a.name != "min-count" && a.name != "max-count");
    args.push(Argument {
        doc: COUNT_DOC,
        ..super::custom_arg(COUNT_ARG, ArgKind::Single, false)
    });
}

fn apply(parsed: &ParsedArgs, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    // The AWS CLI v2's `--count` customization raises an exception class it never imported,
    // so a malformed count ends with Python's NameError (exit 255).
    apply_count(super::one(parsed, COUNT_ARG), input)
        .map_err(|_| CliError::other("name 'ParamValidationError' is not defined"))
}

/// Fills `MinCount` and `MaxCount` from `--count` (`n` or `min:max`), defaulting both to 1.
pub fn apply_count(count: Option<&str>, input: &mut IndexMap<String, Value>) -> Result<(), String> {
    if let Some(text) = count {
        let (min, max) = text.split_once(':').unwrap_or((text, text));
        let parse = |s: &str| s.trim().parse::<i64>().ok();
        let (Some(min), Some(max)) = (parse(min), parse(max)) else {
            return Err("count parameter should be of form min[:max] (e.g. 1 or 1:10)".into());
        };
        input.insert("MinCount".into(), Value::Integer(min));
        input.insert("MaxCount".into(), Value::Integer(max));
    }
    for key in ["MaxCount", "MinCount"] {
        input.entry(key.to_owned()).or_insert(Value::Integer(1));
    }
    Ok(())
}
