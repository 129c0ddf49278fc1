//! The rows WiX would compile from the PATH entry, as SQL for `msibuild -q`: the component,
//! its feature link, the `Environment` table and the two standard actions that apply it.

use super::wxs::PathEntry;

/// Sequence of `RemoveEnvironmentStrings` in `InstallExecuteSequence` (the standard one).
pub const REMOVE_ENVIRONMENT_SEQUENCE: u32 = 3300;
/// Sequence of `WriteEnvironmentStrings` in `InstallExecuteSequence` (the standard one).
pub const WRITE_ENVIRONMENT_SEQUENCE: u32 = 5200;
/// `msidbComponentAttributes64bit`.
const COMPONENT_64BIT: u32 = 256;

/// `Environment.Name` as WiX compiles it: `=` set, `+` create, `!` remove; `-` removed on
/// uninstall unless permanent; `*` system variable; then the name.
pub fn environment_name(entry: &PathEntry) -> String {
    let mut name = String::new();
    match entry.action.as_str() {
        "create" => name.push('+'),
        "remove" => name.push('!'),
        _ => name.push('='),
    }
    if !entry.permanent && entry.action != "remove" {
        name.push('-');
    }
    if entry.system {
        name.push('*');
    }
    name.push_str(&entry.name);
    name
}

/// `Environment.Value` as WiX compiles it: `[~]` stands for the existing value.
pub fn environment_value(entry: &PathEntry) -> String {
    let sep = &entry.separator;
    match entry.part.as_str() {
        "first" => format!("{}{sep}[~]", entry.value),
        "last" => format!("[~]{sep}{}", entry.value),
        _ => entry.value.clone(),
    }
}

/// The SQL statements adding the entry to a package built without it.
pub fn queries(entry: &PathEntry) -> Vec<String> {
    let attributes = if entry.win64 { COMPONENT_64BIT } else { 0 };
    vec![
        "CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)".to_owned(),
        format!(
            "INSERT INTO `Environment` (`Environment`, `Name`, `Value`, `Component_`) VALUES ({}, {}, {}, {})",
            quote(&entry.id),
            quote(&environment_name(entry)),
            quote(&environment_value(entry)),
            quote(&entry.component)
        ),
        format!(
            "INSERT INTO `Component` (`Component`, `ComponentId`, `Directory_`, `Attributes`) VALUES ({}, {}, {}, {attributes})",
            quote(&entry.component),
            quote(&entry.guid),
            quote(&entry.directory)
        ),
        format!(
            "INSERT INTO `FeatureComponents` (`Feature_`, `Component_`) VALUES ({}, {})",
            quote(&entry.feature),
            quote(&entry.component)
        ),
        format!(
            "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('RemoveEnvironmentStrings', {REMOVE_ENVIRONMENT_SEQUENCE})"
        ),
        format!(
            "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('WriteEnvironmentStrings', {WRITE_ENVIRONMENT_SEQUENCE})"
        ),
    ]
}

/// A SQL string literal (MSI SQL has no escape for `'`, so it is dropped).
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, part: &str, permanent: bool, system: bool) -> PathEntry {
        PathEntry {
            component: "C".into(),
            guid: "{G}".into(),
            win64: true,
            directory: "D".into(),
            feature: "F".into(),
            id: "PATH".into(),
            name: "PATH".into(),
            value: "[D]".into(),
            action: action.into(),
            part: part.into(),
            permanent,
            system,
            separator: ";".into(),
        }
    }

    #[test]
    fn compiles_name_and_value_as_wix_does() {
        let e = entry("set", "last", false, true);
        assert_eq!(environment_name(&e), "=-*PATH");
        assert_eq!(environment_value(&e), "[~];[D]");
        let e = entry("create", "first", true, false);
        assert_eq!(environment_name(&e), "+PATH");
        assert_eq!(environment_value(&e), "[D];[~]");
        assert_eq!(
            environment_name(&entry("remove", "all", false, true)),
            "!*PATH"
        );
        let q = queries(&entry("set", "last", false, true));
        assert!(q[1].contains("'=-*PATH'"), "{}", q[1]);
        assert!(q[2].ends_with(", 256)"), "{}", q[2]);
    }
}
