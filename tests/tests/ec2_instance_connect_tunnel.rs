//! `ec2-instance-connect open-tunnel` compared with the AWS CLI v2: both talk to a loopback
//! websocket endpoint (`eic_support`) that recomputes each URL's signature and echoes bytes,
//! and must carry the same bytes both ways over standard input and output and over
//! `--local-port`, with the same URL parameters, output and exit code.

mod eic_support;

use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::Recorder;
use aws2_e2e::{binary, oracle};
use eic_support::stand_ins::{place, reply};
use eic_support::{clean, Behaviour, Handshake, TunnelServer, SITECUSTOMIZE};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// What one CLI's `open-tunnel` did.
#[derive(Debug, PartialEq, Eq)]
struct TunnelRun {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    handshakes: Vec<Handshake>,
    requests: usize,
}

/// Starts `open-tunnel` with `args`, its websocket routed to `server`.
fn start_tunnel(
    program: &Path,
    place: &Isolated,
    server: &TunnelServer,
    recorder: &str,
    args: &[&str],
) -> std::process::Child {
    let site = place.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("sitecustomize.py"), SITECUSTOMIZE).unwrap();
    let mut cmd = Command::new(program);
    cmd.args(["ec2-instance-connect", "open-tunnel"]).args(args);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(&key);
        }
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", place.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            place.path().join("credentials"),
        )
        .env("AWS_ENDPOINT_URL_EC2", recorder)
        .env("HOME", place.path())
        .env("PYTHONPATH", &site)
        .env("EICE_TEST_ADDRESS", &server.address)
        .env("AWS2_TEST_EICE_ADDRESS", &server.address)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The run of `open-tunnel` over standard input and output with `input`.
fn stdio_tunnel(program: &Path, behaviour: &Behaviour, args: &[&str], input: &[u8]) -> TunnelRun {
    let server = TunnelServer::start(behaviour.clone());
    let recorder = Recorder::with_responder(reply);
    let (place, _) = place(false);
    let mut child = start_tunnel(program, &place, &server, &recorder.endpoint(), args);
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    // Standard input stays open until the CLI ends: the endpoint closes the tunnel.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
        stdin
    });
    let output = child.wait_with_output().unwrap();
    drop(writer.join().unwrap());
    TunnelRun {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        handshakes: server.taken(),
        requests: recorder.take().len(),
    }
}

const DIRECT: &[&str] = &[
    "--instance-connect-endpoint-id",
    "eice-0abc",
    "--instance-connect-endpoint-dns-name",
    "eice-0abc.example",
    "--private-ip-address",
    "10.0.0.2",
];

/// Input of every byte value, longer than a frame carries.
fn input() -> Vec<u8> {
    (0..150_000u32).map(|i| (i % 251) as u8).collect()
}

#[test]
fn open_tunnel_carries_standard_input_and_output() {
    let data = input();
    let mut args = DIRECT.to_vec();
    args.extend(["--remote-port", "2222", "--max-tunnel-duration", "120"]);
    let [v2, ours] = [oracle::v2_bin(), binary::aws_bin()]
        .map(|p| stdio_tunnel(&p, &clean(data.len()), &args, &data));
    assert_eq!(v2.code, Some(0), "{}", v2.stderr);
    assert!(v2.stdout == data, "v2 echoed {} bytes", v2.stdout.len());
    assert_eq!(v2, ours);
    let handshake = &v2.handshakes[0];
    assert!(handshake.signature_valid);
    assert_eq!(handshake.path, "/openTunnel");
    assert_eq!(handshake.host, "eice-0abc.example");
    let names: Vec<&str> = handshake.params.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        &names[..4],
        [
            "instanceConnectEndpointId",
            "remotePort",
            "privateIpAddress",
            "maxTunnelDuration"
        ]
    );
    assert!(handshake
        .params
        .contains(&("X-Amz-Expires".to_owned(), "60".to_owned())));
}

#[test]
fn open_tunnel_finds_the_instance_and_its_endpoint() {
    let data = b"hello\n".to_vec();
    let args = ["--instance-id", "i-0private01"];
    let [v2, ours] = [oracle::v2_bin(), binary::aws_bin()]
        .map(|p| stdio_tunnel(&p, &clean(data.len()), &args, &data));
    assert_eq!(v2.code, Some(0), "{}", v2.stderr);
    assert_eq!(v2.requests, 3);
    assert!(v2.handshakes[0].params.contains(&(
        "instanceConnectEndpointId".to_owned(),
        "eice-0second".to_owned()
    )));
    assert_eq!(v2, ours);
}

