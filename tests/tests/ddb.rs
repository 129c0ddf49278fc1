//! `aws ddb put` and `aws ddb select` under both CLIs: items of every type put into a moto
//! table (one, a list, a file, standard input, with `--condition`), then searched with
//! projections, filters, key conditions, an index, paging and `--query`, and the errors of
//! bad items, bad expressions and unsupported output formats (the requests are compared in
//! `ddb_requests.rs`).

use aws2_e2e::{Cli, CliEnv, MotoServer, Outcome};
use std::io::Write;
use std::process::Stdio;

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

/// Runs `args` with v2 and then with ours; both must print the same and exit alike.
fn same(env: &CliEnv, args: &[&str]) -> Outcome {
    let args = words(args);
    let theirs = env.run(Cli::Oracle, &args);
    let ours = env.run(Cli::Aws2, &args);
    assert_eq!(
        (theirs.code, &theirs.stdout, &theirs.stderr),
        (ours.code, &ours.stdout, &ours.stderr),
        "aws {}",
        args.join(" ")
    );
    ours
}

/// [`same`], and the exit code must be `code`.
fn same_code(env: &CliEnv, args: &[&str], code: i32) -> Outcome {
    let out = same(env, args);
    assert_eq!(out.code, code, "aws {}: {}", args.join(" "), out.stderr);
    out
}

/// A moto table `items` keyed by `pk` (text) and `sk` (number), with a global index `by_g`
/// on `g`.
fn table() -> (MotoServer, CliEnv) {
    let moto = MotoServer::start();
    let env = CliEnv::new(&moto.endpoint());
    env.setup(&[
        "dynamodb",
        "create-table",
        "--table-name",
        "items",
        "--attribute-definitions",
        "AttributeName=pk,AttributeType=S",
        "AttributeName=sk,AttributeType=N",
        "AttributeName=g,AttributeType=S",
        "--key-schema",
        "AttributeName=pk,KeyType=HASH",
        "AttributeName=sk,KeyType=RANGE",
        "--global-secondary-indexes",
        "IndexName=by_g,KeySchema=[{AttributeName=g,KeyType=HASH}],Projection={ProjectionType=ALL}",
        "--billing-mode",
        "PAY_PER_REQUEST",
    ]);
    (moto, env)
}

/// Every value type: numbers (whole, fractional, exponents, hexadecimal, huge), text, bytes,
/// booleans, null, lists, maps and sets.
const EVERY_TYPE: &str = "{pk: a, sk: 1, g: red, s: hello, quoted: '42', n: 1.5, trailing: 1.50, \
     half: .5, exp: 1e3, tiny: 1e-7, negzero: -0.0, hex: 0x1F, big: 12345678901234567890123, \
     b: !!binary aGVsbG8=, t: true, f: false, nl: null, l: [1, two, {x: 3}], \
     m: {k: v, deep: {n: [true]}}, ss: !!set {y, x}, ns: !!set {3, 1.5, 2}, bs: !!set {!!binary aGk=}, \
     long: 'a long text with spaces that goes on and on past the eightieth column of the line'}";

