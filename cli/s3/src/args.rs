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
                Some((_, Takes::Value)) => {
                    let value = match inline {
                        Some(v) => v,
                        None if i < words.len() => {
                            i += 1;
                            words[i - 1].clone()
                        }
                        None => {
                            return Err(S3Error::Usage(format!(
                                "argument --{name}: expected one argument"
                            )))
                        }
                    };
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
    }
}
