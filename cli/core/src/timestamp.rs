//! Timestamps: the wire formats of the protocols and the forms the CLI accepts and prints.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};

/// A point in time with nanosecond precision, in UTC, remembering the text it was read from.
#[derive(Debug, Clone, Default)]
pub struct Timestamp {
    /// Seconds since the Unix epoch.
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// The text this timestamp was parsed from, if any (`cli_timestamp_format = wire`).
    pub wire: Option<String>,
    /// Whether the wire form was a number (JSON, CBOR and event-stream epoch seconds),
    /// which `cli_timestamp_format = wire` prints as a number, as the AWS CLI does.
    pub wire_is_number: bool,
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.secs == other.secs && self.nanos == other.nanos
    }
}

/// A timestamp text or number that is not a valid timestamp.
#[derive(Debug, Clone, thiserror::Error)]
#[error("invalid timestamp: {0}")]
pub struct TimestampError(pub String);

impl Timestamp {
    /// From whole seconds since the epoch.
    pub fn from_secs(secs: i64) -> Timestamp {
        Timestamp {
            secs,
            nanos: 0,
            wire: None,
            wire_is_number: false,
        }
    }

    /// From fractional seconds since the epoch (rounded to microseconds, as Python does).
    pub fn from_epoch_f64(value: f64) -> Result<Timestamp, TimestampError> {
        if !value.is_finite() {
            return Err(TimestampError(value.to_string()));
        }
        let micros = (value * 1_000_000.0).round() as i64;
        Ok(Timestamp {
            secs: micros.div_euclid(1_000_000),
            nanos: (micros.rem_euclid(1_000_000) * 1000) as u32,
            wire: None,
            wire_is_number: false,
        })
    }

    fn datetime(&self) -> DateTime<Utc> {
        Utc.timestamp_opt(self.secs, self.nanos)
            .single()
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
    }

    /// Seconds since the epoch as a float.
    pub fn epoch_f64(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }

    /// `2015-01-25T08:00:00Z`, with `.fff` milliseconds only when present (the protocols'
    /// `iso8601` wire form).
    pub fn to_iso8601_wire(&self) -> String {
        let dt = self.datetime();
        if self.nanos == 0 {
            dt.to_rfc3339_opts(SecondsFormat::Secs, true)
        } else {
            dt.to_rfc3339_opts(SecondsFormat::Millis, true)
        }
    }

    /// `Sun, 25 Jan 2015 08:00:00 GMT` (the `rfc822` wire form).
    pub fn to_rfc822(&self) -> String {
        self.datetime()
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
    }

    /// How the CLI prints a timestamp by default: `2013-09-17T00:55:03+00:00`, with
    /// microseconds only when present.
    pub fn to_cli_iso8601(&self) -> String {
        let dt = self.datetime();
        let micros = self.nanos / 1000;
        let base = dt.format("%Y-%m-%dT%H:%M:%S").to_string();
        if micros == 0 {
            format!("{base}+00:00")
        } else {
            format!("{base}.{micros:06}+00:00")
        }
    }

    /// Parses any form botocore accepts from the wire or users: ISO 8601 (with or without
    /// offset, fraction, `T`), RFC 822 / HTTP dates, `YYYY-MM-DD`, and epoch seconds.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        let t = text.trim();
        let err = || TimestampError(text.to_owned());
        if let Ok(epoch) = t.parse::<f64>() {
            let mut ts = Timestamp::from_epoch_f64(epoch)?;
            ts.wire = Some(text.to_owned());
            return Ok(ts);
        }
        let dt = parse_datetime(t).ok_or_else(err)?;
        Ok(Timestamp {
            secs: dt.timestamp(),
            nanos: dt.timestamp_subsec_nanos(),
            wire: Some(text.to_owned()),
            wire_is_number: false,
        })
    }
}

fn parse_datetime(t: &str) -> Option<DateTime<Utc>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(dt.with_timezone(&Utc));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(t) {
        return Some(dt.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(t, fmt) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    let naive = t.trim_end_matches('Z').trim_end_matches('z');
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y%m%dT%H%M%S",
        "%a, %d %b %Y %H:%M:%S GMT",
        "%A, %d-%b-%y %H:%M:%S GMT",
        "%a %b %e %H:%M:%S %Y",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(naive, fmt) {
            return Some(dt.and_utc());
        }
    }
    NaiveDate::parse_from_str(naive, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|dt| dt.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        let ts = Timestamp::from_secs(1422172800);
        assert_eq!(ts.to_iso8601_wire(), "2015-01-25T08:00:00Z");
        assert_eq!(ts.to_rfc822(), "Sun, 25 Jan 2015 08:00:00 GMT");
        assert_eq!(ts.to_cli_iso8601(), "2015-01-25T08:00:00+00:00");
        for text in [
            "2015-01-25T08:00:00Z",
            "2015-01-25T08:00:00+00:00",
            "2015-01-25T09:00:00+01:00",
            "Sun, 25 Jan 2015 08:00:00 GMT",
            "1422172800",
            "2015-01-25T08:00:00",
        ] {
            assert_eq!(Timestamp::parse(text).unwrap(), ts, "{text}");
        }
        assert_eq!(
            Timestamp::parse("2015-01-25").unwrap(),
            Timestamp::from_secs(1422144000)
        );
        let frac = Timestamp::parse("2015-01-25T08:00:00.123456Z").unwrap();
        assert_eq!(frac.to_cli_iso8601(), "2015-01-25T08:00:00.123456+00:00");
        assert_eq!(frac.to_iso8601_wire(), "2015-01-25T08:00:00.123Z");
        assert!(Timestamp::parse("yesterday").is_err());
    }
}
