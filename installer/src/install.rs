//! Install and update: verify the bundle, stage the new version beside the old one, switch
//! `current` with one rename, point the bin-dir links at it, prune old versions.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::checkpoint::step;
use crate::cli::InstallOptions;
use crate::fsops::{
    copy_hashed, is_permission_error, remove_if_symlink, replace_symlink, sync_dir,
};
use crate::layout::{
    compare_versions, installed_path, Layout, LOCK_FILE, PROGRAMS, STAGING_PREFIX,
};
use crate::lock::Lock;
use crate::remove::{recover, retire_version};
use crate::source::{self, VerifiedBundle};
use crate::state::{ChannelState, InstallInfo};

/// Runs an install (`install`) or update (`install -u`) from the bundle holding this program.
pub fn run(opts: &InstallOptions) -> Result<()> {
    let root = source::bundle_root()?;
    let bundle = source::verify(&root)?;
    install_verified(opts, &bundle, None)
}

/// Refuses an install over an existing one without `-u`.
pub fn check_preexisting(layout: &Layout, update: bool) -> Result<()> {
    if !update && fs::symlink_metadata(layout.current()).is_ok() {
        bail!(
            "Found preexisting AWS CLI installation: {}. Please rerun install script with --update flag.",
            layout.current().display()
        );
    }
    Ok(())
}

/// Under the lock, repairs the bin-dir links and prunes (when the version is already current);
/// records the install metadata (with `channel`, when given).
pub fn ensure_bin_links_locked(
    layout: &Layout,
    keep: usize,
    channel: Option<&ChannelRecord>,
) -> Result<()> {
    check_bin_links(layout)?;
    let _lock = prepare(layout)?;
    recover(layout)?;
    ensure_bin_links(layout)?;
    prune(layout, keep)?;
    record_install(layout, channel)
}

/// A channel update's record: the channel URL and the channel state to keep.
pub struct ChannelRecord<'a> {
    /// The channel URL as given.
    pub url: &'a str,
    /// The index and key list accepted.
    pub state: &'a ChannelState,
}

/// Writes `v2/.install.json` (the bin dir, and the channel when one is given, else the one
/// recorded before) and, for a channel update, `v2/.channel-state.json`, never moving its
/// serials back. The caller holds the lock.
fn record_install(layout: &Layout, channel: Option<&ChannelRecord>) -> Result<()> {
    if let Some(record) = channel {
        let disk = ChannelState::load(layout).unwrap_or_default();
        let mut state = record.state.clone();
        let serial = |s: &ChannelState| s.index.as_ref().map_or(0, |i| i.serial);
        if serial(&disk) > serial(&state) {
            state.index = disk.index.clone();
        }
        if disk.keys_version > state.keys_version {
            state.keys_version = disk.keys_version;
            state.keys = disk.keys.clone();
        }
        state.revoked.extend(disk.revoked);
        state.revoked.sort();
        state.revoked.dedup();
        state.store(layout)?;
    }
    let old = InstallInfo::load(layout).ok().flatten().unwrap_or_default();
    InstallInfo {
        bin_dir: layout.bin_dir.clone(),
        channel: channel.map(|c| c.url.to_owned()).or(old.channel),
    }
    .store(layout)
}

/// Installs or updates to a bundle that [`source::verify`] accepted; `channel` is the channel
/// it came from, if any (recorded for `aws update`).
pub fn install_verified(
    opts: &InstallOptions,
    bundle: &VerifiedBundle,
    channel: Option<&ChannelRecord>,
) -> Result<()> {
    let layout = Layout::new(&opts.dirs);
    check_preexisting(&layout, opts.update)?;
    check_bin_links(&layout)?;
    let _lock = prepare(&layout)?;
    recover(&layout)?;
    let version = bundle.manifest.version.clone();
    if layout.current_version().as_deref() == Some(version.as_str()) {
        ensure_bin_links(&layout)?;
        prune(&layout, opts.keep)?;
        record_install(&layout, channel)?;
        println!(
            "Found same AWS CLI version: {}. Skipping install.",
            layout.version_dir(&version).display()
        );
        return Ok(());
    }
    stage(&layout, bundle)?;
    switch_to(&layout, &version)?;
    ensure_bin_links(&layout)?;
    prune(&layout, opts.keep)?;
    record_install(&layout, channel)?;
    println!(
        "You can now run: {} --version",
        layout.bin_link(PROGRAMS[0].1).display()
    );
    Ok(())
}

/// Creates `<install-dir>/v2` and `<bin-dir>` and takes the lock, turning permission problems
/// into one clear line.
pub fn prepare(layout: &Layout) -> Result<Lock> {
    let writable = |path: &Path, result: Result<()>| -> Result<()> {
        result.map_err(|e| {
            if is_permission_error(&e) {
                anyhow::anyhow!(
                    "Cannot write to {}: permission denied. Rerun with sudo, or choose directories you can write with -i/--install-dir and -b/--bin-dir.",
                    path.display()
                )
            } else {
                e
            }
        })
    };
    let v2 = layout.v2();
    writable(
        &layout.install_dir,
        fs::create_dir_all(&v2).with_context(|| format!("cannot create {}", v2.display())),
    )?;
    writable(
        &layout.bin_dir,
        fs::create_dir_all(&layout.bin_dir)
            .with_context(|| format!("cannot create {}", layout.bin_dir.display()))
            .and_then(|()| {
                rustix::fs::access(&layout.bin_dir, rustix::fs::Access::WRITE_OK)
                    .map_err(std::io::Error::from)
                    .with_context(|| format!("cannot write {}", layout.bin_dir.display()))
            }),
    )?;
    let mut lock = None;
    writable(&layout.install_dir, {
        Lock::acquire(&v2.join(LOCK_FILE)).map(|l| lock = Some(l))
    })?;
    lock.context("lock not acquired")
}

