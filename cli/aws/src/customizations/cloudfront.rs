//! CloudFront's simpler options, as the AWS CLI v2 adds them: `create-invalidation --paths`
//! builds the `InvalidationBatch`; `create-distribution --origin-domain-name` and
//! `--default-root-object` fill a template `DistributionConfig`; `update-distribution
//! --default-root-object` reads the distribution's configuration and its `ETag` with
//! `GetDistributionConfig` and sends it back with the new root object. Each is exclusive of
//! the model option it stands in for.

use super::registry::{Customization, InputContext, Target};
use super::{custom_arg, exclusive, one, unique_string};
use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;
use std::sync::Arc;

/// The customization's entry in the registry.
pub const CUSTOMIZATION: Customization = Customization {
    arguments: Some(add_options),
    input: Some(apply),
    ..Customization::of("cloudfront", |op| {
        matches!(
            op,
            "CreateInvalidation" | "CreateDistribution" | "UpdateDistribution"
        )
    })
};

const PATHS: &str = "paths";
const ORIGIN: &str = "origin-domain-name";
const ROOT: &str = "default-root-object";

const PATHS_DOC: &str = "The space-separated paths to be invalidated. Note: --invalidation-batch and --paths are mutually exclusive.";
const ORIGIN_DOC: &str =
    "The domain name for your origin. This argument and --distribution-config are mutually exclusive.";
const CREATE_ROOT_DOC: &str = "The object that you want CloudFront to return (for example, index.html) when a viewer request points to your root URL. This argument and --distribution-config are mutually exclusive.";
const UPDATE_ROOT_DOC: &str = "The object that you want CloudFront to return (for example, index.html) when a viewer request points to your root URL. CLI will automatically make a get-distribution-config call to load and preserve your other settings. This argument and --distribution-config are mutually exclusive.";

fn documented(name: &str, kind: ArgKind, doc: &'static str) -> Argument {
    Argument {
        doc,
        ..custom_arg(name, kind, false)
    }
}

/// The model option each customization stands in for is no longer required.
fn optional(args: &mut [Argument], name: &str) {
    if let Some(arg) = args.iter_mut().find(|a| a.name == name) {
        arg.required = false;
    }
}

fn add_options(target: &Target<'_>, args: &mut Vec<Argument>) {
    match target.operation {
        "CreateInvalidation" => {
            optional(args, "invalidation-batch");
            args.push(documented(PATHS, ArgKind::List, PATHS_DOC));
        }
        "CreateDistribution" => {
            optional(args, "distribution-config");
            args.push(documented(ORIGIN, ArgKind::Single, ORIGIN_DOC));
            args.push(documented(ROOT, ArgKind::Single, CREATE_ROOT_DOC));
        }
        _ => {
            optional(args, "distribution-config");
            args.push(documented(ROOT, ArgKind::Single, UPDATE_ROOT_DOC));
        }
    }
}

