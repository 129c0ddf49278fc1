//! The Kubernetes Python client (`kubernetes` on PyPI), which reads kubeconfig files and runs
//! their `exec` credential plugins as `kubectl` does, and the EKS clusters it is pointed at.
//!
//! `scripts/test` installs it into a virtual environment of its own
//! (`$HOME/.cache/aws2-kubernetes`), apart from `moto_server`'s packages and the oracle's.

use std::path::PathBuf;

use crate::{oracle, MotoServer};

/// The interpreter of the environment that imports `kubernetes`.
///
/// Panics with the command that installs it when it is missing, so that no test passes
/// without having run the library.
pub fn python() -> PathBuf {
    let home = std::env::var_os("HOME").expect("HOME is set");
    let python = PathBuf::from(home).join(".cache/aws2-kubernetes/bin/python");
    assert!(
        python.exists(),
        "the Kubernetes Python client is not installed at {}: run scripts/test",
        python.display()
    );
    python
}

/// Creates the EKS cluster `name` in `moto` with the reference CLI.
pub fn create_eks_cluster(moto: &MotoServer, name: &str) {
    let out = oracle::v2_command()
        .args(["eks", "create-cluster", "--name", name, "--role-arn"])
        .arg("arn:aws:iam::123456789012:role/eks")
        .args(["--resources-vpc-config", "subnetIds=subnet-1"])
        .args(["--endpoint-url", &moto.endpoint()])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .expect("run the AWS CLI v2");
    assert!(out.status.success(), "{out:?}");
}
