//! Splits an operation's words into option values, as the AWS CLI's argparse setup does:
//! `--x value`, `--x=value`, lists taking every following non-option word, `--flag` /
//! `--no-flag`, unique-prefix abbreviations, the last repetition winning.

use super::table::{ArgKind, Argument, BUILTIN_ARGS, PAGING_ARGS};
use crate::error::CliError;
use std::collections::HashMap;

/// The raw text given for one option.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// A boolean flag: `true` for `--x`, `false` for `--no-x`.
    Flag(bool),
    /// One value.
    One(String),
    /// One or more values of a list option.
    Many(Vec<String>),
}

/// The parsed command line of an operation.
#[derive(Debug, Default)]
pub struct ParsedArgs {
    /// Member options by CLI name (without dashes).
    pub members: HashMap<String, RawValue>,
    /// The CLI's own options (`cli-input-json`, `generate-cli-skeleton`, paging) by name.
    pub builtins: HashMap<String, Option<String>>,
    /// Positional words (output files).
    pub positionals: Vec<String>,
}

enum Target<'a> {
    Member(&'a Argument, bool),
    Builtin(&'static str),
}

fn candidates<'a>(table: &'a [Argument], paginated: bool) -> Vec<(String, Target<'a>)> {
    let mut out = Vec::new();
    for arg in table {
        // The paging options shadow members of the same name (IAM's `MaxItems`), as in the
        // AWS CLI, where the member stays reachable only when pagination is off.
        if paginated && PAGING_ARGS.contains(&arg.name.as_str()) {
            continue;
        }
        match arg.kind {
            ArgKind::OutFile => {}
            ArgKind::Boolean => {
                out.push((arg.name.clone(), Target::Member(arg, true)));
                out.push((arg.negative(), Target::Member(arg, false)));
            }
            _ => out.push((arg.name.clone(), Target::Member(arg, true))),
        }
    }
    for b in BUILTIN_ARGS {
        out.push(((*b).to_owned(), Target::Builtin(b)));
    }
    if paginated {
        for b in PAGING_ARGS {
            out.push(((*b).to_owned(), Target::Builtin(b)));
        }
    }
    out
}

fn is_option(word: &str) -> bool {
    word.starts_with("--") && word.len() > 2
}

/// Whether argparse reads a word as an option rather than a value: it starts with `-`, is
/// not a negative number and has no space. Such a word never becomes an option's value.
pub fn looks_like_option(word: &str) -> bool {
    let Some(rest) = word.strip_prefix('-') else {
        return false;
    };
    let negative_number = !rest.is_empty()
        && rest.split_once('.').map_or_else(
            || rest.bytes().all(|b| b.is_ascii_digit()),
            |(int, frac)| {
                int.bytes().all(|b| b.is_ascii_digit())
                    && !frac.is_empty()
                    && frac.bytes().all(|b| b.is_ascii_digit())
            },
        );
    !rest.is_empty() && !negative_number && !word.contains(' ')
}

/// Parses the words after `<service> <operation>`.
pub fn parse(
    words: &[String],
    table: &[Argument],
    paginated: bool,
) -> Result<ParsedArgs, CliError> {
    let cands = candidates(table, paginated);
    let mut parsed = ParsedArgs::default();
    let allowed_positionals = table.iter().filter(|a| a.kind == ArgKind::OutFile).count();
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if !is_option(word) {
            // Positional words beyond the output file are unknown, as in the AWS CLI.
            if parsed.positionals.len() < allowed_positionals {
                parsed.positionals.push(word.clone());
            } else {
                unknown.push(word.clone());
            }
            continue;
        }
        let (name, inline) = match word[2..].split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (&word[2..], None),
        };
        let target = match cands.iter().find(|(n, _)| n == name) {
            Some((_, t)) => t,
            None => {
                let matches: Vec<_> = cands.iter().filter(|(n, _)| n.starts_with(name)).collect();
                match matches.len() {
                    1 => &matches[0].1,
                    0 => {
                        unknown.push(word.clone());
                        continue;
                    }
                    _ => {
                        let names: Vec<String> =
                            matches.iter().map(|(n, _)| format!("--{n}")).collect();
                        return Err(CliError::usage(format!(
                            "ambiguous option: --{name} could match {}",
                            names.join(", ")
                        )));
                    }
                }
            }
        };
        match target {
            Target::Member(arg, positive) => match arg.kind {
                ArgKind::Boolean => {
                    if inline.is_some() {
                        return Err(CliError::usage(format!(
                            "argument --{}: ignored explicit argument '{}'",
                            arg.name,
                            inline.unwrap_or_default()
                        )));
                    }
                    parsed
                        .members
                        .insert(arg.name.clone(), RawValue::Flag(*positive));
                }
                ArgKind::List => {
                    let mut values: Vec<String> = inline.into_iter().collect();
                    while i < words.len() && !looks_like_option(&words[i]) {
                        values.push(words[i].clone());
                        i += 1;
                    }
                    // Like the AWS CLI (`nargs='*'`), no values at all give an empty list.
                    parsed
                        .members
                        .insert(arg.name.clone(), RawValue::Many(values));
                }
                _ => {
                    let value = take_one(&arg.name, inline, words, &mut i)?;
                    parsed
                        .members
                        .insert(arg.name.clone(), RawValue::One(value));
                }
            },
            Target::Builtin("generate-cli-skeleton") => {
                let value = match inline {
                    Some(v) => Some(v),
                    None if i < words.len() && !looks_like_option(&words[i]) => {
                        i += 1;
                        Some(words[i - 1].clone())
                    }
                    None => None,
                };
                parsed
                    .builtins
                    .insert("generate-cli-skeleton".into(), value);
            }
            Target::Builtin(name) => {
                let value = take_one(name, inline, words, &mut i)?;
                parsed.builtins.insert((*name).to_owned(), Some(value));
            }
        }
    }
    if !unknown.is_empty() {
        return Err(CliError::UnknownOptions(unknown));
    }
    Ok(parsed)
}

fn take_one(
    name: &str,
    inline: Option<String>,
    words: &[String],
    i: &mut usize,
) -> Result<String, CliError> {
    if let Some(v) = inline {
        return Ok(v);
    }
    match words.get(*i) {
        Some(v) if !looks_like_option(v) => {
            *i += 1;
            Ok(v.clone())
        }
        _ => Err(CliError::usage(format!(
            "argument --{name}: expected one argument"
        ))),
    }
}
