//! What `cp`, `mv`, `rm` and `sync` will do: the single-object tasks built from the source
//! and destination paths, the filters and (for `sync`) the comparison of both sides, handed
//! on one at a time as the sides are listed so transfers start before listing ends.

use crate::api::{self, Object};
use crate::filter::Filters;
use crate::local::{self, Walked};
use crate::paths::{display_local, Location, S3Path};
use crate::transfer::Extra;
use aws2_client::{CallError, Client};
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
    /// The command was interrupted while planning.
    Interrupted,
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
    /// `--force-glacier-transfer`: archived objects are downloaded and copied anyway.
    pub force_glacier_transfer: bool,
    /// `--ignore-glacier-warnings`: archived objects are left out without a warning.
    pub ignore_glacier_warnings: bool,
    /// `--page-size`: objects per listing request.
    pub page_size: Option<i64>,
    /// Members sent with the `HeadObject` of a single S3 source (its SSE-C key, the request
    /// payer).
    pub head_extra: Extra,
}

/// Size and modification time of one object (`HeadObject` with `extra`, asking for its
/// checksums); a missing object
/// is reported as the AWS CLI reports it (`Key "…" does not exist`).
fn head(client: &Client, src: &S3Path, extra: &Extra) -> Result<Object, PlanError> {
    let mut req = api::input(vec![
        ("Bucket", api::s(&src.bucket)),
        ("Key", api::s(&src.key)),
    ]);
    req.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    // As the AWS CLI's file generator, which asks for checksums while
    // `response_checksum_validation` is `when_supported`.
    req.entry("ChecksumMode".to_owned())
        .or_insert_with(|| api::s("ENABLED"));
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
    Ok(Object::from_head(&src.key, &out))
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

/// Whether an archived object (see [`Object::archived`]) is left out of a download or copy
/// (`kind`), as the AWS CLI leaves it out: with a warning unless `--ignore-glacier-warnings`,
/// not at all with `--force-glacier-transfer`.
fn skip_archived(
    archived: bool,
    src: &S3Path,
    kind: &str,
    opts: &PlanOptions,
    warn: &mut dyn FnMut(String),
) -> bool {
    if !archived || opts.force_glacier_transfer {
        return false;
    }
    if !opts.ignore_glacier_warnings {
        warn(format!(
            "warning: Skipping file {src}. Object is of storage class GLACIER. Unable to perform {kind} operations on GLACIER objects. You must restore the object to be able to perform the operation. See aws s3 {kind} help for additional parameter options to ignore or force these transfers."
        ));
    }
    true
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

/// Receives each planned task in order; an error (the command was interrupted) stops planning.
pub type Emit<'e> = dyn FnMut(Task) -> Result<(), PlanError> + 'e;

/// Objects in key order with their paths relative to a listing prefix.
type Listing<'c> = Box<dyn Iterator<Item = Result<(String, Object), PlanError>> + 'c>;

/// Objects under a recursive S3 source with their paths relative to it, listed a page at a
/// time as they are consumed. When `dest` lies under the source, copying into it would add
/// to the listing being read, so the whole listing is then read first.
fn s3_tree<'c>(
    client: &'c Client,
    root: &S3Path,
    dest: Option<&S3Path>,
    opts: &PlanOptions,
) -> Listing<'c> {
    let prefix = dir_prefix(&root.key);
    let overlaps =
        dest.is_some_and(|d| d.bucket == root.bucket && d.key.starts_with(prefix.as_str()));
    let objects = api::Objects::new(client, &root.bucket, &prefix).page_size(opts.page_size);
    let listed = objects.filter_map(move |o| match o {
        Err(e) => Some(Err(PlanError::Fatal(e))),
        Ok(o) => {
            let rel = o.key.strip_prefix(&prefix)?.to_owned();
            (!rel.is_empty()).then_some(Ok((rel, o)))
        }
    });
    if overlaps {
        Box::new(listed.collect::<Vec<_>>().into_iter())
    } else {
        Box::new(listed)
    }
}

/// The files under a local directory in relative-path order (nothing when it is not one).
fn local_tree(root: &Path, opts: &PlanOptions) -> impl Iterator<Item = Walked> {
    root.is_dir()
        .then(|| local::Walk::new(root, !opts.skip_symlinks))
        .into_iter()
        .flatten()
}

