//! One command-line parser with the rules of Python's argparse as the AWS CLI v2 runs it
//! (Python 3.11, `allow_abbrev`): `--name value`, `--name=value`, unique prefixes of option
//! names (an ambiguous prefix is an error), `nargs` `?`, `*`, `+` and fixed counts, choices,
//! positionals matched between the options as argparse matches them, required arguments, and
//! the words nothing took ("extras", which the callers report as unknown options).
//!
//! Used for model operations, custom commands and the global options alike; the messages are
//! argparse's (without the usage text, which [`crate::error`] adds).

use crate::command::{Nargs, OptionSpec};

/// One option or positional as the parser sees it.
#[derive(Debug, Clone, Copy)]
pub struct Opt<'a> {
    /// Name without dashes (a positional's dest).
    pub name: &'a str,
    /// How many values it takes.
    pub nargs: Nargs,
    /// Accepted values; empty: any.
    pub choices: &'a [&'a str],
    /// Whether it must be given.
    pub required: bool,
    /// A positional rather than an `--option`.
    pub positional: bool,
}

impl<'a> From<&'a OptionSpec> for Opt<'a> {
    fn from(spec: &'a OptionSpec) -> Opt<'a> {
        Opt {
            name: spec.name,
            nargs: spec.nargs,
            choices: spec.choices,
            required: spec.required,
            positional: spec.positional,
        }
    }
}

impl<'a> Opt<'a> {
    /// An `--option` that is not required and accepts any value.
    pub fn option(name: &'a str, nargs: Nargs) -> Opt<'a> {
        Opt {
            name,
            nargs,
            choices: &[],
            required: false,
            positional: false,
        }
    }

    fn display(&self) -> String {
        if self.positional {
            self.name.to_owned()
        } else {
            format!("--{}", self.name)
        }
    }
}

/// One option or positional the command line gave, with its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// Its index in the parser's options.
    pub index: usize,
    /// Its name (without dashes).
    pub name: String,
    /// Its values: none for a switch, the constant for `nargs='?'` given alone.
    pub values: Vec<String>,
}

/// What a command line gave, in order.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Options and positionals, in the order the command line gave them (an option given
    /// twice appears twice).
    pub given: Vec<Given>,
    /// Words no option or positional took, in order.
    pub extras: Vec<String>,
}

impl Parsed {
    /// Whether the option `name` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.given.iter().any(|g| g.name == name)
    }

    /// The first value of the last `name` given.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.given
            .iter()
            .rev()
            .find(|g| g.name == name)
            .and_then(|g| g.values.first())
            .map(String::as_str)
    }

    /// Every value of every `name` given, in order.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.given
            .iter()
            .filter(|g| g.name == name)
            .flat_map(|g| g.values.iter().map(String::as_str))
            .collect()
    }
}

/// How argparse classifies one word of the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// A value or positional ('A').
    Arg,
    /// `--`: every later word is an `Arg`.
    EndOfOptions,
    /// One of the options (by index), with the value given after `=`.
    Option {
        /// Index into the options.
        index: usize,
        /// `--name=value`'s value.
        explicit: Option<String>,
    },
    /// A word that looks like an option but names none ('O').
    Unknown,
}

/// Whether a word is a negative number, which argparse reads as a value.
fn negative_number(word: &str) -> bool {
    let Some(rest) = word.strip_prefix('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match rest.split_once('.') {
        None => digits(rest),
        Some((int, frac)) => (int.is_empty() || digits(int)) && digits(frac),
    }
}

