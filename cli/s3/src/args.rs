//! The options of one `s3` subcommand as the `aws` command line parser read them (from the
//! one declaration of the command in `aws2-cli`): positionals, and each option given with
//! its value, in command-line order. Nothing here reads option words.

use crate::error::S3Error;

/// The parsed options of one subcommand.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Args {
    /// Positional arguments in order.
    pub positionals: Vec<String>,
    /// Options in the order given (name without dashes, value; switches have `None`). An
    /// option of several values (`--grants a b`, `--tags k v`) is one entry per value.
    pub options: Vec<(String, Option<String>)>,
}

impl Args {
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

    fn args() -> Args {
        let opt = |n: &str, v: Option<&str>| (n.to_owned(), v.map(str::to_owned));
        Args {
            positionals: vec!["a".into(), "b".into()],
            options: vec![
                opt("exclude", Some("*")),
                opt("recursive", None),
                opt("include", Some("x")),
                opt("exclude", Some("y")),
                opt("page-size", Some("ten")),
            ],
        }
    }

    #[test]
    fn reads_flags_last_values_and_all_values_in_order() {
        let a = args();
        assert!(a.flag("recursive") && !a.flag("dryrun"));
        assert_eq!(a.value("exclude"), Some("y"));
        assert_eq!(a.value("recursive"), None);
        let filters: Vec<_> = a.values_of(&["exclude", "include"]).collect();
        assert_eq!(
            filters,
            [("exclude", "*"), ("include", "x"), ("exclude", "y")]
        );
    }

    #[test]
    fn integers_are_checked() {
        let err = args().int("page-size").unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument --page-size: invalid int value: 'ten'"
        );
        assert_eq!(args().int("expires-in").unwrap(), None);
    }
}
