//! Helpers shared by the end-to-end tests: the built `aws` binary, a `moto_server` per test
//! file, an `s3s-fs` server, isolated CLI environments, output masking and the differential runner that compares
//! our `aws` with the Python AWS CLI v1.
//!
//! Not for unit tests of single crates: those live next to their code.

pub mod binary;
pub mod both_clis;
pub mod cli;
pub mod differential;
pub mod event_stream;
pub mod hostile;
pub mod interrupt;
pub mod isolated;
pub mod kubernetes;
pub mod mask;
pub mod moto;
pub mod oracle;
pub mod recorder;
pub mod s3s_fs;
pub mod sigcheck;
pub mod tmux;
pub mod wire;

pub use cli::{Cli, CliEnv, Outcome};
pub use differential::{Case, Expect, Suite};
pub use moto::MotoServer;
pub use recorder::{Recorded, Recorder, Reply};
pub use s3s_fs::S3sFs;
