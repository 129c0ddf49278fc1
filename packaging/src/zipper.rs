//! Writes a directory tree as a reproducible zip: entries sorted by path, fixed timestamps
//! (1980-01-01 00:00), modes 0755/0644 only, fixed compression.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::PackagingError;

/// Zips every file and directory below `root` into `out`, naming entries `<prefix>/<path>`.
pub fn zip_dir(root: &Path, prefix: &str, out: &Path) -> Result<(), PackagingError> {
    let mut entries = Vec::new();
    collect(root, "", &mut entries)?;
    entries.sort();
    let file = File::create(out).map_err(|e| PackagingError::io(out, e))?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9));
    let zerr = |e: zip::result::ZipError| PackagingError::Zip(e.to_string());
    zip.add_directory(format!("{prefix}/"), base.unix_permissions(0o755))
        .map_err(zerr)?;
    for rel in entries {
        let path = root.join(&rel);
        let meta = fs::metadata(&path).map_err(|e| PackagingError::io(&path, e))?;
        let name = format!("{prefix}/{rel}");
        if meta.is_dir() {
            zip.add_directory(format!("{name}/"), base.unix_permissions(0o755))
                .map_err(zerr)?;
            continue;
        }
        let mode = if meta.permissions().mode() & 0o111 != 0 {
            0o755
        } else {
            0o644
        };
        zip.start_file(
            name,
            base.unix_permissions(mode)
                .large_file(meta.len() >= u32::MAX as u64),
        )
        .map_err(zerr)?;
        let mut src = File::open(&path).map_err(|e| PackagingError::io(&path, e))?;
        std::io::copy(&mut src, &mut zip).map_err(|e| PackagingError::io(&path, e))?;
    }
    let mut writer = zip.finish().map_err(zerr)?;
    writer.flush().map_err(|e| PackagingError::io(out, e))?;
    Ok(())
}

/// Lists `dir` recursively as `/`-separated relative paths (directories included).
fn collect(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), PackagingError> {
    for entry in fs::read_dir(dir).map_err(|e| PackagingError::io(dir, e))? {
        let entry = entry.map_err(|e| PackagingError::io(dir, e))?;
        let name = entry
            .file_name()
            .into_string()
            .map_err(|n| PackagingError::Invalid(format!("non-UTF-8 file name {n:?}")))?;
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        let file_type = entry
            .file_type()
            .map_err(|e| PackagingError::io(entry.path(), e))?;
        if file_type.is_symlink() {
            return Err(PackagingError::Invalid(format!(
                "{}: symbolic links are not packaged",
                entry.path().display()
            )));
        }
        if file_type.is_dir() {
            collect(&entry.path(), &path, out)?;
        }
        out.push(path);
    }
    Ok(())
}
