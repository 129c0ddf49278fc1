//! `ec2 get-password-data --priv-launch-key FILE`: the Windows administrator password
//! decrypted with the launch key pair's private key (RSA, PKCS#1 v1.5 padding).

use super::{custom_arg, one};
use crate::args::parse::ParsedArgs;
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::Value;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};

/// The customization's entry in the registry.
pub const CUSTOMIZATION: super::registry::Customization = super::registry::Customization {
    arguments: Some(|_, args| args.extend(args_list())),
    input: Some(|cx, _| check(cx.parsed)),
    output: Some(decrypt),
    ..super::registry::Customization::of("ec2", |op| op == "GetPasswordData")
};

const KEY_ARG: &str = "priv-launch-key";

fn args_list() -> Vec<Argument> {
    vec![custom_arg(KEY_ARG, ArgKind::Single, false)]
}

/// The key must name a file, checked before the call as the AWS CLI does.
pub(super) fn check(parsed: &ParsedArgs) -> Result<(), CliError> {
    match one(parsed, KEY_ARG) {
        // The AWS CLI v2 raises a plain ValueError here (exit 255).
        Some(path) if !std::path::Path::new(path).is_file() => Err(CliError::other(
            "priv-launch-key should be a path to the local SSH private key file used to launch the instance.",
        )),
        _ => Ok(()),
    }
}

/// Replaces `PasswordData` with the decrypted password; empty password data stays as it is.
pub(super) fn decrypt(parsed: &ParsedArgs, result: &mut Value) -> Result<(), CliError> {
    let Some(path) = one(parsed, KEY_ARG) else {
        return Ok(());
    };
    let Value::Map(map) = result else {
        return Ok(());
    };
    let data = match map.get("PasswordData") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Ok(()),
    };
    let failed =
        || CliError::other("Unable to decrypt password data using provided private key file.");
    let pem = std::fs::read_to_string(path).map_err(|_| failed())?;
    let password = decrypt_password(&pem, &data).ok_or_else(failed)?;
    map.insert("PasswordData".into(), Value::String(password));
    Ok(())
}

/// Decrypts base64 password data with a PEM private key (PKCS#1 or PKCS#8).
pub(super) fn decrypt_password(pem: &str, data: &str) -> Option<String> {
    let key = RsaPrivateKey::from_pkcs1_pem(pem)
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
        .ok()?;
    let cipher = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .ok()?;
    let plain = key.decrypt(Pkcs1v15Encrypt, &cipher).ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::RsaPublicKey;

    #[test]
    fn decrypts_what_the_public_key_encrypted() {
        let mut rng = rsa::rand_core::OsRng;
        let key = RsaPrivateKey::new(&mut rng, 512).expect("key");
        let pem = key.to_pkcs1_pem(Default::default()).expect("pem");
        let cipher = RsaPublicKey::from(&key)
            .encrypt(&mut rng, Pkcs1v15Encrypt, b"Str0ng!Passw0rd")
            .expect("encrypt");
        let data = base64::engine::general_purpose::STANDARD.encode(cipher);
        assert_eq!(
            decrypt_password(&pem, &data).as_deref(),
            Some("Str0ng!Passw0rd")
        );
        assert_eq!(decrypt_password(&pem, "bm90IGVuY3J5cHRlZA=="), None);
        assert_eq!(decrypt_password("not a key", &data), None);
    }
}
