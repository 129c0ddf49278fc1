//! Invalid JSON against Python's own `json.loads`: every message its decoder gives (and the
//! integer-length `ValueError` and the `RecursionError` it can raise) must come out word for
//! word, at the same line, column and character.

mod common;

use serde_json::{json, Value};

/// Reads a JSON list of documents on stdin; prints, for each, what `json.loads` made of it.
/// Non-finite floats are given as the text `parse` gives them, lone surrogates as U+FFFD.
const SCRIPT: &str = r#"
import json, math, re, sys

def clean(s):
    return re.sub('[\ud800-\udfff]', '\ufffd', s)

def plain(v):
    if isinstance(v, float) and not math.isfinite(v):
        return 'NaN' if math.isnan(v) else ('Infinity' if v > 0 else '-Infinity')
    if isinstance(v, str):
        return clean(v)
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {clean(k): plain(x) for k, x in v.items()}
    return v

out = []
for text in json.load(sys.stdin):
    try:
        out.append({'ok': plain(json.loads(text))})
    except ValueError as e:
        out.append({'err': str(e)})
    except RecursionError as e:
        out.append({'err': str(e)})
json.dump(out, sys.stdout)
"#;

/// What Python's `json.loads` makes of each text, in order.
fn python(texts: &[String]) -> Vec<Value> {
    common::python_json(SCRIPT, &json!(texts))
}

/// Numbers compared by value (Python and serde_json spell some floats differently).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64() && x.as_f64().is_some(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

fn corpus() -> Vec<String> {
    let fixed: &[&str] = &[
        // Nothing to read.
        "",
        " ",
        "\n",
        " \t\r\n ",
        "\n\n\n",
        // Expecting value.
        "x",
        "[x",
        "{\"a\":x",
        "{\"a\": }",
        "[1,",
        "[1,]",
        "[1, ]",
        "[,]",
        "[,1]",
        "-",
        "-a",
        "--1",
        "+1",
        ".5",
        "[.5]",
        "nul",
        "tru",
        "fals",
        "Nan",
        "nan",
        "inf",
        "-Inf",
        "-Infinit",
        "'a'",
        "[1,\n\n  ]",
        "\n\n   x",
        " \u{feff}1",
        "\u{a0}1",
        // Property names.
        "{",
        "{ ",
        "{,",
        "{'a': 1}",
        "{a: 1}",
        "{1: 2}",
        "{\"a\": 1,}",
        "{\"a\": 1, }",
        "{\n  \"a\": 1,\n}",
        "{\"a\": {\"b\": 1,}}",
        // ':' delimiter.
        "{\"a\"",
        "{\"a\" 1}",
        "{\"a\"}",
        "{\"a\", 1}",
        "{\"é\" 1}",
        "{\"a\": 1, \"b\"\n}",
        // ',' delimiter.
        "[1 2]",
        "[1",
        "[1\n",
        "{\"a\": 1",
        "{\"a\": 1 \"b\": 2}",
        "[\"日本\" \"x\"]",
        "[[1] [2]]",
        "[true false]",
        "[1,\n2,\n3 4]",
        "{\"k\": {\"n\": [1, 2}}",
        "{\"a\": [1, {\"b\": [2, {\"c\": 3]}]}",
        "[1,\r\n2 3]",
        // Unterminated strings.
        "\"",
        "\"abc",
        "[\"a",
        "{\"a",
        "{\"a\": \"b",
        "\"a\\\"",
        "\"\\",
        "\"日本語",
        "[1, \"x\\\\",
        "\n\n  \"open",
        // Control characters.
        "\"a\nb\"",
        "\"\t\"",
        "\"\u{1}\"",
        "\"\u{1f}\"",
        "[\"ok\", \"x\u{0}\"]",
        "{\"k\u{7}\": 1}",
        "\"é\r\"",
        "\"abc\n",
        // Escapes.
        "\"\\x\"",
        "\"\\a\"",
        "\"\\U0041\"",
        "\"\\'\"",
        "\"é\\q\"",
        "\"\\\n\"",
        "\"\\0\"",
        // \uXXXX escapes.
        "\"\\u\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"\\u0041",
        "\"\\u0041\"",
        "\"\\u00e9x",
        "\"\\uD83D\\uDE0",
        "\"\\ud800\\udc00",
        "\"\\ud800\\udc00\"",
        "\"\\ud83d\\ude00\" x",
        "\"\\ud800\\uzzzz\"",
        "\"\\ud800\\u12\"",
        "\"\\u00e9\\u\"",
        "[\"\\uDEAD\\u\"]",
        "\"\\u 123\"",
        "\"\\u-123\"",
        // Extra data.
        "1 2",
        "[] []",
        "{}}",
        "\"a\" \"b\"",
        "nullx",
        "truefalse",
        "1.5.2",
        "01",
        "-01",
        "1.",
        "1.e5",
        "1e",
        "1e+",
        "1E-",
        "1ex",
        "0x10",
        "[1]x",
        "{} \n\n x",
        "NaNx",
        "\"😀\" x",
        "1 \u{feff}",
        "[\"😀😀\"] ]",
        "\n\"é\"\n x",
        // Byte order mark.
        "\u{feff}",
        "\u{feff}{}",
        "\u{feff} x",
        // Accepted by Python, not by strict JSON.
        "NaN",
        "[NaN, Infinity, -Infinity]",
        "{\"a\": NaN, \"b\": -Infinity}",
        "1e999",
        "[-1e999, 1e-999]",
        " -0 ",
        "{\"a\": 1, \"a\": 2, \"b\": 3}",
        "[\"\\ud83d\\ude00\", \"é\\u00e9\", \"\\/\\b\\f\\n\\r\\t\"]",
        "123456789012345678901234567890",
    ];
    let mut texts: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
    // Integers Python will not convert, and some it will.
    let digits = |n: usize| "7".repeat(n);
    texts.push(digits(4301));
    texts.push(format!("-{}", digits(4301)));
    texts.push(format!("[{}, x", digits(5000)));
    texts.push(format!("{} x", digits(4300)));
    texts.push(format!("{}.5", digits(5000)));
    texts.push(format!("{}e1", digits(4400)));
    texts.push(format!("[1, {}", digits(4300)));
    // Errors far into a long document.
    texts.push(format!("[{}]", vec!["\"é\""; 300].join(",\n")).replace("]", ",]"));
    texts.push(format!("{}x", "[".repeat(200)));
    texts.push(format!("{}{}", "{\"a\": ".repeat(100), "1}".repeat(99)));
    texts
}

