//! A real `s3s-fs` S3 server on a free loopback port over a temporary directory, which checks
//! every signature and checksum it is sent (installed by `scripts/test` from crates.io).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `s3s-fs`, killed on drop.
pub struct S3sFs {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The port.
    pub port: u16,
    _root: tempfile::TempDir,
}

impl S3sFs {
    /// Starts a server that accepts the given key pair; virtual-hosted addressing works for
    /// `BUCKET.localhost:PORT`.
    pub fn start(access_key: &str, secret_key: &str) -> S3sFs {
        let root = tempfile::tempdir().expect("a temporary directory");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(binary())
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--access-key", access_key, "--secret-key", secret_key])
            .arg("--domain")
            .arg(format!("localhost:{port}"))
            .arg(root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs is installed (scripts/test installs it)");
        for _ in 0..600 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        S3sFs {
            child,
            url: format!("http://127.0.0.1:{port}"),
            port,
            _root: root,
        }
    }
}

impl Drop for S3sFs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `~/.cargo/bin/s3s-fs` when present, else `s3s-fs` from the `PATH`.
fn binary() -> PathBuf {
    std::env::var_os("HOME")
        .map(|h| Path::new(&h).join(".cargo/bin/s3s-fs"))
        .filter(|p| p.exists())
        .unwrap_or_else(|| "s3s-fs".into())
}
