//! `aws <service> <operation> help`: NAME, DESCRIPTION, SYNOPSIS, OPTIONS, GLOBAL OPTIONS,
//! EXAMPLES and OUTPUT, from the operation's model and docs.

use super::global;
use super::page::{Page, Style};
use super::shapes::{Ctx, Label, STEP};
use crate::args::table::{self, ArgKind, Argument, PAGING_ARGS};
use aws2_core::model::{ModelError, Operation};

/// Indentation of section bodies (as in man pages).
pub const BODY: usize = 7;

/// What an operation page shows besides the operation itself.
pub struct OperationPage<'a> {
    /// The command name shown in NAME and SYNOPSIS (`describe-instances`, `instance-running`).
    pub command: &'a str,
    /// Description HTML (the operation's docs, or a waiter's generated text).
    pub description: Option<&'a str>,
    /// The paginator's result keys, when the command paginates.
    pub result_keys: Option<Vec<String>>,
    /// Whether to show the OUTPUT tree (waiters print nothing).
    pub show_output: bool,
}

/// Writes the page of one operation (or waiter) of a service.
pub fn render(
    page: &mut Page,
    ctx: &Ctx<'_>,
    operation: &Operation,
    info: &OperationPage<'_>,
) -> Result<(), ModelError> {
    let args = table::build_for(ctx.service, operation, info.command)?;
    let paginated = info.result_keys.is_some();

    page.section("NAME");
    page.line(BODY, &format!("{} -", info.command));

    page.section("DESCRIPTION");
    match info.description {
        Some(doc) if !doc.trim().is_empty() => page.html(BODY, doc),
        _ => page.line(BODY, "No description is available."),
    }
    if operation.deprecated {
        page.blank();
        page.line(BODY, "This operation is deprecated.");
    }
    if let Some(uid) = &ctx.service.metadata().uid {
        page.blank();
        page.text(
            BODY,
            &format!(
                "See also: AWS API Documentation (https://docs.aws.amazon.com/goto/WebAPI/{uid}/{})",
                operation.name
            ),
        );
    }
    if let Some(keys) = &info.result_keys {
        page.blank();
        let mut text = format!(
            "{} is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the --no-paginate argument.",
            info.command
        );
        if !keys.is_empty() {
            text.push_str(" When using --output text and the --query argument on a paginated response, the --query argument must extract data from the results of the following query expressions: ");
            text.push_str(&keys.join(", "));
        }
        page.text(BODY, &text);
    }

    page.section("SYNOPSIS");
    synopsis(page, info.command, &args, paginated);

    page.section("OPTIONS");
    let input_shape = operation
        .input
        .as_ref()
        .map(|r| r.shape.as_str())
        .unwrap_or("");
    options(page, ctx, input_shape, &args, paginated)?;

    page.section("GLOBAL OPTIONS");
    global::options(page, BODY);

    page.section("EXAMPLES");
    page.text(
        BODY,
        "The models this CLI is built from carry no examples for this command. The OPTIONS above describe every parameter; --generate-cli-skeleton prints a template of the input.",
    );

    if info.show_output {
        page.section("OUTPUT");
        output(page, ctx, operation)?;
    }
    Ok(())
}

/// How an option is written in the synopsis and the OPTIONS heading.
fn option_name(arg: &Argument) -> String {
    match arg.kind {
        ArgKind::Boolean | ArgKind::BooleanValue => {
            format!("--{} | --{}", arg.name, arg.negative())
        }
        ArgKind::OutFile => "outfile".to_owned(),
        _ => format!("--{}", arg.name),
    }
}

fn synopsis(page: &mut Page, command: &str, args: &[Argument], paginated: bool) {
    page.line(BODY + 5, command);
    let opt = BODY + 3;
    for arg in args.iter().filter(|a| !a.undocumented) {
        let line = match (arg.kind, arg.required) {
            (ArgKind::OutFile, _) => "<outfile>".to_owned(),
            (ArgKind::Boolean | ArgKind::BooleanValue, true) => option_name(arg),
            (ArgKind::Boolean | ArgKind::BooleanValue, false) => format!("[{}]", option_name(arg)),
            (_, true) => format!("--{} <value>", arg.name),
            (_, false) => format!("[--{} <value>]", arg.name),
        };
        page.line(opt, &line);
    }
    let builtins = !table::builtin_args(args).is_empty();
    if builtins {
        page.line(opt, "[--cli-input-json | --cli-input-yaml]");
    }
    if paginated {
        for name in PAGING_ARGS {
            page.line(opt, &format!("[--{name} <value>]"));
        }
    }
    if builtins {
        page.line(opt, "[--generate-cli-skeleton <value>]");
    }
    for line in global::synopsis() {
        page.line(opt, &line);
    }
}

