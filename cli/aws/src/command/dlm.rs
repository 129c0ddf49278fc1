//! `aws dlm create-default-role`, beside the operations of the Data Lifecycle Manager API: it
//! creates the IAM role the service assumes (for snapshots or for images) with its trust
//! policy and attaches the AWS managed policy, unless the role exists or the policy does not;
//! it then prints the role and the policy document as the AWS CLI v2 does.

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::service_api::{policy_arn_partition, print_response, ServiceApi};
use crate::session;
use aws2_core::Value;
use serde_json::json;

/// The `dlm` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "dlm",
    description: "Amazon Data Lifecycle Manager, with the command the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "create-default-role",
        description: "Creates the default IAM role  which will be used by Lifecycle \
                      service.\nIf the role does not exist, create-default-role will \
                      automatically create it and set its policy. If the role has been \
                      already created, create-default-role will not update its policy.\n",
        options: &[
            O::value(
                "iam-endpoint",
                "The IAM endpoint to call for creating the roles. This is optional and \
                 should only be specified when a custom endpoint should be called for IAM \
                 operations.",
            ),
            O::value(
                "resource-type",
                "The resource type for which the role needs to be created. The available \
                 options are 'snapshot' and 'image'. This parameter defaults to 'snapshot'.",
            )
            .choices(&["snapshot", "image"]),
        ],
    }],
};

/// The role's name and the managed policy's name for a resource type.
fn names(resource_type: &str) -> (&'static str, &'static str) {
    match resource_type {
        "image" => (
            "AWSDataLifecycleManagerDefaultRoleForAMIManagement",
            "AWSDataLifecycleManagerServiceRoleForAMIManagement",
        ),
        _ => (
            "AWSDataLifecycleManagerDefaultRole",
            "AWSDataLifecycleManagerServiceRole",
        ),
    }
}

/// Runs `aws dlm create-default-role` (`words` from `dlm` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP
        .command("create-default-role")
        .expect("dlm create-default-role is declared");
    let args = custom::parse(spec, &words[2..])?;
    let session = session::config_session(globals);
    let iam_globals = GlobalOptions {
        endpoint_url: args.value("iam-endpoint").map(str::to_owned),
        ..globals.clone()
    };
    let iam = ServiceApi::new(&iam_globals, &session, "iam")?;
    let (role, policy) = names(args.value("resource-type").unwrap_or("snapshot"));
    if exists(iam.call("GetRole", json!({ "RoleName": role })))? {
        log::debug!("Role {role} exists");
        return Ok(0);
    }
    let region = match &globals.region {
        Some(region) => Some(region.clone()),
        None => session.region_opt().map_err(CliError::from)?,
    }
    .ok_or_else(|| {
        CliError::Configuration(
            "You must specify a region. You can also configure your region by running \
             \"aws configure\"."
                .to_owned(),
        )
    })?;
    let policy_arn = format!(
        "arn:{}:iam::aws:policy/service-role/{policy}",
        policy_arn_partition(&region)
    );
    if !exists(iam.call("GetPolicy", json!({ "PolicyArn": policy_arn })))? {
        log::debug!("Managed Policy {policy_arn} does not exist.");
        return Ok(0);
    }
    let trust = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "",
            "Effect": "Allow",
            "Principal": {"Service": "dlm.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }],
    });
    let created = iam.call(
        "CreateRole",
        json!({ "RoleName": role, "AssumeRolePolicyDocument": crate::customizations::python_json(&trust) }),
    )?;
    iam.call(
        "AttachRolePolicy",
        json!({ "PolicyArn": policy_arn, "RoleName": role }),
    )?;
    let details = iam.call("GetPolicy", json!({ "PolicyArn": policy_arn }))?;
    let version = details
        .get("Policy")
        .and_then(|p| p.get("DefaultVersionId"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let document = iam
        .call(
            "GetPolicyVersion",
            json!({ "PolicyArn": policy_arn, "VersionId": version }),
        )?
        .get("PolicyVersion")
        .and_then(|v| v.get("Document"))
        .cloned()
        .unwrap_or(Value::Map(Default::default()));
    let mut result = indexmap::IndexMap::new();
    result.insert("RolePolicy".to_owned(), document);
    if let Value::Map(fields) = created {
        result.extend(fields);
    }
    print_response(globals, &session, "create_role", &Value::Map(result))?;
    Ok(0)
}

/// Whether a `Get…` call found its entity: false on `NoSuchEntity`, the error otherwise.
fn exists(found: Result<Value, CliError>) -> Result<bool, CliError> {
    match found {
        Ok(_) => Ok(true),
        Err(CliError::Service { code, .. }) if code == "NoSuchEntity" => Ok(false),
        Err(e) => Err(e),
    }
}
