//! The table of settings: for each, its config-file key, its environment variables, its
//! command-line option and its default. Precedence per setting: command line, environment,
//! config files (the selected profile), later environment fallbacks, default.

/// How one setting is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingDef {
    /// The logical name (also the key callers pass to [`crate::Session::setting`]).
    pub name: &'static str,
    /// The key in a profile of the config file, if it can be set there.
    pub config_key: Option<&'static str>,
    /// Environment variables, first one set wins.
    pub env: &'static [&'static str],
    /// Environment variables consulted only after the config file.
    pub fallback_env: &'static [&'static str],
    /// The global command-line option, if any.
    pub flag: Option<&'static str>,
    /// The default value, if any.
    pub default: Option<&'static str>,
}

const fn def(
    name: &'static str,
    config_key: Option<&'static str>,
    env: &'static [&'static str],
    flag: Option<&'static str>,
    default: Option<&'static str>,
) -> SettingDef {
    SettingDef {
        name,
        config_key,
        env,
        fallback_env: &[],
        flag,
        default,
    }
}

/// Every setting the AWS CLI reads from the command line, the environment or a profile
/// (credential settings are read by the providers, see [`crate::credentials`]).
pub const SETTINGS: &[SettingDef] = &[
    def(
        "region",
        Some("region"),
        &["AWS_REGION", "AWS_DEFAULT_REGION"],
        Some("--region"),
        None,
    ),
    def(
        "output",
        Some("output"),
        &["AWS_DEFAULT_OUTPUT"],
        Some("--output"),
        Some("json"),
    ),
    def(
        "ca_bundle",
        Some("ca_bundle"),
        &["AWS_CA_BUNDLE"],
        Some("--ca-bundle"),
        None,
    ),
    def(
        "cli_timestamp_format",
        Some("cli_timestamp_format"),
        &[],
        None,
        Some("iso8601"),
    ),
    def(
        "parameter_validation",
        Some("parameter_validation"),
        &[],
        None,
        Some("true"),
    ),
    def(
        "max_attempts",
        Some("max_attempts"),
        &["AWS_MAX_ATTEMPTS"],
        None,
        None,
    ),
    def(
        "retry_mode",
        Some("retry_mode"),
        &["AWS_RETRY_MODE"],
        None,
        Some("standard"),
    ),
    SettingDef {
        name: "cli_pager",
        config_key: Some("cli_pager"),
        env: &["AWS_PAGER"],
        fallback_env: &["PAGER"],
        flag: Some("--no-cli-pager"),
        default: Some("less"),
    },
    def(
        "cli_binary_format",
        Some("cli_binary_format"),
        &[],
        Some("--cli-binary-format"),
        Some("base64"),
    ),
    def(
        "cli_auto_prompt",
        Some("cli_auto_prompt"),
        &["AWS_CLI_AUTO_PROMPT"],
        Some("--cli-auto-prompt"),
        Some("off"),
    ),
    def(
        "cli_error_format",
        Some("cli_error_format"),
        &["AWS_CLI_ERROR_FORMAT"],
        Some("--cli-error-format"),
        Some("enhanced"),
    ),
    def(
        "cli_history",
        Some("cli_history"),
        &[],
        None,
        Some("disabled"),
    ),
    def(
        "cli_file_encoding",
        None,
        &["AWS_CLI_FILE_ENCODING"],
        None,
        None,
    ),
    def(
        "tcp_keepalive",
        Some("tcp_keepalive"),
        &["BOTOCORE_TCP_KEEPALIVE"],
        None,
        Some("false"),
    ),
    def(
        "sts_regional_endpoints",
        Some("sts_regional_endpoints"),
        &["AWS_STS_REGIONAL_ENDPOINTS"],
        None,
        Some("regional"),
    ),
    def(
        "endpoint_url",
        Some("endpoint_url"),
        &["AWS_ENDPOINT_URL"],
        Some("--endpoint-url"),
        None,
    ),
    def(
        "ignore_configured_endpoint_urls",
        Some("ignore_configured_endpoint_urls"),
        &["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"],
        None,
        Some("false"),
    ),
    def(
        "use_fips_endpoint",
        Some("use_fips_endpoint"),
        &["AWS_USE_FIPS_ENDPOINT"],
        None,
        Some("false"),
    ),
    def(
        "use_dualstack_endpoint",
        Some("use_dualstack_endpoint"),
        &["AWS_USE_DUALSTACK_ENDPOINT"],
        None,
        Some("false"),
    ),
    def(
        "endpoint_discovery_enabled",
        Some("endpoint_discovery_enabled"),
        &["AWS_ENDPOINT_DISCOVERY_ENABLED"],
        None,
        Some("auto"),
    ),
    def(
        "defaults_mode",
        Some("defaults_mode"),
        &["AWS_DEFAULTS_MODE"],
        None,
        Some("legacy"),
    ),
    def(
        "sdk_ua_app_id",
        Some("sdk_ua_app_id"),
        &["AWS_SDK_UA_APP_ID"],
        None,
        None,
    ),
    def(
        "request_checksum_calculation",
        Some("request_checksum_calculation"),
        &["AWS_REQUEST_CHECKSUM_CALCULATION"],
        None,
        Some("when_supported"),
    ),
    def(
        "response_checksum_validation",
        Some("response_checksum_validation"),
        &["AWS_RESPONSE_CHECKSUM_VALIDATION"],
        None,
        Some("when_supported"),
    ),
    def(
        "account_id_endpoint_mode",
        Some("account_id_endpoint_mode"),
        &["AWS_ACCOUNT_ID_ENDPOINT_MODE"],
        None,
        Some("preferred"),
    ),
    def(
        "metadata_service_timeout",
        Some("metadata_service_timeout"),
        &["AWS_METADATA_SERVICE_TIMEOUT"],
        None,
        Some("1"),
    ),
    def(
        "metadata_service_num_attempts",
        Some("metadata_service_num_attempts"),
        &["AWS_METADATA_SERVICE_NUM_ATTEMPTS"],
        None,
        Some("1"),
    ),
    def(
        "ec2_metadata_service_endpoint",
        Some("ec2_metadata_service_endpoint"),
        &["AWS_EC2_METADATA_SERVICE_ENDPOINT"],
        None,
        None,
    ),
    def(
        "ec2_metadata_service_endpoint_mode",
        Some("ec2_metadata_service_endpoint_mode"),
        &["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"],
        None,
        Some("IPv4"),
    ),
    def(
        "ec2_metadata_v1_disabled",
        Some("ec2_metadata_v1_disabled"),
        &["AWS_EC2_METADATA_V1_DISABLED"],
        None,
        Some("false"),
    ),
    def(
        "ec2_metadata_disabled",
        None,
        &["AWS_EC2_METADATA_DISABLED"],
        None,
        Some("false"),
    ),
    def(
        "disable_request_compression",
        Some("disable_request_compression"),
        &["AWS_DISABLE_REQUEST_COMPRESSION"],
        None,
        Some("false"),
    ),
    def(
        "request_min_compression_size_bytes",
        Some("request_min_compression_size_bytes"),
        &["AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES"],
        None,
        Some("10240"),
    ),
    def(
        "sigv4a_signing_region_set",
        Some("sigv4a_signing_region_set"),
        &["AWS_SIGV4A_SIGNING_REGION_SET"],
        None,
        None,
    ),
    def(
        "web_identity_token_file",
        Some("web_identity_token_file"),
        &["AWS_WEB_IDENTITY_TOKEN_FILE"],
        None,
        None,
    ),
    def(
        "role_session_name",
        Some("role_session_name"),
        &["AWS_ROLE_SESSION_NAME"],
        None,
        None,
    ),
    def(
        "cli_read_timeout",
        None,
        &[],
        Some("--cli-read-timeout"),
        Some("60"),
    ),
    def(
        "cli_connect_timeout",
        None,
        &[],
        Some("--cli-connect-timeout"),
        Some("60"),
    ),
    def(
        "verify_ssl",
        None,
        &[],
        Some("--no-verify-ssl"),
        Some("true"),
    ),
    def("paginate", None, &[], Some("--no-paginate"), Some("true")),
    def("color", None, &[], Some("--color"), Some("auto")),
    def("query", None, &[], Some("--query"), None),
    def("debug", None, &[], Some("--debug"), Some("false")),
];

/// The definition of a setting by logical name.
pub fn setting_def(name: &str) -> Option<&'static SettingDef> {
    SETTINGS.iter().find(|d| d.name == name)
}

/// The output formats `output` accepts.
pub const OUTPUT_FORMATS: &[&str] = &["json", "text", "table", "yaml", "yaml-stream"];

/// The retry modes `retry_mode` accepts.
pub const RETRY_MODES: &[&str] = &["legacy", "standard", "adaptive"];

/// botocore's `ensure_boolean`: only `true` (any case) is true.
pub fn ensure_boolean(value: &str) -> bool {
    value.eq_ignore_ascii_case("true")
}
