//! `aws configservice subscribe` and `get-status`, beside the operations of the AWS Config
//! API. `subscribe` prepares an S3 bucket and an SNS topic (creating them when missing), makes
//! the `default` configuration recorder and delivery channel, starts recording and prints
//! both; `get-status` prints the state of every recorder and delivery channel. As in the AWS
//! CLI v2, `--endpoint-url` applies to the AWS Config calls only.

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::service_api::ServiceApi;
use crate::session;
use aws2_core::value::TimestampStyle;
use aws2_core::Value;
use serde_json::json;

/// The `configservice` commands the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "configservice",
    description: "AWS Config, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[
        CommandSpec {
            name: "subscribe",
            description: "Subscribes user to AWS Config by creating an AWS Config delivery \
                          channel and configuration recorder to track AWS resource \
                          configurations. The names of the default channel and configuration \
                          recorder will be default.",
            options: &[
                O::value(
                    "s3-bucket",
                    "The S3 bucket that the AWS Config delivery channel will use. If the \
                     bucket does not exist, it will be automatically created. The value for \
                     this argument should follow the form bucket/prefix. Note that the \
                     prefix is optional.",
                )
                .required(),
                O::value(
                    "sns-topic",
                    "The SNS topic that the AWS Config delivery channel will use. If the SNS \
                     topic does not exist, it will be automatically created. Value for this \
                     should be a valid SNS topic name or the ARN of an existing SNS topic.",
                )
                .required(),
                O::value(
                    "iam-role",
                    "The IAM role that the AWS Config configuration recorder will use to \
                     record current resource configurations. Value for this should be the \
                     ARN of the desired IAM role.",
                )
                .required(),
            ],
        },
        CommandSpec {
            name: "get-status",
            description: "Reports the status of all of configuration recorders and delivery \
                          channels.",
            options: &[],
        },
    ],
};

/// The name `subscribe` gives the recorder and the delivery channel.
const DEFAULT_NAME: &str = "default";

/// Runs `aws configservice subscribe|get-status` (`words` from `configservice` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let name = words.get(1).map(String::as_str).unwrap_or_default();
    let spec = GROUP.command(name).expect("dispatched to a declared command");
    let args = custom::parse(spec, &words[2..])?;
    let session = session::config_session(globals);
    let config = ServiceApi::new(globals, &session, "config")?;
    if name == "get-status" {
        return get_status(&config);
    }
    // The S3 and SNS clients do not take `--endpoint-url`.
    let elsewhere = GlobalOptions {
        endpoint_url: None,
        ..globals.clone()
    };
    let s3 = ServiceApi::new(&elsewhere, &session, "s3")?;
    let sns = ServiceApi::new(&elsewhere, &session, "sns")?;
    let (bucket, prefix) = prepare_bucket(&s3, &session, args.value("s3-bucket").unwrap_or(""))?;
    let topic_arn = prepare_topic(&sns, args.value("sns-topic").unwrap_or(""))?;
    config.call(
        "PutConfigurationRecorder",
        json!({"ConfigurationRecorder": {
            "name": DEFAULT_NAME,
            "roleARN": args.value("iam-role").unwrap_or(""),
        }}),
    )?;
    let mut channel = json!({
        "name": DEFAULT_NAME,
        "s3BucketName": bucket,
        "snsTopicARN": topic_arn,
    });
    if !prefix.is_empty() {
        channel["s3KeyPrefix"] = json!(prefix);
    }
    config.call("PutDeliveryChannel", json!({ "DeliveryChannel": channel }))?;
    config.call(
        "StartConfigurationRecorder",
        json!({ "ConfigurationRecorderName": DEFAULT_NAME }),
    )?;
    let recorders = config.call("DescribeConfigurationRecorders", json!({}))?;
    print!(
        "Subscribe succeeded:\n\nConfiguration Recorders: {}\n\n",
        indented_json(recorders.get("ConfigurationRecorders"))
    );
    let channels = config.call("DescribeDeliveryChannels", json!({}))?;
    println!(
        "Delivery Channels: {}",
        indented_json(channels.get("DeliveryChannels"))
    );
    Ok(0)
}

/// `json.dumps(value, indent=4)`.
fn indented_json(value: Option<&Value>) -> String {
    let json = value.map_or(serde_json::Value::Null, |v| v.to_json(TimestampStyle::Iso8601));
    let style = aws2_output::json::JsonStyle {
        ensure_ascii: true,
        ..aws2_output::json::JsonStyle::cli()
    };
    aws2_output::json::to_json(&json, style)
}

