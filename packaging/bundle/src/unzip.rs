//! Extracting a zip archive without letting any entry escape the destination directory.
//!
//! Every entry name is checked before anything is written: absolute paths, `..` components,
//! backslashes, drive prefixes and symbolic links are refused, and so is an entry that would be
//! written through something already present that is not a plain directory.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::manifest::{join, validate_relative_path};
use crate::BundleError;

/// Largest total uncompressed size accepted (guards against zip bombs): 4 GiB.
const MAX_TOTAL: u64 = 4 << 30;

/// Extracts `archive` into `dest` (created if missing) and returns the extracted files'
/// relative paths. Refuses the whole archive, before writing anything, if any entry is unsafe.
pub fn extract(archive: &Path, dest: &Path) -> Result<Vec<String>, BundleError> {
    let file = File::open(archive).map_err(|e| BundleError::io(archive, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| zip_err(archive, e))?;
    let plan = plan(&mut zip, archive)?;
    fs::create_dir_all(dest).map_err(|e| BundleError::io(dest, e))?;
    let mut written = Vec::new();
    for (index, entry) in plan.into_iter().enumerate() {
        let target = join(dest, &entry.name);
        check_no_links_below(dest, &target)?;
        if entry.dir {
            fs::create_dir_all(&target).map_err(|e| BundleError::io(&target, e))?;
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| BundleError::io(parent, e))?;
        }
        let mut src = zip.by_index(index).map_err(|e| zip_err(archive, e))?;
        let mut out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(entry.mode)
            .open(&target)
            .map_err(|e| BundleError::io(&target, e))?;
        let copied = std::io::copy(&mut (&mut src).take(entry.size + 1), &mut out)
            .map_err(|e| BundleError::io(&target, e))?;
        if copied != entry.size {
            return Err(BundleError::Zip(format!("{}: size mismatch", entry.name)));
        }
        out.flush().map_err(|e| BundleError::io(&target, e))?;
        written.push(entry.name);
    }
    Ok(written)
}

/// One checked entry, in archive order.
struct Planned {
    name: String,
    dir: bool,
    mode: u32,
    size: u64,
}

/// Checks every entry name and returns what will be extracted.
fn plan(zip: &mut zip::ZipArchive<File>, archive: &Path) -> Result<Vec<Planned>, BundleError> {
    let mut plan = Vec::with_capacity(zip.len());
    let mut total = 0u64;
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index).map_err(|e| zip_err(archive, e))?;
        let raw = std::str::from_utf8(entry.name_raw())
            .map_err(|_| BundleError::Zip("entry name is not UTF-8".into()))?
            .to_owned();
        let name = raw.strip_suffix('/').unwrap_or(&raw).to_owned();
        let drive = name.len() >= 2 && name.as_bytes()[1] == b':';
        if drive || validate_relative_path(&name).is_err() || entry.enclosed_name().is_none() {
            return Err(BundleError::Zip(format!(
                "entry {raw:?} would be written outside the destination"
            )));
        }
        if entry.is_symlink() {
            return Err(BundleError::Zip(format!(
                "entry {raw:?} is a symbolic link"
            )));
        }
        total = total.saturating_add(entry.size());
        if total > MAX_TOTAL {
            return Err(BundleError::Zip(
                "archive expands to more than 4 GiB".into(),
            ));
        }
        let executable = entry.unix_mode().is_some_and(|m| m & 0o111 != 0);
        plan.push(Planned {
            name,
            dir: entry.is_dir(),
            mode: if executable { 0o755 } else { 0o644 },
            size: entry.size(),
        });
    }
    Ok(plan)
}

/// Refuses to write through a symbolic link that already exists below `dest`.
fn check_no_links_below(dest: &Path, target: &Path) -> Result<(), BundleError> {
    let mut path = PathBuf::from(dest);
    let relative = target.strip_prefix(dest).unwrap_or(target);
    for component in relative.components() {
        path.push(component);
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(BundleError::Zip(format!(
                    "{} is a symbolic link; refusing to extract through it",
                    path.display()
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Wraps a zip library error.
fn zip_err(archive: &Path, e: zip::result::ZipError) -> BundleError {
    BundleError::Zip(format!("{}: {e}", archive.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::write::SimpleFileOptions;

    fn make_zip(path: &Path, names: &[&str]) {
        let mut w = zip::ZipWriter::new(File::create(path).unwrap());
        for name in names {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(b"x").unwrap();
        }
        w.finish().unwrap();
    }

    #[test]
    fn refuses_escaping_entries_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        for bad in [
            "../evil",
            "/tmp/evil",
            "a/../../evil",
            "C:/evil",
            "a\\..\\evil",
        ] {
            let zip = dir.path().join("bad.zip");
            make_zip(&zip, &["ok.txt", bad]);
            let dest = dir.path().join("out");
            let err = extract(&zip, &dest).unwrap_err();
            assert!(matches!(err, BundleError::Zip(_)), "{bad}: {err}");
            assert!(
                !dest.join("ok.txt").exists(),
                "{bad}: wrote before refusing"
            );
        }
    }

    #[test]
    fn extracts_safe_entries() {
        let dir = tempfile::tempdir().unwrap();
        let zip = dir.path().join("good.zip");
        make_zip(&zip, &["aws/dist/aws", "aws/README.md"]);
        let dest = dir.path().join("out");
        let files = extract(&zip, &dest).unwrap();
        assert_eq!(files, ["aws/dist/aws", "aws/README.md"]);
        assert_eq!(fs::read(dest.join("aws/dist/aws")).unwrap(), b"x");
    }
}
