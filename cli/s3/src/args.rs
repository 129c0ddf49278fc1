//! A small parser for the options of one `s3` subcommand.

use crate::error::S3Error;

/// Whether an option takes a value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Takes {
    /// A switch such as `--recursive`.
    Flag,
    /// An option followed by one value, such as `--content-type text/plain`.
    Value,
    /// An option followed by one or more values up to the next option (`--grants a b`).
    Values,
    /// An option whose value may be left out (argparse's `nargs='?'`): `--sse` alone means
    /// `--sse AES256`. Given or not, the value must be one of `choices`.
    Optional {
        /// The value when the option is given without one.
        missing: &'static str,
        /// The values accepted.
        choices: &'static [&'static str],
    },
    /// An option followed by one value that must be one of these choices.
    Choice(&'static [&'static str]),
    /// An option followed by exactly two values (argparse's `nargs=2`), such as
    /// `--tags key value`; each value is an entry of its own, in order.
    Pair,
}

/// Whether argparse takes a word for an option rather than a value: it starts with `-`, is
/// longer than that, is no negative number and has no space.
fn looks_like_option(word: &str) -> bool {
    let negative = word
        .strip_prefix('-')
        .is_some_and(|n| !n.is_empty() && n.parse::<f64>().is_ok() && !n.starts_with('-'));
    word.starts_with('-') && word.len() > 1 && !negative && !word.contains(' ')
}

/// The parsed words of one subcommand.
#[derive(Debug, Default)]
pub struct Args {
    /// Positional arguments in order.
    pub positionals: Vec<String>,
    /// Options in the order given (name without dashes, value; flags have `None`).
    pub options: Vec<(String, Option<String>)>,
}

impl Args {
    /// Parses `words` against the options in `spec` (names without the leading dashes).
    pub fn parse(words: &[String], spec: &[(&str, Takes)]) -> Result<Args, S3Error> {
        let mut args = Args::default();
        let mut unknown = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let word = &words[i];
            i += 1;
            let Some(body) = word.strip_prefix("--") else {
                args.positionals.push(word.clone());
                continue;
            };
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (body, None),
            };
            match spec.iter().find(|(n, _)| *n == name) {
                Some((_, Takes::Flag)) => args.options.push((name.to_owned(), None)),
                Some((_, kind @ (Takes::Value | Takes::Choice(_)))) => {
                    let value = match inline {
                        Some(v) => v,
                        None if i < words.len() && !looks_like_option(&words[i]) => {
                            i += 1;
                            words[i - 1].clone()
                        }
                        None => {
                            return Err(S3Error::Usage(format!(
                                "argument --{name}: expected one argument"
                            )))
                        }
                    };
                    if let Takes::Choice(choices) = kind {
                        if !choices.contains(&value.as_str()) {
                            return Err(S3Error::Usage(invalid_choice(name, &value, choices)));
                        }
                    }
                    args.options.push((name.to_owned(), Some(value)));
                }
                Some((_, Takes::Optional { missing, choices })) => {
                    let value = match inline {
                        Some(v) => v,
                        None if i < words.len() && !looks_like_option(&words[i]) => {
                            i += 1;
                            words[i - 1].clone()
                        }
                        None => (*missing).to_owned(),
                    };
                    if !choices.contains(&value.as_str()) {
                        return Err(S3Error::Usage(invalid_choice(name, &value, choices)));
                    }
                    args.options.push((name.to_owned(), Some(value)));
                }
                Some((_, Takes::Values)) => {
                    let mut values: Vec<String> = inline.into_iter().collect();
                    while i < words.len() && !words[i].starts_with("--") {
                        values.push(words[i].clone());
                        i += 1;
                    }
                    if values.is_empty() {
                        return Err(S3Error::Usage(format!(
                            "argument --{name}: expected at least one argument"
                        )));
                    }
                    for value in values {
                        args.options.push((name.to_owned(), Some(value)));
                    }
                }
                Some((_, Takes::Pair)) => {
                    let mut values: Vec<String> = inline.into_iter().collect();
                    while values.len() < 2 && i < words.len() && !looks_like_option(&words[i]) {
                        values.push(words[i].clone());
                        i += 1;
                    }
                    if values.len() < 2 {
                        return Err(S3Error::Usage(format!(
                            "argument --{name}: expected 2 arguments"
                        )));
                    }
                    for value in values {
                        args.options.push((name.to_owned(), Some(value)));
                    }
                }
                None => unknown.push(word.clone()),
            }
        }
        if !unknown.is_empty() {
            return Err(S3Error::UnknownOptions(unknown));
        }
        Ok(args)
    }

    /// Whether a flag was given.
    pub fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    /// The last value of an option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// Every value of the named options, in command-line order, with the option's name.
    pub fn values_of<'a>(&'a self, names: &'a [&str]) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.options.iter().filter_map(move |(n, v)| {
            let v = v.as_deref()?;
            names.contains(&n.as_str()).then_some((n.as_str(), v))
        })
    }

    /// An integer option.
    pub fn int(&self, name: &str) -> Result<Option<i64>, S3Error> {
        self.value(name)
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    S3Error::Usage(format!("argument --{name}: invalid int value: '{v}'"))
                })
            })
            .transpose()
    }
}

