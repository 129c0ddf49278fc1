//! `scripts/package --msi` builds the Windows installer with wixl and msibuild from placeholder
//! Windows binaries (this machine cannot build `.exe` files); the package is read back with
//! `msiinfo export` and `msiextract` (Debian packages `wixl`, `msitools`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The fixed UpgradeCode of `wix/main.wxs`.
const UPGRADE_CODE: &str = "{7C3B8C9E-5B7E-4F0A-9D8E-2A6B1D4E0F21}";
/// The two versions built.
const VERSIONS: [&str; 2] = ["2.0.1", "2.1.0"];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The target directory this test was built in (`<target>/<profile>/deps/<test>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().to_path_buf()
}

/// Content of a placeholder program, named as such.
fn placeholder(name: &str, version: &str) -> String {
    format!("PLACEHOLDER for {name} {version}: not a Windows program, for package tests only\n")
}

/// The two packages, built once: (version, path, temporary directory keeping them).
fn packages() -> &'static Vec<(String, PathBuf)> {
    static PACKAGES: OnceLock<(tempfile::TempDir, Vec<(String, PathBuf)>)> = OnceLock::new();
    &PACKAGES
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let built = VERSIONS
                .iter()
                .map(|v| (v.to_string(), build(tmp.path(), v)))
                .collect();
            (tmp, built)
        })
        .1
}

/// Runs `scripts/package --msi` for `version` with placeholder binaries.
fn build(tmp: &Path, version: &str) -> PathBuf {
    let bins = tmp.join(format!("bin-{version}"));
    fs::create_dir_all(&bins).unwrap();
    for name in ["aws.exe", "aws_completer.exe"] {
        fs::write(bins.join(name), placeholder(name, version)).unwrap();
    }
    let out = tmp.join(format!("out-{version}"));
    let output = Command::new(repo_root().join("scripts/package"))
        .env("CARGO_TARGET_DIR", target_dir())
        .args([
            "--msi",
            "--profile",
            "dev",
            "--version",
            version,
            "--binaries",
        ])
        .arg(&bins)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run scripts/package");
    assert!(
        output.status.success(),
        "scripts/package --msi failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let msi = out.join("AWSCLIV2.msi");
    assert!(msi.is_file(), "no {}", msi.display());
    msi
}

/// The rows of `table` as column name → value, read with `msiinfo export` (run in the
/// package's directory: it writes binary columns, such as icons, to files there).
fn table(msi: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    let out = Command::new("msiinfo")
        .current_dir(msi.parent().unwrap())
        .arg("export")
        .arg(msi)
        .arg(name)
        .output()
        .expect("run msiinfo");
    assert!(out.status.success(), "msiinfo export {name} failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let columns: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .skip(2)
        .map(|line| {
            columns
                .iter()
                .zip(line.split('\t').chain(std::iter::repeat("")))
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Property name → value.
fn properties(msi: &Path) -> BTreeMap<String, String> {
    table(msi, "Property")
        .into_iter()
        .map(|r| (r["Property"].clone(), r["Value"].clone()))
        .collect()
}

/// The row of `table` whose `key` column is `value`.
fn row(msi: &Path, name: &str, key: &str, value: &str) -> BTreeMap<String, String> {
    table(msi, name)
        .into_iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("{name}: no row with {key} = {value}"))
}

#[test]
fn properties_identify_a_per_machine_product() {
    for (version, msi) in packages() {
        let p = properties(msi);
        assert_eq!(p["ProductName"], "AWS Command Line Interface v2");
        assert_eq!(&p["ProductVersion"], version);
        assert_eq!(p["UpgradeCode"], UPGRADE_CODE);
        assert_eq!(p["ALLUSERS"], "1");
        assert_eq!(p["Manufacturer"], "aws2");
        assert!(p["ARPHELPLINK"].starts_with("https://"), "{p:?}");
        assert_eq!(p["ARPPRODUCTICON"], "aws2.ico");
        let icons = table(msi, "Icon");
        assert!(icons.iter().any(|r| r["Name"] == "aws2.ico"), "{icons:?}");
    }
    let codes: Vec<String> = packages()
        .iter()
        .map(|(_, msi)| properties(msi)["ProductCode"].clone())
        .collect();
    assert_ne!(codes[0], codes[1], "two versions share a ProductCode");
    assert!(codes.iter().all(|c| c.len() == 38 && c.starts_with('{')));
    eprintln!("msi: properties checked in {} packages", packages().len());
}

#[test]
fn installs_to_program_files_amazon_awscliv2() {
    let (_, msi) = &packages()[0];
    let dirs = table(msi, "Directory");
    let parent = |id: &str| -> String {
        dirs.iter().find(|r| r["Directory"] == id).unwrap()["Directory_Parent"].clone()
    };
    let default_dir = |id: &str| -> String {
        dirs.iter().find(|r| r["Directory"] == id).unwrap()["DefaultDir"].clone()
    };
    assert_eq!(default_dir("AWSCLIV2"), "AWSCLIV2");
    assert_eq!(parent("AWSCLIV2"), "AmazonFolder");
    assert_eq!(default_dir("AmazonFolder"), "Amazon");
    assert_eq!(parent("AmazonFolder"), "ProgramFiles64Folder");
    assert_eq!(parent("ProgramFiles64Folder"), "TARGETDIR");
    let summary = Command::new("msiinfo")
        .arg("suminfo")
        .arg(msi)
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&summary.stdout);
    assert!(summary.contains("Template: x64;1033"), "{summary}");
    eprintln!("msi: directory tree and x64 template checked");
}

#[test]
fn ships_both_programs_and_the_licenses() {
    let tmp = tempfile::tempdir().unwrap();
    for (version, msi) in packages() {
        let files = table(msi, "File");
        let components = table(msi, "Component");
        for name in ["aws2.exe", "aws2_completer.exe", "THIRD_PARTY_LICENSES.txt"] {
            let file = files
                .iter()
                .find(|r| r["FileName"] == name)
                .unwrap_or_else(|| panic!("no {name} in {files:?}"));
            let component = components
                .iter()
                .find(|c| c["Component"] == file["Component_"])
                .unwrap();
            assert_eq!(component["Directory_"], "AWSCLIV2");
            assert_eq!(component["Attributes"], "256", "{name} is not 64-bit");
        }
        let dest = tmp.path().join(version);
        fs::create_dir_all(&dest).unwrap();
        let status = Command::new("msiextract")
            .arg("-C")
            .arg(&dest)
            .arg(msi)
            .output()
            .unwrap();
        assert!(status.status.success(), "msiextract failed");
        // msiextract names the Program Files folder by its DefaultDir, PFiles.
        let installed = dest.join("PFiles/Amazon/AWSCLIV2");
        for (from, to) in [
            ("aws.exe", "aws2.exe"),
            ("aws_completer.exe", "aws2_completer.exe"),
        ] {
            assert_eq!(
                fs::read_to_string(installed.join(to)).unwrap(),
                placeholder(from, version)
            );
        }
        let licenses = fs::read_to_string(installed.join("THIRD_PARTY_LICENSES.txt")).unwrap();
        assert!(licenses.contains("License:"), "licenses: {licenses:.200}");
    }
    eprintln!("msi: files, components and extracted contents checked");
}

#[test]
fn path_entry_is_system_wide_and_removed_on_uninstall() {
    for (_, msi) in packages() {
        let env = row(msi, "Environment", "Environment", "PATH");
        // '=' set, '-' removed on uninstall, '*' system variable; appended to the old value.
        assert_eq!(env["Name"], "=-*PATH");
        assert_eq!(env["Value"], "[~];[AWSCLIV2]");
        let component = row(msi, "Component", "Component", &env["Component_"]);
        assert_eq!(component["Directory_"], "AWSCLIV2");
        let features = table(msi, "FeatureComponents");
        assert!(features
            .iter()
            .any(|r| r["Feature_"] == "Main" && r["Component_"] == env["Component_"]));
        let sequence = |action: &str| -> u32 {
            row(msi, "InstallExecuteSequence", "Action", action)["Sequence"]
                .parse()
                .unwrap()
        };
        let write = sequence("WriteEnvironmentStrings");
        let remove = sequence("RemoveEnvironmentStrings");
        assert!(sequence("InstallInitialize") < remove && remove < sequence("InstallFiles"));
        assert!(sequence("InstallFiles") < write && write < sequence("InstallFinalize"));
    }
    eprintln!("msi: PATH entry and environment actions checked");
}

#[test]
fn newer_package_replaces_older_and_downgrade_is_refused() {
    for (version, msi) in packages() {
        let upgrade = table(msi, "Upgrade");
        assert_eq!(upgrade.len(), 2, "{upgrade:?}");
        let older = upgrade
            .iter()
            .find(|r| r["ActionProperty"] == "WIX_UPGRADE_DETECTED")
            .unwrap();
        assert_eq!(older["UpgradeCode"], UPGRADE_CODE);
        assert_eq!(&older["VersionMax"], version);
        assert_eq!(older["VersionMin"], "");
        let newer = upgrade
            .iter()
            .find(|r| r["ActionProperty"] == "WIX_DOWNGRADE_DETECTED")
            .unwrap();
        assert_eq!(newer["UpgradeCode"], UPGRADE_CODE);
        assert_eq!(&newer["VersionMin"], version);
        // msidbUpgradeAttributesOnlyDetect (2) on the newer-version row.
        assert_eq!(newer["Attributes"], "2");
        let condition = row(
            msi,
            "LaunchCondition",
            "Condition",
            "NOT WIX_DOWNGRADE_DETECTED",
        );
        assert!(condition["Description"].contains("newer version"));
        row(
            msi,
            "InstallExecuteSequence",
            "Action",
            "RemoveExistingProducts",
        );
        row(
            msi,
            "InstallExecuteSequence",
            "Action",
            "FindRelatedProducts",
        );
    }
    eprintln!("msi: major upgrade rows checked");
}

#[test]
fn missing_binaries_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let output = Command::new(repo_root().join("scripts/package"))
        .env("CARGO_TARGET_DIR", target_dir())
        .args([
            "--msi",
            "--profile",
            "dev",
            "--version",
            "2.0.1",
            "--binaries",
        ])
        .arg(tmp.path())
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("aws.exe not found"), "{stderr}");
    assert!(!tmp.path().join("out/AWSCLIV2.msi").exists());
}
