//! The declaration of a command that is not a plain model operation: its name, description and
//! options. Parsing (`crate::args::argparse`), help pages and completion all read it.

/// How many values an option or positional takes, as argparse's `nargs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nargs {
    /// A switch: no value (`action='store_true'`).
    Zero,
    /// Exactly one value (argparse's default).
    One,
    /// `'?'`: one value or none; none means the constant given here (empty: no value).
    Optional(&'static str),
    /// `'*'`: any number of values.
    ZeroOrMore,
    /// `'+'`: one value or more.
    OneOrMore,
    /// A fixed number of values (`nargs=2`).
    Exactly(usize),
}

impl Nargs {
    /// The fewest values this takes.
    pub const fn min(self) -> usize {
        match self {
            Nargs::One | Nargs::OneOrMore => 1,
            Nargs::Exactly(n) => n,
            Nargs::Zero | Nargs::Optional(_) | Nargs::ZeroOrMore => 0,
        }
    }

    /// The most values this takes (`usize::MAX`: no limit).
    pub fn max(self) -> usize {
        match self {
            Nargs::Zero => 0,
            Nargs::One | Nargs::Optional(_) => 1,
            Nargs::ZeroOrMore | Nargs::OneOrMore => usize::MAX,
            Nargs::Exactly(n) => n,
        }
    }
}

/// One option or positional argument of a command.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    /// The name without dashes (`recursive`); a positional's name is its `dest` (`paths`).
    pub name: &'static str,
    /// How many values it takes.
    pub nargs: Nargs,
    /// The values it accepts; empty: any.
    pub choices: &'static [&'static str],
    /// Whether the command line must give it.
    pub required: bool,
    /// A positional argument rather than an `--option`.
    pub positional: bool,
    /// The type label of the help page (`string`, `boolean`, `integer`, `list`, `map`, `blob`).
    pub type_label: &'static str,
    /// What a positional stands for in the synopsis (`<S3Uri>`); empty for options.
    pub synopsis: &'static str,
    /// The help text.
    pub doc: &'static str,
}

impl OptionSpec {
    /// A switch (`--recursive`).
    pub const fn flag(name: &'static str, doc: &'static str) -> OptionSpec {
        OptionSpec {
            name,
            nargs: Nargs::Zero,
            choices: &[],
            required: false,
            positional: false,
            type_label: "boolean",
            synopsis: "",
            doc,
        }
    }

    /// An option with one string value (`--content-type text/plain`).
    pub const fn value(name: &'static str, doc: &'static str) -> OptionSpec {
        OptionSpec {
            nargs: Nargs::One,
            type_label: "string",
            ..OptionSpec::flag(name, doc)
        }
    }

    /// A positional argument, required unless `nargs` allows none.
    pub const fn positional(
        name: &'static str,
        nargs: Nargs,
        synopsis: &'static str,
    ) -> OptionSpec {
        OptionSpec {
            nargs,
            positional: true,
            required: nargs.min() > 0,
            type_label: "string",
            synopsis,
            ..OptionSpec::flag(name, "")
        }
    }

    /// The same option taking `nargs` values.
    pub const fn nargs(self, nargs: Nargs) -> OptionSpec {
        OptionSpec { nargs, ..self }
    }

    /// The same option limited to `choices`.
    pub const fn choices(self, choices: &'static [&'static str]) -> OptionSpec {
        OptionSpec { choices, ..self }
    }

    /// The same option with another help type label.
    pub const fn typed(self, type_label: &'static str) -> OptionSpec {
        OptionSpec { type_label, ..self }
    }

    /// The same option, required.
    pub const fn required(self) -> OptionSpec {
        OptionSpec {
            required: true,
            ..self
        }
    }

    /// The option as the command line writes it (`--recursive`); a positional's bare name.
    pub fn display_name(&self) -> String {
        if self.positional {
            self.name.to_owned()
        } else {
            format!("--{}", self.name)
        }
    }

    /// Its synopsis entry: `[--recursive]`, `[--acl <value>]`, `--csv <value>`,
    /// `[--grants <value> [<value>...]]`, `<S3Uri>`.
    pub fn synopsis_entry(&self) -> String {
        self.entry()
    }

    /// Whether `next` is this switch's `no-` form.
    pub fn is_negated_by(&self, next: &OptionSpec) -> bool {
        self.nargs == Nargs::Zero
            && next.nargs == Nargs::Zero
            && next.name.strip_prefix("no-") == Some(self.name)
    }

    fn entry(&self) -> String {
        if self.positional {
            return self.synopsis.to_owned();
        }
        let body = match self.nargs {
            Nargs::Zero => format!("--{}", self.name),
            Nargs::Exactly(2) => format!("--{} <key> <value>", self.name),
            Nargs::OneOrMore => format!("--{} <value> [<value>...]", self.name),
            _ => format!("--{} <value>", self.name),
        };
        if self.required {
            body
        } else {
            format!("[{body}]")
        }
    }
}

/// One custom command (`s3 cp`, `configure get`).
#[derive(Debug)]
pub struct CommandSpec {
    /// The subcommand (`cp`).
    pub name: &'static str,
    /// What it does.
    pub description: &'static str,
    /// Its positionals and options, in the order the AWS CLI v2 declares them (which is the
    /// order argparse lists the candidates of an ambiguous prefix in).
    pub options: &'static [OptionSpec],
}

impl CommandSpec {
    /// The `--options` (not the positionals).
    pub fn named_options(&self) -> impl Iterator<Item = &OptionSpec> {
        self.options.iter().filter(|o| !o.positional)
    }

    /// The synopsis lines after the command name: the positionals, then each option; a
    /// switch followed by its `no-` form is one line (`[--x | --no-x]`), as v2 writes a pair
    /// of switches of one destination.
    pub fn synopsis(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .options
            .iter()
            .filter(|o| o.positional)
            .map(OptionSpec::synopsis_entry)
            .collect();
        let options: Vec<&OptionSpec> = self.named_options().collect();
        let mut i = 0;
        while i < options.len() {
            let opt = options[i];
            match options.get(i + 1) {
                Some(next) if opt.is_negated_by(next) => {
                    lines.push(format!("[--{} | --{}]", opt.name, next.name));
                    i += 2;
                }
                _ => {
                    lines.push(opt.synopsis_entry());
                    i += 1;
                }
            }
        }
        lines
    }
}

/// A custom top-level command and its subcommands (`s3`), or subcommands the CLI adds to a
/// service (`sso login`).
#[derive(Debug)]
pub struct GroupSpec {
    /// The top-level command (`s3`).
    pub name: &'static str,
    /// What the group is for.
    pub description: &'static str,
    /// Whether the group adds commands to a service of the same name (`sso`): its own page
    /// and its other subcommands are the service's.
    pub extends_service: bool,
    /// The options of the group run as a command itself, without a subcommand (`update
    /// --dry-run`); `None` when it takes a subcommand.
    pub own: Option<&'static CommandSpec>,
    /// Its subcommands.
    pub commands: &'static [CommandSpec],
}

/// The name of a group that adds its subcommands to every service (`<service> wait`).
pub const ANY_SERVICE: &str = "*";

impl GroupSpec {
    /// The subcommand named `name`.
    pub fn command(&self, name: &str) -> Option<&'static CommandSpec> {
        self.commands.iter().find(|c| c.name == name)
    }
}
