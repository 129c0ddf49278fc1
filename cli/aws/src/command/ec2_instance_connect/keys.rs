//! The one-time key `ssh` pushes to the instance: a fresh Ed25519 key, its public half in
//! OpenSSH's one-line form (`ssh-ed25519 <base64>`, no comment) and its private half as an
//! OpenSSH private key file.

use crate::error::CliError;
use ssh_key::{Algorithm, LineEnding, PrivateKey};

/// A generated key: the public line to send and the private key file's text.
pub struct KeyPair {
    /// `ssh-ed25519 <base64>`.
    pub public: String,
    /// `-----BEGIN OPENSSH PRIVATE KEY-----` ….
    pub private: String,
}

/// Generates a new Ed25519 key pair.
pub fn generate() -> Result<KeyPair, CliError> {
    let key = PrivateKey::random(&mut rand_core::OsRng, Algorithm::Ed25519)
        .map_err(|e| CliError::other(format!("cannot generate an SSH key: {e}")))?;
    let public = key
        .public_key()
        .to_openssh()
        .map_err(|e| CliError::other(format!("cannot encode the SSH key: {e}")))?;
    let private = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| CliError::other(format!("cannot encode the SSH key: {e}")))?;
    Ok(KeyPair {
        public,
        private: private.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_openssh_ed25519_keys_without_a_comment() {
        let pair = generate().unwrap();
        let words: Vec<&str> = pair.public.split(' ').collect();
        assert_eq!(words.len(), 2, "{}", pair.public);
        assert_eq!(words[0], "ssh-ed25519");
        assert!(pair
            .private
            .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        assert!(pair.private.ends_with("-----END OPENSSH PRIVATE KEY-----\n"));
        let parsed = PrivateKey::from_openssh(&pair.private).unwrap();
        assert_eq!(parsed.public_key().to_openssh().unwrap(), pair.public);
    }
}
