//! `aws <service> wait <waiter-name>`: waiters from `waiters-2.json`, polling an operation
//! until an acceptor reaches the success or failure state, as botocore's `Waiter.wait` does.

use super::spec::{CommandSpec, GroupSpec, Nargs, OptionSpec as O, ANY_SERVICE};
use crate::args::{parse, table, validate};
use crate::call_error::call_error;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::input::build_input;
use crate::session;
use aws2_core::model::{cli_name, Service};
use serde_json::Value as Json;
use std::sync::Arc;
use std::time::Duration;

/// `aws <service> wait <waiter-name>`, for every service: the waiter's options are its
/// operation's, from the model.
pub const GROUP: GroupSpec = GroupSpec {
    name: ANY_SERVICE,
    description: "Wait until a particular condition is satisfied.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "wait",
        description: "Wait until a particular condition is satisfied. Each subcommand polls an API until the listed requirement is met.",
        options: &[O::positional("waiter_name", Nargs::One, "<waiter_name>")],
    }],
};

/// One waiter's configuration.
struct WaiterConfig {
    name: String,
    operation: String,
    delay: u64,
    max_attempts: u64,
    acceptors: Vec<Acceptor>,
}

/// One acceptor: a matcher with its expected value and the state it leads to.
struct Acceptor {
    state: String,
    matcher: String,
    expected: Json,
    argument: Option<String>,
}

impl Acceptor {
    fn explanation(&self) -> String {
        let arg = self.argument.as_deref().unwrap_or("");
        let expected = match &self.expected {
            Json::String(s) => s.clone(),
            Json::Bool(true) => "True".into(),
            Json::Bool(false) => "False".into(),
            other => other.to_string(),
        };
        match self.matcher.as_str() {
            "path" => format!("For expression \"{arg}\" we matched expected path: \"{expected}\""),
            "pathAll" => format!(
                "For expression \"{arg}\" all members matched expected path: \"{expected}\""
            ),
            "pathAny" => format!(
                "For expression \"{arg}\" we matched expected path: \"{expected}\" at least once"
            ),
            "status" => format!("Matched expected HTTP status code: {expected}"),
            "error" => format!("Matched expected service error code: {expected}"),
            other => format!("No explanation for unknown waiter type: \"{other}\""),
        }
    }

    /// Whether this acceptor matches a call's outcome: the output, or the error's code and
    /// HTTP status.
    fn matches(&self, outcome: &Outcome) -> bool {
        match (self.matcher.as_str(), outcome) {
            ("error", Outcome::Error { code, .. }) => match &self.expected {
                Json::Bool(b) => *b,
                Json::String(s) => s == code,
                _ => false,
            },
            ("error", Outcome::Success(_)) => self.expected == Json::Bool(false),
            ("status", Outcome::Error { status, .. }) => self.expected == *status,
            ("status", Outcome::Success(_)) => self.expected == 200,
            (_, Outcome::Error { .. }) => false,
            (matcher, Outcome::Success(output)) => {
                let Some(arg) = &self.argument else {
                    return false;
                };
                let Ok(query) = aws2_output::Query::compile(arg) else {
                    return false;
                };
                let Ok(found) = query.apply(output) else {
                    return false;
                };
                match matcher {
                    "path" => found == self.expected,
                    "pathAll" => match &found {
                        Json::Array(items) if !items.is_empty() => {
                            items.iter().all(|i| *i == self.expected)
                        }
                        _ => false,
                    },
                    "pathAny" => match &found {
                        Json::Array(items) => items.contains(&self.expected),
                        _ => false,
                    },
                    _ => false,
                }
            }
        }
    }
}

/// What one poll returned.
enum Outcome {
    Success(Json),
    Error {
        code: String,
        message: String,
        status: u16,
    },
}

fn waiters(service: &Service) -> Result<Vec<WaiterConfig>, CliError> {
    let Some(text) = aws2_models::entry(&format!("{}/waiters", service.model_name()))
        .map_err(|e| CliError::other(e.to_string()))?
    else {
        return Ok(Vec::new());
    };
    let doc: Json = serde_json::from_str(&text).map_err(|e| CliError::other(e.to_string()))?;
    let mut out = Vec::new();
    for (name, cfg) in doc
        .get("waiters")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
    {
        let acceptors = cfg
            .get("acceptors")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .map(|a| Acceptor {
                state: a
                    .get("state")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .to_owned(),
                matcher: a
                    .get("matcher")
                    .and_then(Json::as_str)
                    .unwrap_or("")
                    .to_owned(),
                expected: a.get("expected").cloned().unwrap_or(Json::Null),
                argument: a.get("argument").and_then(Json::as_str).map(str::to_owned),
            })
            .collect();
        out.push(WaiterConfig {
            name: name.clone(),
            operation: cfg
                .get("operation")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_owned(),
            delay: cfg.get("delay").and_then(Json::as_u64).unwrap_or(15),
            max_attempts: cfg.get("maxAttempts").and_then(Json::as_u64).unwrap_or(40),
            acceptors,
        });
    }
    Ok(out)
}

