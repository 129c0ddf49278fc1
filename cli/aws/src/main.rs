//! The `aws` binary: the AWS Command Line Interface, driven by the service models.

use aws2_cli::{app, debug_log};

fn main() {
    let argv: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    debug_log::init_if_requested(&argv);
    let code = app::run(&argv);
    std::process::exit(code);
}
