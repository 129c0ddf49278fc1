//! `aws cloudformation deploy`: creates a change set for the template (`CREATE` for a new
//! stack, `UPDATE` for an existing one), waits for it, then executes it and waits for the
//! stack, as the AWS CLI v2's `Deployer` does; templates over 51,200 bytes go through S3.

use super::artifacts::{error_text, parse_s3_url};
use super::template::{self, Node};
use super::uploader::{UploadOptions, Uploader};
use crate::args::argparse::Parsed;
use crate::call_error::call_error;
use crate::command::wait::wait_for;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_client::Client;
use aws2_core::{Service, Value};
use indexmap::IndexMap;
use std::io::Write;
use std::sync::Arc;

/// The largest template CloudFormation takes in the request.
const MAX_BODY: u64 = 51200;

/// Runs `deploy` with its parsed options.
pub fn run(globals: &GlobalOptions, args: &Parsed) -> Result<i32, CliError> {
    let session = session::config_session(globals);
    let service = Arc::new(Service::load("cloudformation")?);
    let client = session::client(globals, &session, service.clone())?;
    let template_file = args.value("template-file").unwrap_or_default();
    let path = aws2_params::paramfile::expand_path(template_file);
    if !std::path::Path::new(&path).is_file() {
        return Err(CliError::other(format!("Invalid template path {path}")));
    }
    let body = std::fs::read_to_string(&path).map_err(|e| CliError::other(e.to_string()))?;
    let doc = template::parse(&body).map_err(CliError::other)?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let overrides = parameter_overrides(&super::last_values(args, "parameter-overrides").unwrap_or_default())?;
    let tags = key_values(&super::last_values(args, "tags").unwrap_or_default(), "tags")?;
    let parameters = merge_parameters(&doc, &overrides);
    let bucket = args.value("s3-bucket").filter(|b| !b.is_empty());
    if size > MAX_BODY && bucket.is_none() {
        return Err(CliError::other(
            "Templates with a size greater than 51,200 bytes must be deployed via an S3 \
             Bucket. Please add the --s3-bucket parameter to your command. The local \
             template will be copied to that S3 bucket and then deployed.",
        ));
    }
    let uploader = match bucket {
        Some(bucket) => Some(Uploader::new(
            globals,
            UploadOptions {
                bucket,
                prefix: args.value("s3-prefix"),
                kms_key_id: args.value("kms-key-id"),
                force: args.flag("force-upload"),
                metadata: None,
            },
        )?),
        None => None,
    };
    let stack_name = args.value("stack-name").unwrap_or_default();
    let deployer = Deployer {
        client: &client,
        service: &service,
    };
    let change = ChangeSet {
        stack_name,
        body: &body,
        parameters,
        capabilities: super::last_values(args, "capabilities").unwrap_or_default(),
        role_arn: args.value("role-arn"),
        notification_arns: super::last_values(args, "notification-arns"),
        tags,
    };
    let (id, kind) = deployer.create(&change, uploader.as_ref())?;
    match deployer.wait_for_change_set(&id, stack_name)? {
        Ok(()) => {}
        Err(empty) => {
            if super::switch(args, "fail-on-empty-changeset", "no-fail-on-empty-changeset") {
                return Err(CliError::other(empty));
            }
            print!("\n{empty}\n");
            return Ok(0);
        }
    }
    let mut out = std::io::stdout();
    if args.flag("no-execute-changeset") {
        let _ = write!(
            out,
            "Changeset created successfully. Run the following command to review changes:\n\
             aws cloudformation describe-change-set --change-set-name {id}\n"
        );
        let _ = out.flush();
        return Ok(0);
    }
    deployer.execute(&id, stack_name, super::switch(args, "disable-rollback", "no-disable-rollback"))?;
    deployer.wait_for_execute(stack_name, kind)?;
    let _ = writeln!(out, "Successfully created/updated stack - {stack_name}");
    let _ = out.flush();
    Ok(0)
}

