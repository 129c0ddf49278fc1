//! Help for the commands of the CLI itself: `aws s3 …`, `aws configure …`, `aws sso login`,
//! `aws sso logout` and `aws update`, from their declarations in `crate::command`.

use super::operation::BODY;
use super::page::{Page, Style};
use super::{global, shapes::STEP};
use crate::command::{self, CommandSpec, GroupSpec};

/// Writes the help of a custom command (`words` without `help`); `false` when `words` name no
/// custom command (for `sso`, anything but `login` and `logout` is the service's).
pub fn render(page: &mut Page, words: &[String]) -> bool {
    let Some(group) = words.first().and_then(|w| command::group(w)) else {
        return false;
    };
    match words.get(1) {
        None if group.extends_service => false,
        None => {
            match group.own {
                Some(own) => command_page(page, group.name, own),
                None => group_page(page, group),
            }
            true
        }
        Some(sub) => match command::command(group.name, sub) {
            Some(cmd) => {
                command_page(page, cmd.name, cmd);
                true
            }
            None => false,
        },
    }
}

fn group_page(page: &mut Page, group: &GroupSpec) {
    page.section("NAME");
    page.line(BODY, &format!("{} -", group.name));
    page.section("DESCRIPTION");
    page.text(BODY, group.description);
    page.section("SYNOPSIS");
    page.line(
        BODY + 3,
        &format!("aws {} <Command> [<Arg> ...]", group.name),
    );
    page.section("OPTIONS");
    page.line(BODY, "None");
    page.section("AVAILABLE COMMANDS");
    let mut names = command::subcommands(group.name);
    names.sort_unstable();
    for name in names {
        page.line(BODY, &format!("o {name}"));
        page.blank();
    }
}

/// The page of one command, named `title` in its synopsis as the AWS CLI v2 names it (`cp`
/// for `s3 cp`, or `update` for a group run on its own).
fn command_page(page: &mut Page, title: &str, cmd: &CommandSpec) {
    page.section("NAME");
    page.line(BODY, &format!("{} -", cmd.name));
    page.section("DESCRIPTION");
    page.text(BODY, cmd.description);
    page.section("SYNOPSIS");
    page.line(BODY + 5, title);
    for s in cmd.synopsis() {
        page.line(BODY + 3, &s);
    }
    for line in global::synopsis() {
        page.line(BODY + 3, &line);
    }
    page.section("OPTIONS");
    if cmd.named_options().next().is_none() {
        page.line(BODY, "None");
    }
    let options: Vec<&crate::command::OptionSpec> = cmd.named_options().collect();
    for (i, opt) in options.iter().enumerate() {
        // A switch's `no-` form shares its entry (`--x | --no-x`).
        if i > 0 && options[i - 1].is_negated_by(opt) {
            continue;
        }
        let name = match options.get(i + 1) {
            Some(next) if opt.is_negated_by(next) => format!("--{} | --{}", opt.name, next.name),
            _ => opt.display_name(),
        };
        page.blank();
        page.styled_line(
            BODY,
            &[
                (Style::Bold, &name),
                (Style::Plain, &format!(" ({})", opt.type_label)),
            ],
        );
        page.text(BODY + STEP, opt.doc);
    }
    page.section("GLOBAL OPTIONS");
    global::options(page, BODY);
}
