//! Checking detached OpenPGP signatures against a fixed set of trusted certificates.

use std::io::Read;

use sequoia_openpgp as openpgp;

use openpgp::cert::CertParser;
use openpgp::parse::stream::{
    DetachedVerifierBuilder, MessageLayer, MessageStructure, VerificationHelper,
};
use openpgp::parse::Parse;
use openpgp::policy::StandardPolicy;
use openpgp::{Cert, KeyHandle};

use crate::BundleError;

/// The certificates whose signatures are accepted.
#[derive(Clone)]
pub struct TrustedKeys {
    certs: Vec<Cert>,
}

impl TrustedKeys {
    /// Reads every certificate (public keys, armored or binary) from each of `blocks`.
    pub fn from_armored(blocks: &[&[u8]]) -> Result<TrustedKeys, BundleError> {
        let mut certs = Vec::new();
        for block in blocks {
            let parser =
                CertParser::from_bytes(block).map_err(|e| BundleError::Key(e.to_string()))?;
            for cert in parser {
                certs.push(cert.map_err(|e| BundleError::Key(e.to_string()))?);
            }
        }
        if certs.is_empty() {
            return Err(BundleError::Key("no trusted keys".into()));
        }
        Ok(TrustedKeys { certs })
    }

    /// No keys at all (every signature is refused).
    pub fn empty() -> TrustedKeys {
        TrustedKeys { certs: Vec::new() }
    }

    /// These keys and every certificate in `blocks` (duplicates dropped). Refuses secret key
    /// material.
    pub fn with_armored(&self, blocks: &[&[u8]]) -> Result<TrustedKeys, BundleError> {
        let mut certs = self.certs.clone();
        for block in blocks {
            let parser =
                CertParser::from_bytes(block).map_err(|e| BundleError::Key(e.to_string()))?;
            for cert in parser {
                let cert = cert.map_err(|e| BundleError::Key(e.to_string()))?;
                if cert.is_tsk() {
                    return Err(BundleError::Key(format!(
                        "{} holds secret key material",
                        cert.fingerprint().to_hex()
                    )));
                }
                if !certs.iter().any(|c| c.fingerprint() == cert.fingerprint()) {
                    certs.push(cert);
                }
            }
        }
        Ok(TrustedKeys { certs })
    }

    /// These keys without those whose fingerprint (uppercase hex) is in `revoked`.
    pub fn without(&self, revoked: &[String]) -> TrustedKeys {
        TrustedKeys {
            certs: self
                .certs
                .iter()
                .filter(|c| !revoked.contains(&c.fingerprint().to_hex()))
                .cloned()
                .collect(),
        }
    }

    /// Only those of these keys whose fingerprint is in `fingerprints`.
    pub fn only(&self, fingerprints: &[String]) -> TrustedKeys {
        TrustedKeys {
            certs: self
                .certs
                .iter()
                .filter(|c| fingerprints.contains(&c.fingerprint().to_hex()))
                .cloned()
                .collect(),
        }
    }

    /// Fingerprints of the trusted certificates, uppercase hex.
    pub fn fingerprints(&self) -> Vec<String> {
        self.certs
            .iter()
            .map(|c| c.fingerprint().to_hex())
            .collect()
    }

    /// Verifies that `signature` (armored or binary) is a good detached signature of `data`
    /// by one of the trusted keys; returns the signing certificate's fingerprint.
    pub fn verify_bytes(&self, data: &[u8], signature: &[u8]) -> Result<String, BundleError> {
        self.verify_reader(data, signature)
    }

    /// Like [`TrustedKeys::verify_bytes`], reading the signed data from `data`.
    pub fn verify_reader(
        &self,
        data: impl Read + Send + Sync,
        signature: &[u8],
    ) -> Result<String, BundleError> {
        if self.certs.is_empty() {
            return Err(BundleError::Signature("no trusted keys".into()));
        }
        let policy = StandardPolicy::new();
        let helper = Helper {
            certs: &self.certs,
            signer: None,
            problem: None,
        };
        let fail = |e: openpgp::anyhow::Error| BundleError::Signature(one_line(&e));
        let mut verifier = DetachedVerifierBuilder::from_bytes(signature)
            .map_err(fail)?
            .with_policy(&policy, None, helper)
            .map_err(fail)?;
        let outcome = verifier.verify_reader(data);
        let helper = verifier.into_helper();
        match (outcome, helper.signer) {
            (Ok(()), Some(fp)) => Ok(fp),
            (Ok(()), None) => Err(BundleError::Signature("no good signature".into())),
            (Err(e), _) => Err(BundleError::Signature(
                helper.problem.unwrap_or_else(|| one_line(&e)),
            )),
        }
    }
}

/// Collects the trusted certificates for the verifier and records the outcome.
struct Helper<'a> {
    certs: &'a [Cert],
    signer: Option<String>,
    problem: Option<String>,
}

impl VerificationHelper for Helper<'_> {
    fn get_certs(&mut self, _ids: &[KeyHandle]) -> openpgp::Result<Vec<Cert>> {
        Ok(self.certs.to_vec())
    }

    fn check(&mut self, structure: MessageStructure) -> openpgp::Result<()> {
        for layer in structure.into_iter() {
            if let MessageLayer::SignatureGroup { results } = layer {
                for result in results {
                    match result {
                        Ok(good) => {
                            self.signer = Some(good.ka.cert().fingerprint().to_hex());
                            return Ok(());
                        }
                        Err(e) => {
                            self.problem.get_or_insert_with(|| describe(&e));
                        }
                    }
                }
            }
        }
        let problem = self
            .problem
            .clone()
            .unwrap_or_else(|| "no signature found".into());
        Err(openpgp::anyhow::anyhow!(problem))
    }
}

/// A short description of why a signature was not accepted.
fn describe(e: &openpgp::parse::stream::VerificationError) -> String {
    use openpgp::parse::stream::VerificationError as V;
    match e {
        V::MissingKey { sig } => {
            let issuer = sig
                .get_issuers()
                .first()
                .map(|h| h.to_hex())
                .unwrap_or_else(|| "unknown".into());
            format!("signed by key {issuer}, which is not a trusted key")
        }
        V::BadSignature { .. } => {
            "the signature does not match the data (modified or corrupt)".into()
        }
        other => one_line(&openpgp::anyhow::anyhow!("{other}")),
    }
}

/// Flattens an error chain into one line.
fn one_line(e: &openpgp::anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}
