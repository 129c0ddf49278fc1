//! Fuzzes the shorthand parser (and the JSON reader that shares its inputs): any input must
//! give a value or an error, never a panic, and errors must point inside the input.
#![no_main]

use aws2_params::paramfile::{FileResolver, ParamFileError};
use aws2_params::shorthand::{parse_with, ShorthandError};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Answers `@=` references without touching the file system.
struct FakeFiles;

impl FileResolver for FakeFiles {
    fn resolve(&self, value: &str) -> Result<Option<Value>, ParamFileError> {
        if value.starts_with("file://missing") {
            return Err(ParamFileError::Io {
                value: value.to_owned(),
                reason: "[Errno 2] No such file or directory".to_owned(),
            });
        }
        let loaded = value.starts_with("file://") || value.starts_with("fileb://");
        Ok(loaded.then(|| Value::String(format!("<{value}>"))))
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match parse_with(input, &FakeFiles) {
        Ok(value) => assert!(value.is_object(), "top level must be an object: {value}"),
        Err(err) => {
            if let Some(index) = err.index() {
                assert!(index <= input.chars().count() + 1, "index {index} beyond input");
            }
            let message = err.to_string();
            if let ShorthandError::Syntax { .. } = err {
                assert!(message.contains('^'), "no caret in {message:?}");
            }
        }
    }
    let _ = aws2_params::pyjson::parse(input).map_err(|e| e.to_string());
});
