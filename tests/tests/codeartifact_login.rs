//! `aws codeartifact login` compared with the AWS CLI v2 against a recording server that
//! answers `GetAuthorizationToken` and `GetRepositoryEndpoint` (moto has no CodeArtifact):
//! each case runs under both CLIs, each in its own home directory, and must print the same
//! stdout and stderr with the same exit code, send the same requests, and leave the same
//! files (`~/.pypirc`, `~/.npmrc`, pip's config, `~/.netrc`) with the same modes. `npm` and
//! `pip` run for real; `dotnet` and `nuget` are small scripts that list sources and record
//! their arguments.

use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Recorder, Reply};
use aws2_e2e::{oracle, Outcome};
use std::time::{SystemTime, UNIX_EPOCH};

/// Names and texts (files), or names and values (environment variables).
type Pairs<'a> = Vec<(&'a str, &'a str)>;

const TOKEN: &str = "tok/en+x=";

/// A server whose token expires 400 days and 5 hours after the test starts.
fn server() -> Recorder {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expiration = now + 400 * 86_400 + 5 * 3600;
    Recorder::with_responder(move |request: &Recorded| {
        let body = if request.path() == "/v1/authorization-token" {
            serde_json::json!({ "authorizationToken": TOKEN, "expiration": expiration })
        } else if request.path() == "/v1/repository/endpoint" {
            let format = request
                .query()
                .split('&')
                .find_map(|kv| kv.strip_prefix("format="))
                .unwrap_or("none")
                .to_owned();
            let url = format!(
                "https://dom-111122223333.d.codeartifact.us-east-1.amazonaws.com/{format}/repo/"
            );
            serde_json::json!({ "repositoryEndpoint": url })
        } else {
            return Reply::empty_success(request);
        };
        Reply::new(200, "application/json", body.to_string())
    })
}

struct Run {
    out: Outcome,
    place: Isolated,
}

/// Runs `codeartifact login args` with both CLIs (v2 first), each in a fresh directory
/// holding `files`; `bin` (a directory of tools) goes first on `PATH`.
fn both(
    server: &Recorder,
    args: &[&str],
    files: &[(&str, &str)],
    env: &[(&str, &str)],
) -> [Run; 2] {
    let mut words = vec!["codeartifact".to_owned(), "login".to_owned()];
    words.extend(args.iter().map(|a| (*a).to_owned()));
    [oracle::v2_bin(), aws2_e2e::binary::aws_bin()].map(|program| {
        let place = Isolated::new();
        for (name, text) in files {
            place.write(name, text.as_bytes());
        }
        let out = place.run_with_env(&program, &words, &server.endpoint(), env);
        Run { out, place }
    })
}

#[cfg(unix)]
fn mode(place: &Isolated, name: &str) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(place.path().join(name))
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode(_place: &Isolated, _name: &str) -> Option<u32> {
    None
}

/// The same output and exit code, the same requests, and the same `files` afterwards.
fn same(server: &Recorder, runs: &[Run; 2], files: &[&str], what: &str) {
    let [v2, ours] = runs;
    assert_eq!(
        (ours.out.code, &ours.out.stdout, &ours.out.stderr),
        (v2.out.code, &v2.out.stdout, &v2.out.stderr),
        "{what}"
    );
    let requests: Vec<(String, String, Vec<u8>)> = server
        .take()
        .into_iter()
        .map(|r| (r.method, r.target, r.body))
        .collect();
    let half = requests.len() / 2;
    assert_eq!(requests.len() % 2, 0, "{what}: {requests:?}");
    assert_eq!(requests[half..], requests[..half], "{what}");
    for name in files {
        let text = |r: &Run| {
            r.place
                .read(name)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        };
        assert_eq!(text(ours), text(v2), "{what}: {name}");
        assert_eq!(
            mode(&ours.place, name),
            mode(&v2.place, name),
            "{what}: mode of {name}"
        );
    }
}

const BASE: &[&str] = &["--domain", "dom", "--repository", "repo"];

fn line<'a>(tool: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--tool", tool];
    args.extend_from_slice(BASE);
    args.extend_from_slice(extra);
    args
}

const PYPIRC: &str = "home/.pypirc";

const EXISTING_PYPIRC: &str = "\
# mine
[distutils]
index-servers =
    pypi
    testpypi

[pypi]
Username: me
password = secret

[testpypi]
repository = https://test.pypi.org/legacy/
";

