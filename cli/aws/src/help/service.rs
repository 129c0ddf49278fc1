//! `aws help` (global options and the services), `aws <service> help` (description,
//! operations, waiters), `aws <service> wait help` and `aws <service> wait <waiter> help`.

use super::docs::Docs;
use super::operation::{self, OperationPage, BODY};
use super::page::Page;
use super::shapes::Ctx;
use super::{global, waiters};
use aws2_core::model::{ModelError, Service};

/// Commands of the CLI itself listed among the services.
pub const CUSTOM_COMMANDS: &[&str] = &["configure", "ddb", "s3"];

/// Every top-level command: the services' CLI names and the custom commands, sorted.
pub fn command_names() -> Vec<String> {
    let mut names: Vec<String> = aws2_models::services()
        .map(|s| s.iter().map(|e| e.cli_name.clone()).collect())
        .unwrap_or_default();
    names.extend(CUSTOM_COMMANDS.iter().map(|s| (*s).to_owned()));
    names.sort();
    names.dedup();
    names
}

/// The page of `aws help`.
pub fn top(page: &mut Page) {
    page.section("NAME");
    page.line(BODY, "aws -");
    page.section("DESCRIPTION");
    page.text(
        BODY,
        "The AWS Command Line Interface is a unified tool to manage your AWS services.",
    );
    page.section("SYNOPSIS");
    page.line(
        BODY + 3,
        "aws [options] <command> <subcommand> [parameters]",
    );
    page.blank();
    page.text(
        BODY,
        "Use aws command help for information on a specific command. Use aws help topics to view a list of available help topics. The synopsis for each command shows its parameters and their usage. Optional parameters are shown in square brackets.",
    );
    page.section("GLOBAL OPTIONS");
    global::options(page, BODY);
    page.section("AVAILABLE SERVICES");
    for name in command_names() {
        page.line(BODY, &format!("o {name}"));
        page.blank();
    }
    page.section("SEE ALSO");
    page.line(BODY, "o aws help topics");
}

/// The page of `aws <service> help`.
pub fn service(page: &mut Page, service: &Service, cli: &str, docs: &Docs) {
    page.section("NAME");
    page.line(BODY, &format!("{cli} -"));
    page.section("DESCRIPTION");
    if docs.service.trim().is_empty() {
        page.text(BODY, &service.metadata().service_full_name);
    } else {
        page.html(BODY, &docs.service);
    }
    let mut commands = crate::customizations::operation_commands(service);
    let waiters = waiters::load(service.model_name());
    if !waiters.is_empty() {
        commands.push("wait".to_owned());
    }
    for group in crate::command::groups(cli).filter(|g| g.extends_service) {
        commands.extend(group.commands.iter().map(|c| c.name.to_owned()));
    }
    commands.sort();
    commands.dedup();
    page.section("AVAILABLE COMMANDS");
    for c in &commands {
        page.line(BODY, &format!("o {c}"));
        page.blank();
    }
    if !waiters.is_empty() {
        page.section("WAITERS");
        page.text(
            BODY,
            &format!("Use aws {cli} wait <waiter-name> to wait until a resource reaches a state:"),
        );
        page.blank();
        for w in &waiters {
            page.line(BODY, &format!("o {}", w.name));
            page.blank();
        }
    }
}

/// The page of `aws <service> wait help`.
pub fn wait(page: &mut Page, service: &Service) {
    page.section("NAME");
    page.line(BODY, "wait -");
    page.section("DESCRIPTION");
    page.text(
        BODY,
        "Wait until a particular condition is satisfied. Each subcommand polls an API until the listed requirement is met.",
    );
    page.section("AVAILABLE COMMANDS");
    for w in waiters::load(service.model_name()) {
        page.line(BODY, &format!("o {}", w.name));
        page.blank();
    }
}

/// The page of `aws <service> wait <waiter> help`; `Ok(false)` when there is no such waiter.
pub fn waiter(
    page: &mut Page,
    service: &Service,
    name: &str,
    docs: &Docs,
) -> Result<bool, ModelError> {
    let Some(w) = waiters::load(service.model_name())
        .into_iter()
        .find(|w| w.name == name)
    else {
        return Ok(false);
    };
    let op = service.operation(&w.operation)?;
    let ctx = Ctx { service, docs };
    let description = format!("<p>{}</p>", w.description);
    operation::render(
        page,
        &ctx,
        &op,
        &OperationPage {
            command: &w.name,
            description: Some(&description),
            result_keys: None,
            show_output: false,
        },
    )?;
    Ok(true)
}
