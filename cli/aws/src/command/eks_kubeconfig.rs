//! `aws eks update-kubeconfig`, beside the operations of the EKS API: it describes a cluster
//! (with the credentials of `--assume-role-arn` when given) and merges a cluster entry, a
//! user entry that runs `aws eks get-token`, and a context joining them into a kubeconfig,
//! which it writes (or prints with `--dry-run`) with that context made the current one.

mod config;
pub(crate) mod emit;
pub(crate) mod yaml;

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_config::Source;
use aws2_core::Value;
use serde_json::json;
use std::sync::Arc;
use yaml::Node;

/// The client authentication API version the user entries ask for.
const API_VERSION: &str = "client.authentication.k8s.io/v1beta1";

/// The `eks` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "eks",
    description: "Amazon Elastic Kubernetes Service, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "update-kubeconfig",
        description: "Configures kubectl so that you can connect to an Amazon EKS cluster: \
                      writes the cluster's server and certificate authority data, a user \
                      that authenticates with `aws eks get-token`, and a context joining \
                      them to a kubeconfig file, and makes that context the current one.",
        options: &[
            O::value(
                "name",
                "The name of the cluster for which to create a kubeconfig entry. This \
                 cluster must exist in your account and in the specified or configured \
                 default Region for your AWS CLI installation.",
            )
            .required(),
            O::value(
                "kubeconfig",
                "Optionally specify a kubeconfig file to append with your configuration. By \
                 default, the configuration is written to the first file path in the \
                 KUBECONFIG environment variable (if it is set) or the default kubeconfig \
                 path (.kube/config) in your home directory.",
            ),
            O::value(
                "role-arn",
                "To assume a role for cluster authentication, specify an IAM role ARN with \
                 this option. For example, if you created a cluster while assuming an IAM \
                 role, then you must also assume that role to connect to the cluster the \
                 first time.",
            ),
            O::value(
                "proxy-url",
                "Optionally specify a proxy url to route traffic via when connecting to a \
                 cluster.",
            ),
            O::flag(
                "dry-run",
                "Print the merged kubeconfig to stdout instead of writing it to the \
                 specified file.",
            ),
            O::flag(
                "verbose",
                "Print more detailed output when writing to the kubeconfig file, including \
                 the appended entries.",
            ),
            O::value(
                "alias",
                "Alias for the cluster context name. Defaults to match cluster ARN.",
            ),
            O::value(
                "user-alias",
                "Alias for the generated user name. Defaults to match cluster ARN.",
            ),
            O::value(
                "assume-role-arn",
                "To assume a role for retrieving cluster information, specify an IAM role \
                 ARN with this option. Use this for cross-account access to get cluster \
                 details from the account where the cluster resides.",
            ),
        ],
    }],
};

/// Runs `aws eks update-kubeconfig` (`words` from `eks` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP
        .command("update-kubeconfig")
        .expect("eks update-kubeconfig is declared");
    let args = custom::parse(spec, &words[2..])?;
    let name = args.value("name").unwrap_or_default();
    let cluster = describe(globals, name, args.value("assume-role-arn"))?;
    let cluster_entry = cluster_entry(&cluster, args.value("proxy-url"));
    let user_entry = user_entry(
        globals,
        &cluster,
        name,
        args.value("role-arn"),
        args.value("user-alias").filter(|a| !a.is_empty()),
    )?;
    let cluster_name = cluster_entry.get("name").cloned().unwrap_or(Node::Null);
    let env = std::env::var("KUBECONFIG").unwrap_or_default();
    let mut kubeconfig =
        config::choose(args.value("kubeconfig"), &env, &cluster_name).map_err(CliError::other)?;
    let updating = kubeconfig.has_cluster(&cluster_name);
    let context = kubeconfig.insert_pair(
        cluster_entry.clone(),
        user_entry.clone(),
        args.value("alias").filter(|a| !a.is_empty()),
    );
    if args.flag("dry-run") {
        print!("{}", kubeconfig.dump());
        return Ok(0);
    }
    kubeconfig.write().map_err(CliError::other)?;
    let context_name = match context.get("name") {
        Some(Node::Str(s)) => s.clone(),
        _ => "None".to_owned(),
    };
    let path = kubeconfig.path.display();
    if updating {
        println!("Updated context {context_name} in {path}");
    } else {
        println!("Added new context {context_name} to {path}");
    }
    if args.flag("verbose") {
        println!("Entries:\n");
        for entry in [&context, &user_entry, &cluster_entry] {
            println!("{}", emit::dump(entry));
        }
    }
    Ok(0)
}

