//! `--include` / `--exclude`: every file starts included, the filters apply in command-line
//! order and the last one that matches decides. Patterns are shell globs (`*`, `?`, `[seq]`,
//! `[!seq]`) matched against the path relative to the command's source or destination root;
//! `*` also matches `/`.

/// The filters of one command, in order.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    rules: Vec<(bool, String)>,
}

impl Filters {
    /// Adds a filter: `include` true for `--include`, false for `--exclude`.
    pub fn push(&mut self, include: bool, pattern: &str) {
        self.rules.push((include, pattern.to_owned()));
    }

    /// Whether a path (relative to the root, `/`-separated) survives the filters.
    pub fn allows(&self, relative: &str) -> bool {
        let mut included = true;
        for (include, pattern) in &self.rules {
            if fnmatch(pattern, relative) {
                included = *include;
            }
        }
        included
    }
}

/// Shell-style matching as Python's `fnmatch.fnmatchcase`.
pub fn fnmatch(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    matches(&p, &t)
}

fn matches(p: &[char], t: &[char]) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, next)) = class(&p[pi..], t[ti]) {
                        if ok {
                            pi += next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                c if c == t[ti] => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                _ => {}
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Matches one character against a `[...]` class at the start of `p`; returns whether it
/// matched and the class's length, or `None` when the class is not closed (a literal `[`).
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(p.get(i), Some('!'));
    if negate {
        i += 1;
    }
    let start = i;
    let mut found = false;
    while i < p.len() {
        if p[i] == ']' && i > start {
            return Some((found != negate, i + 1));
        }
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                found = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                found = true;
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_like_fnmatch() {
        assert!(fnmatch("*", "a/b/c"));
        assert!(fnmatch("*.txt", "dir/a.txt"));
        assert!(!fnmatch("*.txt", "a.txt.gz"));
        assert!(fnmatch("a?c", "abc"));
        assert!(fnmatch("[ab]x", "bx"));
        assert!(!fnmatch("[!ab]x", "bx"));
        assert!(fnmatch("[a-c]*", "cat"));
        assert!(fnmatch("dir/*", "dir/x/y"));
        assert!(!fnmatch("dir/*", "other/x"));
        assert!(fnmatch("[", "["));
        assert!(fnmatch("**a", "xxa"));
    }

    #[test]
    fn last_matching_filter_wins() {
        let mut f = Filters::default();
        f.push(false, "*");
        f.push(true, "*.txt");
        assert!(f.allows("a.txt"));
        assert!(!f.allows("a.jpg"));
        let mut g = Filters::default();
        g.push(true, "*.txt");
        g.push(false, "*");
        assert!(!g.allows("a.txt"));
    }
}
