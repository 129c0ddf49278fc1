//! `aws ec2-instance-connect ssh` and `aws ec2-instance-connect open-tunnel`, beside the
//! operations of the EC2 Instance Connect API. `ssh` finds the instance's address
//! (`DescribeInstances`) and, for a private one, an EC2 Instance Connect Endpoint
//! (`DescribeInstanceConnectEndpoints`), pushes a fresh Ed25519 key (`SendSSHPublicKey`)
//! unless given a private key file, and runs the OpenSSH client, through
//! `aws ec2-instance-connect open-tunnel` as its `ProxyCommand` for an endpoint. `open-tunnel`
//! carries bytes between standard input and output (or each connection of a local port) and
//! the endpoint's websocket, opened at a pre-signed `wss://<endpoint>/openTunnel` URL.

mod endpoints;
mod keys;
mod ssh;
mod tunnel;
mod websocket;

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::error::CliError;
use crate::globals::GlobalOptions;

/// How `ssh` may reach the instance.
const CONNECTION_TYPES: &[&str] = &["auto", "direct", "eice"];

/// The `ec2-instance-connect` commands the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "ec2-instance-connect",
    description: "Amazon EC2 Instance Connect, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[
        CommandSpec {
            name: "open-tunnel",
            description: "Opens a websocket tunnel to the specified EC2 Instance or IP address.",
            options: &[
                O::value(
                    "instance-id",
                    "Specify the id of the EC2 instance that a tunnel should be opened for.",
                ),
                O::value(
                    "instance-connect-endpoint-id",
                    "Specify the EC2 Instance Connect Endpoint Id that should be used to open \
                     the tunnel.",
                ),
                O::value(
                    "instance-connect-endpoint-dns-name",
                    "Specify the EC2 Instance Connect Endpoint DNS Name that should be used to \
                     open the tunnel. If this is specified, you must specify \
                     instance-connect-endpoint-id.",
                ),
                O::value(
                    "private-ip-address",
                    "Specify the private IPv4 (or IPv6) address to open a tunnel for. If this is \
                     specified, you must specify instance-connect-endpoint-id.",
                ),
                O::value(
                    "remote-port",
                    "Specify the remote port to connect to on the instance. This defaults to \
                     port 22.",
                )
                .typed("integer"),
                O::value(
                    "local-port",
                    "Specify the local port to listen on. Each new connection will have a \
                     separate websocket tunnel read and write to it.",
                )
                .typed("integer"),
                O::value(
                    "max-tunnel-duration",
                    "Specify the maximum time, in seconds, to keep a websocket tunnel alive for. \
                     This defaults to 3600 seconds.",
                )
                .typed("integer"),
                O::value(
                    "max-websocket-connections",
                    "Specify the maximum amount of websocket connections allowed when local-port \
                     is specified. This value defaults to 10. ",
                )
                .typed("integer"),
            ],
        },
        CommandSpec {
            name: "ssh",
            description: "Connect to your EC2 instance using your OpenSSH client.",
            options: &[
                O::value(
                    "instance-id",
                    "Specify the ID of the EC2 instance to connect to.",
                )
                .required(),
                O::value(
                    "instance-ip",
                    "Specify the IP address of the instance to connect to.",
                ),
                O::value(
                    "private-key-file",
                    "Specify the path to the private key file for login.",
                ),
                O::value("os-user", "Specify the OS SSH user. (Default: ec2-user)"),
                O::value("ssh-port", "Specify the SSH port. (Default: 22)").typed("integer"),
                O::value(
                    "local-forwarding",
                    "Specify the local forwarding specification as defined by your OpenSSH \
                     client. (Example: 3336:remote.host:3306)",
                ),
                O::value(
                    "connection-type",
                    "Specify how to SSH into the instance. (Default: auto): direct connects to \
                     the instance's public IPv4, IPv6 or private IPv4 address, in that order; \
                     eice connects through an EC2 Instance Connect Endpoint to its private IPv4 \
                     address, or IPv6 without one; auto uses the public IPv4 address directly, \
                     else the private IPv4 address through an endpoint, else the IPv6 address \
                     directly.",
                )
                .choices(CONNECTION_TYPES),
                O::value(
                    "eice-options",
                    "Specify the options for your EC2 Instance Connect Endpoint: \
                     maxTunnelDuration (integer, the maximum duration in seconds of an \
                     established TCP connection, 3600 by default), endpointId (the endpoint to \
                     open the tunnel with), dnsName (its DNS name, which needs endpointId).",
                )
                .typed("structure"),
            ],
        },
    ],
};

/// Runs `aws ec2-instance-connect ssh|open-tunnel` (`words` from `ec2-instance-connect` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    match words.get(1).map(String::as_str) {
        Some("ssh") => ssh::run(globals, &words[2..]),
        Some("open-tunnel") => tunnel::run(globals, &words[2..]),
        other => Err(CliError::other(format!(
            "unknown ec2-instance-connect command {other:?}"
        ))),
    }
}

/// The declaration of the subcommand `name`.
fn spec(name: &str) -> &'static CommandSpec {
    GROUP
        .command(name)
        .expect("ec2-instance-connect commands are declared")
}

/// An integer option read as the AWS CLI reads it (Python's `int()`), if given.
fn integer(args: &crate::args::argparse::Parsed, name: &str) -> Result<Option<i64>, CliError> {
    args.value(name)
        .map(crate::presigned::python_int)
        .transpose()
}
