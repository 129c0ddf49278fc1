//! CLI aliases (`~/.aws/cli/alias`) under both CLIs against `moto_server`: `[toplevel]` and
//! `[command <service>]` aliases, multi-line values, aliases naming aliases, external `!`
//! aliases, global options in and around aliases, aliases named after built-in commands,
//! and the errors of bad aliases. Every command must print the same stdout and stderr and
//! exit with the same code under both.

use aws2_e2e::{Cli, CliEnv, MotoServer};

/// Aliases that leave every built-in command as it is.
const ALIASES: &str = r#"[toplevel]
whoami = sts get-caller-identity
mybuckets = s3api list-buckets --query Buckets[].Name
me = whoami --query Arn
multi =
  sts
  get-caller-identity
  --query Account
textme = --output text sts get-caller-identity
winner = sts get-caller-identity --query Account --output text
hello = !echo hello from
args = !f() { echo "count:$#" "first:$1" "second:$2"; }; f
failing = !exit 3
typo = stss get-caller-identity
empty =
bad = sts 'unclosed
dbg = --debug sts get-caller-identity
prof = --profile other sts get-caller-identity
nocmd = --output text
loop1 = loop2
loop2 = loop1

[command sts]
who = get-caller-identity --query Account
who2 = who --output text
get-caller-identity = get-caller-identity --query UserId
hi = !echo sts says
sloop = sloop

[command s3api]
lb = list-buckets --output text
"#;

/// Aliases named after built-in commands.
const SHADOWING: &str = r#"[toplevel]
sts = sts get-caller-identity --query UserId
ec2 = s3api list-buckets --query Buckets[].Name
whoami = sts --output text

[command sts]
get-caller-identity = get-session-token --query Arn
"#;

/// Runs every command line of `lines` (split as a shell splits them) under both CLIs and
/// returns the descriptions of those whose outcomes differ or whose exit code is not the
/// one given (so that an alias file neither CLI reads cannot pass).
fn compare(env: &CliEnv, lines: &[(&str, i32)]) -> Vec<String> {
    let mut differences = Vec::new();
    for &(line, code) in lines {
        let args = shlex::split(line).expect("test command line");
        let oracle = env.run(Cli::Oracle, &args);
        let ours = env.run(Cli::Aws2, &args);
        let same = oracle.stdout == ours.stdout
            && oracle.stderr == ours.stderr
            && oracle.code == ours.code
            && oracle.code == code;
        if !same {
            differences.push(format!(
                "aws {line} (expected exit code {code})\n  aws-cli v2: {} {:?} {:?}\n  ours:       {} {:?} {:?}",
                oracle.code, oracle.stdout, oracle.stderr, ours.code, ours.stdout, ours.stderr
            ));
        }
    }
    eprintln!(
        "aliases: {}/{} commands identical",
        lines.len() - differences.len(),
        lines.len()
    );
    differences
}

fn write_aliases(env: &CliEnv, text: &str) {
    let dir = env.dir().join("home/.aws/cli");
    std::fs::create_dir_all(&dir).expect("alias dir");
    std::fs::write(dir.join("alias"), text).expect("alias file");
}

fn env_with_buckets(moto: &MotoServer) -> CliEnv {
    let env = CliEnv::new(&moto.endpoint());
    for bucket in ["alias-one", "alias-two"] {
        env.setup(&["s3api", "create-bucket", "--bucket", bucket]);
    }
    env
}

#[test]
fn aliases_run_as_in_v2() {
    let moto = MotoServer::start();
    let env = env_with_buckets(&moto);
    write_aliases(&env, ALIASES);
    let differences = compare(
        &env,
        &[
            ("whoami", 0),
            ("whoami --output text", 0),
            ("--output text whoami", 0),
            ("--query UserId whoami", 0),
            ("mybuckets", 0),
            ("mybuckets --output text", 0),
            ("me", 0),
            ("--region eu-west-1 me --output text", 0),
            ("multi", 0),
            ("textme", 0),
            ("winner --query Arn --output json", 0),
            ("--foo whoami", 252),
            ("sts who", 0),
            ("sts who2", 0),
            ("sts get-caller-identity", 0),
            ("s3api lb", 0),
            ("s3api lb --query Buckets[0].Name", 0),
            ("sts get-session-token --query Credentials.AccessKeyId", 0),
        ],
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn external_aliases_run_through_the_shell_as_in_v2() {
    let moto = MotoServer::start();
    let env = CliEnv::new(&moto.endpoint());
    write_aliases(&env, ALIASES);
    let differences = compare(
        &env,
        &[
            ("hello", 0),
            ("hello world 'two words' \"it's\" '$HOME' '*'", 0),
            ("args a 'b c'", 0),
            ("args", 0),
            ("--output text args x", 0),
            ("--foo args y", 0),
            ("failing", 3),
            ("sts hi there", 0),
        ],
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn bad_aliases_fail_as_in_v2() {
    let moto = MotoServer::start();
    let env = CliEnv::new(&moto.endpoint());
    write_aliases(&env, ALIASES);
    let mut differences = compare(
        &env,
        &[
            ("typo", 252),
            ("empty", 252),
            ("bad", 255),
            ("dbg", 255),
            ("prof", 255),
            ("nocmd", 252),
            ("loop1", 255),
            ("sts sloop", 255),
            ("stss", 252),
        ],
    );
    // Unreadable files stop every command; a value continued on the next line is part
    // of the alias.
    for (text, x, plain) in [
        ("no section header\n", 255, 255),
        (
            "[toplevel]\nx = sts get-caller-identity\nx = sts get-session-token\n",
            255,
            255,
        ),
        ("[toplevel]\nx = sts\n[toplevel]\ny = sts\n", 255, 255),
        ("[toplevel]\nx = !\n  cont = whoami\n", 127, 0),
    ] {
        write_aliases(&env, text);
        differences.extend(compare(
            &env,
            &[("x", x), ("sts get-caller-identity", plain)],
        ));
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn aliases_named_after_commands_replace_them_as_in_v2() {
    let moto = MotoServer::start();
    let env = env_with_buckets(&moto);
    write_aliases(&env, SHADOWING);
    let differences = compare(
        &env,
        &[
            ("sts", 0),
            ("sts --output text", 0),
            ("ec2", 0),
            ("ec2 describe-vpcs", 252),
            ("whoami", 0),
            ("s3api list-buckets --query Buckets[].Name", 0),
        ],
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
