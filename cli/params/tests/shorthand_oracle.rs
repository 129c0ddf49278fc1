//! Differential test: the shorthand parser against the Python AWS CLI's parser over a fixed
//! corpus and thousands of generated inputs, valid and invalid; values and error messages
//! (caret line included) must be identical.

use serde_json::{json, Value};
use std::io::Write;
use std::process::Stdio;

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "a", "Key", "Name", "b-1", "x.y", "k_2", "#h", "p/q", "n:s", "",
];
const WORDS: &[&str] = &[
    "v",
    "foo",
    "bar baz",
    "1",
    "-2.5",
    "true",
    "é",
    "日本",
    "😀",
    "x\\,y",
    "a\\b",
    "~t",
    "v ",
    " v",
    "}",
    "]",
    "a=b",
    "@",
    "=",
    "!#$%&()*+",
    "\u{a0}",
    "\u{1c}",
    "\u{85}x",
];
const QUOTED: &[&str] = &[
    "'single'",
    "\"double\"",
    "'with, comma'",
    "\"with space\"",
    "'it\\'s'",
    "\"say \\\"hi\\\"\"",
    "'back\\\\slash'",
    "'unterminated",
    "\"unterminated",
    "'trail\\'",
    "''",
    "\"\"",
    "'a\\\\'",
    "\"x\\\\\"",
    "'multi\nline'",
];
const NOISE: &[&str] = &[
    ",", "=", "@=", "@", "[", "]", "{", "}", "'", "\"", "\\", "\\,", " ", "\n", "\t", "  ", "\r",
    "\u{b}", "\u{c}",
];

