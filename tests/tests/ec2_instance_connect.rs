//! `ec2-instance-connect ssh` and `open-tunnel` compared with the AWS CLI v2. `ssh` runs
//! against one recording server (EC2 and EC2 Instance Connect) with a stand-in `ssh` first on
//! `PATH` that writes its arguments, one a line, and the mode and public half of the key it
//! is given; both CLIs must send the same requests (the generated public key masked, and
//! checked to be the key file's), run `ssh` with the same arguments (the key's temporary
//! path and the CLI's own path masked) and print and exit the same. `open-tunnel` talks to
//! a loopback websocket endpoint (`eic_support`) that recomputes each URL's signature and
//! echoes bytes: both CLIs must carry the same bytes both ways over standard input and
//! output and over `--local-port`, with the same URL parameters, output and exit code.

mod eic_support;

use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::{binary, oracle, wire, Outcome};
use eic_support::{Behaviour, Handshake, TunnelServer, SITECUSTOMIZE};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// The stand-in `ssh`.
const SSH: &str = r#"#!/bin/sh
{
  echo "--- $#"
  prev=
  for a in "$@"; do
    printf '%s\n' "$a"
    if [ "$prev" = "-i" ] && [ -f "$a" ]; then
      echo "key mode $(stat -c %a "$a")"
      ssh-keygen -y -f "$a" | cut -d' ' -f1,2 > "$SSH_LOG.pub"
    fi
    case "$a" in
      ProxyCommand=*)
        if [ -n "$SSH_RUN_PROXY" ]; then
          echo "proxy echoed $(printf ping | sh -c "${a#ProxyCommand=}")"
        fi;;
    esac
    prev=$a
  done
} >> "$SSH_LOG"
exit "${SSH_EXIT:-0}"
"#;

/// An instance of the stand-in EC2: id, then its XML members.
const INSTANCES: &[(&str, &str)] = &[
    (
        "i-0public001",
        "<ipAddress>54.0.0.1</ipAddress><privateIpAddress>10.0.0.1</privateIpAddress>\
         <vpcId>vpc-a</vpcId><subnetId>subnet-a2</subnetId>",
    ),
    (
        "i-0private01",
        "<privateIpAddress>10.0.0.2</privateIpAddress><ipv6Address>2600:1f18::2</ipv6Address>\
         <vpcId>vpc-a</vpcId><subnetId>subnet-a2</subnetId>",
    ),
    (
        "i-0six00001",
        "<ipv6Address>2600:1f18::3</ipv6Address><vpcId>vpc-a</vpcId><subnetId>subnet-a1</subnetId>",
    ),
    ("i-0short", "<ipAddress>54.0.0.9</ipAddress>"),
    ("i-0bare0001", "<vpcId>vpc-a</vpcId><subnetId>subnet-a1</subnetId>"),
    (
        "i-0lonely01",
        "<privateIpAddress>10.9.0.1</privateIpAddress><vpcId>vpc-empty</vpcId><subnetId>subnet-e</subnetId>",
    ),
];

/// An endpoint's XML item.
fn endpoint(id: &str, subnet: &str) -> String {
    format!(
        "<item><instanceConnectEndpointId>{id}</instanceConnectEndpointId>\
         <dnsName>{id}.ec2-instance-connect-endpoint.us-east-1.amazonaws.com</dnsName>\
         <fipsDnsName>{id}.fips.ec2-instance-connect-endpoint.us-east-1.amazonaws.com</fipsDnsName>\
         <subnetId>{subnet}</subnetId><vpcId>vpc-a</vpcId><state>create-complete</state></item>"
    )
}

/// The replies of the stand-in EC2 and EC2 Instance Connect.
fn reply(request: &Recorded) -> Reply {
    let body = String::from_utf8_lossy(&request.body).into_owned();
    if request.header("x-amz-target").is_some() {
        if body.contains("i-0denied001") {
            return Reply::error(request, "AccessDeniedException", "not for you");
        }
        return Reply::new(
            200,
            "application/x-amz-json-1.1",
            r#"{"RequestId": "r-1", "Success": true}"#,
        );
    }
    let has = |text: &str| body.split('&').any(|p| p == text);
    let xml = if has("Action=DescribeInstances") {
        let items: String = INSTANCES
            .iter()
            .filter(|(id, _)| has(&format!("InstanceId.1={id}")) || body.contains("i-0denied001"))
            .take(1)
            .map(|(id, members)| format!("<item><instanceId>{id}</instanceId>{members}</item>"))
            .collect();
        let sets = if items.is_empty() {
            String::new()
        } else {
            format!("<item><reservationId>r-1</reservationId><instancesSet>{items}</instancesSet></item>")
        };
        format!("<DescribeInstancesResponse><reservationSet>{sets}</reservationSet></DescribeInstancesResponse>")
    } else {
        let items = if has("InstanceConnectEndpointId.1=eice-0byid") {
            endpoint("eice-0byid", "subnet-x")
        } else if has("InstanceConnectEndpointId.1=eice-0gone") || has("Filter.2.Value.1=vpc-empty")
        {
            String::new()
        } else if has("NextToken=p2") {
            endpoint("eice-0second", "subnet-a2")
        } else {
            endpoint("eice-0first", "subnet-a1")
        };
        let next = if has("Filter.2.Value.1=vpc-a") && !has("NextToken=p2") {
            "<nextToken>p2</nextToken>"
        } else {
            ""
        };
        format!(
            "<DescribeInstanceConnectEndpointsResponse><instanceConnectEndpointSet>{items}\
             </instanceConnectEndpointSet>{next}</DescribeInstanceConnectEndpointsResponse>"
        )
    };
    Reply::new(200, "text/xml", xml)
}

