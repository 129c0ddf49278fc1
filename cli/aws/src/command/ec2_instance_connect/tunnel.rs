//! `aws ec2-instance-connect open-tunnel`: the instance's private address (given, or its
//! private IPv4 or IPv6 address from `DescribeInstances`), the endpoint (given by DNS name,
//! or found), then one tunnel between standard input and output, or, with `--local-port`,
//! one per connection accepted on that port of `localhost`. Each tunnel opens the websocket
//! at `wss://<endpoint>/openTunnel?instanceConnectEndpointId=…&remotePort=…&privateIpAddress=…
//! [&maxTunnelDuration=…]`, pre-signed for `ec2-instance-connect` for 60 seconds.

use super::endpoints::{self, Ec2};
use super::websocket::{self, OnInputEnd};
use super::{integer, spec};
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::presigned::presign_now;
use crate::session;
use aws2_client::Client;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// How long a tunnel's URL is valid, in seconds.
const EXPIRES: i64 = 60;

/// Runs `open-tunnel` with the words after the subcommand.
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let args = spec("open-tunnel");
    let args = crate::args::custom::parse(args, words)?;
    let text = |name: &str| args.value(name).filter(|v| !v.is_empty());
    let instance_id = text("instance-id");
    let endpoint_id = text("instance-connect-endpoint-id");
    let dns_name = text("instance-connect-endpoint-dns-name");
    let private_ip = text("private-ip-address");
    let remote_port = integer(&args, "remote-port")?.unwrap_or(22);
    let local_port = integer(&args, "local-port")?;
    let duration = integer(&args, "max-tunnel-duration")?;
    let max_connections = integer(&args, "max-websocket-connections")?.unwrap_or(10);
    let refuse = |msg: &str| Err(CliError::validation(msg));
    if instance_id.is_none() && private_ip.is_none() {
        return refuse("Specify an instance id or private ip.");
    }
    if dns_name.is_some() && endpoint_id.is_none() {
        return refuse("Specify an instance connect endpoint id when providing a DNS name.");
    }
    if private_ip.is_some() && endpoint_id.is_none() {
        return refuse("Specify an instance connect endpoint id when providing a private ip.");
    }
    if duration.is_some_and(|d| !(1..=3_600).contains(&d)) {
        return refuse(
            "Invalid max connection timeout specified. Value must be greater than 1 and less \
             than 3600.",
        );
    }
    if local_port.is_none() && rustix::termios::isatty(std::io::stdin()) {
        return refuse(
            "This command does not support interactive mode. You must use this command as a \
             proxy or in listener mode. ",
        );
    }

    // Ctrl-C ends the tunnels as it ends a service call.
    crate::interrupt::install();
    let ec2 = Ec2::new(globals, false)?;
    let mut vpc_subnet = (None, None);
    let address = match private_ip {
        Some(ip) => ip.to_owned(),
        None => {
            let instance = ec2.instance(instance_id.unwrap_or_default())?;
            vpc_subnet = (
                Some(endpoints::required(&instance, "VpcId")?.to_owned()),
                Some(endpoints::required(&instance, "SubnetId")?.to_owned()),
            );
            endpoints::member(&instance, "PrivateIpAddress")
                .or_else(|| endpoints::member(&instance, "Ipv6Address"))
                .ok_or_else(|| {
                    CliError::validation(
                        "Unable to find any IP address on the instance to connect to.",
                    )
                })?
                .to_owned()
        }
    };
    let (endpoint_id, dns_name) = match dns_name {
        Some(name) => (endpoint_id.unwrap_or_default().to_owned(), name.to_owned()),
        None => {
            let found = ec2.endpoint(
                vpc_subnet.0.as_deref(),
                vpc_subnet.1.as_deref(),
                endpoint_id,
            )?;
            endpoints::id_and_dns_name(globals, &found)?
        }
    };
    log::debug!("Using endpoint dns: {dns_name}");
    let signer = Signer::new(globals, endpoint_id, dns_name, remote_port, address, duration)?;
    if max_connections <= 0 {
        return Err(CliError::other("max_workers must be greater than 0"));
    }
    match local_port.filter(|p| *p != 0) {
        None => {
            let socket = websocket::connect(&signer.url()?, &signer.user_agent)?;
            let mut stdout = std::io::stdout();
            websocket::carry(socket, std::io::stdin(), &mut stdout, OnInputEnd::KeepOpen)?;
        }
        Some(port) => listen(&signer, port, max_connections as usize)?,
    }
    Ok(0)
}

