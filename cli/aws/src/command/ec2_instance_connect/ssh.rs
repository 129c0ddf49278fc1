//! `aws ec2-instance-connect ssh`: the instance's address and, for a connection through an
//! endpoint, the endpoint; the key (given, or generated and sent with `SendSSHPublicKey`)
//! in a temporary directory; then `ssh -o ServerAliveInterval=5 -p PORT -i KEY [-L FWD] [-v]
//! [-o ProxyCommand=…] USER@ADDRESS`, whose exit status is the command's.

use super::endpoints::{self, Ec2};
use super::{integer, keys, spec};
use crate::args::custom;
use crate::call_error::call_error;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_core::{Service, Value};
use aws2_params::{ArgValue, ParamKind, ParamValue, Shape, UnpackOptions};
use serde_json::{json, Map, Value as Json};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs `ssh` with the words after the subcommand.
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let args = custom::parse(spec("ssh"), words)?;
    let instance_id = args.value("instance-id").unwrap_or_default();
    let instance_ip = args.value("instance-ip").filter(|v| !v.is_empty());
    let key_file = args.value("private-key-file").filter(|v| !v.is_empty());
    let os_user = args.value("os-user").unwrap_or("ec2-user");
    let ssh_port = integer(&args, "ssh-port")?.unwrap_or(22);
    let forwarding = args.value("local-forwarding").filter(|v| !v.is_empty());
    let connection_type = args.value("connection-type").unwrap_or("auto");
    let options = args.value("eice-options").map(eice_options).transpose()?;
    let options = options.unwrap_or_default();
    validate(instance_id, instance_ip, connection_type, &options)?;

    let ec2 = Ec2::new(globals, true)?;
    let instance = ec2.instance(instance_id)?;
    let private = endpoints::member(&instance, "PrivateIpAddress");
    let public = endpoints::member(&instance, "PublicIpAddress");
    let ipv6 = endpoints::member(&instance, "Ipv6Address");
    let (tunnel, address) = match (instance_ip, connection_type) {
        (Some(ip), kind) => (kind == "eice", Some(ip)),
        (None, "eice") => (true, private.or(ipv6)),
        (None, _) if !options.is_empty() => (true, private.or(ipv6)),
        (None, "direct") => (false, public.or(ipv6).or(private)),
        (None, _) => match (public, private, ipv6) {
            (Some(ip), _, _) => (false, Some(ip)),
            (None, Some(ip), _) => (true, Some(ip)),
            (None, None, ip) => (false, ip),
        },
    };
    let address = address.ok_or_else(|| {
        CliError::validation("Unable to find any IP address on the instance to connect to.")
    })?;

    let mut endpoint_id = text_option(&options, "endpointId");
    let mut dns_name = text_option(&options, "dnsName");
    if tunnel && dns_name.is_none() {
        let vpc = endpoints::required(&instance, "VpcId")?;
        let subnet = endpoints::required(&instance, "SubnetId")?;
        let found = ec2.endpoint(Some(vpc), Some(subnet), endpoint_id.as_deref())?;
        let (id, name) = endpoints::id_and_dns_name(globals, &found)?;
        endpoint_id = Some(id);
        dns_name = Some(name);
    }
    let duration = options.get("maxTunnelDuration").and_then(Json::as_i64);

    let temporary = tempfile::Builder::new()
        .prefix("tmp")
        .tempdir()
        .map_err(|e| CliError::other(e.to_string()))?;
    let key_file = match key_file {
        Some(file) => PathBuf::from(file),
        None => {
            let pair = keys::generate()?;
            send_public_key(globals, instance_id, os_user, &pair.public)?;
            let path = temporary.path().join("private-key");
            write_key(&path, &pair.private)?;
            path
        }
    };
    let proxy = Proxy {
        instance_id,
        address,
        port: ssh_port,
        endpoint_id: endpoint_id.as_deref(),
        dns_name: dns_name.as_deref(),
        duration,
    };
    let mut command = vec![
        "-o".to_owned(),
        "ServerAliveInterval=5".to_owned(),
        "-p".to_owned(),
        ssh_port.to_string(),
        "-i".to_owned(),
        key_file.to_string_lossy().into_owned(),
    ];
    let program = which("ssh").ok_or_else(|| {
        CliError::Configuration(
            "SSH not available. Please refer to the documentation at \
             https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Connect-using-EC2-Instance-Connect-Endpoint.html."
                .to_owned(),
        )
    })?;
    if let Some(forwarding) = forwarding {
        command.extend(["-L".to_owned(), forwarding.to_owned()]);
    }
    if globals.debug {
        command.push("-v".to_owned());
    }
    if tunnel {
        command.push("-o".to_owned());
        command.push(format!("ProxyCommand={}", proxy.command(globals)));
    }
    command.push(format!("{os_user}@{address}"));
    log::debug!("Invoking SSH command: {program:?} {command:?}");
    let status = std::process::Command::new(&program)
        .args(&command)
        .status()
        .map_err(|e| CliError::other(e.to_string()))?;
    drop(temporary);
    Ok(exit_code(status))
}

