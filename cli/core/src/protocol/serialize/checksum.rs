//! Request checksums: the `httpChecksumRequired` and `httpChecksum` traits add an
//! `x-amz-checksum-<algorithm>` header computed over the body.

use crate::model::{Operation, Shape};
use crate::protocol::{HttpRequest, ProtocolError};
use crate::value::Value;

/// When request checksums are computed (`request_checksum_calculation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChecksumCalculation {
    /// Whenever the operation supports a checksum (the default).
    #[default]
    WhenSupported,
    /// Only when the operation requires one.
    WhenRequired,
}

/// The algorithm of request checksums nobody chose, as botocore 1.36 and later pick it.
const DEFAULT_ALGORITHM: &str = "CRC64NVME";

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
    let value = checksum_base64(&algorithm, &request.body).ok_or_else(|| {
        ProtocolError::InvalidInput(format!("Unsupported checksum algorithm: {algorithm}"))
    })?;
    request
        .headers
        .push((format!("x-amz-checksum-{algorithm}"), value));
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
    crate::checksum::Algorithm::parse(&algorithm.to_ascii_uppercase()).map(|a| a.of(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values() {
        use base64::Engine as _;
        // The standard check input "123456789".
        let data = b"123456789";
        let hex = |algorithm: &str| {
            let value = checksum_base64(algorithm, data).unwrap();
            let raw = base64::engine::general_purpose::STANDARD
                .decode(value)
                .unwrap();
            raw.iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        assert_eq!(hex("crc32"), "cbf43926");
        assert_eq!(hex("crc32c"), "e3069283");
        assert_eq!(hex("crc64nvme"), "ae8b14860a799888");
        assert_eq!(checksum_base64("crc32", b"").as_deref(), Some("AAAAAA=="));
    }
}
