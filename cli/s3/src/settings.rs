//! The `s3` settings of the profile that drive transfers.

use crate::format::parse_size;

/// Transfer tuning, from the profile's `s3` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferSettings {
    /// Files at least this large use multipart transfers (`multipart_threshold`, 8 MiB).
    pub multipart_threshold: u64,
    /// Part size of multipart transfers (`multipart_chunksize`, 8 MiB).
    pub multipart_chunksize: u64,
    /// Requests in flight at once (`max_concurrent_requests`, 10).
    pub max_concurrent_requests: usize,
    /// Bytes per second across all transfers (`max_bandwidth`, unlimited).
    pub max_bandwidth: Option<u64>,
}

impl Default for TransferSettings {
    fn default() -> Self {
        TransferSettings {
            multipart_threshold: 8 << 20,
            multipart_chunksize: 8 << 20,
            max_concurrent_requests: 10,
            max_bandwidth: None,
        }
    }
}

/// Smallest part S3 accepts (except the last).
const MIN_PART: u64 = 5 << 20;
/// Most parts S3 accepts in one upload.
const MAX_PARTS: u64 = 10_000;

impl TransferSettings {
    /// Reads the settings through `lookup` (a key of the `s3` section to its value); values
    /// that cannot be parsed are reported as an error naming the key.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut s = TransferSettings::default();
        let size = |key: &str| -> Result<Option<u64>, String> {
            lookup(key)
                .map(|v| parse_size(&v).ok_or_else(|| format!("Invalid value for {key}: {v}")))
                .transpose()
        };
        if let Some(v) = size("multipart_threshold")? {
            s.multipart_threshold = v;
        }
        if let Some(v) = size("multipart_chunksize")? {
            s.multipart_chunksize = v.max(MIN_PART);
        }
        if let Some(v) = lookup("max_concurrent_requests") {
            s.max_concurrent_requests = v
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("Invalid value for max_concurrent_requests: {v}"))?;
        }
        if let Some(v) = lookup("max_bandwidth") {
            s.max_bandwidth = Some(
                crate::bandwidth::parse_rate(&v)
                    .ok_or_else(|| format!("Invalid value for max_bandwidth: {v}"))?,
            );
        }
        Ok(s)
    }

    /// The part size for an object of `size` bytes: the chunk size, grown so that the
    /// object fits in 10,000 parts.
    pub fn part_size(&self, size: u64) -> u64 {
        let mut part = self.multipart_chunksize.max(1);
        while size.div_ceil(part) > MAX_PARTS {
            part *= 2;
        }
        part
    }

    /// Whether an object of `size` bytes is transferred in parts.
    pub fn is_multipart(&self, size: u64) -> bool {
        size >= self.multipart_threshold
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings() {
        let s = TransferSettings::from_lookup(|k| match k {
            "multipart_threshold" => Some("16MB".into()),
            "max_concurrent_requests" => Some("4".into()),
            "max_bandwidth" => Some("2MB/s".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.multipart_threshold, 16 << 20);
        assert_eq!(s.multipart_chunksize, 8 << 20);
        assert_eq!(s.max_concurrent_requests, 4);
        assert_eq!(s.max_bandwidth, Some(2 << 20));
        assert!(TransferSettings::from_lookup(|_| Some("x".into())).is_err());
        assert_eq!(s.part_size(1 << 40), 128 << 20);
        assert!(s.is_multipart(16 << 20) && !s.is_multipart((16 << 20) - 1));
    }
}