#[test]
fn put_then_select_every_type() {
    let (_moto, env) = table();
    same_code(&env, &["ddb", "put", "items", EVERY_TYPE], 0);
    same_code(
        &env,
        &[
            "ddb",
            "put",
            "items",
            "[{pk: b, sk: 2, g: blue}, {pk: b, sk: 3, g: red, v: x y}]",
        ],
        0,
    );
    let block = env.write_file(
        "items.yaml",
        "- pk: c\n  sk: 4\n  g: red\n- pk: c\n  sk: 5\n  tags: !!set\n    ? one\n    ? two\n",
    );
    same_code(
        &env,
        &[
            "ddb",
            "put",
            "items",
            &format!("file://{}", block.display()),
        ],
        0,
    );
    let out = same_code(&env, &["ddb", "select", "items"], 0);
    assert!(out.stdout.contains("  exp: !!int 1E+3\n"), "{}", out.stdout);
    assert!(
        out.stdout.contains("- b: !!binary \"aGVsbG8=\"\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("Count: 5\n"), "{}", out.stdout);
    for args in [
        &["--projection", "pk,", "sk"][..],
        &["--projection", "l[0], m.deep.n, 'quoted'"],
        &["--filter", "sk > 1 AND attribute_exists(v)"],
        &["--filter", "sk BETWEEN 2 AND 4 OR pk IN (\"a\")"],
        &["--filter", "NOT (g = \"red\")", "--attributes", "COUNT"],
        &["--filter", "begins_with(s, \"he\") AND size(l) > 2"],
        &["--filter", "m = {\"k\": \"v\", \"deep\": {\"n\": [true]}}"],
        &["--filter", "ss = {\"x\", \"y\"} AND b = b\"aGVsbG8=\""],
        &["--filter", "nl = null AND t <> false"],
        &["--key-condition", "pk = \"b\""],
        &[
            "--key-condition",
            "pk = \"b\" AND sk >= 3",
            "--no-consistent-read",
        ],
        &[
            "--key-condition",
            "pk = \"c\"",
            "--projection",
            "sk",
            "--filter",
            "sk < 5",
        ],
        &[
            "--key-condition",
            "g = \"red\"",
            "--index-name",
            "by_g",
            "--no-consistent-read",
        ],
        &[
            "--index-name",
            "by_g",
            "--no-consistent-read",
            "--return-consumed-capacity",
        ],
        &[
            "--return-consumed-capacity",
            "--no-return-consumed-capacity",
        ],
        &[
            "--return-consumed-capacity",
            "--key-condition",
            "pk = \"a\"",
        ],
        &["--attributes", "ALL"],
    ] {
        let mut line = vec!["ddb", "select", "items"];
        line.extend_from_slice(args);
        // moto refuses some (a `#n0[0]` path); both CLIs must then fail alike.
        same(&env, &line);
    }
}

#[test]
fn select_pages_and_queries() {
    let (_moto, env) = table();
    let items: Vec<String> = (1..=7)
        .map(|i| format!("{{pk: p, sk: {i}, g: g{i}}}"))
        .collect();
    same_code(
        &env,
        &["ddb", "put", "items", &format!("[{}]", items.join(", "))],
        0,
    );
    let out = same_code(&env, &["ddb", "select", "items", "--max-items", "3"], 0);
    let token = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("NextToken: "))
        .expect("a NextToken")
        .to_owned();
    same_code(
        &env,
        &[
            "ddb",
            "select",
            "items",
            "--max-items",
            "3",
            "--starting-token",
            &token,
        ],
        0,
    );
    same_code(&env, &["ddb", "select", "items", "--page-size", "2"], 0);
    same_code(
        &env,
        &[
            "ddb",
            "select",
            "items",
            "--page-size",
            "2",
            "--max-items",
            "5",
            "--key-condition",
            "pk = \"p\"",
        ],
        0,
    );
    same_code(&env, &["ddb", "select", "items", "--no-paginate"], 0);
    same_code(
        &env,
        &["ddb", "select", "items", "--query", "Items[0].sk"],
        0,
    );
    same_code(
        &env,
        &["ddb", "select", "items", "--query", "Items[*].g"],
        0,
    );
    same_code(&env, &["ddb", "select", "items", "--query", "Count"], 0);
    same_code(&env, &["ddb", "select", "items", "--output", "yaml"], 0);
    for format in ["json", "text", "table", "yaml-stream"] {
        same_code(&env, &["ddb", "select", "items", "--output", format], 252);
    }
    same_code(
        &env,
        &[
            "ddb",
            "select",
            "items",
            "--no-paginate",
            "--max-items",
            "2",
        ],
        252,
    );
    same_code(
        &env,
        &[
            "ddb",
            "select",
            "items",
            "--no-paginate",
            "--page-size",
            "2",
            "--starting-token",
            "x",
        ],
        252,
    );
}

#[test]
fn put_conditions_stdin_and_errors() {
    let (_moto, env) = table();
    // The first conditional put succeeds for each CLI: the item goes between the two runs.
    let put = words(&[
        "ddb",
        "put",
        "items",
        "{pk: a, sk: 1}",
        "--condition",
        "attribute_not_exists(pk)",
    ]);
    let theirs = env.run(Cli::Oracle, &put);
    env.setup(&[
        "dynamodb",
        "delete-item",
        "--table-name",
        "items",
        "--key",
        r#"{"pk": {"S": "a"}, "sk": {"N": "1"}}"#,
    ]);
    let ours = env.run(Cli::Aws2, &put);
    assert_eq!(
        (theirs.code, theirs.stdout, theirs.stderr),
        (0, String::new(), String::new())
    );
    assert_eq!(
        (ours.code, ours.stdout, ours.stderr),
        (0, String::new(), String::new())
    );
    same_code(
        &env,
        &[
            "ddb",
            "put",
            "items",
            "{pk: a, sk: 1}",
            "--condition",
            "attribute_not_exists(pk)",
        ],
        254,
    );
    same_code(
        &env,
        &[
            "ddb",
            "put",
            "items",
            "[{pk: a, sk: 2}, {pk: a, sk: 3}]",
            "--condition",
            "attribute_not_exists(pk)",
        ],
        252,
    );
    same_code(&env, &["ddb", "put", "items", "[]"], 0);
    same_code(&env, &["ddb", "put", "items", "hello"], 252);
    same_code(&env, &["ddb", "put", "items", "[{pk: x, sk: 1}, 5]"], 252);
    same_code(
        &env,
        &["ddb", "put", "items", "{pk: a, sk: 2020-01-01}"],
        255,
    );
    // A set of mixed types is refused; Python prints its members in the order of their
    // string hashes, which change with every run of the reference, so only the members and
    // the rest of the message are compared.
    let mixed = words(&["ddb", "put", "items", "{pk: a, sk: 9, s: !!set {1, a}}"]);
    let [theirs, ours] = [Cli::Oracle, Cli::Aws2].map(|cli| env.run(cli, &mixed));
    for out in [&theirs, &ours] {
        let order_free = out.stderr.replace("{'a', 1}", "{1, 'a'}");
        assert_eq!(
            (out.code, out.stdout.as_str(), order_free.as_str()),
            (
                255,
                "",
                "\naws: [ERROR]: Unsupported type \"<class 'set'>\" for value \"{1, 'a'}\"\n"
            )
        );
    }
    same_code(&env, &["ddb", "put", "nosuch", "{pk: a, sk: 1}"], 254);
    same_code(
        &env,
        &["ddb", "put", "items", "file:///nonexistent/items.yaml"],
        252,
    );
    same_code(&env, &["ddb", "put", "items"], 252);
    // ruamel's syntax messages are not ours; the exit code and the output are.
    for bad in [
        "{pk: a",
        "{pk: a, pk: b}",
        "{pk: a, sk: 1, ns: !!set {1e2, 100}}",
    ] {
        let args = words(&["ddb", "put", "items", bad]);
        let (theirs, ours) = (env.run(Cli::Oracle, &args), env.run(Cli::Aws2, &args));
        assert_eq!(
            (theirs.code, ours.code),
            (255, 255),
            "{bad}: {}",
            ours.stderr
        );
        assert_eq!(theirs.stdout, ours.stdout);
    }
    for cli in [Cli::Oracle, Cli::Aws2] {
        let mut child = env
            .command(cli, &words(&["ddb", "put", "items", "-"]), true)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"- pk: s\n  sk: 1\n- pk: s\n  sk: 2\n")
            .expect("write");
        drop(stdin);
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = same_code(
        &env,
        &["ddb", "select", "items", "--key-condition", "pk = \"s\""],
        0,
    );
    assert!(out.stdout.starts_with("Count: 2\n"), "{}", out.stdout);
}

#[test]
fn bad_expressions_and_arguments() {
    let (_moto, env) = table();
    for filter in [
        "sk = ",
        "sk = \"abc",
        "sk = 'abc",
        "sk = 1.",
        "sk = 1e",
        "sk = -",
        "%",
        "",
        "sk = {1, \"a\"}",
        "sk = {true}",
        "sk = {1: 2}",
        "sk[1.5] = 1",
        "sk = b\"!!\"",
        "sk = 1 sk",
        ")",
        "a <",
        "f(a",
    ] {
        same_code(&env, &["ddb", "select", "items", "--filter", filter], 252);
    }
    same_code(&env, &["ddb", "select", "items", "--projection", "a,"], 252);
    same_code(
        &env,
        &["ddb", "select", "items", "--key-condition", "pk ="],
        252,
    );
    same_code(
        &env,
        &["ddb", "select", "items", "--attributes", "FOO"],
        252,
    );
    same_code(&env, &["ddb", "select", "items", "--bogus"], 252);
    same_code(&env, &["ddb", "select"], 252);
    same_code(&env, &["ddb"], 252);
    same_code(&env, &["ddb", "frobnicate"], 252);
    same_code(&env, &["ddb", "select", "nosuch"], 254);
    same_code(
        &env,
        &["ddb", "select", "items", "--key-condition", "sk = 1"],
        254,
    );
}
