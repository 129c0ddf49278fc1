//! The aws2 bundle format, shared by the `install` program and the packaging tools.
//!
//! A bundle is a directory `aws/` (normally shipped as a zip) holding the installer, the
//! binaries under `dist/`, and `manifest.json`: the SHA-256 of every other file, with a detached
//! OpenPGP signature in `manifest.json.sig`. This crate knows that format, how to sign and verify
//! it, and how to extract a zip without letting an entry escape its destination.
//!
//! The update channel manifest (`channel.json`, signed the same way) and the channel's signed
//! key list (`keys.json`) are defined here too.
//!
//! It is not the installer (no install layout, no locking) and not the packager (no zip
//! writing, no cargo): both depend on it, and it depends on neither, nor on the CLI crates.

pub mod channel;
pub mod digest;
pub mod error;
pub mod keylist;
pub mod manifest;
pub mod sign;
pub mod unzip;
pub mod verify;

pub use channel::{ChannelManifest, CHANNEL_FILE, CHANNEL_SIG_FILE};
pub use error::BundleError;
pub use keylist::{KeyList, KEYS_FILE, KEYS_SIG_FILE};
pub use manifest::{FileEntry, Manifest, MANIFEST_FILE, MANIFEST_SIG_FILE};
pub use sign::SigningKey;
pub use verify::TrustedKeys;
