//! ISO 8601 timestamps as credential sources write them (`2024-01-02T03:04:05Z`,
//! `...+00:00`, fractional seconds, botocore's cache form `...UTC`).

use aws2_text::calendar::{days_from_civil, DateTime};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Parse an ISO 8601 date-time; `None` when it is not one.
pub fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| t.get(r)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let mut rest = &t[19..];
    let mut nanos: u32 = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        let padded: String = digits.chars().chain("000000000".chars()).take(9).collect();
        nanos = padded.parse().ok()?;
        rest = &frac[digits.len()..];
    }
    let offset_secs: i64 = match rest {
        "" | "Z" | "z" | "UTC" | "GMT" | "+00:00" | "-00:00" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(year, month as u32, day as u32);
    let secs = days * 86400 + hour * 3600 + min * 60 + sec - offset_secs;
    if secs < 0 {
        return None;
    }
    Some(UNIX_EPOCH + Duration::new(secs as u64, nanos))
}

/// `2024-01-02T03:04:05Z`.
pub fn format_iso8601(time: SystemTime) -> String {
    let (date, clock) = split(time);
    format!("{date}T{clock}Z")
}

/// `2024-01-02T03:04:05+00:00`, as Python's `datetime.isoformat()` writes a UTC time.
pub fn format_isoformat(time: SystemTime) -> String {
    let (date, clock) = split(time);
    format!("{date}T{clock}+00:00")
}

/// `2024-01-02T03:04:05UTC`, the form botocore's JSON cache writes.
pub fn format_cache(time: SystemTime) -> String {
    let (date, clock) = split(time);
    format!("{date}T{clock}UTC")
}

fn split(time: SystemTime) -> (String, String) {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let t = DateTime::from_epoch(secs);
    (t.date(), t.clock())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = parse_iso8601("2024-02-29T12:34:56Z").unwrap();
        assert_eq!(format_iso8601(t), "2024-02-29T12:34:56Z");
        assert_eq!(parse_iso8601("2024-02-29T14:34:56+02:00"), Some(t));
        assert_eq!(parse_iso8601("2024-02-29T12:34:56UTC"), Some(t));
        assert!(parse_iso8601("yesterday").is_none());
    }
}
