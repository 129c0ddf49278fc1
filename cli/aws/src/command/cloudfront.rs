//! `aws cloudfront sign`, beside the operations of the CloudFront API: a signed URL for
//! private content. With only `--date-less-than` it carries the canned policy's `Expires`;
//! with `--date-greater-than` or `--ip-address` a custom `Policy`. Either way the policy is
//! signed with the key pair's RSA private key (PKCS#1 v1.5 over SHA-1) and the URL gets
//! `Signature` and `Key-Pair-Id`, in CloudFront's URL-safe base64.

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha1::{Digest, Sha1};

/// A date option's help: its lead, then the date formats it reads.
macro_rules! date_doc {
    ($lead:literal) => {
        concat!(
            $lead,
            " Supported formats include: YYYY-MM-DD (which means 0AM UTC of that day), \
             YYYY-MM-DDThh:mm:ss (with default timezone as UTC), YYYY-MM-DDThh:mm:ss+hh:mm or \
             YYYY-MM-DDThh:mm:ss-hh:mm (with offset), or EpochTime (which always means UTC). Do \
             NOT use YYYYMMDD, because it will be treated as EpochTime."
        )
    };
}

/// The `cloudfront` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "cloudfront",
    description: "Amazon CloudFront, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "sign",
        description: "Sign a given url.",
        options: &[
            O::value("url", "The URL to be signed").required(),
            O::value(
                "key-pair-id",
                "The active CloudFront key pair Id for the key pair that you're using to generate the signature.",
            )
            .required(),
            O::value("private-key", "file://path/to/your/private-key.pem").required(),
            O::value(
                "date-less-than",
                date_doc!("The expiration date and time for the URL."),
            )
            .required(),
            O::value(
                "date-greater-than",
                date_doc!("An optional start date and time for the URL."),
            ),
            O::value(
                "ip-address",
                "An optional IP address or IP address range to allow client making the GET request from. Format: x.x.x.x/x or x.x.x.x",
            ),
        ],
    }],
};

/// Runs `aws cloudfront sign` (`words` from `cloudfront` on).
pub fn run(_globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP.command("sign").expect("cloudfront sign is declared");
    let args = custom::parse(spec, &words[2..])?;
    // Every option but the URL may be read from a parameter file.
    let url = args.value("url").unwrap_or_default().to_owned();
    let key_pair_id = param(&args, "key-pair-id")?.unwrap_or_default();
    let private_key = param(&args, "private-key")?.unwrap_or_default();
    let less_than = param(&args, "date-less-than")?.unwrap_or_default();
    let greater_than = param(&args, "date-greater-than")?;
    let ip_address = param(&args, "ip-address")?;
    let key = private_key_of(&private_key)?;
    let expires = epoch_seconds(&less_than)?;
    let starts = greater_than.as_deref().map(epoch_seconds).transpose()?;
    let custom = starts.is_some() || ip_address.is_some();
    let policy = policy(&url, expires, starts, ip_address.as_deref());
    let signature = key
        .sign(Pkcs1v15Sign::new::<Sha1>(), &Sha1::digest(policy.as_bytes()))
        .map_err(|e| CliError::other(e.to_string()))?;
    let first = match custom {
        true => format!("Policy={}", url_base64(policy.as_bytes())),
        false => format!("Expires={expires}"),
    };
    let separator = if url.contains('?') { '&' } else { '?' };
    let signed = format!(
        "{url}{separator}{first}&Signature={}&Key-Pair-Id={key_pair_id}",
        url_base64(&signature)
    );
    use std::io::Write;
    let mut out = std::io::stdout();
    out.write_all(signed.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| CliError::other(e.to_string()))?;
    Ok(0)
}

/// An option's value, the contents of the file a `file://` or `fileb://` value names.
fn param(args: &crate::args::argparse::Parsed, name: &str) -> Result<Option<String>, CliError> {
    use aws2_params::ParamFileContent;
    let Some(value) = args.value(name) else {
        return Ok(None);
    };
    match aws2_params::paramfile::load(value) {
        Ok(Some(ParamFileContent::Text(text))) => Ok(Some(text)),
        Ok(Some(ParamFileContent::Binary(bytes))) => {
            Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
        }
        Ok(None) => Ok(Some(value.to_owned())),
        Err(e) => Err(CliError::Validation(format!(
            "Error parsing parameter '--{name}': {e}"
        ))),
    }
}

