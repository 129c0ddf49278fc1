//! The `help` command: `aws help`, `aws help <topic>`, `aws <service> help`,
//! `aws <service> <operation> help`, `aws <service> wait [<waiter>] help` and the help of the
//! CLI's own commands, rendered from the model documentation and shown through the pager on a
//! terminal.
//!
//! Modules: [`page`] writes wrapped, optionally styled text; [`html`] turns model docs into it;
//! [`docs`] reads only the docs a page needs; [`shapes`] renders shape trees and syntax;
//! [`operation`], [`service`], [`commands`] and [`topics`] write the pages; `crate::pager` shows them.

pub mod commands;
pub mod docs;
pub mod global;
pub mod html;
pub mod operation;
pub mod page;

pub mod service;
pub mod shapes;
pub mod topics;
pub mod waiters;

use crate::error::CliError;
use crate::globals::GlobalOptions;
use aws2_core::model::{ModelError, Service};
use docs::{Docs, Want};
use operation::OperationPage;
use page::Page;
use shapes::Ctx;
use std::collections::HashSet;

/// Shows help for the command named by `words` (empty: `aws help`; `["help", topic]`:
/// `aws help <topic>`).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let terminal = crate::pager::stdout_is_terminal();
    let text = render(words, crate::pager::width(terminal), terminal)?;
    crate::pager::show(&text, terminal && !globals.no_cli_pager)
        .map_err(|e| CliError::other(format!("could not show help: {e}")))?;
    Ok(0)
}

/// The help text for `words`, wrapped at `width`, with terminal styles when `styled`.
pub fn render(words: &[String], width: usize, styled: bool) -> Result<String, CliError> {
    // Only the command words count: `aws ec2 describe-instances --instance-ids i-1 help`.
    let end = words
        .iter()
        .position(|w| w.starts_with('-'))
        .unwrap_or(words.len());
    let words = &words[..end];
    let mut page = Page::new(width, styled);
    match words {
        [] => service::top(&mut page),
        [first, rest @ ..] if first == "help" => {
            let topic = rest.first().map(String::as_str).unwrap_or("topics");
            if !topics::render(&mut page, topic) {
                return Err(invalid("topic", topic, &topics::names()));
            }
        }
        _ if commands::render(&mut page, words) => {}
        [cli, rest @ ..] => {
            let svc = Service::load_by_cli_name(cli).map_err(|e| match e {
                ModelError::UnknownService(_) => {
                    CliError::usage(format!("argument command: Found invalid choice '{cli}'"))
                }
                other => other.into(),
            })?;
            service_help(&mut page, &svc, cli, rest)?;
        }
    }
    Ok(page.finish())
}

fn invalid(what: &str, value: &str, choices: &[&str]) -> CliError {
    CliError::usage(format!(
        "argument {what}: Found invalid choice '{value}' (choose from {})",
        choices.join(", ")
    ))
}

fn service_help(
    page: &mut Page,
    svc: &Service,
    cli: &str,
    rest: &[String],
) -> Result<(), CliError> {
    match rest {
        [] => {
            let none = HashSet::new();
            let docs = Docs::load(
                svc.model_name(),
                Want::Only {
                    operations: &none,
                    shapes: &none,
                },
            )
            .map_err(CliError::other)?;
            service::service(page, svc, cli, &docs);
        }
        [wait] if wait == "wait" => service::wait(page, svc),
        [wait, name, ..] if wait == "wait" => {
            let docs = Docs::load(svc.model_name(), Want::All).map_err(CliError::other)?;
            if !service::waiter(page, svc, name, &docs)? {
                return Err(CliError::usage(format!(
                    "argument subcommand: Found invalid choice '{name}'"
                )));
            }
        }
        [op_name, ..] => {
            let op = crate::customizations::find_operation(svc, op_name)?.ok_or_else(|| {
                CliError::usage(format!(
                    "argument operation: Found invalid choice '{op_name}'"
                ))
            })?;
            let shapes = shapes::reachable(svc, op.input.iter().chain(op.output.iter()))?;
            let ops: HashSet<String> = [op.name.clone()].into();
            let docs = Docs::load(
                svc.model_name(),
                Want::Only {
                    operations: &ops,
                    shapes: &shapes,
                },
            )
            .map_err(CliError::other)?;
            operation_page(page, svc, &docs, &op, op_name)?;
        }
    }
    Ok(())
}

/// Writes the page of the command `command` of a service, which runs `op`, with docs
/// already loaded.
pub fn operation_page(
    page: &mut Page,
    svc: &Service,
    docs: &Docs,
    op: &aws2_core::model::Operation,
    command: &str,
) -> Result<(), ModelError> {
    let result_keys =
        aws2_client::Paginator::for_operation(svc.model_name(), &op.name).map(|p| p.result_keys);
    let ctx = Ctx { service: svc, docs };
    // A command that carries out the call itself prints nothing, so it documents no output.
    let without_output;
    let op = match crate::customizations::call_hook(svc.model_name(), &op.name) {
        Some(_) => {
            without_output = aws2_core::model::Operation {
                output: None,
                ..op.clone()
            };
            &without_output
        }
        None => op,
    };
    operation::render(
        page,
        &ctx,
        op,
        &OperationPage {
            command,
            description: docs.operations.get(&op.name).map(String::as_str),
            result_keys,
            show_output: true,
        },
    )
}

#[cfg(test)]
mod tests;