/// The cluster's description (`DescribeCluster`), which must be active or updating.
fn describe(globals: &GlobalOptions, name: &str, role: Option<&str>) -> Result<Value, CliError> {
    let session = session::config_session(globals);
    let service = Arc::new(aws2_core::Service::load("eks")?);
    let mut client = session::client(globals, &session, service.clone())?;
    if let Some(role) = role {
        client = client.with_credentials(assumed(globals, role)?);
    }
    let op = service.operation("DescribeCluster")?;
    let input = Value::from_json(&json!({ "name": name }));
    let output = client
        .call(&op, &input)
        .map_err(crate::call_error::call_error)?;
    let cluster = output.get("cluster").cloned().unwrap_or(Value::Null);
    match cluster.get("status") {
        Some(Value::String(s)) if s == "ACTIVE" || s == "UPDATING" => Ok(cluster),
        Some(status) => Err(CliError::other(format!(
            "Cluster status is {}",
            text_of(status)
        ))),
        None => Err(CliError::other("Cluster not found")),
    }
}

/// The credentials of `role` assumed (session `EKSDescribeClusterSession`) by an STS client
/// of the profile and region (the command's `--endpoint-url` is EKS's, not STS's).
fn assumed(globals: &GlobalOptions, role: &str) -> Result<aws2_http::Credentials, CliError> {
    let mut globals = globals.clone();
    globals.endpoint_url = None;
    let session = session::config_session(&globals);
    let service = Arc::new(aws2_core::Service::load("sts")?);
    let client = session::client(&globals, &session, service.clone())?;
    super::eks::assume_role(&client, &service, role, "EKSDescribeClusterSession")
}

/// A string field of the description as a node (`null` when it is missing).
fn field(cluster: &Value, name: &str) -> Node {
    match cluster.get(name) {
        Some(Value::String(s)) => Node::str(s),
        Some(other) if !matches!(other, Value::Null) => Node::Str(text_of(other)),
        _ => Node::Null,
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Null => "None".to_owned(),
        other => format!("{other:?}"),
    }
}

/// The cluster entry: its certificate authority data, its server and `--proxy-url`, under
/// the cluster's ARN.
fn cluster_entry(cluster: &Value, proxy_url: Option<&str>) -> Node {
    let data = match cluster.get("certificateAuthority").and_then(|c| c.get("data")) {
        Some(Value::String(s)) => Node::str(s),
        Some(Value::Null) | None => Node::str(""),
        Some(other) => Node::Str(text_of(other)),
    };
    let mut inner = vec![("certificate-authority-data", data), ("server", field(cluster, "endpoint"))];
    if let Some(url) = proxy_url {
        inner.push(("proxy-url", Node::str(url)));
    }
    Node::map(vec![("cluster", Node::map(inner)), ("name", field(cluster, "arn"))])
}

/// The user entry: `aws --region <the ARN's region> eks get-token` for the cluster (by id
/// for a local cluster on Outposts), with `--role` and the profile when there are.
fn user_entry(
    globals: &GlobalOptions,
    cluster: &Value,
    name: &str,
    role: Option<&str>,
    alias: Option<&str>,
) -> Result<Node, CliError> {
    let arn = match cluster.get("arn") {
        Some(Value::String(s)) => s.clone(),
        _ => {
            return Err(CliError::other(
                "'NoneType' object has no attribute 'split'",
            ))
        }
    };
    let region = arn
        .split(':')
        .nth(3)
        .ok_or_else(|| CliError::other("list index out of range"))?;
    let outpost = cluster.get("outpostConfig").filter(|v| !matches!(v, Value::Null));
    let by_id = outpost.is_some_and(|o| o.get("etcdInstanceType").is_none_or(|v| matches!(v, Value::Null)));
    let (flag, id) = if by_id {
        ("--cluster-id", field(cluster, "id"))
    } else {
        ("--cluster-name", Node::str(name))
    };
    let mut exec_args: Vec<Node> = ["--region", region, "eks", "get-token", flag]
        .into_iter()
        .map(Node::str)
        .collect();
    exec_args.extend([id, Node::str("--output"), Node::str("json")]);
    if let Some(role) = role {
        exec_args.extend([Node::str("--role"), Node::str(role)]);
    }
    let mut exec = vec![
        ("apiVersion", Node::str(API_VERSION)),
        ("args", Node::Seq(exec_args)),
        ("command", Node::str("aws")),
    ];
    let profile = session::config_session(globals).profile();
    if profile.source != Source::Default {
        exec.push((
            "env",
            Node::Seq(vec![Node::map(vec![
                ("name", Node::str("AWS_PROFILE")),
                ("value", Node::str(&profile.name)),
            ])]),
        ));
    }
    let user_name = alias.map_or(Node::Str(arn), Node::str);
    Ok(Node::map(vec![
        ("name", user_name),
        ("user", Node::map(vec![("exec", Node::map(exec))])),
    ]))
}