#[test]
fn dry_runs_print_the_same_commands_and_files() {
    let server = server();
    let cases: Vec<(Vec<&str>, Pairs, i32)> = vec![
        (line("npm", &["--dry-run"]), vec![], 0),
        (
            line("npm", &["--dry-run", "--namespace", "good"]),
            vec![],
            0,
        ),
        (
            line("npm", &["--dry-run", "--namespace", "@scope"]),
            vec![],
            0,
        ),
        (
            line("npm", &["--dry-run", "--namespace", "Bad"]),
            vec![],
            255,
        ),
        (line("pip", &["--dry-run"]), vec![], 0),
        (line("pip", &["--dry-run", "--namespace", "x"]), vec![], 255),
        (line("twine", &["--dry-run"]), vec![], 0),
        (
            line("twine", &["--dry-run"]),
            vec![(PYPIRC, EXISTING_PYPIRC)],
            0,
        ),
        (
            line("twine", &["--dry-run"]),
            vec![(PYPIRC, "[pypi]\n")],
            255,
        ),
        (line("swift", &["--dry-run"]), vec![], 0),
        (
            line("swift", &["--dry-run", "--namespace", "my-scope"]),
            vec![],
            0,
        ),
        (
            line("swift", &["--dry-run", "--namespace", "bad_x"]),
            vec![],
            255,
        ),
        (line("dotnet", &["--dry-run"]), vec![], 255),
        (
            line(
                "npm",
                &[
                    "--dry-run",
                    "--duration-seconds",
                    "900",
                    "--domain-owner",
                    "111122223333",
                    "--endpoint-type",
                    "ipv6",
                ],
            ),
            vec![],
            0,
        ),
        (
            line(
                "npm",
                &["--dry-run", "--duration-seconds", "0", "--domain-owner", ""],
            ),
            vec![],
            0,
        ),
        (line("npm", &["--duration-seconds", "abc"]), vec![], 255),
        (line("Npm", &["--dry-run"]), vec![], 252),
        (vec!["--tool", "npm", "--domain", "dom"], vec![], 252),
    ];
    for (args, files, code) in &cases {
        let runs = both(&server, args, files, &[]);
        same(
            &server,
            &runs,
            &[PYPIRC, "home/.netrc"],
            &format!("{args:?}"),
        );
        assert_eq!(runs[1].out.code, *code, "{args:?}: {}", runs[1].out.stderr);
    }
    eprintln!(
        "differential: {n}/{n} commands identical (codeartifact login --dry-run)",
        n = cases.len()
    );
}

#[test]
fn twine_writes_the_same_pypirc() {
    let server = server();
    let cases: Vec<(Pairs, Pairs)> = vec![
        (vec![], vec![]),
        (vec![(PYPIRC, EXISTING_PYPIRC)], vec![]),
        (
            vec![(PYPIRC, "[distutils]\nindex-servers = codeartifact\n")],
            vec![("TZ", "Asia/Kolkata")],
        ),
    ];
    for (files, env) in &cases {
        let runs = both(&server, &line("twine", &[]), files, env);
        same(&server, &runs, &[PYPIRC], &format!("{files:?}"));
        assert_eq!(runs[1].out.code, 0, "{}", runs[1].out.stderr);
        assert!(
            runs[1].out.stdout.contains("Login expires in 1 year"),
            "{}",
            runs[1].out.stdout
        );
    }
    eprintln!(
        "differential: {n}/{n} commands identical (codeartifact login --tool twine)",
        n = cases.len()
    );
}

#[test]
fn npm_pip_and_swift_are_configured_alike() {
    let server = server();
    let cases: Vec<(&str, &[&str], i32)> = vec![
        ("npm", &["home/.npmrc"], 0),
        ("pip", &["home/.config/pip/pip.conf"], 0),
        ("swift", &["home/.netrc"], 255),
    ];
    for (tool, files, code) in &cases {
        let runs = both(
            &server,
            &line(tool, &[]),
            &[("home/.netrc", "machine other login x password y")],
            &[],
        );
        same(&server, &runs, files, tool);
        assert_eq!(runs[1].out.code, *code, "{tool}: {}", runs[1].out.stderr);
    }
    let npmrc = std::fs::read_to_string(
        both(&server, &line("npm", &["--namespace", "sc"]), &[], &[])[1]
            .place
            .path()
            .join("home/.npmrc"),
    )
    .unwrap();
    server.take();
    assert!(
        npmrc.contains("@sc:registry=https://dom-111122223333"),
        "{npmrc}"
    );
    eprintln!(
        "differential: {n}/{n} commands identical (codeartifact login npm/pip/swift)",
        n = cases.len()
    );
}

/// A `dotnet` and a `nuget` that list `listing` and record every call in `$HOME/calls`.
fn fake_tools(listing: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for tool in ["dotnet", "nuget"] {
        let script = format!(
            "#!/bin/sh\necho \"$@\" >> \"$HOME/calls\"\ncase \"$*\" in\n  *list*) printf '%s' '{listing}' ;;\n  *fail*) echo nope >&2; exit 3 ;;\nesac\n"
        );
        let path = dir.path().join(tool);
        std::fs::write(&path, script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    dir
}

#[test]
fn nuget_and_dotnet_add_or_update_the_source_alike() {
    let server = server();
    let url =
        "https://dom-111122223333.d.codeartifact.us-east-1.amazonaws.com/nuget/repo/v3/index.json";
    let listings = [
        "Registered Sources:\n\n  1.  nuget.org [Enabled]\n      https://api.nuget.org/v3/index.json\n".to_owned(),
        format!("Registered Sources:\n  1.  mine [x] [Enabled]\n      {url}\n"),
        "  1.  dom/repo [Disabled]\n      https://elsewhere/\n".to_owned(),
    ];
    let mut compared = 0;
    for listing in &listings {
        let bin = fake_tools(listing);
        let path = format!(
            "{}:{}",
            bin.path().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        for tool in ["dotnet", "nuget"] {
            for extra in [&["--dry-run"][..], &[]] {
                let args = line(tool, extra);
                let runs = both(&server, &args, &[], &[("PATH", &path)]);
                same(
                    &server,
                    &runs,
                    &["home/calls"],
                    &format!("{args:?} {listing}"),
                );
                assert_eq!(runs[1].out.code, 0, "{args:?}: {}", runs[1].out.stderr);
                compared += 1;
            }
        }
    }
    eprintln!(
        "differential: {compared}/{compared} commands identical (codeartifact login nuget/dotnet)"
    );
}
