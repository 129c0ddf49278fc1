//! The waiters of a service (`<model>/waiters`) and the description help gives each.

use aws2_core::model::cli_name;
use serde_json::Value as Json;

/// One waiter: its CLI name, the operation it polls and its schedule.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The CLI name (`instance-running`).
    pub name: String,
    /// The polled operation's model name (`DescribeInstances`).
    pub operation: String,
    /// What the waiter waits for, as a sentence.
    pub description: String,
}

/// The waiters of a botocore model name, sorted by CLI name (none when it has no waiters).
pub fn load(model_name: &str) -> Vec<Waiter> {
    let Ok(Some(text)) = aws2_models::entry(&format!("{model_name}/waiters")) else {
        return Vec::new();
    };
    let Ok(json) = serde_json::from_str::<Json>(&text) else {
        return Vec::new();
    };
    let mut out: Vec<Waiter> = json
        .get("waiters")
        .and_then(Json::as_object)
        .map(|w| w.iter().filter_map(|(n, cfg)| parse(n, cfg)).collect())
        .unwrap_or_default();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn parse(name: &str, cfg: &Json) -> Option<Waiter> {
    let operation = cfg.get("operation")?.as_str()?.to_owned();
    let delay = cfg.get("delay").and_then(Json::as_u64).unwrap_or(15);
    let max_attempts = cfg.get("maxAttempts").and_then(Json::as_u64).unwrap_or(40);
    let condition = cfg
        .get("acceptors")
        .and_then(Json::as_array)
        .and_then(|a| {
            a.iter()
                .find(|acc| acc.get("state").and_then(Json::as_str) == Some("success"))
        })
        .map(|acc| success_condition(acc, &cli_name(&operation)))
        .unwrap_or_else(|| format!("Wait until polling with {} succeeds.", cli_name(&operation)));
    let description = format!(
        "{condition} It will poll every {delay} seconds until a successful state has been reached. This will exit with a return code of 255 after {max_attempts} failed checks."
    );
    Some(Waiter {
        name: cli_name(name),
        operation,
        description,
    })
}

fn success_condition(acceptor: &Json, command: &str) -> String {
    let expected = match acceptor.get("expected") {
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let argument = acceptor
        .get("argument")
        .and_then(Json::as_str)
        .unwrap_or("");
    match acceptor.get("matcher").and_then(Json::as_str).unwrap_or("") {
        "path" => format!(
            "Wait until JMESPath query {argument} returns {expected} when polling with {command}."
        ),
        "pathAll" => format!("Wait until JMESPath query {argument} returns {expected} for all elements when polling with {command}."),
        "pathAny" => format!("Wait until JMESPath query {argument} returns {expected} for any element when polling with {command}."),
        "status" => format!("Wait until {expected} response is received when polling with {command}."),
        "error" => format!("Wait until {expected} error is received when polling with {command}."),
        _ => format!("Wait until polling with {command} succeeds."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_instance_running() {
        let waiters = load("ec2");
        let w = waiters
            .iter()
            .find(|w| w.name == "instance-running")
            .unwrap();
        assert_eq!(w.operation, "DescribeInstances");
        assert!(
            w.description.contains("poll every 15 seconds")
                && w.description.contains("after 40 failed checks")
        );
        assert!(w.description.starts_with(
            "Wait until JMESPath query Reservations[].Instances[].State.Name returns running for all elements when polling with describe-instances."
        ));
        assert!(load("sts").is_empty());
    }
}