/// The checks the AWS CLI makes of the options before it calls anything.
fn validate(
    instance_id: &str,
    instance_ip: Option<&str>,
    connection_type: &str,
    options: &Map<String, Json>,
) -> Result<(), CliError> {
    let refuse = |msg: &str| Err(CliError::validation(msg));
    let matches = |text: &str, extra: &[char]| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    let valid_id = instance_id
        .strip_prefix("i-")
        .is_some_and(|rest| matches(rest, &[]));
    if !instance_id.is_empty() && !valid_id {
        return refuse(
            "The specified instance ID is invalid. Provide the full instance ID in the form \
             i-xxxxxxxxxxxxxxxxx.",
        );
    }
    if connection_type == "direct" && !options.is_empty() {
        return refuse("eice-options can't be specified when connection type is direct.");
    }
    let endpoint_id = text_option(options, "endpointId");
    let dns_name = text_option(options, "dnsName");
    if dns_name.is_some() && endpoint_id.is_none() {
        return refuse("When specifying dnsName, you must specify endpointId.");
    }
    if let Some(duration) = options.get("maxTunnelDuration").and_then(Json::as_i64) {
        if !(1..=3_600).contains(&duration) {
            return refuse(
                "Invalid value specified for maxTunnelDuration. Value must be greater than 1 \
                 and less than 3600.",
            );
        }
    }
    let valid_endpoint = |id: &str| {
        id.strip_prefix("eice-")
            .is_some_and(|rest| matches(rest, &['_']))
    };
    if endpoint_id.as_deref().is_some_and(|id| !valid_endpoint(id)) {
        return refuse(
            "The specified endpointId is invalid. Provide the full EC2 Instance Connect Endpoint \
             ID in the form eice-xxxxxxxxxxxxxxxxx.",
        );
    }
    if dns_name.as_deref().is_some_and(|n| !matches(n, &['.', '-'])) {
        return refuse("The specified dnsName is invalid.");
    }
    if instance_ip.is_some() && connection_type == "auto" {
        return refuse("When specifying instance-ip, you must specify connection-type.");
    }
    Ok(())
}

/// `--eice-options` read as shorthand or JSON against its schema.
fn eice_options(text: &str) -> Result<Map<String, Json>, CliError> {
    let shape = Shape::structure([
        ("maxTunnelDuration", Shape::Scalar(ParamKind::Integer)),
        ("endpointId", Shape::Scalar(ParamKind::String)),
        ("dnsName", Shape::Scalar(ParamKind::String)),
    ]);
    let word = ArgValue::One(text.to_owned());
    let parsed = aws2_params::unpack(&&shape, "--eice-options", word, &UnpackOptions::default())
        .map_err(|e| match e {
            // Python's `int()` refusing a value is no parameter error of the AWS CLI's.
            aws2_params::ParamError::Value(message) => CliError::other(message),
            other => CliError::validation(other.to_string()),
        })?;
    let map = match parsed {
        ParamValue::Json(Json::Object(map)) => map,
        _ => Map::new(),
    };
    check_schema(&map)?;
    Ok(map)
}

