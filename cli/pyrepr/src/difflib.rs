//! Python's `difflib.get_close_matches`, which the AWS CLI v2 uses to suggest a choice
//! ("Maybe you meant: ...") when an argument's value is not one of its choices.

use std::collections::HashMap;

/// The choices closest to `word`, best first: at most `n` whose similarity ratio (as
/// `difflib.SequenceMatcher.ratio`) is at least `cutoff`; ties go to the greater string,
/// as Python's `heapq.nlargest` over `(score, choice)` pairs orders them.
pub fn close_matches<'a>(word: &str, choices: &[&'a str], n: usize, cutoff: f64) -> Vec<&'a str> {
    let word: Vec<char> = word.chars().collect();
    let mut scored: Vec<(f64, &'a str)> = choices
        .iter()
        .filter_map(|choice| {
            let candidate: Vec<char> = choice.chars().collect();
            let score = ratio(&candidate, &word);
            (score >= cutoff).then_some((score, *choice))
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| y.1.cmp(x.1)));
    scored
        .into_iter()
        .take(n)
        .map(|(_, choice)| choice)
        .collect()
}

/// `SequenceMatcher(None, a, b).ratio()`: twice the matched characters over the total.
pub fn ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let matched = matching_characters(a, b);
    2.0 * matched as f64 / total as f64
}

/// The characters in the matching blocks of `a` and `b`: the longest common block, then
/// recursively the blocks left and right of it (no junk heuristics: the AWS CLI's choices are
/// far shorter than the 200 characters where Python's automatic junk starts).
fn matching_characters(a: &[char], b: &[char]) -> usize {
    let mut positions: HashMap<char, Vec<usize>> = HashMap::new();
    for (j, c) in b.iter().enumerate() {
        positions.entry(*c).or_default().push(j);
    }
    let mut total = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(a, &positions, alo, ahi, blo, bhi);
        if k == 0 {
            continue;
        }
        total += k;
        if alo < i && blo < j {
            queue.push((alo, i, blo, j));
        }
        if i + k < ahi && j + k < bhi {
            queue.push((i + k, ahi, j + k, bhi));
        }
    }
    total
}

/// `find_longest_match`: the longest block `a[i..i+k] == b[j..j+k]` within the bounds, the
/// earliest in `a` and then in `b` among the longest.
fn longest_match(
    a: &[char],
    positions: &HashMap<char, Vec<usize>>,
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best_k) = (alo, blo, 0);
    // Length of the match ending at a[i - 1], b[j], by j.
    let mut ending: HashMap<usize, usize> = HashMap::new();
    for (i, c) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut next: HashMap<usize, usize> = HashMap::new();
        for &j in positions.get(c).map(Vec::as_slice).unwrap_or(&[]) {
            if j < blo {
                continue;
            }
            if j >= bhi {
                break;
            }
            let k = j
                .checked_sub(1)
                .and_then(|p| ending.get(&p))
                .copied()
                .unwrap_or(0)
                + 1;
            next.insert(j, k);
            if k > best_k {
                best_i = i + 1 - k;
                best_j = j + 1 - k;
                best_k = k;
            }
        }
        ending = next;
    }
    (best_i, best_j, best_k)
}

/// The AWS CLI v2's message for a value that is not among an argument's choices (without
/// the `argument X: ` prefix): `Found invalid choice 'x'` and, when some choice is close
/// (`get_close_matches` with a cutoff of 0.8), the `Maybe you meant:` list.
pub fn invalid_choice(value: &str, choices: &[&str]) -> String {
    let mut msg = format!("Found invalid choice '{value}'\n");
    let possible = close_matches(value, choices, 3, 0.8);
    if !possible.is_empty() {
        msg.push_str("\nMaybe you meant:\n");
        for word in possible {
            msg.push_str("\n  * ");
            msg.push_str(word);
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_as_python_computes_them() {
        let r = |a: &str, b: &str| {
            ratio(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        // SequenceMatcher(None, a, b).ratio() in CPython 3.11.
        assert_eq!(r("json", "jso"), 6.0 / 7.0);
        assert_eq!(r("abcd", "bcda"), 0.75);
        assert_eq!(r("", ""), 1.0);
        assert_eq!(r("describe-instances", "describe-instance"), 34.0 / 35.0);
    }

    #[test]
    fn suggestions_and_message() {
        let formats = ["json", "text", "table", "yaml", "yaml-stream", "off"];
        assert_eq!(close_matches("jso", &formats, 3, 0.8), ["json"]);
        assert_eq!(
            invalid_choice("jso", &formats),
            "Found invalid choice 'jso'\n\nMaybe you meant:\n\n  * json"
        );
        assert_eq!(
            invalid_choice("zzz", &formats),
            "Found invalid choice 'zzz'\n"
        );
    }
}