/// Runs `aws <service> wait ...` (`words` from the service on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let (service_name, words) = (&words[0], &words[2..]);
    let service = Arc::new(Service::load_by_cli_name(service_name).map_err(|_| {
        CliError::usage(format!(
            "argument command: Found invalid choice '{service_name}'"
        ))
    })?);
    let Some(waiter_name) = words.first() else {
        return Err(CliError::usage(
            "the following arguments are required: waiter_name",
        ));
    };
    let all = waiters(&service)?;
    let waiter = all
        .iter()
        .find(|w| cli_name(&w.name) == *waiter_name)
        .ok_or_else(|| {
            let names: Vec<String> = all.iter().map(|w| cli_name(&w.name)).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            CliError::invalid_choice("subcommand", waiter_name, &names)
        })?;
    let operation = service.operation(&waiter.operation)?;
    let args = table::build(&service, &operation)?;
    let parsed = parse::parse(&words[1..], &args, false)?;
    let input = build_input(globals, &service, &operation, &args, &parsed)?;
    if let Some(input_ref) = &operation.input {
        validate::validate(&service, input_ref, &input).map_err(CliError::Validation)?;
    }
    let config = session::config_session(globals);
    let client = session::client(globals, &config, service.clone())?;
    match poll(&client, &operation, &input, waiter, waiter.delay, waiter.max_attempts)? {
        Ok(()) => Ok(0),
        Err(failure) => Err(CliError::other(failure.message)),
    }
}

/// How a waiter gave up: its message (`Waiter X failed: ...`) and the last response.
pub(crate) struct WaitFailure {
    /// `Waiter <name> failed: <reason>`.
    pub message: String,
    /// The last successful response, when there was one.
    pub last_response: Option<Json>,
}

/// Runs the waiter `name` of `service` (botocore's name, `ChangeSetCreateComplete`) with
/// `input`, polling every `delay` seconds (the waiter's own delay when `None`) at most
/// `max_attempts` times.
pub(crate) fn wait_for(
    client: &aws2_client::Client,
    service: &Service,
    name: &str,
    input: &aws2_core::Value,
    delay: Option<u64>,
    max_attempts: Option<u64>,
) -> Result<Result<(), WaitFailure>, CliError> {
    let all = waiters(service)?;
    let waiter = all
        .iter()
        .find(|w| w.name == name)
        .ok_or_else(|| CliError::other(format!("Waiter does not exist: {name}")))?;
    let operation = service.operation(&waiter.operation)?;
    poll(
        client,
        &operation,
        input,
        waiter,
        delay.unwrap_or(waiter.delay),
        max_attempts.unwrap_or(waiter.max_attempts),
    )
}

fn poll(
    client: &aws2_client::Client,
    operation: &aws2_core::model::Operation,
    input: &aws2_core::Value,
    waiter: &WaiterConfig,
    delay: u64,
    max_attempts: u64,
) -> Result<Result<(), WaitFailure>, CliError> {
    let mut last_matched: Option<&Acceptor> = None;
    let mut last_response = None;
    let mut attempts = 0;
    loop {
        let outcome = match client.call(operation, input) {
            Ok(v) => Outcome::Success(v.to_json(Default::default())),
            Err(aws2_client::CallError::Service { error, .. }) => Outcome::Error {
                code: error.code.clone(),
                message: error.message.clone(),
                status: error.status,
            },
            Err(other) => return Err(call_error(other)),
        };
        if let Outcome::Success(json) = &outcome {
            last_response = Some(json.clone());
        }
        attempts += 1;
        let matched = waiter.acceptors.iter().find(|a| a.matches(&outcome));
        let fail = |reason: String| {
            Ok(Err(WaitFailure {
                message: format!("Waiter {} failed: {reason}", waiter.name),
                last_response: last_response.clone(),
            }))
        };
        match matched {
            Some(a) if a.state == "success" => return Ok(Ok(())),
            Some(a) if a.state == "failure" => {
                return fail(format!(
                    "Waiter encountered a terminal failure state: {}",
                    a.explanation()
                ))
            }
            Some(a) => last_matched = Some(a),
            None => {
                if let Outcome::Error { code, message, .. } = &outcome {
                    return fail(format!("An error occurred ({code}): {message}"));
                }
            }
        }
        if attempts >= max_attempts {
            return fail(match last_matched {
                None => "Max attempts exceeded".into(),
                Some(a) => format!(
                    "Max attempts exceeded. Previously accepted state: {}",
                    a.explanation()
                ),
            });
        }
        std::thread::sleep(Duration::from_secs(delay));
    }
}