/// Refuses to go on if a bin-dir link name is taken by something that is not a link.
fn check_bin_links(layout: &Layout) -> Result<()> {
    for (_, link) in PROGRAMS {
        let path = layout.bin_link(link);
        if let Ok(meta) = fs::symlink_metadata(&path) {
            if !meta.file_type().is_symlink() {
                bail!(
                    "{} exists and is not a symbolic link; remove it or choose another -b/--bin-dir",
                    path.display()
                );
            }
        }
    }
    Ok(())
}

/// Builds `v2/<version>` from the verified bundle: copies into `v2/.staging-<version>` (checking
/// each copy's hash against the manifest), makes the `bin/` links, smoke-tests the binary, then
/// renames the staging directory into place.
fn stage(layout: &Layout, bundle: &VerifiedBundle) -> Result<()> {
    let version = &bundle.manifest.version;
    let staging = layout.v2().join(format!("{STAGING_PREFIX}{version}"));
    fs::create_dir_all(staging.join("dist"))
        .with_context(|| format!("cannot create {}", staging.display()))?;
    fs::create_dir_all(staging.join("bin"))
        .with_context(|| format!("cannot create {}", staging.display()))?;
    step();
    for entry in &bundle.manifest.files {
        let dst = installed_path(&staging, &entry.path);
        if let Some(parent) = dst.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let src = aws2_bundle::manifest::join(&bundle.root, &entry.path);
        let (sha256, size) = copy_hashed(&src, &dst, entry.executable)?;
        if sha256 != entry.sha256 || size != entry.size {
            bail!(
                "{} changed while it was being installed; nothing installed",
                src.display()
            );
        }
    }
    for (program, _) in PROGRAMS {
        if staging.join("dist").join(program).is_file() {
            let link = staging.join("bin").join(program);
            symlink(Path::new("../dist").join(program), &link)
                .with_context(|| format!("cannot create {}", link.display()))?;
            step();
        }
    }
    smoke_test(&staging.join("bin").join(PROGRAMS[0].0))?;
    step();
    write_synced(
        &staging.join(aws2_bundle::MANIFEST_SIG_FILE),
        &bundle.signature,
    )?;
    write_synced(
        &staging.join(aws2_bundle::MANIFEST_FILE),
        &bundle.manifest_bytes,
    )?;
    for dir in [staging.join("dist"), staging.join("bin"), staging.clone()] {
        sync_dir(&dir)?;
    }
    let target = layout.version_dir(version);
    if fs::symlink_metadata(&target).is_ok() {
        // Left over from an earlier install of this version that is not current (e.g. after
        // a rollback): replace it with the freshly verified copy.
        retire_version(layout, version)?;
    }
    fs::rename(&staging, &target).with_context(|| {
        format!(
            "cannot rename {} to {}",
            staging.display(),
            target.display()
        )
    })?;
    sync_dir(&layout.v2())?;
    step();
    Ok(())
}

/// Runs `<binary> --version` and fails if it does not succeed.
fn smoke_test(binary: &Path) -> Result<()> {
    let out = Command::new(binary)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    if !out.status.success() {
        bail!(
            "{} --version failed ({}); nothing installed",
            binary.display(),
            out.status
        );
    }
    Ok(())
}

/// Writes a new file and syncs it.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file =
        fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    step();
    Ok(())
}

/// Makes `version` current: `previous` is pointed at the old current version first, then
/// `current` is switched with one atomic rename.
pub fn switch_to(layout: &Layout, version: &str) -> Result<()> {
    if let Some(old) = layout.current_version().filter(|old| old != version) {
        replace_symlink(&layout.version_dir(&old), &layout.previous())?;
    }
    replace_symlink(&layout.version_dir(version), &layout.current())
}

/// Points `<bin-dir>/aws2` and `<bin-dir>/aws2_completer` at `v2/current/bin`.
pub fn ensure_bin_links(layout: &Layout) -> Result<()> {
    for (program, link) in PROGRAMS {
        let path = layout.bin_link(link);
        let target = layout.bin_link_target(program);
        if fs::read_link(&path).ok().as_deref() == Some(target.as_path()) {
            continue;
        }
        replace_symlink(&target, &path)?;
    }
    Ok(())
}

/// Removes installed versions beyond `keep`: the current one is always kept, then the
/// previous one, then the newest others.
pub fn prune(layout: &Layout, keep: usize) -> Result<()> {
    let current = layout.current_version();
    let previous = layout.previous_version();
    let mut order: Vec<String> = current.iter().chain(previous.iter()).cloned().collect();
    let mut others: Vec<String> = layout
        .installed_versions()
        .into_iter()
        .filter(|v| !order.contains(v))
        .collect();
    others.sort_by(|a, b| compare_versions(b, a));
    order.extend(others);
    order.dedup();
    for version in order.iter().skip(keep.max(1)) {
        if previous.as_deref() == Some(version.as_str()) {
            remove_if_symlink(&layout.previous())?;
            step();
        }
        for kept in retire_version(layout, version)? {
            eprintln!(
                "Left {} in place: not created by the installer",
                kept.display()
            );
        }
    }
    Ok(())
}
