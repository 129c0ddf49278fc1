//! The `s3` command: builds the S3 client and settings, then hands over to `aws2-s3`.

use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use aws2_config::credentials::{CredentialChain, RemoteClients};
use aws2_s3::report::StdPrinter;
use aws2_s3::{Context, PresignConfig, S3Error, TransferSettings};
use std::sync::Arc;

fn convert(e: S3Error) -> CliError {
    match e {
        S3Error::Usage(msg) => CliError::usage(msg),
        S3Error::UnknownOptions(opts) => CliError::unknown_custom_options(&opts),
        S3Error::Validation(msg) => CliError::validation(msg),
        S3Error::Call(call) => crate::call_error::call_error(*call),
        S3Error::Other(msg) => CliError::other(msg),
    }
}

/// Runs `aws s3 ...` with the words after `s3`.
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    let Some(sub) = words.first() else {
        return Err(CliError::usage(
            "the following arguments are required: operation",
        ));
    };
    let Some(spec) = crate::command::command("s3", sub) else {
        return aws2_s3::run_unknown(sub).map_err(convert);
    };
    // The one parser settles prefixes, `=`, value counts, choices and required paths; the
    // commands of `aws2-s3` read the same command line in full spelling.
    let parsed = custom::parse(spec, &words[1..])?;
    let rest = &custom::canonical(spec, &parsed)[..];
    let session = crate::session::config_session(globals);
    if sub == "presign" {
        return presign(globals, &session, rest);
    }
    let settings = match TransferSettings::from_lookup(|key| session.s3(key).ok().flatten()) {
        Ok(settings) => settings,
        // As in the AWS CLI, only the transfer commands read (and check) these settings.
        Err(e) if matches!(sub.as_str(), "cp" | "mv" | "rm" | "sync") => {
            return Err(CliError::other(e))
        }
        Err(_) => TransferSettings::default(),
    };
    let region = session.region_opt().map_err(CliError::from)?;
    let service = Arc::new(aws2_core::Service::load("s3")?);
    let client = crate::session::client(globals, &session, service.clone())?;
    let source_client = match aws2_s3::source_region(sub, rest) {
        Some(region) => Some(source_client(globals, region, service)?),
        None => None,
    };
    // Transfers stop and clean up on Ctrl-C; the other commands end at once, as any
    // operation does.
    match sub.as_str() {
        "cp" | "mv" | "rm" | "sync" => aws2_s3::cancel::install_handler(),
        _ => crate::interrupt::install(),
    }
    let ctx = Context {
        client: &client,
        source_client: source_client.as_ref(),
        settings,
        region,
        printer: &StdPrinter,
        param_files: Some(&read_param_file),
    };
    aws2_s3::run(&ctx, sub, rest).map_err(convert)
}

/// The client of the source bucket of an S3-to-S3 transfer with `--source-region`: the
/// profile's settings in that region. As in the AWS CLI, `--endpoint-url` names the
/// destination's endpoint only (an endpoint URL from the configuration still applies).
fn source_client(
    globals: &GlobalOptions,
    region: String,
    service: Arc<aws2_core::Service>,
) -> Result<aws2_client::Client, CliError> {
    let globals = GlobalOptions {
        region: Some(region),
        endpoint_url: None,
        ..globals.clone()
    };
    let session = crate::session::config_session(&globals);
    crate::session::client(&globals, &session, service)
}

/// The contents of a `file://` or `fileb://` option value.
fn read_param_file(value: &str) -> Result<Option<Vec<u8>>, String> {
    use aws2_params::paramfile::{load, ParamFileContent};
    Ok(load(value).map_err(|e| e.to_string())?.map(|c| match c {
        ParamFileContent::Text(text) => text.into_bytes(),
        ParamFileContent::Binary(bytes) => bytes,
    }))
}

fn presign(
    globals: &GlobalOptions,
    session: &aws2_config::Session,
    words: &[String],
) -> Result<i32, CliError> {
    let chain = CredentialChain::default_for(session);
    let credentials = match chain
        .resolve(session, &RemoteClients::default())
        .map_err(CliError::from)?
    {
        Some(found) => found.credentials,
        None => return Err(CliError::NoCredentials),
    };
    let endpoint_url = match &globals.endpoint_url {
        Some(url) => Some(url.clone()),
        None => session
            .endpoint_url("S3")
            .map_err(CliError::from)?
            .map(|r| r.value),
    };
    let config = PresignConfig {
        credentials,
        region: session
            .region_opt()
            .map_err(CliError::from)?
            .unwrap_or_else(|| "us-east-1".into()),
        endpoint_url,
    };
    aws2_s3::presign(&config, &StdPrinter, words).map_err(convert)
}
