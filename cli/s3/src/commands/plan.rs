//! What `cp`, `mv`, `rm` and `sync` will do: the list of single-object tasks built from the
//! source and destination paths, the filters and (for `sync`) the comparison of both sides.

use crate::api::{self, Object};
use crate::filter::Filters;
use crate::local::{self, LocalFile};
use crate::paths::{display_local, Location, S3Path};
use crate::transfer::Extra;
use aws2_client::{CallError, Client};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One object-level operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Local file to S3.
    Upload {
        /// The local file.
        src: PathBuf,
        /// Its size.
        size: u64,
        /// The destination object.
        dest: S3Path,
    },
    /// S3 object to a local file.
    Download {
        /// The source object.
        src: S3Path,
        /// Its size.
        size: u64,
        /// Its `LastModified` (seconds since the epoch).
        modified: f64,
        /// The local file to write.
        dest: PathBuf,
    },
    /// Server-side copy.
    Copy {
        /// The source object.
        src: S3Path,
        /// Its size.
        size: u64,
        /// The destination object.
        dest: S3Path,
    },
    /// Delete an object.
    DeleteS3(S3Path),
    /// Delete a local file.
    DeleteLocal(PathBuf),
    /// An upload that cannot run (a directory without `--recursive`): reported as failed.
    Invalid {
        /// `src to dest` as printed.
        location: String,
        /// The error printed after it.
        error: String,
    },
}

/// An action and whether it is a move (the source is deleted afterwards).
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The operation.
    pub action: Action,
    /// `mv`: delete the source after a successful transfer.
    pub moving: bool,
}

impl Task {
    /// The verb of the messages: `upload`, `download`, `copy`, `move`, `delete`.
    pub fn kind(&self) -> &'static str {
        match (&self.action, self.moving) {
            (Action::DeleteS3(_) | Action::DeleteLocal(_), _) => "delete",
            (_, true) => "move",
            (Action::Upload { .. } | Action::Invalid { .. }, _) => "upload",
            (Action::Download { .. }, _) => "download",
            (Action::Copy { .. }, _) => "copy",
        }
    }

    /// Bytes the task transfers (0 for deletes).
    pub fn size(&self) -> u64 {
        match &self.action {
            Action::Upload { size, .. }
            | Action::Download { size, .. }
            | Action::Copy { size, .. } => *size,
            _ => 0,
        }
    }

    /// `src to dest`, or just the target of a delete.
    pub fn location(&self) -> String {
        match &self.action {
            Action::Upload { src, dest, .. } => format!("{} to {dest}", display_local(src)),
            Action::Download { src, dest, .. } => format!("{src} to {}", display_local(dest)),
            Action::Copy { src, dest, .. } => format!("{src} to {dest}"),
            Action::DeleteS3(p) => p.to_string(),
            Action::DeleteLocal(p) => display_local(p),
            Action::Invalid { location, .. } => location.clone(),
        }
    }
}

/// Why planning stopped.
#[derive(Debug)]
pub enum PlanError {
    /// Bad arguments: printed as is, exit 255 (or a usage error, exit 2).
    Cli(crate::error::S3Error),
    /// A service error while listing: `fatal error: …`, exit 1.
    Fatal(String),
}

/// The options planning depends on.
#[derive(Debug, Default, Clone)]
pub struct PlanOptions {
    /// `--recursive` (always on for `sync`).
    pub recursive: bool,
    /// `--include` / `--exclude`.
    pub filters: Filters,
    /// `mv`.
    pub moving: bool,
    /// `sync --delete`.
    pub delete: bool,
    /// `sync --size-only`.
    pub size_only: bool,
    /// `sync --exact-timestamps`.
    pub exact_timestamps: bool,
    /// `--no-follow-symlinks`: local symbolic links are left out instead of followed.
    pub skip_symlinks: bool,
    /// Members sent with the `HeadObject` of a single S3 source (its SSE-C key, the request
    /// payer).
    pub head_extra: Extra,
}

