//! The AWS CLI's command history: the SQLite database it shares with the AWS CLI v2
//! ([`db`]), recording into it when `cli_history = enabled` ([`recorder`]), and the two
//! views of it, `history list` ([`list`]) and `history show` ([`show`]).

pub mod db;
pub mod list;
pub mod pyjson;
pub mod recorder;
pub mod show;
pub mod xml;
