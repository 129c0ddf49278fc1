//! Prints how long loading a service model and one operation's shapes takes (used by
//! `scripts/bench`): `model_load [service] [operation] [runs]`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let service = args.first().map(String::as_str).unwrap_or("ec2");
    let operation = args.get(1).map(String::as_str).unwrap_or("RunInstances");
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(20);
    let mut times = Vec::with_capacity(runs);
    let mut shapes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let svc = match aws2_core::Service::load(service) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("model_load: {e}");
                std::process::exit(1);
            }
        };
        let op = match svc.operation(operation) {
            Ok(op) => op,
            Err(e) => {
                eprintln!("model_load: {e}");
                std::process::exit(1);
            }
        };
        shapes = svc.load_operation_shapes(&op).unwrap_or(0);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "load {service} model + {operation} shapes ({shapes} shapes): median {:.2} ms, min {:.2} ms over {runs} runs",
        times[runs / 2],
        times[0]
    );
}