/// Size and modification time of one object (`HeadObject` with `extra`); a missing object
/// is reported as the AWS CLI reports it (`Key "…" does not exist`).
fn head(client: &Client, src: &S3Path, extra: &Extra) -> Result<Object, PlanError> {
    let mut req = api::input(vec![
        ("Bucket", api::s(&src.bucket)),
        ("Key", api::s(&src.key)),
    ]);
    req.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    let op = client
        .service()
        .operation("HeadObject")
        .map_err(|e| PlanError::Fatal(e.to_string()))?;
    let out = match client.call(&op, &aws2_core::Value::Map(req)) {
        Ok(out) => out,
        Err(CallError::Service {
            operation,
            mut error,
            max_retries_reached,
        }) if error.code == "404" => {
            error.message = format!("Key \"{}\" does not exist", src.key);
            let error = CallError::Service {
                operation,
                error,
                max_retries_reached,
            };
            return Err(PlanError::Fatal(error.to_string()));
        }
        Err(e) => return Err(PlanError::Fatal(e.to_string())),
    };
    Ok(Object {
        key: src.key.clone(),
        size: api::int(&out, "ContentLength").unwrap_or(0).max(0) as u64,
        modified: api::time(&out, "LastModified").unwrap_or(0.0),
    })
}

fn missing(path: &Path) -> PlanError {
    PlanError::Cli(crate::error::S3Error::Other(format!(
        "The user-provided path {} does not exist.",
        path.display()
    )))
}

/// The checks of a source and destination made before anything else, in the AWS CLI's order:
/// two local paths are a usage error, then a local source must exist.
pub fn check_paths(src: &Location, dest: &Location) -> Result<(), PlanError> {
    match (src, dest) {
        (Location::Local(_), Location::Local(_)) => Err(PlanError::Cli(
            crate::error::S3Error::Usage("Error: Invalid argument type".into()),
        )),
        (Location::Local(p), _) if !p.exists() => Err(missing(p)),
        _ => Ok(()),
    }
}

/// `prefix` + `relative`, with a `/` between them when the prefix is a non-empty "directory".
fn join_key(prefix: &str, relative: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') {
        format!("{prefix}{relative}")
    } else {
        format!("{prefix}/{relative}")
    }
}

/// The local path of `relative` (a key below the source prefix) under `dir`, joined as text
/// as the AWS CLI joins them: the `/` of a key with `//` leaves the file below `dir`.
fn local_join(dir: &Path, relative: &str) -> PathBuf {
    let mut path = dir.as_os_str().to_owned();
    if path.is_empty() {
        path.push(".");
    }
    if !path.to_string_lossy().ends_with('/') {
        path.push("/");
    }
    path.push(relative);
    PathBuf::from(path)
}

/// Whether a download's relative path leads out of its destination directory (`../x`,
/// `a/../../x`), which the AWS CLI skips with a warning.
fn escapes(relative: &str) -> bool {
    if relative.starts_with('/') {
        return false;
    }
    let mut depth: i64 = 0;
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => depth += 1,
        }
    }
    false
}

fn parent_warning(relative: &str) -> String {
    format!("warning: Skipping file {relative}. File references a parent directory.")
}

/// The listing prefix of a recursive S3 source: the key with a trailing `/`.
fn dir_prefix(key: &str) -> String {
    if key.is_empty() || key.ends_with('/') {
        key.to_owned()
    } else {
        format!("{key}/")
    }
}

/// The destination key of a single object named `name` copied to `dest`.
fn single_key(dest: &S3Path, name: &str) -> String {
    if dest.key.is_empty() || dest.key.ends_with('/') {
        format!("{}{name}", dest.key)
    } else {
        dest.key.clone()
    }
}

/// Objects under a recursive S3 source, keyed by their path relative to it.
fn s3_tree(client: &Client, root: &S3Path) -> Result<BTreeMap<String, Object>, PlanError> {
    let prefix = dir_prefix(&root.key);
    let objects = api::all_objects(client, &root.bucket, &prefix).map_err(PlanError::Fatal)?;
    Ok(objects
        .into_iter()
        .filter_map(|o| {
            let rel = o.key.strip_prefix(&prefix)?.to_owned();
            (!rel.is_empty()).then_some((rel, o))
        })
        .collect())
}

fn local_tree(
    root: &Path,
    opts: &PlanOptions,
    warn: &mut dyn FnMut(String),
) -> BTreeMap<String, LocalFile> {
    if !root.is_dir() {
        return BTreeMap::new();
    }
    local::walk(root, !opts.skip_symlinks, warn)
        .into_iter()
        .map(|f| (f.relative.clone(), f))
        .collect()
}

