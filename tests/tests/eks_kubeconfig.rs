//! `aws eks update-kubeconfig` compared with the AWS CLI v2: each case runs under both CLIs,
//! each in its own home directory holding the same files, and must print the same stdout
//! and stderr with the same exit code, leave the same kubeconfig text (byte for byte) with
//! the same mode, and send the same requests.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::kubernetes::create_eks_cluster;
use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::{oracle, MotoServer, Outcome};

/// Names and texts (files), or names and values (environment variables).
type Pairs<'a> = Vec<(&'a str, &'a str)>;

const KUBECONFIG: &str = "home/.kube/config";

/// One CLI's run: what it printed, and the working directory it ran in.
struct Run {
    out: Outcome,
    place: Isolated,
}

/// Runs `eks update-kubeconfig args` with both CLIs (v2 first), each in a fresh directory
/// holding `files`.
fn both(endpoint: &str, args: &[&str], env: &[(&str, &str)], files: &[(&str, &str)]) -> [Run; 2] {
    let mut words = vec!["eks".to_owned(), "update-kubeconfig".to_owned()];
    words.extend(args.iter().map(|a| (*a).to_owned()));
    [oracle::v2_bin(), aws2_e2e::binary::aws_bin()].map(|program| {
        let place = Isolated::new();
        for (name, text) in files {
            place.write(name, text.as_bytes());
        }
        let out = place.run_with_env(&program, &words, endpoint, env);
        Run { out, place }
    })
}

#[cfg(unix)]
fn mode(place: &Isolated, name: &str) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(place.path().join(name))
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode(_place: &Isolated, _name: &str) -> Option<u32> {
    None
}

/// The same output, exit code, and text and mode of each of `files` afterwards.
fn same(runs: &[Run; 2], files: &[&str], what: &str) {
    let [v2, ours] = runs;
    assert_eq!(
        (ours.out.code, &ours.out.stdout, &ours.out.stderr),
        (v2.out.code, &v2.out.stdout, &v2.out.stderr),
        "{what}"
    );
    for name in files {
        let text = |r: &Run| {
            r.place
                .read(name)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        };
        assert_eq!(text(ours), text(v2), "{what}: {name}");
        assert_eq!(
            mode(&ours.place, name),
            mode(&v2.place, name),
            "{what}: mode of {name}"
        );
    }
}

/// A kubeconfig of another tool: other clusters, users and contexts, scalars of every
/// type and quoting, keys in no particular order.
const EXISTING: &str = "\
# written by hand
kind: Config
apiVersion: v1
current-context: other
clusters:
- name: other
  cluster:
    server: \"https://other.example:6443\"
    insecure-skip-tls-verify: true
    extensions: [{name: x, extension: {n: 1, f: 1.5, s: '012', e: '', nothing: null, d: 2001-12-14}}]
