use super::*;

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

fn expanded(file: &str, line: &str) -> (GlobalOptions, Vec<String>) {
    let aliases = AliasFile::parse(file).unwrap();
    let mut g = GlobalOptions::default();
    match expand_with(&aliases, &mut g, words(line)) {
        Ok(Expanded::Command(w)) => (g, w),
        Ok(Expanded::Shell(_)) => panic!("ran a shell alias"),
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn expands_chains_and_service_aliases() {
    let file = "[toplevel]\nwhoami = sts get-caller-identity\nme = whoami --query Arn\n\
                sts = sts who\n[command sts]\nwho = get-caller-identity --output text\n";
    // `me` gives `sts get-caller-identity`, whose `sts` alias runs the built-in `sts who`
    // with the words that followed (the operation name among them).
    let (g, w) = expanded(file, "--foo me extra");
    assert_eq!(
        w,
        words("sts get-caller-identity get-caller-identity --foo extra")
    );
    assert_eq!(g.query.as_deref(), Some("Arn"));
    assert_eq!(g.output.as_deref(), Some("text"));
}

#[test]
fn builtin_subcommand_alias_takes_the_rest_of_its_value() {
    let file = "[command sts]\nget-caller-identity = get-session-token --query UserId\n";
    let (g, w) = expanded(file, "sts get-caller-identity");
    assert_eq!(w, words("sts get-caller-identity"));
    assert_eq!(g.query.as_deref(), Some("UserId"));
}

#[test]
fn keeps_continuation_lines_of_values() {
    let aliases = AliasFile::parse("[toplevel]\nmulti =\n  sts\n  get-caller-identity\n").unwrap();
    assert_eq!(
        aliases.get(&[], "multi").as_deref(),
        Some("sts\nget-caller-identity")
    );
    let (_, w) = expanded(
        "[toplevel]\nmulti =\n  sts\n  get-caller-identity\n",
        "multi",
    );
    assert_eq!(w, words("sts get-caller-identity"));
}

#[test]
fn refuses_loops_and_profiles() {
    let aliases = AliasFile::parse("[toplevel]\na = b\nb = a\np = --profile x sts\n").unwrap();
    for line in ["a", "p"] {
        let got = expand_with(&aliases, &mut GlobalOptions::default(), words(line));
        assert!(got.is_err(), "{line}");
    }
}