/// What the change set is made of.
struct ChangeSet<'a> {
    stack_name: &'a str,
    body: &'a str,
    parameters: Vec<Parameter>,
    capabilities: Vec<&'a str>,
    role_arn: Option<&'a str>,
    notification_arns: Option<Vec<&'a str>>,
    tags: IndexMap<String, String>,
}

/// One stack parameter: a new value, or the stack's previous one.
struct Parameter {
    key: String,
    value: Option<String>,
}

/// `--parameter-overrides`: `Key=Value` words, or JSON (inline or from a file) in
/// CloudFormation's, CodePipeline's or the `["Key=Value"]` form.
fn parameter_overrides(values: &[&str]) -> Result<IndexMap<String, String>, CliError> {
    let json = match values {
        [] => None,
        [one] => match aws2_params::paramfile::load(one) {
            Ok(Some(content)) => {
                let text = match content {
                    aws2_params::ParamFileContent::Text(t) => t,
                    aws2_params::ParamFileContent::Binary(b) => {
                        String::from_utf8_lossy(&b).into_owned()
                    }
                };
                Some(serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
                    CliError::other(python_json_error(&e))
                })?)
            }
            Ok(None) => serde_json::from_str(one).ok(),
            Err(e) => {
                return Err(CliError::Validation(format!(
                    "Error parsing parameter '--parameter-overrides': {e}"
                )))
            }
        },
        [first, ..] => serde_json::from_str(first).ok(),
    };
    let Some(data) = json.filter(|d| !d.is_null()) else {
        return key_values(values, "parameter-overrides");
    };
    use serde_json::Value as J;
    let text = |v: &J| match v {
        J::String(s) => s.clone(),
        other => other.to_string(),
    };
    let items: Vec<J> = match &data {
        J::Array(items) => items.clone(),
        J::Object(map) => map.keys().map(|k| J::String(k.clone())).collect(),
        // Python iterates a string's characters.
        J::String(s) => s.chars().map(|c| J::String(c.to_string())).collect(),
        J::Bool(_) => return Err(CliError::other("'bool' object is not iterable")),
        J::Number(n) if n.is_f64() => return Err(CliError::other("'float' object is not iterable")),
        _ => return Err(CliError::other("'int' object is not iterable")),
    };
    let cloudformation_like = items.iter().all(|p| match p {
        J::Object(m) => m.contains_key("ParameterKey") && m.contains_key("ParameterValue") && m.len() <= 2,
        J::String(s) => s.contains("ParameterKey") && s.contains("ParameterValue"),
        _ => false,
    });
    if matches!(data, J::Array(_)) && cloudformation_like {
        return Ok(items
            .iter()
            .filter_map(|p| Some((text(p.get("ParameterKey")?), text(p.get("ParameterValue")?))))
            .collect());
    }
    if let Some(J::Object(params)) = data.get("Parameters").filter(|_| data.is_object()) {
        return Ok(params.iter().map(|(k, v)| (k.clone(), text(v))).collect());
    }
    let words: Option<Vec<&str>> = items
        .iter()
        .map(|p| p.as_str().filter(|s| s.contains('=')))
        .collect();
    if let Some(words) = words {
        return key_values(&words, "parameter-overrides");
    }
    Err(CliError::Validation(
        "JSON passed to --parameter-overrides must be one of the formats: \
         [\"Key1=Value1\",\"Key2=Value2\", ...] , [{\"ParameterKey\": \"Key1\", \
         \"ParameterValue\": \"Value1\"}, ...] , [\"Parameters\": {\"Key1\": \"Value1\", \
         \"Key2\": \"Value2\", ...}]"
            .to_owned(),
    ))
}

/// Python's message for JSON it cannot read (`json.JSONDecodeError`).
fn python_json_error(e: &serde_json::Error) -> String {
    format!(
        "Expecting value: line {} column {} (char {})",
        e.line(),
        e.column(),
        e.column().saturating_sub(1)
    )
}

