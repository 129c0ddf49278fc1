//! `aws eks get-token`, beside the operations of the EKS API: a bearer token for a cluster,
//! `k8s-aws-v1.` and the unpadded base64url of an STS `GetCallerIdentity` URL pre-signed for
//! 60 seconds with the cluster's name or id in the signed `x-k8s-aws-id` header, printed as
//! the `ExecCredential` a Kubernetes client reads (with `--output` and `--query`).

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_client::{Client, Presign};
use aws2_core::Value;
use base64::Engine;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

/// The client authentication API versions a kubeconfig may ask for.
const V1: &str = "client.authentication.k8s.io/v1";
const V1BETA1: &str = "client.authentication.k8s.io/v1beta1";
const V1ALPHA1: &str = "client.authentication.k8s.io/v1alpha1";

/// The `eks` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "eks",
    description: "Amazon Elastic Kubernetes Service, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "get-token",
        description: "Get a token for authentication with an Amazon EKS cluster. This can be \
                      used as an alternative to the aws-iam-authenticator.",
        options: &[
            O::value(
                "cluster-name",
                "Specify the name of the Amazon EKS cluster to create a token for. (Note: for \
                 local clusters on AWS Outposts, please use --cluster-id parameter)",
            ),
            O::value(
                "role-arn",
                "Assume this role for credentials when signing the token. Use this optional \
                 parameter when the credentials for signing the token differ from that of the \
                 current role session. Using this parameter results in new role session \
                 credentials that are used to sign the token.",
            ),
            O::value(
                "cluster-id",
                "Specify the id of the Amazon EKS cluster to create a token for. (Note: for \
                 local clusters on AWS Outposts only)",
            ),
        ],
    }],
};

/// Runs `aws eks get-token` (`words` from `eks` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP.command("get-token").expect("eks get-token is declared");
    let args = custom::parse(spec, &words[2..])?;
    let sts = sts_client(globals, args.value("role-arn"))?;
    if args.value("cluster-name").is_some() && args.value("cluster-id").is_some() {
        return Err(CliError::validation(
            "The key \"cluster_id\" cannot be specified when one of the following keys are \
             also specified: cluster_name",
        ));
    }
    let Some(id) = args
        .value("cluster-id")
        .filter(|v| !v.is_empty())
        .or(args.value("cluster-name").filter(|v| !v.is_empty()))
    else {
        eprintln!("Either parameter --cluster-name or --cluster-id must be specified.");
        return Ok(1);
    };
    let now = aws2_config::clock::now();
    let headers = [("x-k8s-aws-id".to_owned(), id.to_owned())];
    let presign = Presign {
        headers: &headers,
        expires: 60,
        time: now,
    };
    let op = sts.service().operation("GetCallerIdentity")?;
    let url = sts
        .presign_operation(&op, &Value::Map(Default::default()), &presign)
        .map_err(crate::call_error::call_error)?;
    let token = format!(
        "k8s-aws-v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(url)
    );
    // STS accepts the URL for 15 minutes; clients refresh the token after 14.
    let expires = now + Duration::from_secs(14 * 60);
    let secs = expires.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let at = aws2_text::calendar::DateTime::from_epoch(secs as i64);
    let credential = json!({
        "kind": "ExecCredential",
        "apiVersion": api_version()?,
        "spec": {},
        "status": {
            "expirationTimestamp": format!("{}T{}Z", at.date(), at.clock()),
            "token": token,
        },
    });
    print_credential(globals, &credential)
}

