//! Every form of the shorthand grammar, with the value it must give.

use aws2_params::shorthand::parse;
use serde_json::{json, Value};

fn ok(input: &str) -> Value {
    parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"))
}

fn err(input: &str) -> String {
    match parse(input) {
        Ok(v) => panic!("{input:?} parsed to {v}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn key_value_pairs() {
    assert_eq!(ok("a=b"), json!({"a": "b"}));
    assert_eq!(ok("a=b,c=d"), json!({"a": "b", "c": "d"}));
    assert_eq!(ok("Key-1.x_y#/:z=v"), json!({"Key-1.x_y#/:z": "v"}));
}

#[test]
fn key_order_is_kept() {
    let parsed = ok("z=1,a=2,m=3");
    let keys: Vec<&String> = parsed.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["z", "a", "m"]);
}

#[test]
fn comma_lists() {
    assert_eq!(ok("a=b,c"), json!({"a": ["b", "c"]}));
    assert_eq!(
        ok("Values=a,b,c,Name=n"),
        json!({"Values": ["a", "b", "c"], "Name": "n"})
    );
    assert_eq!(ok("a=x,b=y,z"), json!({"a": "x", "b": ["y", "z"]}));
}

#[test]
fn explicit_lists() {
    assert_eq!(ok("a=[b,c]"), json!({"a": ["b", "c"]}));
    assert_eq!(ok("a=[]"), json!({"a": []}));
    assert_eq!(ok("a=[b]"), json!({"a": ["b"]}));
    assert_eq!(ok("a=[ b , c ]"), json!({"a": ["b", "c"]}));
    assert_eq!(ok("a=[[1,2],[3]]"), json!({"a": [["1", "2"], ["3"]]}));
}

#[test]
fn nested_structures() {
    assert_eq!(
        ok("k={a=b,c=[d,e]}"),
        json!({"k": {"a": "b", "c": ["d", "e"]}})
    );
    assert_eq!(
        ok("k={a={b={c=d}}}"),
        json!({"k": {"a": {"b": {"c": "d"}}}})
    );
    assert_eq!(ok("k={}"), json!({"k": {}}));
    assert_eq!(
        ok("k={ a = b , c = d }"),
        json!({"k": {"a": "b", "c": "d"}})
    );
    // A repeated key inside braces keeps its place and takes the last value.
    assert_eq!(ok("k={a=1,b=2,a=3}"), json!({"k": {"a": "3", "b": "2"}}));
}

#[test]
fn lists_of_structures() {
    assert_eq!(
        ok("Tags=[{Key=a,Value=b},{Key=c,Value=d}]"),
        json!({"Tags": [{"Key": "a", "Value": "b"}, {"Key": "c", "Value": "d"}]})
    );
    assert_eq!(ok("a=[{b=c},d]"), json!({"a": [{"b": "c"}, "d"]}));
}

#[test]
fn quoted_values() {
    assert_eq!(ok("a='b,c'"), json!({"a": "b,c"}));
    assert_eq!(ok("a=\"b c\""), json!({"a": "b c"}));
    assert_eq!(ok("a='it\\'s'"), json!({"a": "it's"}));
    assert_eq!(ok("a=\"say \\\"hi\\\"\""), json!({"a": "say \"hi\""}));
    assert_eq!(ok("a='back\\\\slash'"), json!({"a": "back\\slash"}));
    assert_eq!(ok("a=''"), json!({"a": ""}));
    assert_eq!(ok("a=[\"x,y\", 'z]']"), json!({"a": ["x,y", "z]"]}));
    assert_eq!(ok("a=x,'y,z'"), json!({"a": ["x", "y,z"]}));
    // An escaped closing quote at the very end is a literal backslash.
    assert_eq!(ok("a='trail\\'"), json!({"a": "trail\\"}));
}

#[test]
fn backslash_escapes() {
    assert_eq!(ok("a=b\\,c"), json!({"a": "b,c"}));
    assert_eq!(ok("a=[b\\,c,d]"), json!({"a": ["b,c", "d"]}));
    assert_eq!(ok("a=x\\y"), json!({"a": "x\\y"}));
}

#[test]
fn whitespace_rules() {
    assert_eq!(ok("a = b"), json!({"a": "b"}));
    assert_eq!(ok("a=b , c=d"), json!({"a": "b", "c": "d"}));
    assert_eq!(ok("a=hello world"), json!({"a": "hello world"}));
    assert_eq!(ok("a=b   "), json!({"a": "b"}));
    assert_eq!(ok("a=b,\nc=d"), json!({"a": "b", "c": "d"}));
    assert_eq!(ok("a=[\n  b,\n  c\n]"), json!({"a": ["b", "c"]}));
}

#[test]
fn empty_values() {
    assert_eq!(ok("a="), json!({"a": ""}));
    assert_eq!(ok("a=,b=c"), json!({"a": "", "b": "c"}));
    assert_eq!(ok("a=\"\""), json!({"a": ""}));
}

#[test]
fn urls_and_unicode_stay_text() {
    assert_eq!(ok("u=https://h/p?q=1"), json!({"u": "https://h/p?q=1"}));
    assert_eq!(ok("a=日本,b=é"), json!({"a": "日本", "b": "é"}));
    // Characters beyond U+FFFF are outside every unquoted class; quoted they are fine.
    assert_eq!(
        err("a=😀"),
        "Expected: ',', received: '😀' for input:\na=😀\n  ^"
    );
    assert_eq!(ok("a='😀'"), json!({"a": "😀"}));
    assert_eq!(ok("k=file://not-loaded"), json!({"k": "file://not-loaded"}));
}

#[test]
fn at_equals_loads_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("t.txt");
    let bin = dir.path().join("b.bin");
    std::fs::write(&text, "line1\r\nline2, with comma").unwrap();
    std::fs::write(&bin, [0u8, 255, 1]).unwrap();
    let t = text.display();
    let b = bin.display();
    assert_eq!(
        ok(&format!("k@=file://{t}")),
        json!({"k": "line1\nline2, with comma"})
    );
    assert_eq!(ok(&format!("k@=fileb://{b}")), json!({"k": "AP8B"}));
    assert_eq!(ok(&format!("k @= file://{t},j=v"))["j"], json!("v"));
    assert_eq!(
        ok(&format!("k@=[file://{t},x]")),
        json!({"k": ["line1\nline2, with comma", "x"]})
    );
    assert_eq!(
        ok(&format!("k={{a@=fileb://{b}}}")),
        json!({"k": {"a": "AP8B"}})
    );
    // Inside braces each key carries its own operator: `@=` outside does not reach `a=`.
    assert_eq!(
        ok(&format!("k@={{a=fileb://{b}}}")),
        json!({"k": {"a": format!("fileb://{b}")}})
    );
    // Without a file prefix the value stays as written.
    assert_eq!(ok("k@=plain"), json!({"k": "plain"}));
    let missing = dir.path().join("nope");
    assert_eq!(
        err(&format!("k@=file://{}", missing.display())),
        format!(
            "Unable to load paramfile file://{0}: [Errno 2] No such file or directory: '{0}'",
            missing.display()
        )
    );
}