contexts:
- context: {cluster: other, user: admin, namespace: \"it's\"}
  name: other
users:
- name: admin
  user:
    token: 'yes'
    client-key-data: \"a\\nb\"
    empty: {}
    list: []
preferences:
  colors: on
";

/// A kubeconfig that already has the cluster `second` (under its ARN).
const HAS_SECOND: &str = "\
clusters:
- name: arn:aws:eks:us-east-1:123456789012:cluster/second
  cluster: {server: old}
users: null
";

#[test]
fn update_kubeconfig_writes_and_merges_the_same_kubeconfig() {
    let moto = MotoServer::start();
    create_eks_cluster(&moto, "demo");
    create_eks_cluster(&moto, "second");
    let endpoint = moto.endpoint();
    let profile = "[profile p]\nregion = us-east-1\n";
    let cases: Vec<(Vec<&str>, Pairs, Pairs, &str)> = vec![
        (vec!["--name", "demo"], vec![], vec![], KUBECONFIG),
        (
            vec!["--name", "demo", "--dry-run"],
            vec![],
            vec![],
            KUBECONFIG,
        ),
        (
            vec!["--name", "demo"],
            vec![],
            vec![(KUBECONFIG, EXISTING)],
            KUBECONFIG,
        ),
        (
            vec!["--name", "demo", "--dry-run"],
            vec![],
            vec![(KUBECONFIG, EXISTING)],
            KUBECONFIG,
        ),
        (
            vec![
                "--name",
                "demo",
                "--alias",
                "al",
                "--user-alias",
                "ua",
                "--role-arn",
                "arn:aws:iam::1:role/r",
                "--proxy-url",
                "http://proxy:3128",
                "--verbose",
            ],
            vec![],
            vec![(KUBECONFIG, EXISTING)],
            KUBECONFIG,
        ),
        (
            vec!["--name", "demo", "--verbose"],
            vec![],
            vec![],
            KUBECONFIG,
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "new/dir/../kc"],
            vec![],
            vec![],
            "new/kc",
        ),
        (
            vec!["--name", "demo", "--alias", ""],
            vec![("AWS_PROFILE", "p")],
            vec![("config", profile)],
            KUBECONFIG,
        ),
        (
            vec!["--name", "second"],
            vec![("KUBECONFIG", "a.yaml::b.yaml")],
            vec![("b.yaml", EXISTING)],
            "a.yaml",
        ),
        (
            vec!["--name", "second"],
            vec![("KUBECONFIG", "a.yaml:b.yaml")],
            vec![("b.yaml", HAS_SECOND)],
            "b.yaml",
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "k"],
            vec![],
            vec![("k", "")],
            "k",
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "k"],
            vec![],
            vec![("k", "---\n...\n")],
            "k",
        ),
    ];
    let mut compared = 0;
    for (args, env, files, written) in &cases {
        let runs = both(&endpoint, args, env, files);
        same(&runs, &[written], &format!("{args:?} {env:?}"));
        assert_eq!(runs[1].out.code, 0, "{args:?}: {}", runs[1].out.stderr);
        compared += 1;
    }
    // Run again on the written file: the same entries are replaced, not added.
    let place = |files: &[(&str, &str)]| {
        let p = Isolated::new();
        for (n, t) in files {
            p.write(n, t.as_bytes());
        }
        p
    };
    let homes = [
        place(&[(KUBECONFIG, EXISTING)]),
        place(&[(KUBECONFIG, EXISTING)]),
    ];
    let programs = [oracle::v2_bin(), aws2_e2e::binary::aws_bin()];
    let words: Vec<String> = ["eks", "update-kubeconfig", "--name", "demo"]
        .map(String::from)
        .to_vec();
    for round in 0..2 {
        let outs: Vec<Outcome> = homes
            .iter()
            .zip(&programs)
            .map(|(home, program)| home.run(program, &words, &endpoint))
            .collect();
        assert_eq!(
            (outs[1].code, &outs[1].stdout, &outs[1].stderr),
            (outs[0].code, &outs[0].stdout, &outs[0].stderr),
            "round {round}"
        );
        assert_eq!(
            homes[1].read(KUBECONFIG),
            homes[0].read(KUBECONFIG),
            "round {round}"
        );
        compared += 1;
    }
    let text = String::from_utf8(homes[1].read(KUBECONFIG).unwrap()).unwrap();
    assert_eq!(
        text.matches("- name: arn:aws:eks:us-east-1:123456789012:cluster/demo")
            .count(),
        1
    );
    assert!(text.contains("name: other") && text.contains("name: admin"));
    eprintln!("differential: {compared}/{compared} commands identical (eks update-kubeconfig)");
}

#[test]
fn update_kubeconfig_failures_match() {
    let moto = MotoServer::start();
    create_eks_cluster(&moto, "demo");
    let endpoint = moto.endpoint();
    let cases: Vec<(Vec<&str>, Pairs, i32)> = vec![
        (vec!["--name", "missing"], vec![], 254),
        (vec![], vec![], 252),
        (vec!["--name", "demo", "--bogus"], vec![], 252),
        (
            vec!["--name", "demo", "--kubeconfig", "k"],
            vec![("k", "clusters: 3\n")],
            255,
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "k"],
            vec![("k", "users: [1]\n")],
            255,
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "k"],
            vec![("k", "- 1\n")],
            255,
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "k"],
            vec![("k", "preferences: []\n")],
            255,
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "k"],
            vec![("k", "kind: 2001-12-14\n")],
            255,
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "dir"],
            vec![("dir/x", "")],
            255,
        ),
        (
            vec!["--name", "demo", "--kubeconfig", "file/k"],
            vec![("file", "")],
            255,
        ),
    ];
    for (args, files, code) in &cases {
        let runs = both(&endpoint, args, &[], files);
        same(&runs, &["k"], &format!("{args:?}"));
        assert_eq!(runs[1].out.code, *code, "{args:?}: {}", runs[1].out.stderr);
    }
    // A file that is not YAML: the same exit code and the same message up to the parser's
    // own words.
    let runs = both(
        &endpoint,
        &["--name", "demo", "--kubeconfig", "k"],
        &[],
        &[("k", "a: [\n")],
    );
    let first = |r: &Run| {
        let text = &r.out.stderr;
        text[..text.find("kubeconfig:").map_or(text.len(), |i| i + 11)].to_owned()
    };
    assert_eq!(runs[1].out.code, 255);
    assert_eq!(
        (runs[1].out.code, first(&runs[1])),
        (runs[0].out.code, first(&runs[0]))
    );
    assert!(first(&runs[1]).contains("YamlError while loading kubeconfig"));
    eprintln!(
        "differential: {n}/{n} failures identical (eks update-kubeconfig)",
        n = cases.len() + 1
    );
}

