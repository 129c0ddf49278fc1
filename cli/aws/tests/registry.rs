//! Every file of the command and customization directories is in its registry, so that a
//! new command or customization is one file and one registry line, and none is left out.

use aws2_cli::{command, customizations};
use std::collections::BTreeSet;
use std::path::Path;

/// The module names of the `.rs` files of `src/<dir>`, without the directory's own modules.
fn files(dir: &str, own: &[&str]) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|stem| !own.contains(&stem.as_str()))
        .collect()
}

fn listed(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

#[test]
fn every_command_file_is_registered() {
    let found = files("command", &["mod", "spec", "dispatch"]);
    assert_eq!(found, listed(command::FILES));
    assert_eq!(command::GROUPS.len(), command::FILES.len());
    assert!(found.contains("s3") && found.contains("update") && found.contains("wait"));
}

#[test]
fn every_customization_file_is_registered() {
    let found = files("customizations", &["mod", "registry"]);
    assert_eq!(found, listed(customizations::FILES));
    assert_eq!(customizations::REGISTRY.len(), customizations::FILES.len());
    assert!(found.contains("renames") && found.contains("ec2_count"));
}

#[test]
fn groups_of_one_name_are_looked_up_together() {
    // Every subcommand of every group is found by its group's name, whichever file has it.
    for group in command::GROUPS
        .iter()
        .filter(|g| g.name != command::ANY_SERVICE)
    {
        let all = command::subcommands(group.name);
        for cmd in group.commands {
            assert!(all.contains(&cmd.name), "{} {}", group.name, cmd.name);
            let found = command::command(group.name, cmd.name).unwrap();
            assert_eq!(
                found.description, cmd.description,
                "{} {}",
                group.name, cmd.name
            );
        }
    }
    assert!(command::group("update").and_then(|g| g.own).is_some());
    assert!(command::group(command::ANY_SERVICE).is_some());
    assert!(command::command("ec2", "wait").is_none());
}