fn options(
    page: &mut Page,
    ctx: &Ctx<'_>,
    input_shape: &str,
    args: &[Argument],
    paginated: bool,
) -> Result<(), ModelError> {
    for arg in args.iter().filter(|a| !a.undocumented) {
        let name = option_name(arg);
        if arg.shape_ref.shape.is_empty() {
            synthetic_option(page, &name, arg);
            continue;
        }
        let doc = ctx.docs.member(input_shape, &arg.member);
        let mut stack = Vec::new();
        ctx.tree(
            page,
            BODY,
            Label::Option {
                name: &name,
                required: arg.required && arg.kind != ArgKind::OutFile,
            },
            &arg.shape_ref,
            doc,
            &mut stack,
        )?;
        if arg.kind == ArgKind::OutFile {
            page.blank();
            page.line(BODY + STEP, "Filename where the content will be saved.");
            continue;
        }
        // A structure taken as a boolean shows no syntax of its own, as in the AWS CLI.
        if arg.kind == ArgKind::BooleanValue {
            continue;
        }
        if let Some(shorthand) = ctx.shorthand_syntax(&arg.shape_ref)? {
            page.blank();
            page.styled_line(BODY, &[(Style::Bold, "Shorthand Syntax:")]);
            page.blank();
            page.line(BODY + STEP, &shorthand);
        }
        if !arg.shape_type.is_scalar() {
            page.blank();
            page.styled_line(BODY, &[(Style::Bold, "JSON Syntax:")]);
            page.blank();
            for line in ctx.json_syntax(&arg.shape_ref)? {
                page.line(BODY + STEP, &line);
            }
        }
    }
    for (name, text) in builtin_docs(paginated, args) {
        page.blank();
        page.styled_line(
            BODY,
            &[(Style::Bold, name.as_str()), (Style::Plain, " (string)")],
        );
        page.text(BODY + STEP, text);
    }
    Ok(())
}

/// An option the CLI adds in place of model members (`ec2 run-instances --count`).
fn synthetic_option(page: &mut Page, name: &str, arg: &Argument) {
    page.blank();
    let label = match arg.shape_type {
        aws2_core::model::ShapeType::Blob => " (blob)",
        aws2_core::model::ShapeType::Boolean => " (boolean)",
        _ => " (string)",
    };
    page.styled_line(BODY, &[(Style::Bold, name), (Style::Plain, label)]);
    let text = match arg.doc {
        "" => "An option of the command line itself.",
        doc => doc,
    };
    page.text(BODY + STEP, text);
}

fn builtin_docs(paginated: bool, args: &[Argument]) -> Vec<(String, &'static str)> {
    let builtins = !table::builtin_args(args).is_empty();
    let mut docs = vec![
        ("--cli-input-json | --cli-input-yaml".to_owned(),
         "Reads arguments from the JSON string provided (or from a file with file://). The JSON string follows the format provided by --generate-cli-skeleton. If other arguments are provided on the command line, those values will override the JSON-provided values. It is not possible to pass arbitrary binary values using a JSON-provided value as the string will be taken literally. --cli-input-yaml reads the same arguments as YAML."),
    ];
    if paginated {
        docs.push(("--starting-token".to_owned(), "A token to specify where to start paginating. This is the NextToken from a previously truncated response."));
        docs.push(("--page-size".to_owned(), "The size of each page to get in the AWS service call. This does not affect the number of items returned in the command's output. Setting a smaller page size results in more calls to the AWS service, retrieving fewer items in each call. This can help prevent the AWS service calls from timing out."));
        docs.push(("--max-items".to_owned(), "The total number of items to return in the command's output. If the total number of items available is more than the value specified, a NextToken is provided in the command's output. To resume pagination, provide the NextToken value in the starting-token argument of a subsequent command."));
    }
    if !builtins {
        docs.retain(|(name, _)| !name.starts_with("--cli-input"));
        return docs;
    }
    docs.push(("--generate-cli-skeleton".to_owned(), "Prints a JSON skeleton to standard output without sending an API request. If provided with no value or the value input, prints a sample input JSON that can be used as an argument for --cli-input-json. Similarly, if provided yaml-input it will print a sample input YAML that can be used with --cli-input-yaml. If provided with the value output, it validates the command inputs and returns a sample output JSON for that command."));
    docs
}

fn output(page: &mut Page, ctx: &Ctx<'_>, operation: &Operation) -> Result<(), ModelError> {
    let Some(output) = &operation.output else {
        page.line(BODY, "None");
        return Ok(());
    };
    let shape = ctx.service.resolve(output)?;
    if shape.members.is_empty() {
        page.line(BODY, "None");
        return Ok(());
    }
    let mut stack = vec![shape.name.clone()];
    for (name, member) in &shape.members {
        let doc = ctx.docs.member(&shape.name, name);
        ctx.tree(page, BODY, Label::Member(name), member, doc, &mut stack)?;
    }
    Ok(())
}
