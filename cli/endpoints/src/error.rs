//! Errors of endpoint resolution.

/// Why no endpoint could be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    /// An error rule matched: the message the rule set gives (e.g. `Invalid Configuration:
    /// Missing Region`).
    #[error("{0}")]
    Rule(String),
    /// Evaluation failed: a parameter of the wrong type, a required parameter missing, a function
    /// given values it cannot take.
    #[error("endpoint resolution failed: {0}")]
    Evaluation(String),
    /// No rule matched the parameters.
    #[error("no endpoint rule matched the parameters: {0}")]
    NoMatch(String),
    /// The rule set document is not a valid `endpoint-rule-set-1` document.
    #[error("invalid endpoint rule set: {0}")]
    InvalidRuleSet(String),
    /// The models ship no rule set for this service.
    #[error("the service {0} has no endpoint rule set")]
    NoRuleSet(String),
    /// A setting that feeds endpoint resolution has an invalid value, or the profile names a
    /// `[services]` section that does not exist.
    #[error("{0}")]
    Config(String),
    /// Input parameters given as JSON are not strings, booleans or string arrays.
    #[error("invalid endpoint parameters: {0}")]
    InvalidParams(String),
    /// The partitions document is not valid.
    #[error("invalid partitions document: {0}")]
    InvalidPartitions(String),
    /// The embedded models could not be read.
    #[error("{0}")]
    Models(String),
}

impl From<aws2_models::ModelError> for EndpointError {
    fn from(e: aws2_models::ModelError) -> Self {
        EndpointError::Models(e.to_string())
    }
}