#[test]
fn syntax_errors_point_at_the_problem() {
    assert_eq!(
        err("foo,bar"),
        "Expected: '=', received: ',' for input:\nfoo,bar\n   ^"
    );
    assert_eq!(
        err("a=b,"),
        "Expected: '<second>', received: '<none>' for input:\na=b,\n    ^"
    );
    assert_eq!(
        err("a=[b"),
        "Expected: ',', received: 'EOF' for input:\na=[b\n    ^"
    );
    assert_eq!(
        err("a={b}"),
        "Expected: '=', received: '}' for input:\na={b}\n    ^"
    );
    assert_eq!(
        err("a='open"),
        "Expected: '<singled quoted>', received: '<none>' for input:\na='open\n  ^"
    );
    assert_eq!(err(""), "Expected: '=', received: 'EOF' for input:\n\n^");
}

#[test]
fn errors_on_later_lines_put_the_caret_under_that_line() {
    assert_eq!(
        err("a=b,\nb==c,\nd=e"),
        "Expected: ',', received: '=' for input:\na=b,\nb==c,\n  ^\nd=e"
    );
}

#[test]
fn duplicate_top_level_key() {
    assert_eq!(
        err("a=b,a=c"),
        "Second instance of key \"a\" encountered for input:\na=b,a=c\n    ^\n\
         This is often because there is a preceding \",\" instead of a space."
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = aws2_params::shorthand::MAX_DEPTH;
    let fits = format!("a={}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(parse(&fits).is_ok());
    let deep = format!("a={}", "[".repeat(100_000));
    assert_eq!(err(&deep), "maximum recursion depth exceeded");
    let braces = format!("a={}", "{b=".repeat(100_000));
    assert_eq!(err(&braces), "maximum recursion depth exceeded");
    let json = "[".repeat(100_000);
    assert!(aws2_params::pyjson::parse(&json).is_err());
}