/// The RSA key of a PEM text (PKCS#1 or PKCS#8), refused with the CRT library's message.
fn private_key_of(pem: &str) -> Result<RsaPrivateKey, CliError> {
    RsaPrivateKey::from_pkcs1_pem(pem)
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
        .map_err(|_| {
            CliError::other("1179 (AWS_ERROR_PEM_MALFORMED): Malformed PEM object encountered.")
        })
}

/// A date option as whole epoch seconds (truncated toward zero, as Python's `int`), read as
/// botocore reads timestamps; a date without an offset is UTC.
fn epoch_seconds(text: &str) -> Result<i64, CliError> {
    let ts = aws2_core::Timestamp::parse(text).map_err(|_| {
        // dateutil's two complaints: nothing at all, or nothing it can read.
        let why = match text.trim().is_empty() {
            true => "String does not contain a date",
            false => "Unknown string format",
        };
        CliError::other(format!("Invalid timestamp \"{text}\": {why}: {text}"))
    })?;
    Ok(match ts.secs < 0 && ts.nanos > 0 {
        true => ts.secs + 1,
        false => ts.secs,
    })
}

/// The policy statement signed, as botocore's `CloudFrontSigner.build_policy` writes it:
/// compact JSON, the conditions in the order `DateLessThan`, `IpAddress` (a lone address is
/// a `/32` range), `DateGreaterThan`.
fn policy(url: &str, expires: i64, starts: Option<i64>, ip_address: Option<&str>) -> String {
    use aws2_text::json::{string, Escape};
    let mut condition = format!("{{\"DateLessThan\":{{\"AWS:EpochTime\":{expires}}}");
    if let Some(ip) = ip_address.filter(|ip| !ip.is_empty()) {
        let range = match ip.contains('/') {
            true => ip.to_owned(),
            false => format!("{ip}/32"),
        };
        condition.push_str(&format!(
            ",\"IpAddress\":{{\"AWS:SourceIp\":{}}}",
            string(&range, Escape::Ascii)
        ));
    }
    if let Some(starts) = starts {
        condition.push_str(&format!(
            ",\"DateGreaterThan\":{{\"AWS:EpochTime\":{starts}}}"
        ));
    }
    format!(
        "{{\"Statement\":[{{\"Resource\":{},\"Condition\":{condition}}}}}]}}",
        string(url, Escape::Ascii)
    )
}

/// Base64 with CloudFront's substitutions: `+` as `-`, `=` as `_`, `/` as `~`.
fn url_base64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(data)
        .chars()
        .map(|c| match c {
            '+' => '-',
            '=' => '_',
            '/' => '~',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_are_compact_json_in_botocore_order() {
        assert_eq!(
            policy("https://d.net/a", 10, None, None),
            r#"{"Statement":[{"Resource":"https://d.net/a","Condition":{"DateLessThan":{"AWS:EpochTime":10}}}]}"#
        );
        assert_eq!(
            policy("https://d.net/é", 10, Some(5), Some("10.0.0.1")),
            r#"{"Statement":[{"Resource":"https://d.net/\u00e9","Condition":{"DateLessThan":{"AWS:EpochTime":10},"IpAddress":{"AWS:SourceIp":"10.0.0.1/32"},"DateGreaterThan":{"AWS:EpochTime":5}}}]}"#
        );
        assert!(!policy("u", 1, None, Some("")).contains("IpAddress"));
        assert_eq!(url_base64(&[0xfb, 0xff]), "-~8_");
    }

    #[test]
    fn dates_are_epoch_seconds() {
        assert_eq!(epoch_seconds("2030-01-01").unwrap(), 1_893_456_000);
        assert_eq!(
            epoch_seconds("2030-01-01T10:00:00+02:00").unwrap(),
            1_893_484_800
        );
        assert_eq!(epoch_seconds("1700000000").unwrap(), 1_700_000_000);
        assert!(epoch_seconds("bogus").is_err());
    }
}
