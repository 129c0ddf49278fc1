//! Running one command with the reference CLI and then with ours against one recording
//! server, keeping what each sent and printed.

use crate::isolated::Isolated;
use crate::recorder::{Recorded, Recorder, Reply};
use crate::{binary, oracle, Outcome};

/// What one CLI did for a command against the recording server.
pub struct Run {
    /// The requests the server received, in order.
    pub requests: Vec<Recorded>,
    /// The exit code and output.
    pub outcome: Outcome,
}

/// Runs `args` in `place` with the reference CLI and then with ours, against one server
/// answering with `reply`; `place` is `None` for a fresh directory for each CLI.
pub fn both(place: Option<&Isolated>, args: &[&str], reply: fn(&Recorded) -> Reply) -> [Run; 2] {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let server = Recorder::with_responder(reply);
    [oracle::v2_bin(), binary::aws_bin()].map(|program| {
        let outcome = match place {
            Some(place) => place.run(&program, &args, &server.endpoint()),
            None => Isolated::new().run(&program, &args, &server.endpoint()),
        };
        Run {
            requests: server.take(),
            outcome,
        }
    })
}