#[test]
fn open_tunnel_reports_closures_and_refusals() {
    let data = b"x".to_vec();
    let behaviours = [
        Behaviour {
            close: (4000, "tunnel expired"),
            ..clean(1)
        },
        Behaviour {
            text: true,
            ..clean(1)
        },
        Behaviour {
            refuse: Some("{\"Message\": \"denied\"}"),
            ..clean(1)
        },
    ];
    for behaviour in &behaviours {
        let [v2, ours] = [oracle::v2_bin(), binary::aws_bin()]
            .map(|p| stdio_tunnel(&p, behaviour, DIRECT, &data));
        assert_ne!(v2.code, Some(0));
        assert_eq!(v2, ours);
    }
}

#[test]
fn open_tunnel_refuses_bad_options_as_v2() {
    let cases: &[&[&str]] = &[
        &[],
        &["--private-ip-address", "10.0.0.1"],
        &[
            "--instance-id",
            "i-1",
            "--instance-connect-endpoint-dns-name",
            "a.example",
        ],
        &["--instance-id", "i-1", "--max-tunnel-duration", "0"],
        &["--instance-id", "i-1", "--remote-port", "x"],
    ];
    for args in cases {
        let [v2, ours] =
            [oracle::v2_bin(), binary::aws_bin()].map(|p| stdio_tunnel(&p, &clean(1), args, b""));
        assert_ne!(v2.code, Some(0), "{args:?}: {}", v2.stderr);
        assert_eq!(v2, ours, "{args:?}");
    }
}

#[test]
fn open_tunnel_listens_on_a_local_port() {
    let runs = [oracle::v2_bin(), binary::aws_bin()].map(|program| {
        let data = input();
        let server = TunnelServer::start(clean(usize::MAX));
        let recorder = Recorder::with_responder(reply);
        let (place, _) = place(false);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let port_text = port.to_string();
        let mut args = DIRECT.to_vec();
        args.extend(["--local-port", &port_text]);
        let mut child = start_tunnel(&program, &place, &server, &recorder.endpoint(), &args);
        let mut echoed = Vec::new();
        for _ in 0..2 {
            let mut conn = connect(port);
            let sending = data.clone();
            let mut writer = conn.try_clone().unwrap();
            let sender = std::thread::spawn(move || writer.write_all(&sending).unwrap());
            let mut got = vec![0u8; data.len()];
            conn.read_exact(&mut got).unwrap();
            sender.join().unwrap();
            conn.shutdown(std::net::Shutdown::Write).unwrap();
            let mut rest = Vec::new();
            let _ = conn.read_to_end(&mut rest);
            echoed.push(got == data && rest.is_empty());
        }
        rustix::process::kill_process(
            rustix::process::Pid::from_child(&child),
            rustix::process::Signal::INT,
        )
        .unwrap();
        let mut stdout = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        let code = child.wait().unwrap().code();
        // When a connection's closing is printed races with the interruption.
        let stdout: String = stdout
            .replace(&port_text, "<port>")
            .lines()
            .filter(|l| !l.contains("Closing tcp connection"))
            .map(|l| format!("{l}\n"))
            .collect();
        (echoed, code, stdout, server.taken())
    });
    let [v2, ours] = runs;
    assert_eq!(v2.0, [true, true]);
    assert!(v2.2.contains("[2] Accepted new tcp connection"), "{}", v2.2);
    assert_eq!(v2.3.len(), 2);
    assert!(v2.3.iter().all(|h| h.signature_valid));
    assert_eq!(v2, ours);
}

/// A connection to the tunnel's port once it listens.
fn connect(port: u16) -> std::net::TcpStream {
    for _ in 0..400 {
        if let Ok(conn) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            return conn;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("nothing listens on port {port}");
}

#[test]
fn open_tunnel_listener_ends_when_a_tunnel_is_refused() {
    let runs = [oracle::v2_bin(), binary::aws_bin()].map(|program| {
        let server = TunnelServer::start(Behaviour {
            refuse: Some("denied"),
            ..clean(1)
        });
        let recorder = Recorder::with_responder(reply);
        let (place, _) = place(false);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let port_text = port.to_string();
        let mut args = DIRECT.to_vec();
        args.extend(["--local-port", &port_text]);
        let child = start_tunnel(&program, &place, &server, &recorder.endpoint(), &args);
        let mut conn = connect(port);
        let mut rest = Vec::new();
        let _ = conn.read_to_end(&mut rest);
        let output = child.wait_with_output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).replace(&port_text, "<port>"),
            String::from_utf8_lossy(&output.stderr).into_owned(),
            server.taken().len(),
        )
    });
    let [v2, ours] = runs;
    assert_eq!(v2.0, Some(255), "{}", v2.2);
    assert_eq!(v2.3, 1);
    assert_eq!(v2, ours);
}
