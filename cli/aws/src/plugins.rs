//! The `[plugins]` section of the config file: version 1 plugins do not run in version 2, so
//! a config file that has one gets a clear warning on stderr (the command still runs).

use aws2_config::{Env, SharedFiles};

/// The warning printed when the config file has a `[plugins]` section.
pub const WARNING: &str = "warning: the [plugins] section of the config file is not supported by AWS CLI version 2 and is ignored; remove or rename it";

/// Prints the warning when the config file named by the environment has a `[plugins]` section.
pub fn warn_if_configured() {
    let files = SharedFiles::from_env(&Env::from_process());
    if let Ok(Some(config)) = files.config() {
        if config.other_section("plugins").is_some() {
            eprintln!("{WARNING}");
        }
    }
}
