//! `ecs execute-command`, as the AWS CLI v2 runs it: `session-manager-plugin` is run once
//! with no arguments to make sure it is installed, then `ExecuteCommand`, `DescribeTasks`
//! for the container's runtime id, and the session handed to the plugin with the response's
//! `session`, the region, `StartSession`, the profile, the target
//! `ecs:<cluster>_<task>_<runtime id>` and the endpoint URL. Nothing is printed.

use super::registry::{CallContext, Customization};
use crate::error::CliError;
use crate::session_plugin;
use aws2_config::Source;
use aws2_core::Value;

/// The `ExecuteCommand` operation carried out through the plugin.
pub const CUSTOMIZATION: Customization = Customization {
    call: Some(execute_command),
    before_call: Some(plugin_installed),
    ..Customization::of("ecs", |op| op == "ExecuteCommand")
};

/// What v2 says when `DescribeTasks` finds no task.
const TASK_NOT_FOUND: &str = "The task provided in the request was not found.";

fn plugin_installed() -> Result<(), CliError> {
    session_plugin::call(&[], &[]).or_else(|failure| failure.into_result().map(|_| ()))
}

fn execute_command(cx: &CallContext<'_>) -> Result<i32, CliError> {
    let response = cx
        .client
        .call(cx.operation, cx.input)
        .map_err(crate::call_error::call_error)?;
    let region = cx.client.region().unwrap_or_default().to_owned();
    let chosen = cx.session.profile();
    let profile = match chosen.source {
        Source::Default => String::new(),
        _ => chosen.name,
    };
    let endpoint = cx
        .client
        .endpoint_url(cx.operation)
        .map_err(crate::call_error::call_error)?;
    let target = target(cx, &response)?;
    let session = field(&response, "session")?.to_json(Default::default());
    let request = serde_json::json!({ "Target": target });
    let args = [
        super::python_json(&session),
        region,
        "StartSession".to_owned(),
        profile,
        super::python_json(&request),
        endpoint,
    ];
    match session_plugin::call(&args, &[]) {
        Ok(()) => Ok(0),
        Err(failure) => failure.into_result(),
    }
}

/// The plugin's target: the cluster and task of the response's ARNs and the runtime id of
/// its container (`None` as Python prints it when the task has no such container).
fn target(cx: &CallContext<'_>, response: &Value) -> Result<String, CliError> {
    let last = |key: &str| -> Result<String, CliError> {
        let arn = text(field(response, key)?, key)?;
        Ok(arn.rsplit('/').next().unwrap_or_default().to_owned())
    };
    let cluster = last("clusterArn")?;
    let task = last("taskArn")?;
    let container = text(field(response, "containerName")?, "containerName")?;
    let operation = cx
        .client
        .service()
        .operation("DescribeTasks")
        .map_err(|e| CliError::other(e.to_string()))?;
    let mut input = indexmap::IndexMap::new();
    input.insert("cluster".to_owned(), Value::String(cluster.clone()));
    input.insert(
        "tasks".to_owned(),
        Value::List(vec![Value::String(task.clone())]),
    );
    let described = cx
        .client
        .call(&operation, &Value::Map(input))
        .map_err(crate::call_error::call_error)?;
    let tasks = match field(&described, "tasks")? {
        Value::List(tasks) => tasks,
        _ => return Err(CliError::other("'tasks'")),
    };
    let Some(first) = tasks.first() else {
        return Err(CliError::other(TASK_NOT_FOUND));
    };
    let containers = match field(first, "containers")? {
        Value::List(containers) => containers.as_slice(),
        _ => &[],
    };
    let runtime_id = containers
        .iter()
        .find(|c| matches!(field(c, "name"), Ok(Value::String(n)) if *n == container))
        .map(|c| match field(c, "runtimeId") {
            Ok(Value::String(id)) => Ok(id.clone()),
            _ => Err(CliError::other("'runtimeId'")),
        })
        .transpose()?
        .unwrap_or_else(|| "None".to_owned());
    Ok(format!("ecs:{cluster}_{task}_{runtime_id}"))
}

/// A member of a structure; a missing one fails as Python's `KeyError` does.
fn field<'a>(value: &'a Value, key: &str) -> Result<&'a Value, CliError> {
    match value {
        Value::Map(map) => map.get(key),
        _ => None,
    }
    .ok_or_else(|| CliError::other(format!("'{key}'")))
}

/// A string member's text.
fn text<'a>(value: &'a Value, key: &str) -> Result<&'a str, CliError> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(CliError::other(format!("'{key}'"))),
    }
}
