//! `aws ecr get-login-password`, beside the operations of the ECR API: it calls
//! `GetAuthorizationToken` and prints the password of the first registry's token (the token
//! is `AWS:<password>` in base64), which container clients such as Docker sign in with.
//! [`login_password`] also serves `aws ecr-public get-login-password`.

use super::spec::{CommandSpec, GroupSpec};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_core::Value;
use base64::Engine;
use std::sync::Arc;

/// The `ecr` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "ecr",
    description: "Amazon Elastic Container Registry, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "get-login-password",
        description: "To log in to an Amazon ECR registry. Retrieves and displays an \
                      authentication token using the GetAuthorizationToken API that you can \
                      use to authenticate to an Amazon ECR registry with the login command of \
                      a container client such as Docker. The token is valid for 12 hours.",
        options: &[],
    }],
};

/// Runs `aws ecr get-login-password` (`words` from `ecr` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP
        .command("get-login-password")
        .expect("ecr get-login-password is declared");
    custom::parse(spec, &words[2..])?;
    let output = authorization(globals, "ecr")?;
    // ECR answers a list of registries' tokens; the first is the caller's.
    let data = match output.get("authorizationData") {
        Some(Value::List(items)) => items
            .first()
            .ok_or_else(|| CliError::other("list index out of range"))?,
        Some(other) => other,
        None => return Err(CliError::other("'authorizationData'")),
    };
    print_password(data)
}

/// The output of `GetAuthorizationToken` of the ECR API `model_name` (`ecr`, `ecr-public`).
pub fn authorization(globals: &GlobalOptions, model_name: &str) -> Result<Value, CliError> {
    let session = session::config_session(globals);
    let service = Arc::new(aws2_core::Service::load(model_name)?);
    let client = session::client(globals, &session, service.clone())?;
    let op = service.operation("GetAuthorizationToken")?;
    client
        .call(&op, &Value::Map(Default::default()))
        .map_err(crate::call_error::call_error)
}

/// Prints the password of one `AuthorizationData`, whose `authorizationToken` is
/// `user:password` in base64.
pub fn print_password(data: &Value) -> Result<i32, CliError> {
    let token = data
        .get("authorizationToken")
        .and_then(Value::as_str)
        .ok_or_else(|| CliError::other("'authorizationToken'"))?;
    println!("{}", login_password(token)?);
    Ok(0)
}

/// The password of a base64 `user:password` token; a token of another form is refused as
/// the AWS CLI refuses it.
pub fn login_password(token: &str) -> Result<String, CliError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(token.trim())
        .map_err(|_| CliError::other("Incorrect padding"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::other(format!(
            "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
            e.as_bytes()[e.utf8_error().valid_up_to()],
            e.utf8_error().valid_up_to()
        ))
    })?;
    let parts: Vec<&str> = text.split(':').collect();
    match parts.as_slice() {
        [_, password] => Ok((*password).to_owned()),
        [_] => Err(CliError::other(
            "not enough values to unpack (expected 2, got 1)",
        )),
        _ => Err(CliError::other(format!(
            "too many values to unpack (expected 2, got {})",
            parts.len()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_come_from_user_password_tokens() {
        let token = base64::engine::general_purpose::STANDARD.encode("AWS:secret-pass");
        assert_eq!(login_password(&token).unwrap(), "secret-pass");
        let one = base64::engine::general_purpose::STANDARD.encode("nocolon");
        assert!(login_password(&one).unwrap_err().to_string().contains("got 1"));
        let three = base64::engine::general_purpose::STANDARD.encode("a:b:c");
        assert!(login_password(&three).unwrap_err().to_string().contains("got 3"));
        assert!(login_password("!!").is_err());
    }
}