/// A recorder answering `DescribeCluster` with `cluster` (and STS, when asked, with moto's
/// answer taken elsewhere).
fn cluster_server(cluster: serde_json::Value) -> Recorder {
    Recorder::with_responder(move |request: &Recorded| {
        if request.path().starts_with("/clusters/") {
            let body = serde_json::json!({ "cluster": cluster }).to_string();
            Reply::new(200, "application/json", body)
        } else {
            Reply::empty_success(request)
        }
    })
}

/// The parts of a request both CLIs must send alike.
fn shape(r: &Recorded) -> (String, String, Vec<u8>) {
    (r.method.clone(), r.target.clone(), r.body.clone())
}

#[test]
fn cluster_descriptions_shape_the_entries_and_requests_alike() {
    let base = serde_json::json!({
        "name": "c1", "arn": "arn:aws:eks:eu-west-1:111122223333:cluster/c1",
        "endpoint": "https://c1.example", "status": "ACTIVE",
        "certificateAuthority": {"data": "Q0E="}, "id": "id-1",
    });
    let with = |extra: serde_json::Value| {
        let mut c = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    let clusters = [
        (base.clone(), 0),
        (
            with(serde_json::json!({"outpostConfig": {"controlPlaneInstanceType": "m5.large"}})),
            0,
        ),
        (
            with(serde_json::json!({"outpostConfig": {"etcdInstanceType": "m5.large"}})),
            0,
        ),
        (
            with(serde_json::json!({"status": "UPDATING", "certificateAuthority": {}})),
            0,
        ),
        (with(serde_json::json!({"status": "CREATING"})), 255),
        (serde_json::json!({"name": "c1"}), 255),
    ];
    for (cluster, code) in &clusters {
        let server = cluster_server(cluster.clone());
        let runs = both(&server.endpoint(), &["--name", "c1", "--dry-run"], &[], &[]);
        same(&runs, &[KUBECONFIG], &cluster.to_string());
        assert_eq!(runs[1].out.code, *code, "{cluster}: {}", runs[1].out.stderr);
        let requests: Vec<_> = server.take().iter().map(shape).collect();
        assert_eq!(requests.len(), 2, "{cluster}");
        assert_eq!(requests[0], requests[1], "{cluster}");
        assert_eq!(requests[1].1, "/clusters/c1");
    }
    eprintln!(
        "differential: {n}/{n} descriptions identical",
        n = clusters.len()
    );
}

#[test]
fn assume_role_arn_describes_with_the_role_credentials() {
    let moto = MotoServer::start();
    let server = cluster_server(serde_json::json!({
        "name": "c1", "arn": "arn:aws:eks:us-east-1:111122223333:cluster/c1",
        "endpoint": "https://c1.example", "status": "ACTIVE",
    }));
    let sts = moto.endpoint();
    let args = [
        "--name",
        "c1",
        "--assume-role-arn",
        "arn:aws:iam::111122223333:role/x",
        "--dry-run",
    ];
    let runs = both(
        &server.endpoint(),
        &args,
        &[("AWS_ENDPOINT_URL_STS", &sts)],
        &[],
    );
    same(&runs, &[KUBECONFIG], "--assume-role-arn");
    assert_eq!(runs[1].out.code, 0, "{}", runs[1].out.stderr);
    let requests = server.take();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        let auth = r.header("authorization").unwrap_or_default();
        assert!(auth.contains("Credential=ASIA"), "{auth}");
        assert!(r.header("x-amz-security-token").is_some());
    }
}
