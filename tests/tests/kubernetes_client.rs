//! What `eks update-kubeconfig` writes and what `eks get-token` prints, read by a real
//! Kubernetes client: the `kubernetes` Python package loads the kubeconfig each CLI wrote
//! (beside another tool's entries), runs its `exec` credential plugin as `kubectl` does (the
//! CLI that wrote it, found on `PATH` as `aws`) and parses the ExecCredential it prints.
//! Both CLIs must give the client the same contexts, server and certificate, and a bearer
//! token whose pre-signed URL verifies, with an expiry the client can read.

use std::path::Path;
use std::process::Command;

use aws2_e2e::isolated::Isolated;
use aws2_e2e::kubernetes::{create_eks_cluster, python};
use aws2_e2e::{binary, oracle, sigcheck, MotoServer};
use base64::Engine;
use serde_json::Value;

/// Loads the kubeconfig named by the first argument with the client library and prints what
/// it made of it as JSON; errors of the exec plugin, which the library only logs, fail here.
const LOADER: &str = r#"
import json, logging, sys
from kubernetes import client, config
from kubernetes.config.kube_config import _get_kube_config_loader

logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
path = sys.argv[1]
contexts, active = config.list_kube_config_contexts(config_file=path)
loader = _get_kube_config_loader(filename=path)
conf = client.Configuration()
loader.load_and_set(conf)
token = conf.api_key.get("BearerToken", "")
if not token.startswith("Bearer "):
    sys.exit("no bearer token from the exec plugin")
with open(conf.ssl_ca_cert, "rb") as ca:
    ca_text = ca.read().decode("latin-1")
print(json.dumps({
    "contexts": sorted(c["name"] for c in contexts),
    "active": active["name"],
    "host": conf.host,
    "ca": ca_text,
    "token": token[len("Bearer "):],
    "expiry": loader.expiry.isoformat(),
}))
"#;

/// Another tool's kubeconfig, which the CLIs must merge into without losing it.
const EXISTING: &str = "\
apiVersion: v1
kind: Config
current-context: other
clusters:
- name: other
  cluster: {server: 'https://other.example:6443'}
users:
- name: other
  user: {token: other-token}
contexts:
- name: other
  context: {cluster: other, user: other}
";

/// Writes the kubeconfig with `program` in a fresh directory, then loads it with the client
/// library with `program`'s directory first on `PATH`; returns what the library read.
fn load_with(program: &Path, moto: &MotoServer, extra: &[&str]) -> Value {
    let place = Isolated::new();
    place.write("home/.kube/config", EXISTING.as_bytes());
    let mut words: Vec<String> = ["eks", "update-kubeconfig", "--name", "demo"]
        .map(String::from)
        .to_vec();
    words.extend(extra.iter().map(|w| (*w).to_owned()));
    let wrote = place.run(program, &words, &moto.endpoint());
    assert_eq!(wrote.code, 0, "{}: {}", program.display(), wrote.stderr);
    let dir = place.path();
    let bin_dir = program.parent().expect("the program's directory");
    let path = format!("{}:/usr/bin:/bin", bin_dir.display());
    let out = Command::new(python())
        .args(["-c", LOADER])
        .arg(dir.join("home/.kube/config"))
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir.join("home"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .current_dir(dir)
        .output()
        .expect("run the Kubernetes client");
    assert!(
        out.status.success(),
        "{}: the Kubernetes client failed: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the loader's JSON")
}

/// The pre-signed URL inside a `k8s-aws-v1.` token.
fn token_url(token: &str) -> String {
    let encoded = token.strip_prefix("k8s-aws-v1.").expect("token prefix");
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .expect("base64url token");
    String::from_utf8(url).expect("UTF-8 URL")
}

/// Everything the library read but the token and its expiry, which depend on the moment.
fn lasting(loaded: &Value) -> Value {
    let mut copy = loaded.clone();
    let fields = copy.as_object_mut().expect("object");
    fields.remove("token");
    fields.remove("expiry");
    copy
}

#[test]
fn the_kubernetes_client_loads_both_kubeconfigs_and_their_tokens() {
    let moto = MotoServer::start();
    create_eks_cluster(&moto, "demo");
    let mut checked = 0;
    for extra in [
        &[][..],
        &["--alias", "demo-alias", "--user-alias", "demo-user"][..],
    ] {
        let v2 = load_with(&oracle::v2_bin(), &moto, extra);
        let ours = load_with(&binary::aws_bin(), &moto, extra);
        assert_eq!(lasting(&ours), lasting(&v2), "{extra:?}");
        assert!(
            ours["contexts"]
                .as_array()
                .is_some_and(|c| c.iter().any(|n| n == "other")),
            "the other tool's context survives: {ours}"
        );
        assert_ne!(ours["active"], "other", "the new context is made current");
        for (who, loaded) in [("v2", &v2), ("ours", &ours)] {
            let url = token_url(loaded["token"].as_str().expect("token"));
            let signed = url.strip_prefix("https://").expect("https URL");
            if let Err(e) = sigcheck::verify(signed, "testing", &[("x-k8s-aws-id", "demo")]) {
                panic!("{who}: {e}");
            }
            let expiry = loaded["expiry"].as_str().expect("expiry");
            assert!(expiry.ends_with("+00:00"), "{who}: expiry in UTC: {expiry}");
        }
        checked += 1;
    }
    eprintln!("kubernetes client: {checked}/{checked} kubeconfigs loaded alike");
}
