//! Property runs for hostile inputs: a fixed number of cases from a fixed seed, so that every
//! run tries the same inputs (reproducible, no timing), and byte mutations of valid inputs.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Cases per property.
pub const CASES: u32 = 512;
/// The fixed seed.
const SEED: [u8; 32] = *b"aws2 hostile inputs, fixed seed!";

/// Runs `test` on `cases` values of `strategy` and prints the count as
/// `hostile inputs: NAME: N passed, 0 failed`.
pub fn check<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{name}: {e}");
    }
    println!("hostile inputs: {name}: {cases} passed, 0 failed");
}

/// A message must be one non-empty line.
pub fn one_line(text: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !text.trim().is_empty() && !text.contains('\n'),
        "not one line: {text:?}"
    );
    Ok(())
}

/// Bytes derived from `valid`: a few bytes changed, a truncation and an insertion.
pub fn mutated(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = valid.len();
    (
        proptest::collection::vec((0..len.max(1), any::<u8>()), 1..8),
        0..=len,
        proptest::collection::vec(any::<u8>(), 0..16),
    )
        .prop_map(move |(flips, cut, insert)| {
            let mut bytes = valid.clone();
            for (at, value) in flips {
                if let Some(b) = bytes.get_mut(at) {
                    *b = value;
                }
            }
            bytes.truncate(cut);
            let at = cut / 2;
            bytes.splice(at..at, insert);
            bytes
        })
}

/// Text derived from `valid`: characters of `alphabet` put in, replaced and removed, and a
/// truncation, so that most cases stay close to the grammar.
pub fn mutated_text(valid: &str, alphabet: &'static str) -> impl Strategy<Value = String> {
    let chars: Vec<char> = alphabet.chars().collect();
    let valid: Vec<char> = valid.chars().collect();
    let len = valid.len();
    (
        proptest::collection::vec((0..=len, 0..chars.len(), 0..3u8), 1..8),
        0..=len,
    )
        .prop_map(move |(edits, cut)| {
            let mut text = valid.clone();
            text.truncate(cut.max(len / 2));
            for (at, pick, kind) in edits {
                let at = at.min(text.len());
                match kind {
                    0 => text.insert(at, chars[pick]),
                    1 if at < text.len() => text[at] = chars[pick],
                    _ if at < text.len() => {
                        text.remove(at);
                    }
                    _ => text.push(chars[pick]),
                }
            }
            text.into_iter().collect()
        })
}

/// Any string of up to `max` characters drawn from `alphabet`.
pub fn text_of(alphabet: &'static str, max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = alphabet.chars().collect();
    proptest::collection::vec(0..chars.len(), 0..max)
        .prop_map(move |picks| picks.into_iter().map(|i| chars[i]).collect())
}
