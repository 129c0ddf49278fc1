//! Zips a folder as the AWS CLI v2 does before uploading it (Python's `zipfile` with
//! `ZIP_DEFLATED`): the files of `os.walk(folder, followlinks=True)` in directory order,
//! each with its modification time (local time) and mode, so that the archive, and with it
//! the object's name (the MD5 of its bytes), comes out the same.

use chrono::{Datelike, Timelike};
use flate2::{Compress, Compression, FlushCompress};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// One archive member as its central directory entry records it.
struct Member {
    name: Vec<u8>,
    flags: u16,
    time: u16,
    date: u16,
    crc: u32,
    compressed: u32,
    size: u32,
    external: u32,
    offset: u32,
}

/// The zip archive of every file below `root`.
pub fn zip_folder(root: &Path) -> io::Result<Vec<u8>> {
    let mut files = Vec::new();
    walk(root, &mut files)?;
    let mut out = Vec::new();
    let mut members = Vec::new();
    for path in files {
        let meta = std::fs::metadata(&path)?;
        let data = std::fs::read(&path)?;
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let name = relative.to_string_lossy().into_owned();
        let flags = if name.is_ascii() { 0 } else { 0x800 };
        let (time, date) = dos_time(&meta);
        let compressed = deflate(&data)?;
        let member = Member {
            name: name.into_bytes(),
            flags,
            time,
            date,
            crc: crc32(&data),
            compressed: compressed.len() as u32,
            size: data.len() as u32,
            external: (meta.mode() & 0xFFFF) << 16,
            offset: out.len() as u32,
        };
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0]);
        for v in [member.flags, 8, member.time, member.date] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [member.crc, member.compressed, member.size] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&(member.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&member.name);
        out.extend_from_slice(&compressed);
        members.push(member);
    }
    let directory_start = out.len() as u32;
    for m in &members {
        out.extend_from_slice(b"PK\x01\x02");
        out.extend_from_slice(&[20, 3, 20, 0]);
        for v in [m.flags, 8, m.time, m.date] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [m.crc, m.compressed, m.size] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in [m.name.len() as u16, 0, 0, 0, 0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&m.external.to_le_bytes());
        out.extend_from_slice(&m.offset.to_le_bytes());
        out.extend_from_slice(&m.name);
    }
    let directory_size = out.len() as u32 - directory_start;
    out.extend_from_slice(b"PK\x05\x06");
    let count = members.len() as u16;
    for v in [0u16, 0, count, count] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&directory_size.to_le_bytes());
    out.extend_from_slice(&directory_start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
}

/// `os.walk(top, followlinks=True)`: a folder's files, then each of its folders in turn.
fn walk(top: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(top)? {
        let path = entry?.path();
        if path.is_dir() {
            dirs.push(path);
        } else {
            files.push(path);
        }
    }
    for dir in dirs {
        walk(&dir, files)?;
    }
    Ok(())
}

/// The modification time as MS-DOS time and date fields, in local time.
fn dos_time(meta: &std::fs::Metadata) -> (u16, u16) {
    let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
    let t: chrono::DateTime<chrono::Local> = modified.into();
    let time = ((t.hour() << 11) | (t.minute() << 5) | (t.second() / 2)) as u16;
    let year = (t.year() - 1980).max(0) as u32;
    let date = ((year << 9) | (t.month() << 5) | t.day()) as u16;
    (time, date)
}

/// Raw deflate at zlib's default level, as `zlib.compressobj(-1, DEFLATED, -15)`.
fn deflate(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut c = Compress::new(Compression::new(6), false);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = c.total_in() as usize;
        let status = c
            .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
            .map_err(io::Error::other)?;
        if status == flate2::Status::StreamEnd {
            return Ok(out);
        }
        out.reserve(out.capacity().max(1024));
    }
}

/// CRC-32 (the zip and gzip polynomial).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(data);
    crc.sum()
}

/// Whether `path` is a zip archive (`zipfile.is_zipfile`: it has an end of central
/// directory record).
pub fn is_zip_file(path: &Path) -> bool {
    let Ok(data) = std::fs::read(path) else {
        return false;
    };
    let tail_start = data.len().saturating_sub(22 + 65535);
    data.len() >= 22
        && data[tail_start..]
            .windows(4)
            .any(|w| w == b"PK\x05\x06")
}
