//! Help for the commands of the CLI itself: `aws s3 …`, `aws configure …`, `aws sso login` and
//! `aws sso logout`.

use super::operation::BODY;
use super::page::{Page, Style};
use super::{global, shapes::STEP};
use aws2_cli::command::{CommandSpec, GroupSpec, GROUPS};

/// Writes the help of a custom command (`words` without `help`); `false` when `words` name no
/// custom command (for `sso`, anything but `login` and `logout` is the service's).
pub fn render(page: &mut Page, words: &[String]) -> bool {
    let Some(group) = words
        .first()
        .and_then(|w| GROUPS.iter().copied().find(|g| g.name == w))
    else {
        return false;
    };
    match words.get(1) {
        None if group.extends_service => false,
        None => {
            group_page(page, group);
            true
        }
        Some(sub) => match group.commands.iter().find(|c| c.name == sub) {
            Some(cmd) => {
                command_page(page, group, cmd);
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
    page.section("AVAILABLE COMMANDS");
    for c in group.commands {
        page.line(BODY, &format!("o {}", c.name));
        page.blank();
    }
}

fn command_page(page: &mut Page, group: &GroupSpec, cmd: &CommandSpec) {
    page.section("NAME");
    page.line(BODY, &format!("{} -", cmd.name));
    page.section("DESCRIPTION");
    page.text(BODY, cmd.description);
    page.section("SYNOPSIS");
    page.line(BODY + 5, &format!("{} {}", group.name, cmd.name));
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
    for opt in cmd.named_options() {
        page.blank();
        page.styled_line(
            BODY,
            &[
                (Style::Bold, &opt.display_name()),
                (Style::Plain, &format!(" ({})", opt.type_label)),
            ],
        );
        page.text(BODY + STEP, opt.doc);
    }
    page.section("GLOBAL OPTIONS");
    global::options(page, BODY);
}
