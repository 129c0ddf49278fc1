//! `aws ecr-public get-login-password`, beside the operations of the ECR Public API: the
//! password of the public registry's token from `GetAuthorizationToken`.

use super::spec::{CommandSpec, GroupSpec};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;

/// The `ecr-public` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "ecr-public",
    description: "Amazon ECR Public, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "get-login-password",
        description: "To log in to an Amazon ECR public registry. Retrieves and displays an \
                      authentication token using the GetAuthorizationToken API that you can \
                      use to authenticate to an Amazon ECR public registry with the login \
                      command of a container client such as Docker. The token is valid for 12 \
                      hours; the command requires the 'ecr-public:GetAuthorizationToken' and \
                      'sts:GetServiceBearerToken' permissions.",
        options: &[],
    }],
};

/// Runs `aws ecr-public get-login-password` (`words` from `ecr-public` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP
        .command("get-login-password")
        .expect("ecr-public get-login-password is declared");
    custom::parse(spec, &words[2..])?;
    let output = super::ecr::authorization(globals, "ecr-public")?;
    // ECR Public answers one token, not a list.
    let data = output
        .get("authorizationData")
        .ok_or_else(|| CliError::other("'authorizationData'"))?;
    super::ecr::print_password(data)
}
