//! `ssm start-session`, as the AWS CLI v2 runs it: `StartSession`, then the session handed
//! to `session-manager-plugin` with the response (in `AWS_SSM_START_SESSION_RESPONSE` for a
//! plugin newer than 1.2.497.0, which `--version` tells), the region, `StartSession`, the
//! `--profile` given, the request and the endpoint URL. Without the plugin the session is
//! ended again (`TerminateSession`) and the missing plugin reported. Nothing is printed.

use super::registry::{CallContext, Customization};
use crate::error::CliError;
use crate::session_plugin::{self, Failure};
use aws2_core::Value;

/// The `StartSession` operation carried out through the plugin.
pub const CUSTOMIZATION: Customization = Customization {
    call: Some(start_session),
    ..Customization::of("ssm", |op| op == "StartSession")
};

/// The last plugin version that takes the response as an argument only.
const LAST_VERSION_WITHOUT_ENV: &str = "1.2.497.0";

/// The variable a newer plugin reads the response from.
const RESPONSE_ENV: &str = "AWS_SSM_START_SESSION_RESPONSE";

fn start_session(cx: &CallContext<'_>) -> Result<i32, CliError> {
    let response = cx
        .client
        .call(cx.operation, cx.input)
        .map_err(crate::call_error::call_error)?;
    let session_id = member(&response, "SessionId")?;
    let mut session = serde_json::Map::new();
    for key in ["SessionId", "TokenValue", "StreamUrl"] {
        session.insert(key.to_owned(), serde_json::Value::String(member(&response, key)?));
    }
    let region = cx.client.region().unwrap_or_default().to_owned();
    let endpoint = cx
        .client
        .endpoint_url(cx.operation)
        .map_err(crate::call_error::call_error)?;
    let request = cx.input.to_json(Default::default());
    let mut response_arg = super::python_json(&serde_json::Value::Object(session));
    let handover = session_plugin::output(&["--version".to_owned()]).and_then(|version| {
        let mut env = Vec::new();
        if newer_than(&version, LAST_VERSION_WITHOUT_ENV) {
            env.push((RESPONSE_ENV, std::mem::replace(&mut response_arg, RESPONSE_ENV.into())));
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        session_plugin::call(
            &[
                response_arg,
                region,
                "StartSession".to_owned(),
                cx.globals.profile.clone().unwrap_or_default(),
                super::python_json(&request),
                endpoint,
            ],
            &env,
        )
    });
    match handover {
        Ok(()) => Ok(0),
        Err(Failure::Missing) => {
            // The session started on the instance is ended rather than left to time out.
            terminate(cx, &session_id)?;
            Failure::Missing.into_result()
        }
        Err(other) => other.into_result(),
    }
}

/// Ends the session `id`.
fn terminate(cx: &CallContext<'_>, id: &str) -> Result<(), CliError> {
    let operation = cx
        .client
        .service()
        .operation("TerminateSession")
        .map_err(|e| CliError::other(e.to_string()))?;
    let mut input = indexmap::IndexMap::new();
    input.insert("SessionId".to_owned(), Value::String(id.to_owned()));
    cx.client
        .call(&operation, &Value::Map(input))
        .map_err(crate::call_error::call_error)?;
    Ok(())
}

/// A string member of the response; a missing one fails as Python's `KeyError` does.
fn member(response: &Value, key: &str) -> Result<String, CliError> {
    match response {
        Value::Map(map) => match map.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(CliError::other(format!("'{key}'"))),
        },
        _ => Err(CliError::other(format!("'{key}'"))),
    }
}

/// Whether the plugin's `--version` (white space removed) is a version of up to four
/// numbers greater than `minimum`, the shorter padded with zeros.
fn newer_than(version: &str, minimum: &str) -> bool {
    let version: String = version.chars().filter(|c| !c.is_whitespace()).collect();
    let parts = |v: &str| -> Option<Vec<u64>> {
        v.split('.')
            .map(|p| {
                (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let (Some(mut ours), Some(mut theirs)) = (parts(&version), parts(minimum)) else {
        return false;
    };
    if ours.len() > 4 {
        return false;
    }
    let len = ours.len().max(theirs.len());
    ours.resize(len, 0);
    theirs.resize(len, 0);
    ours > theirs
}

#[cfg(test)]
mod tests {
    use super::newer_than;

    #[test]
    fn compares_versions_as_v2() {
        assert!(newer_than("1.2.650.0\n", "1.2.497.0"));
        assert!(newer_than("2", "1.2.497.0"));
        assert!(newer_than(" 1.2.497.1 ", "1.2.497.0"));
        assert!(!newer_than("1.2.497.0", "1.2.497.0"));
        assert!(!newer_than("1.2.497", "1.2.497.0"));
        assert!(!newer_than("1.2.3.4.5", "1.0"));
        assert!(!newer_than("v1.3", "1.2.497.0"));
        assert!(!newer_than("", "1.2.497.0"));
    }
}