/// The STS client that signs the token: the profile's credentials, or those of `role_arn`
/// assumed (session `EKSGetTokenAuth`). The command's `--endpoint-url` is not STS's; without
/// a region the global endpoint signs.
fn sts_client(globals: &GlobalOptions, role_arn: Option<&str>) -> Result<Client, CliError> {
    let mut globals = globals.clone();
    globals.endpoint_url = None;
    let session = session::config_session(&globals);
    if globals.region.is_none() && session.region_opt().map_err(CliError::from)?.is_none() {
        globals.region = Some("aws-global".to_owned());
    }
    let service = Arc::new(aws2_core::Service::load("sts")?);
    let client = session::client(&globals, &session, service.clone())?;
    let Some(role_arn) = role_arn else {
        return Ok(client);
    };
    let credentials = assume_role(&client, &service, role_arn, "EKSGetTokenAuth")?;
    Ok(client.with_credentials(credentials))
}

/// The credentials of `role` assumed through the STS `client` under `session_name` (a
/// response without them fails with the missing field's name, as v2's KeyError reads).
pub(super) fn assume_role(
    client: &aws2_client::Client,
    sts: &aws2_core::Service,
    role: &str,
    session_name: &str,
) -> Result<aws2_http::Credentials, CliError> {
    let op = sts.operation("AssumeRole")?;
    let input = Value::from_json(&json!({
        "RoleArn": role,
        "RoleSessionName": session_name,
    }));
    let output = client
        .call(&op, &input)
        .map_err(crate::call_error::call_error)?;
    let field = |name: &str| {
        output
            .get("Credentials")
            .and_then(|c| c.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| CliError::other(format!("'{name}'")))
    };
    let mut credentials =
        aws2_http::Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?);
    credentials.session_token = Some(field("SessionToken")?);
    Ok(credentials)
}

/// The API version `KUBERNETES_EXEC_INFO` asks for, v1beta1 when it names none this CLI
/// knows (with a note on stderr, as for the deprecated v1alpha1).
fn api_version() -> Result<&'static str, CliError> {
    let raw = std::env::var("KUBERNETES_EXEC_INFO").unwrap_or_default();
    if raw.is_empty() {
        return Ok(V1BETA1);
    }
    let Ok(info) = serde_json::from_str::<serde_json::Value>(&raw) else {
        eprintln!(
            "Error parsing KUBERNETES_EXEC_INFO, defaulting to {V1BETA1}. This is likely a bug \
             in your Kubernetes client. Please update your Kubernetes client."
        );
        return Ok(V1BETA1);
    };
    let kind = match &info {
        serde_json::Value::Object(_) => None,
        serde_json::Value::Array(_) => Some("list"),
        serde_json::Value::String(_) => Some("str"),
        serde_json::Value::Bool(_) => Some("bool"),
        serde_json::Value::Null => Some("NoneType"),
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some("int"),
        serde_json::Value::Number(_) => Some("float"),
    };
    if let Some(kind) = kind {
        return Err(CliError::other(format!(
            "'{kind}' object has no attribute 'get'"
        )));
    }
    match info.get("apiVersion").and_then(|v| v.as_str()) {
        Some(V1) => Ok(V1),
        Some(V1BETA1) => Ok(V1BETA1),
        Some(V1ALPHA1) => {
            eprintln!(
                "Kubeconfig user entry is using deprecated API version {V1ALPHA1}. Run 'aws \
                 eks update-kubeconfig' to update."
            );
            Ok(V1ALPHA1)
        }
        _ => {
            eprintln!(
                "Unrecognized API version in KUBERNETES_EXEC_INFO, defaulting to {V1BETA1}. \
                 This is likely due to an outdated AWS CLI. Please update your AWS CLI."
            );
            Ok(V1BETA1)
        }
    }
}

/// Prints the credential in the output format, with `--query`, and then an empty line.
fn print_credential(globals: &GlobalOptions, credential: &serde_json::Value) -> Result<i32, CliError> {
    let session = session::config_session(globals);
    let (format, query) = crate::output_choice::format_and_query(globals, &session)?;
    let opts = crate::output_choice::output_options(globals, "get-token");
    let text = aws2_output::format_response(credential, format, query.as_ref(), &opts)
        .map_err(|e| CliError::other(e.to_string()))?;
    print!("{text}");
    println!();
    Ok(0)
}
