//! Request checksums: the `httpChecksumRequired` and `httpChecksum` traits add an
//! `x-amz-checksum-<algorithm>` header computed over the body.

use super::text::base64;
use crate::model::{Operation, Shape};
use crate::protocol::{HttpRequest, ProtocolError};
use crate::value::Value;
use sha2::Digest;

/// When request checksums are computed (`request_checksum_calculation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChecksumCalculation {
    /// Whenever the operation supports a checksum (the default).
    #[default]
    WhenSupported,
    /// Only when the operation requires one.
    WhenRequired,
}

const DEFAULT_ALGORITHM: &str = "CRC32";

/// Adds the checksum header the operation asks for, unless one is already present.
pub(crate) fn apply(
    operation: &Operation,
    input_shape: Option<&Shape>,
    input: &Value,
    request: &mut HttpRequest,
    calculation: ChecksumCalculation,
) -> Result<(), ProtocolError> {
    if request.headers.iter().any(|(k, _)| is_checksum_header(k)) {
        return Ok(());
    }
    let trait_json = operation.http_checksum.as_ref();
    let required = operation.http_checksum_required
        || trait_json
            .and_then(|t| t.get("requestChecksumRequired"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
    let algorithm_member = trait_json
        .and_then(|t| t.get("requestAlgorithmMember"))
        .and_then(serde_json::Value::as_str);
    let chosen = algorithm_member
        .and_then(|m| input.get(m))
        .and_then(Value::as_str);
    let algorithm = if let Some(chosen) = chosen {
        chosen.to_ascii_lowercase()
    } else if required
        || (algorithm_member.is_some() && calculation == ChecksumCalculation::WhenSupported)
    {
        // Announce the defaulted algorithm in the algorithm member's header.
        let header =
            algorithm_member.and_then(|m| input_shape?.members.get(m)?.location_name.clone());
        if let Some(header) = header {
            request
                .headers
                .retain(|(k, _)| !k.eq_ignore_ascii_case(&header));
            request.headers.push((header, DEFAULT_ALGORITHM.into()));
        }
        DEFAULT_ALGORITHM.to_ascii_lowercase()
    } else {
        return Ok(());
    };
    let digest = digest(&algorithm, &request.body).ok_or_else(|| {
        ProtocolError::InvalidInput(format!("Unsupported checksum algorithm: {algorithm}"))
    })?;
    request
        .headers
        .push((format!("x-amz-checksum-{algorithm}"), base64(&digest)));
    Ok(())
}

fn is_checksum_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("x-amz-checksum-")
        && !matches!(
            lower.as_str(),
            "x-amz-checksum-algorithm" | "x-amz-checksum-mode" | "x-amz-checksum-type"
        )
}

/// The base64 checksum of `body` with a named algorithm (`crc32`, `sha256`, …; any case), as
/// the `x-amz-checksum-<algorithm>` header carries it; `None` for an unknown algorithm.
pub fn checksum_base64(algorithm: &str, body: &[u8]) -> Option<String> {
    digest(&algorithm.to_ascii_lowercase(), body).map(|d| base64(&d))
}

/// The digest of `body` with a named algorithm (lowercase), if supported.
pub(crate) fn digest(algorithm: &str, body: &[u8]) -> Option<Vec<u8>> {
    Some(match algorithm {
        "crc32" => crc32fast::hash(body).to_be_bytes().to_vec(),
        "crc32c" => crc32c(body).to_be_bytes().to_vec(),
        "crc64nvme" => crc64nvme(body).to_be_bytes().to_vec(),
        "sha1" => sha1::Sha1::digest(body).to_vec(),
        "sha256" => sha2::Sha256::digest(body).to_vec(),
        "sha512" => sha2::Sha512::digest(body).to_vec(),
        _ => return None,
    })
}

fn crc32c(data: &[u8]) -> u32 {
    const POLY: u32 = 0x82F6_3B78;
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn crc64nvme(data: &[u8]) -> u64 {
    const POLY: u64 = 0x9A6C_9329_AC4B_C9B5;
    let mut crc = !0u64;
    for &b in data {
        crc ^= u64::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ POLY
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values() {
        // The standard check input "123456789".
        let data = b"123456789";
        assert_eq!(crc32fast::hash(data), 0xCBF4_3926);
        assert_eq!(crc32c(data), 0xE306_9283);
        assert_eq!(crc64nvme(data), 0xAE8B_1486_0A79_9888);
        assert_eq!(base64(&digest("crc32", b"").unwrap()), "AAAAAA==");
    }
}
