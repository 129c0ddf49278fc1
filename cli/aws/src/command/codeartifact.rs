//! `aws codeartifact login`, beside the operations of the CodeArtifact API: it gets an
//! authorization token (`GetAuthorizationToken`) and the repository's endpoint for the
//! tool's package format (`GetRepositoryEndpoint`), then configures the tool: `npm config
//! set`, `pip config set`, `swift package-registry` (and `~/.netrc`), `nuget sources` or
//! `dotnet nuget` commands, or the `~/.pypirc` file twine reads. `--dry-run` prints the
//! commands (or the file) instead.

mod expiry;
mod pypirc;
mod tools;

use super::spec::{CommandSpec, GroupSpec, OptionSpec as O};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use aws2_core::Value;
use indexmap::IndexMap;
use std::sync::Arc;

/// The tools, in the AWS CLI's order, with their package format and whether they take
/// `--namespace`.
const TOOLS: &[(&str, &str, bool)] = &[
    ("swift", "swift", true),
    ("nuget", "nuget", false),
    ("dotnet", "nuget", false),
    ("npm", "npm", true),
    ("pip", "pypi", false),
    ("twine", "pypi", false),
];

/// The `codeartifact` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "codeartifact",
    description: "AWS CodeArtifact, with the commands the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "login",
        description: "Sets up the idiomatic tool for your package format to use your \
                      CodeArtifact repository. Your login information is valid for up to 12 \
                      hours after which you must login again.",
        options: &[
            O::value("tool", "The tool you want to connect with your repository")
                .choices(&["swift", "nuget", "dotnet", "npm", "pip", "twine"])
                .required(),
            O::value("domain", "Your CodeArtifact domain name").required(),
            O::value(
                "domain-owner",
                "The AWS account ID that owns your CodeArtifact domain",
            ),
            O::value(
                "namespace",
                "Associates a namespace with your repository tool",
            ),
            O::value(
                "duration-seconds",
                "The time, in seconds, that the login information is valid",
            )
            .typed("integer"),
            O::value("repository", "Your CodeArtifact repository name").required(),
            O::value(
                "endpoint-type",
                "The type of endpoint you want the tool to interact with",
            ),
            O::flag(
                "dry-run",
                "Only print the commands that would be executed to connect your tool with \
                 your repository without making any changes to your configuration. Note that \
                 this prints the unredacted auth token as part of the output",
            ),
        ],
    }],
};

/// What a tool's login needs.
pub struct Login {
    /// The tool (`npm`).
    pub tool: String,
    /// The authorization token.
    pub token: String,
    /// When the token expires.
    pub expiration: chrono::DateTime<chrono::Utc>,
    /// The repository's endpoint for the tool's package format.
    pub endpoint: String,
    /// The domain.
    pub domain: String,
    /// The repository.
    pub repository: String,
    /// `--namespace`.
    pub namespace: Option<String>,
    /// `--dry-run`.
    pub dry_run: bool,
}

/// Runs `aws codeartifact login` (`words` from `codeartifact` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let spec = GROUP.command("login").expect("codeartifact login is declared");
    let args = custom::parse(spec, &words[2..])?;
    let tool = args.value("tool").unwrap_or_default().to_lowercase();
    let &(_, format, takes_namespace) = TOOLS
        .iter()
        .find(|(name, _, _)| *name == tool)
        .ok_or_else(|| CliError::other(format!("'{tool}'")))?;
    let duration = args.value("duration-seconds").map(crate::presigned::python_int).transpose()?;
    let non_empty = |name: &str| args.value(name).filter(|v| !v.is_empty());
    let session = session::config_session(globals);
    let service = Arc::new(aws2_core::Service::load("codeartifact")?);
    let client = session::client(globals, &session, service.clone())?;
    let call = |op: &str, input: IndexMap<String, Value>| -> Result<Value, CliError> {
        let op = service.operation(op)?;
        client
            .call(&op, &Value::Map(input))
            .map_err(crate::call_error::call_error)
    };
    let text = |v: &str| Value::String(v.to_owned());
    let domain = args.value("domain").unwrap_or_default();
    let mut input = IndexMap::new();
    input.insert("domain".to_owned(), text(domain));
    if let Some(owner) = non_empty("domain-owner") {
        input.insert("domainOwner".to_owned(), text(owner));
    }
    if let Some(seconds) = duration.filter(|s| *s != 0) {
        input.insert("durationSeconds".to_owned(), Value::Integer(seconds));
    }
    let token = call("GetAuthorizationToken", input)?;
    let repository = args.value("repository").unwrap_or_default();
    let mut input = IndexMap::new();
    input.insert("domain".to_owned(), text(domain));
    input.insert("repository".to_owned(), text(repository));
    input.insert("format".to_owned(), text(format));
    if let Some(kind) = non_empty("endpoint-type") {
        input.insert("endpointType".to_owned(), text(kind));
    }
    if let Some(owner) = non_empty("domain-owner") {
        input.insert("domainOwner".to_owned(), text(owner));
    }
    let endpoint = call("GetRepositoryEndpoint", input)?;
    let namespace = args.value("namespace").map(str::to_owned);
    if !takes_namespace && namespace.as_deref().is_some_and(|n| !n.is_empty()) {
        return Err(CliError::other(format!(
            "Argument --namespace is not supported for {tool}"
        )));
    }
    let endpoint = match endpoint.get("repositoryEndpoint") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(CliError::other("'repositoryEndpoint'")),
    };
    let auth = match token.get("authorizationToken") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(CliError::other("'authorizationToken'")),
    };
    let expiration = match token.get("expiration") {
        Some(Value::Timestamp(t)) => expiry::moment(t.epoch_f64()),
        _ => None,
    }
    .ok_or_else(|| CliError::other("'expiration'"))?;
    let login = Login {
        tool,
        token: auth,
        expiration,
        endpoint,
        domain: domain.to_owned(),
        repository: repository.to_owned(),
        namespace,
        dry_run: args.flag("dry-run"),
    };
    tools::login(&login).map_err(CliError::other)?;
    Ok(0)
}

impl Login {
    /// Prints that the tool is configured and when the login expires.
    pub fn success_message(&self, tool: &str) {
        let left = expiry::remaining_text(self.expiration, chrono::Utc::now());
        println!(
            "Successfully configured {tool} to use AWS CodeArtifact repository {} ",
            self.endpoint
        );
        println!(
            "Login expires in {left} at {}",
            expiry::local_text(self.expiration)
        );
    }
}