/// `Key=Value` words as a mapping, refused as v2 refuses them.
fn key_values(values: &[&str], option: &str) -> Result<IndexMap<String, String>, CliError> {
    let mut out = IndexMap::new();
    for value in values {
        match value.split_once('=') {
            Some((k, v)) => {
                out.insert(k.to_owned(), v.to_owned());
            }
            None => {
                return Err(CliError::other(format!(
                    "[{}] value passed to --{option} must be of format Key=Value",
                    aws2_pyrepr::str_repr(value)
                )))
            }
        }
    }
    Ok(out)
}

/// Every parameter of the template: the override given, else the previous value.
fn merge_parameters(doc: &Node, overrides: &IndexMap<String, String>) -> Vec<Parameter> {
    let Some(Node::Map(entries)) = doc.get("Parameters") else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, _)| match k {
            Node::Str(key) => Some(Parameter {
                key: key.clone(),
                value: overrides.get(key).cloned(),
            }),
            _ => None,
        })
        .collect()
}

/// Calls CloudFormation for one stack.
struct Deployer<'a> {
    client: &'a Client,
    service: &'a Service,
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| text(s)).collect())
}

impl Deployer<'_> {
    fn call(&self, op: &str, input: IndexMap<String, Value>) -> Result<Value, CliError> {
        let op = self.service.operation(op)?;
        self.client
            .call(&op, &Value::Map(input))
            .map_err(call_error)
    }

    /// Whether the stack exists and is not only under review (`DescribeStacks`).
    fn has_stack(&self, name: &str) -> Result<bool, CliError> {
        let mut input = IndexMap::new();
        input.insert("StackName".to_owned(), text(name));
        match self.call("DescribeStacks", input) {
            Ok(out) => match out.get("Stacks") {
                Some(Value::List(stacks)) if stacks.len() == 1 => Ok(!matches!(
                    stacks[0].get("StackStatus"),
                    Some(Value::String(s)) if s == "REVIEW_IN_PROGRESS"
                )),
                _ => Ok(false),
            },
            Err(e) if error_text(&e).contains(&format!("Stack with id {name} does not exist")) => {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Creates the change set; its id and type.
    fn create(
        &self,
        change: &ChangeSet<'_>,
        uploader: Option<&Uploader>,
    ) -> Result<(String, &'static str), CliError> {
        let now = chrono::Utc::now();
        let description = format!(
            "Created by AWS CLI at {} UTC",
            now.naive_utc().format("%Y-%m-%dT%H:%M:%S%.6f")
        );
        let name = format!("awscli-cloudformation-package-deploy-{}", now.timestamp());
        let name_of_stack = change.stack_name;
        let (kind, parameters): (&'static str, Vec<&Parameter>) = if !self.has_stack(name_of_stack)? {
            ("CREATE", change.parameters.iter().filter(|p| p.value.is_some()).collect())
        } else {
            let mut input = IndexMap::new();
            input.insert("StackName".to_owned(), text(name_of_stack));
            let summary = self.call("GetTemplateSummary", input)?;
            let existing: Vec<String> = match summary.get("Parameters") {
                Some(Value::List(items)) => items
                    .iter()
                    .filter_map(|p| match p.get("ParameterKey") {
                        Some(Value::String(k)) => Some(k.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (
                "UPDATE",
                change
                    .parameters
                    .iter()
                    .filter(|p| p.value.is_some() || existing.contains(&p.key))
                    .collect(),
            )
        };
        let params = parameters
            .iter()
            .map(|p| {
                let mut m = IndexMap::new();
                m.insert("ParameterKey".to_owned(), text(&p.key));
                match &p.value {
                    Some(v) => m.insert("ParameterValue".to_owned(), text(v)),
                    None => m.insert("UsePreviousValue".to_owned(), Value::Bool(true)),
                };
                Value::Map(m)
            })
            .collect();
        let tags = change
            .tags
            .iter()
            .map(|(k, v)| {
                let mut m = IndexMap::new();
                m.insert("Key".to_owned(), text(k));
                m.insert("Value".to_owned(), text(v));
                Value::Map(m)
            })
            .collect();
        let mut input = IndexMap::new();
        input.insert("ChangeSetName".to_owned(), text(&name));
        input.insert("StackName".to_owned(), text(name_of_stack));
        match uploader {
            None => {
                input.insert("TemplateBody".to_owned(), text(change.body));
            }
            Some(up) => {
                let url = up.upload_with_dedup(change.body.as_bytes(), Some("template"))?;
                let parts = parse_s3_url(&url).unwrap_or_default();
                let https = up.path_style_url(&parts.key, parts.version.as_deref())?;
                input.insert("TemplateURL".to_owned(), text(&https));
            }
        }
        input.insert("ChangeSetType".to_owned(), text(kind));
        input.insert("Parameters".to_owned(), Value::List(params));
        input.insert("Capabilities".to_owned(), list(&change.capabilities));
        input.insert("Description".to_owned(), text(&description));
        input.insert("Tags".to_owned(), Value::List(tags));
        if let Some(role) = change.role_arn {
            input.insert("RoleARN".to_owned(), text(role));
        }
        if let Some(arns) = &change.notification_arns {
            input.insert("NotificationARNs".to_owned(), list(arns));
        }
        let out = self.call("CreateChangeSet", input)?;
        let id = match out.get("Id") {
            Some(Value::String(id)) => id.clone(),
            _ => return Err(CliError::other("'Id'")),
        };
        Ok((id, kind))
    }

    /// Waits for the change set (every 5 seconds); `Err` holds the message of an empty one.
    fn wait_for_change_set(&self, id: &str, stack: &str) -> Result<Result<(), String>, CliError> {
        let mut out = std::io::stdout();
        let _ = write!(out, "\nWaiting for changeset to be created..\n");
        let _ = out.flush();
        let mut input = IndexMap::new();
        input.insert("ChangeSetName".to_owned(), text(id));
        input.insert("StackName".to_owned(), text(stack));
        let failure = match wait_for(
            self.client,
            self.service,
            "ChangeSetCreateComplete",
            &Value::Map(input),
            Some(5),
            None,
        )? {
            Ok(()) => return Ok(Ok(())),
            Err(failure) => failure,
        };
        let field = |name: &str| {
            failure
                .last_response
                .as_ref()
                .and_then(|r| r.get(name))
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned()
        };
        let (status, reason) = (field("Status"), field("StatusReason"));
        if (status == "FAILED" && reason.contains("The submitted information didn't contain changes."))
            || reason.contains("No updates are to be performed")
        {
            return Ok(Err(format!(
                "No changes to deploy. Stack {stack} is up to date"
            )));
        }
        Err(CliError::other(format!(
            "Failed to create the changeset: {} Status: {status}. Reason: {reason}",
            failure.message
        )))
    }

    fn execute(&self, id: &str, stack: &str, disable_rollback: bool) -> Result<(), CliError> {
        let mut input = IndexMap::new();
        input.insert("ChangeSetName".to_owned(), text(id));
        input.insert("StackName".to_owned(), text(stack));
        input.insert("DisableRollback".to_owned(), Value::Bool(disable_rollback));
        self.call("ExecuteChangeSet", input).map(|_| ())
    }

    /// Waits for the stack (every 30 seconds, at most 120 times).
    fn wait_for_execute(&self, stack: &str, kind: &str) -> Result<(), CliError> {
        let mut out = std::io::stdout();
        let _ = writeln!(out, "Waiting for stack create/update to complete");
        let _ = out.flush();
        let waiter = if kind == "CREATE" {
            "StackCreateComplete"
        } else {
            "StackUpdateComplete"
        };
        let mut input = IndexMap::new();
        input.insert("StackName".to_owned(), text(stack));
        match wait_for(self.client, self.service, waiter, &Value::Map(input), Some(30), Some(120))? {
            Ok(()) => Ok(()),
            Err(_) => Err(CliError::other(format!(
                "Failed to create/update the stack. Run the following command\n\
                 to fetch the list of events leading up to the failure\n\
                 aws cloudformation describe-stack-events --stack-name {stack}"
            ))),
        }
    }
}
