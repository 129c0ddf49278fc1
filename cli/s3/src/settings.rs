//! The `s3` settings of the profile that drive transfers.

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
    /// Tasks planned ahead of the transfers running (`max_queue_size`, 1000): planning waits
    /// while this many are waiting to run, so memory does not grow with the number of files.
    pub max_queue_size: usize,
}

impl Default for TransferSettings {
    fn default() -> Self {
        TransferSettings {
            multipart_threshold: 8 << 20,
            multipart_chunksize: 8 << 20,
            max_concurrent_requests: 10,
            max_bandwidth: None,
            max_queue_size: 1000,
        }
    }
}

fn positive_error(name: &str, value: &str) -> String {
    format!("Value for {name} must be a positive integer: {value}")
}

/// Python's `int(text)`: the value, or Python's message for text that is not an integer.
fn py_int(text: &str) -> Result<i128, String> {
    let value = aws2_params::scalar::to_int(&serde_json::Value::String(text.to_owned()))?;
    value
        .to_string()
        .parse()
        .map_err(|_| format!("integer too large: {text}"))
}

/// The AWS CLI's `human_readable_to_bytes`: `10MB`, `8MiB`, `1024` (any case).
fn human_readable_to_bytes(value: &str) -> Result<i128, String> {
    let lower = value.to_lowercase();
    let suffix_len = if lower.ends_with("ib") { 3 } else { 2 };
    let suffix = lower
        .char_indices()
        .rev()
        .nth(suffix_len - 1)
        .map_or("", |(i, _)| &lower[i..]);
    let multiplier: i128 = match suffix {
        "kb" | "kib" => 1 << 10,
        "mb" | "mib" => 1 << 20,
        "gb" | "gib" => 1 << 30,
        "tb" | "tib" => 1 << 40,
        _ => {
            return py_int(&lower).map_err(|_| format!("Invalid size value: {lower}"));
        }
    };
    let number = &lower[..lower.len() - suffix.len()];
    py_int(number).map(|n| n * multiplier)
}

/// `max_bandwidth`, as the AWS CLI v2 reads it: bytes per second as an integer (`10485760`), a
/// size followed by `B/s` (`10MB/s`, `1024B/s`) or bits per second (`10Mb/s`).
fn human_readable_rate(value: &str) -> Result<i128, String> {
    let per_second = |rate: &str| {
        let unit = &rate[..rate.len() - 3];
        match py_int(unit) {
            Ok(n) => Ok(n),
            Err(_) => human_readable_to_bytes(&rate[..rate.len() - 2]),
        }
    };
    if value.ends_with("B/s") {
        per_second(value)
    } else if value.ends_with("b/s") {
        per_second(value).map(|bits| bits / 8)
    } else if let Ok(n) = py_int(value) {
        Ok(n)
    } else {
        Err(format!(
            "Invalid rate: {value}. The value must be expressed as an integer in terms of bytes per second (e.g. 10485760) or a rate in terms of bytes per second (e.g. 10MB/s or 800KB/s) or bits per second (e.g. 10Mb/s or 800Kb/s)"
        ))
    }
}

/// Smallest part S3 accepts (except the last).
const MIN_PART: u64 = 5 << 20;
/// Most parts S3 accepts in one upload.
const MAX_PARTS: u64 = 10_000;

impl TransferSettings {
    /// Reads the settings through `lookup` (a key of the `s3` section to its value), checked
    /// and converted as the AWS CLI does: sizes with an optional KB/MB/GB/TB (or KiB/…) suffix,
    /// `max_bandwidth` as a rate (`10MB/s`), every value a positive integer. The error is the
    /// AWS CLI's message.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let threshold = lookup("multipart_threshold")
            .map(|v| human_readable_to_bytes(&v))
            .transpose()?;
        let chunksize = lookup("multipart_chunksize")
            .map(|v| human_readable_to_bytes(&v))
            .transpose()?;
        let bandwidth = lookup("max_bandwidth")
            .map(|v| human_readable_rate(&v))
            .transpose()?;
        let positive = |name: &str, value: i128| {
            u64::try_from(value)
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| positive_error(name, &value.to_string()))
        };
        let count = |name: &str| -> Result<Option<u64>, String> {
            lookup(name)
                .map(|v| {
                    py_int(&v)
                        .ok()
                        .and_then(|n| u64::try_from(n).ok())
                        .filter(|n| *n > 0)
                        .ok_or_else(|| positive_error(name, &v))
                })
                .transpose()
        };
        let mut s = TransferSettings::default();
        if let Some(v) = chunksize {
            // Parts smaller than S3 accepts are raised to the smallest it accepts.
            s.multipart_chunksize = positive("multipart_chunksize", v)?.max(MIN_PART);
        }
        if let Some(v) = threshold {
            s.multipart_threshold = positive("multipart_threshold", v)?;
        }
        if let Some(v) = count("max_concurrent_requests")? {
            s.max_concurrent_requests = usize::try_from(v).unwrap_or(usize::MAX);
        }
        if let Some(v) = count("max_queue_size")? {
            s.max_queue_size = usize::try_from(v).unwrap_or(usize::MAX);
        }
        if let Some(v) = bandwidth {
            s.max_bandwidth = Some(positive("max_bandwidth", v)?);
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
            "max_queue_size" => Some("5".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.multipart_threshold, 16 << 20);
        assert_eq!(s.multipart_chunksize, 8 << 20);
        assert_eq!(s.max_concurrent_requests, 4);
        assert_eq!(s.max_bandwidth, Some(2 << 20));
        assert_eq!(s.max_queue_size, 5);
        let error = |key: &str, value: &str| {
            TransferSettings::from_lookup(|k| (k == key).then(|| value.to_owned())).unwrap_err()
        };
        assert_eq!(
            error("max_concurrent_requests", "abc"),
            "Value for max_concurrent_requests must be a positive integer: abc"
        );
        assert_eq!(
            error("max_queue_size", "0"),
            "Value for max_queue_size must be a positive integer: 0"
        );
        assert_eq!(error("multipart_chunksize", "1X"), "Invalid size value: 1x");
        assert_eq!(
            error("multipart_threshold", "-5MB"),
            "Value for multipart_threshold must be a positive integer: -5242880"
        );
        assert_eq!(
            error("multipart_threshold", "1.5MB"),
            "invalid literal for int() with base 10: '1.5'"
        );
        assert!(error("max_bandwidth", "fast").starts_with("Invalid rate: fast. The value"));
        let rate = |value: &str| {
            TransferSettings::from_lookup(|k| (k == "max_bandwidth").then(|| value.to_owned()))
                .unwrap()
                .max_bandwidth
        };
        assert_eq!(rate("1000B/s"), Some(1000));
        assert_eq!(rate("10485760"), Some(10485760));
        assert_eq!(rate("8Mb/s"), Some(1 << 20));
        let chunk =
            TransferSettings::from_lookup(|k| (k == "multipart_chunksize").then(|| "1".into()));
        assert_eq!(
            chunk.unwrap().multipart_chunksize,
            5 << 20,
            "raised to S3's smallest part"
        );
        assert_eq!(s.part_size(1 << 40), 128 << 20);
        assert!(s.is_multipart(16 << 20) && !s.is_multipart((16 << 20) - 1));
    }
}
