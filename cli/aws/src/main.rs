//! The `aws` binary.

mod version;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--version") {
        println!("{}", version::version_string());
        return;
    }
    eprintln!("usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]");
    std::process::exit(2);
}
