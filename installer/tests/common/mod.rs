//! Shared fixture for the installer tests: real bundles for three versions, built once per
//! test run with `scripts/package --profile dev` and cached in the target directory (keyed by
//! the SHA-256 of the binaries they contain, guarded by a file lock so parallel test
//! processes build them only once).
//!
//! The bundles' `install` is built with the `test-hooks` feature (crash injection, clock).
//!
//! `AWS2_TEST_CLI_BINARIES=<dir>` packages the `aws`/`aws_completer` found in `<dir>` instead of
//! building package aws2-cli (useful while that package does not build).

#![allow(dead_code)]

pub mod channel;
pub mod http;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The versions the fixture builds, oldest first.
pub const VERSIONS: [&str; 3] = ["2.0.1", "2.0.2", "2.0.3"];

/// One built bundle.
pub struct Bundle {
    /// Its version.
    pub version: &'static str,
    /// `awscli-exe-linux-<arch>.zip`.
    pub zip: PathBuf,
    /// The zip's detached signature.
    pub sig: PathBuf,
    /// The extracted `aws/` directory.
    pub dir: PathBuf,
}

impl Bundle {
    /// `aws/install` of this bundle.
    pub fn install(&self) -> PathBuf {
        self.dir.join("install")
    }
}

/// Paths of the repository and build.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The target directory this test binary was built in.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // <target>/<profile>/deps/<test>
    exe.parent()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `scripts/package` with the test environment; panics with its output on failure.
pub fn package(out: &Path, version: &str, extra: &[&str]) -> Output {
    let mut cmd = Command::new(repo_root().join("scripts/package"));
    cmd.env("CARGO_TARGET_DIR", target_dir())
        .args([
            "--profile",
            "dev",
            "--installer-features",
            "test-hooks",
            "--out",
        ])
        .arg(out)
        .args(["--version", version])
        .args(extra);
    if let Some(bins) = std::env::var_os("AWS2_TEST_CLI_BINARIES") {
        cmd.arg("--binaries").arg(bins);
    }
    let output = cmd.output().expect("run scripts/package");
    assert!(
        output.status.success(),
        "scripts/package failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The three bundles, built on first use.
pub fn bundles() -> &'static [Bundle] {
    static BUNDLES: OnceLock<Vec<Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(build_bundles)
}

fn build_bundles() -> Vec<Bundle> {
    let cache = target_dir().join("aws2-installer-test-bundles");
    fs::create_dir_all(&cache).unwrap();
    let lock = fs::File::create(cache.join(".lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();

    // Build (or find up to date) the binaries, then key the cache by their content.
    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    build
        .current_dir(repo_root())
        .env("CARGO_TARGET_DIR", target_dir())
        .args(["build", "--quiet", "--profile", "dev", "--bins"])
        .args(["-p", "aws2-installer", "-p", "aws2-packaging"])
        .args(["--features", "aws2-installer/test-hooks"]);
    let bins = match std::env::var_os("AWS2_TEST_CLI_BINARIES") {
        Some(dir) => PathBuf::from(dir),
        None => {
            build.args(["-p", "aws2-cli"]);
            target_dir().join("debug")
        }
    };
    let status = build.status().expect("run cargo build");
    assert!(
        status.success(),
        "cargo build of the packaged binaries failed"
    );
    let mut key_input = Vec::new();
    for file in [
        bins.join("aws"),
        bins.join("aws_completer"),
        target_dir().join("debug/install"),
        target_dir().join("debug/aws2-package"),
    ] {
        let (sha, _) = aws2_bundle::digest::sha256_file(&file).unwrap();
        key_input.extend_from_slice(sha.as_bytes());
    }
    let key = &aws2_bundle::digest::sha256_bytes(&key_input)[..16];
    let root = cache.join(key);
    if !root.join("complete").exists() {
        if root.exists() {
            fs::remove_dir_all(&root).unwrap();
        }
        for version in VERSIONS {
            let out = root.join(version);
            package(&out, version, &[]);
            let zip = out.join(zip_name());
            aws2_bundle::unzip::extract(&zip, &out.join("x")).unwrap();
        }
        fs::write(root.join("complete"), b"").unwrap();
    }
    VERSIONS
        .iter()
        .map(|version| {
            let out = root.join(version);
            Bundle {
                version,
                zip: out.join(zip_name()),
                sig: out.join(format!("{}.sig", zip_name())),
                dir: out.join("x").join("aws"),
            }
        })
        .collect()
}

/// The zip's file name on this machine.
pub fn zip_name() -> String {
    format!("awscli-exe-linux-{}.zip", std::env::consts::ARCH)
}

/// A temporary install dir and bin dir.
pub struct Target {
    /// Keeps the directory alive.
    pub tmp: tempfile::TempDir,
    /// `-i`.
    pub install_dir: PathBuf,
    /// `-b`.
    pub bin_dir: PathBuf,
}

impl Target {
    /// Fresh, empty target directories (not yet created on disk).
    pub fn new() -> Target {
        let tmp = tempfile::tempdir().unwrap();
        let install_dir = tmp.path().join("aws-cli");
        let bin_dir = tmp.path().join("bin");
        Target {
            tmp,
            install_dir,
            bin_dir,
        }
    }

    /// `<install-dir>/v2`.
    pub fn v2(&self) -> PathBuf {
        self.install_dir.join("v2")
    }

    /// The version `v2/current` points to.
    pub fn current(&self) -> Option<String> {
        link_version(&self.v2().join("current"))
    }

    /// The version `v2/previous` points to.
    pub fn previous(&self) -> Option<String> {
        link_version(&self.v2().join("previous"))
    }

    /// Sorted names in `v2/` that are version directories.
    pub fn versions(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.v2())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.file_name().into_string().unwrap())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Runs `<bin-dir>/aws2 --version`.
    pub fn aws2_version(&self) -> Output {
        Command::new(self.bin_dir.join("aws2"))
            .arg("--version")
            .output()
            .expect("run aws2")
    }

    /// Runs `install -i <install-dir> -b <bin-dir> <args>` from `bundle`.
    pub fn run(&self, bundle: &Bundle, args: &[&str]) -> Output {
        Command::new(bundle.install())
            .arg("-i")
            .arg(&self.install_dir)
            .arg("-b")
            .arg(&self.bin_dir)
            .args(args)
            .output()
            .expect("run install")
    }

    /// Like [`Target::run`], asserting success.
    pub fn run_ok(&self, bundle: &Bundle, args: &[&str]) -> Output {
        let out = self.run(bundle, args);
        assert!(
            out.status.success(),
            "install {args:?} failed: {}",
            text(&out)
        );
        out
    }
}

fn link_version(link: &Path) -> Option<String> {
    let target = fs::read_link(link).ok()?;
    Some(target.file_name()?.to_str()?.to_owned())
}

/// stdout and stderr of a run, for messages.
pub fn text(out: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// stdout as a string.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// stderr as a string.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every path below `root` with its kind and link target or content hash, for comparing
/// trees before and after an operation.
pub fn snapshot(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap().display().to_string();
        let meta = fs::symlink_metadata(&path).unwrap();
        if meta.is_symlink() {
            out.push(format!(
                "{rel} -> {}",
                fs::read_link(&path).unwrap().display()
            ));
        } else if meta.is_dir() {
            out.push(format!("{rel}/"));
            walk(root, &path, out);
        } else {
            let (sha, _) = aws2_bundle::digest::sha256_file(&path).unwrap();
            out.push(format!("{rel} {sha}"));
        }
    }
}

/// Copies a tree: directories are recreated, files hard-linked, symbolic links copied as is.
pub fn link_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap().filter_map(|e| e.ok()) {
        let from = entry.path();
        let to = dst.join(entry.file_name());
        let meta = fs::symlink_metadata(&from).unwrap();
        if meta.is_symlink() {
            symlink(fs::read_link(&from).unwrap(), &to).unwrap();
        } else if meta.is_dir() {
            link_tree(&from, &to);
        } else {
            fs::hard_link(&from, &to).unwrap();
        }
    }
}

/// Copies a tree with real copies (for bundles that a test modifies).
pub fn copy_tree(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).unwrap();
    for entry in fs::read_dir(src).unwrap().filter_map(|e| e.ok()) {
        let from = entry.path();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&from, &to);
        } else {
            fs::copy(&from, &to).unwrap();
        }
    }
}