/// The bucket and key prefix of `path` (`bucket/prefix`), the bucket created when it does not
/// exist (HeadBucket answers 404).
fn prepare_bucket(
    s3: &ServiceApi,
    session: &aws2_config::Session,
    path: &str,
) -> Result<(String, String), CliError> {
    let (bucket, prefix) = path.split_once('/').unwrap_or((path, ""));
    let exists = match s3.call("HeadBucket", json!({ "Bucket": bucket })) {
        Ok(_) => true,
        Err(CliError::Service { code, .. }) if code == "404" => false,
        Err(CliError::Service { code, .. }) if code.parse::<i64>().is_ok() => true,
        Err(CliError::Service { code, .. }) => {
            return Err(CliError::other(format!(
                "invalid literal for int() with base 10: '{code}'"
            )))
        }
        Err(e) => return Err(e),
    };
    if exists {
        println!("Using existing S3 bucket: {bucket}");
    } else {
        let region = session.region_opt().map_err(CliError::from)?.unwrap_or_default();
        let mut input = json!({ "Bucket": bucket });
        if region != "us-east-1" {
            input["CreateBucketConfiguration"] = json!({ "LocationConstraint": region });
        }
        s3.call("CreateBucket", input)?;
        println!("Using new S3 bucket: {bucket}");
    }
    Ok((bucket.to_owned(), prefix.to_owned()))
}

/// The ARN of the topic `topic`: itself when it is an ARN (it has a colon), else that of the
/// topic of this name, created.
fn prepare_topic(sns: &ServiceApi, topic: &str) -> Result<String, CliError> {
    if topic.contains(':') {
        println!("Using existing SNS topic: {topic}");
        return Ok(topic.to_owned());
    }
    let created = sns.call("CreateTopic", json!({ "Name": topic }))?;
    let arn = created
        .get("TopicArn")
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::other("'TopicArn'"))?
        .to_owned();
    println!("Using new SNS topic: {arn}");
    Ok(arn)
}

/// Prints the recorders' and the delivery channels' states.
fn get_status(config: &ServiceApi) -> Result<i32, CliError> {
    let status = config.call("DescribeConfigurationRecorderStatus", json!({}))?;
    print!("Configuration Recorders:\n\n");
    for recorder in items(&status, "ConfigurationRecordersStatus") {
        println!("name: {}", text(recorder, "name")?);
        let recording = matches!(recorder.get("recording"), Some(Value::Bool(true)));
        println!("recorder: {}", if recording { "ON" } else { "OFF" });
        if recording {
            last_status(recorder, "")?;
        }
        println!();
    }
    let status = config.call("DescribeDeliveryChannelStatus", json!({}))?;
    print!("Delivery Channels:\n\n");
    for channel in items(&status, "DeliveryChannelsStatus") {
        println!("name: {}", text(channel, "name")?);
        for (key, label) in [
            ("configStreamDeliveryInfo", "stream delivery "),
            ("configHistoryDeliveryInfo", "history delivery "),
            ("configSnapshotDeliveryInfo", "snapshot delivery "),
        ] {
            match channel.get(key) {
                Some(info @ Value::Map(fields)) if !fields.is_empty() => {
                    last_status(info, label)?
                }
                Some(_) => {}
                None => return Err(CliError::other(format!("'{key}'"))),
            }
        }
        println!();
    }
    Ok(0)
}

/// The entries of the list `key` of `output`.
fn items<'a>(output: &'a Value, key: &str) -> &'a [Value] {
    match output.get(key) {
        Some(Value::List(list)) => list,
        _ => &[],
    }
}

/// The text of `key` in `entry`, or Python's `KeyError` when it is missing.
fn text<'a>(entry: &'a Value, key: &str) -> Result<&'a str, CliError> {
    match entry.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Ok(""),
        None => Err(CliError::other(format!("'{key}'"))),
    }
}

/// `last <label>status: …`, with the error code and message of a failure.
fn last_status(status: &Value, label: &str) -> Result<(), CliError> {
    let last = text(status, "lastStatus")?;
    println!("last {label}status: {last}");
    if last == "FAILURE" {
        println!("error code: {}", text(status, "lastErrorCode")?);
        println!("message: {}", text(status, "lastErrorMessage")?);
    }
    Ok(())
}
