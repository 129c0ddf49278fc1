//! The global options an alias's value carries, laid over those of the command line.

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Lays the global options given in the value of alias `name` over those of the command
/// line; `--debug` and `--profile` are refused in aliases, as v2 refuses them.
pub fn merge(name: &str, globals: &mut GlobalOptions, from: GlobalOptions) -> Result<(), CliError> {
    let refused = |param: &str| {
        CliError::other(format!(
            "Global parameter \"--{param}\" detected in alias \"{name}\" which is not supported in subcommand aliases."
        ))
    };
    if from.debug {
        return Err(refused("debug"));
    }
    if from.profile.is_some() {
        return Err(refused("profile"));
    }
    // Every field named, so that a new global option cannot be left out here.
    let GlobalOptions {
        debug: _,
        profile: _,
        endpoint_url,
        no_verify_ssl,
        no_paginate,
        output,
        query,
        region,
        version,
        color,
        no_sign_request,
        ca_bundle,
        read_timeout,
        connect_timeout,
        binary_format,
        no_cli_pager,
        cli_error_format,
    } = from;
    let g = globals;
    macro_rules! over {
        ($($field:ident),*) => { $( if $field.is_some() { g.$field = $field; } )* };
    }
    over!(
        endpoint_url,
        output,
        query,
        region,
        color,
        ca_bundle,
        read_timeout,
        connect_timeout,
        binary_format,
        cli_error_format
    );
    g.no_verify_ssl |= no_verify_ssl;
    g.no_paginate |= no_paginate;
    g.version |= version;
    g.no_sign_request |= no_sign_request;
    g.no_cli_pager |= no_cli_pager;
    Ok(())
}
