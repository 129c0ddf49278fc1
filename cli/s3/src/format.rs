//! Text the `s3` commands print: dates as `YYYY-MM-DD HH:MM:SS`, sizes in bytes or human-readable
//! units, and the parsing of size settings such as `8MB`.

/// `YYYY-MM-DD HH:MM:SS` in the local time zone for seconds since the epoch, as the Python
/// CLI prints `LastModified` and `CreationDate`.
pub fn date_time(epoch_secs: i64) -> String {
    use chrono::TimeZone;
    match chrono::Local.timestamp_opt(epoch_secs, 0) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Y-%m-%d %H:%M:%S").to_string()
        }
        chrono::LocalResult::None => date_time_utc(epoch_secs),
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC for seconds since the epoch.
pub fn date_time_utc(epoch_secs: i64) -> String {
    let t = aws2_text::calendar::DateTime::from_epoch(epoch_secs);
    format!("{} {}", t.date(), t.clock())
}

const SUFFIXES: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// A size as the Python CLI's `human_readable_size` writes it (`1 Byte`, `10 Bytes`, `1.5 KiB`).
pub fn human_size(bytes: u64) -> String {
    if bytes == 1 {
        return "1 Byte".into();
    }
    if bytes < 1024 {
        return format!("{bytes} Bytes");
    }
    let value = bytes as f64;
    for (i, suffix) in SUFFIXES.iter().enumerate() {
        let unit = 1024f64.powi(i as i32 + 2);
        if round_half_even(value / unit * 1024.0) < 1024.0 {
            return format!("{:.1} {suffix}", 1024.0 * value / unit);
        }
    }
    format!("{:.1} EiB", value / 1024f64.powi(6))
}

fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - x.signum()
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_sizes() {
        assert_eq!(date_time_utc(0), "1970-01-01 00:00:00");
        assert_eq!(date_time_utc(1_700_000_000), "2023-11-14 22:13:20");
        assert_eq!(date_time_utc(951_825_600), "2000-02-29 12:00:00");
        assert_eq!(date_time(1_700_000_000).len(), 19);
        assert_eq!(human_size(1_048_063), "1023.5 KiB");
        assert_eq!(human_size(1_048_064), "1.0 MiB");
        assert_eq!(human_size(5_767_167), "5.5 MiB");
        assert_eq!(human_size(0), "0 Bytes");
        assert_eq!(human_size(1), "1 Byte");
        assert_eq!(human_size(1023), "1023 Bytes");
        assert_eq!(human_size(1024), "1.0 KiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(1_048_575), "1.0 MiB");
        assert_eq!(human_size(20 << 20), "20.0 MiB");
    }
}
