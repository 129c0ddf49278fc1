//! Differential tests: our json, text and table output against the Python
//! AWS CLI's own formatters (`awscli.formatter`) run on the same responses.

use aws2_output::{format_response, Format, OutputOptions, Query};
use serde_json::{json, Map, Number, Value};
use std::io::Write;
use std::process::{Command, Stdio};

/// Small deterministic generator (xorshift) so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const STRINGS: &[&str] = &[
    "i-0123456789abcdef0",
    "running",
    "",
    "hello world",
    "日本語テキスト",
    "café",
    "emoji 😀 here",
    "tab\there",
    "line\nbreak",
    "quote \" and \\ backslash",
    "ümlaut ß",
    "ＦＵＬＬ",
    "a,b,c",
    "None",
    "x",
    "arn:aws:iam::123456789012:user/alice",
    "2013-09-17T00:55:03+00:00",
    "\u{1}ctl",
];

const KEYS: &[&str] = &[
    "Name",
    "InstanceId",
    "State",
    "Tags",
    "Key",
    "Value",
    "alpha",
    "Zeta",
    "id",
    "日本",
    "a b",
    "Size",
    "Enabled",
    "Items",
    "Owner",
    "Code",
];

fn float(f: f64) -> Value {
    Value::Number(Number::from_f64(f).expect("finite"))
}

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0..=3 => Value::String(rng.pick(STRINGS).to_string()),
        4 => json!(*rng.pick(&[0i64, 1, -5, 42, 1234567890123, -9007199254740993])),
        5 => float(*rng.pick(&[
            1.0, 0.5, 1e20, 1.5e-7, -2.25, 123456.789, 1e16, 0.0001, 1e-5, 6.25, 100.0,
        ])),
        6 => Value::Bool(rng.below(2) == 0),
        7 => Value::Null,
        _ => Value::String(format!("val{}", rng.below(1000))),
    }
}

fn object(rng: &mut Rng, depth: usize) -> Value {
    let mut map = Map::new();
    for _ in 0..rng.below(5) + 1 {
        map.insert(rng.pick(KEYS).to_string(), value(rng, depth + 1));
    }
    Value::Object(map)
}

fn value(rng: &mut Rng, depth: usize) -> Value {
    if depth >= 4 {
        return scalar(rng);
    }
    match rng.below(9) {
        0..=3 => scalar(rng),
        4 | 5 => object(rng, depth),
        6 => Value::Array((0..rng.below(4)).map(|_| scalar(rng)).collect()),
        7 => Value::Array((0..rng.below(4)).map(|_| object(rng, depth + 1)).collect()),
        _ => Value::Array(
            (0..rng.below(3) + 1)
                .map(|_| Value::Array((0..rng.below(3) + 1).map(|_| scalar(rng)).collect()))
                .collect(),
        ),
    }
}

fn handcrafted() -> Vec<Value> {
    vec![
        json!({}),
        json!([]),
        json!({"Reservations": []}),
        json!({"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running", "Code": 16}, "Tags": [{"Key": "Name", "Value": "web"}]}], "OwnerId": "123"}]}),
        json!({"Users": [{"UserName": "a", "Arn": "arn:1"}, {"UserName": "b", "Path": "/"}]}),
        json!({"List": [[1, 2], [3, 4]], "Empty": {}, "Nothing": null}),
        json!({"Single": "value"}),
        json!({"Nested": {"Deeper": {"Deepest": [1, 2, 3]}}}),
        json!({"Mixed": [1, "two", true, null]}),
        json!({"Wide": "x".repeat(120), "Other": "y"}),
        json!({"Zero": 0, "False": false, "Float": 1.0}),
        json!(["a", "b"]),
        json!("plain"),
        json!({"Items": [{"A": 1, "B": {"C": 2}}, {"A": 3, "B": {"C": 4}}, {"A": 5}]}),
        json!({"日本語": "値", "Ｋｅｙ": "ｖａｌｕｅ"}),
        json!({"ResponseMetadata": {"RequestId": "r-1"}, "Name": "kept"}),
        json!({
            "Long": "word ".repeat(30).trim(),
            "LongQ": format!("a: {}", "ab ".repeat(40)),
            "Deep": {"Inner": [{"Text": "lorem ipsum ".repeat(12).trim()}]},
            "Stamp": "2013-09-17T00:55:03+00:00",
            "Num": "123",
            "Bool": "true",
        }),
        json!([
            "x".repeat(78) + " yyyyy",
            "x".repeat(77) + " yyyyy",
            "word ".repeat(30)
        ]),
        json!("word ".repeat(30).trim()),
    ]
}

const QUERIES: &[&str] = &[
    "*",
    "keys(@)",
    "values(@)",
    "[*]",
    "Items[].{K: Key, V: Value}",
    "Tags[?Key=='Name'].Value | [0]",
    "length(@)",
    "to_string(@)",
    "*.Name",
    "[Name, Size, Enabled]",
    "{Z: Zeta, A: alpha, N: Name}",
    "Items || Tags || `[]`",
    "sort_by(Items, &to_string(@))",
    "not_null(Size, Name, `\"none\"`)",
    "type(@)",
];

const PY_ORACLE: &str = r#"
import io, json, sys, types, jmespath
import awscli.table
from awscli.formatter import get_formatter
cases = json.loads(sys.stdin.read())
out = []
for case in cases:
    data = json.loads(case['data'])
    width = case['width']
    awscli.table.determine_terminal_width = lambda default_width=80: width
    q = jmespath.compile(case['query']) if case['query'] else None
    args = types.SimpleNamespace(query=q, color='off')
    res = {}
    for name in ('json', 'text', 'table'):
        stream = io.StringIO()
        try:
            get_formatter(name, args)('DescribeThings', json.loads(case['data']), stream)
            res[name] = stream.getvalue()
        except Exception as e:
            res[name] = None
    out.append(res)
