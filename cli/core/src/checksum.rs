//! Flexible checksums: the algorithms AWS accepts (`x-amz-checksum-<algorithm>`), their
//! member names, and hashers that produce the base64 of each digest as services send and
//! expect it. Used by the serializer for request checksums and by the `s3` transfers.

use base64::Engine as _;
use sha2::Digest as _;

/// A checksum algorithm of `--checksum-algorithm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// CRC-32 (ISO-HDLC), the default of uploads.
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
    /// XXH64.
    Xxhash64,
    /// XXH3, 64 bits.
    Xxhash3,
    /// XXH3, 128 bits.
    Xxhash128,
}

/// The choices of `--checksum-algorithm`, in the AWS CLI's order.
pub const CHOICES: &[&str] = &[
    "CRC64NVME",
    "CRC32",
    "SHA256",
    "SHA1",
    "CRC32C",
    "SHA512",
    "XXHASH64",
    "XXHASH3",
    "XXHASH128",
];

/// Response checksums in the order they are preferred for checking a download.
pub const VALIDATION_ORDER: [Algorithm; 9] = [
    Algorithm::Xxhash128,
    Algorithm::Xxhash3,
    Algorithm::Crc64Nvme,
    Algorithm::Xxhash64,
    Algorithm::Crc32c,
    Algorithm::Crc32,
    Algorithm::Sha1,
    Algorithm::Sha256,
    Algorithm::Sha512,
];

impl Algorithm {
    /// The algorithm of a `ChecksumAlgorithm` value (`CRC32`, `SHA256`, …).
    pub fn parse(name: &str) -> Option<Algorithm> {
        Some(match name {
            "CRC32" => Algorithm::Crc32,
            "CRC32C" => Algorithm::Crc32c,
            "CRC64NVME" => Algorithm::Crc64Nvme,
            "SHA1" => Algorithm::Sha1,
            "SHA256" => Algorithm::Sha256,
            "SHA512" => Algorithm::Sha512,
            "XXHASH64" => Algorithm::Xxhash64,
            "XXHASH3" => Algorithm::Xxhash3,
            "XXHASH128" => Algorithm::Xxhash128,
            _ => return None,
        })
    }

    /// The `ChecksumAlgorithm` value.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
            Algorithm::Xxhash64 => "XXHASH64",
            Algorithm::Xxhash3 => "XXHASH3",
            Algorithm::Xxhash128 => "XXHASH128",
        }
    }

    /// The input and output member holding the checksum (`ChecksumCRC32`, …).
    pub fn member(self) -> String {
        format!("Checksum{}", self.name())
    }

    /// Whether a multipart upload with this algorithm must use a full-object checksum
    /// (`ChecksumType` `FULL_OBJECT`) rather than a checksum of the part checksums.
    pub fn full_object_only(self) -> bool {
        self == Algorithm::Crc64Nvme
    }

    /// A hasher for this algorithm.
    pub fn hasher(self) -> Hasher {
        Hasher(match self {
            Algorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            Algorithm::Crc32c => {
                State::Crc(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc32Iscsi), 4)
            }
            Algorithm::Crc64Nvme => {
                State::Crc(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc64Nvme), 8)
            }
            Algorithm::Sha1 => State::Sha1(sha1::Sha1::new()),
            Algorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
            Algorithm::Sha512 => State::Sha512(sha2::Sha512::new()),
            Algorithm::Xxhash64 => State::Xxh64(xxhash_rust::xxh64::Xxh64::new(0)),
            Algorithm::Xxhash3 => State::Xxh3(Box::default(), false),
            Algorithm::Xxhash128 => State::Xxh3(Box::default(), true),
        })
    }

    /// The base64 checksum of `data`.
    pub fn of(self, data: &[u8]) -> String {
        let mut h = self.hasher();
        h.update(data);
        h.finish()
    }
}

/// An incremental checksum.
pub struct Hasher(State);

enum State {
    Crc32(crc32fast::Hasher),
    /// A CRC and the width of its value in bytes.
    Crc(crc_fast::Digest, usize),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
    Xxh64(xxhash_rust::xxh64::Xxh64),
    /// XXH3 and whether the 128-bit digest is wanted.
    Xxh3(Box<xxhash_rust::xxh3::Xxh3>, bool),
}

impl Hasher {
    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            State::Crc32(h) => h.update(data),
            State::Crc(h, _) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha512(h) => h.update(data),
            State::Xxh64(h) => h.update(data),
            State::Xxh3(h, _) => h.update(data),
        }
    }

    /// The base64 of the digest (big-endian for the CRCs and XXH values).
    pub fn finish(self) -> String {
        let digest: Vec<u8> = match self.0 {
            State::Crc32(h) => h.finalize().to_be_bytes().to_vec(),
            State::Crc(h, width) => h.finalize().to_be_bytes()[8 - width..].to_vec(),
            State::Sha1(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Sha512(h) => h.finalize().to_vec(),
            State::Xxh64(h) => h.digest().to_be_bytes().to_vec(),
            State::Xxh3(h, false) => h.digest().to_be_bytes().to_vec(),
            State::Xxh3(h, true) => h.digest128().to_be_bytes().to_vec(),
        };
        base64::engine::general_purpose::STANDARD.encode(digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_encoded_as_s3_sends_them() {
        // The catalogue check values (CRCs of "123456789"), digests of "hello world" and
        // of the empty input as published for each algorithm.
        let hex = |a: Algorithm, data: &[u8]| {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(a.of(data))
                .unwrap();
            raw.iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        let check = b"123456789";
        assert_eq!(hex(Algorithm::Crc32, check), "cbf43926");
        assert_eq!(hex(Algorithm::Crc32c, check), "e3069283");
        assert_eq!(hex(Algorithm::Crc64Nvme, check), "ae8b14860a799888");
        assert_eq!(Algorithm::Crc32.of(b"hello world"), "DUoRhQ==");
        assert_eq!(
            hex(Algorithm::Sha1, b"hello world"),
            "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"
        );
        assert_eq!(
            hex(Algorithm::Sha256, b"hello world"),
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert!(hex(Algorithm::Sha512, b"").starts_with("cf83e1357eefb8bdf1542850d66d8007"));
        assert_eq!(hex(Algorithm::Xxhash64, b""), "ef46db3751d8e999");
        assert_eq!(hex(Algorithm::Xxhash3, b""), "2d06800538d394c2");
        assert_eq!(
            hex(Algorithm::Xxhash128, b""),
            "99aa06d3014798d86001c324468d497f"
        );
        for name in CHOICES {
            let a = Algorithm::parse(name).unwrap();
            assert_eq!(a.name(), *name);
            assert!(VALIDATION_ORDER.contains(&a));
        }
        assert_eq!(Algorithm::Crc32.member(), "ChecksumCRC32");
        assert!(Algorithm::parse("MD5").is_none());
    }

    #[test]
    fn incremental_equals_whole() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for name in CHOICES {
            let a = Algorithm::parse(name).unwrap();
            let mut h = a.hasher();
            for chunk in data.chunks(4097) {
                h.update(chunk);
            }
            assert_eq!(h.finish(), a.of(&data), "{name}");
        }
    }
}
