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

/// A failed compile or evaluation of a query, with the message the Python `jmespath` module
/// (1.0.1, as the AWS CLI v2 ships it) gives: syntax errors end with the expression and a
/// caret under the position.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    /// The class of the failure.
    pub kind: ErrorKind,
    /// The description.
    pub message: String,
    /// Where a syntax error points, until the expression is added to the message.
    pub(crate) caret: Option<Caret>,
}

/// How a syntax error shows the expression under its message.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Caret {
    /// A parse error: the expression in double quotes, the caret under the character.
    Quoted(usize),
    /// A lexer error: the expression as is.
    Plain(usize),
}

impl QueryError {
    pub(crate) fn new(kind: ErrorKind, message: String) -> Self {
        QueryError {
            kind,
            message,
            caret: None,
        }
    }

    pub(crate) fn pointing(kind: ErrorKind, message: String, caret: Caret) -> Self {
        QueryError {
            kind,
            message,
            caret: Some(caret),
        }
    }

    /// Adds the expression and the caret line to a syntax error's message.
    fn with_expression(mut self, expression: &str) -> Self {
        match self.caret.take() {
            Some(Caret::Quoted(pos)) => {
                self.message += &format!(":\n\"{expression}\"\n{}^", " ".repeat(pos + 1));
            }
            Some(Caret::Plain(pos)) => {
                self.message += &format!(":\n{expression}\n{}^", " ".repeat(pos));
            }
            None => {}
        }
        self
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
        let with = |e: QueryError| e.with_expression(expression);
        let tokens = lexer::tokenize(expression).map_err(with)?;
        let root = parser::parse(tokens).map_err(with)?;
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