#[test]
fn errors_match_python_json() {
    let texts = corpus();
    let expected = python(&texts);
    let mut failures = Vec::new();
    for (text, want) in texts.iter().zip(&expected) {
        let got = match aws2_params::pyjson::parse(text) {
            Ok(v) => json!({ "ok": v }),
            Err(e) => json!({ "err": e.to_string() }),
        };
        if !same(&got, want) {
            let shown: String = text.chars().take(80).collect();
            failures.push(format!("{shown:?}: python {want} ours {got}"));
        }
    }
    let summary = format!(
        "json error oracle: {}/{}",
        texts.len() - failures.len(),
        texts.len()
    );
    println!("{summary}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every cut, deletion and one-character insertion of a few documents: errors at every kind
/// of place.
fn mutations() -> Vec<String> {
    let seeds = [
        "{\"a\": [1, -2.5e3, true, null], \"é\": {\"k\": \"v\\n\\u00e9\"}}",
        "[\"x\", {\"y\": [[]]}, 0, \"\\ud83d\\ude00\"]\n",
        "{\n  \"Name\": \"日本\",\n  \"Values\": [\"a\", \"b\"]\n}",
    ];
    let inserts = [
        '"', '\\', ',', ':', '[', ']', '{', '}', '1', 'x', ' ', '\n', '\u{1}', 'é',
    ];
    let mut out = Vec::new();
    for seed in seeds {
        let chars: Vec<char> = seed.chars().collect();
        for k in 0..=chars.len() {
            out.push(chars[..k].iter().collect());
            if k < chars.len() {
                let mut cut = chars.clone();
                cut.remove(k);
                out.push(cut.into_iter().collect());
            }
            for &c in &inserts {
                let mut grown = chars.clone();
                grown.insert(k, c);
                out.push(grown.into_iter().collect());
            }
        }
    }
    out
}

#[test]
fn mutated_documents_match_python_json() {
    let texts = mutations();
    let expected = python(&texts);
    let failures: Vec<String> = texts
        .iter()
        .zip(&expected)
        .filter_map(|(text, want)| {
            let got = match aws2_params::pyjson::parse(text) {
                Ok(v) => json!({ "ok": v }),
                Err(e) => json!({ "err": e.to_string() }),
            };
            (!same(&got, want)).then(|| format!("{text:?}: python {want} ours {got}"))
        })
        .collect();
    println!(
        "json mutation oracle: {}/{}",
        texts.len() - failures.len(),
        texts.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn nesting_too_deep_reads_as_pythons_recursion_error() {
    // Python's limit depends on its stack, not on the text: compare the messages only.
    let texts = vec!["[".repeat(100_000), "{\"a\": ".repeat(100_000)];
    let expected = python(&texts);
    for (text, want) in texts.iter().zip(&expected) {
        let err = aws2_params::pyjson::parse(text).unwrap_err();
        assert!(!err.is_value_error());
        assert_eq!(json!({ "err": err.to_string() }), *want);
    }
    let limit = aws2_params::pyjson::MAX_DEPTH;
    let fits = format!("{}{}", "[".repeat(limit), "]".repeat(limit));
    assert!(aws2_params::pyjson::parse(&fits).is_ok());
    let over = format!("{}{}", "[".repeat(limit + 1), "]".repeat(limit + 1));
    assert!(aws2_params::pyjson::parse(&over).is_err());
    assert!(aws2_params::pyjson::parse_nested(&over, limit + 1).is_ok());
}
