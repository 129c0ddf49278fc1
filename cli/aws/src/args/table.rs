//! The argument table of an operation: one `--kebab-case` option per input member, plus the
//! CLI's own options (`--cli-input-json`, `--generate-cli-skeleton`, pagination).

use aws2_core::model::{cli_name, ModelError, Operation, Service, ShapeRef, ShapeType};

/// How an argument takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A boolean member: `--flag` / `--no-flag`, no value.
    Boolean,
    /// A list: one or more values (each a scalar or a structure), or one JSON list.
    List,
    /// One value (scalar, structure, map or list of structures: shorthand or JSON).
    Single,
    /// A structure of one boolean `Value` taken as a boolean (ec2 `--source-dest-check`):
    /// `--x` sends `{"Value": true}`, `--no-x` `{"Value": false}`, and `--x VALUE` the value.
    BooleanValue,
    /// A streaming output member: a positional output file name.
    OutFile,
}

/// One option of an operation's command line.
#[derive(Debug, Clone)]
pub struct Argument {
    /// The CLI name without dashes, e.g. `instance-ids`.
    pub name: String,
    /// The input member it fills (empty for the CLI's own options).
    pub member: String,
    /// The member's shape reference.
    pub shape_ref: ShapeRef,
    /// The target shape's type.
    pub shape_type: ShapeType,
    /// How values are taken.
    pub kind: ArgKind,
    /// Whether the member is required.
    pub required: bool,
    /// The negative form of a boolean when renamed (`ec2 create-image --reboot`).
    pub negative_name: Option<String>,
    /// Accepted but left out of help (the AWS CLI's undocumented arguments).
    pub undocumented: bool,
    /// The help text of an option a customization adds (model members have the model's).
    pub doc: &'static str,
}

impl Argument {
    /// The negative form of a boolean option, without dashes: `no-<name>` unless renamed.
    pub fn negative(&self) -> String {
        self.negative_name
            .clone()
            .unwrap_or_else(|| format!("no-{}", self.name))
    }
}

/// The CLI's own options an operation accepts besides its members.
pub const BUILTIN_ARGS: &[&str] = &["cli-input-json", "cli-input-yaml", "generate-cli-skeleton"];

/// The CLI's own options of an operation with the argument table `table`: none where an
/// argument is named `outfile` (the output streams to a file, or a customization writes one:
/// the AWS CLI adds neither `--cli-input-*` nor `--generate-cli-skeleton` there).
pub fn builtin_args(table: &[Argument]) -> &'static [&'static str] {
    match table
        .iter()
        .any(|a| a.kind == ArgKind::OutFile || a.name == "outfile")
    {
        true => &[],
        false => BUILTIN_ARGS,
    }
}

/// Pagination options, present when the operation has a paginator.
pub const PAGING_ARGS: &[&str] = &["starting-token", "page-size", "max-items"];

/// Builds the argument table of an operation from its input shape, as its own command
/// (the operation's CLI name) has it.
pub fn build(service: &Service, operation: &Operation) -> Result<Vec<Argument>, ModelError> {
    build_for(service, operation, &cli_name(&operation.name))
}

/// Builds the argument table of the command `command` that runs `operation` (which may be a
/// command of its own, as `rds add-option-to-option-group` running `ModifyOptionGroup`).
pub fn build_for(
    service: &Service,
    operation: &Operation,
    command: &str,
) -> Result<Vec<Argument>, ModelError> {
    let mut args = Vec::new();
    let Some(input) = &operation.input else {
        return Ok(args);
    };
    let shape = service.resolve(input)?;
    for (member, member_ref) in &shape.members {
        let target = service.resolve(member_ref)?;
        let kind = match target.shape_type {
            ShapeType::Boolean => ArgKind::Boolean,
            ShapeType::List => ArgKind::List,
            _ => ArgKind::Single,
        };
        args.push(Argument {
            name: cli_name(member),
            member: member.clone(),
            shape_ref: member_ref.clone(),
            shape_type: target.shape_type,
            kind,
            required: shape.is_required(member)
                && !aws2_client::customize::is_defaulted(member_ref),
            negative_name: None,
            undocumented: false,
            doc: "",
        });
    }
    crate::customizations::change_args(service.model_name(), &operation.name, &mut args);
    crate::customizations::change_command_args(service.model_name(), command, &mut args);
    if let Some(output) = &operation.output {
        let out_shape = service.resolve(output)?;
        if let Some(payload) = &out_shape.payload {
            if let Some(member_ref) = out_shape.members.get(payload) {
                let target = service.resolve(member_ref)?;
                // As the AWS CLI: any blob payload, streaming or not (`lambda invoke`).
                if target.shape_type == ShapeType::Blob {
                    args.push(Argument {
                        name: "outfile".into(),
                        member: payload.clone(),
                        shape_ref: member_ref.clone(),
                        shape_type: target.shape_type,
                        kind: ArgKind::OutFile,
                        required: true,
                        negative_name: None,
                        undocumented: false,
                        doc: "",
                    });
                }
            }
        }
    }
    Ok(args)
}
