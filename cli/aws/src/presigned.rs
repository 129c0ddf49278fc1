//! What the commands that print pre-signed tokens share (`rds generate-db-auth-token`, the
//! `dsql` tokens, `eks get-token`): the service client whose region and credentials sign
//! the token, and integer options read as Python's `int()` reads them.

use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_client::{valid_region, Client, Presign};
use std::sync::Arc;

/// The client of `model_name` whose region and credentials sign a token. The empty region
/// has no endpoint, as botocore finds when it creates the client.
pub fn token_client(globals: &GlobalOptions, model_name: &str) -> Result<Client, CliError> {
    let session = session::config_session(globals);
    let service = Arc::new(aws2_core::Service::load(model_name)?);
    let client = session::client(globals, &session, service.clone())?;
    let region = client.region().unwrap_or_default();
    if region.is_empty() {
        // The AWS CLI creates these clients without TLS unless an endpoint URL is given.
        let scheme = match (&globals.endpoint_url, globals.no_verify_ssl) {
            (Some(_), false) => "https",
            _ => "http",
        };
        let prefix = &service.metadata().endpoint_prefix;
        return Err(CliError::other(format!(
            "Invalid endpoint: {scheme}://{prefix}..amazonaws.com"
        )));
    }
    if !valid_region(region) {
        return Err(CliError::other(format!(
            "Provided region_name '{region}' doesn't match a supported format."
        )));
    }
    Ok(client)
}

/// A token valid for `expires` seconds from now (the CLI's clock), signing no header.
pub fn presign_now(expires: i64) -> Presign<'static> {
    Presign {
        headers: &[],
        expires,
        time: aws2_config::clock::now(),
    }
}

/// An integer option as Python's `int()` reads a string: surrounding whitespace, a sign,
/// digits with single underscores between them; anything else is refused with its message.
pub fn python_int(text: &str) -> Result<i64, CliError> {
    let refused = || CliError::other(format!("invalid literal for int() with base 10: '{text}'"));
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let well_formed = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if !well_formed {
        return Err(refused());
    }
    let value: i64 = digits.replace('_', "").parse().map_err(|_| refused())?;
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_read_as_python_reads_them() {
        assert_eq!(python_int(" 07 ").unwrap(), 7);
        assert_eq!(python_int("-1_000").unwrap(), -1000);
        assert_eq!(python_int("+5").unwrap(), 5);
        for bad in ["", "1.5", "x", "1__0", "_1", "--1", "1 2"] {
            let err = python_int(bad).unwrap_err().to_string();
            assert!(err.contains("invalid literal for int()"), "{bad}: {err}");
        }
        assert!(valid_region("us-east-1") && !valid_region("a b") && !valid_region("-a"));
    }
}
