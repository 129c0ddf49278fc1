//! `ec2-instance-connect ssh` compared with the AWS CLI v2: both run against one recording
//! server (EC2 and EC2 Instance Connect) with a stand-in `ssh` first on `PATH` that writes
//! its arguments, one a line, and the mode and public half of the key it is given; both CLIs
//! must send the same requests (the generated public key masked, and checked to be the key
//! file's), run `ssh` with the same arguments (the key's temporary path and the CLI's own
//! path masked) and print and exit the same. The stand-in also runs the `ProxyCommand`
//! through the loopback endpoint of `eic_support`.

mod eic_support;

use aws2_e2e::recorder::{Recorded, Recorder};
use aws2_e2e::{binary, oracle, wire, Outcome};
use eic_support::stand_ins::{place, reply};
use eic_support::{clean, TunnelServer};

/// What one CLI's `ssh` did.
#[derive(Debug)]
struct SshRun {
    requests: Vec<Recorded>,
    outcome: Outcome,
    ssh_log: String,
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