/// Plans `cp` or `mv`, handing each task to `emit` as the source is listed; an S3 source is
/// listed or headed through `source`.
pub fn copy_tasks(
    source: &Client,
    src: &Location,
    dest: &Location,
    dest_text: &str,
    opts: &PlanOptions,
    warn: &mut dyn FnMut(String),
    emit: &mut Emit<'_>,
) -> Result<(), PlanError> {
    let task = |action| Task {
        action,
        moving: opts.moving,
    };
    check_paths(src, dest)?;
    match (src, dest) {
        (Location::Local(p), Location::S3(d)) => {
            if opts.skip_symlinks && local::is_symlink(p) {
                // Left out without a word, as the links under a directory.
            } else if opts.recursive {
                for item in local_tree(p, opts) {
                    match item {
                        Walked::Skipped(line) => warn(line),
                        Walked::File(f) if opts.filters.allows(&f.relative) => {
                            let dest = d.with_key(join_key(&d.key, &f.relative));
                            emit(task(Action::Upload {
                                src: f.path,
                                size: f.size,
                                dest,
                            }))?;
                        }
                        Walked::File(_) => {}
                    }
                }
            } else {
                let meta = match local::inspect(p) {
                    Ok(meta) => meta,
                    Err(reason) => {
                        warn(reason);
                        return Ok(());
                    }
                };
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if meta.is_dir() {
                    let abs = crate::paths::absolute(p);
                    emit(task(Action::Invalid {
                        location: format!("{} to {d}", crate::paths::display_dir(p)),
                        error: format!("[Errno 21] Is a directory: '{}/'", abs.display()),
                    }))?;
                } else if opts.filters.allows(&name) {
                    emit(task(Action::Upload {
                        src: p.clone(),
                        size: meta.len(),
                        dest: d.with_key(single_key(d, &name)),
                    }))?;
                }
            }
        }
        (Location::S3(s), Location::Local(p)) => {
            if opts.recursive {
                for listed in s3_tree(source, s, None, opts) {
                    let (rel, o) = listed?;
                    if rel.ends_with('/') || !opts.filters.allows(&rel) {
                        continue;
                    }
                    let src = s.with_key(o.key);
                    if skip_archived(o.archived, &src, "download", opts, warn) {
                        continue;
                    }
                    if escapes(&rel) {
                        warn(parent_warning(&rel));
                        continue;
                    }
                    emit(task(Action::Download {
                        src,
                        size: o.size,
                        modified: o.modified,
                        dest: local_join(p, &rel),
                    }))?;
                }
            } else {
                let o = head(source, s, &opts.head_extra)?;
                let name = s.basename().to_owned();
                let to_dir = p.is_dir() || dest_text.ends_with('/');
                if opts.filters.allows(&name)
                    && !skip_archived(o.archived, s, "download", opts, warn)
                {
                    emit(task(Action::Download {
                        src: s.clone(),
                        size: o.size,
                        modified: o.modified,
                        dest: if to_dir { p.join(&name) } else { p.clone() },
                    }))?;
                }
            }
        }
        (Location::S3(s), Location::S3(d)) => {
            if opts.recursive {
                for listed in s3_tree(source, s, Some(d), opts) {
                    let (rel, o) = listed?;
                    let src = s.with_key(o.key);
                    if opts.filters.allows(&rel)
                        && !skip_archived(o.archived, &src, "copy", opts, warn)
                    {
                        emit(task(Action::Copy {
                            src,
                            size: o.size,
                            dest: d.with_key(join_key(&d.key, &rel)),
                        }))?;
                    }
                }
            } else {
                let o = head(source, s, &opts.head_extra)?;
                let name = s.basename().to_owned();
                if opts.filters.allows(&name) && !skip_archived(o.archived, s, "copy", opts, warn) {
                    emit(task(Action::Copy {
                        src: s.clone(),
                        size: o.size,
                        dest: d.with_key(single_key(d, &name)),
                    }))?;
                }
            }
        }
        (Location::Local(_), Location::Local(_)) => {}
    }
    Ok(())
}

/// Plans `rm`, handing each delete to `emit` as the objects are listed.
pub fn remove_tasks(
    client: &Client,
    target: &S3Path,
    opts: &PlanOptions,
    emit: &mut Emit<'_>,
) -> Result<(), PlanError> {
    let task = |p| Task {
        action: Action::DeleteS3(p),
        moving: false,
    };
    if !opts.recursive {
        if opts.filters.allows(target.basename()) {
            emit(task(target.clone()))?;
        }
        return Ok(());
    }
    for listed in s3_tree(client, target, None, opts) {
        let (rel, o) = listed?;
        if opts.filters.allows(&rel) {
            emit(task(target.with_key(o.key)))?;
        }
    }
    Ok(())
}

/// One file or object of a side of a sync: size, modification time and full location.
struct Entry {
    size: u64,
    modified: f64,
    location: Location,
    /// An archived object (see [`Object::archived`]).
    archived: bool,
}

/// What one side of a sync lists next.
enum Listed {
    /// A file or object under its relative path.
    Entry(String, Entry),
    /// A local file left out, with its warning.
    Skipped(String),
}

/// One side of a sync in relative-path order, listed as it is consumed.
fn sync_side<'c>(
    client: &'c Client,
    loc: &Location,
    opts: &PlanOptions,
    dest: Option<&S3Path>,
) -> Box<dyn Iterator<Item = Result<Listed, PlanError>> + 'c> {
    match loc {
        Location::Local(p) => Box::new(local_tree(p, opts).map(|item| {
            Ok(match item {
                Walked::Skipped(line) => Listed::Skipped(line),
                Walked::File(f) => Listed::Entry(
                    f.relative,
                    Entry {
                        size: f.size,
                        modified: f.modified,
                        location: Location::Local(f.path),
                        archived: false,
                    },
                ),
            })
        })),
        Location::S3(s) => {
            let root = s.clone();
            Box::new(s3_tree(client, s, dest, opts).map(move |listed| {
                let (rel, o) = listed?;
                let entry = Entry {
                    size: o.size,
                    modified: o.modified,
                    location: Location::S3(root.with_key(o.key)),
                    archived: o.archived,
                };
                Ok(Listed::Entry(rel, entry))
            }))
        }
    }
}