/// What one CLI's `ssh` did.
#[derive(Debug)]
struct SshRun {
    requests: Vec<Recorded>,
    outcome: Outcome,
    ssh_log: String,
}

/// A place with profile `p1`, the stand-in `ssh` (unless `ssh` is false) and its `PATH`.
fn place(ssh: bool) -> (Isolated, String) {
    let place = Isolated::new();
    place.write(
        "credentials",
        b"[p1]\naws_access_key_id = p1key\naws_secret_access_key = p1secret\n",
    );
    place.write("config", b"[profile p1]\nregion = eu-west-1\n");
    let bin = place.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(place.path().join("tmp")).unwrap();
    std::fs::create_dir_all(place.path().join("site")).unwrap();
    place.write("site/sitecustomize.py", SITECUSTOMIZE.as_bytes());
    if ssh {
        let script = bin.join("ssh");
        std::fs::write(&script, SSH).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Without the stand-in, nothing else on `PATH` may be an `ssh`.
    let path = match ssh {
        true => format!("{}:/usr/bin:/bin", bin.display()),
        false => bin.display().to_string(),
    };
    (place, path)
}

/// Runs `ssh` with both CLIs; returns the reference's run and ours.
fn ssh_both(args: &[&str], ssh: bool, env: &[(&str, &str)]) -> [SshRun; 2] {
    let server = Recorder::with_responder(reply);
    let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    args.splice(0..0, ["ec2-instance-connect".to_owned(), "ssh".to_owned()]);
    [oracle::v2_bin(), binary::aws_bin()].map(|program| {
        let (place, path) = place(ssh);
        let log = place.path().join("ssh.log").to_string_lossy().into_owned();
        let tmp = place.path().join("tmp").to_string_lossy().into_owned();
        let endpoint = server.endpoint();
        let site = place.path().join("site").to_string_lossy().into_owned();
        let mut all = vec![
            ("PYTHONPATH", site.as_str()),
            ("PATH", path.as_str()),
            ("SSH_LOG", log.as_str()),
            ("TMPDIR", tmp.as_str()),
            ("AWS_ENDPOINT_URL_EC2_INSTANCE_CONNECT", endpoint.as_str()),
        ];
        all.extend(env.iter().copied());
        let outcome = place.run_with_env(&program, &args, &endpoint, &all);
        let mut ssh_log = place
            .read("ssh.log")
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let mut requests = server.take();
        if let Some(public) = place.read("ssh.log.pub") {
            let public = String::from_utf8_lossy(&public).trim().to_owned();
            let sent = requests.iter().any(|r| {
                String::from_utf8_lossy(&r.body)
                    .contains(&format!("\"SSHPublicKey\": \"{public}\""))
            });
            assert!(sent, "the key given to ssh is not the one sent: {public}");
            ssh_log.push_str("public key sent\n");
        }
        let public_key = regex::Regex::new(r"ssh-ed25519 [A-Za-z0-9+/=]+").unwrap();
        for request in &mut requests {
            let text = String::from_utf8_lossy(&request.body);
            let masked = public_key
                .replace_all(&text, "ssh-ed25519 <key>")
                .into_owned();
            request.body = masked.into_bytes();
        }
        let key_path = regex::Regex::new(r"(?m)^.*/tmp/tmp[A-Za-z0-9_]+/private-key$").unwrap();
        ssh_log = key_path.replace_all(&ssh_log, "<key>").into_owned();
        ssh_log = ssh_log
            .replace(&*program.to_string_lossy(), "<aws>")
            .replace(&*place.path().to_string_lossy(), "<dir>");
        SshRun {
            requests,
            outcome,
            ssh_log,
        }
    })
}

/// Both CLIs sent the same requests, ran `ssh` alike and ended alike; the reference's run.
fn ssh_same(args: &[&str], ssh: bool, env: &[(&str, &str)]) -> SshRun {
    let [v2, ours] = ssh_both(args, ssh, env);
    if let Err(problems) = wire::compare_all(&v2.requests, &ours.requests) {
        panic!(
            "requests differ:\n{}\nv2: {:?}\nours: {:?}",
            problems.join("\n"),
            v2.outcome,
            ours.outcome
        );
    }
    assert_eq!(v2.ssh_log, ours.ssh_log, "ssh arguments differ");
    // The logs of `--debug` are each CLI's own.
    let stderr = |run: &SshRun| match args.contains(&"--debug") {
        true => run
            .outcome
            .stderr
            .contains("Invoking SSH command")
            .to_string(),
        false => run.outcome.stderr.clone(),
    };
    assert_eq!(
        (v2.outcome.code, &v2.outcome.stdout, stderr(&v2)),
        (ours.outcome.code, &ours.outcome.stdout, stderr(&ours)),
    );
    v2
}

/// The EC2 actions (or targets) the run called, in order.
fn actions(run: &SshRun) -> Vec<String> {
    run.requests
        .iter()
        .map(|r| match r.header("x-amz-target") {
            Some(target) => target.to_owned(),
            None => String::from_utf8_lossy(&r.body)
                .split('&')
                .find_map(|p| p.strip_prefix("Action="))
                .unwrap_or_default()
                .to_owned(),
        })
        .collect()
}

#[test]
fn ssh_connects_directly_to_a_public_address_with_a_generated_key() {
    let run = ssh_same(&["--instance-id", "i-0public001"], true, &[]);
    assert_eq!(run.outcome.code, 0);
    assert_eq!(
        actions(&run),
        [
            "DescribeInstances",
            "AWSEC2InstanceConnectService.SendSSHPublicKey"
        ]
    );
    assert!(run.ssh_log.contains(
        "-o\nServerAliveInterval=5\n-p\n22\n-i\n<key>\nkey mode 400\nec2-user@54.0.0.1\n"
    ));
    assert!(run.ssh_log.ends_with("public key sent\n"));
    let run = ssh_same(
        &[
            "--instance-id",
            "i-0public001",
            "--connection-type",
            "direct",
            "--os-user",
            "ubuntu",
            "--ssh-port",
            " 2_2 ",
            "--local-forwarding",
            "3336:db:3306",
            "--debug",
        ],
        true,
        &[("SSH_EXIT", "7")],
    );
    assert_eq!(run.outcome.code, 7);
    assert!(run
        .ssh_log
        .contains("-L\n3336:db:3306\n-v\nubuntu@54.0.0.1\n"));
}

#[test]
fn ssh_goes_through_an_endpoint_for_a_private_address() {
    let key = "--private-key-file";
    let run = ssh_same(
        &[
            "--instance-id",
            "i-0private01",
            key,
            "my key",
            "--region",
            "eu-west-1",
            "--profile",
            "p1",
        ],
        true,
        &[],
    );
    assert_eq!(run.outcome.code, 0);
    assert_eq!(
        actions(&run),
        [
            "DescribeInstances",
            "DescribeInstanceConnectEndpoints",
            "DescribeInstanceConnectEndpoints"
        ]
    );
    assert!(run.ssh_log.contains(
        "ProxyCommand=<aws> ec2-instance-connect open-tunnel --instance-id i-0private01 \
         --private-ip-address 10.0.0.2 --remote-port 22 --region eu-west-1 --profile p1 \
         --instance-connect-endpoint-id eice-0second --instance-connect-endpoint-dns-name \
         eice-0second.ec2-instance-connect-endpoint.us-east-1.amazonaws.com\n"
    ));
    // IPv6 only, an endpoint chosen by ID, FIPS names, a maximum duration.
    ssh_same(
        &[
            "--instance-id",
            "i-0six00001",
            key,
            "k",
            "--connection-type",
            "eice",
        ],
        true,
        &[],
    );
    let run = ssh_same(
        &[
            "--instance-id",
            "i-0public001",
            key,
            "k",
            "--eice-options",
            "endpointId=eice-0byid,maxTunnelDuration=60",
        ],
        true,
        &[("AWS_USE_FIPS_ENDPOINT", "true")],
    );
    assert!(run.ssh_log.contains("fips.ec2-instance-connect-endpoint"));
    assert!(run.ssh_log.contains("--max-tunnel-duration 60\n"));
    let run = ssh_same(
        &[
            "--instance-id",
            "i-0public001",
            key,
            "k",
            "--eice-options",
            r#"{"endpointId": "eice-9", "dnsName": "eice-9.example"}"#,
            "--instance-ip",
            "10.1.1.1",
            "--connection-type",
            "eice",
        ],
        true,
        &[],
    );
    assert_eq!(actions(&run), ["DescribeInstances"]);
    assert!(run
        .ssh_log
        .contains("--instance-connect-endpoint-dns-name eice-9.example\n"));
}

#[test]
fn ssh_runs_its_proxy_command_through_the_endpoint() {
    let server = TunnelServer::start(clean(4));
    let env = [
        ("SSH_RUN_PROXY", "1"),
        ("EICE_TEST_ADDRESS", server.address.as_str()),
        ("AWS2_TEST_EICE_ADDRESS", server.address.as_str()),
    ];
    let args = ["--instance-id", "i-0private01", "--region", "us-east-1"];
    let run = ssh_same(&args, true, &env);
    assert_eq!(run.outcome.code, 0);
    assert!(
        run.ssh_log.contains("\nproxy echoed ping\n"),
        "{}",
        run.ssh_log
    );
    let handshakes = server.taken();
    assert_eq!(handshakes.len(), 2);
    assert!(handshakes.iter().all(|h| h.signature_valid));
    assert_eq!(handshakes[0], handshakes[1]);
    assert_eq!(
        handshakes[0].host,
        "eice-0second.ec2-instance-connect-endpoint.us-east-1.amazonaws.com"
    );
}

#[test]
fn ssh_refuses_bad_options_as_v2() {
    let cases: &[&[&str]] = &[
        &["--instance-id", "x-1"],
        &["--instance-id", "i-1", "--instance-ip", "10.0.0.1"],
        &[
            "--instance-id",
            "i-1",
            "--connection-type",
            "direct",
            "--eice-options",
            "endpointId=eice-1",
        ],
        &["--instance-id", "i-1", "--eice-options", "dnsName=a.b"],
        &[
            "--instance-id",
            "i-1",
            "--eice-options",
            "maxTunnelDuration=0",
        ],
        &[
            "--instance-id",
            "i-1",
            "--eice-options",
            "endpointId=vpce-1",
        ],
        &[
            "--instance-id",
            "i-1",
            "--eice-options",
            "endpointId=eice-1,dnsName=a_b",
        ],
        &["--instance-id", "i-1", "--connection-type", "other"],
        &["--instance-id", "i-1", "--ssh-port", "twenty"],
        &["--os-user", "root"],
        &[
            "--instance-id",
            "i-1",
            "--eice-options",
            "maxTunnelDuration=abc",
        ],
        &["--instance-id", "i-1", "--eice-options", "foo=1,bar=2"],
        &[
            "--instance-id",
            "i-1",
            "--eice-options",
            r#"{"maxTunnelDuration": "5", "endpointId": 3, "zz": 1}"#,
        ],
        &[
            "--instance-id",
            "i-1",
            "--eice-options",
            r#"{"maxTunnelDuration": 1.5}"#,
        ],
        &["--instance-id", "i-1", "--eice-options", "{bad"],
    ];
    for args in cases {
        let run = ssh_same(args, true, &[]);
        assert_ne!(run.outcome.code, 0, "{args:?}");
        assert!(run.requests.is_empty(), "{args:?}");
    }
}

#[test]
fn ssh_reports_what_it_cannot_find() {
    let key = "--private-key-file";
    let run = ssh_same(&["--instance-id", "i-0bare0001", key, "k"], true, &[]);
    assert_eq!(run.outcome.code, 252);
    assert!(run.outcome.stderr.contains("Unable to find any IP address"));
    let run = ssh_same(&["--instance-id", "i-0lonely01", key, "k"], true, &[]);
    assert!(run
        .outcome
        .stderr
        .contains("There are no available instance connect endpoints."));
    let run = ssh_same(
        &[
            "--instance-id",
            "i-0private01",
            key,
            "k",
            "--eice-options",
            "endpointId=eice-0gone",
        ],
        true,
        &[],
    );
    assert!(run.outcome.stderr.contains("with eice-0gone"));
    let run = ssh_same(&["--instance-id", "i-0missing01"], true, &[]);
    assert_eq!(run.outcome.code, 255);
    let run = ssh_same(&["--instance-id", "i-0denied001"], true, &[]);
    assert_eq!(run.outcome.code, 254);
    assert!(run.outcome.stderr.contains("AccessDeniedException"));
    let run = ssh_same(&["--instance-id", "i-0short"], true, &[]);
    assert_eq!(run.outcome.code, 252);
    assert!(run.outcome.stderr.contains("valid min length: 10"));
    let run = ssh_same(&["--instance-id", "i-0public001"], false, &[]);
    assert_eq!(run.outcome.code, 253);
    assert!(run.outcome.stderr.contains("SSH not available."));
    assert_eq!(
        actions(&run).len(),
        2,
        "the key is sent before ssh is looked for"
    );
}

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

fn clean(expect: usize) -> Behaviour {
    Behaviour {
        expect,
        close: (1000, ""),
        refuse: None,
        text: false,
    }
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
