//! `cloudwatch put-metric-data --metric-name --value --unit --dimensions --timestamp
//! --statistic-values --storage-resolution`: one metric datum from plain options, in place of
//! `--metric-data` (which is then no longer required), as the AWS CLI v2 offers it.

use super::{custom_arg, exclusive, one, split_on_commas};
use crate::args::parse::ParsedArgs;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::{Timestamp, Value};
use indexmap::IndexMap;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| promote(args)),
    input: Some(|cx, input| apply(cx.parsed, input)),
    ..super::registry::Customization::of("cloudwatch", |op| op == "PutMetricData")
};

/// The options, in the order they join the argument table (and fill the datum).
const NAMES: &[&str] = &[
    "metric-name",
    "timestamp",
    "unit",
    "value",
    "dimensions",
    "statistic-values",
    "storage-resolution",
];

/// The help text of each option.
fn doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "metric-name" => "Name of the metric the data point belongs to.",
        "timestamp" => "Time of the data point; the service uses the time it receives the data when this is left out.",
        "unit" => "Unit of the value (Seconds, Bytes, Count, Percent, ...).",
        "value" => "The value of the data point, a number. Values with base-10 exponents above 126 or below -130 are truncated by CloudWatch.",
        "dimensions" => "Dimensions of the metric as Name=Value pairs separated by commas, for example --dimensions InstanceId=i-1234,InstanceType=m1.small. (get-metric-data takes dimensions in another form: Name=InstanceId,Value=i-1234.)",
        "statistic-values" => "Statistics of a set of data points in place of one value: Sum=...,Minimum=...,Maximum=...,SampleCount=...",
        "storage-resolution" => "Storage resolution in seconds: 1 for a high-resolution metric, 60 (the default) for a standard one.",
        _ => return None,
    })
}

fn promote(args: &mut Vec<Argument>) {
    for arg in args.iter_mut().filter(|a| a.name == "metric-data") {
        arg.required = false;
    }
    args.extend(
        NAMES
            .iter()
            .map(|n| Argument {
                doc: doc(n).unwrap_or_default(),
                ..custom_arg(n, ArgKind::Single, false)
            }),
    );
}

/// Builds `MetricData[0]` from the options given.
fn apply(parsed: &ParsedArgs, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    exclusive(
        parsed,
        &["metric-data", "metric-name", "timestamp", "unit", "value", "dimensions", "statistic-values"],
        &[
            &["metric_data"],
            &["metric_name", "timestamp", "unit", "value", "dimensions", "statistic_values"],
        ],
    )?;
    let mut datum: IndexMap<String, Value> = IndexMap::new();
    for name in NAMES {
        let Some(text) = one(parsed, name) else {
            continue;
        };
        let (key, value) = match *name {
            "metric-name" => ("MetricName", Value::String(text.to_owned())),
            "unit" => ("Unit", Value::String(text.to_owned())),
            "timestamp" => ("Timestamp", timestamp(text)?),
            "value" => ("Value", Value::Float(decimal(text)?)),
            "dimensions" => ("Dimensions", dimensions(text)?),
            "statistic-values" => ("StatisticValues", statistics(text)?),
            _ => ("StorageResolution", Value::Integer(integer(text)?)),
        };
        datum.insert(key.to_owned(), value);
    }
    if datum.is_empty() {
        return Ok(());
    }
    // An input document read after the options gives its own `MetricData` in their place.
    if !input.contains_key("MetricData") {
        input.insert("MetricData".into(), Value::List(vec![Value::Map(datum)]));
    }
    Ok(())
}

fn timestamp(text: &str) -> Result<Value, CliError> {
    Timestamp::parse(text).map(Value::Timestamp).map_err(|_| {
        CliError::Validation(format!(
            "Parameter validation failed:\nInvalid type for parameter MetricData[0].Timestamp, value: {text}, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string"
        ))
    })
}

/// A number as Python's `decimal.Decimal` reads it; anything else fails as it does there.
fn decimal(text: &str) -> Result<f64, CliError> {
    let trimmed = text.trim();
    let numeric = !trimmed.is_empty()
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'));
    match trimmed.replace('_', "").parse::<f64>() {
        Ok(v) if numeric => Ok(v),
        _ => Err(CliError::Other(
            "[<class 'decimal.ConversionSyntax'>]".into(),
        )),
    }
}

fn integer(text: &str) -> Result<i64, CliError> {
    text.trim().parse().map_err(|_| {
        CliError::Other(format!(
            "invalid literal for int() with base 10: '{text}'"
        ))
    })
}

/// `key=value` pairs split on commas; a pair without exactly one `=` fails as Python's tuple
/// unpacking does.
fn pairs(text: &str) -> Result<Vec<(String, String)>, CliError> {
    split_on_commas(text)?
        .into_iter()
        .map(|pair| {
            let parts: Vec<&str> = pair.split('=').collect();
            match parts.as_slice() {
                [k, v] => Ok(((*k).to_owned(), (*v).to_owned())),
                [_] => Err(CliError::Other(
                    "not enough values to unpack (expected 2, got 1)".into(),
                )),
                _ => Err(CliError::Other(format!(
                    "too many values to unpack (expected 2, got {})",
                    parts.len()
                ))),
            }
        })
        .collect()
}

fn dimensions(text: &str) -> Result<Value, CliError> {
    let list = pairs(text)?
        .into_iter()
        .map(|(name, value)| {
            let mut d = IndexMap::new();
            d.insert("Name".to_owned(), Value::String(name));
            d.insert("Value".to_owned(), Value::String(value));
            Value::Map(d)
        })
        .collect();
    Ok(Value::List(list))
}

fn statistics(text: &str) -> Result<Value, CliError> {
    let mut set = IndexMap::new();
    for (key, value) in pairs(text)? {
        set.insert(key, Value::Float(decimal(&value)?));
    }
    Ok(Value::Map(set))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::customizations::test_args::values as parsed;

    #[test]
    fn builds_one_datum_in_option_order() {
        let mut input = IndexMap::new();
        let p = parsed(&[
            ("value", "1.5"),
            ("metric-name", "Hits"),
            ("dimensions", "Host=a,Zone=b"),
            ("statistic-values", "Sum=3,SampleCount=2"),
            ("storage-resolution", "1"),
        ]);
        apply(&p, &mut input).expect("applies");
        let json = Value::Map(input).to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(
            json,
            serde_json::json!({"MetricData": [{
                "MetricName": "Hits", "Value": 1.5,
                "Dimensions": [{"Name": "Host", "Value": "a"}, {"Name": "Zone", "Value": "b"}],
                "StatisticValues": {"Sum": 3.0, "SampleCount": 2.0},
                "StorageResolution": 1
            }]})
        );
    }

    #[test]
    fn refuses_metric_data_with_the_plain_options_and_bad_values() {
        let mut input = IndexMap::new();
        let both = parsed(&[("metric-data", "[]"), ("unit", "Count")]);
        let err = apply(&both, &mut input).expect_err("exclusive");
        assert!(format!("{err:?}").contains("The key \\\"unit\\\" cannot be specified"));
        assert!(apply(&parsed(&[("value", "many")]), &mut input).is_err());
        assert!(apply(&parsed(&[("dimensions", "Host")]), &mut input).is_err());
    }
}
