//! `rds modify-option-group` is two commands in the AWS CLI: `add-option-to-option-group`,
//! whose `--options` are the options to include, and `remove-option-from-option-group`, whose
//! `--options` are the options to remove; both run `ModifyOptionGroup` with its other
//! options, and `modify-option-group` itself is gone (the AWS CLI's `rds` customization).

use super::registry::{Customization, OperationCommand};
use crate::args::table::Argument;

/// The customization's entry in the registry: the two commands, and the one they replace.
pub const CUSTOMIZATION: Customization = Customization {
    commands: &[ADD, REMOVE],
    removes: &["modify-option-group"],
    ..Customization::of("rds", |_| false)
};

/// `rds add-option-to-option-group`.
const ADD: OperationCommand = OperationCommand {
    service: "rds",
    command: "add-option-to-option-group",
    operation: "ModifyOptionGroup",
    hidden: false,
    arguments: Some(options_to_include),
};

/// `rds remove-option-from-option-group`.
const REMOVE: OperationCommand = OperationCommand {
    service: "rds",
    command: "remove-option-from-option-group",
    operation: "ModifyOptionGroup",
    hidden: false,
    arguments: Some(options_to_remove),
};

fn options_to_include(args: &mut Vec<Argument>) {
    keep_as_options(args, "options-to-include", "options-to-remove");
}

fn options_to_remove(args: &mut Vec<Argument>) {
    keep_as_options(args, "options-to-remove", "options-to-include");
}

/// Renames `kept` to `options`, which moves it to the end of the table as a rename does in
/// the AWS CLI, and drops `dropped`.
fn keep_as_options(args: &mut Vec<Argument>, kept: &str, dropped: &str) {
    args.retain(|a| a.name != dropped);
    if let Some(at) = args.iter().position(|a| a.name == kept) {
        let mut arg = args.remove(at);
        arg.name = "options".to_owned();
        args.push(arg);
    }
}

#[cfg(test)]
mod tests {
    use aws2_core::model::Service;

    fn names(service: &Service, command: &str) -> Vec<String> {
        let op = crate::customizations::find_operation(service, command)
            .unwrap()
            .unwrap();
        crate::args::table::build_for(service, &op, command)
            .unwrap()
            .into_iter()
            .map(|a| format!("{}={}", a.name, a.member))
            .collect()
    }

    #[test]
    fn both_commands_run_modify_option_group_with_one_options_list() {
        let rds = Service::load("rds").unwrap();
        let add = names(&rds, "add-option-to-option-group");
        assert!(
            add.contains(&"options=OptionsToInclude".to_owned()),
            "{add:?}"
        );
        assert!(
            !add.iter().any(|a| a.contains("OptionsToRemove")),
            "{add:?}"
        );
        let remove = names(&rds, "remove-option-from-option-group");
        assert!(
            remove.contains(&"options=OptionsToRemove".to_owned()),
            "{remove:?}"
        );
        assert!(
            !remove.iter().any(|a| a.contains("OptionsToInclude")),
            "{remove:?}"
        );
        assert!(
            crate::customizations::find_operation(&rds, "modify-option-group")
                .unwrap()
                .is_none()
        );
        let listed = crate::customizations::operation_commands(&rds);
        assert!(listed.iter().any(|c| c == "add-option-to-option-group"));
        assert!(!listed.iter().any(|c| c == "modify-option-group"));
    }
}
