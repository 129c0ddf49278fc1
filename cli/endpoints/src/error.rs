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
    /// The embedded models could not be read.
    #[error("{0}")]
    Models(String),
}

impl From<aws2_models::ModelError> for EndpointError {
    fn from(e: aws2_models::ModelError) -> Self {
        EndpointError::Models(e.to_string())
    }
}