sys.stdout.write(json.dumps(out))
"#;

struct Case {
    data: Value,
    width: usize,
    query: Option<&'static str>,
}

fn run_python(cases: &[Case]) -> Vec<Value> {
    let input: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "data": serde_json::to_string(&c.data).expect("serialize"),
                "width": c.width,
                "query": c.query,
            })
        })
        .collect();
    let mut child = aws2_e2e::oracle::v2_python_command()
        .arg("-c")
        .arg(PY_ORACLE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the AWS CLI v2 oracle's python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&input).expect("json").as_bytes())
        .expect("write cases");
    let output = child.wait_with_output().expect("python oracle");
    assert!(output.status.success(), "python oracle failed");
    serde_json::from_slice(&output.stdout).expect("oracle output")
}

#[test]
fn formatters_match_python_awscli() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut cases = Vec::new();
    for data in handcrafted() {
        for width in [80, 40, 200] {
            cases.push(Case {
                data: data.clone(),
                width,
                query: None,
            });
        }
    }
    for _ in 0..400 {
        let data = object(&mut rng, 0);
        let width = *rng.pick(&[80usize, 80, 30, 60, 120, 250]);
        cases.push(Case {
            data,
            width,
            query: None,
        });
    }
    for i in 0..300 {
        let data = object(&mut rng, 0);
        cases.push(Case {
            data,
            width: 80,
            query: Some(QUERIES[i % QUERIES.len()]),
        });
    }
    let expected = run_python(&cases);
    let mut stats = std::collections::BTreeMap::<&str, (usize, usize, usize, usize)>::new();
    let mut failures = Vec::new();
    for (case, want) in cases.iter().zip(&expected) {
        let query = case
            .query
            .map(|q| Query::compile(q).expect("query compiles"));
        let opts = OutputOptions {
            operation_name: "DescribeThings".to_string(),
            color: false,
            terminal_width: case.width,
        };
        for (name, format) in [
            ("json", Format::Json),
            ("text", Format::Text),
            ("table", Format::Table),
        ] {
            let entry = stats.entry(name).or_default();
            let ours = format_response(&case.data, format, query.as_ref(), &opts);
            match want[name].as_str() {
                None => {
                    entry.2 += 1;
                    if ours.is_err() {
                        entry.3 += 1;
                    }
                }
                Some(w) => {
                    entry.1 += 1;
                    match ours {
                        Ok(o) if o == w => entry.0 += 1,
                        Ok(o) => failures.push(format!(
                            "{name} width={} query={:?} data={}\n--- python\n{w}--- ours\n{o}",
                            case.width, case.query, case.data
                        )),
                        Err(e) => failures.push(format!("{name} data={}: error {e}", case.data)),
                    }
                }
            }
        }
    }
    for f in failures.iter().take(5) {
        eprintln!("MISMATCH {f}");
    }
    for (name, (pass, total, py_err, both_err)) in &stats {
        let line = format!(
            "oracle {name}: {pass}/{total} identical; {py_err} inputs the Python CLI rejects, \
             {both_err} of them rejected here too"
        );
        assert!(*total > 500, "too few {name} comparisons: {total}");
        println!("{line}");
        eprintln!("{line}");
    }
    assert!(failures.is_empty(), "{} mismatches", failures.len());
}

const PY_YAML_ORACLE: &str = r#"
import io, json, sys
from ruamel.yaml import YAML
yaml = YAML(typ='safe')
yaml.default_flow_style = False
out = []
for text in json.loads(sys.stdin.read()):
    s = io.StringIO()
    yaml.dump(json.loads(text), s)
    out.append(s.getvalue())
sys.stdout.write(json.dumps(out))
"#;

#[test]
fn yaml_matches_python_safe_dumper() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut values: Vec<Value> = handcrafted();
    values.extend((0..400).map(|_| object(&mut rng, 0)));
    values.extend((0..100).map(|_| value(&mut rng, 0)));
    let input: Vec<String> = values
        .iter()
        .map(|v| serde_json::to_string(v).expect("serialize"))
        .collect();
    let mut child = std::process::Command::new("python3")
        .arg("-c")
        .arg(PY_YAML_ORACLE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the AWS CLI v2 oracle's python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&input).expect("json").as_bytes())
        .expect("write cases");
    let output = child.wait_with_output().expect("python yaml oracle");
    assert!(
        output.status.success(),
        "python yaml oracle failed (is ruamel.yaml installed?)"
    );
    let expected: Vec<String> = serde_json::from_slice(&output.stdout).expect("oracle output");
    let opts = OutputOptions::default();
    let mut passed = 0;
    let mut failures = Vec::new();
    for (v, want) in values.iter().zip(&expected) {
        let ours = aws2_output::format(v, Format::Yaml, &opts).expect("yaml");
        // `--output yaml` prints nothing for an empty response object.
        let want = if v == &json!({}) { "" } else { want.as_str() };
        if ours == want {
            passed += 1;
        } else {
            failures.push(format!("data={v}\n--- python\n{want}--- ours\n{ours}"));
        }
    }
    for f in failures.iter().take(5) {
        eprintln!("MISMATCH yaml {f}");
    }
    let line = format!("oracle yaml: {passed}/{} identical", values.len());
    println!("{line}");
    eprintln!("{line}");
    assert!(failures.is_empty(), "{} yaml mismatches", failures.len());
}
