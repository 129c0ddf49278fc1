//! Splits an operation's words into option values, as the AWS CLI's argparse setup does:
//! `--x value`, `--x=value`, lists taking every following non-option word, `--flag` /
//! `--no-flag`, unique-prefix abbreviations, the last repetition winning.

use super::argparse::{self, Opt};
use super::table::{builtin_args, ArgKind, Argument, PAGING_ARGS};
use crate::command::Nargs;
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
            ArgKind::Boolean | ArgKind::BooleanValue => {
                out.push((arg.name.clone(), Target::Member(arg, true)));
                out.push((arg.negative(), Target::Member(arg, false)));
            }
            _ => out.push((arg.name.clone(), Target::Member(arg, true))),
        }
    }
    for b in builtin_args(table) {
        out.push(((*b).to_owned(), Target::Builtin(b)));
    }
    if paginated {
        for b in PAGING_ARGS {
            out.push(((*b).to_owned(), Target::Builtin(b)));
        }
    }
    out
}

/// Whether argparse reads a word as an option rather than a value: it starts with `-`, is
/// not a negative number and has no space. Such a word never becomes an option's value.
pub fn looks_like_option(word: &str) -> bool {
    argparse::classify(word, &[]).is_ok_and(|w| w != argparse::Word::Arg)
}

/// Parses the words after `<service> <operation>`.
pub fn parse(
    words: &[String],
    table: &[Argument],
    paginated: bool,
) -> Result<ParsedArgs, CliError> {
    let cands = candidates(table, paginated);
    let mut opts: Vec<Opt<'_>> = cands
        .iter()
        .map(|(name, target)| {
            let nargs = match target {
                Target::Member(arg, positive) => match arg.kind {
                    ArgKind::Boolean => Nargs::Zero,
                    ArgKind::BooleanValue if *positive => Nargs::Optional(""),
                    ArgKind::BooleanValue => Nargs::Zero,
                    // Like the AWS CLI (`nargs='*'`), no values at all give an empty list.
                    ArgKind::List => Nargs::ZeroOrMore,
                    _ => Nargs::One,
                },
                Target::Builtin("generate-cli-skeleton") => Nargs::Optional(""),
                Target::Builtin(_) => Nargs::One,
            };
            Opt::option(name, nargs)
        })
        .collect();
    // The output file of a blob payload is positional (`s3api get-object ... out.txt`).
    let outfiles: Vec<&Argument> = table
        .iter()
        .filter(|a| a.kind == ArgKind::OutFile)
        .collect();
    opts.extend(outfiles.iter().map(|a| Opt {
        positional: true,
        ..Opt::option(&a.name, Nargs::One)
    }));
    let given = argparse::parse(words, &opts).map_err(CliError::usage)?;
    let mut parsed = ParsedArgs::default();
    // The options of which both forms were given (`--x` and `--no-x`).
    let mut both: Vec<String> = Vec::new();
    for g in given.given {
        let Some((_, target)) = cands.get(g.index) else {
            parsed.positionals.extend(g.values);
            continue;
        };
        let mut values = g.values.into_iter();
        match target {
            Target::Member(arg, positive) => {
                let value = match arg.kind {
                    ArgKind::Boolean => RawValue::Flag(*positive),
                    ArgKind::BooleanValue => {
                        let previous = parsed.members.get(&arg.name);
                        if previous.is_some_and(|p| (p == &RawValue::Flag(false)) == *positive) {
                            both.push(arg.name.clone());
                        }
                        match values.next() {
                            Some(v) if *positive => RawValue::One(v),
                            _ => RawValue::Flag(*positive),
                        }
                    }
                    ArgKind::List => RawValue::Many(values.collect()),
                    _ => RawValue::One(values.next().unwrap_or_default()),
                };
                parsed.members.insert(arg.name.clone(), value);
            }
            Target::Builtin(name) => {
                parsed.builtins.insert((*name).to_owned(), values.next());
            }
        }
    }
    // As argparse, missing required arguments are reported before unknown options.
    require(words, table, &parsed)?;
    if !given.extras.is_empty() {
        return Err(CliError::UnknownOptions(given.extras));
    }
    // As the AWS CLI, the first such option of the table is the one named.
    if let Some(arg) = table.iter().find(|a| both.contains(&a.name)) {
        return Err(CliError::Validation(format!(
            "Cannot specify both the \"--{}\" option and the \"--{}\" option.",
            arg.name,
            arg.negative()
        )));
    }
    Ok(parsed)
}

/// Refuses a command line without a required option or the `outfile` positional, unless it
/// names an option that lifts the requirement (`--cli-input-json`, `--cli-input-yaml`,
/// `--generate-cli-skeleton`, matched as whole words as the AWS CLI matches them).
fn require(words: &[String], table: &[Argument], parsed: &ParsedArgs) -> Result<(), CliError> {
    let lifted = builtin_args(table)
        .iter()
        .any(|b| words.iter().any(|w| w.strip_prefix("--") == Some(b)));
    if lifted {
        return Ok(());
    }
    let missing: Vec<String> = table
        .iter()
        .filter(|a| a.required)
        .filter_map(|a| match a.kind {
            // As the AWS CLI, a boolean option is never required on the command line;
            // validation reports its member missing.
            ArgKind::Boolean => None,
            ArgKind::OutFile => parsed.positionals.is_empty().then(|| a.name.clone()),
            _ => (!parsed.members.contains_key(&a.name)).then(|| format!("--{}", a.name)),
        })
        .collect();
    report_missing(&missing)
}

/// Refuses the command line when any of `missing` (options as typed, `--name`, or
/// positionals) is absent, in argparse's words.
pub(crate) fn report_missing(missing: &[String]) -> Result<(), CliError> {
    match missing.is_empty() {
        true => Ok(()),
        false => Err(CliError::usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ))),
    }
}
