//! `file://` and `fileb://` parameter values.

use aws2_params::paramfile::{load, ParamFileContent};
use std::path::{Path, PathBuf};

fn text(value: &str) -> String {
    match load(value).unwrap_or_else(|e| panic!("{value}: {e}")) {
        Some(ParamFileContent::Text(t)) => t,
        other => panic!("{value}: {other:?}"),
    }
}

/// `target` relative to the current directory, through `..` steps.
fn relative_to_cwd(target: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap();
    let mut rel = PathBuf::new();
    for _ in cwd.components().skip(1) {
        rel.push("..");
    }
    rel.join(target.strip_prefix("/").unwrap())
}

#[test]
fn absolute_text_file_with_universal_newlines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.json");
    std::fs::write(&path, "{\"a\": 1}\r\nsecond\rthird\n").unwrap();
    assert_eq!(
        text(&format!("file://{}", path.display())),
        "{\"a\": 1}\nsecond\nthird\n"
    );
}

#[test]
fn relative_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rel.txt");
    std::fs::write(&path, "relative").unwrap();
    let rel = relative_to_cwd(&path);
    assert!(rel.is_relative());
    assert_eq!(text(&format!("file://{}", rel.display())), "relative");
}

#[test]
fn home_and_variables_are_expanded() {
    let home = PathBuf::from(std::env::var("HOME").expect("HOME is set"));
    let file = tempfile::Builder::new()
        .prefix("aws2-params-")
        .tempfile_in(&home)
        .unwrap();
    std::fs::write(file.path(), "from home").unwrap();
    let name = file
        .path()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(text(&format!("file://~/{name}")), "from home");
    assert_eq!(text(&format!("file://$HOME/{name}")), "from home");
    assert_eq!(text(&format!("file://${{HOME}}/{name}")), "from home");
}

#[test]
fn utf8_text_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.txt");
    std::fs::write(&path, "\u{feff}héllo 日本").unwrap();
    assert_eq!(
        text(&format!("file://{}", path.display())),
        "\u{feff}héllo 日本"
    );
}

#[test]
fn binary_file_is_raw_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.bin");
    let bytes = vec![0u8, 0xff, b'\r', b'\n', 0x80];
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        load(&format!("fileb://{}", path.display())).unwrap(),
        Some(ParamFileContent::Binary(bytes))
    );
}

#[test]
fn binary_content_through_file_prefix_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.bin");
    std::fs::write(&path, [0xffu8, 0xfe]).unwrap();
    let err = load(&format!("file://{}", path.display())).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Unable to load paramfile ({}), text contents could not be decoded.  If this is a \
             binary file, please use the fileb:// prefix instead of the file:// prefix.",
            path.display()
        )
    );
}

#[test]
fn missing_file_and_directory_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let err = load(&format!("file://{}", missing.display())).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Unable to load paramfile file://{0}: [Errno 2] No such file or directory: '{0}'",
            missing.display()
        )
    );
    let err = load(&format!("fileb://{}", dir.path().display())).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Unable to load paramfile fileb://{0}: [Errno 21] Is a directory: '{0}'",
            dir.path().display()
        )
    );
    let err = load("file://").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Unable to load paramfile file://: [Errno 2] No such file or directory: ''"
    );
}

#[test]
fn other_values_are_not_files() {
    for value in [
        "http://example.com/x",
        "https://example.com/x",
        "plain",
        "FILE://x",
        "file:/x",
        "",
    ] {
        assert_eq!(load(value).unwrap(), None, "{value}");
    }
}