/// The next entry of a side, passing its warnings to `warn`.
fn next_entry(
    side: &mut dyn Iterator<Item = Result<Listed, PlanError>>,
    warn: &mut dyn FnMut(String),
) -> Result<Option<(String, Entry)>, PlanError> {
    for listed in side {
        match listed? {
            Listed::Skipped(line) => warn(line),
            Listed::Entry(rel, entry) => return Ok(Some((rel, entry))),
        }
    }
    Ok(None)
}

/// Whether a source entry must be transferred over the destination's entry `dest`: new
/// files, files whose size differs, and files whose time says the source is newer (for
/// downloads: the local file is newer, or differs with `--exact-timestamps`).
fn sync_needed(source: &Entry, dest: Option<&Entry>, download: bool, opts: &PlanOptions) -> bool {
    match dest {
        None => true,
        Some(d) if d.size != source.size => true,
        Some(_) if opts.size_only => false,
        Some(d) => {
            let delta = d.modified - source.modified;
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
    }
}

/// Plans `sync`, comparing both sides in relative-path order as they are listed and handing
/// each task to `emit`: transfers of new and changed files and, with `--delete`, deletes of
/// destination files missing from the source. The source is listed through `source`, the
/// destination through `dest_client`.
pub fn sync_tasks(
    source: &Client,
    dest_client: &Client,
    src: &Location,
    dest: &Location,
    opts: &PlanOptions,
    warn: &mut dyn FnMut(String),
    emit: &mut Emit<'_>,
) -> Result<(), PlanError> {
    check_paths(src, dest)?;
    let dest_s3 = match dest {
        Location::S3(d) => Some(d),
        Location::Local(_) => None,
    };
    let mut source_side = sync_side(source, src, opts, dest_s3);
    let mut dest_side = sync_side(dest_client, dest, opts, None);
    let download = matches!(src, Location::S3(_)) && matches!(dest, Location::Local(_));
    let mut next_source = next_entry(&mut source_side, warn)?;
    let mut next_dest = next_entry(&mut dest_side, warn)?;
    loop {
        let order = match (&next_source, &next_dest) {
            (None, None) => return Ok(()),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((s, _)), Some((d, _))) => s.cmp(d),
        };
        if order == std::cmp::Ordering::Greater {
            // Only in the destination.
            if let Some((rel, d)) = next_dest.take() {
                if opts.delete && opts.filters.allows(&rel) {
                    let action = match d.location {
                        Location::Local(p) => Action::DeleteLocal(p),
                        Location::S3(o) => Action::DeleteS3(o),
                    };
                    emit(Task {
                        action,
                        moving: false,
                    })?;
                }
            }
            next_dest = next_entry(&mut dest_side, warn)?;
            continue;
        }
        let Some((rel, s)) = next_source.take() else {
            return Ok(());
        };
        let counterpart = if order == std::cmp::Ordering::Equal {
            next_dest.take().map(|(_, d)| d)
        } else {
            None
        };
        let wanted = opts.filters.allows(&rel) && !(download && rel.ends_with('/'));
        if wanted && sync_needed(&s, counterpart.as_ref(), download, opts) {
            let kind = if download { "download" } else { "copy" };
            let archived = match &s.location {
                Location::S3(o) => skip_archived(s.archived, o, kind, opts, warn),
                Location::Local(_) => false,
            };
            if archived {
                // Left out, with its warning unless ignored.
            } else if download && escapes(&rel) {
                warn(parent_warning(&rel));
            } else if let Some(action) = sync_action(s, dest, &rel) {
                emit(Task {
                    action,
                    moving: false,
                })?;
            }
        }
        next_source = next_entry(&mut source_side, warn)?;
        if counterpart.is_some() {
            next_dest = next_entry(&mut dest_side, warn)?;
        }
    }
}

/// The transfer of a sync source entry at `rel` to the destination `dest`.
fn sync_action(source: Entry, dest: &Location, rel: &str) -> Option<Action> {
    Some(match (source.location, dest) {
        (Location::Local(p), Location::S3(d)) => Action::Upload {
            src: p,
            size: source.size,
            dest: d.with_key(join_key(&d.key, rel)),
        },
        (Location::S3(o), Location::Local(d)) => Action::Download {
            src: o,
            size: source.size,
            modified: source.modified,
            dest: local_join(d, rel),
        },
        (Location::S3(o), Location::S3(d)) => Action::Copy {
            src: o,
            size: source.size,
            dest: d.with_key(join_key(&d.key, rel)),
        },
        (Location::Local(_), Location::Local(_)) => return None,
    })
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
