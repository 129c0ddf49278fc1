//! The precedence matrix: command line vs environment vs config file vs credentials file,
//! for region, output, profile selection and credentials. Every cell asserts its winner.

mod common;

use aws2_config::credentials::{CredentialChain, RemoteClients};
use aws2_config::{CommandLine, ConfigError};
use common::*;

/// Sources of one setting, highest precedence first.
#[derive(Clone, Copy)]
enum Src {
    Cli,
    Env(&'static str),
    CredsFile,
    ConfigFile,
}

fn subsets<T: Copy>(items: &[T]) -> Vec<Vec<T>> {
    (0..1u32 << items.len())
        .map(|mask| {
            items
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| *s)
                .collect()
        })
        .collect()
}

fn label(s: Src) -> String {
    match s {
        Src::Cli => "cli".into(),
        Src::Env(v) => format!("env-{v}"),
        Src::CredsFile => "creds".into(),
        Src::ConfigFile => "config".into(),
    }
}

/// Build a session where each source in `present` gives the setting the value "<source>".
fn session_for(key: &str, present: &[Src]) -> (Home, aws2_config::Session) {
    let home = Home::new();
    let mut env = home.env();
    let mut cli = CommandLine::new();
    let mut config = String::from("[default]\n");
    let mut creds = String::from("[default]\n");
    for s in present {
        match s {
            Src::Cli => cli = cli.with(key, label(*s)),
            Src::Env(v) => env.set(*v, label(*s)),
            Src::CredsFile => creds.push_str(&format!("{key} = {}\n", label(*s))),
            Src::ConfigFile => config.push_str(&format!("{key} = {}\n", label(*s))),
        }
    }
    home.write_config(&config);
    home.write_credentials(&creds);
    let session = home.session(env, cli);
    (home, session)
}

#[test]
fn region_matrix() {
    let order = [
        Src::Cli,
        Src::Env("AWS_REGION"),
        Src::Env("AWS_DEFAULT_REGION"),
        Src::CredsFile,
        Src::ConfigFile,
    ];
    let mut cells = 0;
    for present in subsets(&order) {
        let (_home, s) = session_for("region", &present);
        match present.first() {
            Some(winner) => assert_eq!(s.region().unwrap(), label(*winner)),
            None => {
                let err = s.region().unwrap_err();
                assert_eq!(err, ConfigError::NoRegion);
                assert_eq!(
                    err.to_string(),
                    "You must specify a region. You can also configure your region by running \"aws configure\"."
                );
            }
        }
        cells += 1;
    }
    report("precedence region", cells, 32);
}

#[test]
fn output_matrix() {
    let order = [
        Src::Cli,
        Src::Env("AWS_DEFAULT_OUTPUT"),
        Src::CredsFile,
        Src::ConfigFile,
    ];
    let mut cells = 0;
    for present in subsets(&order) {
        let (_home, s) = session_for("output", &present);
        let got = s.setting("output").unwrap().unwrap().value;
        let want = present
            .first()
            .map(|w| label(*w))
            .unwrap_or_else(|| "json".into());
        assert_eq!(got, want);
        cells += 1;
    }
    report("precedence output", cells, 16);
}

#[test]
fn other_settings_follow_env_over_file_over_default() {
    let table = [
        ("max_attempts", "AWS_MAX_ATTEMPTS", None),
        ("retry_mode", "AWS_RETRY_MODE", Some("standard")),
        ("ca_bundle", "AWS_CA_BUNDLE", None),
        ("cli_pager", "AWS_PAGER", Some("less")),
        (
            "sts_regional_endpoints",
            "AWS_STS_REGIONAL_ENDPOINTS",
            Some("regional"),
        ),
        ("tcp_keepalive", "BOTOCORE_TCP_KEEPALIVE", Some("false")),
    ];
    let mut cells = 0;
    for (key, var, default) in table {
        for present in subsets(&[Src::Env(var), Src::ConfigFile]) {
            let (_h, s) = session_for(key, &present);
            let got = s.value(key).unwrap();
            let want = present
                .first()
                .map(|w| label(*w))
                .or(default.map(String::from));
            assert_eq!(got, want, "{key}");
            cells += 1;
        }
    }
    // File-only settings.
    for key in [
        "cli_timestamp_format",
        "parameter_validation",
        "cli_binary_format",
    ] {
        let (_h, s) = session_for(key, &[Src::ConfigFile]);
        assert_eq!(s.value(key).unwrap().as_deref(), Some("config"));
        cells += 1;
    }
    // PAGER is used only after the config file.
    let (h, _) = session_for("cli_pager", &[]);
    let s = h.session(h.env().with("PAGER", "more"), CommandLine::new());
    assert_eq!(s.cli_pager().unwrap().as_deref(), Some("more"));
    let s = h.session(
        h.env().with("PAGER", "more"),
        CommandLine::new().with("cli_pager", ""),
    );
    assert_eq!(s.cli_pager().unwrap(), None);
    cells += 2;
    report("precedence other settings", cells, cells);
}

