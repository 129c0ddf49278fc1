//! Detached, ASCII-armored OpenPGP signatures made with a secret key file.

use std::time::SystemTime;

use sequoia_openpgp as openpgp;

use openpgp::armor;
use openpgp::crypto::hash::Hash;
use openpgp::crypto::KeyPair;
use openpgp::crypto::Signer;
use openpgp::packet::signature::{Signature4, SignatureBuilder};
use openpgp::packet::Signature;
use openpgp::parse::Parse;
use openpgp::policy::StandardPolicy;
use openpgp::serialize::Serialize;
use openpgp::types::{HashAlgorithm, SignatureType};
use openpgp::{Cert, Packet};

use crate::BundleError;

/// An unencrypted OpenPGP secret key that can make detached signatures.
pub struct SigningKey {
    keypair: KeyPair,
    created: SystemTime,
    fingerprint: String,
    public: Cert,
}

impl SigningKey {
    /// Reads a transferable secret key (armored or binary) and picks its signing-capable key.
    pub fn from_bytes(bytes: &[u8]) -> Result<SigningKey, BundleError> {
        let cert = Cert::from_bytes(bytes).map_err(|e| BundleError::Key(e.to_string()))?;
        let policy = StandardPolicy::new();
        let key = cert
            .keys()
            .with_policy(&policy, None)
            .supported()
            .alive()
            .revoked(false)
            .for_signing()
            .secret()
            .next()
            .ok_or_else(|| BundleError::Key("no usable secret signing key".into()))?;
        let secret = key.key().clone();
        if secret.secret().is_encrypted() {
            return Err(BundleError::Key(
                "the secret key is protected by a passphrase; sign with gpg instead".into(),
            ));
        }
        let created = secret.creation_time();
        let keypair = secret
            .into_keypair()
            .map_err(|e| BundleError::Key(e.to_string()))?;
        Ok(SigningKey {
            keypair,
            created,
            fingerprint: cert.fingerprint().to_hex(),
            public: cert.clone().strip_secret_key_material(),
        })
    }

    /// Creation time of the signing key; signatures must not be older than this.
    pub fn created(&self) -> SystemTime {
        self.created
    }

    /// Fingerprint of the certificate (primary key), uppercase hex.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The certificate's public half, ASCII-armored (no secret key material).
    pub fn public_armored(&self) -> Result<Vec<u8>, BundleError> {
        use openpgp::serialize::SerializeInto;
        self.public
            .armored()
            .to_vec()
            .map_err(|e| BundleError::Key(e.to_string()))
    }

    /// Makes an armored detached signature of `data` dated `time` (clamped to the key's
    /// creation time).
    ///
    /// The signature is deterministic: equal key, data and time give equal bytes (Ed25519
    /// signing is deterministic and no random salt notation is added), so bundles are
    /// reproducible.
    pub fn sign_detached(&self, data: &[u8], time: SystemTime) -> Result<Vec<u8>, BundleError> {
        sign_detached_by(&[self], data, time)
    }

    /// One signature packet of `data` dated `time` (see [`SigningKey::sign_detached`]).
    fn signature_packet(&self, data: &[u8], time: SystemTime) -> Result<Packet, BundleError> {
        let err = |e: openpgp::anyhow::Error| BundleError::Signature(e.to_string());
        let time = time.max(self.created);
        let hash_algo = HashAlgorithm::SHA512;
        let public = self.keypair.public();
        let builder = SignatureBuilder::new(SignatureType::Binary)
            .set_hash_algo(hash_algo)
            .set_signature_creation_time(time)
            .map_err(err)?
            .set_issuer_fingerprint(public.fingerprint())
            .map_err(err)?
            .set_issuer(public.keyid())
            .map_err(err)?;
        // The digest covers the signature's fields (type, algorithms, hashed subpackets), so
        // hash an otherwise complete packet whose signature value is a placeholder.
        let mut keypair = self.keypair.clone();
        let placeholder = keypair
            .sign(hash_algo, &vec![0u8; hash_algo.digest_size().map_err(err)?])
            .map_err(err)?;
        let unsigned = Signature4::new(
            SignatureType::Binary,
            public.pk_algo(),
            hash_algo,
            builder.hashed_area().clone(),
            builder.unhashed_area().clone(),
            [0, 0],
            placeholder,
        );
        let mut context = hash_algo.context().map_err(err)?.for_signature(4);
        context.update(data);
        unsigned.hash(&mut context).map_err(err)?;
        let digest = context.into_digest().map_err(err)?;
        let mpis = keypair.sign(hash_algo, &digest).map_err(err)?;
        let signature = Signature4::new(
            SignatureType::Binary,
            public.pk_algo(),
            hash_algo,
            builder.hashed_area().clone(),
            builder.unhashed_area().clone(),
            [digest[0], digest[1]],
            mpis,
        );
        Ok(Packet::Signature(Signature::from(signature)))
    }
}

/// One armored detached signature block holding a signature of `data` by each of `keys`, in
/// order (for a key list signed by the outgoing and the incoming key during a rotation).
pub fn sign_detached_by(
    keys: &[&SigningKey],
    data: &[u8],
    time: SystemTime,
) -> Result<Vec<u8>, BundleError> {
    let err = |e: openpgp::anyhow::Error| BundleError::Signature(e.to_string());
    let mut sink = Vec::new();
    {
        let mut writer = armor::Writer::new(&mut sink, armor::Kind::Signature)
            .map_err(|e| BundleError::Signature(e.to_string()))?;
        for key in keys {
            key.signature_packet(data, time)?
                .serialize(&mut writer)
                .map_err(err)?;
        }
        writer
            .finalize()
            .map_err(|e| BundleError::Signature(e.to_string()))?;
    }
    Ok(sink)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TrustedKeys;
    use std::path::PathBuf;

    fn key_file(name: &str) -> Vec<u8> {
        let keys = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../keys");
        std::fs::read(keys.join(name)).unwrap()
    }

    #[test]
    fn signs_deterministically_and_verifies() {
        let key = SigningKey::from_bytes(&key_file("TEST-ONLY-signing-key.secret.asc")).unwrap();
        let trusted =
            TrustedKeys::from_armored(&[&key_file("TEST-ONLY-signing-key.pub.asc")]).unwrap();
        let a = key.sign_detached(b"hello", SystemTime::UNIX_EPOCH).unwrap();
        let b = key.sign_detached(b"hello", SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(a, b, "signatures differ for equal input");
        assert_eq!(
            trusted.verify_bytes(b"hello", &a).unwrap(),
            key.fingerprint()
        );
        let err = trusted.verify_bytes(b"hellO", &a).unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
    }
}
