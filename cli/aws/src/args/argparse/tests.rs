use super::*;

fn w(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

const OPTS: &[Opt<'static>] = &[
    Opt {
        name: "paths",
        nargs: Nargs::Exactly(2),
        choices: &[],
        required: true,
        positional: true,
    },
    Opt {
        name: "recursive",
        nargs: Nargs::Zero,
        choices: &[],
        required: false,
        positional: false,
    },
    Opt {
        name: "request-payer",
        nargs: Nargs::Optional("requester"),
        choices: &["requester"],
        required: false,
        positional: false,
    },
    Opt {
        name: "grants",
        nargs: Nargs::OneOrMore,
        choices: &[],
        required: false,
        positional: false,
    },
    Opt {
        name: "tags",
        nargs: Nargs::Exactly(2),
        choices: &[],
        required: false,
        positional: false,
    },
    Opt {
        name: "exclude",
        nargs: Nargs::One,
        choices: &[],
        required: false,
        positional: false,
    },
];

#[test]
fn prefixes_values_and_positionals() {
    let p = parse(&w("a b --recur --exc=x --exclude -1 --request-payer"), OPTS).unwrap();
    assert_eq!(p.values("paths"), ["a", "b"]);
    assert!(p.flag("recursive"));
    assert_eq!(p.values("exclude"), ["x", "-1"]);
    assert_eq!(p.value("request-payer"), Some("requester"));
    assert!(p.extras.is_empty());
    let p = parse(&w("--grants a b c --tags k v x y"), OPTS).unwrap();
    assert_eq!(p.values("grants"), ["a", "b", "c"]);
    assert_eq!(p.values("tags"), ["k", "v"]);
    assert_eq!(p.values("paths"), ["x", "y"]);
}

#[test]
fn argparse_messages() {
    let err = |s: &str| parse(&w(s), OPTS).unwrap_err();
    assert_eq!(
        err("a b --re"),
        "ambiguous option: --re could match --recursive, --request-payer"
    );
    assert_eq!(
        err("a b --re=x"),
        "ambiguous option: --re=x could match --recursive, --request-payer"
    );
    assert_eq!(
        err("a b --recursive=x"),
        "argument --recursive: ignored explicit argument 'x'"
    );
    assert_eq!(
        err("a b --exclude"),
        "argument --exclude: expected one argument"
    );
    assert_eq!(err("a b --tags k"), "argument --tags: expected 2 arguments");
    assert_eq!(
        err("a b --tags=k v"),
        "argument --tags: expected 2 arguments"
    );
    assert_eq!(
        err("a b --grants"),
        "argument --grants: expected at least one argument"
    );
    assert_eq!(
        err("a b --request-payer x"),
        "argument --request-payer: Found invalid choice 'x'\n"
    );
    assert_eq!(
        err("a --recursive b"),
        "the following arguments are required: paths"
    );
    assert_eq!(err(""), "the following arguments are required: paths");
}

#[test]
fn extras_are_left_for_the_caller() {
    let p = parse(&w("a b c --bogus -x"), OPTS).unwrap();
    assert_eq!(p.extras, ["c", "--bogus", "-x"]);
    let p = parse(&w("a b --grants=g h"), OPTS).unwrap();
    assert_eq!(p.values("grants"), ["g"]);
    assert_eq!(p.extras, ["h"]);
    let p = parse(&w("-- --a b"), OPTS).unwrap();
    assert_eq!(p.values("paths"), ["--a", "b"]);
}
