//! `--query`: a JMESPath engine over `serde_json::Value` that follows the
//! reference (Python) implementation the AWS CLI uses: same grammar, same
//! function checks, object key order kept, integers kept apart from floats.

mod ast;
mod functions;
mod interp;
mod lexer;
mod parser;

use serde_json::Value;

/// The class of a query failure, as named by the JMESPath compliance suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The expression does not parse.
    Syntax,
    /// A function received an argument of the wrong type.
    InvalidType,
    /// A value is out of its domain (a zero slice step).
    InvalidValue,
    /// A function received the wrong number of arguments.
    InvalidArity,
    /// The function name is not known.
    UnknownFunction,
}

/// A failed compile or evaluation of a query, with a one-line message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// The class of the failure.
    pub kind: ErrorKind,
    /// A one-line description.
    pub message: String,
}

impl QueryError {
    pub(crate) fn new(kind: ErrorKind, message: String) -> Self {
        QueryError { kind, message }
    }
}

/// A compiled JMESPath expression.
#[derive(Debug, Clone)]
pub struct Query {
    expression: String,
    root: ast::Node,
}

impl Query {
    /// Parses `expression`; syntax errors are reported here.
    pub fn compile(expression: &str) -> Result<Query, QueryError> {
        let tokens = lexer::tokenize(expression)?;
        let root = parser::parse(tokens)?;
        Ok(Query {
            expression: expression.to_string(),
            root,
        })
    }

    /// The source text of the expression.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// Evaluates the expression against `value`.
    pub fn apply(&self, value: &Value) -> Result<Value, QueryError> {
        interp::eval(&self.root, value)
    }
}