/// The endpoint options checked against their schema as botocore validates parameters:
/// unknown names first, then the types of the known ones.
fn check_schema(map: &Map<String, Json>) -> Result<(), CliError> {
    const NAMES: [&str; 3] = ["maxTunnelDuration", "endpointId", "dnsName"];
    let mut errors: Vec<String> = map
        .keys()
        .filter(|k| !NAMES.contains(&k.as_str()))
        .map(|k| {
            format!(
                "Unknown parameter in input: \"{k}\", must be one of: {}",
                NAMES.join(", ")
            )
        })
        .collect();
    for (name, value) in map.iter().filter(|(k, _)| NAMES.contains(&k.as_str())) {
        let integer = name == "maxTunnelDuration";
        let fits = match value {
            Json::Null => true,
            Json::Number(n) => integer && (n.is_i64() || n.is_u64()),
            Json::Bool(_) => integer,
            Json::String(_) => !integer,
            _ => false,
        };
        if !fits {
            let (shown, class) = match value {
                Json::String(s) => (s.clone(), "str"),
                Json::Number(n) if n.is_f64() => (n.to_string(), "float"),
                Json::Number(n) => (n.to_string(), "int"),
                Json::Bool(b) => (if *b { "True" } else { "False" }.to_owned(), "bool"),
                Json::Array(_) => (value.to_string(), "list"),
                _ => (value.to_string(), "dict"),
            };
            let valid = if integer { "int" } else { "str" };
            errors.push(format!(
                "Invalid type for parameter {name}, value: {shown}, type: <class '{class}'>, \
                 valid types: <class '{valid}'>"
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::validation(format!(
            "Parameter validation failed:\n{}",
            errors.join("\n")
        )))
    }
}

/// A non-empty text member of the endpoint options.
fn text_option(options: &Map<String, Json>, key: &str) -> Option<String> {
    options
        .get(key)
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Sends the public key for `os_user` (an EC2 Instance Connect client of the profile and
/// region, which the AWS CLI makes without the command's endpoint URL).
fn send_public_key(
    globals: &GlobalOptions,
    instance_id: &str,
    os_user: &str,
    public: &str,
) -> Result<(), CliError> {
    let mut globals = globals.clone();
    globals.endpoint_url = None;
    let session = session::config_session(&globals);
    let service = Arc::new(Service::load("ec2-instance-connect")?);
    let client = session::client(&globals, &session, service.clone())?;
    let op = service.operation("SendSSHPublicKey")?;
    let input = json!({
        "InstanceId": instance_id,
        "InstanceOSUser": os_user,
        "SSHPublicKey": public,
    });
    let input = Value::from_json(&input);
    if let Some(input_ref) = &op.input {
        crate::args::validate::validate(&service, input_ref, &input).map_err(CliError::Validation)?;
    }
    client.call(&op, &input).map_err(call_error)?;
    Ok(())
}

/// Writes the private key readable by its owner only.
fn write_key(path: &Path, text: &str) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    let fail = |e: std::io::Error| CliError::other(e.to_string());
    std::fs::write(path, text).map_err(fail)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).map_err(fail)
}

/// What the `ProxyCommand` opens its tunnel to.
struct Proxy<'a> {
    instance_id: &'a str,
    address: &'a str,
    port: i64,
    endpoint_id: Option<&'a str>,
    dns_name: Option<&'a str>,
    duration: Option<i64>,
}

impl Proxy<'_> {
    /// `<this program> ec2-instance-connect open-tunnel …`, each word quoted for a shell.
    fn command(&self, globals: &GlobalOptions) -> String {
        let program = std::env::args().next().unwrap_or_else(|| "aws".to_owned());
        let mut words = vec![
            program,
            "ec2-instance-connect".to_owned(),
            "open-tunnel".to_owned(),
            "--instance-id".to_owned(),
            self.instance_id.to_owned(),
            "--private-ip-address".to_owned(),
            self.address.to_owned(),
            "--remote-port".to_owned(),
            self.port.to_string(),
        ];
        let mut add = |name: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                words.extend([name.to_owned(), value]);
            }
        };
        add("--region", globals.region.clone());
        add("--profile", globals.profile.clone());
        add(
            "--instance-connect-endpoint-id",
            self.endpoint_id.map(str::to_owned),
        );
        add(
            "--instance-connect-endpoint-dns-name",
            self.dns_name.map(str::to_owned),
        );
        add(
            "--max-tunnel-duration",
            self.duration.filter(|d| *d != 0).map(|d| d.to_string()),
        );
        words
            .iter()
            .map(|w| shell_quote(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A word as Python's `shlex.quote` quotes it for a POSIX shell.
fn shell_quote(word: &str) -> String {
    if word.is_empty() {
        return "''".to_owned();
    }
    let safe = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\"'\"'"))
    }
}

/// The first executable `program` of `PATH`, as Python's `shutil.which` finds it.
fn which(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/bin:/usr/bin".into());
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| {
            std::fs::metadata(candidate)
                .is_ok_and(|m| !m.is_dir() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The exit code the AWS CLI ends with after `ssh` ends: its status, or for a signal the
/// negative signal number Python reports, as an exit status.
fn exit_code(status: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => (-signal) & 0xff,
        (None, None) => 255,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_as_shlex_quotes_them() {
        assert_eq!(shell_quote("i-1"), "i-1");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), "'it'\"'\"'s'");
        assert_eq!(shell_quote("/x/aws"), "/x/aws");
        assert_eq!(shell_quote("caf\u{e9}"), "'caf\u{e9}'");
    }

    #[test]
    fn options_are_checked_as_the_aws_cli_checks_them() {
        let none = Map::new();
        assert!(validate("i-0abc", None, "auto", &none).is_ok());
        assert!(validate("x-1", None, "auto", &none).is_err());
        assert!(validate("i-1", Some("10.0.0.1"), "auto", &none).is_err());
        let mut options = Map::new();
        options.insert("endpointId".into(), json!("eice-1_a"));
        assert!(validate("i-1", None, "eice", &options).is_ok());
        assert!(validate("i-1", None, "direct", &options).is_err());
        options.insert("maxTunnelDuration".into(), json!(0));
        assert!(validate("i-1", None, "eice", &options).is_err());
    }
}