/// Classifies `word` against `opts` as argparse's `_parse_optional` does: an exact option, an
/// option with `=value`, a unique prefix of an option; an ambiguous prefix is an error.
pub fn classify(word: &str, opts: &[Opt<'_>]) -> Result<Word, String> {
    if !word.starts_with('-') {
        return Ok(Word::Arg);
    }
    let named = || {
        opts.iter()
            .enumerate()
            .filter(|(_, o)| !o.positional)
            .map(|(i, o)| (i, o.name))
    };
    if let Some(body) = word.strip_prefix("--") {
        if let Some((i, _)) = named().find(|(_, n)| *n == body) {
            return Ok(Word::Option {
                index: i,
                explicit: None,
            });
        }
    }
    if word.len() == 1 {
        return Ok(Word::Arg);
    }
    let (prefix, explicit) = match word.split_once('=') {
        Some((p, v)) => (p, Some(v.to_owned())),
        None => (word, None),
    };
    if let Some(body) = prefix.strip_prefix("--") {
        if let Some((i, _)) = named().find(|(_, n)| *n == body) {
            return Ok(Word::Option { index: i, explicit });
        }
        let matches: Vec<(usize, &str)> = named().filter(|(_, n)| n.starts_with(body)).collect();
        match matches.as_slice() {
            [(i, _)] => {
                return Ok(Word::Option {
                    index: *i,
                    explicit,
                })
            }
            [] => {}
            many => {
                let names: Vec<String> = many.iter().map(|(_, n)| format!("--{n}")).collect();
                return Err(format!(
                    "ambiguous option: {word} could match {}",
                    names.join(", ")
                ));
            }
        }
    }
    if negative_number(word) || word.contains(' ') {
        return Ok(Word::Arg);
    }
    Ok(Word::Unknown)
}

/// `argument --name: message`, argparse's form of an error about one argument.
fn argument_error(opt: &Opt<'_>, message: &str) -> String {
    format!("argument {}: {message}", opt.display())
}

/// argparse's complaint when too few values follow an option.
fn count_error(nargs: Nargs) -> String {
    match nargs {
        Nargs::One => "expected one argument".into(),
        Nargs::Optional(_) => "expected at most one argument".into(),
        Nargs::OneOrMore => "expected at least one argument".into(),
        Nargs::Exactly(1) => "expected 1 argument".into(),
        Nargs::Exactly(n) => format!("expected {n} arguments"),
        Nargs::Zero | Nargs::ZeroOrMore => String::new(),
    }
}

/// Checks each value against the option's choices.
fn check_choices(opt: &Opt<'_>, values: &[String]) -> Result<(), String> {
    if opt.choices.is_empty() {
        return Ok(());
    }
    for v in values {
        if !opt.choices.contains(&v.as_str()) {
            return Err(argument_error(
                opt,
                &aws2_pyrepr::difflib::invalid_choice(v, opt.choices),
            ));
        }
    }
    Ok(())
}

/// The values given to a `nargs='?'` option that took none: its constant, if any.
fn constant(nargs: Nargs) -> Vec<String> {
    match nargs {
        Nargs::Optional(c) if !c.is_empty() => vec![c.to_owned()],
        _ => Vec::new(),
    }
}

struct State<'w, 'o> {
    words: &'w [String],
    kinds: Vec<Word>,
    opts: &'o [Opt<'o>],
    /// Positionals not matched yet, in order.
    positionals: Vec<usize>,
    parsed: Parsed,
}

impl State<'_, '_> {
    /// Indices of the value words from `start` up to the next option (`--` skipped).
    fn arg_run(&self, start: usize) -> Vec<usize> {
        let mut run = Vec::new();
        for i in start..self.words.len() {
            match self.kinds[i] {
                Word::Arg => run.push(i),
                Word::EndOfOptions => {}
                _ => break,
            }
        }
        run
    }

    /// The end of the run of value words starting at `start`.
    fn run_end(&self, start: usize) -> usize {
        (start..self.words.len())
            .find(|&i| !matches!(self.kinds[i], Word::Arg | Word::EndOfOptions))
            .unwrap_or(self.words.len())
    }

    /// Matches as many of the remaining positionals as the value words from `start` allow
    /// (argparse's `consume_positionals`); returns the index after the words taken.
    fn consume_positionals(&mut self, start: usize) -> Result<usize, String> {
        let run = self.arg_run(start);
        let avail = run.len();
        // The most positionals that can match, each taking as many words as it can while
        // leaving the later ones their least (a greedy regular expression's match).
        let mut count = self.positionals.len();
        let takes = loop {
            let chosen = &self.positionals[..count];
            let mins: usize = chosen.iter().map(|&p| self.opts[p].nargs.min()).sum();
            if mins <= avail {
                let mut left = avail;
                let mut rest_min = mins;
                let mut takes = Vec::new();
                for &p in chosen {
                    let nargs = self.opts[p].nargs;
                    rest_min -= nargs.min();
                    let take = nargs.max().min(left - rest_min);
                    takes.push(take);
                    left -= take;
                }
                break takes;
            }
            count -= 1;
        };
        let mut used = 0;
        for (k, take) in takes.iter().enumerate() {
            let p = self.positionals[k];
            let values: Vec<String> = run[used..used + take]
                .iter()
                .map(|&i| self.words[i].clone())
                .collect();
            used += take;
            let opt = self.opts[p];
            check_choices(&opt, &values)?;
            self.parsed.given.push(Given {
                index: p,
                name: opt.name.to_owned(),
                values,
            });
        }
        self.positionals.drain(..takes.len());
        Ok(match used {
            0 => start,
            n => run[n - 1] + 1,
        })
    }