/// A throwaway OpenPGP signing key made with gpg for one test.
pub struct GpgKey {
    /// Holds the key ring and the exported files.
    pub home: tempfile::TempDir,
    /// The unencrypted secret key, armored.
    pub secret: PathBuf,
    /// A directory holding only the armored public key (`<name>.asc`).
    pub public_dir: PathBuf,
    /// The fingerprint, uppercase hex.
    pub fingerprint: String,
}

impl GpgKey {
    /// Generates an Ed25519 signing key for `name` with gpg (Debian package gnupg).
    pub fn generate(name: &str) -> GpgKey {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        fs::set_permissions(home.path(), fs::Permissions::from_mode(0o700)).unwrap();
        let ring = home.path().join("gnupg");
        fs::create_dir(&ring).unwrap();
        fs::set_permissions(&ring, fs::Permissions::from_mode(0o700)).unwrap();
        let key = GpgKey {
            secret: home.path().join(format!("{name}.secret.asc")),
            public_dir: home.path().join("public"),
            fingerprint: String::new(),
            home,
        };
        let made = key.gpg(&[
            "--quick-gen-key",
            &format!("{name} <{name}@example.invalid>"),
            "ed25519",
            "sign",
            "never",
        ]);
        assert!(made.status.success(), "gpg: {}", text(&made));
        let listed = key.gpg(&["--with-colons", "--list-keys"]);
        let fingerprint = stdout(&listed)
            .lines()
            .find_map(|l| l.strip_prefix("fpr:"))
            .map(|l| l.trim_matches(':').to_owned())
            .expect("gpg printed no fingerprint");
        let secret = key.gpg(&["--armor", "--export-secret-keys"]);
        fs::write(&key.secret, &secret.stdout).unwrap();
        fs::create_dir(&key.public_dir).unwrap();
        let public = key.gpg(&["--armor", "--export"]);
        fs::write(key.public_dir.join(format!("{name}.asc")), &public.stdout).unwrap();
        GpgKey { fingerprint, ..key }
    }

    /// Runs gpg on this key's ring.
    pub fn gpg(&self, args: &[&str]) -> Output {
        Command::new("gpg")
            .env("GNUPGHOME", self.home.path().join("gnupg"))
            .args(["--batch", "--no-tty", "--pinentry-mode", "loopback"])
            .args(["--passphrase", ""])
            .args(args)
            .output()
            .expect("run gpg (Debian package gnupg)")
    }

    /// The secret key's path as a string.
    pub fn secret_arg(&self) -> &str {
        self.secret.to_str().unwrap()
    }

    /// The public key directory as a string.
    pub fn public_dir_arg(&self) -> &str {
        self.public_dir.to_str().unwrap()
    }
}

/// Fingerprint of the test-only key.
pub const TEST_ONLY_FINGERPRINT: &str = "87101BDD84FD7895076FDC18A5DBBCCDB86B7563";