fn apply(cx: &InputContext<'_>, input: &mut IndexMap<String, Value>) -> Result<(), CliError> {
    let parsed = cx.parsed;
    match cx.operation {
        "CreateInvalidation" => {
            exclusive(
                parsed,
                &["invalidation-batch", PATHS],
                &[&["invalidation_batch"], &["paths"]],
            )?;
            invalidation_paths(parsed, input)
        }
        "CreateDistribution" => {
            exclusive(
                parsed,
                &["distribution-config", ORIGIN, ROOT],
                &[
                    &["default_root_object", "origin_domain_name"],
                    &["distribution_config"],
                ],
            )?;
            // Only a given option brings in the template.
            if let Some(domain) = one(parsed, ORIGIN) {
                if let Some(config) = template_config(input) {
                    set_origin(config, domain);
                }
            }
            if let Some(root) = one(parsed, ROOT) {
                if let Some(config) = template_config(input) {
                    config.insert("DefaultRootObject".into(), text(root));
                }
            }
            Ok(())
        }
        _ => {
            exclusive(
                parsed,
                &["distribution-config", "id", "if-match", ROOT],
                &[&["default_root_object"], &["distribution_config"]],
            )?;
            match one(parsed, ROOT) {
                Some(root) => current_config(cx, input, root),
                None => Ok(()),
            }
        }
    }
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// `InvalidationBatch` of the `--paths` given, with a fresh caller reference.
fn invalidation_paths(
    parsed: &ParsedArgs,
    input: &mut IndexMap<String, Value>,
) -> Result<(), CliError> {
    let Some(RawValue::Many(paths)) = parsed.members.get(PATHS) else {
        return Ok(());
    };
    if paths.is_empty() {
        return Err(CliError::usage(
            "argument --paths: expected at least one argument",
        ));
    }
    let items = paths.iter().map(|p| text(p)).collect();
    let batch = map(vec![
        ("CallerReference", text(&unique_string("cli"))),
        (
            "Paths",
            map(vec![
                ("Quantity", Value::Integer(paths.len() as i64)),
                ("Items", Value::List(items)),
            ]),
        ),
    ]);
    input.insert("InvalidationBatch".into(), batch);
    Ok(())
}

/// The `DistributionConfig` of the input, the AWS CLI's template when there is none yet.
fn template_config(input: &mut IndexMap<String, Value>) -> Option<&mut IndexMap<String, Value>> {
    let entry = input
        .entry("DistributionConfig".to_owned())
        .or_insert_with(|| {
            let behavior = map(vec![
                ("TargetOriginId", text("placeholder")),
                (
                    "ForwardedValues",
                    map(vec![
                        ("QueryString", Value::Bool(false)),
                        ("Cookies", map(vec![("Forward", text("none"))])),
                    ]),
                ),
                (
                    "TrustedSigners",
                    map(vec![
                        ("Enabled", Value::Bool(false)),
                        ("Quantity", Value::Integer(0)),
                    ]),
                ),
                ("ViewerProtocolPolicy", text("allow-all")),
                ("MinTTL", Value::Integer(0)),
            ]);
            map(vec![
                ("CallerReference", text(&unique_string("cli"))),
                (
                    "Origins",
                    map(vec![
                        ("Quantity", Value::Integer(0)),
                        ("Items", Value::List(Vec::new())),
                    ]),
                ),
                ("DefaultCacheBehavior", behavior),
                ("Enabled", Value::Bool(true)),
                ("Comment", text("")),
            ])
        });
    match entry {
        Value::Map(config) => Some(config),
        _ => None,
    }
}

/// The one origin of `--origin-domain-name`: an S3 origin for a `.s3.amazonaws.com` bucket,
/// else a custom HTTP origin; the default cache behavior targets it.
fn set_origin(config: &mut IndexMap<String, Value>, domain: &str) {
    let id = unique_string(domain);
    let mut item = vec![
        ("Id", text(&id)),
        ("DomainName", text(domain)),
        ("OriginPath", text("")),
    ];
    if domain.ends_with(".s3.amazonaws.com") {
        item.push((
            "S3OriginConfig",
            map(vec![("OriginAccessIdentity", text(""))]),
        ));
    } else {
        item.push((
            "CustomOriginConfig",
            map(vec![
                ("HTTPPort", Value::Integer(80)),
                ("HTTPSPort", Value::Integer(443)),
                ("OriginProtocolPolicy", text("http-only")),
            ]),
        ));
    }
    config.insert(
        "Origins".into(),
        map(vec![
            ("Quantity", Value::Integer(1)),
            ("Items", Value::List(vec![map(item)])),
        ]),
    );
    if let Some(Value::Map(behavior)) = config.get_mut("DefaultCacheBehavior") {
        behavior.insert("TargetOriginId".into(), text(&id));
    }
}

/// The distribution's current configuration with the new root object, sent with the `ETag`
/// `GetDistributionConfig` answered.
fn current_config(
    cx: &InputContext<'_>,
    input: &mut IndexMap<String, Value>,
    root: &str,
) -> Result<(), CliError> {
    let session = crate::session::config_session(cx.globals);
    let service = Arc::new(aws2_core::Service::load("cloudfront")?);
    let client = crate::session::client(cx.globals, &session, service.clone())?;
    let operation = service.operation("GetDistributionConfig")?;
    let mut request = IndexMap::new();
    if let Some(id) = input.get("Id") {
        request.insert("Id".to_owned(), id.clone());
    }
    let response = client
        .call(&operation, &Value::Map(request))
        .map_err(crate::call_error::call_error)?;
    // The AWS CLI reads both keys of the response as a dict: a missing one is a KeyError.
    let etag = response
        .get("ETag")
        .cloned()
        .ok_or_else(|| CliError::other("'ETag'"))?;
    let mut config = response
        .get("DistributionConfig")
        .cloned()
        .ok_or_else(|| CliError::other("'DistributionConfig'"))?;
    if let Value::Map(fields) = &mut config {
        fields.insert("DefaultRootObject".into(), text(root));
    }
    input.insert("IfMatch".into(), etag);
    input.insert("DistributionConfig".into(), config);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::customizations::test_args::parsed;

    #[test]
    fn paths_make_one_batch_and_exclude_the_batch_option() {
        let mut input = IndexMap::new();
        let p = parsed(&[(PATHS, RawValue::Many(vec!["/a".into(), "/b".into()]))]);
        invalidation_paths(&p, &mut input).expect("batch");
        let json = Value::Map(input).to_json(aws2_core::value::TimestampStyle::Iso8601);
        assert_eq!(json["InvalidationBatch"]["Paths"]["Quantity"], 2);
        assert_eq!(
            json["InvalidationBatch"]["Paths"]["Items"],
            serde_json::json!(["/a", "/b"])
        );
        let reference = json["InvalidationBatch"]["CallerReference"]
            .as_str()
            .expect("reference");
        assert!(reference.starts_with("cli-"), "{reference}");
        let both = parsed(&[
            ("invalidation-batch", RawValue::One("{}".into())),
            (PATHS, RawValue::Many(vec!["/a".into()])),
        ]);
        let err = exclusive(
            &both,
            &["invalidation-batch", PATHS],
            &[&["invalidation_batch"], &["paths"]],
        )
        .expect_err("exclusive");
        assert_eq!(err.to_string(), "The key \"paths\" cannot be specified when one of the following keys are also specified: invalidation_batch");
    }

    #[test]
    fn an_s3_origin_has_no_custom_origin_config() {
        let mut input = IndexMap::new();
        set_origin(
            template_config(&mut input).expect("template"),
            "b.s3.amazonaws.com",
        );
        let json = Value::Map(input).to_json(aws2_core::value::TimestampStyle::Iso8601);
        let config = &json["DistributionConfig"];
        let item = &config["Origins"]["Items"][0];
        assert_eq!(item["S3OriginConfig"]["OriginAccessIdentity"], "");
        assert!(item.get("CustomOriginConfig").is_none());
        assert_eq!(config["DefaultCacheBehavior"]["TargetOriginId"], item["Id"]);
        assert!(item["Id"]
            .as_str()
            .is_some_and(|id| id.starts_with("b.s3.amazonaws.com-")));
    }
}