fn value(rng: &mut Rng, depth: usize) -> String {
    match rng.below(if depth > 2 { 4 } else { 7 }) {
        0 | 1 => rng.pick(WORDS).to_owned(),
        2 => rng.pick(QUOTED).to_owned(),
        3 => {
            let n = 2 + rng.below(3);
            (0..n)
                .map(|_| rng.pick(WORDS))
                .collect::<Vec<_>>()
                .join(",")
        }
        4 => {
            let n = rng.below(4);
            let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
            let sep = if rng.below(3) == 0 { ", " } else { "," };
            format!("[{}]", items.join(sep))
        }
        _ => {
            let n = rng.below(4);
            let items: Vec<String> = (0..n)
                .map(|_| format!("{}={}", rng.pick(KEYS), value(rng, depth + 1)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

fn generated(rng: &mut Rng) -> String {
    let n = 1 + rng.below(4);
    let mut parts = Vec::new();
    for _ in 0..n {
        let op = if rng.below(8) == 0 { "@=" } else { "=" };
        parts.push(format!("{}{}{}", rng.pick(KEYS), op, value(rng, 0)));
    }
    let mut text = parts.join(if rng.below(6) == 0 { ", " } else { "," });
    // Mutate some inputs: insert noise, delete or duplicate a slice.
    let mutations = if rng.below(2) == 0 {
        0
    } else {
        1 + rng.below(2)
    };
    for _ in 0..mutations {
        let chars: Vec<char> = text.chars().collect();
        let at = rng.below(chars.len() + 1);
        let mut out: String = chars[..at].iter().collect();
        match rng.below(3) {
            0 => out.push_str(rng.pick(NOISE)),
            1 => {
                let skip = (at + 1 + rng.below(3)).min(chars.len());
                out.extend(&chars[skip.max(at)..]);
                text = out;
                continue;
            }
            _ => out.push_str(rng.pick(WORDS)),
        }
        out.extend(&chars[at..]);
        text = out;
    }
    text
}

fn corpus(dir: &std::path::Path) -> Vec<String> {
    let text = dir.join("text.txt");
    let binary = dir.join("bin.dat");
    std::fs::write(&text, "hello, world\nline two\r\n").unwrap();
    std::fs::write(&binary, [0u8, 159, 146, 150, 255]).unwrap();
    let (t, b) = (text.display(), binary.display());
    let mut inputs: Vec<String> = [
        "a=b",
        "a=b,c=d",
        "a=b,c",
        "a=b,c,d=e",
        "a=[b,c]",
        "a=[]",
        "a={}",
        "a={b=c}",
        "a={b=[c,d],e={f=g}}",
        "a=[{b=c},{d=e}]",
        "a=[[1,2],[3]]",
        "a=",
        "a=,b=c",
        "a= b",
        "a =b",
        "a = b , c = d",
        "a=b ,c=d",
        "a=b, c=d",
        "a='b,c'",
        "a=\"b c\"",
        "a='it\\'s'",
        "a=b\\,c",
        "a=\\,",
        "a=x y z",
        "a=b,",
        "a",
        "a,b",
        "=b",
        "a=b,a=c",
        "a=[b",
        "a={b=c",
        "a=[b,]",
        "a={b}",
        "a=b]",
        "a=b}",
        "a=[b] ",
        "a=[b]x",
        "a=b,c,",
        "",
        " ",
        "a=\"\"",
        "a=''",
        "a='",
        "a=\"",
        "a=b\nc=d",
        "a=b,\nc==d",
        "a=b,\nb=c",
        "a=[\n b,\n c\n]",
        "k@=v",
        "k @ = v",
        "k@=[x,y]",
        "k@={a=b}",
        "k@",
        "k@x",
        "a=http://example.com/x",
        "a=https://h/p?q=1",
        "a=file-not-prefixed",
        "Key=Name,Values=a,b,c",
        "Name=tag:Owner,Values=[me, you]",
        "a=b=c",
        "a={b=c,b=d}",
        "a=[{b=c},d]",
        "a=😀,b=日本",
        "a=é\u{a0}",
        "a=x\u{1c}",
        "a=\u{85}",
        "a=\\",
        "a=[\\,]",
        "a=[b\\,c,d]",
        "a={b=\\,}",
        "a=b,'c,d'e=f",
        "a=b,\"c\",d=e",
        "a=b,'x',",
        "a=[ 'x' , \"y\" ]",
        "a={ b = c , d = [ e ] }",
        "a={b=c }",
        "a={ }",
        "a=[ ]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.extend([
        format!("k@=file://{t}"),
        format!("k@=fileb://{b}"),
        format!("k@='file://{t}'"),
        format!("k@=[file://{t},x]"),
        format!("k@={{a=file://{t}}}"),
        format!("k=file://{t}"),
        format!("k@=file://{t},j=v"),
        format!("k@=x,file://{t}"),
        format!("k@=[{{a=b}},file://{t}]"),
        format!("k@=file://{}", dir.join("missing").display()),
        format!("k@=file://{b}"),
    ]);
    inputs
}

fn oracle(inputs: &[String]) -> Vec<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/oracle.py");
    let mut child = aws2_e2e::oracle::v2_python_command()
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with awscli must be installed (pip install awscli)");
    let payload = serde_json::to_vec(inputs).unwrap();
    child.stdin.take().unwrap().write_all(&payload).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "oracle failed (is awscli installed?)");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ours(input: &str) -> Value {
    match aws2_params::shorthand::parse(input) {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "err": e.to_string() }),
    }
}

#[test]
fn shorthand_matches_python_awscli() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = corpus(dir.path());
    let fixed = inputs.len();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..8000 {
        inputs.push(generated(&mut rng));
    }
    let expected = oracle(&inputs);
    assert_eq!(expected.len(), inputs.len());
    let mut failures = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for (input, want) in inputs.iter().zip(&expected) {
        let got = ours(input);
        if want.get("ok").is_some() {
            valid += 1;
        } else {
            invalid += 1;
        }
        if &got != want {
            failures.push(format!(
                "input {input:?}\n  python: {want}\n  ours:   {got}"
            ));
        }
    }
    let passed = inputs.len() - failures.len();
    let summary = format!(
        "shorthand oracle: {passed}/{} ({fixed} corpus, {} generated; {valid} valid, {invalid} errors)",
        inputs.len(),
        inputs.len() - fixed
    );
    println!("{summary}");
    eprintln!("{summary}");
    for failure in failures.iter().take(15) {
        eprintln!("{failure}");
    }
    assert!(failures.is_empty(), "{} mismatches", failures.len());
}