/// What each tunnel's URL is made of, and the client that signs it.
struct Signer {
    client: Client,
    region: String,
    base: String,
    params: Vec<(&'static str, String)>,
    user_agent: String,
}

impl Signer {
    /// The signer of the command's profile and region.
    fn new(
        globals: &GlobalOptions,
        endpoint_id: String,
        dns_name: String,
        remote_port: i64,
        address: String,
        duration: Option<i64>,
    ) -> Result<Signer, CliError> {
        let mut globals = globals.clone();
        globals.endpoint_url = None;
        let session = session::config_session(&globals);
        let service = Arc::new(aws2_core::Service::load("ec2-instance-connect")?);
        let client = session::client(&globals, &session, service)?;
        let region = client.region().unwrap_or_default().to_owned();
        let mut params = vec![
            ("instanceConnectEndpointId", endpoint_id),
            ("remotePort", remote_port.to_string()),
            ("privateIpAddress", address),
        ];
        if let Some(duration) = duration.filter(|d| *d != 0) {
            params.push(("maxTunnelDuration", duration.to_string()));
        }
        Ok(Signer {
            client,
            region,
            base: format!("wss://{dns_name}/openTunnel"),
            params,
            user_agent: aws2_http::user_agent(env!("CARGO_PKG_VERSION"), ""),
        })
    }

    /// A freshly signed URL.
    fn url(&self) -> Result<String, CliError> {
        let params: Vec<(&str, &str)> = self.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.client
            .presign_url(
                &self.base,
                &params,
                "ec2-instance-connect",
                &self.region,
                &presign_now(EXPIRES),
            )
            .map_err(crate::call_error::call_error)
    }
}

/// Accepts connections on `localhost:port`, each carried by a tunnel of its own, up to
/// `max` at once.
fn listen(signer: &Signer, port: i64, max: usize) -> Result<(), CliError> {
    let port = u16::try_from(port)
        .map_err(|_| CliError::other("bind(): port must be 0-65535."))?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        let text = e.to_string();
        let text = text.split(" (os error").next().unwrap_or_default();
        CliError::other(format!("[Errno {}] {text}", e.raw_os_error().unwrap_or(0)))
    })?;
    println!("Listening for connections on port {port}.");
    let active = Arc::new(AtomicUsize::new(0));
    let mut next_id = 1;
    for conn in listener.incoming() {
        let Ok(conn) = conn else { continue };
        if active.load(Ordering::SeqCst) >= max {
            println!(
                "Max websocket connections {max} have been reached, closing incoming connection."
            );
            drop(conn);
            continue;
        }
        let id = next_id;
        next_id += 1;
        println!("[{id}] Accepted new tcp connection, opening websocket tunnel.");
        let socket = websocket::connect(&signer.url()?, &signer.user_agent)?;
        active.fetch_add(1, Ordering::SeqCst);
        let active = active.clone();
        std::thread::spawn(move || {
            if let Err(e) = carry_connection(socket, conn) {
                eprintln!("[{id}] Encountered error with websocket: ('{e}',)");
            }
            println!("[{id}] Closing tcp connection.");
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

/// Carries one local connection through its tunnel, closing it at the end.
fn carry_connection(socket: websocket::Tunnel, conn: TcpStream) -> Result<(), CliError> {
    let reading = conn
        .try_clone()
        .map_err(|e| CliError::other(e.to_string()))?;
    let mut writing = conn;
    let result = websocket::carry(socket, reading, &mut writing, OnInputEnd::Close);
    let _ = writing.shutdown(std::net::Shutdown::Both);
    result
}