#[test]
fn profile_selection_matrix() {
    let mut cells = 0;
    let home = Home::new();
    home.write_config(
        "[default]\nregion = r-default\n[profile cli]\nregion = r-cli\n\
         [profile envdefault]\nregion = r-envdefault\n[profile envprofile]\nregion = r-envprofile\n",
    );
    for mask in 0..8u32 {
        let mut env = home.env();
        let mut cli = CommandLine::new();
        if mask & 1 != 0 {
            cli = cli.with_profile("cli");
        }
        if mask & 2 != 0 {
            env.set("AWS_DEFAULT_PROFILE", "envdefault");
        }
        if mask & 4 != 0 {
            env.set("AWS_PROFILE", "envprofile");
        }
        // As in the AWS CLI v2: the option, then AWS_PROFILE, then AWS_DEFAULT_PROFILE.
        let want = if mask & 1 != 0 {
            "cli"
        } else if mask & 4 != 0 {
            "envprofile"
        } else if mask & 2 != 0 {
            "envdefault"
        } else {
            "default"
        };
        let s = home.session(env, cli);
        assert_eq!(s.profile().name, want);
        assert_eq!(s.region().unwrap(), format!("r-{want}"));
        cells += 1;
    }
    report("precedence profile", cells, 8);
}

#[test]
fn credentials_matrix() {
    // (env keys, creds file keys, config file keys, --profile given) -> winner
    let mut cells = 0;
    for mask in 0..16u32 {
        let (env_keys, creds_keys, config_keys, cli_profile) =
            (mask & 1 != 0, mask & 2 != 0, mask & 4 != 0, mask & 8 != 0);
        let home = Home::new();
        let section = if cli_profile { "p" } else { "default" };
        let config_header = if cli_profile {
            "[profile p]"
        } else {
            "[default]"
        };
        let mut config = format!("{config_header}\nregion = us-east-1\n");
        if config_keys {
            config.push_str(
                "aws_access_key_id = AKIACONFIGFILE000001\naws_secret_access_key = secret-config\n",
            );
        }
        let mut creds = format!("[{section}]\n");
        if creds_keys {
            creds.push_str(
                "aws_access_key_id = AKIACREDSFILE0000001\naws_secret_access_key = secret-creds\n",
            );
        }
        home.write_config(&config);
        home.write_credentials(&creds);
        let mut env = home.env();
        if env_keys {
            env.set("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT00001");
            env.set("AWS_SECRET_ACCESS_KEY", "secret-env");
        }
        let cli = if cli_profile {
            CommandLine::new().with_profile("p")
        } else {
            CommandLine::new()
        };
        let s = home.session(env, cli);
        let got = CredentialChain::default_for(&s)
            .resolve(&s, &RemoteClients::none())
            .unwrap();
        let want = if env_keys && !cli_profile {
            Some(("AKIAENVIRONMENT00001", "env"))
        } else if creds_keys {
            Some(("AKIACREDSFILE0000001", "shared-credentials-file"))
        } else if config_keys {
            Some(("AKIACONFIGFILE000001", "config-file"))
        } else {
            None
        };
        assert_eq!(
            got.as_ref()
                .map(|g| (g.credentials.access_key_id.as_str(), g.method)),
            want,
            "cell {mask:04b}"
        );
        cells += 1;
    }
    // AWS_PROFILE (not --profile) keeps the environment credentials in front.
    let home = Home::new();
    home.write_credentials("[p]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n");
    let env = home
        .env()
        .with("AWS_PROFILE", "p")
        .with("AWS_ACCESS_KEY_ID", "AKIAENV")
        .with("AWS_SECRET_ACCESS_KEY", "e");
    let s = home.session(env, CommandLine::new());
    let got = CredentialChain::default_for(&s)
        .resolve(&s, &RemoteClients::none())
        .unwrap()
        .unwrap();
    assert_eq!(got.method, "env");
    cells += 1;
    report("precedence credentials", cells, 17);
}