/// The AWS CLI v2's argparse message for a value outside an option's choices, with the close
/// matches of the value, if any.
fn invalid_choice(name: &str, value: &str, choices: &[&str]) -> String {
    format!(
        "argument --{name}: {}",
        aws2_pyrepr::difflib::invalid_choice(value, choices)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn parses_flags_values_and_positionals() {
        let spec = [("recursive", Takes::Flag), ("exclude", Takes::Value)];
        let a = Args::parse(
            &words(&["a", "--exclude", "*", "--recursive", "b", "--exclude=x"]),
            &spec,
        )
        .unwrap();
        assert_eq!(a.positionals, ["a", "b"]);
        assert!(a.flag("recursive"));
        assert_eq!(a.value("exclude"), Some("x"));
        assert_eq!(a.values_of(&["exclude"]).count(), 2);
        let err = Args::parse(&words(&["--nope"]), &spec).unwrap_err();
        assert!(matches!(err, S3Error::UnknownOptions(_)));
        assert!(Args::parse(&words(&["--exclude"]), &spec).is_err());
        assert!(Args::parse(&words(&["--exclude", "--recursive"]), &spec).is_err());
        let a = Args::parse(&words(&["--exclude", "-1"]), &spec).unwrap();
        assert_eq!(a.value("exclude"), Some("-1"));
    }

    #[test]
    fn optional_values_and_choices() {
        let spec = [
            (
                "sse",
                Takes::Optional {
                    missing: "AES256",
                    choices: &["AES256", "aws:kms"],
                },
            ),
            ("dryrun", Takes::Flag),
        ];
        let parse = |w: &[&str]| Args::parse(&words(w), &spec);
        assert_eq!(parse(&["a", "--sse"]).unwrap().value("sse"), Some("AES256"));
        let a = parse(&["--sse", "--dryrun", "a"]).unwrap();
        assert_eq!((a.value("sse"), a.flag("dryrun")), (Some("AES256"), true));
        assert_eq!(a.positionals, ["a"]);
        let a = parse(&["--sse", "aws:kms", "a"]).unwrap();
        assert_eq!((a.value("sse"), a.positionals.len()), (Some("aws:kms"), 1));
        assert_eq!(
            parse(&["--sse=aws:kms"]).unwrap().value("sse"),
            Some("aws:kms")
        );
        let S3Error::Usage(msg) = parse(&["--sse", "a.txt"]).unwrap_err() else {
            panic!("a usage error")
        };
        assert_eq!(msg, "argument --sse: Found invalid choice 'a.txt'\n");
        let S3Error::Usage(msg) = parse(&["--sse", "AES25"]).unwrap_err() else {
            panic!("a usage error")
        };
        assert_eq!(
            msg,
            "argument --sse: Found invalid choice 'AES25'\n\nMaybe you meant:\n\n  * AES256"
        );
    }

    #[test]
    fn pairs_take_two_values() {
        let spec = [("tags", Takes::Pair)];
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = Args::parse(
            &words(&["--tags", "a", "b", "s3://x", "--tags", "c", "d"]),
            &spec,
        )
        .unwrap();
        let tags: Vec<_> = a.values_of(&["tags"]).map(|(_, v)| v).collect();
        assert_eq!(
            (tags, &a.positionals),
            (vec!["a", "b", "c", "d"], &vec!["s3://x".to_owned()])
        );
        for short in [&["--tags", "a"][..], &["--tags", "a", "--x"], &["--tags"]] {
            let e = Args::parse(&words(short), &spec).unwrap_err();
            assert_eq!(e.to_string(), "argument --tags: expected 2 arguments");
        }
    }
}
