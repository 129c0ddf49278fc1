//! Builds aws2 release bundles: the `aws/` directory (installer, binaries, README, third-party
//! licenses, signed manifest), its deterministic zip and the zip's detached signature.
//!
//! It also builds the Windows MSI with wixl ([`msi`]) and the signed update channel index
//! ([`channel`]).
//!
//! It does not build the binaries (`scripts/package` runs cargo) and does not install anything
//! (that is the `install` program). The bundle format itself lives in `aws2-bundle`.

pub mod bundle;
pub mod channel;
pub mod error;
pub mod licenses;
pub mod msi;
pub mod zipper;

pub use bundle::{build_bundle, BundleInputs, BundleOutput};
pub use error::PackagingError;
