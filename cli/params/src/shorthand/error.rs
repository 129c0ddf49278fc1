//! Errors of the shorthand parser, worded as the AWS CLI v2 words them.

use crate::paramfile::ParamFileError;

/// A shorthand value that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShorthandError {
    /// The input does not follow the grammar at `index` (a character offset).
    #[error("Expected: '{expected}', received: '{actual}' for input:\n{}", error_location(input, *index))]
    Syntax {
        /// The whole input.
        input: String,
        /// What the grammar expected (a character, or a `<name>` of a token).
        expected: String,
        /// What was found (a character, `EOF` or `<none>`).
        actual: String,
        /// Character offset of the error.
        index: usize,
    },
    /// A top-level key appears twice, usually a `,` typed where a space was meant.
    #[error(
        "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often because there is a preceding \",\" instead of a space.",
        error_location(input, *index)
    )]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// The whole input.
        input: String,
        /// Character offset shown by the caret.
        index: usize,
    },
    /// Lists and braces nested deeper than [`MAX_DEPTH`](crate::shorthand::MAX_DEPTH).
    #[error("maximum recursion depth exceeded")]
    TooDeep,
    /// A `key@=file://...` value could not be loaded.
    #[error(transparent)]
    ParamFile(#[from] ParamFileError),
}

impl ShorthandError {
    /// Character offset the error points at, if it has one.
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::Syntax { index, .. } | Self::DuplicateKey { index, .. } => Some(*index),
            Self::TooDeep | Self::ParamFile(_) => None,
        }
    }
}

/// The input with a caret line under the character at `index`; when the input spans several
/// lines the caret goes right below the line holding that character.
pub fn error_location(input: &str, index: usize) -> String {
    let chars: Vec<char> = input.chars().collect();
    let index = index.min(chars.len());
    let (before, after) = chars.split_at(index);
    let num_spaces = match before.iter().rposition(|&c| c == '\n') {
        Some(nl) => index - nl - 1,
        None => index,
    };
    let (consumed, remaining): (String, String) = match after.iter().position(|&c| c == '\n') {
        Some(nl) => (
            chars[..index + nl].iter().collect(),
            chars[index + nl..].iter().collect(),
        ),
        None => (input.to_owned(), String::new()),
    };
    format!("{consumed}\n{}^{remaining}", " ".repeat(num_spaces))
}