    /// Takes the option at `start` and its values (argparse's `consume_optional`).
    fn consume_optional(&mut self, start: usize) -> Result<usize, String> {
        let (index, explicit) = match &self.kinds[start] {
            Word::Option { index, explicit } => (*index, explicit.clone()),
            _ => {
                self.parsed.extras.push(self.words[start].clone());
                return Ok(start + 1);
            }
        };
        let opt = self.opts[index];
        let (values, next) = match explicit {
            Some(value) => match opt.nargs {
                Nargs::Zero => {
                    let repr = aws2_pyrepr::str_repr(&value);
                    return Err(argument_error(
                        &opt,
                        &format!("ignored explicit argument {repr}"),
                    ));
                }
                Nargs::Exactly(n) if n != 1 => {
                    return Err(argument_error(&opt, &count_error(opt.nargs)))
                }
                _ => (vec![value], start + 1),
            },
            None => {
                let run = self.arg_run(start + 1);
                let take = opt.nargs.max().min(run.len());
                if take < opt.nargs.min() {
                    return Err(argument_error(&opt, &count_error(opt.nargs)));
                }
                let values: Vec<String> = if take == 0 {
                    constant(opt.nargs)
                } else {
                    run[..take].iter().map(|&i| self.words[i].clone()).collect()
                };
                let next = match take {
                    0 => start + 1,
                    n => run[n - 1] + 1,
                };
                (values, next)
            }
        };
        check_choices(&opt, &values)?;
        self.parsed.given.push(Given {
            index,
            name: opt.name.to_owned(),
            values,
        });
        Ok(next)
    }
}

/// Parses `words` against `opts` as argparse's `parse_known_args` does. An `Err` is
/// argparse's message; words nothing took are in [`Parsed::extras`].
pub fn parse(words: &[String], opts: &[Opt<'_>]) -> Result<Parsed, String> {
    let mut kinds = Vec::with_capacity(words.len());
    let mut ended = false;
    for w in words {
        kinds.push(if ended {
            Word::Arg
        } else if w == "--" {
            ended = true;
            Word::EndOfOptions
        } else {
            classify(w, opts)?
        });
    }
    let option_indices: Vec<usize> = (0..words.len())
        .filter(|&i| matches!(kinds[i], Word::Option { .. } | Word::Unknown))
        .collect();
    let mut state = State {
        words,
        kinds,
        opts,
        positionals: (0..opts.len()).filter(|&i| opts[i].positional).collect(),
        parsed: Parsed::default(),
    };
    let mut start = 0;
    while let Some(&next_option) = option_indices.iter().find(|&&i| i >= start) {
        if start != next_option {
            let end = state.consume_positionals(start)?;
            if end > start {
                start = end;
                continue;
            }
            // Value words before the option that no positional takes.
            let end = state.run_end(start);
            for (word, kind) in words[start..end].iter().zip(&state.kinds[start..end]) {
                if *kind == Word::Arg {
                    state.parsed.extras.push(word.clone());
                }
            }
            start = end;
        }
        start = state.consume_optional(start)?;
    }
    let stop = state.consume_positionals(start)?;
    for (i, word) in words.iter().enumerate().skip(stop) {
        if state.kinds[i] != Word::EndOfOptions {
            state.parsed.extras.push(word.clone());
        }
    }
    let missing: Vec<String> = opts
        .iter()
        .enumerate()
        .filter(|(i, o)| o.required && !state.parsed.given.iter().any(|g| g.index == *i))
        .map(|(_, o)| o.display())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ));
    }
    Ok(state.parsed)
}

#[cfg(test)]
mod tests;
