//! When a CodeArtifact login expires, as the AWS CLI words it: the time left in calendar
//! units (`12 hours`, `1 year and 1 month`: the first unit that is not zero and the one after
//! it when that is not zero either, from 30 seconds past the time left) and the moment
//! itself in local time as Python prints a datetime (`2026-12-04 01:08:24+00:00`).

use chrono::{DateTime, Datelike, Local, Months, NaiveDateTime, Utc};

/// The expiry moment from epoch seconds, at Python's microsecond rounding.
pub fn moment(epoch: f64) -> Option<DateTime<Utc>> {
    let whole = epoch.trunc();
    let mut micros = ((epoch - whole) * 1e6).round_ties_even() as i64;
    let mut secs = whole as i64;
    if micros >= 1_000_000 {
        secs += 1;
        micros -= 1_000_000;
    } else if micros < 0 {
        secs -= 1;
        micros += 1_000_000;
    }
    DateTime::from_timestamp(secs, (micros * 1000) as u32)
}

/// The moment in local time, as `str()` of a Python datetime with an offset.
pub fn local_text(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    let base = local.format("%Y-%m-%d %H:%M:%S").to_string();
    let micros = local.timestamp_subsec_micros();
    let fraction = if micros == 0 {
        String::new()
    } else {
        format!(".{micros:06}")
    };
    let offset = local.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    let mut zone = format!("{sign}{:02}:{:02}", offset / 3600, offset / 60 % 60);
    if offset % 60 != 0 {
        zone.push_str(&format!(":{:02}", offset % 60));
    }
    format!("{base}{fraction}{zone}")
}

/// The calendar difference `later - earlier` (dateutil's `relativedelta`), plus 30 seconds,
/// as years, months, days, hours and minutes.
fn difference(later: NaiveDateTime, earlier: NaiveDateTime) -> [i64; 5] {
    let mut months = i64::from(later.year() - earlier.year()) * 12
        + i64::from(later.month()) - i64::from(earlier.month());
    let shifted = |months: i64| -> NaiveDateTime {
        let by = Months::new(months.unsigned_abs().min(u32::MAX as u64) as u32);
        let moved = if months >= 0 {
            earlier.checked_add_months(by)
        } else {
            earlier.checked_sub_months(by)
        };
        moved.unwrap_or(earlier)
    };
    let mut at = shifted(months);
    let step = if later < earlier { 1 } else { -1 };
    while (step == 1 && later > at) || (step == -1 && later < at) {
        months += step;
        at = shifted(months);
    }
    let delta = later - at;
    let mut micros = delta.num_microseconds().unwrap_or(0) + 30_000_000;
    // Carries toward days, truncating toward zero as relativedelta does.
    let mut seconds = carry(&mut micros, 1_000_000);
    let mut minutes = carry(&mut seconds, 60);
    let mut hours = carry(&mut minutes, 60);
    let days = carry(&mut hours, 24);
    [months / 12, months % 12, days, hours, minutes]
}

/// Splits `amount` into whole `unit`s (returned) and what is left (kept), truncating
/// toward zero.
fn carry(amount: &mut i64, unit: i64) -> i64 {
    let whole = *amount / unit;
    *amount %= unit;
    whole
}

/// "12 hours", "1 year and 1 month", "" when less than a minute is left.
pub fn remaining_text(expiry: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let fields = difference(expiry.naive_utc(), now.naive_utc());
    let names = ["year", "month", "day", "hour", "minute"];
    let mut words: Vec<String> = Vec::new();
    let mut previous = false;
    for (value, name) in fields.iter().zip(names) {
        if *value > 0 {
            if previous {
                words.push("and".to_owned());
            }
            words.push(value.to_string());
            words.push(if *value == 1 {
                name.to_owned()
            } else {
                format!("{name}s")
            });
        }
        if previous {
            break;
        }
        previous = *value > 0;
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_time_left_names_two_units_at_most() {
        let now = at("2026-12-03T12:00:00Z");
        assert_eq!(remaining_text(at("2026-12-04T00:00:00Z"), now), "12 hours");
        assert_eq!(remaining_text(at("2026-12-03T23:59:31Z"), now), "12 hours");
        assert_eq!(
            remaining_text(at("2026-12-04T00:10:00Z"), now),
            "12 hours and 10 minutes"
        );
        assert_eq!(
            remaining_text(at("2028-01-07T17:00:00Z"), now),
            "1 year and 1 month"
        );
        assert_eq!(remaining_text(at("2027-12-08T12:00:00Z"), now), "1 year");
        assert_eq!(remaining_text(at("2026-12-03T12:00:10Z"), now), "");
        assert_eq!(remaining_text(at("2026-12-01T12:00:00Z"), now), "");
        assert_eq!(
            remaining_text(at("2027-03-01T13:00:00Z"), at("2027-01-31T12:00:00Z")),
            "1 month and 1 day"
        );
    }

    #[test]
    fn moments_round_to_microseconds_as_python_does() {
        let m = moment(1_796_342_400.5).unwrap();
        assert_eq!(m.timestamp_subsec_micros(), 500_000);
        assert_eq!(moment(1.25).unwrap().timestamp_subsec_micros(), 250_000);
    }
}
