//! The `aws` binary: the AWS Command Line Interface, driven by the service models.

mod app;
mod call_error;
mod custom;
mod debug_log;
mod errno;
mod failure;
mod input;
mod interrupt;
mod pager;
mod session;
mod skeleton;
mod version;

// The shared parts live in the library, under the names the modules above use.
use aws2_cli::{args, command, customizations, error, globals};

fn main() {
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    debug_log::init_if_requested(&argv);
    let code = app::run(&argv);
    std::process::exit(code);
}