/// Plans `cp` or `mv`; an S3 source is listed or headed through `source`.
pub fn copy_tasks(
    source: &Client,
    src: &Location,
    dest: &Location,
    dest_text: &str,
    opts: &PlanOptions,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<Task>, PlanError> {
    let task = |action| Task {
        action,
        moving: opts.moving,
    };
    check_paths(src, dest)?;
    let mut tasks = Vec::new();
    match (src, dest) {
        (Location::Local(p), Location::S3(d)) => {
            if opts.skip_symlinks && local::is_symlink(p) {
                // Left out without a word, as the links under a directory.
            } else if opts.recursive {
                for (rel, f) in local_tree(p, opts, warn) {
                    if opts.filters.allows(&rel) {
                        let dest = d.with_key(join_key(&d.key, &rel));
                        tasks.push(task(Action::Upload {
                            src: f.path,
                            size: f.size,
                            dest,
                        }));
                    }
                }
            } else if let Some(reason) = local::skip_reason(p) {
                warn(reason);
            } else {
                let meta = std::fs::metadata(p).map_err(|_| missing(p))?;
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if meta.is_dir() {
                    let abs = crate::paths::absolute(p);
                    tasks.push(task(Action::Invalid {
                        location: format!("{} to {d}", crate::paths::display_dir(p)),
                        error: format!("[Errno 21] Is a directory: '{}/'", abs.display()),
                    }));
                } else if opts.filters.allows(&name) {
                    tasks.push(task(Action::Upload {
                        src: p.clone(),
                        size: meta.len(),
                        dest: d.with_key(single_key(d, &name)),
                    }));
                }
            }
        }
        (Location::S3(s), Location::Local(p)) => {
            if opts.recursive {
                for (rel, o) in s3_tree(source, s)? {
                    if rel.ends_with('/') || !opts.filters.allows(&rel) {
                        continue;
                    }
                    if escapes(&rel) {
                        warn(parent_warning(&rel));
                        continue;
                    }
                    tasks.push(task(Action::Download {
                        src: s.with_key(o.key),
                        size: o.size,
                        modified: o.modified,
                        dest: local_join(p, &rel),
                    }));
                }
            } else {
                let o = head(source, s, &opts.head_extra)?;
                let name = s.basename().to_owned();
                let to_dir = p.is_dir() || dest_text.ends_with('/');
                if opts.filters.allows(&name) {
                    tasks.push(task(Action::Download {
                        src: s.clone(),
                        size: o.size,
                        modified: o.modified,
                        dest: if to_dir { p.join(&name) } else { p.clone() },
                    }));
                }
            }
        }
        (Location::S3(s), Location::S3(d)) => {
            if opts.recursive {
                for (rel, o) in s3_tree(source, s)? {
                    if opts.filters.allows(&rel) {
                        tasks.push(task(Action::Copy {
                            src: s.with_key(o.key),
                            size: o.size,
                            dest: d.with_key(join_key(&d.key, &rel)),
                        }));
                    }
                }
            } else {
                let o = head(source, s, &opts.head_extra)?;
                let name = s.basename().to_owned();
                if opts.filters.allows(&name) {
                    tasks.push(task(Action::Copy {
                        src: s.clone(),
                        size: o.size,
                        dest: d.with_key(single_key(d, &name)),
                    }));
                }
            }
        }
        (Location::Local(_), Location::Local(_)) => {}
    }
    Ok(tasks)
}

/// Plans `rm`.
pub fn remove_tasks(
    client: &Client,
    target: &S3Path,
    opts: &PlanOptions,
) -> Result<Vec<Task>, PlanError> {
    let task = |p| Task {
        action: Action::DeleteS3(p),
        moving: false,
    };
    if !opts.recursive {
        let name = target.basename();
        return Ok(if opts.filters.allows(name) {
            vec![task(target.clone())]
        } else {
            vec![]
        });
    }
    Ok(s3_tree(client, target)?
        .into_iter()
        .filter(|(rel, _)| opts.filters.allows(rel))
        .map(|(_, o)| task(target.with_key(o.key)))
        .collect())
}

/// One side of a sync: relative path → (size, modification time, full location).
struct Entry {
    size: u64,
    modified: f64,
    location: Location,
}

fn sync_side(
    client: &Client,
    loc: &Location,
    opts: &PlanOptions,
    warn: &mut dyn FnMut(String),
) -> Result<BTreeMap<String, Entry>, PlanError> {
    Ok(match loc {
        Location::Local(p) => local_tree(p, opts, warn)
            .into_iter()
            .map(|(rel, f)| {
                let entry = Entry {
                    size: f.size,
                    modified: f.modified,
                    location: Location::Local(f.path),
                };
                (rel, entry)
            })
            .collect(),
        Location::S3(s) => s3_tree(client, s)?
            .into_iter()
            .map(|(rel, o)| {
                let entry = Entry {
                    size: o.size,
                    modified: o.modified,
                    location: Location::S3(s.with_key(o.key)),
                };
                (rel, entry)
            })
            .collect(),
    })
}

/// Plans `sync`: new files, files whose size differs, and files whose time says the source
/// is newer (for downloads: the local file is newer, or differs with `--exact-timestamps`);
/// with `--delete`, destination files missing from the source. The source is listed through
/// `source`, the destination through `dest`.
pub fn sync_tasks(
    source: &Client,
    dest_client: &Client,
    src: &Location,
    dest: &Location,
    opts: &PlanOptions,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<Task>, PlanError> {
    check_paths(src, dest)?;
    let source = sync_side(source, src, opts, warn)?;
    let target = sync_side(dest_client, dest, opts, warn)?;
    let download = matches!(src, Location::S3(_)) && matches!(dest, Location::Local(_));
    let mut planned: Vec<(String, Task)> = Vec::new();
    for (rel, s) in &source {
        if !opts.filters.allows(rel) || (download && rel.ends_with('/')) {
            continue;
        }
        let needed = match target.get(rel) {
            None => true,
            Some(d) if d.size != s.size => true,
            Some(_) if opts.size_only => false,
            Some(d) => {
                let delta = d.modified - s.modified;
                if download {
                    if opts.exact_timestamps {
                        (delta * 1000.0).round() != 0.0
                    } else {
                        delta > 0.0
                    }
                } else {
                    delta < 0.0
                }
            }
        };
        if !needed {
            continue;
        }
        if download && escapes(rel) {
            warn(parent_warning(rel));
            continue;
        }
        let action = match (&s.location, dest) {
            (Location::Local(p), Location::S3(d)) => Action::Upload {
                src: p.clone(),
                size: s.size,
                dest: d.with_key(join_key(&d.key, rel)),
            },
            (Location::S3(o), Location::Local(d)) => Action::Download {
                src: o.clone(),
                size: s.size,
                modified: s.modified,
                dest: local_join(d, rel),
            },
            (Location::S3(o), Location::S3(d)) => Action::Copy {
                src: o.clone(),
                size: s.size,
                dest: d.with_key(join_key(&d.key, rel)),
            },
            _ => continue,
        };
        planned.push((
            rel.clone(),
            Task {
                action,
                moving: false,
            },
        ));
    }
    if opts.delete {
        for (rel, d) in &target {
            if source.contains_key(rel) || !opts.filters.allows(rel) {
                continue;
            }
            let action = match &d.location {
                Location::Local(p) => Action::DeleteLocal(p.clone()),
                Location::S3(o) => Action::DeleteS3(o.clone()),
            };
            planned.push((
                rel.clone(),
                Task {
                    action,
                    moving: false,
                },
            ));
        }
    }
    planned.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(planned.into_iter().map(|(_, t)| t).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_messages() {
        assert_eq!(join_key("", "a"), "a");
        assert_eq!(join_key("p", "a"), "p/a");
        assert_eq!(join_key("p/", "a"), "p/a");
        assert_eq!(dir_prefix("p"), "p/");
        assert_eq!(local_join(Path::new("d"), "/x"), PathBuf::from("d//x"));
        assert_eq!(local_join(Path::new("d/"), "a/b"), PathBuf::from("d/a/b"));
        assert!(local_join(Path::new("d"), "/x").starts_with("d"));
        assert!(escapes("../x") && escapes("a/../../x") && escapes(".."));
        assert!(!escapes("a/../x") && !escapes("/../x") && !escapes("..x/y"));
        let d = S3Path::parse("s3://b/dir/").unwrap();
        assert_eq!(single_key(&d, "x"), "dir/x");
        assert_eq!(single_key(&S3Path::parse("s3://b/k").unwrap(), "x"), "k");
        let t = Task {
            action: Action::DeleteS3(S3Path::parse("s3://b/k").unwrap()),
            moving: false,
        };
        assert_eq!((t.kind(), t.location().as_str()), ("delete", "s3://b/k"));
    }
}
